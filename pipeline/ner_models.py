"""The NER weights to choose from, by name (`extract --ner-model`, `ner_eval --ner-model`).

Names and paths only, so that the command line can list them without loading any model
(`pipeline.models.load_models` loads the one chosen).
"""

from __future__ import annotations

from pathlib import Path

# The project's (slovnet's news model fine-tuned on human gold: pipeline/data/MODEL_CARD.md;
# trained by `make train-ner`) and the one natasha ships (None: natasha's own
# slovnet_ner_news_v1).
DATA = Path(__file__).resolve().parent / "data"
NER_MODELS: dict[str, Path | None] = {
    "ruextract": DATA / "ruextract_ner_v1.tar",
    "natasha": None,
}
DEFAULT_NER_MODEL = "ruextract"
