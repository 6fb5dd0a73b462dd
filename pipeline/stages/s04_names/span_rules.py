"""Rules that fix each span on its own: its edges, its type, whether it is a name at all.

Every rule is a pure function `(Context, spans) -> spans`; `rules.RULES` orders them and
says what each is for and what it measurably does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import pymorphy3

from pipeline.lexicon import is_abbreviation
from pipeline.stages.s04_names.context import Context, Span, Word, is_name_like, noun_lemmas, parses
from pipeline.stages.s04_names.wordlists import (
    COMMON_ABBREVIATIONS,
    GENERIC_ORG_LEMMAS,
    NAME_PARTICLES,
    QUOTES_AND_PUNCT,
    ROLE_LEMMAS,
    TAIL_PREPOSITIONS,
)


def _is_role_word(morph: pymorphy3.MorphAnalyzer, word: str) -> bool:
    """A title or role at the start of a person's span: «Президента», «министр», «экс-премьер»."""
    if not word[:1].isalpha():
        return False
    if word.islower():
        return word not in NAME_PARTICLES
    if is_abbreviation(word):
        return False
    return bool(noun_lemmas(morph, word) & ROLE_LEMMAS) and not is_name_like(morph, word)


def strip_titles(ctx: Context, spans: list[Span]) -> list[Span]:
    """Leave roles and titles out of PER: «Президента К.Токаева» → «К.Токаева»."""
    result = []
    for span in spans:
        if span.type == "PER":
            words = ctx.words_in(span.start, span.stop)
            while len(words) > 1 and _is_role_word(ctx.morph, words[0].text):
                words = words[1:]
                while len(words) > 1 and not words[0].text[:1].isalnum():
                    words = words[1:]
            if words:
                span = replace(span, start=words[0].start)
        result.append(span)
    return result


# «Ван И.» at the end of a sentence: a full name, then a one-letter name and the full stop.
_NAME_THEN_LETTER = re.compile(r"^\w{2,}(?:-\w+)*\s+\w\.$")
_SENTENCE_GOES_ON = re.compile(r"\s*(?:$|[А-ЯЁA-Z«\"„(—–-])")


def _ends_sentence_after_name(text: str, start: int, stop: int) -> bool:
    """The final dot of «Ван И.» ends the sentence (the line ends or a new sentence starts);
    after initials before a surname («К. Токаев») or after «Дж.» it is part of the name."""
    return bool(_NAME_THEN_LETTER.match(text[start:stop])) and bool(_SENTENCE_GOES_ON.match(text, stop))


def strip_punctuation(ctx: Context, spans: list[Span]) -> list[Span]:
    """Quotes, brackets and punctuation at the edges stay out («Солидарность» → Солидарность).

    A final dot stays after an initial («Дж.»), unless it ends the sentence after a full name
    and a one-letter one («с Ван И.»); a closing bracket stays if the span opens one.
    A span left with no letter or digit is dropped.
    """
    result = []
    for span in spans:
        start, stop = span.start, span.stop
        while start < stop and (ctx.text[start] in QUOTES_AND_PUNCT or ctx.text[start].isspace()):
            start += 1
        while start < stop:
            char = ctx.text[stop - 1]
            kept_bracket = char == ")" and "(" in ctx.text[start:stop]
            kept_dot = (
                char == "."
                and re.search(r"(?:^|[\s.])\w\.$", ctx.text[start:stop]) is not None
                and not _ends_sentence_after_name(ctx.text, start, stop)
            )
            if (
                char.isspace()
                or (char in QUOTES_AND_PUNCT and not kept_bracket)
                or (char == "." and not kept_dot)
            ):
                stop -= 1
            else:
                break
        if start < stop and any(c.isalnum() for c in ctx.text[start:stop]):
            result.append(Span(start, stop, span.type))
    return result


_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")


