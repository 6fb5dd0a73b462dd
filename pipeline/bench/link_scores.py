"""Scores for linking and for pairs: pairwise and B³ over clusters, matched (person, x) pairs.

Used by `pipeline.bench.corpus_eval` on NEREL and on the project's gold tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Span = tuple[int, int]


def overlap(a: Span, b: Span) -> int:
    """Characters two spans share (≤ 0 when they do not overlap)."""
    return min(a[1], b[1]) - max(a[0], b[0])


def ratio(part: float, whole: float) -> float:
    return part / whole if whole else 1.0


def greedy(pairs: Iterable[tuple[tuple[object, ...], int, int]]) -> list[tuple[int, int]]:
    """One-to-one matching of (score, a, b) candidates: best score first, each side used once."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched = []
    for _, a, b in sorted(pairs, key=lambda item: item[0], reverse=True):
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
            matched.append((a, b))
    return matched


@dataclass(frozen=True)
class ClusterScores:
    mentions: int
    pair_precision: float
    pair_recall: float
    cross_precision: float  # pairs of mentions in different documents only
    cross_recall: float
    b3_precision: float
    b3_recall: float


def _pairs(counts: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in counts)


def cluster_scores(items: Sequence[tuple[str, str, str]]) -> ClusterScores:
    """Pairwise and B³ scores of predicted clusters against gold ones; `items` are one
    (doc_id, predicted cluster, gold cluster) per mention."""
    predicted = Counter(p for _, p, _ in items)
    gold = Counter(g for _, _, g in items)
    both = Counter((p, g) for _, p, g in items)
    pred_pairs, gold_pairs, right = _pairs(predicted.values()), _pairs(gold.values()), _pairs(both.values())
    cross_pred = pred_pairs - _pairs(Counter((d, p) for d, p, _ in items).values())
    cross_gold = gold_pairs - _pairs(Counter((d, g) for d, _, g in items).values())
    cross_right = right - _pairs(Counter(items).values())
    total = len(items)
    return ClusterScores(
        mentions=total,
        pair_precision=ratio(right, pred_pairs),
        pair_recall=ratio(right, gold_pairs),
        cross_precision=ratio(cross_right, cross_pred),
        cross_recall=ratio(cross_right, cross_gold),
        b3_precision=ratio(sum(n * n / predicted[p] for (p, _), n in both.items()), total),
        b3_recall=ratio(sum(n * n / gold[g] for (_, g), n in both.items()), total),
    )


@dataclass(frozen=True)
class PairScores:
    gold: int
    predicted: int
    right: int
    matched: tuple[tuple[str, int, int], ...] = ()  # (doc_id, predicted index, gold index)

    @property
    def precision(self) -> float:
        return ratio(self.right, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.right, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pair_scores(
    predicted: dict[str, list[tuple[Span, list[Span]]]], gold: dict[str, list[tuple[Span, Span]]]
) -> PairScores:
    """Per document: a predicted (person, [spans of the other side]) pair matches a gold
    (person, other) pair when the persons overlap and one of the spans overlaps the other;
    each pair on either side is matched once."""
    matched = []
    for doc_id, pairs in predicted.items():
        candidates = []
        for a, (person, others) in enumerate(pairs):
            for b, (gold_person, gold_other) in enumerate(gold.get(doc_id, [])):
                shared = overlap(person, gold_person)
                best = max((overlap(span, gold_other) for span in others), default=0)
                if shared > 0 and best > 0:
                    candidates.append(((shared + best, -a, -b), a, b))
        matched.extend((doc_id, a, b) for a, b in greedy(candidates))
    return PairScores(
        sum(map(len, gold.values())), sum(map(len, predicted.values())), len(matched), tuple(matched)
    )
