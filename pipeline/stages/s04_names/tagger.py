"""slovnet's NER model on the lines of several documents at once, on the pipeline's tokens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from slovnet.bio import bio_spans

from pipeline.models import Models
from pipeline.stages.s02_segment import LINE_BREAK
from pipeline.stages.s04_names.context import TYPES, Span


class Located(Protocol):
    start: int
    stop: int
    text: str


def line_groups(text: str, tokens: Sequence[Located]) -> list[list[Located]]:
    """The tokens of each line: a new line starts where a line break lies between two tokens."""
    groups: list[list[Located]] = []
    previous_stop = None
    for token in tokens:
        if previous_stop is None or LINE_BREAK.search(text, previous_stop, token.start):
            groups.append([])
        groups[-1].append(token)
        previous_stop = token.stop
    return groups


def tag_lines_batch(documents: Sequence[tuple[str, Sequence[Located]]], models: Models) -> list[list[Span]]:
    """PER/LOC/ORG spans of every line of several documents (one sorted list per document).

    One line is one model input, so no span crosses a line break (natasha on a whole text
    joins a heading to the next line). The model gets the pipeline's own tokens (natasha's
    `NERTagger.map` on raw strings would tokenize again), the lines of all documents in one
    call (`pipeline.tagging`). A line's tags do not depend on the other lines in its batch.
    """
    lines_of: list[tuple[int, list[Located]]] = []
    for number, (text, tokens) in enumerate(documents):
        lines_of.extend((number, group) for group in line_groups(text, tokens))
    tags = models.taggers.names([[token.text for token in group] for _, group in lines_of])
    spans: list[list[Span]] = [[] for _ in documents]
    for (number, group), line_tags in zip(lines_of, tags, strict=True):
        spans[number].extend(
            Span(s.start, s.stop, s.type) for s in bio_spans(group, line_tags) if s.type in TYPES
        )
    for found in spans:
        found.sort(key=lambda s: (s.start, s.stop))
    return spans
