"""Every reading a part of a person's name can have: (case, genders, nominative, weight).

From pymorphy3's dictionary (`WEIGHTS`: first names weigh most, then surnames and
patronymics, adjectives such as «Радонежского» or «Первого» and nouns for persons, then
other common nouns), from its guesses where they keep the written stem (pymorphy3 guesses
«Шольца» as «Шолец», like «отец»: not kept; Russian-looking surnames it guesses well), and
from the regular patterns of `pipeline.inflect.paradigms`.
"""

from __future__ import annotations

from functools import lru_cache

import pymorphy3
from pymorphy3.analyzer import Parse

from pipeline.inflect.forms import (
    NAME_TAGS,
    TagFields,
    common_prefix,
    from_dictionary,
    inflect,
    parses,
    tag_fields,
)
from pipeline.inflect.paradigms import BOTH, FEMN, MASC, Reading, synthetic_readings

CASE_ALIASES = {"gen2": "gent", "loc2": "loct", "acc2": "accs"}
GENDERS = ("masc", "femn")
# How much a dictionary reading is believed, by kind (pattern readings weigh 0–0.5).
WEIGHTS = {
    "name": 2.0,
    "surname": 1.5,
    "guess": 0.5,  # pymorphy3's guess of a name that keeps the written stem (as a pattern)
    "guessed surname": 0.8,  # … of a Russian-looking surname: «Сябитова», «Токаева»
    "adjective": 0.6,  # «Радонежского», «Первого», «Великой»
    "guessed adjective": 0.5,
    "person": 0.6,  # a common noun for a person or animal: «Христа», «Орла»
    "noun": 0.3,  # «Отара» (a flock), «Маска»
}
ADJECTIVES = frozenset({"adjective", "guessed adjective"})
RUSSIAN_SURNAMES = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий")
INDECLINABLE_DISCOUNT = 0.1  # «Анне»: the dictionary's Анна before its indeclinable Анне
VOWELS = "аеёиоуыэюя"


def _genders(tag: TagFields) -> frozenset[str]:
    if "ms-f" in tag.grammemes or tag.gender is None:
        return BOTH
    return {"masc": MASC, "femn": FEMN}.get(tag.gender, frozenset())


def _keeps_stem(word: str, lemma: str) -> bool:
    """A guessed nominative that keeps the written stem: not «Шолец» for «Шольца»."""
    shared = common_prefix(word, lemma)
    tail = lemma[shared:]
    inserted_vowel = len(tail) >= 2 and tail[-1] not in VOWELS + "йь" and any(c in VOWELS for c in tail[:-1])
    return shared >= len(word) - 3 and not inserted_vowel and not lemma.endswith(("ской", "цкой"))


def _dictionary_reading(parse: Parse) -> Reading | None:
    tag = tag_fields(parse.tag)
    if tag.number == "plur" or tag.case is None:
        return None
    case = CASE_ALIASES.get(tag.case, tag.case)
    guessed = not from_dictionary(parse)
    genders = _genders(tag)
    if tag.POS == "NOUN" and NAME_TAGS & tag.grammemes:
        kind = "guess" if guessed else "name" if "Name" in tag.grammemes else "surname"
        if guessed and "Surn" in tag.grammemes and parse.normal_form.endswith(RUSSIAN_SURNAMES):
            kind = "guessed surname"
        lemma = parse.word if "Fixd" in tag.grammemes else inflect(parse, {"nomn", "sing"})
    elif tag.POS == "ADJF" and tag.gender in GENDERS:
        kind, genders = "guessed adjective" if guessed else "adjective", frozenset({tag.gender})
        lemma = inflect(parse, {"nomn", "sing", tag.gender})
    elif tag.POS == "NOUN" and not guessed:
        kind = "person" if "anim" in tag.grammemes else "noun"
        lemma = inflect(parse, {"nomn", "sing"})
    else:
        return None
    if lemma is None or (guessed and not _keeps_stem(parse.word, lemma)):
        return None
    weight = WEIGHTS[kind] - (INDECLINABLE_DISCOUNT if "Fixd" in tag.grammemes else 0.0)
    return Reading(case, genders, lemma, weight, parse.word, kind)


@lru_cache(maxsize=5_000)
def readings(morph: pymorphy3.MorphAnalyzer, piece: str) -> tuple[Reading, ...]:
    """Every reading of a capitalized name part, the strongest first."""
    found = [r for r in map(_dictionary_reading, parses(morph, piece)) if r is not None]
    found += synthetic_readings(piece.lower())
    return tuple(sorted(found, key=lambda r: -r.weight))


@lru_cache(maxsize=1_000)
def lower_case_readings(morph: pymorphy3.MorphAnalyzer, piece: str) -> tuple[Reading, ...]:
    """A lower-case part declines only as a word of the dictionary that is not a name
    («младшего», «святого», «матери»); others stay as written («аль», «де», «ибн»)."""
    found = (_dictionary_reading(parse) for parse in parses(morph, piece))
    return tuple(r for r in found if r is not None and r.kind in ("adjective", "person", "noun"))
