"""Evaluation: strict and overlap scores per type, flat and nested views, groups of documents,
value accuracy, publication dates, errors, typed tables, and bad gold files."""

from __future__ import annotations

import csv
from decimal import Decimal

import pandas as pd
import pytest

import pipeline
from pipeline.cli import main
from pipeline.evaluation.evaluate import evaluate_dirs
from pipeline.evaluation.mentions import TableError, load_mentions
from pipeline.evaluation.report import format_report

TEXT = "Ван И заверил Президента К.Токаева во всесторонней поддержке МИД России. Рост 30% за 2023 год."
ENTITY_HEADER = ["doc_id", "start", "stop", "type", "text", "normal"]
DATE_HEADER = ["doc_id", "start", "stop", "text", "value", "kind"]
PERCENT_HEADER = ["doc_id", "start", "stop", "text", "value", "value_max", "qualifier"]


def _write(directory, name, header, rows):
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _span(text, doc_text=TEXT):
    start = doc_text.index(text)
    return start, start + len(text)


def _entity(text, kind, normal, *depth, doc="d"):
    return [doc, *_span(text), kind, text, normal, *depth]


@pytest.fixture
def dirs(tmp_path):
    """Gold with a nested name and two groups (d: seed, e: new); predictions without a depth column."""
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    _write(gold, "entities", [*ENTITY_HEADER, "depth"], [
        _entity("Ван И", "PER", "Ван И", 0), _entity("К.Токаева", "PER", "К.Токаев", 0),
        _entity("МИД России", "ORG", "МИД России", 0), _entity("России", "LOC", "Россия", 1),
        _entity("Ван И", "PER", "Ван И", 0, doc="e"),
    ])  # fmt: skip
    _write(pred, "entities", ENTITY_HEADER, [
        _entity("Ван И", "PER", "Ван И"), _entity("Президента К.Токаева", "PER", "Президент К.Токаев"),
        _entity("МИД России", "ORG", "МИД России"), _entity("России", "LOC", "Россия"),
    ])  # fmt: skip
    _write(gold, "dates", DATE_HEADER, [["d", *_span("2023 год"), "2023 год", "2023", "date"]])
    _write(pred, "dates", DATE_HEADER, [["d", *_span("2023 год"), "2023 год", "2024", "date"]])
    _write(gold, "percents", PERCENT_HEADER, [["d", *_span("30%"), "30%", "30", "", ""]])
    _write(pred, "percents", PERCENT_HEADER, [["d", *_span("30%"), "30%", "30.0", "", ""]])
    _write(gold, "documents", ["doc_id", "group"], [["d", "seed"], ["e", "new"]])
    _write(pred, "documents", ["doc_id", "path", "doc_date", "doc_date_source"],
           [["d", str(tmp_path / "d.txt"), "2024-05-22", "text"],
            ["e", str(tmp_path / "e.txt"), "", "none"]])  # fmt: skip
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "e.txt").write_text(TEXT, encoding="utf-8")
    return pred, gold


def _counts(evaluation, kind, mode="strict", view="flat", group="all"):
    row = evaluation.metric(kind, mode, view, group)
    return row["tp"], row["fp"], row["fn"]


def test_strict_and_overlap_scores_per_type(dirs):
    evaluation = evaluate_dirs(*dirs)
    assert _counts(evaluation, "PER") == (1, 1, 2)  # «Ван И» of document e is missed
    assert _counts(evaluation, "PER", "overlap") == (2, 0, 1)
    assert evaluation.metric("PER")["value_accuracy"] == 1.0
    assert evaluation.metric("DATE")["value_accuracy"] == 0.0  # 2024 ≠ 2023
    assert evaluation.metric("PERCENT")["value_accuracy"] == 1.0  # 30.0 == 30
    assert pd.isna(evaluation.metric("MONEY")["f1"])  # nothing to find, nothing found
    assert pd.isna(evaluation.metric("PER", "overlap")["value_accuracy"])


