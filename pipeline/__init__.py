"""ruextract: Russian news text to normalized tables of names, dates, money and percentages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.records import DocumentResult

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

__all__ = ["DocumentResult", "extract", "load_tables"]


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
