"""Span matching: strict and overlap counts, and their invariants; token counts the naeval way."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from pipeline.evaluation.scoring import Counts, align, count, strict_counts, summed, token_counts


@dataclass(frozen=True)
class S:
    start: int
    stop: int


@dataclass(frozen=True)
class T:
    start: int
    stop: int
    type: str


TYPES = ("PER", "LOC", "ORG")
TEXT = "Президент Казахстана Касым-Жомарт Токаев прибыл в Москву."


def at(word: str, type_: str) -> T:
    start = TEXT.index(word)
    return T(start, start + len(word), type_)


GOLD = [at("Казахстана", "LOC"), at("Касым-Жомарт Токаев", "PER"), at("Москву", "LOC")]
PRED = [at("Токаев", "PER"), at("Москву", "LOC"), at("Президент", "ORG")]


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


def _brute_force_overlap(pred, gold):
    """The definition of overlap matching, pair by pair: best overlap first, then position."""
    candidates = sorted(
        (-(min(p.stop, g.stop) - max(p.start, g.start)), g.start, p.start, i, j)
        for i, p in enumerate(pred)
        for j, g in enumerate(gold)
        if min(p.stop, g.stop) > max(p.start, g.start)
    )
    used_pred, used_gold, pairs = set(), set(), []
    for _, _, _, i, j in candidates:
        if i not in used_pred and j not in used_gold:
            used_pred.add(i)
            used_gold.add(j)
            pairs.append((i, j))
    return tuple(sorted(pairs))


@given(spans, spans)
def test_overlap_pairs_are_those_of_the_pairwise_definition(pred, gold):
    assert align(pred, gold, "overlap").pairs == _brute_force_overlap(pred, gold)


def test_overlap_aligns_a_long_document():
    # 20,000 mentions on each side (a pairwise search would compare 4·10⁸ pairs and take minutes).
    gold = [S(10 * k, 10 * k + 5) for k in range(20_000)]
    pred = [S(10 * k + 1, 10 * k + 6) for k in range(20_000)]
    assert align(pred, gold, "overlap").counts == Counts(tp=20_000, fp=0, fn=0)


def test_token_counts_score_each_razdel_token_by_the_type_of_its_span():
    # «Касым-Жомарт» is one razdel token: gold says PER, the prediction none.
    assert token_counts(TEXT, PRED, GOLD, TYPES) == {
        "PER": Counts(tp=1, fp=0, fn=1),
        "LOC": Counts(tp=1, fp=0, fn=1),
        "ORG": Counts(tp=0, fp=1, fn=0),
    }


def test_strict_counts_need_the_whole_name_per_type():
    assert strict_counts(PRED, GOLD, TYPES) == {
        "PER": Counts(tp=0, fp=1, fn=1),
        "LOC": Counts(tp=1, fp=0, fn=1),
        "ORG": Counts(tp=0, fp=1, fn=0),
    }


def test_summed_adds_the_counts_of_each_type_over_documents():
    one = strict_counts(PRED, GOLD, TYPES)
    assert summed([one, one], TYPES) == {t: one[t] + one[t] for t in TYPES}
    assert summed([], TYPES) == dict.fromkeys(TYPES, Counts())
