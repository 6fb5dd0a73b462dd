"""Shared fixtures: the models load once for the whole test session."""

from __future__ import annotations

import os
import signal
import sys
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


def declared_script() -> str:
    """The `ruextract` console script's target in pyproject.toml (`module:function`)."""
    tomllib = pytest.importorskip("tomllib")
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["scripts"]["ruextract"]


def console_script() -> list[str]:
    """The command line of the `ruextract` console script: what the wrapper pip writes does."""
    module, function = declared_script().split(":")
    wrapper = f"import sys; sys.argv[0] = 'ruextract'; from {module} import {function}; "
    wrapper += f"sys.exit({function}())"
    return [sys.executable, "-c", wrapper]


@pytest.fixture(autouse=True)
def signal_handlers():
    """A test that runs the command line in this process leaves its Ctrl-C handling behind
    (pipeline.interrupts: ignored once a run has finished); the next test, and the programs it
    starts (they inherit an ignored signal), get the handlers as they were."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in handlers.items():
        signal.signal(number, handler)


def rules_on_marked(text: str, marked: list[tuple[str, str]], models) -> set[tuple[str, str]]:
    """(type, surface) of what the name rules make of spans given by hand as (type, surface) —
    the rules alone, so the model's output does not matter."""
    from pipeline.stages.s02_segment import segment
    from pipeline.stages.s03_morphology import tag_tokens
    from pipeline.stages.s04_names import Context, Span, post_process, words_from_tokens

    ctx = Context(text, words_from_tokens(text, tag_tokens(segment(text).tokens, models)), models.morph)
    given = [Span(text.index(surface), text.index(surface) + len(surface), type) for type, surface in marked]
    return {(s.type, ctx.surface(s)) for s in post_process(ctx, given)}


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
