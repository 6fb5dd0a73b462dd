"""Readers for the two public gold sets (NEREL v1.1 train, factRuEval-2016 dev), the excluded
documents and the fixed dev split.

NEREL is read with its nesting kept (PER/LOC/ORG only); `convention.split_view` turns it into
the flat split convention the tagger learns. factRuEval is reduced to flat PER/LOC/ORG the way
the natasha benchmarks do (see ../shared/datasets/README.md).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.bench.datasets import NEREL_TYPES as DATASET_TYPES

NAME_TYPES = ("PER", "LOC", "ORG")

# The name types of the one NEREL table (pipeline.bench.datasets), not a copy of it.
NEREL_TYPES: dict[str, str] = {k: v for k, v in DATASET_TYPES.items() if v in ("PER", "LOC", "ORG")}

# NEREL types that the split convention leaves out but that Collection5 / factRuEval (and the
# shipped model) partly tag as LOC/ORG: «Белый дом», «Даунинг-стрит» (FACILITY), «Telegram»
# (PRODUCT). Training can keep the shipped model's tags inside them (`--silver`).
OTHER_TYPES = frozenset({"FACILITY", "PRODUCT"})

# The project's own gold set is drawn from these documents: never trained on, never in dev.
EXCLUDED: dict[str, frozenset[str]] = {
    "nerel": frozenset(
        {
            "109378_text",
            "12522_text",
            "16734_text",
            "576",
            "37745_text",
            "109015_text",
            "127332_text",
            "26551_text",
            "26827_text",
            "19361_text",
            "3377_text",
            "8071_text",
            "516067_text",
            "42263_text",
            "515800_text",
            "82853_text",
            "41963_text",
            "145274_text",
            "073",
            "124044_text",
            "128624_text",
            "160284_text",
            "106967_text",
            "2552_text",
            "022",
            "570",
            "298",
        }
    ),
    "factru": frozenset({"book_297", "book_98"}),
}

# Share of each corpus's documents (in percent) that goes to the fixed dev split.
DEV_PERCENT: dict[str, int] = {"nerel": 15, "factru": 25}


@dataclass(frozen=True)
class Mention:
    start: int
    stop: int
    type: str  # PER / LOC / ORG


@dataclass(frozen=True)
class Document:
    corpus: str  # "nerel" or "factru"
    doc_id: str
    text: str
    mentions: tuple[Mention, ...]  # NEREL: nested, as annotated; factRuEval: flat
    others: tuple[Mention, ...] = ()  # NEREL's spans of OTHER_TYPES (type = NEREL's type)


def _key(m: Mention) -> tuple[int, int, str]:
    return (m.start, -m.stop, m.type)


def is_dev(corpus: str, doc_id: str) -> bool:
    """The fixed dev split: md5 of "corpus/doc_id", first 8 hex digits as a number, mod 100."""
    digest = hashlib.md5(f"{corpus}/{doc_id}".encode()).hexdigest()
    return int(digest[:8], 16) % 100 < DEV_PERCENT[corpus]


def read_text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:  # keep "\r\n" as two characters
        return handle.read()


def load_nerel(directory: Path) -> list[Document]:
    """brat `T1<TAB>TYPE START STOP<TAB>text` lines; discontinuous spans (with ';') skipped."""
    docs = []
    for text_path in sorted(directory.glob("*.txt")):
        if text_path.stem in EXCLUDED["nerel"]:
            continue
        text = read_text(text_path)
        mentions, others = set(), set()
        for line in read_text(text_path.with_suffix(".ann")).splitlines():
            if not line.startswith("T"):
                continue
            _, middle, surface = line.split("\t", 2)
            kind, _, offsets = middle.partition(" ")
            if (kind not in NEREL_TYPES and kind not in OTHER_TYPES) or ";" in offsets:
                continue
            start, stop = (int(part) for part in offsets.split())
            if text[start:stop] != surface:
                raise ValueError(f"{text_path}: {start}-{stop} is not {surface!r}")
            if kind in OTHER_TYPES:
                others.add(Mention(start, stop, kind))
            else:
                mentions.add(Mention(start, stop, NEREL_TYPES[kind]))
        ordered = tuple(sorted(mentions, key=_key))
        docs.append(Document("nerel", text_path.stem, text, ordered, tuple(sorted(others, key=_key))))
    return docs


# factRuEval object type → the span kind it keeps and the label it gets.
FACTRU_NAMES = {"Org": ("org_name", "ORG"), "LocOrg": ("loc_name", "LOC"), "Location": ("loc_name", "LOC")}


@dataclass(frozen=True)
class _Span:
    kind: str  # name, surname, org_name, loc_name, ...
    start: int
    stop: int
    tokens: str  # the span's words from the comment, joined without spaces


def _read_spans(path: Path) -> dict[str, _Span]:
    """`ID TYPE START LENGTH TOKEN_ID NTOKENS # TOKEN_IDS... WORDS...` per line."""
    spans = {}
    for line in read_text(path).splitlines():
        fields, _, comment = line.partition("#")
        parts = fields.split()
        if len(parts) < 6:
            continue
        start, count = int(parts[2]), int(parts[5])
        words = "".join(comment.split()[count:])
        spans[parts[0]] = _Span(parts[1], start, start + int(parts[3]), words)
    return spans


def _crlf_index(text: str) -> list[int]:
    """Offset in a view where each line break is two characters → offset in `text`."""
    index = []
    for position, char in enumerate(text):
        index.append(position)
        if char == "\n":
            index.append(position)
    index.append(len(text))
    return index


def _fix_offsets(text: str, spans: dict[str, _Span]) -> dict[str, _Span]:
    """Convert the offsets if more spans match their words with line breaks counted twice."""
    index = _crlf_index(text)

    def matches(span: _Span) -> bool:
        return "".join(text[span.start : span.stop].split()) == span.tokens

    converted = {
        key: _Span(s.kind, index[s.start], index[s.stop], s.tokens)
        for key, s in spans.items()
        if s.stop < len(index)
    }
    plain = sum(map(matches, spans.values()))
    return converted if sum(map(matches, converted.values())) > plain else spans


def _drop_overlaps(mentions: list[Mention]) -> tuple[Mention, ...]:
    """Keep the longer of two overlapping mentions (ties: the earlier one)."""
    kept: list[Mention] = []
    for m in sorted(set(mentions), key=lambda m: (m.start - m.stop, m.start, m.type)):
        if all(m.stop <= o.start or o.stop <= m.start for o in kept):
            kept.append(m)
    return tuple(sorted(kept, key=lambda m: (m.start, m.stop)))


def load_factru(directory: Path) -> list[Document]:
    """Person → one PER over all its spans; Org → its org_name spans as ORG; LocOrg and
    Location → their loc_name spans as LOC; overlaps dropped, the longer span kept."""
    docs = []
    for text_path in sorted(directory.glob("book_*.txt"), key=lambda p: int(p.stem.split("_")[1])):
        if text_path.stem in EXCLUDED["factru"]:
            continue
        text = read_text(text_path)
        spans = _fix_offsets(text, _read_spans(text_path.with_suffix(".spans")))
        mentions = []
        for line in read_text(text_path.with_suffix(".objects")).splitlines():
            fields = line.partition("#")[0].split()
            if len(fields) < 3:
                continue
            kind, members = fields[1], [spans[i] for i in fields[2:] if i in spans]
            if kind == "Person" and members:
                start, stop = min(s.start for s in members), max(s.stop for s in members)
                mentions.append(Mention(start, stop, "PER"))
            if kind in FACTRU_NAMES:
                span_kind, label = FACTRU_NAMES[kind]
                mentions += [Mention(s.start, s.stop, label) for s in members if s.kind == span_kind]
        docs.append(Document("factru", text_path.stem, text, _drop_overlaps(mentions)))
    return docs
