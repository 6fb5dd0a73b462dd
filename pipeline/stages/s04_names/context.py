"""What every name rule works on: spans, the document's words, and pymorphy3 look-ups."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from operator import attrgetter
from typing import NamedTuple, Protocol

import pymorphy3

from pipeline.inflect.forms import parses  # pymorphy3's readings of a word, in one cache with inflect's
from pipeline.lexicon import is_abbreviation
from pipeline.records import NAME_TYPES
from pipeline.stages.s04_names.wordlists import NAME_PARTICLES, ROLE_LEMMAS

TYPES = NAME_TYPES


@dataclass(frozen=True)
class Span:
    """A candidate mention: [start, stop) offsets into the document and its type.

    `inner` holds the names an organisation's name was joined from (its nested, depth-1
    names: «России» in «МИД России»); only the join rules fill it.
    """

    start: int
    stop: int
    type: str
    inner: tuple[Span, ...] = ()

    @property
    def bare(self) -> Span:
        """The span without its inner names (a name nests one level deep only)."""
        return Span(self.start, self.stop, self.type) if self.inner else self


def joined_org(head: Span, parts: Sequence[Span]) -> Span:
    """One ORG from `head` (its first part) up to the last of `parts`; the parts become its
    inner names, after those `head` already had."""
    return Span(head.start, parts[-1].stop, "ORG", head.inner + tuple(part.bare for part in parts))


def nested_names(span: Span) -> list[Span]:
    """The inner names of a kept span that lie strictly inside it, in order, none overlapping."""
    found: list[Span] = []
    for inner in sorted(span.inner, key=lambda s: (s.start, -s.stop)):
        inside = span.start <= inner.start < inner.stop <= span.stop
        smaller = (inner.start, inner.stop) != (span.start, span.stop)
        if inside and smaller and (not found or inner.start >= found[-1].stop):
            found.append(inner)
    return found


class Word(Protocol):
    """A token as the rules see it: offsets, text, slovnet POS and features (may be empty).

    The morphology stage's `Token`s are read as they are: a copy of every token cost ~3% of
    a whole `extract` run. A document without tagged tokens gets `PlainWord`s.
    """

    @property
    def start(self) -> int: ...
    @property
    def stop(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def feats(self) -> str: ...
    @property
    def pos(self) -> str: ...


class PlainWord(NamedTuple):
    """A razdel token without features: a `Word` where a document has no tagged tokens."""

    start: int
    stop: int
    text: str
    feats: str = ""
    pos: str = ""


_QUOTE_BEFORE = re.compile(r"[«„“\"']+\s*$")  # ' too: wiki markup ''…'' in NEREL


@dataclass(frozen=True)
class Context:
    """One document: its text, every token in order, and the pymorphy3 analyzer."""

    text: str
    words: Sequence[Word]
    morph: pymorphy3.MorphAnalyzer
    starts: tuple[int, ...] = ()  # the words' start offsets, for bisection
    stops: tuple[int, ...] | None = None  # their stop offsets, where they never decrease
    # `words_in` of each place asked (the document's own: it goes with the Context)
    spans_words: dict[tuple[int, int], list[Word]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(map(attrgetter("start"), self.words)))
        stops = tuple(map(attrgetter("stop"), self.words))
        ordered = all(a <= b for a, b in pairwise(stops))
        object.__setattr__(self, "stops", stops if ordered else None)

    def words_in(self, start: int, stop: int) -> list[Word]:
        """The words lying wholly inside [start, stop) (a list shared by the calls: never changed).

        Every rule asks this of every span (~260,000 calls on 868 texts, four in five of the
        same place again): remembered for the document, and found by bisection where the
        words' stops are ordered (tokens never overlap), not word by word."""
        found = self.spans_words.get((start, stop))
        if found is None:
            first = bisect_left(self.starts, start)
            last = bisect_left(self.starts, stop, first)  # the words starting inside
            if self.stops is not None:
                found = list(self.words[first : bisect_right(self.stops, stop, first, last)])
            else:
                found = [word for word in self.words[first:last] if word.stop <= stop]
            self.spans_words[start, stop] = found
        return found

    def only_words(self, start: int, stop: int) -> list[Word] | None:
        """The words between two offsets, or None if anything else (punctuation) stands there too."""
        words = self.words_in(start, stop)
        if "".join(w.text for w in words) != "".join(self.text[start:stop].split()):
            return None
        return words

    def same_line(self, start: int, stop: int) -> bool:
        return "\n" not in self.text[start:stop] and "\r" not in self.text[start:stop]

    def surface(self, span: Span) -> str:
        return self.text[span.start : span.stop]

    def opening_quote(self, span: Span) -> int | None:
        """Where the quotation mark that opens right before the span is, if one does."""
        match = _QUOTE_BEFORE.search(self.text, max(0, span.start - 3), span.start)
        return match.start() if match else None