def test_the_flat_view_scores_outermost_names_and_the_nested_view_all(dirs):
    evaluation = evaluate_dirs(*dirs)
    # A prediction table without `depth` is all depth 0: its «России» is one name too many
    # in the flat view, and the nested name in the nested view.
    assert _counts(evaluation, "LOC", view="flat") == (0, 1, 0)
    assert _counts(evaluation, "LOC", view="nested") == (1, 0, 0)
    assert _counts(evaluation, "ORG", view="flat") == _counts(evaluation, "ORG", view="nested") == (1, 0, 0)
    nested, flat = evaluation.metric("ALL", view="nested"), evaluation.metric("ALL", view="flat")
    assert nested["gold"] == flat["gold"] + 1


def test_groups_of_documents_are_scored_apart_and_together(dirs):
    evaluation = evaluate_dirs(*dirs)
    assert _counts(evaluation, "PER", group="seed") == (1, 1, 1)
    assert _counts(evaluation, "PER", group="new") == (0, 0, 1)
    assert evaluation.metric("PER", group="new")["recall"] == 0.0
    assert evaluation.metrics["group"].drop_duplicates().tolist() == ["seed", "new", "all"]


def test_reports_are_written_with_every_error_in_context(dirs):
    pred, gold = dirs
    evaluation = evaluate_dirs(pred, gold)
    errors = pd.read_csv(pred / "eval" / "errors.csv", dtype=str, keep_default_na=False)
    flat = errors[errors["view"] == "flat"]
    assert sorted(zip(flat["type"], flat["error"], flat["text"], strict=True)) == [
        ("DATE", "wrong_value", "2023 год"), ("LOC", "false_positive", "России"),
        ("PER", "false_negative", "Ван И"), ("PER", "false_negative", "К.Токаева"),
        ("PER", "false_positive", "Президента К.Токаева"),
    ]  # fmt: skip
    fp = flat[flat["text"] == "Президента К.Токаева"].iloc[0]
    assert fp["gold"] == "PER 'К.Токаева'" and "[Президента К.Токаева]" in fp["context"]
    assert fp["group"] == "seed" and fp["depth"] == "0"
    assert len(errors[errors["view"] == "nested"]) == len(flat) - 1  # the nested «России» is right
    metrics = pd.read_csv(pred / "eval" / "metrics.csv", dtype={"group": str})
    assert len(metrics) == len(evaluation.metrics) == 3 * 2 * 2 * 7


def test_the_printout_has_a_readable_table_per_view(dirs):
    text = format_report(evaluate_dirs(*dirs))
    assert "2 gold documents (seed 1, new 1)" in text
    assert "| type    | seed (1 docs)" in text and "| new (1 docs)" in text and "| all (2 docs)" in text
    assert "| PER     | 0.500 1.000 1.000 (2)" in text  # strict F1, overlap F1, value accuracy, gold
    assert "Nested view" in text and "| LOC  | 1.000 1.000 1.000 (1)" in text
    assert "Publication dates" not in text


def test_evaluate_command_prints_the_report(dirs, capsys):
    pred, gold = dirs
    assert main(["evaluate", "--pred", str(pred), "--gold", str(gold)]) == 0
    out = capsys.readouterr().out
    assert "Flat view (depth-0 rows)" in out and "errors (both views)" in out


def test_publication_dates_are_right_empty_or_wrong(dirs, tmp_path, capsys):
    pred, gold = dirs
    truth = tmp_path / "dates.csv"
    _write(tmp_path, "dates", ["doc_id", "date"], [["d", "2024-05-21"], ["e", "2024-01-01"]])
    evaluation = evaluate_dirs(pred, gold, pubdates=truth)
    outcomes = evaluation.pubdates.set_index("doc_id")["outcome"].to_dict()
    assert outcomes == {"d": "wrong", "e": "empty"}
    _write(tmp_path, "dates", ["doc_id", "date"], [["d", "2024-05-22"]])  # e has no date: empty is right
    assert main(["evaluate", "--pred", str(pred), "--gold", str(gold), "--pubdates", str(truth)]) == 0
    out = capsys.readouterr().out
    assert "Publication dates" in out and "| all   | 2         | 2     | 0     | 0     |" in out
    written = pd.read_csv(pred / "eval" / "pubdates.csv", dtype=str, keep_default_na=False)
    assert written[["doc_id", "gold", "predicted", "outcome"]].values.tolist() == [
        ["d", "2024-05-22", "2024-05-22", "right"], ["e", "", "", "right"]]  # fmt: skip


