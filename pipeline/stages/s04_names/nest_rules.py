"""The names nested in an organisation's name (`../shared/ANNOTATION.md`, "Nested names").

The join rules record the names an ORG was built from («МИД» + «России» → «России» nested).
Where the model tags the whole name at once, `nest_names_in_org` finds what stands inside it
on its own: a person after «имени»/«им.» («МХТ им. А. П. Чехова»), a word the dictionary
reads first as a place («Банк России», «Единая Россия»), or a one-word name the document
tags elsewhere («Регионального центра ООН» where «ООН» stands alone too). Only one level
deep, and never the organisation's first word (its head: «России» is not nested in itself).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pipeline.stages.s04_names.context import Context, Span, Word, parses
from pipeline.stages.s04_names.join_rules import NAMED_AFTER


def _initial_or_name(word: Word) -> bool:
    return word.text[:1].isupper() or word.text == "."


def _person_after_named(words: Sequence[Word], at: int) -> tuple[Span, int] | None:
    """«имени И. Д. Воронина»: the capitalised words and initials after «имени»/«им.»."""
    index = at + 1
    if index < len(words) and words[index].text == "." and words[at].text == "им":
        index += 1
    first = index
    while index < len(words) and _initial_or_name(words[index]):
        index += 1
    last = index - 1
    while last >= first and len(words[last].text.rstrip(".")) < 2:  # end on a full word
        last -= 1
    if last < first:
        return None
    return Span(words[first].start, words[last].stop, "PER"), last + 1


def _is_place_word(ctx: Context, word: Word) -> bool:
    """A capitalised word whose first dictionary reading is a place name («России», «РФ»)."""
    found = parses(ctx.morph, word.text)
    return word.text[:1].isupper() and bool(found) and found[0].tag.POS == "NOUN" and "Geox" in found[0].tag


def _inner_names(ctx: Context, span: Span, known: dict[str, str]) -> Iterator[Span]:
    words = ctx.words_in(span.start, span.stop)
    index = 1
    while index < len(words):
        word = words[index]
        if word.text.lower() in NAMED_AFTER:
            person = _person_after_named(words, index)
            if person is not None:
                yield person[0]
                index = person[1]
                continue
        if word.text in known:
            yield Span(word.start, word.stop, known[word.text])
        elif _is_place_word(ctx, word):
            yield Span(word.start, word.stop, "LOC")
        index += 1


def nest_names_in_org(ctx: Context, spans: list[Span]) -> list[Span]:
    """Every ORG of two or more words gains, as inner names, the names standing inside it."""
    known = {ctx.surface(s): s.type for s in spans if len(ctx.words_in(s.start, s.stop)) == 1}
    result = []
    for span in spans:
        if span.type == "ORG":
            found = tuple(_inner_names(ctx, span, known))
            taken = [(i.start, i.stop) for i in span.inner]
            extra = tuple(
                i for i in found if all(i.stop <= start or i.start >= stop for start, stop in taken)
            )
            if extra:
                span = Span(span.start, span.stop, span.type, span.inner + extra)
        result.append(span)
    return result
