"""Scoring predicted tables against the gold set (`python -m pipeline evaluate`), and the HTML
views of documents and the report that show it (`python -m pipeline view`, `evaluate --html`)."""
