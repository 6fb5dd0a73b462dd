"""Scoring predicted tables against the gold set (`python -m pipeline evaluate`)."""
