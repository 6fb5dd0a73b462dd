"""The plain-natasha baseline writes tables that `evaluate` reads, with natasha's own values."""

from __future__ import annotations

import csv

from pipeline.bench.baseline import _iso, natasha_tables


def test_plain_natasha_output_becomes_tables(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "Сергей Лавров прилетел в Пекин 21 мая и обсудил кредит в 41 млрд долларов."
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    assert natasha_tables(corpus, tmp_path / "out") == 1
    with open(tmp_path / "out" / "entities.csv", encoding="utf-8", newline="") as handle:
        entities = {(r["type"], r["text"], r["normal"]) for r in csv.DictReader(handle)}
    assert {("PER", "Сергей Лавров", "Сергей Лавров"), ("LOC", "Пекин", "Пекин")} <= entities
    with open(tmp_path / "out" / "dates.csv", encoding="utf-8", newline="") as handle:
        assert [(r["text"], r["value"]) for r in csv.DictReader(handle)] == [("21 мая", "XXXX-05-21")]


def test_dates_keep_what_natasha_knows():
    assert _iso(2024, 5, None) == "2024-05"
    assert _iso(None, None, 3) == "XXXX-XX-03"
