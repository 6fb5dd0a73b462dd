"""Places and organisations to the nominative: the head noun and the adjectives before it.

The head is the first noun (or abbreviation) — a word the tagger reads as an adjective is
none («Кривой Рог», not the noun «кривая»); it goes to the nominative keeping its number
(«Соединенных Штатах» → «Соединенные Штаты»), the adjectives before it agree with it,
everything after it stays as written («Совета министров иностранных дел») — except a
second name joined by «и» in the head's case («Боснии и Герцеговины» → «Босния и
Герцеговина»). A one-word name the dictionary knows as a place or organisation is its
own head («Мирного» → «Мирный», not the adjective «мирное»). A phrase with no noun is a
substantivized adjective («Поднебесной» → «Поднебесная»; a place in the masculine where
masculine and neuter forms coincide).

The head's reading must agree with the tagger's case (and number, where one agrees), read
first from the adjectives before it («Великие Луки»: nominative plural, not «Луки» of the
name Лука), then from the head itself: a word
with no such reading stays as written («Кларин», which pymorphy3 reads only as the plural
of a woman's name), unless the dictionary knows it in the singular and never as a
nominative (then the tagger erred: «Реала» read as a nominative); so does a word the tagger
gives no case («Хизб», read as foreign). Places and organisations come first among the
readings, and a reading whose nominative the document shows as a nominative elsewhere;
a person's name comes last («Мармарисе» → «Мармарис», not the name «Мармариса»).
Without features at all, the dictionary's own first guess is taken.
"""

from __future__ import annotations

from collections.abc import Sequence

import pymorphy3
from pymorphy3.analyzer import Parse

from pipeline.inflect.agreement import ADJECTIVE_POS, agreeing_head, shared_head
from pipeline.inflect.forms import (
    NAME_TAGS,
    PROPER,
    Evidence,
    constraints,
    fold,
    from_dictionary,
    inflect,
    parses,
    restore,
    tag_fields,
)
from pipeline.lexicon import is_abbreviation, strip_abbreviation_ending

OBLIQUE_CASES = frozenset({"gent", "datv", "ablt", "loct", "gen2", "loc2"})
PLURAL_ENDINGS = ("ам", "ям", "ами", "ями", "ах", "ях")  # «Викиновостям»


def _agrees(parse: Parse, cases: frozenset[str] | None, gender: str | None, number: str | None) -> bool:
    tag = tag_fields(parse.tag)
    if cases is not None and tag.case not in cases:
        return False
    if number is not None and tag.number is not None and tag.number != number:
        return False
    if gender is not None and tag.number != "plur" and "ms-f" not in tag.grammemes:
        return tag.gender is None or tag.gender == gender
    return True


def _pick(
    options: Sequence[Parse], cases: frozenset[str] | None, gender: str | None, number: str | None
) -> Parse | None:
    """The first parse that agrees with the constraints, relaxing gender then number then case."""
    for relaxed in (
        (cases, gender, number),
        (cases, None, number),
        (cases, None, None),
        (None, gender, number),
    ):
        for parse in options:
            if _agrees(parse, *relaxed):
                return parse
    return options[0] if options else None


def _is_proper_noun(parse: Parse) -> bool:
    tag = tag_fields(parse.tag)
    return tag.POS == "NOUN" and bool(PROPER & tag.grammemes) and from_dictionary(parse)


def _reads_as_adjective(morph: pymorphy3.MorphAnalyzer, word: str, feats: str | None) -> bool:
    """An adjective where the tagger reads one («Кривой Рог»: not the noun «кривая»), or,
    where it reads neither, where the dictionary's first reading is one."""
    options = parses(morph, word)
    if not any(tag_fields(p.tag).POS in ADJECTIVE_POS for p in options):
        return False
    if feats and ("Degree=" in feats or "VerbForm=Part" in feats):
        return True
    if feats and "Animacy=" in feats and any(p.tag.POS == "NOUN" for p in options):
        return False
    return options[0].tag.POS in ADJECTIVE_POS


