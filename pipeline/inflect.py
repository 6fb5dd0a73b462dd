"""Normal forms of names: the nominative, as a dictionary would list it, agreement kept.

`normalize_name(words, type, morph, feats)` takes a mention's words (the span's text split
on white space, so «К.Токаева» is one word) and, optionally, the slovnet features of each
word («Case=Gen|Gender=Masc|Number=Sing», from the morphology stage). It returns the
normal form with the original capitalization, hyphens and dots:

- PER: every declinable part of the name goes to the nominative singular, keeping the
  person's gender («Лилии Маньшиной» → «Лилия Маньшина»); initials, indeclinable and
  unknown foreign parts stay as written («Ван И», «Рави Дамму»).
- LOC/ORG: the head noun (the first noun) goes to the nominative, keeping its number
  («Соединенных Штатах» → «Соединенные Штаты»); the adjectives before it agree with it
  («Шанхайской организации» → «Шанхайская организация»); everything after it
  (genitive complements, «министров иностранных дел», «ООН») stays as written. A phrase
  with no noun is a substantivized adjective («Поднебесной» → «Поднебесная»).
- Abbreviations stay as written («КНР»); a case ending glued to one is dropped («МИДа» → «МИД»).

Without features the case and gender are guessed from the dictionary; with features
(what the pipeline passes) the tagger's reading in context decides ambiguous forms such
as «Токаева» (genitive of Токаев, or the nominative of a woman's surname). The result is
cached per (words, type, features).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import pymorphy3
from pymorphy3.analyzer import Parse

from pipeline.lexicon import is_abbreviation, strip_abbreviation_ending
from pipeline.records import parse_feats

UD_CASES: dict[str, frozenset[str]] = {
    "Nom": frozenset({"nomn"}),
    "Gen": frozenset({"gent", "gen2"}),
    "Dat": frozenset({"datv"}),
    "Acc": frozenset({"accs"}),
    "Ins": frozenset({"ablt"}),
    "Loc": frozenset({"loct", "loc2"}),
}
UD_GENDERS: dict[str, str] = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
ADJECTIVE_POS = frozenset({"ADJF", "PRTF"})

# A piece of a word: letters (with inner apostrophes) or anything else («К», «.», «Токаева»).
_PIECES = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|[\W\d_]+")
# An abbreviation with a case ending glued on: «МИДа», «СовМИДе», «ЦРУ» (no ending).


def match_case(new: str, original: str) -> str:
    """Give `new` the capitalization pattern of `original`, part by part across hyphens."""
    if len(original) > 1 and original.isupper():
        return new.upper()
    new_parts, old_parts = new.split("-"), original.split("-")
    if len(new_parts) != len(old_parts):
        old_parts = [original] * len(new_parts)
    result = []
    for new_part, old_part in zip(new_parts, old_parts, strict=True):
        if len(old_part) > 1 and old_part.isupper():
            result.append(new_part.upper())
        elif any(c.isupper() for c in old_part[1:]):  # «ГосСовета» → «ГосСовет»: letter by letter
            result.append(_copy_letter_case(new_part, old_part))
        elif old_part[:1].isupper():
            result.append(new_part[:1].upper() + new_part[1:])
        else:
            result.append(new_part)
    return "-".join(result)


def _copy_letter_case(new: str, original: str) -> str:
    """The capitals of `original` over the letters `new` shares with it from the start."""
    letters = list(new)
    for index, (char, old) in enumerate(zip(new, original, strict=False)):
        if char.lower() != old.lower():
            break
        letters[index] = char.upper() if old.isupper() else char
    return "".join(letters)


def keep_yo(new: str, original: str) -> str:
    """The dictionary writes «ё»; keep «е» when the original did («Соединенных» → «Соединенные»)."""
    return new if "ё" in original.lower() else new.replace("ё", "е")


@lru_cache(maxsize=100_000)
def _parses(morph: pymorphy3.MorphAnalyzer, word: str) -> tuple[Parse, ...]:
    return tuple(morph.parse(word.lower()))


def _agrees(parse: Parse, cases: frozenset[str] | None, gender: str | None, number: str | None) -> bool:
    tag = parse.tag
    if cases is not None and tag.case not in cases:
        return False
    if number is not None and tag.number is not None and tag.number != number:
        return False
    if gender is not None and tag.number != "plur" and "ms-f" not in tag.grammemes:
        return tag.gender is None or tag.gender == gender
    return True


def _pick(
    parses: Sequence[Parse], cases: frozenset[str] | None, gender: str | None, number: str | None
) -> Parse | None:
    """The best parse that agrees with the constraints, relaxing gender then number then case."""
    for constraints in (
        (cases, gender, number),
        (cases, None, number),
        (cases, None, None),
        (None, gender, number),
        (None, None, None),
    ):
        for parse in parses:
            if _agrees(parse, *constraints):
                return parse
    return None


def _inflect(parse: Parse, grammemes: set[str], original: str) -> str:
    """The form of `parse` with `grammemes`, capitalized like `original`; `original` if impossible."""
    if parse.tag.case == "nomn" and (parse.tag.number in grammemes or parse.tag.number is None):
        return original
    if "Fixd" in parse.tag:
        return original
    form = parse.inflect(grammemes)
    return match_case(keep_yo(form.word, original), original) if form else original


def _constraints(feats: str | None) -> tuple[frozenset[str] | None, str | None, str | None]:
    if not feats:
        return None, None, None
    values = parse_feats(feats)
    number = {"Sing": "sing", "Plur": "plur"}.get(values.get("Number", ""))
    return UD_CASES.get(values.get("Case", "")), UD_GENDERS.get(values.get("Gender", "")), number


# ---------------------------------------------------------------- PER


def _name_parses(morph: pymorphy3.MorphAnalyzer, piece: str) -> tuple[Parse, ...]:
    """The readings of a name part: dictionary name readings first, then other nouns."""
    parses = _parses(morph, piece)
    names = tuple(p for p in parses if NAME_TAGS & p.tag.grammemes)
    nouns = tuple(p for p in parses if p.tag.POS == "NOUN" and not NAME_TAGS & p.tag.grammemes)
    return names + nouns


def _from_dictionary(parse: Parse) -> bool:
    """Whether pymorphy3 found the word in its dictionary (rather than guessing by its ending)."""
    return len(parse.methods_stack) == 1 and type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"


def _name_weight(parse: Parse) -> float:
    """How much a reading tells about a name's case and gender: dictionary first names most."""
    if "Name" in parse.tag.grammemes:
        return 2.0 if _from_dictionary(parse) else 0.5
    return 1.0 if "Surn" in parse.tag.grammemes or "Patr" in parse.tag.grammemes else 0.3


