"""The table writer: columns, order, and atomic replacement of the previous tables."""

from __future__ import annotations

import csv
import os
import signal
from decimal import Decimal

import pandas as pd
import pytest

from pipeline.records import (
    DateMention,
    DocumentResult,
    EntityMention,
    MoneyMention,
    PercentMention,
    format_decimal,
)
from pipeline.stages.s01_read import Skipped
from pipeline.stages.s10_tables import TABLES, TableWriter, write_tables

TEXT = "Только за прошлый год товарооборот вырос на 30% и достиг 41 млрд долларов. Ван И."


def _doc(doc_id: str) -> DocumentResult:
    return DocumentResult(
        doc_id=doc_id, path=f"corpus/{doc_id}.txt", text=TEXT, doc_date=None, doc_date_source="none",
        encoding="utf-8",
        entities=(EntityMention(75, 80, "PER", "Ван И", "Ван И", 1),),
        dates=(DateMention(10, 21, "прошлый год", "2023", "relative"),),
        money=(MoneyMention(57, 73, "41 млрд долларов", Decimal("4.1E+10"), "USD"),),
        percents=(PercentMention(44, 47, "30%", Decimal("30")),),
    )  # fmt: skip


def test_every_table_is_written_with_its_header(tmp_path):
    write_tables(tmp_path, [_doc("b"), _doc("a")], [Skipped("corpus/x.pdf", "not a .txt file (.pdf)")])
    for table in TABLES:
        frame = pd.read_csv(tmp_path / f"{table.name}.csv", dtype=str, keep_default_na=False)
        assert tuple(frame.columns) == table.columns
    money = pd.read_csv(tmp_path / "money.csv", dtype=str, keep_default_na=False)
    assert money[["doc_id", "text", "amount", "currency"]].values.tolist() == [
        ["a", "41 млрд долларов", "41000000000", "USD"],
        ["b", "41 млрд долларов", "41000000000", "USD"],
    ]
    skipped = pd.read_csv(tmp_path / "skipped.csv")
    assert skipped.values.tolist() == [["corpus/x.pdf", "not a .txt file (.pdf)"]]


def test_text_column_equals_the_span_in_every_row(tmp_path):
    write_tables(tmp_path, [_doc("a")])
    for name in ("entities", "dates", "money", "percents"):
        with open(tmp_path / f"{name}.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                assert TEXT[int(row["start"]) : int(row["stop"])] == row["text"]


def test_a_failed_run_leaves_the_previous_tables_whole(tmp_path):
    write_tables(tmp_path, [_doc("a")])
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.csv")}
    with pytest.raises(RuntimeError), TableWriter(tmp_path) as writer:
        writer.write(_doc("z"))
        raise RuntimeError("killed halfway")
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.csv")} == before
    assert not list(tmp_path.glob(".*tmp*")), "temporary files are cleaned up"


def test_stale_temporaries_of_a_killed_run_are_removed(tmp_path):
    stale = tmp_path / ".entities.csv.tmp-99999"
    stale.write_text("half a table")
    write_tables(tmp_path, [_doc("a")])
    assert not stale.exists()


def test_documents_must_arrive_in_order(tmp_path):
    with TableWriter(tmp_path) as writer:
        writer.write(_doc("b"))
        with pytest.raises(ValueError, match="out of order"):
            writer.write(_doc("a"))


def test_decimals_are_written_in_full():
    assert format_decimal(Decimal("4.1E+10")) == "41000000000"
    assert format_decimal(Decimal("37.50")) == "37.5"
    assert format_decimal(Decimal("0.0")) == "0"
    assert format_decimal(None) == ""


def test_a_ctrl_c_during_the_renames_leaves_every_table_new(tmp_path, monkeypatch):
    write_tables(tmp_path, [_doc("a")])
    replace = os.replace
    calls = []

    def replace_then_ctrl_c(source, target):
        replace(source, target)
        calls.append(target)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # arrives after the first table is replaced

    monkeypatch.setattr(os, "replace", replace_then_ctrl_c)
    try:
        write_tables(tmp_path, [_doc("b")])
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C during the renames left old and new tables mixed")
    assert len(calls) == len(TABLES) + 2  # and skipped.csv, corpus_entities.csv
    for table in TABLES:
        assert pd.read_csv(tmp_path / f"{table.name}.csv", dtype=str)["doc_id"].tolist() in ([], ["b"])
    assert pd.read_csv(tmp_path / "documents.csv", dtype=str)["doc_id"].tolist() == ["b"]


def test_a_token_row_holds_the_tokens_own_values():
    from pipeline.records import Token
    from pipeline.stages.s10_tables import render

    token = Token(2, 5, 40, 46, "Пекин", "пекин", "PROPN", "Case=Nom")
    doc = DocumentResult("d", "d.txt", " " * 46, None, "none", "utf-8", tokens=(token,))
    (row,) = csv.DictReader(render(doc).chunks["tokens"].splitlines(), fieldnames=TABLES[1].columns)
    assert TABLES[1].name == "tokens"
    assert row == {"doc_id": "d", "sentence": "2", "token": "5", "start": "40", "stop": "46", "text": "Пекин",
                   "lemma": "пекин", "pos": "PROPN"}  # fmt: skip
