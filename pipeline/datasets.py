"""Readers for the public gold sets in ../shared/datasets (factRuEval-2016, NEREL).

They turn each corpus into the same plain records, so every evaluation and benchmark
reads them one way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# NEREL's 29 types reduced to the ones this project extracts.
NEREL_TYPES: dict[str, str] = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "COUNTRY": "LOC",
    "CITY": "LOC",
    "STATE_OR_PROVINCE": "LOC",
    "LOCATION": "LOC",
    "DISTRICT": "LOC",
    "DATE": "DATE",
    "MONEY": "MONEY",
    "PERCENT": "PERCENT",
}


@dataclass(frozen=True)
class GoldMention:
    start: int
    stop: int
    type: str
    text: str


@dataclass(frozen=True)
class GoldDocument:
    doc_id: str
    text: str
    mentions: tuple[GoldMention, ...]


def default_datasets_dir() -> Path:
    """../shared/datasets beside the project's checkout."""
    return Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


def read_text(path: Path) -> str:
    # newline="" keeps "\r\n" as two characters, as the offsets of both corpora expect.
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def load_nerel(directory: Path, limit: int | None = None) -> Iterator[GoldDocument]:
    """NEREL brat standoff: `T1<TAB>TYPE START STOP<TAB>text`, nested, a few discontinuous.

    Only the types in NEREL_TYPES are kept, mapped to PER/LOC/ORG/DATE/MONEY/PERCENT;
    discontinuous spans (with ';') are skipped. Nesting is kept as it is: callers that
    score flat output reduce it (see `outermost`).
    """
    paths = sorted(directory.glob("*.txt"))
    if limit is not None:
        paths = paths[:limit]
    for text_path in paths:
        text = read_text(text_path)
        mentions = []
        ann_path = text_path.with_suffix(".ann")
        for line in read_text(ann_path).splitlines() if ann_path.exists() else []:
            if not line.startswith("T"):
                continue
            _, middle, surface = line.split("\t", 2)
            kind, _, offsets = middle.partition(" ")
            if kind not in NEREL_TYPES or ";" in offsets:
                continue
            start, stop = (int(part) for part in offsets.split())
            if text[start:stop] != surface:
                raise ValueError(f"{ann_path}: span {start}-{stop} does not match {surface!r}")
            mentions.append(GoldMention(start, stop, NEREL_TYPES[kind], surface))
        mentions.sort(key=lambda m: (m.start, -m.stop, m.type))
        yield GoldDocument(text_path.stem, text, tuple(mentions))


def outermost(mentions: tuple[GoldMention, ...], types: frozenset[str]) -> tuple[GoldMention, ...]:
    """Keep the mentions of `types` not nested inside a longer one of `types` (flat view)."""
    kept: list[GoldMention] = []
    for mention in sorted((m for m in mentions if m.type in types), key=lambda m: (m.start, -m.stop)):
        if kept and mention.start < kept[-1].stop:
            continue
        kept.append(mention)
    return tuple(kept)
