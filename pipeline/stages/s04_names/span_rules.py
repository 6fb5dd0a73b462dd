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
from pipeline.stages.s04_names.context import (
    Context,
    Span,
    Word,
    is_name_like,
    is_role_word,
    noun_lemmas,
    parses,
)
from pipeline.stages.s04_names.wordlists import (
    COMMON_ABBREVIATIONS,
    GENERIC_ORG_LEMMAS,
    ORG_KIND_LEMMAS,
    QUOTES_AND_PUNCT,
    TAIL_PREPOSITIONS,
)


def strip_titles(ctx: Context, spans: list[Span]) -> list[Span]:
    """Leave roles and titles out of PER: «Президента К.Токаева» → «К.Токаева»."""
    result = []
    for span in spans:
        if span.type == "PER":
            words = ctx.words_in(span.start, span.stop)
            while len(words) > 1 and is_role_word(ctx.morph, words[0].text):
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


# The dictionary's tags for a place and an organisation, and the parts of speech of words that
# are never a name on their own («Если-же»).
_DICTIONARY_TYPES = {"Geox": "LOC", "Orgn": "ORG"}
_FUNCTION_POS = frozenset({"CONJ", "PRCL", "PREP", "INTJ"})


def type_from_dictionary(ctx: Context, spans: list[Span]) -> list[Span]:
    """A one-word PER that the dictionary knows only as a place or only as an organisation takes
    that type («Иерусалиму» → LOC, «Аль-Кайды» → ORG); a one-word name it knows only as a
    conjunction, particle, preposition or interjection is dropped («Если-же»)."""
    result = []
    for span in spans:
        words = ctx.words_in(span.start, span.stop)
        found = parses(ctx.morph, words[0].text) if len(words) == 1 else ()
        if found and all(p.tag.POS in _FUNCTION_POS for p in found):
            continue
        if span.type == "PER" and found and not _reads_as_person(found):
            kinds = {kind for p in found for tag, kind in _DICTIONARY_TYPES.items() if tag in p.tag}
            if len(kinds) == 1 and all(any(tag in p.tag for tag in _DICTIONARY_TYPES) for p in found):
                span = replace(span, type=kinds.pop())
        result.append(span)
    return result


def _reads_as_person(found: Sequence[pymorphy3.analyzer.Parse]) -> bool:
    return any({"Name", "Surn", "Patr"} & p.tag.grammemes for p in found)


# The bracket after a name: «Аль Аин (Al Ain)», «Швейцарией (Switzerland)».
_BRACKET_GAP = re.compile(r"\s*\(\s*$")
_BRACKET_END = re.compile(r"\s*\)")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def bracket_translation_type(ctx: Context, spans: list[Span]) -> list[Span]:
    """A Latin-script name in brackets right after a Cyrillic one is the same name written in
    its own language and takes its type: «Аль Аин (Al Ain)» LOC + LOC, not LOC + PER; a
    Cyrillic name in brackets («Горацио Элисондо (Аргентина)») is another mention, left alone."""
    spans = sorted(spans, key=lambda s: s.start)
    result = list(spans)
    for index in range(1, len(spans)):
        first, second = spans[index - 1], spans[index]
        if (
            first.type != second.type
            and _BRACKET_GAP.fullmatch(ctx.text[first.stop : second.start]) is not None
            and _BRACKET_END.match(ctx.text, second.stop) is not None
            and _CYRILLIC.search(ctx.surface(first)) is not None
            and _CYRILLIC.search(ctx.surface(second)) is None
        ):
            result[index] = replace(second, type=first.type)
    return result


_QUOTE_AFTER = re.compile(r"\s*[»“”\"']")


def quoted_name_of_org_kind(ctx: Context, spans: list[Span]) -> list[Span]:
    """A place or person name that fills the quotes after a word for a kind of organisation is
    the organisation's name: «ФК «Тамбов»», «газеты «Москва»» → ORG «Тамбов», «Москва»; a span
    of that word alone (ORG «ФК») is dropped (guidelines: the generic word stays outside)."""
    by_stop = {s.stop: s for s in spans}
    dropped: set[Span] = set()
    result = []
    for span in spans:
        before = ctx.words_in(max(0, span.start - 40), span.start)
        kind = before[-2] if len(before) > 1 and not before[-1].text[:1].isalnum() else None
        if (
            span.type in ("LOC", "PER")
            and kind is not None
            and ctx.opening_quote(span) is not None
            and _QUOTE_AFTER.match(ctx.text, span.stop) is not None
            and ctx.same_line(kind.start, span.start)
            and (
                (is_abbreviation(kind.text) and kind.text.isalpha())
                or noun_lemmas(ctx.morph, kind.text) & ORG_KIND_LEMMAS
            )
        ):
            span = replace(span, type="ORG")
            prefix = by_stop.get(kind.stop)
            if prefix is not None and prefix.start == kind.start and prefix.type == "ORG":
                dropped.add(prefix)
        result.append(span)
    return [s for s in result if s not in dropped]
