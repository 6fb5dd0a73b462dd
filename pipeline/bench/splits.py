"""The documents of the public gold sets that are held back from the NER training: the ones the
project's own gold set (corpus/gold) was drawn from, and the training's fixed dev split.

Here, not in pipeline/train, so that the benchmarks can ask which texts the shipped model never
saw without importing the training code (which imports the dataset readers of pipeline/bench).
"""

from __future__ import annotations

import hashlib

# The project's own gold set is drawn from these documents: never trained on, never in dev.
EXCLUDED: dict[str, frozenset[str]] = {
    "nerel": frozenset(
        {
            "109378_text",
            "12522_text",
            "16734_text",
            "576",
            "37745_text",
            "109015_text",
            "127332_text",
            "26551_text",
            "26827_text",
            "19361_text",
            "3377_text",
            "8071_text",
            "516067_text",
            "42263_text",
            "515800_text",
            "82853_text",
            "41963_text",
            "145274_text",
            "073",
            "124044_text",
            "128624_text",
            "160284_text",
            "106967_text",
            "2552_text",
            "022",
            "570",
            "298",
        }
    ),
    "factru": frozenset({"book_297", "book_98"}),
}

# Share of each corpus's documents (in percent) that goes to the fixed dev split.
DEV_PERCENT: dict[str, int] = {"nerel": 15, "factru": 25}


def is_dev(corpus: str, doc_id: str) -> bool:
    """The fixed dev split: md5 of "corpus/doc_id", first 8 hex digits as a number, mod 100."""
    digest = hashlib.md5(f"{corpus}/{doc_id}".encode()).hexdigest()
    return int(digest[:8], 16) % 100 < DEV_PERCENT[corpus]
