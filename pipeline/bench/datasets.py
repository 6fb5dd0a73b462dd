"""Readers for the public gold sets in ../shared/datasets (factRuEval-2016, NEREL).

They turn each corpus into the same plain records, so every evaluation and benchmark
reads them one way.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from pipeline.evaluation.scoring import TypedSpan

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
    """`shared/datasets` in the nearest folder above the project's checkout that has one
    (../shared/datasets for the main checkout, ../../shared/datasets for a git worktree
    under wt/); ../shared/datasets if none has."""
    root = Path(__file__).resolve().parents[2]
    for folder in root.parents:
        if (folder / "shared" / "datasets").is_dir():
            return folder / "shared" / "datasets"
    return root.parent / "shared" / "datasets"


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
        ann_path = text_path.with_suffix(".ann")
        found = nerel_spans(ann_path, text, NEREL_TYPES) if ann_path.exists() else ()
        mentions = [
            GoldMention(start, stop, NEREL_TYPES[kind], text[start:stop]) for kind, start, stop in found
        ]
        mentions.sort(key=lambda m: (m.start, -m.stop, m.type))
        yield GoldDocument(text_path.stem, text, tuple(mentions))


def nerel_spans(ann_path: Path, text: str, kinds: Container[str]) -> Iterator[tuple[str, int, int]]:
    """(NEREL type, start, stop) of the continuous spans of `kinds` in a brat file's
    `T1<TAB>TYPE START STOP<TAB>text` lines; discontinuous spans (with ';') are skipped. A span
    whose text is not the line's is an error (ValueError naming the file)."""
    for line in read_text(ann_path).splitlines():
        if not line.startswith("T"):
            continue
        _, middle, surface = line.split("\t", 2)
        kind, _, offsets = middle.partition(" ")
        if kind not in kinds or ";" in offsets:
            continue
        start, stop = (int(part) for part in offsets.split())
        if text[start:stop] != surface:
            raise ValueError(f"{ann_path}: span {start}-{stop} does not match {surface!r}")
        yield kind, start, stop


M = TypeVar("M", bound=TypedSpan)


def outermost(mentions: Iterable[M], types: Container[str]) -> tuple[M, ...]:
    """Keep the mentions of `types` not nested inside a longer one of `types` (flat view); of
    two with the same span, the one whose type sorts first."""
    kept: list[M] = []
    for mention in sorted((m for m in mentions if m.type in types), key=lambda m: (m.start, -m.stop, m.type)):
        if kept and mention.start < kept[-1].stop:
            continue
        kept.append(mention)
    return tuple(kept)


# factRuEval-2016 object types reduced to PER/LOC/ORG, and the span type each keeps
# (the reduction the natasha benchmarks use; see ../shared/datasets/README.md).
FACTRU_NAME_SPANS: dict[str, tuple[str, str]] = {
    "Org": ("ORG", "org_name"),
    "LocOrg": ("LOC", "loc_name"),
    "Location": ("LOC", "loc_name"),
}


@dataclass(frozen=True)
class FactruSpan:
    kind: str  # name, surname, org_name, loc_name, ...
    start: int
    length: int
    tokens: str  # the span's tokens as the .spans comment lists them, joined without spaces


def _read_factru_spans(path: Path) -> dict[str, FactruSpan]:
    """`ID TYPE START LENGTH TOKEN_ID NTOKENS # TOKEN_IDS... TOKEN_TEXTS...` per line."""
    spans: dict[str, FactruSpan] = {}
    for line in read_text(path).splitlines():
        fields, _, comment = line.partition("#")
        parts = fields.split()
        if len(parts) < 6:
            continue
        count = int(parts[5])
        words = comment.split()[count:]
        spans[parts[0]] = FactruSpan(parts[1], int(parts[2]), int(parts[3]), "".join(words))
    return spans


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _crlf_index(text: str) -> list[int]:
    """For each offset in a text whose line breaks count as two characters ("\\r\\n"), the
    offset in `text` where they count as one: position i of the CRLF view → index[i]."""
    index: list[int] = []
    for position, char in enumerate(text):
        index.append(position)
        if char == "\n":
            index.append(position)
    index.append(len(text))
    return index


def factru_offset_scheme(text: str, spans: dict[str, FactruSpan]) -> str:
    """Which offset convention a file's spans follow: "lf" (offsets into the text as read,
    each line break one character) or "crlf" (line breaks counted as two characters).

    Decided per file by how many spans' text, read under each convention, equals the tokens
    listed in the span's comment (white space ignored)."""
    if "\n" not in text:
        return "lf"
    index = _crlf_index(text)

    def matches(convert: bool) -> int:
        hits = 0
        for span in spans.values():
            start, stop = span.start, span.start + span.length
            if convert:
                if stop >= len(index):
                    continue
                start, stop = index[start], index[stop]
            hits += _squeeze(text[start:stop]) == span.tokens
        return hits

    return "crlf" if matches(True) > matches(False) else "lf"


def _drop_overlaps(mentions: list[GoldMention]) -> list[GoldMention]:
    """Keep the longer of two overlapping mentions (ties: the earlier one)."""
    kept: list[GoldMention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.stop - m.start), m.start)):
        if all(mention.stop <= other.start or other.stop <= mention.start for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.stop))


