"""Every mention of a document as one case of the view: right, or which kind of error.

The view and the report show a prediction beside the gold mention it answers. Each case
pairs them, using the same matching as `evaluate` (`scoring.align`), one step at a time:

1. same type, same span (strict): `right` when the values agree, else `wrong_value`;
2. same type, spans overlap: `wrong_span`;
3. spans overlap, another type: `wrong_type`;
4. what is left: `spurious` (predicted only) and `missed` (gold only).

The counts of `evaluate` follow from the cases (strict TP = right + wrong_value); the
finer kinds of error are what a reader of the page needs and what `errors.csv` cannot say.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.evaluation.mentions import MENTION_COLUMNS, TYPES, load_mentions
from pipeline.evaluation.scoring import align

STATUSES = ("right", "wrong_value", "wrong_span", "wrong_type", "missed", "spurious")
ERRORS = STATUSES[1:]
STATUS_LABELS = {
    "right": "right",
    "wrong_value": "wrong value",
    "wrong_span": "wrong span",
    "wrong_type": "wrong type",
    "missed": "missed",
    "spurious": "spurious",
}
# The columns of entities.csv the view shows beside a mention (absent columns are empty).
LINK_COLUMNS = ("entity", "corpus_entity")


@dataclass(frozen=True)
class Side:
    """One mention, predicted or gold, with what the view shows of it."""

    start: int
    stop: int
    type: str
    text: str
    value: str
    depth: int = 0
    entity: str = ""
    corpus_entity: str = ""
    mention: tuple = field(default=(), compare=False)  # its row of load_mentions (MENTION_COLUMNS)


@dataclass(frozen=True)
class Case:
    """A predicted mention and the gold one it answers; either may be missing."""

    id: int
    status: str  # one of STATUSES, or "" when the document has no gold
    pred: Side | None
    gold: Side | None

    @property
    def first(self) -> Side:
        return self.pred or self.gold  # type: ignore[return-value]

    @property
    def sides(self) -> tuple[Side, ...]:
        return tuple(s for s in (self.pred, self.gold) if s is not None)

    @property
    def start(self) -> int:
        return min(s.start for s in self.sides)

    @property
    def stop(self) -> int:
        return max(s.stop for s in self.sides)


def _order(side: Side) -> tuple[int, int, int, str]:
    return (side.start, -side.stop, side.depth, side.type)


def classify(pred: Iterable[Side], gold: Iterable[Side] | None) -> list[Case]:
    """The cases of one document, in reading order (outer before nested), numbered from 0."""
    pred = sorted(pred, key=_order)
    if gold is None:
        return [Case(i, "", p, None) for i, p in enumerate(pred)]
    gold = sorted(gold, key=_order)
    found: list[tuple[str, Side | None, Side | None]] = []
    rest_pred: list[Side] = []
    rest_gold: list[Side] = []
    for kind in TYPES:
        p = [m for m in pred if m.type == kind]
        g = [m for m in gold if m.type == kind]
        strict = align(p, g, "strict")
        found += [
            ("right" if p[i].value == g[j].value else "wrong_value", p[i], g[j]) for i, j in strict.pairs
        ]
        p = [p[i] for i in strict.unmatched_pred]
        g = [g[j] for j in strict.unmatched_gold]
        overlap = align(p, g, "overlap")
        found += [("wrong_span", p[i], g[j]) for i, j in overlap.pairs]
        rest_pred += [p[i] for i in overlap.unmatched_pred]
        rest_gold += [g[j] for j in overlap.unmatched_gold]
    rest_pred.sort(key=_order)
    rest_gold.sort(key=_order)
    crossed = align(rest_pred, rest_gold, "overlap")  # spans only: the types differ by now
    found += [("wrong_type", rest_pred[i], rest_gold[j]) for i, j in crossed.pairs]
    found += [("spurious", rest_pred[i], None) for i in crossed.unmatched_pred]
    found += [("missed", None, rest_gold[j]) for j in crossed.unmatched_gold]
    found.sort(key=lambda f: min(_order(s) for s in f[1:] if s is not None))
    return [Case(i, status, p, g) for i, (status, p, g) in enumerate(found)]


def _links(directory: Path) -> dict[tuple[str, int, int, str], tuple[str, str]]:
    """(doc_id, start, stop, type) → (entity, corpus_entity) from entities.csv (columns that
    `load_mentions` leaves out)."""
    path = directory / "entities.csv"
    links: dict[tuple[str, int, int, str], tuple[str, str]] = {}
    if not path.exists():
        return links
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not any(c in (reader.fieldnames or ()) for c in LINK_COLUMNS):
            return links
        for row in reader:
            try:
                key = (row["doc_id"], int(row["start"]), int(row["stop"]), row["type"])
            except (KeyError, TypeError, ValueError):
                continue  # load_mentions reports malformed rows; here they only lose their links
            links[key] = (row.get("entity") or "", row.get("corpus_entity") or "")
    return links


def load_sides(directory: Path, doc_ids: Iterable[str] | None = None) -> dict[str, list[Side]]:
    """doc_id → its mentions in `directory`'s tables (only `doc_ids`, if given)."""
    frame = load_mentions(directory)
    if doc_ids is not None:
        frame = frame[frame["doc_id"].isin(list(doc_ids))]
    links = _links(directory)
    sides: dict[str, list[Side]] = defaultdict(list)
    # plain lists, not itertuples: a long document has tens of thousands of rows
    for row in zip(*(frame[c].tolist() for c in MENTION_COLUMNS), strict=True):
        doc_id, start, stop, kind, text, value, depth, _ = row
        entity, corpus_entity = links.get((doc_id, start, stop, kind), ("", ""))
        sides[doc_id].append(Side(start, stop, kind, text, value, depth, entity, corpus_entity, row))
    return dict(sides)


def entity_names(directory: Path, doc_ids: Iterable[str] | None = None) -> dict[tuple[str, str], str]:
    """(doc_id, entity) → the entity's fullest name, from entity_index.csv where there is one."""
    path = directory / "entity_index.csv"
    wanted = None if doc_ids is None else set(doc_ids)
    names: dict[tuple[str, str], str] = {}
    if path.exists():
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if wanted is None or row.get("doc_id") in wanted:
                    names[(row.get("doc_id", ""), row.get("entity", ""))] = row.get("name", "")
    return names


def confusion(cases: Iterable[Case]) -> dict[tuple[str, str], int]:
    """(gold type, predicted type) → number of cases; "" on a side stands for no mention."""
    table: dict[tuple[str, str], int] = defaultdict(int)
    for case in cases:
        table[(case.gold.type if case.gold else "", case.pred.type if case.pred else "")] += 1
    return dict(table)
