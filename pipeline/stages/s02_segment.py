"""Stage 2 — segmentation: lines (paragraphs) → sentences → tokens, with razdel.

The text is split on line breaks first, so no sentence, token or span ever crosses
one: a heading is never glued to the line below it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from razdel import sentenize
from razdel.segmenters.punct import DASHES, ENDINGS
from razdel.segmenters.tokenize import ATOM, INT, LAT, OTHER, PUNCT, RU, SMILE

from pipeline.records import Sentence

LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x0b|\x0c|\x1c|\x1d|\x1e|\x85")

# razdel's sentenizer is fast, but a single "sentence" of a megabyte (a dump with no
# full stops) would become one huge tagger input; such runs are cut into pieces of at
# most this many characters, at a space where possible.
MAX_SENTENCE_CHARS = 2000


class TokenSpan(NamedTuple):
    """A token before tagging (a named tuple: one per token, built 4× faster than a frozen dataclass)."""

    sentence: int
    index: int
    start: int
    stop: int
    text: str


Line = tuple[int, str]  # (offset of its first character, the line without its break)


@dataclass(frozen=True)
class Segmentation:
    lines: tuple[Line, ...]  # every non-blank line: what the value extractors read
    sentences: tuple[Sentence, ...]
    tokens: tuple[TokenSpan, ...]


def lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, line) for every non-blank line, line breaks excluded."""
    position = 0
    for match in LINE_BREAK.finditer(text):
        if text[position : match.start()].strip():
            yield position, text[position : match.start()]
        position = match.end()
    if text[position:].strip():
        yield position, text[position:]


def _cut_long(start: int, piece: str) -> Iterator[tuple[int, int]]:
    """Cut an over-long sentence into pieces of at most MAX_SENTENCE_CHARS, at spaces."""
    offset = 0
    while len(piece) - offset > MAX_SENTENCE_CHARS:
        cut = piece.rfind(" ", offset + 1, offset + MAX_SENTENCE_CHARS)
        if cut <= offset:
            cut = offset + MAX_SENTENCE_CHARS
        yield start + offset, start + cut
        offset = cut
        while offset < len(piece) and piece[offset].isspace():
            offset += 1
    if offset < len(piece):
        yield start + offset, start + len(piece)


def sentence_bounds(text_lines: Iterable[Line]) -> Iterator[tuple[int, int]]:
    """(start, stop) of every sentence, never crossing a line break."""
    for line_start, line in text_lines:
        for substring in sentenize(line):
            if not substring.text.strip():
                continue
            yield from _cut_long(line_start + substring.start, substring.text)


# razdel's tokenizer (`razdel.tokenize`, pinned at 0.5.0), run on its own atoms and rules
# without its objects. Why not razdel itself: it builds an Atom, a TokenSplit with two windows
# of atoms and a generator chain for every gap between two atoms, and finds each token's
# offset again with `str.find` — a tenth of `extract`'s time. Here an atom is a tuple and a
# gap is tested only where razdel's rules can join: two atoms with nothing between them
# (razdel splits at every space). Same atoms (razdel's ATOM pattern), same rules in the same
# order, same tokens: tests/test_segment.py compares the two on every public text and on
# random strings of the characters the rules look at.
Atom = tuple[int, int, str, str]  # start, stop, type (RU, LAT, INT, PUNCT, OTHER), text


def _unless_punct(left: Atom, right: Atom) -> bool | None:
    return None if left[2] == PUNCT or right[2] == PUNCT else True


def _both_numbers(left: Atom, right: Atom) -> bool | None:
    return True if left[2] == INT and right[2] == INT else None


# razdel's Rule2112 rules in its order (dash, underscore, float, fraction): a delimiter atom
# on either side of the gap, and the verdict on the atoms around it (True: join; None: go on).
_RULES_2112: tuple[tuple[Callable[[str], bool], Callable[[Atom, Atom], bool | None]], ...] = (
    (lambda part: part in DASHES, _unless_punct),
    (lambda part: part == "_", _unless_punct),
    (lambda part: part in ".,", _both_numbers),
    (lambda part: part in "/\\", _both_numbers),
)


def _joins(atoms: list[Atom], index: int, buffer: str) -> bool:
    """Whether razdel joins atom `index` to the token before it (`buffer`), nothing between them."""
    previous, atom = atoms[index - 1], atoms[index]
    left, right = previous[3], atom[3]
    for is_delimiter, verdict in _RULES_2112:
        if is_delimiter(left):
            around = (atoms[index - 2] if index > 1 else None, atom)
        elif is_delimiter(right):
            around = (previous, atoms[index + 1] if index + 1 < len(atoms) else None)
        else:
            continue
        if around[0] is not None and around[1] is not None and verdict(*around):
            return True
    if (previous[2] == PUNCT and atom[2] == PUNCT) and (  # punct
        SMILE.match(buffer + right) or (left in ENDINGS and right in ENDINGS) or left + right in ("--", "**")
    ):
        return True
    if previous[2] == OTHER and atom[2] in (OTHER, RU, LAT):  # other
        return True
    if previous[2] in (OTHER, RU, LAT) and atom[2] == OTHER:
        return True
    return left.lower() == "yahoo" and right == "!"  # yahoo


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """razdel's tokens of `text` as (start, stop, text)."""
    atoms: list[Atom] = [(m.start(), m.end(), m.lastgroup or "", m.group()) for m in ATOM.finditer(text)]
    tokens: list[tuple[int, int, str]] = []
    if not atoms:
        return tokens
    start, stop, _, buffer = atoms[0]
    for index in range(1, len(atoms)):
        atom = atoms[index]
        if atom[0] == stop and _joins(atoms, index, buffer):
            buffer += atom[3]
        else:
            tokens.append((start, stop, buffer))
            start, buffer = atom[0], atom[3]
        stop = atom[1]
    tokens.append((start, stop, buffer))
    return tokens


def segment(text: str) -> Segmentation:
    """Split a document into sentences and tokens with absolute offsets."""
    text_lines = tuple(lines(text))
    sentences: list[Sentence] = []
    tokens: list[TokenSpan] = []
    for start, stop in sentence_bounds(text_lines):
        number = len(sentences)
        sentences.append(Sentence(number, start, stop))
        for index, (token_start, token_stop, token) in enumerate(tokenize(text[start:stop])):
            tokens.append(TokenSpan(number, index, start + token_start, start + token_stop, token))
    return Segmentation(text_lines, tuple(sentences), tuple(tokens))
