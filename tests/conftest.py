"""Shared fixtures: the models load once for the whole test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests replay the same examples every run (a red CI then always means
# a change broke something); on a developer's machine they explore new ones each run.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold"
SEED_ID = "tokayev_wang_yi_sco_ministers_2024-05"


@pytest.fixture(scope="session")
def models():
    from pipeline.models import load_models

    return load_models()


@pytest.fixture(scope="session")
def corpus_texts() -> dict[str, str]:
    """doc_id → text of every document in corpus/ (the gold set covers them all)."""
    texts = {}
    for path in sorted(CORPUS.glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as handle:
            texts[path.stem] = handle.read()
    return texts


@pytest.fixture(scope="session")
def seed_text() -> str:
    with open(CORPUS / f"{SEED_ID}.txt", encoding="utf-8", newline="") as handle:
        return handle.read()
