"""Span matching: strict and overlap counts, and their invariants."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from pipeline.evaluation.scoring import Counts, align, count


@dataclass(frozen=True)
class S:
    start: int
    stop: int


def test_strict_needs_identical_boundaries():
    gold = [S(0, 19), S(30, 40)]
    assert count([S(0, 19), S(31, 40)], gold, "strict") == Counts(tp=1, fp=1, fn=1)


def test_overlap_matches_each_gold_mention_once():
    gold = [S(10, 20)]
    pred = [S(8, 12), S(15, 25)]
    assert count(pred, gold, "overlap") == Counts(tp=1, fp=1, fn=0)


def test_overlap_prefers_the_larger_overlap():
    # «Президента К.Токаева» vs gold «К.Токаева» and a neighbour: the best overlap wins.
    alignment = align([S(0, 20)], [S(0, 5), S(11, 20)], "overlap")
    assert alignment.pairs == ((0, 1),)


def test_precision_recall_f1():
    c = Counts(tp=3, fp=1, fn=2)
    assert (round(c.precision, 3), round(c.recall, 3), round(c.f1, 3)) == (0.75, 0.6, 0.667)
    assert Counts().f1 == 0.0


spans = st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10)).map(lambda t: S(t[0], t[0] + t[1])),
                 max_size=12)  # fmt: skip


@given(spans, spans, st.sampled_from(["strict", "overlap"]))
def test_counts_account_for_every_span(pred, gold, mode):
    c = count(pred, gold, mode)
    assert c.tp + c.fp == len(pred) and c.tp + c.fn == len(gold)


@given(spans, spans)
def test_overlap_never_scores_below_strict(pred, gold):
    assert count(pred, gold, "overlap").tp >= count(pred, gold, "strict").tp
