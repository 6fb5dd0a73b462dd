"""A text with spans marked up as properly nested HTML elements.

Mentions nest (a place inside an organisation's name) and, where a prediction and the
gold disagree on a span, cross. HTML elements can only nest, so a span that crosses the
end of an enclosing one is closed there and reopened after it as a continuation (the
way browsers mend overlapping inline tags). displaCy and ipymarkup draw one layer of
non-overlapping spans, which is why this is written here.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    stop: int
    head: str  # the opening tag of its first element
    cont: str  # the opening tag of a continuation after a crossing
    close: str = "</span>"


def render(text: str, spans: Iterable[Span]) -> str:
    """`text` escaped, with each span's elements around its characters.

    Spans are opened outer first (earlier start, then longer); offsets outside the text
    are clamped, and empty spans are left out.
    """
    size = len(text)
    ordered = sorted(
        (Span(max(0, s.start), min(size, s.stop), s.head, s.cont, s.close) for s in spans),
        key=lambda s: (s.start, -s.stop),
    )
    ordered = [s for s in ordered if s.start < s.stop]
    out: list[str] = []
    stack: list[Span] = []
    cursor = 0
    following = 0
    while following < len(ordered) or stack:
        next_start = ordered[following].start if following < len(ordered) else size
        next_stop = min((s.stop for s in stack), default=size)
        position = min(next_start, next_stop)
        out.append(html.escape(text[cursor:position], quote=False))
        cursor = position
        if next_stop == position and stack:
            reopen = []
            while any(s.stop == position for s in stack):
                top = stack.pop()
                out.append(top.close)
                if top.stop != position:
                    reopen.append(top)
            for span in reversed(reopen):
                out.append(span.cont)
                stack.append(span)
        while following < len(ordered) and ordered[following].start == position:
            out.append(ordered[following].head)
            stack.append(ordered[following])
            following += 1
    out.append(html.escape(text[cursor:], quote=False))
    return "".join(out)
