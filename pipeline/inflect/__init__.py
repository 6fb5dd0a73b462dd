"""Normal forms of names: the nominative, as a dictionary would list it, agreement kept.

`normalize_name(words, type, morph, feats, evidence)` takes a mention's words (the span's
text split on white space, so «К.Токаева» is one word), optionally the slovnet features
of each word («Case=Gen|Gender=Masc|Number=Sing», from the morphology stage) and what the
whole document shows (`Evidence`: the words it writes, those the tagger read as
nominatives, whether it writes «ё»). It returns the normal form with the original
capitalization, hyphens and dots:

- PER (`person`): every declinable part goes to the nominative singular in the gender the
  name shares («Лилии Маньшиной» → «Лилия Маньшина», «Акиры Куросавы» → «Акира
  Куросава», «Олафа Шольца» → «Олаф Шольц»); indeclinable parts, initials and lower-case
  particles stay as written («Джузеппе Верди», «Ван И», «Ларса фон Триера» → «Ларс фон
  Триер»); epithets agree («Сергия Радонежского» → «Сергий Радонежский»).
- LOC/ORG (`phrase`): the head noun goes to the nominative, keeping its number; the
  adjectives before it agree; genitive complements stay as written («Советом министров
  иностранных дел» → «Совет министров иностранных дел»).
- Abbreviations stay as written («КНР»); a case ending glued to one is dropped («МИДа» → «МИД»).

The tagger's case decides among the dictionary's readings; without features the
dictionary's own guess does. The document's evidence comes before a guess: a nominative the
document writes elsewhere («Куросава» for «Куросавы»), a word it shows as a nominative
(«Дали», «Шота» stay as written).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import pymorphy3

from pipeline.inflect.forms import NO_EVIDENCE, Evidence, match_case
from pipeline.inflect.person import normalize_person
from pipeline.inflect.phrase import head_index, normalize_phrase

__all__ = ["Evidence", "head_index", "match_case", "normalize_name", "normalize_text"]

STRESS_MARKS = re.compile("[\u0300\u0301]")


def _normalize(
    words: tuple[str, ...],
    type: str,
    morph: pymorphy3.MorphAnalyzer,
    feats: tuple[str | None, ...],
    evidence: Evidence,
) -> str:
    if type == "PER":
        return normalize_person(morph, words, feats, evidence)
    return normalize_phrase(morph, words, feats, type, evidence)


# Without evidence the result depends on the words alone; with it, on the document, and is
# not kept (the readings of each word are cached below it, so it is cheap to recompute).
@lru_cache(maxsize=10_000)
def _normalize_cached(
    words: tuple[str, ...], type: str, morph: pymorphy3.MorphAnalyzer, feats: tuple[str | None, ...]
) -> str:
    return _normalize(words, type, morph, feats, NO_EVIDENCE)


def normalize_name(
    words: Sequence[str],
    type: str,
    morph: pymorphy3.MorphAnalyzer,
    feats: Sequence[str | None] | None = None,
    evidence: Evidence | None = None,
) -> str:
    """The normal form of a name given as its words (white-space separated) and type.

    `feats`, if given, holds one Universal features string per word (or None/"" when
    unknown); `evidence` is what the document shows (none by default). Cached per (words,
    type, feats) when there is no evidence. Stress marks are left out of an inflected form
    («Азама́та» → «Азамат») and kept where the name stays as written.
    """
    words = tuple(w for w in words if w)
    if not words:
        return ""
    feats_tuple = tuple(feats) if feats is not None else (None,) * len(words)
    if len(feats_tuple) != len(words):
        raise ValueError("feats must hold one entry per word")
    joined = " ".join(words)
    # «Азама́т»: analysed as «Азамат» (the search first: most names have no stress mark)
    plain = tuple(STRESS_MARKS.sub("", w) for w in words) if STRESS_MARKS.search(joined) else words
    if not evidence:
        normal = _normalize_cached(plain, type, morph, feats_tuple)
    else:
        normal = _normalize(plain, type, morph, feats_tuple, evidence)
    return joined if plain != words and normal == " ".join(plain) else normal


def normalize_text(text: str, type: str, morph: pymorphy3.MorphAnalyzer) -> str:
    """`normalize_name` on a span's text split on white space (no features, no evidence)."""
    return normalize_name(text.split(), type, morph)