def head_index(
    morph: pymorphy3.MorphAnalyzer, words: Sequence[str], feats: Sequence[str | None]
) -> int | None:
    """The first word that reads as a noun (or is an abbreviation); None if all are adjectives.
    A single word is a noun if the dictionary knows it as a place or organisation in the
    tagger's case."""
    cases = constraints(feats[0])[0]
    if len(words) == 1 and any(
        _is_proper_noun(p) and (cases is None or tag_fields(p.tag).case in cases)
        for p in parses(morph, words[0])
    ):
        return 0
    for index, (word, word_feats) in enumerate(zip(words, feats, strict=True)):
        if is_abbreviation(word) or not word[:1].isalpha() or not parses(morph, word):
            return index
        following = words[index + 1] if index + 1 < len(words) else ""
        if not _reads_as_adjective(morph, word, word_feats) and not (
            following and agreeing_head(morph, [word], following, common=True)
        ):  # a noun, unless it agrees with the common noun after it («Воложинского повета»)
            return index
    return None


def _head_parse(
    morph: pymorphy3.MorphAnalyzer, word: str, feats: str | None, evidence: Evidence
) -> Parse | None:
    """The reading the head is inflected from (see the module doc); None: keep it as written."""
    cases, gender, number = constraints(feats)
    options = [p for p in parses(morph, word) if tag_fields(p.tag).POS == "NOUN"] or list(parses(morph, word))
    # a person's name in the plural is no place or organisation («Кларин», «Фрешенет»), nor
    # is a plural pymorphy3 only guesses from a word with no plural ending («Хизб», «Кунар»)
    options = [
        p
        for p in options
        if not (
            tag_fields(p.tag).number == "plur"
            and (
                NAME_TAGS & p.tag.grammemes
                or not (from_dictionary(p, parts=True) or word.endswith(PLURAL_ENDINGS))
            )
        )
    ]
    if cases is None:  # no features: the dictionary's guess; features without a case: keep it
        pool = [] if feats else options
    else:
        pool = [p for p in options if _agrees(p, cases, None, number)]
        pool = pool or [p for p in options if _agrees(p, cases, None, None)]
        if not pool and not any(p.tag.case == "nomn" for p in options):  # the tagger erred
            pool = [
                p for p in options if p.tag.POS == "NOUN" and from_dictionary(p) and p.tag.number != "plur"
            ]
    if not pool:
        return None
    attested = [
        p
        for p in pool
        if evidence.nominative  # no nominatives seen (the name rules' one-word forms): no inflection
        and (gender is None or tag_fields(p.tag).gender in (gender, None))  # the cheap test first
        and _attested(_nominative(p), word, evidence)
    ]
    proper = [p for p in pool if PROPER & p.tag.grammemes]
    for choice in ([p for p in attested if p in proper], proper, attested):
        if choice:
            return _pick(choice, cases, None, number)
    # a place or organisation is no person: «Мармарисе» is Мармарис, not the name «Мармариса»
    things = [p for p in pool if not NAME_TAGS & p.tag.grammemes]
    return _pick(things or pool, cases, gender, number)


def _attested(nominative: str, word: str, evidence: Evidence) -> bool:
    """A nominative other than the word as written that the document shows as a nominative."""
    return fold(nominative) != fold(word) and evidence.shows_nominative(nominative)


def _nominative(parse: Parse) -> str:
    return inflect(parse, {"nomn", parse.tag.number or "sing"}) or parse.word


def _inflect_head(parse: Parse, word: str, evidence: Evidence) -> str:
    tag = tag_fields(parse.tag)
    number = tag.number or "sing"
    nominative = tag.case == "nomn" and tag.number in (number, None)
    if (nominative and fold(parse.word) == fold(word)) or "Fixd" in tag.grammemes:
        return word
    form = inflect(parse, {"nomn", number})
    return restore(form, word, parse.word, evidence) if form else word


