"""ruextract: Russian news text to normalized tables of names, dates, money and percentages."""

from pipeline.records import DocumentResult

__all__ = ["DocumentResult", "extract"]


def extract(text: str, doc_id: str = "doc", doc_date: "str | None" = None) -> DocumentResult:
    """Run the whole pipeline on one string and return its records (for notebooks)."""
    from pipeline.process import extract_text

    return extract_text(text, doc_id=doc_id, doc_date=doc_date)
