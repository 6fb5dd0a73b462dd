"""`extract_many`: records in, one result per record out, in input order (like spaCy's
`nlp.pipe(as_tuples=True)`), optionally over several worker processes.

Records are taken from the iterable lazily, a few groups ahead of the results handed back,
so a generator over millions of rows never sits in memory.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from functools import partial
from typing import TypeVar

from pipeline.guard import analyze_guarded
from pipeline.inputs import DEFAULT_COLUMNS, Columns, parse_date
from pipeline.models import load_models
from pipeline.process import GROUP_DOCUMENTS, with_doc_date
from pipeline.records import DocumentResult, SourceDocument
from pipeline.stages.s01_read import Skipped
from pipeline.threads import start_worker
from pipeline.workers import ordered_map

Item = TypeVar("Item")
Result = TypeVar("Result")
RecordLike = tuple[str, str] | tuple[str, str, date | str | None] | Mapping[str, object]


def source_of(record: RecordLike, columns: Columns = DEFAULT_COLUMNS) -> SourceDocument:
    """A record as a dated SourceDocument: `(doc_id, text[, date])` or a dict with the columns'
    keys (`doc_id` is taken for `id` too). The date is a `datetime.date`, ISO text or None."""
    if isinstance(record, Mapping):
        doc_id = record.get(columns.id, record.get("doc_id"))
        text, raw_date = record.get(columns.text), record.get(columns.date)
    else:
        doc_id, text, raw_date = (*record, None)[:3]
    if doc_id is None or not isinstance(text, str):
        raise ValueError(f"a record needs a doc_id and a text, not {record!r:.80}")
    known = parse_date(raw_date)
    return with_doc_date(SourceDocument(str(doc_id), "", text), known)


def _analyze(group: list[SourceDocument], timeout: float | None) -> list[DocumentResult | Skipped]:
    return analyze_guarded(group, timeout)


def _groups(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    group: list[Item] = []
    for item in items:
        group.append(item)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


def lazy_ordered_map(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    jobs: int,
    initializer: Callable[[], object],
    lost: Callable[[Item, str], Result] | None = None,
    preload: Callable[[], object] | None = None,
) -> Iterator[Result]:
    """function(item) in `jobs` processes, in the items' order, taking items only as results go
    out (pipeline.workers: stopped at once by Ctrl-C; `lost` for an item whose worker died).
    `initializer` starts each worker; `preload` (default: `initializer`) runs here first."""
    if "fork" in multiprocessing.get_all_start_methods():
        (preload or initializer)()  # loaded once here, shared copy-on-write with every worker
    yield from ordered_map(function, items, jobs, initializer, lost)


def extract_many(
    records: Iterable[RecordLike],
    jobs: int = 1,
    doc_timeout: float | None = None,
    columns: Columns = DEFAULT_COLUMNS,
) -> Iterator[DocumentResult | Skipped]:
    """The whole pipeline on every record, yielding a DocumentResult per record in input order.

    `records`: `(doc_id, text)` or `(doc_id, text, date)` tuples, or dicts with `id` (or
    `doc_id`), `text` and `date` keys (other names: `columns`). `jobs`: worker processes,
    each with the models loaded once. A document that fails, or takes longer than
    `doc_timeout` seconds, gives a `Skipped(doc_id, reason)` in its place, so results
    still line up with the records. The results are the same whatever `jobs` is.
    """
    sources = (source_of(record, columns) for record in records)
    work = partial(_analyze, timeout=doc_timeout)
    groups = _groups(sources, GROUP_DOCUMENTS)
    if jobs <= 1:
        load_models()
        for group in groups:
            yield from work(group)
        return
    # The workers as extract's (one BLAS thread each, fewer collections: pipeline.threads);
    # this process, the caller's, only loads the models they share and keeps its settings.
    for results in lazy_ordered_map(work, groups, jobs, start_worker, preload=load_models):
        yield from results