def load_factru(
    directory: Path, limit: int | None = None, schemes: dict[str, str] | None = None
) -> Iterator[GoldDocument]:
    """factRuEval-2016 `book_N.{txt,spans,objects}` reduced to flat PER/LOC/ORG.

    Person → one PER span from its first span's start to its last span's stop; Org → its
    `org_name` spans as ORG; LocOrg and Location → their `loc_name` spans as LOC; then
    overlaps are dropped, the longer span kept. Offsets are checked per file
    (`factru_offset_scheme`) and converted if the file counts line breaks as two
    characters; pass a dict as `schemes` to learn which convention each file used.
    """
    paths = sorted(directory.glob("book_*.txt"), key=lambda p: int(p.stem.split("_")[1]))
    if limit is not None:
        paths = paths[:limit]
    for text_path in paths:
        text = read_text(text_path)
        spans = _read_factru_spans(text_path.with_suffix(".spans"))
        scheme = factru_offset_scheme(text, spans)
        if schemes is not None:
            schemes[text_path.stem] = scheme
        index = _crlf_index(text) if scheme == "crlf" else None

        def bounds(span: FactruSpan, index: list[int] | None = index) -> tuple[int, int]:
            start, stop = span.start, span.start + span.length
            return (index[start], index[stop]) if index is not None else (start, stop)

        mentions: list[GoldMention] = []
        for line in read_text(text_path.with_suffix(".objects")).splitlines():
            fields = line.partition("#")[0].split()
            if len(fields) < 3:
                continue
            kind, members = fields[1], [spans[i] for i in fields[2:] if i in spans]
            if kind == "Person" and members:
                start = min(bounds(s)[0] for s in members)
                stop = max(bounds(s)[1] for s in members)
                mentions.append(GoldMention(start, stop, "PER", text[start:stop]))
            elif kind in FACTRU_NAME_SPANS:
                label, span_kind = FACTRU_NAME_SPANS[kind]
                for span in members:
                    if span.kind == span_kind:
                        start, stop = bounds(span)
                        mentions.append(GoldMention(start, stop, label, text[start:stop]))
        unique = list(dict.fromkeys(mentions))
        yield GoldDocument(text_path.stem, text, tuple(_drop_overlaps(unique)))


# NEREL types of the entities a role belongs to or is held in (WORKPLACE's second argument).
NEREL_PLACE_TYPES = frozenset(
    {"ORGANIZATION", "COUNTRY", "CITY", "STATE_OR_PROVINCE", "LOCATION", "DISTRICT"}
)
_WIKIDATA = re.compile(r"Wikidata:\(?(Q\d+)")


@dataclass(frozen=True)
class NerelSpan:
    start: int
    stop: int
    type: str  # NEREL's own type: PERSON, PROFESSION, ORGANIZATION, COUNTRY, …
    wikidata: str = ""  # «Q813», or "" where NEREL links none (NULL)


@dataclass(frozen=True)
class NerelLinks:
    """A NEREL document's spans, its WORKS_AS and WORKPLACE pairs, and its Wikidata links."""

    doc_id: str
    text: str
    spans: dict[str, NerelSpan]  # T id → span (continuous spans only)
    works_as: tuple[tuple[str, str], ...]  # (PERSON T id, PROFESSION T id)
    workplace: tuple[tuple[str, str], ...]  # (PERSON T id, ORGANIZATION or place T id)


def load_nerel_links(directory: Path, limit: int | None = None) -> Iterator[NerelLinks]:
    """NEREL's relations and references: `R1<TAB>WORKS_AS Arg1:T3 Arg2:T7`, `N1<TAB>Reference
    T5 Wikidata:Q813<TAB>…`. WORKS_AS keeps PERSON → PROFESSION, WORKPLACE PERSON → an
    organisation or place (`NEREL_PLACE_TYPES`); references that are no Q id (NULL) are dropped."""
    paths = sorted(directory.glob("*.txt"))[:limit]
    for text_path in paths:
        text = read_text(text_path)
        ann_path = text_path.with_suffix(".ann")
        lines = read_text(ann_path).splitlines() if ann_path.exists() else []
        spans: dict[str, NerelSpan] = {}
        references: dict[str, str] = {}
        relations: list[tuple[str, str, str]] = []
        for line in lines:
            fields = line.split("\t")
            if len(fields) < 2:
                continue
            parts = fields[1].split()
            if line.startswith("T") and ";" not in fields[1] and len(parts) == 3:
                spans[fields[0]] = NerelSpan(int(parts[1]), int(parts[2]), parts[0])
            elif line.startswith("R") and len(parts) == 3:
                relations.append((parts[0], parts[1].removeprefix("Arg1:"), parts[2].removeprefix("Arg2:")))
            elif line.startswith("N") and len(parts) >= 3 and (match := _WIKIDATA.match(parts[2])):
                references[parts[1]] = match.group(1)
        spans = {key: replace(span, wikidata=references.get(key, "")) for key, span in spans.items()}

        yield NerelLinks(
            text_path.stem, text, spans, _pairs(relations, spans, "WORKS_AS", frozenset({"PROFESSION"})),
            _pairs(relations, spans, "WORKPLACE", NEREL_PLACE_TYPES),
        )  # fmt: skip


def _pairs(
    relations: list[tuple[str, str, str]], spans: dict[str, NerelSpan], kind: str, second: frozenset[str]
) -> tuple[tuple[str, str], ...]:
    """The (PERSON, `second`-typed) argument pairs of the relations of one kind."""
    return tuple(
        (a, b)
        for relation, a, b in relations
        if relation == kind and a in spans and b in spans
        and spans[a].type == "PERSON" and spans[b].type in second
    )  # fmt: skip
