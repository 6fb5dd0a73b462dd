"""The models, loaded once per process and shared by every document it handles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pymorphy3
from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger


@dataclass(frozen=True)
class Models:
    morph_tagger: NewsMorphTagger  # slovnet morphology (POS + features), shipped in natasha
    ner_tagger: NewsNERTagger  # slovnet NER (PER/LOC/ORG), shipped in natasha
    morph: pymorphy3.MorphAnalyzer  # dictionary lemmas and inflection


@lru_cache(maxsize=1)
def load_models() -> Models:
    """Load every model once; later calls in the same process return the same objects."""
    embedding = NewsEmbedding()
    return Models(
        morph_tagger=NewsMorphTagger(embedding),
        ner_tagger=NewsNERTagger(embedding),
        morph=pymorphy3.MorphAnalyzer(),
    )
