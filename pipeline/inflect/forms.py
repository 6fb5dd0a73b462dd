"""Word forms: pymorphy3 readings, inflection that keeps the written stem, capitals and «ё».

Shared by the person-name and the phrase normalizers of this package.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import pymorphy3
from pymorphy3.analyzer import Parse
from pymorphy3.tagset import OpencorporaTag

from pipeline.inflect.lexemes import lexeme, pymorphy_inflect
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
UD_NUMBERS: dict[str, str] = {"Sing": "sing", "Plur": "plur"}
PROPER = frozenset({"Geox", "Orgn"})
NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


@dataclass(frozen=True)
class Evidence:
    """What a whole document shows about how its names are written.

    `words`: every capitalized word of the document, folded (a normal form that the
    document writes somewhere is more likely than one it never writes); `nominative`: how
    often the tagger read each as a nominative (a word seen as a nominative is its own
    normal form), of which `own` were in the mention being normalized (a mention is no
    evidence for itself); `yo`: whether the document writes «ё» at all (then a normal form
    keeps the dictionary's «ё», «Орле» → «Орёл»; otherwise it is written «е», as the
    document would).
    """

    words: frozenset[str] = frozenset()
    nominative: Mapping[str, int] = field(default_factory=dict)
    yo: bool = False
    own: Mapping[str, int] = field(default_factory=dict)

    def writes(self, word: str) -> bool:
        return fold(word) in self.words

    def shows_nominative(self, word: str) -> bool:
        """Whether the tagger read `word` as a nominative elsewhere in the document."""
        return self.shows_folded(fold(word))

    def shows_folded(self, key: str) -> bool:
        """`shows_nominative` of a word already folded (a caller asking several questions
        of one word folds it once)."""
        return self.nominative.get(key, 0) > self.own.get(key, 0)

    def without(self, own: Mapping[str, int]) -> Evidence:
        """The evidence for a mention whose own words tagged nominative are `own`."""
        if not own and not self.own:  # the same evidence: no new object for most mentions
            return self
        return Evidence(self.words, self.nominative, self.yo, own)

    def __bool__(self) -> bool:
        return bool(self.words or self.nominative or self.yo)


NO_EVIDENCE = Evidence()


def fold(word: str) -> str:
    """Lower case, «ё» as «е»: how the evidence compares words."""
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=1_000)  # the tagger writes a few hundred distinct feature strings; read per word
def constraints(feats: str | None) -> tuple[frozenset[str] | None, str | None, str | None]:
    """(cases, gender, number) in pymorphy3's grammemes from a Universal features string."""
    if not feats:
        return None, None, None
    values = parse_feats(feats)
    return (
        UD_CASES.get(values.get("Case", "")),
        UD_GENDERS.get(values.get("Gender", "")),
        UD_NUMBERS.get(values.get("Number", "")),
    )


class TagFields(NamedTuple):
    """A pymorphy3 tag's categories as plain strings (None where it has none), and its grammemes."""

    POS: str | None
    case: str | None
    number: str | None
    gender: str | None
    grammemes: frozenset[str]


def _plain(grammeme: str | None) -> str | None:
    return None if grammeme is None else str(grammeme)


# pymorphy3 finds a tag's category anew at each access (a set intersection, then a typed
# string whose comparisons run in Python); the normal forms ask them of every reading, often
# several times (~6% of the names and normal forms' time). A tag is its grammemes: equal
# tags have equal fields.
@lru_cache(maxsize=5_000)  # pymorphy3's dictionary has a few thousand distinct tags
def tag_fields(tag: OpencorporaTag) -> TagFields:
    """The tag's POS, case, number and gender (as `tag.POS`, … give them) and grammemes."""
    return TagFields(_plain(tag.POS), _plain(tag.case), _plain(tag.number), _plain(tag.gender), tag.grammemes)


@lru_cache(maxsize=5_000)
def parses(morph: pymorphy3.MorphAnalyzer, word: str) -> tuple[Parse, ...]:
    """pymorphy3's readings of a word (lower-cased), cached: the one cache of them (the name
    rules use it too), as words and names repeat within and across texts."""
    return tuple(morph.parse(word.lower()))


def from_dictionary(parse: Parse, parts: bool = False) -> bool:
    """Whether pymorphy3 found the word in its dictionary (or, with `parts`, the parts of a
    hyphenated word: «Братьев-мусульман»), rather than guessing by its ending."""
    methods = ("DictionaryAnalyzer", "HyphenatedWordsAnalyzer") if parts else ("DictionaryAnalyzer",)
    return len(parse.methods_stack) == 1 and type(parse.methods_stack[0][0]).__name__ in methods


