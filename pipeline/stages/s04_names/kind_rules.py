"""Rules that decide a span names no organisation: a work, a product, a brand with a noun.

The model tags by the look of a name; these rules read the words around it. Every rule is a
pure function `(Context, spans) -> spans`; `rules.RULES` orders them and says what each is for
and what it measurably does.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.stages.s04_names.context import Context, Span, Word, noun_lemmas
from pipeline.stages.s04_names.wordlists import PRODUCT_LEMMAS, WORK_LEMMAS

# The quoted item before this one in a list of titles: «Брат», «Брат 2» и «Война».
_LISTED_QUOTE = re.compile(r"[«„“\"][^«»„“\"\n]{1,80}[»“”\"]\s*(?:,|и|или)\s*$")
_LIST_MAX_ITEMS = 12
# At most this many capitalised words (a genitive name: «сериал Дэвида Линча «Твин Пикс»»)
# between the noun and the quoted title.
_NAME_WORDS_BETWEEN = 3


_NAMES_BETWEEN = re.compile(rf"(?:\s+[А-ЯЁA-Z][\w-]*){{0,{_NAME_WORDS_BETWEEN}}}\s*")


def _noun_before_quote(ctx: Context, quote: int) -> Word | None:
    """The lower-case word a quoted title hangs on: the one right before the quote, before the
    first quoted item of a list the title ends, or before a name in the genitive there."""
    for _ in range(_LIST_MAX_ITEMS):
        listed = _LISTED_QUOTE.search(ctx.text, max(0, quote - 100), quote)
        if listed is None:
            break
        quote = listed.start()
    previous = [w for w in ctx.words_in(max(0, quote - 60), quote) if w.text[:1].isalnum()]
    for word in reversed(previous):
        if word.text.islower():
            return word if _NAMES_BETWEEN.fullmatch(ctx.text, word.stop, quote) else None
    return None


def drop_quoted_work(ctx: Context, spans: list[Span]) -> list[Span]:
    """Drop a quoted name that a noun makes a work, product, award, event, case or building:
    «фильма «Брат»», «дело «Уайтуотер»», «премии «Эмми»», «вещество «Новичок»»; the noun may
    stand before the list the title ends («в фильмах «Брат», «Война»») or before the author's
    name («сериал Дэвида Линча «Твин Пикс»») (not names: ../shared/ANNOTATION.md;
    corpus/gold/README.md, judgment calls)."""
    result = []
    for span in spans:
        quote = ctx.opening_quote(span) if span.type in ("ORG", "LOC") else None
        noun = _noun_before_quote(ctx, quote) if quote is not None else None
        if noun is not None and noun_lemmas(ctx.morph, noun.text) & WORK_LEMMAS:
            continue
        result.append(span)
    return result


# A model's designation after a brand: «Boeing 737», «Lockheed T-33», «Honda CR-V», «Airbus A320».
_MODEL = re.compile(
    r"[ \t]+(?:[A-Z]{1,3}-?\d{1,4}[A-Za-z]?|\d{3,4}(?:-\d{1,4})?|[A-Z]{1,2}-[A-Z]{1,2})(?![\w-])"
)
_YEAR = re.compile(r"\s*(?:1[89]|20)\d\d$")
_LATIN = re.compile(r"[A-Za-z]")


def drop_product(ctx: Context, spans: list[Span]) -> list[Span]:
    """Drop a Latin brand that names a product, not its maker: followed by a model
    («Boeing 737», «Honda CR-V», «самолёта Lockheed T-33») or after a word for a vehicle or
    device («автомобиля Hyundai», «ноутбук Asus») (not names: corpus/gold/README.md,
    «Ford Mustang»; NEREL: PRODUCT)."""
    result = []
    for span in spans:
        if span.type == "ORG" and _LATIN.match(ctx.text, span.start):
            model = _MODEL.match(ctx.text, span.stop)
            before = [w for w in ctx.words_in(max(0, span.start - 30), span.start) if w.text[:1].isalnum()]
            last = ctx.words_in(span.start, span.stop)[-1:]
            if (model is not None and not _YEAR.match(model.group())) or (
                last
                and last[0].start > span.start
                and _MODEL.fullmatch(ctx.text, last[0].start - 1, span.stop)
                and not _YEAR.match(ctx.text, last[0].start - 1, span.stop)
            ):
                continue
            if (
                before
                and before[-1].text.islower()
                and ctx.text[before[-1].stop : span.start].strip() == ""
                and noun_lemmas(ctx.morph, before[-1].text) & PRODUCT_LEMMAS
            ):
                continue
        result.append(span)
    return result


# A Latin name or abbreviation joined by a hyphen to a lower-case noun: «Telegram-канале»,
# «YouTube-блогером», «VIP-палате» — a common noun, not a name. (A Cyrillic abbreviation is
# not: «РИА-новости» is an agency's name.)
_NAME_AND_NOUN = re.compile(r"[A-Za-z][\w.]*-[а-яё]+")


def drop_name_and_noun(ctx: Context, spans: list[Span]) -> list[Span]:
    """«Telegram-канале», «YouTube-блогером», «VIP-палате» are common nouns with a name in
    them, not organisations: such a word at the start of a span is cut off (the span is
    dropped if nothing is left)."""
    result = []
    for span in spans:
        words = ctx.words_in(span.start, span.stop)
        if words and _NAME_AND_NOUN.fullmatch(words[0].text):
            while words and _NAME_AND_NOUN.fullmatch(words[0].text):
                words = words[1:]
            if not words:
                continue
            span = replace(span, start=words[0].start)
        result.append(span)
    return result