def noun_lemmas(morph: pymorphy3.MorphAnalyzer, word: str) -> set[str]:
    """The normal forms of the word's noun readings."""
    return {p.normal_form for p in parses(morph, word) if p.tag.POS == "NOUN"}


def is_name_like(morph: pymorphy3.MorphAnalyzer, word: str) -> bool:
    """A dictionary reading as a first name, surname, patronymic or place/org name."""
    return any({"Name", "Surn", "Patr", "Geox", "Orgn"} & p.tag.grammemes for p in parses(morph, word))


@lru_cache(maxsize=5_000)  # asked of every span's first word and every capitalized word; bounds: README
def is_role_word(morph: pymorphy3.MorphAnalyzer, word: str) -> bool:
    """A title or role at the start of a person's span: «Президента», «министр», «экс-премьер»."""
    if not word[:1].isalpha():
        return False
    if word.islower():
        return word not in NAME_PARTICLES
    if is_abbreviation(word):
        return False
    return bool(noun_lemmas(morph, word) & ROLE_LEMMAS) and not is_name_like(morph, word)


def reads_as_person_name(morph: pymorphy3.MorphAnalyzer, word: str) -> bool:
    """The dictionary's first reading is a first name or surname: «ДиКаприо», «МакКейн»."""
    found = parses(morph, word)
    return bool(found) and bool({"Name", "Surn", "Patr"} & found[0].tag.grammemes)


def is_genitive(morph: pymorphy3.MorphAnalyzer, word: Word) -> bool:
    """The tagger's case (or, without features, any dictionary reading) is the genitive."""
    if is_abbreviation(word.text):
        return True
    if word.feats:
        return "Case=Gen" in word.feats
    return any(p.tag.case in ("gent", "gen2") for p in parses(morph, word.text))


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_-"


def occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    """Where `surface` stands in `text` as a whole word (not inside a longer word or hyphenation).

    A plain `str.find` loop: compiling a regular expression per name and document would
    overflow `re`'s cache and cost more than the search itself.
    """
    found = []
    start = text.find(surface)
    while start >= 0:
        stop = start + len(surface)
        if (start == 0 or not _is_word_char(text[start - 1])) and (
            stop == len(text) or not _is_word_char(text[stop])
        ):
            found.append((start, stop))
        start = text.find(surface, start + 1)
    return found


class Coverage:
    """The characters the spans cover, so that "is this place free?" costs the length of the
    place, not the number of spans (a long document has thousands)."""

    def __init__(self, length: int, spans: Sequence[Span] = ()) -> None:
        self._covered = bytearray(length)
        for span in spans:
            self.add(span.start, span.stop)

    def add(self, start: int, stop: int) -> None:
        if stop > start:
            self._covered[start:stop] = b"\x01" * (stop - start)

    def free(self, start: int, stop: int) -> bool:
        return self._covered.find(1, start, stop) == -1