# Grammemes that pick a sub-paradigm of a lexeme (a participle's voice and tense, a degree).
_SUBPARADIGM = frozenset({"Supr", "Cmp2", "actv", "pssv", "past", "pres", "futr"})


def common_prefix(first: str, second: str) -> int:
    """How many leading characters the two strings share."""
    size = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        size += 1
    return size


def inflect(parse: Parse, grammemes: set[str]) -> str | None:
    """The form of `parse`'s lexeme with `grammemes` (lower case), None if it has none.

    pymorphy3's choice for nouns («матери» → «мать»); for an adjective whose lexeme has
    several such forms, the one sharing the longest beginning with the word as written
    («высшей» → «высшая», not «высочайшая»), in the same degree («древней» → «древняя»,
    not «древнейшая»). Cached per (parse, grammemes).
    """
    return _inflect(parse, frozenset(grammemes))


@lru_cache(maxsize=5_000)
def _inflect(parse: Parse, grammemes: frozenset[str]) -> str | None:
    tag = tag_fields(parse.tag)
    wanted = set(grammemes) | {tag.POS} | (_SUBPARADIGM & tag.grammemes)
    if tag.POS == "NOUN" and tag.gender and not wanted & {"masc", "femn", "neut", "plur"}:
        wanted.add(tag.gender)  # a surname's lexeme holds both genders: «Путина» → «Путин»
    lexeme_forms = lexeme(parse)
    adjective = tag.POS in ("ADJF", "PRTF")
    default = None if adjective else pymorphy_inflect(parse, lexeme_forms, grammemes)
    if default is not None:
        return default
    degree = _SUBPARADIGM & tag.grammemes
    forms = [
        word
        for word, tag in lexeme_forms
        if wanted <= tag.grammemes and _SUBPARADIGM & tag.grammemes == degree
    ]
    if not forms:
        return pymorphy_inflect(parse, lexeme_forms, grammemes) if adjective else None
    return max(forms, key=lambda word: (common_prefix(fold(word), fold(parse.word)), -forms.index(word)))


def spell_yo(new: str, original: str, written: str, evidence: Evidence) -> str:
    """«ё» in a normal form: as the dictionary writes it where the original wrote «ё», or
    where the document writes «ё» and the original form has none to write («Орле» → «Орёл»);
    «е» where the writer left out an «ё» of the original («Соединенных» → «Соединенные»),
    and where the original writes «е» in the same place («Петра» → «Петр», not «Пётр»: the
    text's own spelling of the stem; the dictionary's «ё» is the nominative's stress only).
    `written` is the dictionary's spelling of the original form."""
    if "ё" in original.lower():
        return _yo_as_written(new, original.lower())
    if "ё" in written or not evidence.yo:
        return new.replace("ё", "е")
    return _yo_as_written(new, original.lower())


def _yo_as_written(new: str, original: str) -> str:
    """`new` with each «ё» that stands where `original` (lower case) writes «е» — within the
    beginning the two share, «ё» and «е» counted alike — written «е»."""
    shared = common_prefix(fold(new), fold(original))
    return "".join(
        "е" if char == "ё" and index < shared and original[index] == "е" else char
        for index, char in enumerate(new)
    )


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
        elif _has_capital(old_part[1:]):  # «ГосСовета» → «ГосСовет»: letter by letter
            result.append(_copy_letter_case(new_part, old_part))
        elif old_part[:1].isupper():
            result.append(new_part[:1].upper() + new_part[1:])
        else:
            result.append(new_part)
    return "-".join(result)


def _has_capital(part: str) -> bool:
    """Whether a letter of `part` is a capital (`str.islower` first: no capital in most words)."""
    return not part.islower() and any(char.isupper() for char in part)


def _copy_letter_case(new: str, original: str) -> str:
    """The capitals of `original` over the letters `new` shares with it from the start."""
    letters = list(new)
    for index, (char, old) in enumerate(zip(new, original, strict=False)):
        if char.lower() != old.lower():
            break
        letters[index] = char.upper() if old.isupper() else char
    return "".join(letters)


def restore(new: str, original: str, written: str, evidence: Evidence) -> str:
    """A lower-case normal form given the original's capitals and the document's «ё»."""
    return match_case(spell_yo(new, original, written, evidence), original)