def _person_frame(
    morph: pymorphy3.MorphAnalyzer, pieces: Sequence[str], feats: Sequence[str | None]
) -> tuple[frozenset[str] | None, str | None]:
    """The case and gender shared by the parts of a person's name.

    From the tagger's features when given; otherwise the (case, gender) that the most name
    parts can take, preferring dictionary first names (which fix the gender), then masculine.
    """
    tagged_cases, tagged_gender = None, None
    for word_feats in reversed(feats):
        tagged_cases, tagged_gender, _ = _constraints(word_feats)
        if tagged_cases is not None:
            break
    votes: dict[tuple[str, str], float] = {}
    for piece in pieces:
        best: dict[tuple[str, str], float] = {}
        for parse in _name_parses(morph, piece):
            key = (parse.tag.case or "", parse.tag.gender or "")
            if key[0] and (tagged_cases is None or key[0] in tagged_cases):
                best[key] = max(best.get(key, 0.0), _name_weight(parse) + parse.score)
        for key, weight in best.items():
            votes[key] = votes.get(key, 0.0) + weight
    if not votes:
        return tagged_cases, tagged_gender
    rank = {"masc": 0.3, "femn": 0.0}
    if tagged_gender:
        rank[tagged_gender] = rank.get(tagged_gender, 0.0) + 0.2
    (case, gender), _ = max(votes.items(), key=lambda kv: kv[1] + rank.get(kv[0][1], 0.0))
    return frozenset({case}), gender or None


def _normalize_person_piece(
    morph: pymorphy3.MorphAnalyzer, piece: str, cases: frozenset[str] | None, gender: str | None
) -> str:
    if len(piece) < 2 or is_abbreviation(piece):
        return piece  # an initial or an abbreviation
    parses = _name_parses(morph, piece)
    if not parses:
        return piece
    matching = [p for p in parses if _agrees(p, cases, gender, "sing")]
    if not matching:
        return piece  # nothing reads this part in the name's case: indeclinable here
    declinable = [p for p in matching if "Fixd" not in p.tag.grammemes]  # «Анне»: Анна, not Анне
    return _inflect((declinable or matching)[0], {"nomn", "sing"}, piece)


def normalize_person(
    morph: pymorphy3.MorphAnalyzer, words: Sequence[str], feats: Sequence[str | None]
) -> str:
    pieces_per_word = [_PIECES.findall(word) for word in words]
    name_pieces = [p for pieces in pieces_per_word for p in pieces if p.isalpha() and len(p) > 1]
    cases, gender = _person_frame(morph, name_pieces, feats)
    result = []
    for pieces in pieces_per_word:
        result.append(
            "".join(
                _normalize_person_piece(morph, p, cases, gender) if p[:1].isalpha() else p for p in pieces
            )
        )
    return " ".join(result)


