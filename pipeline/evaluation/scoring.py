"""Span matching and precision/recall/F1, shared by `evaluate`, the benchmarks and the NER training.

Two modes: `strict` (same start, stop and type) and `overlap` (same type, spans
overlap; each gold mention is matched at most once, each prediction at most once).
Token counts, the naeval way (`token_counts`): the text is cut into razdel tokens; each token
gets the type of the span it overlaps, or none (IO labels, no B/I distinction); for type T a
token is a true positive if gold and prediction both say T, a false positive if only the
prediction does, a false negative if only gold does.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from razdel import tokenize


class Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def stop(self) -> int: ...


class TypedSpan(Span, Protocol):
    @property
    def type(self) -> str: ...


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Alignment:
    """Which prediction matched which gold mention (indices into the given sequences)."""

    pairs: tuple[tuple[int, int], ...]
    unmatched_pred: tuple[int, ...]
    unmatched_gold: tuple[int, ...]

    @property
    def counts(self) -> Counts:
        return Counts(len(self.pairs), len(self.unmatched_pred), len(self.unmatched_gold))


def _overlapping_pairs(
    pred: Sequence[Span], gold: Sequence[Span]
) -> Iterator[tuple[int, int, int, int, int]]:
    """(-overlap, gold start, pred start, i, j) for every pair of spans that overlap.

    Gold spans sorted by start are searched between bisections, so a long document costs
    its number of overlapping pairs, not len(pred) × len(gold).
    """
    order = sorted(range(len(gold)), key=lambda j: gold[j].start)
    starts = [gold[j].start for j in order]
    longest = max((g.stop - g.start for g in gold), default=0)
    for i, p in enumerate(pred):
        for k in range(bisect_left(starts, p.start - longest + 1), bisect_left(starts, p.stop)):
            g = gold[order[k]]
            overlap = min(p.stop, g.stop) - max(p.start, g.start)
            if overlap > 0:
                yield (-overlap, g.start, p.start, i, order[k])


def align(pred: Sequence[Span], gold: Sequence[Span], mode: str) -> Alignment:
    """Match the spans of ONE type in ONE document.

    Strict: identical (start, stop). Overlap: greedy, best overlap first, ties broken by
    position, so the result does not depend on the input order.
    """
    if mode not in ("strict", "overlap"):
        raise ValueError(f"unknown mode {mode!r}: use 'strict' or 'overlap'")
    pairs: list[tuple[int, int]] = []
    if mode == "strict":
        gold_at: dict[tuple[int, int], list[int]] = {}
        for j, g in enumerate(gold):
            gold_at.setdefault((g.start, g.stop), []).append(j)
        for i, p in enumerate(pred):
            bucket = gold_at.get((p.start, p.stop))
            if bucket:
                pairs.append((i, bucket.pop(0)))
    else:
        candidates = sorted(_overlapping_pairs(pred, gold))
        used_pred: set[int] = set()
        used_gold: set[int] = set()
        for _, _, _, i, j in candidates:
            if i not in used_pred and j not in used_gold:
                used_pred.add(i)
                used_gold.add(j)
                pairs.append((i, j))
    matched_pred = {i for i, _ in pairs}
    matched_gold = {j for _, j in pairs}
    return Alignment(
        pairs=tuple(sorted(pairs)),
        unmatched_pred=tuple(i for i in range(len(pred)) if i not in matched_pred),
        unmatched_gold=tuple(j for j in range(len(gold)) if j not in matched_gold),
    )


def count(pred: Iterable[Span], gold: Iterable[Span], mode: str) -> Counts:
    """Counts for the spans of one type in one document."""
    return align(list(pred), list(gold), mode).counts


def strict_counts(
    pred: Iterable[TypedSpan], gold: Iterable[TypedSpan], types: Sequence[str]
) -> dict[str, Counts]:
    """Strict counts per type for one document."""
    pred, gold = list(pred), list(gold)
    return {
        t: count([s for s in pred if s.type == t], [m for m in gold if m.type == t], "strict") for t in types
    }


def token_labels(tokens: Sequence[tuple[int, int]], spans: Iterable[TypedSpan]) -> list[str]:
    """Each token's type: that of the last span (in the given order) it overlaps, or ""."""
    labels = [""] * len(tokens)
    for span in spans:
        for index, (start, stop) in enumerate(tokens):
            if start < span.stop and span.start < stop:
                labels[index] = span.type
    return labels


def token_counts(
    text: str, pred: Iterable[TypedSpan], gold: Iterable[TypedSpan], types: Sequence[str]
) -> dict[str, Counts]:
    """Token counts per type for one document, the naeval way (see the module's docstring)."""
    tokens = [(t.start, t.stop) for t in tokenize(text)]
    pairs = list(zip(token_labels(tokens, gold), token_labels(tokens, pred), strict=True))
    return {
        t: Counts(
            sum(g == t and p == t for g, p in pairs),
            sum(g != t and p == t for g, p in pairs),
            sum(g == t and p != t for g, p in pairs),
        )
        for t in types
    }


def summed(per_document: Iterable[Mapping[str, Counts]], types: Sequence[str]) -> dict[str, Counts]:
    """The counts of each type added up over documents."""
    totals = dict.fromkeys(types, Counts())
    for counts in per_document:
        totals = {t: totals[t] + counts[t] for t in types}
    return totals