def split_parenthesis(ctx: Context, spans: list[Span]) -> list[Span]:
    """«Джошуа Вольфа (Joshua Wolf)», «Форума стран-экспортеров газа (ФСЭГ)»: the name and
    the name in brackets are two mentions of the same type, the brackets outside both."""
    result = []
    for span in spans:
        match = _PARENTHESIS.search(ctx.surface(span))
        if match is None or match.start() == 0:
            result.append(span)
            continue
        pieces = [Span(span.start, span.start + match.start(), span.type)]
        inner_start, inner_stop = span.start + match.start(1), span.start + match.end(1)
        if ctx.text[inner_start:inner_stop].strip():
            pieces.append(Span(inner_start, inner_stop, span.type))
        rest = span.start + match.end()
        if ctx.text[rest : span.stop].strip():
            pieces.append(Span(rest, span.stop, span.type))
        result += strip_punctuation(ctx, pieces)
    return result


_OPEN_QUOTE = re.compile(r"[«\"„“]")
_CLOSE_QUOTE = re.compile(r"[»\"“”]")


def _is_generic_prefix(ctx: Context, words: Sequence[Word]) -> bool:
    """«компании», «ОАО», «ФК», «Концерн»: words (or abbreviations) that say what kind of
    organisation the quoted name that follows is."""
    for word in words:
        if is_abbreviation(word.text) or word.text.islower() or not word.text[:1].isalnum():
            continue  # «ОАО», «ФК», «компании»
        if not noun_lemmas(ctx.morph, word.text) & GENERIC_ORG_LEMMAS:
            return False
    return True


def quoted_org_name(ctx: Context, spans: list[Span]) -> list[Span]:
    """An ORG with a name in quotes inside: the quoted name is the ORG, quotes outside;
    a generic prefix («ОАО», «компании», «Концерн») is dropped, a named one («Русской
    службе») stays an ORG of its own."""
    result = []
    for span in spans:
        match = _OPEN_QUOTE.search(ctx.surface(span))
        if span.type != "ORG" or match is None or match.start() == 0:
            result.append(span)
            continue
        quote = span.start + match.start()
        closing = _CLOSE_QUOTE.search(ctx.text, quote + 1, span.stop + 1)
        stop = closing.start() if closing else span.stop
        if not ctx.same_line(quote, stop):
            stop = span.stop
        pieces = []
        prefix = ctx.words_in(span.start, quote)
        if not _is_generic_prefix(ctx, prefix):
            pieces.append(Span(span.start, prefix[-1].stop, "ORG"))
        pieces.append(Span(quote + 1, stop, "ORG"))
        result += strip_punctuation(ctx, pieces)
    return result


def trim_org_preposition_tail(ctx: Context, spans: list[Span]) -> list[Span]:
    """Cut an ORG before a lower-case prepositional tail with no name in it: «Организации на правах»."""
    result = []
    for span in spans:
        if span.type == "ORG":
            words = ctx.words_in(span.start, span.stop)
            for index, word in enumerate(words[1:], start=1):
                tail = words[index:]
                if word.text in TAIL_PREPOSITIONS and not any(w.text[:1].isupper() for w in tail):
                    span = replace(span, stop=words[index - 1].stop)
                    break
        result.append(span)
    return result


def drop_generic_org(ctx: Context, spans: list[Span]) -> list[Span]:
    """Drop a one-word ORG that is a capitalised common noun («Организации» meaning the SCO)."""
    result = []
    for span in spans:
        words = ctx.words_in(span.start, span.stop)
        if span.type == "ORG" and len(words) == 1 and not is_abbreviation(words[0].text):
            found = parses(ctx.morph, words[0].text)
            if (
                found
                and found[0].normal_form in GENERIC_ORG_LEMMAS
                and not is_name_like(ctx.morph, words[0].text)
            ):
                continue
        result.append(span)
    return result


def drop_common_abbreviation(ctx: Context, spans: list[Span]) -> list[Span]:
    """Drop an ORG that is only a common-noun abbreviation: «СМИ», «вузы», «ОАО»."""
    return [s for s in spans if not (s.type == "ORG" and ctx.surface(s).upper() in COMMON_ABBREVIATIONS)]