# ---------------------------------------------------------------- LOC / ORG


def _is_noun(parse: Parse) -> bool:
    return parse.tag.POS == "NOUN"


def _head_index(morph: pymorphy3.MorphAnalyzer, words: Sequence[str]) -> int | None:
    """The first word that reads as a noun (or is an abbreviation); None if all are adjectives."""
    for index, word in enumerate(words):
        if is_abbreviation(word) or not word[:1].isalpha():
            return index
        parses = _parses(morph, word)
        if not parses:
            return index
        if parses[0].tag.POS not in ADJECTIVE_POS:
            return index
    return None


def _normalize_head(morph: pymorphy3.MorphAnalyzer, word: str, feats: str | None) -> tuple[str, Parse | None]:
    if is_abbreviation(word):
        return strip_abbreviation_ending(word), None
    cases, gender, number = _constraints(feats)
    parses = [p for p in _parses(morph, word) if _is_noun(p)] or list(_parses(morph, word))
    proper = [p for p in parses if {"Geox", "Orgn"} & p.tag.grammemes]
    parse = _pick(proper, cases, None, number) or _pick(parses, cases, gender, number)
    if parse is None:
        return word, None
    target_number = parse.tag.number or "sing"
    return _inflect(parse, {"nomn", target_number}, word), parse


def _agree_adjective(morph: pymorphy3.MorphAnalyzer, word: str, head: Parse | None, feats: str | None) -> str:
    if not word[:1].isalpha() or is_abbreviation(word):
        return word
    adjectives = [p for p in _parses(morph, word) if p.tag.POS in ADJECTIVE_POS]
    if not adjectives:
        return word
    if head is not None:
        number = head.tag.number or "sing"
        gender = head.tag.gender if number == "sing" else None
        cases = frozenset({head.tag.case}) if head.tag.case else None
        if cases and cases & {"gen2", "loc2"}:
            cases = cases | {"gent", "loct"}
    else:
        cases, gender, number = _constraints(feats)
        number = number or "sing"
    parse = _pick(adjectives, cases, gender if number == "sing" else None, number)
    if parse is None:
        return word
    grammemes = {"nomn", number}
    if number == "sing":
        grammemes.add(gender or parse.tag.gender or "masc")
    if parse.tag.case == "nomn" and parse.tag.number == number and (parse.tag.gender in (gender, None)):
        return word
    form = parse.inflect(grammemes)
    return match_case(keep_yo(form.word, word), word) if form else word


def normalize_phrase(
    morph: pymorphy3.MorphAnalyzer, words: Sequence[str], feats: Sequence[str | None]
) -> str:
    head = _head_index(morph, words)
    if head is None:  # a substantivized adjective: «Поднебесной», «Московская»
        last = len(words) - 1
        parse = _pick(
            [p for p in _parses(morph, words[last]) if p.tag.POS in ADJECTIVE_POS], *_constraints(feats[last])
        )
        result = [_agree_adjective(morph, w, parse, f) for w, f in zip(words, feats, strict=True)]
        return " ".join(result)
    head_word, head_parse = _normalize_head(morph, words[head], feats[head])
    before = [
        _agree_adjective(morph, w, head_parse, f) for w, f in zip(words[:head], feats[:head], strict=True)
    ]
    return " ".join([*before, head_word, *words[head + 1 :]])


# ---------------------------------------------------------------- entry point


@lru_cache(maxsize=200_000)
def _normalize_cached(
    words: tuple[str, ...], type: str, morph: pymorphy3.MorphAnalyzer, feats: tuple[str | None, ...]
) -> str:
    if type == "PER":
        return normalize_person(morph, words, feats)
    return normalize_phrase(morph, words, feats)


def normalize_name(
    words: Sequence[str],
    type: str,
    morph: pymorphy3.MorphAnalyzer,
    feats: Sequence[str | None] | None = None,
) -> str:
    """The normal form of a name given as its words (white-space separated) and type.

    `feats`, if given, holds one Universal features string per word (or None/"" when
    unknown). Cached per (words, type, feats).
    """
    words = tuple(w for w in words if w)
    if not words:
        return ""
    feats_tuple = tuple(feats) if feats is not None else (None,) * len(words)
    if len(feats_tuple) != len(words):
        raise ValueError("feats must hold one entry per word")
    return _normalize_cached(words, type, morph, feats_tuple)


def normalize_text(text: str, type: str, morph: pymorphy3.MorphAnalyzer) -> str:
    """`normalize_name` on a span's text split on white space (no features)."""
    return normalize_name(text.split(), type, morph)