def _agree_adjective(
    morph: pymorphy3.MorphAnalyzer, word: str, head: Parse | None, feats: str | None, evidence: Evidence
) -> str:
    if not word[:1].isalpha() or is_abbreviation(word):
        return word
    adjectives = [p for p in parses(morph, word) if tag_fields(p.tag).POS in ADJECTIVE_POS]
    if not adjectives:
        return word
    if head is not None:
        head_tag = tag_fields(head.tag)
        number = head_tag.number or "sing"
        gender = head_tag.gender if number == "sing" else None
        cases = frozenset({head_tag.case}) if head_tag.case else None
        if cases and cases & {"gen2", "loc2"}:
            cases = cases | {"gent", "loct"}
    else:
        cases, gender, number = constraints(feats)
        number = number or "sing"
    parse = _pick(adjectives, cases, gender if number == "sing" else None, number)
    if parse is None:
        return word
    tag = tag_fields(parse.tag)
    grammemes = {"nomn", number}
    if number == "sing":
        grammemes.add(gender or tag.gender or "masc")
    if tag.case == "nomn" and tag.number == number and (tag.gender in (gender, None)):
        return word
    form = inflect(parse, grammemes)
    return restore(form, word, parse.word, evidence) if form else word


def _substantivized(
    morph: pymorphy3.MorphAnalyzer,
    words: Sequence[str],
    feats: Sequence[str | None],
    type: str,
    evidence: Evidence,
) -> str:
    cases, gender, number = constraints(feats[-1])
    if type == "LOC" and gender == "neut" and cases and cases <= OBLIQUE_CASES:
        gender = "masc"  # «Мирного», «Октябрьском»: a town, where the neuter forms coincide
    adjectives = [p for p in parses(morph, words[-1]) if p.tag.POS in ADJECTIVE_POS]
    if cases is not None and not any(p.tag.case in cases for p in adjectives):
        return " ".join(words)  # no adjective in the tagger's case: «Кадима» is no «кадимая»
    last = _pick(adjectives, cases, gender, number)
    return " ".join(_agree_adjective(morph, w, last, f, evidence) for w, f in zip(words, feats, strict=True))


def normalize_phrase(
    morph: pymorphy3.MorphAnalyzer,
    words: Sequence[str],
    feats: Sequence[str | None],
    type: str,
    evidence: Evidence,
) -> str:
    head = head_index(morph, words, feats)
    if head is None:
        return _substantivized(morph, words, feats, type, evidence)
    if is_abbreviation(words[head]):
        head_word, head_parse = strip_abbreviation_ending(words[head]), None
    else:
        # adjectives show the case and number better than the noun («Великие Луки», not Лука)
        tagged = [f for f in feats[:head] if constraints(f)[0]] + [feats[head]]
        head_parse = None
        for head_feats in dict.fromkeys(tagged):
            head_parse = _head_parse(morph, words[head], head_feats, evidence)
            if head_parse is not None:
                break
        if head_parse is None:  # no reading in the tagger's case: the adjectives' agreement
            head_parse = agreeing_head(morph, words[:head], words[head])
        if head_parse is not None:  # «Владимирской областей»: one of the regions
            head_parse = shared_head(morph, words[:head], head_parse)
        head_word = _inflect_head(head_parse, words[head], evidence) if head_parse else words[head]
    before = [
        _agree_adjective(morph, w, head_parse, f, evidence)
        for w, f in zip(words[:head], feats[:head], strict=True)
    ]
    after = list(words[head + 1 :])
    if len(after) == 2 and after[0] == "и" and after[1][:1].isupper() and head_parse is not None:
        second = _head_parse(morph, after[1], feats[head + 2], evidence)
        if second is not None and second.tag.case == head_parse.tag.case:
            after[1] = _inflect_head(second, after[1], evidence)
    return " ".join([*before, head_word, *after])
