"""Readers for the two public gold sets (NEREL v1.1 train, factRuEval-2016 dev) as the training
sees them, the project's gold documents (`pipeline.bench.splits.EXCLUDED`) left out.

NEREL is read with its nesting kept (PER/LOC/ORG only); `convention.split_view` turns it into
the flat split convention the tagger learns. factRuEval is reduced to flat PER/LOC/ORG the way
the natasha benchmarks do (see ../shared/datasets/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.bench import datasets
from pipeline.bench.datasets import nerel_spans, read_text
from pipeline.bench.splits import EXCLUDED
from pipeline.records import NAME_TYPES

# The name types of the one NEREL table (pipeline.bench.datasets), not a copy of it.
NEREL_TYPES: dict[str, str] = {k: v for k, v in datasets.NEREL_TYPES.items() if v in NAME_TYPES}

# NEREL types that the split convention leaves out but that Collection5 / factRuEval (and the
# shipped model) partly tag as LOC/ORG: «Белый дом», «Даунинг-стрит» (FACILITY), «Telegram»
# (PRODUCT). Training can keep the shipped model's tags inside them (`--silver`).
OTHER_TYPES = frozenset({"FACILITY", "PRODUCT"})
_READ_TYPES = NEREL_TYPES.keys() | OTHER_TYPES


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


def load_nerel(directory: Path) -> list[Document]:
    """NEREL's PER/LOC/ORG spans (nested, as annotated) and its spans of OTHER_TYPES, read by
    `pipeline.bench.datasets.nerel_spans`; the project's gold documents left out."""
    docs = []
    for text_path in sorted(directory.glob("*.txt")):
        if text_path.stem in EXCLUDED["nerel"]:
            continue
        text = read_text(text_path)
        mentions, others = set(), set()
        for kind, start, stop in nerel_spans(text_path.with_suffix(".ann"), text, _READ_TYPES):
            if kind in OTHER_TYPES:
                others.add(Mention(start, stop, kind))
            else:
                mentions.add(Mention(start, stop, NEREL_TYPES[kind]))
        ordered = tuple(sorted(mentions, key=_key))
        docs.append(Document("nerel", text_path.stem, text, ordered, tuple(sorted(others, key=_key))))
    return docs


def load_factru(directory: Path) -> list[Document]:
    """factRuEval reduced to flat PER/LOC/ORG by `pipeline.bench.datasets.load_factru` (Person →
    one PER over all its spans; Org → its org_name spans as ORG; LocOrg and Location → their
    loc_name spans as LOC; overlaps dropped, the longer span kept); the project's gold documents
    left out."""
    return [
        Document("factru", d.doc_id, d.text, tuple(Mention(m.start, m.stop, m.type) for m in d.mentions))
        for d in datasets.load_factru(directory)
        if d.doc_id not in EXCLUDED["factru"]
    ]
