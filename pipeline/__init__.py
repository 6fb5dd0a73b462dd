"""ruextract: Russian news text to normalized tables of names, dates, money and percentages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.records import DocumentResult

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from pipeline.evaluation.view import DocumentView

__all__ = ["DocumentResult", "extract", "load_tables", "show"]


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
