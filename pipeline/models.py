"""The models, loaded once per process and shared by every document it handles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pymorphy3
from natasha.data import NEWS_NER

from pipeline.tagging import Taggers


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


# The NER weights to choose from: the project's (slovnet's news model fine-tuned on human
# gold: pipeline/data/MODEL_CARD.md; trained by `make train-ner`) and the one natasha ships.
DATA = Path(__file__).resolve().parent / "data"
NER_MODELS: dict[str, Path | None] = {
    "ruextract": DATA / "ruextract_ner_v1.tar",
    "natasha": None,  # natasha's own slovnet_ner_news_v1
}
DEFAULT_NER_MODEL = "ruextract"


@dataclass(frozen=True)
class Models:
    taggers: Taggers  # slovnet's morphology (POS + features, natasha's) and NER (one of NER_MODELS)
    morph: pymorphy3.MorphAnalyzer  # dictionary lemmas and inflection (SafeMorphAnalyzer)


@lru_cache(maxsize=len(NER_MODELS))
def load_models(ner_model: str = DEFAULT_NER_MODEL) -> Models:
    """Load every model once; later calls in the same process return the same objects."""
    if ner_model not in NER_MODELS:
        raise ValueError(f"unknown NER model {ner_model!r}: choose one of {', '.join(NER_MODELS)}")
    path = NER_MODELS[ner_model]
    return Models(taggers=Taggers.load(path or NEWS_NER), morph=SafeMorphAnalyzer())
