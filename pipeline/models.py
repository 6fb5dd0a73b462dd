"""The models, loaded once per process and shared by every document it handles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pymorphy3
from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger


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
    morph_tagger: NewsMorphTagger  # slovnet morphology (POS + features), shipped in natasha
    ner_tagger: NewsNERTagger  # slovnet NER (PER/LOC/ORG), shipped in natasha
    morph: pymorphy3.MorphAnalyzer  # dictionary lemmas and inflection (SafeMorphAnalyzer)


@lru_cache(maxsize=1)
def load_models() -> Models:
    """Load every model once; later calls in the same process return the same objects."""
    embedding = NewsEmbedding()
    return Models(
        morph_tagger=NewsMorphTagger(embedding),
        ner_tagger=NewsNERTagger(embedding),
        morph=SafeMorphAnalyzer(),
    )
