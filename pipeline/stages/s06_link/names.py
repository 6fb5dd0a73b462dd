"""Which names of a corpus are one entity (the rules of `corpus`, on names alone).

A name is a key «TYPE:folded fullest normal form» («PER:касым-жомарт токаев»):

- PER (`person_roots`): fullest first, a name joins the one entity all of whose names agree
  with it — the same surname, given names equal or initials of each other position by
  position, a missing one agreeing: «Токаев», «К.Токаев» → «Касым-Жомарт Токаев»; «Владимир
  Путин» and «В. В. Путин» → one. It stays alone when two entities compete («Буш» with «Джордж
  Буш» and «Джеб Буш» in the corpus), so two disagreeing names never meet. Gender is in the
  surname: «Путин» cannot mean «Людмила Путина»;
- ORG/LOC (`acronym_roots`): an acronym joins the one name it abbreviates
  (`pipeline.lexicon.is_acronym_of`): «ШОС» → «Шанхайская организация сотрудничества»,
  and stays alone if it abbreviates two.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.lexicon import is_abbreviation, is_acronym_of

_NAME_PARTS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ACRONYM_SPLIT = re.compile(r"[\s-]+")  # how `is_acronym_of` cuts a full name into words


def _size(key: str) -> tuple[int, int, str]:
    """Fullest first: more words, then longer, then the key itself (a total order)."""
    folded = key.split(":", 1)[1]
    return (-len(folded.split()), -len(folded), key)


@dataclass(frozen=True)
class _Person:
    given: tuple[str, ...]  # folded given names or their initials, in order
    surname: str


def _person(folded: str) -> _Person | None:
    """«к. токаев» → (('к',), 'токаев'); None if the last part is no surname («ван и»)."""
    parts = _NAME_PARTS.findall(folded)
    if not parts or len(parts[-1]) < 2:
        return None
    return _Person(tuple(parts[:-1]), parts[-1])


def _agree(first: _Person, second: _Person) -> bool:
    """Same surname; given names equal or one the other's initial, position by position (a
    missing one agrees): «В. В. Путин» and «Владимир Путин» agree, «Джордж Буш» and «Джеб Буш» not."""
    pairs = zip(first.given, second.given, strict=False)
    return first.surname == second.surname and all(
        a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)) for a, b in pairs
    )


def person_roots(keys: Sequence[str]) -> dict[str, str]:
    """PER names → the fullest name of their corpus entity. Fullest first, each name joins the
    one entity all of whose names agree with it; it stays alone when none does or when two do
    («Буш» beside «Джордж Буш» and «Джеб Буш»), so no two disagreeing names ever meet."""
    root: dict[str, str] = {}
    clusters: dict[str, list[list[tuple[str, _Person]]]] = defaultdict(list)  # by surname
    for key in sorted(keys, key=_size):
        person = _person(key.split(":", 1)[1])
        if person is None:
            root[key] = key
            continue
        fits = [c for c in clusters[person.surname] if all(_agree(person, other) for _, other in c)]
        if len(fits) == 1:
            fits[0].append((key, person))
            root[key] = fits[0][0][0]
        else:
            root[key] = key
            if not fits:
                clusters[person.surname].append([(key, person)])
    return root


MAX_LETTERS = 3  # a word gives at most this many letters to an acronym (the last one, all of it)
START = 3  # acronyms are looked up by their first three letters (two if that is all they have)


def acronym_starts(name: str) -> set[str]:
    """The starts (`START` letters, and two) of every acronym `is_acronym_of` could read off
    `name` — a filter that may let through too much, never too little: a word gives 1–3
    letters of its start (the last word all of them), a word written in lower case
    («организация», «стран») may give none."""
    words = tuple(w for w in _ACRONYM_SPLIT.split(name.replace("ё", "е")) if w and w[0].isalpha())
    starts: set[str] = set()
    # Word by word, the spellings still shorter than START letters; one that reaches START
    # letters is done (only its first two and START letters are looked up, so a longer piece
    # of a word adds nothing a piece of START letters has not).
    growing = {""}
    for number, word in enumerate(words):
        longest = len(word) if number == len(words) - 1 else MAX_LETTERS
        low = word.lower()
        grown = set(growing) if word[0].islower() else set()
        for prefix in growing:
            for size in range(1, min(longest, len(word), START - len(prefix)) + 1):
                spelled = prefix + low[:size]
                if len(spelled) >= 2:
                    starts.add(spelled[:2])
                if len(spelled) >= START:
                    starts.add(spelled)
                else:
                    grown.add(spelled)
        growing = grown
    return starts


def _may_be_acronym(name: str) -> bool:
    """One word («ШОС», «Госдума») or abbreviations only («СовМИД ШОС»): what `is_acronym_of` reads."""
    parts = name.split()
    return len(parts) == 1 or all(map(is_abbreviation, parts))


def acronym_roots(display: Mapping[str, str]) -> dict[str, str]:
    """ORG/LOC names (key → the name as written) → the name of their corpus entity: an acronym
    joins the one name it abbreviates (through that name, whatever it joined), and stays
    alone if it could mean two."""
    spelled_by: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, name in display.items():
        if len(name.split()) > 1:
            for start in acronym_starts(name):
                spelled_by[key.split(":", 1)[0], start].append(key)
    root: dict[str, str] = {}
    for key in sorted(display, key=_size):  # an abbreviated name is longer, so its root is known
        type, folded = key.split(":", 1)
        letters = "".join(ch for ch in folded if ch.isalpha())
        options = set()
        if _may_be_acronym(display[key]):
            options = {
                root[other]
                for other in spelled_by.get((type, letters[:START]), ())
                if other in root and other != key and is_acronym_of(display[key], display[other])
            }
        root[key] = options.pop() if len(options) == 1 else key
    return root


def resolve(display: Mapping[str, str]) -> dict[str, str]:
    """Every name (key → the name as written) → the name of its corpus entity: itself, or the
    fuller name it joins."""
    persons = [key for key in display if key.startswith("PER:")]
    others = {key: name for key, name in display.items() if not key.startswith("PER:")}
    return {**person_roots(persons), **acronym_roots(others)}
