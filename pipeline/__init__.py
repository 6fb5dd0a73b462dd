"""ruextract: Russian news text to normalized tables of names, dates, money and percentages."""

from __future__ import annotations

# Not `typing.TYPE_CHECKING`: the package imports nothing, so that `python -m pipeline` reaches
# __main__, which holds Ctrl-C back, within a millisecond of our first line (importing `typing`
# alone takes some); type checkers know the name.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    import pandas as pd

    from pipeline.evaluation.view import DocumentView
    from pipeline.many import RecordLike
    from pipeline.records import DocumentResult
    from pipeline.stages.s01_read import Skipped

__all__ = ["DocumentResult", "extract", "extract_many", "load_tables", "show"]


def extract(text: str, doc_id: str = "doc", doc_date: str | None = None) -> DocumentResult:
    """Run the whole pipeline on one string and return its records (for notebooks)."""
    from pipeline.process import extract_text

    return extract_text(text, doc_id=doc_id, doc_date=doc_date)


def load_tables(directory: str | Path) -> dict[str, pd.DataFrame]:
    """The tables of an `extract` run as typed pandas DataFrames, by name (for notebooks):
    doc_id and text as strings, offsets and counts as int64, amounts and percentages as exact
    `decimal.Decimal` (see `pipeline.evaluation.tables`)."""
    from pipeline.evaluation.tables import load_tables as load

    return load(directory)


def show(doc: DocumentResult | str, pred: str = "outputs", gold: str | None = "corpus/gold") -> DocumentView:
    """The document's text with its mentions marked (gold beside predicted where `gold` lists
    it); displays inline in a notebook. `doc`: the result of `extract(...)`, or a doc_id of the
    tables in `pred`. `.html` is the page, `.save(path)` writes it."""
    from pipeline.evaluation.pages import show as show_view

    return show_view(doc, pred, gold)


def extract_many(
    records: Iterable[RecordLike], jobs: int = 1, doc_timeout: float | None = None
) -> Iterator[DocumentResult | Skipped]:
    """The whole pipeline on many records — `(doc_id, text[, date])` tuples or dicts with `id`,
    `text`, `date` — yielding one DocumentResult per record, in input order, computed in `jobs`
    worker processes (a record that fails or takes longer than `doc_timeout` seconds gives a
    `Skipped` in its place). See `pipeline.many`."""
    from pipeline.many import extract_many as many

    return many(records, jobs=jobs, doc_timeout=doc_timeout)


def __getattr__(name: str) -> object:
    # DocumentResult is imported when first asked for, not with the package (see TYPE_CHECKING).
    if name == "DocumentResult":
        from pipeline.records import DocumentResult

        globals()[name] = DocumentResult
        return DocumentResult
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
