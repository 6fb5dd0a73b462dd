"""The work on one document: one pure function from its text and metadata to records.

`analyze` is what worker processes run; it touches no file. Models come from
`load_models()`, loaded once per process.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

from pipeline.models import Models, load_models
from pipeline.records import DocumentResult, EntityMention, Sentence, SourceDocument, Token, format_path
from pipeline.stages.s01_read import DEFAULT_MAX_BYTES, Skipped, read_document
from pipeline.stages.s02_segment import Segmentation, segment
from pipeline.stages.s03_morphology import tag_documents
from pipeline.stages.s04_names import find_entities_batch
from pipeline.stages.s05_normalize import normalize_mentions
from pipeline.stages.s06_link import link_entities
from pipeline.stages.s06_link.roles import find_roles
from pipeline.stages.s07_dates import find_dates
from pipeline.stages.s07_dates.doc_date import infer_doc_date
from pipeline.stages.s08_money import find_money
from pipeline.stages.s09_percents import find_percents

# Documents go through the taggers in groups (`analyze_batch`): at most this many documents,
# or this many bytes, a group (a worker's task; the taggers' matrices grow with it).
GROUP_DOCUMENTS = 8
GROUP_BYTES = 200_000


def with_doc_date(doc: SourceDocument, known: date | None) -> SourceDocument:
    """The document with its date from metadata; without one the date is inferred from the
    text once it is tagged (`infer_doc_date`, in `analyze_batch`)."""
    if known is not None:
        return replace(doc, doc_date=known, doc_date_source="metadata")
    return replace(doc, doc_date=None, doc_date_source="none")


def dated(doc: SourceDocument, sentences: Sequence[Sentence], tokens: Sequence[Token]) -> SourceDocument:
    """The document with its publication date: metadata's, else what its text gives evidence for."""
    if doc.doc_date_source == "metadata":
        return doc
    inferred = infer_doc_date(doc.text, sentences, tokens)
    return replace(doc, doc_date=inferred.value, doc_date_source=inferred.source)


class StageClock:
    """Seconds spent in each stage, summed over calls (what `make bench` reports)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


def tag_batch(
    texts: Sequence[str], models: Models, clock: StageClock
) -> tuple[list[Segmentation], list[list[Token]]]:
    """Stages 2 and 3 on several texts: lines, sentences, tokens; then POS, features and lemma
    of every token (the rows of `tokens.csv`; `pipeline.bench.morph_eval` measures them)."""
    with clock.stage("segment"):
        segmentations = [segment(text) for text in texts]
    with clock.stage("morphology"):
        token_lists = tag_documents([s.tokens for s in segmentations], models)
    return segmentations, token_lists


def find_names(
    texts: Sequence[str],
    token_lists: Sequence[Sequence[Token]],
    models: Models,
    clock: StageClock,
    skip: frozenset[str] = frozenset(),
) -> list[list[EntityMention]]:
    """Stages 4 and 5 on several tagged documents: their names, with normal forms.

    `skip` names rules of `s04_names.RULES` to leave out (`pipeline.bench.ner_eval
    --ablation` measures each rule so, through this very function).
    """
    with clock.stage("names"):
        found = find_entities_batch(list(zip(texts, token_lists, strict=True)), models, skip=skip)
    with clock.stage("normalize"):
        return [
            normalize_mentions(text, tokens, mentions, models.morph)
            for text, tokens, mentions in zip(texts, token_lists, found, strict=True)
        ]


def analyze_batch(
    docs: Sequence[SourceDocument],
    models: Models,
    clock: StageClock | None = None,
    *,
    skip: frozenset[str] = frozenset(),
) -> list[DocumentResult]:
    """Segment, tag and extract every kind of mention from several documents.

    The result for a document does not depend on the others: they are only batched
    through the two neural taggers together, which is faster than one by one. `skip`
    leaves name rules out (see `find_names`); `extract` leaves none out.
    """
    clock = clock or StageClock()
    segmentations, token_lists = tag_batch([doc.text for doc in docs], models, clock)
    normalized = find_names([doc.text for doc in docs], token_lists, models, clock, skip)
    with clock.stage("linking"):
        linked = [link_entities(mentions) for mentions in normalized]
    with clock.stage("roles"):
        roles = [
            find_roles(doc.text, tokens, entities, models.morph)
            for doc, tokens, (entities, _) in zip(docs, token_lists, linked, strict=True)
        ]
    with clock.stage("dates"):
        docs = [
            dated(doc, segmentation.sentences, tokens)
            for doc, segmentation, tokens in zip(docs, segmentations, token_lists, strict=True)
        ]
        dates = [find_dates(d.text, d.doc_date, s.lines) for d, s in zip(docs, segmentations, strict=True)]
    with clock.stage("money"):
        money = [find_money(d.text, s.lines) for d, s in zip(docs, segmentations, strict=True)]
    with clock.stage("percents"):
        percents = [find_percents(d.text, s.lines) for d, s in zip(docs, segmentations, strict=True)]
    return [
        DocumentResult(
            doc_id=doc.doc_id,
            path=doc.path,
            text=doc.text,
            doc_date=doc.doc_date,
            doc_date_source=doc.doc_date_source,
            encoding=doc.encoding,
            sentences=segmentation.sentences,
            tokens=tuple(tokens),
            entities=tuple(entities),
            entity_index=tuple(index),
            roles=tuple(doc_roles),
            dates=tuple(doc_dates),
            money=tuple(doc_money),
            percents=tuple(doc_percents),
        )
        for doc, segmentation, tokens, (
            entities,
            index,
        ), doc_roles, doc_dates, doc_money, doc_percents in zip(
            docs, segmentations, token_lists, linked, roles, dates, money, percents, strict=True
        )
    ]


def analyze(doc: SourceDocument, models: Models) -> DocumentResult:
    """Segment, tag and extract every kind of mention from one document."""
    return analyze_batch([doc], models)[0]


def read_source(
    path: Path, doc_id: str, known_date: date | None, max_bytes: int = DEFAULT_MAX_BYTES
) -> SourceDocument | Skipped:
    """One corpus file as a dated SourceDocument (doc_id from s01_read.doc_ids), or why it was skipped."""
    read = read_document(path, max_bytes)
    if isinstance(read, Skipped):
        return read
    text, encoding = read
    return with_doc_date(SourceDocument(doc_id, format_path(str(path)), text, encoding=encoding), known_date)


def extract_text(text: str, doc_id: str = "doc", doc_date: str | None = None) -> DocumentResult:
    """The whole pipeline on a string (the notebook API behind `pipeline.extract`)."""
    known = date.fromisoformat(doc_date) if doc_date else None
    source = with_doc_date(SourceDocument(doc_id, "", text), known)
    return analyze(source, load_models())
