"""The gold set itself: offsets fit the text, spans follow the guidelines, values are well formed."""

from __future__ import annotations

import csv
import itertools
import re
from decimal import Decimal

from conftest import GOLD

from pipeline.evaluation.evaluate import evaluate
from pipeline.evaluation.mentions import check_against_texts, load_mentions

ISO_PART = r"(\d{4}|X{4})(-(\d{2}|XX)(-(\d{2}|XX))?)?"
ISO_VALUE = re.compile(rf"^{ISO_PART}(/({ISO_PART}|\.\.))?$")


def _rows(name: str) -> list[dict[str, str]]:
    with open(GOLD / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_gold_set_covers_every_corpus_document(corpus_texts):
    with open(GOLD / "documents.csv", encoding="utf-8", newline="") as handle:
        assert sorted(row["doc_id"] for row in csv.DictReader(handle)) == sorted(corpus_texts)
    assert {m.doc_id for m in load_mentions(GOLD)} == set(corpus_texts)


def test_every_gold_span_matches_the_text(corpus_texts):
    mentions = load_mentions(GOLD)
    assert len(mentions) > 170
    assert check_against_texts(mentions, corpus_texts, "gold") == []


def test_gold_spans_have_clean_boundaries():
    for m in load_mentions(GOLD):
        assert "\n" not in m.text and "\r" not in m.text
        assert m.text == m.text.strip()
        assert not m.text.startswith(("«", '"', "(")) and not m.text.endswith(("»", '"', ",", ".", ")"))


def test_names_do_not_overlap():
    names = sorted(
        (m for m in load_mentions(GOLD) if m.type in ("PER", "LOC", "ORG")), key=lambda m: (m.doc_id, m.start)
    )
    for left, right in itertools.pairwise(names):
        assert left.doc_id != right.doc_id or left.stop <= right.start, (left, right)


def test_values_are_well_formed():
    for row in _rows("entities"):
        assert row["normal"].strip() and row["type"] in ("PER", "LOC", "ORG")
    for row in _rows("dates"):
        assert ISO_VALUE.match(row["value"]), row
        assert row["kind"] in ("date", "range", "relative")
    for row in _rows("money"):
        assert Decimal(row["amount"]) > 0 and re.fullmatch(r"[A-Z]{3}", row["currency"])
        assert row["qualifier"] == row["qualifier"].lower()
    for row in _rows("percents"):
        assert Decimal(row["value"]) >= 0 and row["qualifier"] == row["qualifier"].lower()


def test_guideline_examples_are_annotated_as_the_guidelines_say():
    by_text = {(m.text, m.type): m.value for m in load_mentions(GOLD)}
    assert by_text[("К.Токаева", "PER")] == "К.Токаев"
    assert by_text[("Поднебесной", "LOC")] == "Поднебесная"
    assert by_text[("Госсовета КНР", "ORG")] == "Госсовет КНР"
    assert by_text[("20–21 мая", "DATE")] == "2024-05-20/2024-05-21"
    assert by_text[("Весной этого года", "DATE")] == "2024-03/2024-05"
    assert by_text[("7 млрд долларов", "MONEY")] == "7000000000 USD более"
    assert ("Организации", "ORG") not in by_text


def test_second_annotator_agrees(corpus_texts):
    """The independent annotation in gold/agreement/ matches the gold exactly (see gold/README.md)."""
    docs = sorted(corpus_texts)
    result = evaluate(load_mentions(GOLD / "agreement"), load_mentions(GOLD), docs, corpus_texts)
    strict_all = next(r for r in result.metrics if r.type == "ALL" and r.mode == "strict")
    assert strict_all.counts.fp == strict_all.counts.fn == 0
    assert strict_all.value_accuracy == 1.0