def test_load_tables_keeps_ids_as_text_and_amounts_exact(tmp_path):
    _write(tmp_path, "documents", ["doc_id", "path", "chars", "doc_date"], [["007", "c/007.txt", "12", ""]])
    header = ["doc_id", "start", "stop", "text", "amount", "amount_max", "currency", "qualifier"]
    _write(tmp_path, "money", header,
           [["576", "0", "5", "x", "41000000000.05", "", "USD", ""],
            ["576", "6", "9", "y", "3000", "5000", "RUB", "до"]])  # fmt: skip
    tables = pipeline.load_tables(tmp_path)
    assert set(tables) == {"documents", "money"}
    documents, money = tables["documents"], tables["money"]
    assert documents["doc_id"].tolist() == ["007"] and documents["doc_date"].tolist() == [""]
    assert str(documents["chars"].dtype) == "int64" and str(money["start"].dtype) == "int64"
    assert money["doc_id"].tolist() == ["576", "576"] and str(money["doc_id"].dtype) == "string"
    assert money["amount"].tolist() == [Decimal("41000000000.05"), Decimal("3000")]
    assert money["amount_max"].tolist() == [None, Decimal("5000")]
    assert money["amount"].sum() == Decimal("41000003000.05")
    assert money["qualifier"].tolist() == ["", "до"]


def test_load_tables_names_file_and_line_of_a_bad_number(tmp_path):
    rows = [["d", "0", "3", "30%", "30", "", ""], ["d", "4", "7", "x", "abc", "", ""]]
    _write(tmp_path, "percents", PERCENT_HEADER, rows)
    with pytest.raises(TableError, match=r"percents\.csv:3: value 'abc' is not a number"):
        pipeline.load_tables(tmp_path)
    with pytest.raises(FileNotFoundError):
        pipeline.load_tables(tmp_path / "missing")


def test_a_malformed_gold_row_names_file_and_line(tmp_path, capsys):
    _write(tmp_path, "entities", ENTITY_HEADER,
           [["d", "0", "5", "PER", "Ван И", "Ван И"], ["d", "x", "5", "PER", "Ван И", "Ван И"]])  # fmt: skip
    with pytest.raises(TableError, match=r"entities\.csv:3: start 'x' is not a whole number"):
        load_mentions(tmp_path)
    assert main(["evaluate", "--pred", str(tmp_path), "--gold", str(tmp_path)]) == 2
    assert "entities.csv:3" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("header", "row", "message"),
    [
        (DATE_HEADER[:4], ["d", "0", "4", "2023"], r"dates\.csv:1: missing column\(s\) value"),
        (DATE_HEADER, ["d", "5", "4", "2023", "2023", "date"], r"dates\.csv:2: bad span 5-4"),
        ([*DATE_HEADER, "depth"], ["d", "0", "4", "2023", "2023", "date", "1"], r"dates\.csv:2: only names"),
    ],
)
def test_a_bad_gold_table_is_refused_with_file_and_line(tmp_path, header, row, message):
    _write(tmp_path, "dates", header, [row])
    with pytest.raises(TableError, match=message):
        load_mentions(tmp_path)


def test_gold_offsets_beyond_the_text_name_file_and_line(dirs):
    pred, gold = dirs
    _write(gold, "percents", PERCENT_HEADER, [["d", 500, 503, "30%", "30", "", ""]])
    with pytest.raises(TableError, match=r"percents\.csv:2: d 500-503: beyond the end"):
        evaluate_dirs(pred, gold)


def test_gold_text_that_differs_from_the_document_is_refused(dirs):
    pred, gold = dirs
    _write(gold, "dates", DATE_HEADER, [["d", *_span("2023 год"), "2024 год", "2024", "date"]])
    with pytest.raises(TableError, match=r"dates\.csv:2: .*'2023 год' != '2024 год'"):
        evaluate_dirs(pred, gold)
