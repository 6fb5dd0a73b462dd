"""The NEREL readers of the benchmarks and of the NER training: one brat parser, two views."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.bench.datasets import load_nerel, nerel_spans, outermost
from pipeline.bench.splits import EXCLUDED
from pipeline.train import corpora

TEXT = "Правоохранительные органы Киргизии нашли в Бишкеке винтовки МОСВЕГА 5 августа."


def ann_line(number: int, kind: str, surface: str) -> str:
    start = TEXT.index(surface)
    return f"T{number}\t{kind} {start} {start + len(surface)}\t{surface}"


ANN = [
    ann_line(1, "ORGANIZATION", "Правоохранительные органы Киргизии"),
    ann_line(2, "COUNTRY", "Киргизии"),
    ann_line(3, "CITY", "Бишкеке"),
    ann_line(4, "PRODUCT", "МОСВЕГА"),
    ann_line(5, "DATE", "5 августа"),
    "T6\tORGANIZATION 0 18;26 34\tПравоохранительные Киргизии",  # discontinuous: skipped
    "R1\tLOCATED_IN Arg1:T3 Arg2:T2",
]


def nerel_folder(folder: Path, docs: dict[str, list[str]]) -> Path:
    for stem, lines in docs.items():
        (folder / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
        (folder / f"{stem}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def spans(mentions) -> list[tuple[str, str]]:
    return [(TEXT[m.start : m.stop], m.type) for m in mentions]


def test_nerel_spans_keep_the_continuous_spans_of_the_asked_types(tmp_path):
    ann = nerel_folder(tmp_path, {"003": ANN}) / "003.ann"
    found = [(kind, TEXT[a:b]) for kind, a, b in nerel_spans(ann, TEXT, {"ORGANIZATION", "PRODUCT"})]
    assert found == [("ORGANIZATION", "Правоохранительные органы Киргизии"), ("PRODUCT", "МОСВЕГА")]


def test_a_span_that_is_not_its_text_is_an_error_naming_the_file(tmp_path):
    ann = nerel_folder(tmp_path, {"003": ["T1\tCITY 0 7\tБишкеке"]}) / "003.ann"
    with pytest.raises(ValueError, match=r"003\.ann: span 0-7 does not match 'Бишкеке'"):
        list(nerel_spans(ann, TEXT, {"CITY"}))


def test_the_benchmarks_read_nested_names_and_numbers_and_flatten_them_with_outermost(tmp_path):
    [doc] = load_nerel(nerel_folder(tmp_path, {"003": ANN}))
    assert spans(doc.mentions) == [
        ("Правоохранительные органы Киргизии", "ORG"),
        ("Киргизии", "LOC"),
        ("Бишкеке", "LOC"),
        ("5 августа", "DATE"),
    ]
    assert spans(outermost(doc.mentions, {"PER", "LOC", "ORG"})) == [
        ("Правоохранительные органы Киргизии", "ORG"),
        ("Бишкеке", "LOC"),
    ]


def test_the_training_reads_names_and_products_and_leaves_out_the_gold_documents(tmp_path):
    assert "576" in EXCLUDED["nerel"]
    [doc] = corpora.load_nerel(nerel_folder(tmp_path, {"003": ANN, "576": ANN}))
    assert (doc.corpus, doc.doc_id) == ("nerel", "003")
    assert spans(doc.mentions) == [
        ("Правоохранительные органы Киргизии", "ORG"),
        ("Киргизии", "LOC"),
        ("Бишкеке", "LOC"),
    ]
    assert spans(doc.others) == [("МОСВЕГА", "PRODUCT")]


def test_the_training_leaves_out_exactly_the_public_texts_of_the_gold_set():
    listing = Path(__file__).parent.parent / "corpus" / "gold" / "documents.csv"
    with open(listing, encoding="utf-8", newline="") as handle:
        sources = {row["source"] for row in csv.DictReader(handle) if row["source"].startswith("datasets/")}
    folders = {"nerel": "nerel-train", "factru": "factru-dev"}
    excluded = {
        f"datasets/{folders[corpus]}/{stem}.txt" for corpus, stems in EXCLUDED.items() for stem in stems
    }
    assert excluded == sources
