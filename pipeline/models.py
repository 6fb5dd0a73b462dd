"""The models, loaded once per process and shared by every document it handles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pymorphy3
from natasha.data import NEWS_NER

from pipeline.ner_models import DEFAULT_NER_MODEL, NER_MODELS
from pipeline.tagging import Taggers

__all__ = ["DEFAULT_NER_MODEL", "NER_MODELS", "Models", "SafeMorphAnalyzer", "load_models"]


class SafeMorphAnalyzer(pymorphy3.MorphAnalyzer):
    """pymorphy3's analyzer that never raises on a strange character.

    pymorphy3 asks `unicodedata.name` whether a character is Latin, which raises ValueError
    for code points without a name (found by the property tests: a word made of U+17000).
    Such a word gets no dictionary parse; the pipeline then keeps it as written.
    """

    def parse(self, word: str) -> list[pymorphy3.analyzer.Parse]:
        try:
            return super().parse(word)
        except ValueError:
            return []


@dataclass(frozen=True)
class Models:
    taggers: Taggers  # slovnet's morphology (POS + features, natasha's) and NER (one of NER_MODELS)
    morph: pymorphy3.MorphAnalyzer  # dictionary lemmas and inflection (SafeMorphAnalyzer)
    ner_model: str = DEFAULT_NER_MODEL  # which of NER_MODELS `taggers` holds


def load_models(ner_model: str = DEFAULT_NER_MODEL) -> Models:
    """Load every model once; later calls in the same process return the same objects
    (`load_models()` and `load_models("ruextract")` alike)."""
    if ner_model not in NER_MODELS:
        raise ValueError(f"unknown NER model {ner_model!r}: choose one of {', '.join(NER_MODELS)}")
    return _load(ner_model)


@lru_cache(maxsize=len(NER_MODELS))
def _load(ner_model: str) -> Models:
    path = NER_MODELS[ner_model]
    return Models(taggers=Taggers.load(path or NEWS_NER), morph=SafeMorphAnalyzer(), ner_model=ner_model)
