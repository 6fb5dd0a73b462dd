"""Rules that decide a span names places: a building, several places listed, a country's team.

The model tags by the look of a name; these rules read the words around it. Every rule is a
pure function `(Context, spans) -> spans`; `rules.RULES` orders them and says what each is for
and what it measurably does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.stages.s04_names.context import Context, Span, Word, is_genitive, noun_lemmas, parses
from pipeline.stages.s04_names.wordlists import ADVERBIAL_PO_LEMMAS, FACILITY_LEMMAS, TEAM_LEMMAS


def _head(ctx: Context, words: Sequence[Word]) -> Word | None:
    """The first word of a name that is not an adjective or participle: its head noun."""
    for word in words:
        found = parses(ctx.morph, word.text.lower())
        if not found or found[0].tag.POS not in ("ADJF", "PRTF", "NUMR"):
            return word
    return None


def _starts(lemmas: frozenset[str]) -> frozenset[str]:
    """The two-letter starts of a list's lemmas: a word that starts otherwise is none of their
    forms (a cheap test before the dictionary look-up; Russian nouns keep their first letters)."""
    return frozenset(lemma[:2] for lemma in lemmas)


_FACILITY_STARTS = _starts(FACILITY_LEMMAS)
_TEAM_STARTS = _starts(TEAM_LEMMAS)


def _may_be_form_of(word: Word, starts: frozenset[str]) -> bool:
    return word.text[:2].lower() in starts


def _is_facility_word(ctx: Context, word: Word | None) -> bool:
    return (
        word is not None
        and _may_be_form_of(word, _FACILITY_STARTS)
        and bool(noun_lemmas(ctx.morph, word.text.lower()) & FACILITY_LEMMAS)
    )


def facility_is_place(ctx: Context, spans: list[Span]) -> list[Span]:
    """A named building, cemetery, square or airport is a place, not an organisation:
    «Исаакиевский собор», «Собора Парижской Богоматери», «Саяно-Шушенской ГЭС» and a quoted
    name after such a word («стадионе «Лужники»») become LOC (corpus/gold: «Белом доме»,
    «кладбище Минор»; factRuEval's locations: «Новодевичьем кладбище»). A lone head word
    («Собора», a church council) is left alone."""
    result = []
    for span in spans:
        if span.type == "ORG":
            named_facility = quoted_facility = False
            if any(word[:2].lower() in _FACILITY_STARTS for word in ctx.surface(span).split()):
                words = ctx.words_in(span.start, span.stop)
                named_facility = len(words) > 1 and _is_facility_word(ctx, _head(ctx, words))
            quote = ctx.opening_quote(span)
            if quote is not None:
                before = ctx.words_in(max(0, quote - 30), quote)
                quoted_facility = (
                    bool(before)
                    and before[-1].text.islower()
                    and ctx.only_words(before[-1].start, quote) is not None
                    and _is_facility_word(ctx, before[-1])
                )
            if named_facility or quoted_facility:
                result += _as_places(ctx, span)
                continue
        result.append(span)
    return result


def _as_places(ctx: Context, span: Span) -> list[Span]:
    """A facility's name as a LOC; the names an organisation's name was joined from stand on
    their own after it, since a place's name does not nest (corpus/gold: «Старом городе
    Иерусалима» is two LOCs): «Исаакиевский собор» + «РПЦ»."""
    inner = sorted((i for i in span.inner if span.start < i.start), key=lambda i: i.start)
    if not inner:
        return [Span(span.start, span.stop, "LOC")]
    head = ctx.words_in(span.start, inner[0].start)
    if not head:
        return [Span(span.start, span.stop, "LOC")]
    return [Span(span.start, head[-1].stop, "LOC"), *(i.bare for i in inner)]


def _case_number(ctx: Context, word: Word) -> tuple[str, str]:
    feats = dict(part.split("=", 1) for part in word.feats.split("|") if "=" in part)
    return feats.get("Case", ""), feats.get("Number", "")


def _is_place_noun(ctx: Context, word: Word) -> bool:
    """A capitalised word the dictionary knows as a place name and never as a person's:
    «Вену», «Праге» (not «Сергиева» of «Сергиева Посада», nor the unknown «Сазерленд»)."""
    found = parses(ctx.morph, word.text)
    return (
        word.text[:1].isupper()
        and all(p.is_known for p in found)
        and any("Geox" in p.tag for p in found)
        and not any({"Name", "Surn", "Patr"} & p.tag.grammemes for p in found)
    )


# A capitalised adjective made from a place's name: «Белгородской», «Иркутской», «Донецкой»
# (not «Большой» in «Большой Никитской», a street's one name).
_PLACE_ADJECTIVE = re.compile(r"[А-ЯЁ][а-яё-]*[сц]к[а-яё]{1,3}")


def _is_place_adjective(word: Word) -> bool:
    return _PLACE_ADJECTIVE.fullmatch(word.text) is not None


def _listed_places(ctx: Context, words: Sequence[Word]) -> list[list[Word]] | None:
    """The names a LOC span lists without commas, or None if it is one name:
    «Белгородской Курской» (adjectives with no noun), «Вену Прагу» (place names in one case),
    «Иркутской Томской областях» (singular adjectives, a plural noun)."""
    if len(words) < 2 or any(not w.text[:1].isupper() or not w.pos for w in words[:-1]):
        return None
    forms = [_case_number(ctx, w) for w in words]
    if len({case for case, _ in forms}) != 1 or not forms[0][0]:
        return None
    if all(w.pos == "ADJ" and _is_place_adjective(w) for w in words):
        return [[w] for w in words]
    if all(w.pos in ("PROPN", "NOUN") and _is_place_noun(ctx, w) for w in words):
        return [[w] for w in words]
    last = words[-1]
    adjectives = words[:-1]
    if (
        len(adjectives) >= 2
        and last.pos == "NOUN"
        and forms[-1][1] == "Plur"
        and all(
            w.pos == "ADJ" and _is_place_adjective(w) and form[1] == "Sing"
            for w, form in zip(adjectives, forms, strict=False)
        )
    ):
        return [[w] for w in adjectives[:-1]] + [[adjectives[-1], last]]
    return None


def split_listed_places(ctx: Context, spans: list[Span]) -> list[Span]:
    """A LOC that lists places without commas is one LOC per place: «Белгородской Курской» →
    «Белгородской» + «Курской»; «Вену Прагу» → «Вену» + «Прагу»; «Иркутской Томской
    областях» → «Иркутской» + «Томской областях» (corpus/gold/README.md: coordinated heads,
    «Ярославской» + «Владимирской областей»)."""
    result = []
    for span in spans:
        parts = _listed_places(ctx, ctx.words_in(span.start, span.stop)) if span.type == "LOC" else None
        if parts is None:
            result.append(span)
        else:
            result += [Span(part[0].start, part[-1].stop, "LOC") for part in parts]
    return result


_TEAM_TAIL_MAX_WORDS = 4  # «по бобслею и скелетону»


def _sport_tail(ctx: Context, start: int) -> int:
    """Where a team's «по футболу», «по бобслею и скелетону» after `start` ends (`start` if
    none): «по», then lower-case nouns and adjectives joined by «и»; not «по итогам»."""
    following = ctx.words_in(start, start + 80)
    if not following or following[0].text != "по" or ctx.text[start : following[0].start].strip():
        return start
    stop, words = start, following[1 : 1 + _TEAM_TAIL_MAX_WORDS]
    for index, word in enumerate(words):
        content = word.pos in ("NOUN", "ADJ") and word.text.isalpha() and word.text.islower()
        lemmas = {p.normal_form for p in parses(ctx.morph, word.text)}
        adverbial = index == 0 and bool(lemmas & ADVERBIAL_PO_LEMMAS)
        if adverbial or not (content or (word.text == "и" and index > 0)):
            break
        if content and ctx.same_line(start, word.stop) and ctx.only_words(start, word.stop) is not None:
            stop = word.stop
    return stop


def national_team(ctx: Context, spans: list[Span]) -> list[Span]:
    """«сборной» + a country in the genitive is the national team, an organisation, the country
    nested in it, with its sport: «сборной России по фехтованию» (corpus/gold/README.md:
    national teams are ORG with the country nested; NEREL and factRuEval's org_name, «сборную
    России по бобслею и скелетону», make the same span)."""
    result = []
    for span in spans:
        before = ctx.words_in(max(0, span.start - 20), span.start)[-1:] if span.type == "LOC" else []
        if (
            before
            and _may_be_form_of(before[0], _TEAM_STARTS)
            and ctx.text[before[0].stop : span.start].strip() == ""
            and ctx.same_line(before[0].start, span.start)
            and noun_lemmas(ctx.morph, before[0].text.lower()) & TEAM_LEMMAS
            and all(is_genitive(ctx.morph, w) for w in ctx.words_in(span.start, span.stop)[-1:])
        ):
            span = Span(before[0].start, _sport_tail(ctx, span.stop), "ORG", (span.bare,))
        result.append(span)
    return result
