"""Stage 2 — segmentation: lines (paragraphs) → sentences → tokens, with razdel.

The text is split on line breaks first, so no sentence, token or span ever crosses
one: a heading is never glued to the line below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from razdel import sentenize, tokenize

from pipeline.records import Sentence

LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x0b|\x0c|\x1c|\x1d|\x1e|\x85")

# razdel's sentenizer is fast, but a single "sentence" of a megabyte (a dump with no
# full stops) would become one huge tagger input; such runs are cut into pieces of at
# most this many characters, at a space where possible.
MAX_SENTENCE_CHARS = 2000


@dataclass(frozen=True)
class TokenSpan:
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


def segment(text: str) -> Segmentation:
    """Split a document into sentences and tokens with absolute offsets."""
    text_lines = tuple(lines(text))
    sentences: list[Sentence] = []
    tokens: list[TokenSpan] = []
    for start, stop in sentence_bounds(text_lines):
        number = len(sentences)
        sentences.append(Sentence(number, start, stop))
        for index, substring in enumerate(tokenize(text[start:stop])):
            tokens.append(
                TokenSpan(number, index, start + substring.start, start + substring.stop, substring.text)
            )
    return Segmentation(text_lines, tuple(sentences), tuple(tokens))
