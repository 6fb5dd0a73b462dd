"""Rules that join neighbouring spans into one organisation's name.

The model often tags a long name as pieces («Главного управления МВД» ORG, «Свердловской
области» LOC); the guidelines (`../shared/ANNOTATION.md`) and NEREL's outermost spans make
it one ORG. Each rule is `(Context, spans) -> spans`; `rules.RULES` orders them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import pairwise

from pipeline.lexicon import is_abbreviation
from pipeline.stages.s04_names.context import (
    Context,
    Coverage,
    Span,
    Word,
    is_genitive,
    is_role_word,
    joined_org,
    noun_lemmas,
    parses,
    reads_as_person_name,
)
from pipeline.stages.s04_names.wordlists import (
    ADVERBIAL_PO_LEMMAS,
    CHAIN_MAX_NOUNS,
    NAME_TAIL_INNER,
    NAME_TAIL_MAX_WORDS,
    NAME_TAIL_POS,
    NAME_TAIL_STARTS,
    NAMED_AFTER_HEAD_LEMMAS,
    ROLE_LEMMAS,
    TAIL_PREPOSITIONS,
)

# The last word of a Latin-script organisation's name that a place or name after it belongs to:
# «Bank of» + «America» (the model tags the place apart).
LATIN_GENITIVE_WORDS = frozenset({"of", "de", "for"})


def extend_org_genitive(ctx: Context, spans: list[Span]) -> list[Span]:
    """An ORG takes in the name right after it in the genitive: «Госсовета» + «КНР» → one ORG;
    «Industrial and Commercial Bank of» + «China» likewise."""
    result: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if result:
            last = result[-1]
            first = ctx.words_in(span.start, span.stop)[:1]
            if (
                last.type == "ORG"
                and span.type in ("ORG", "LOC")
                and ctx.text[last.stop : span.start].strip() == ""
                and ctx.same_line(last.stop, span.start)
                and first
                and (
                    is_genitive(ctx.morph, first[0])
                    or ctx.text[last.start : last.stop].rsplit(None, 1)[-1] in LATIN_GENITIVE_WORDS
                )
            ):
                result[-1] = joined_org(last, [span])
                continue
        result.append(span)
    return result


def _is_plural_genitive_noun(ctx: Context, word: Word) -> bool:
    """A lower-case plural noun in the genitive: «стран», «государств», «глав»."""
    if not word.text.isalpha() or not word.text.islower():
        return False
    if word.pos:
        return word.pos == "NOUN" and "Case=Gen" in word.feats and "Number=Plur" in word.feats
    return any(
        p.tag.POS == "NOUN" and p.tag.case in ("gent", "gen2") and p.tag.number == "plur"
        for p in parses(ctx.morph, word.text)
    )


def join_org_over_genitive_nouns(ctx: Context, spans: list[Span]) -> list[Span]:
    """An ORG, one or two lower-case plural genitive nouns, then an ORG in the genitive are one
    ORG: «Совета министров» + «стран» + «Северной лиги» → «Совета министров стран Северной
    лиги». Only plural nouns: with a singular one too it joined «Конституционного суда
    комплекса зданий Сената» (factRuEval ORG −0.11).
    """
    result: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        last = result[-1] if result else None
        if last is not None and last.type == "ORG" and span.type == "ORG":  # the cheap test first
            gap = ctx.only_words(last.stop, span.start)
            first = ctx.words_in(span.start, span.stop)[:1]
            if (
                gap is not None
                and 1 <= len(gap) <= CHAIN_MAX_NOUNS
                and ctx.same_line(last.stop, span.start)
                and all(_is_plural_genitive_noun(ctx, w) for w in gap)
                and first
                and is_genitive(ctx.morph, first[0])
            ):
                result[-1] = joined_org(last, [span])
                continue
        result.append(span)
    return result


def _is_name_tail(ctx: Context, words: Sequence[Word]) -> bool:
    """«по», «по целям устойчивого развития для», «при прокуратуре»: a preposition that opens a
    name's tail, then lower-case nouns and adjectives (and the same prepositions) only."""
    return (
        0 < len(words) <= NAME_TAIL_MAX_WORDS
        and words[0].text in NAME_TAIL_STARTS
        and not (
            len(words) > 1
            and words[0].text == "по"
            and any(p.normal_form in ADVERBIAL_PO_LEMMAS for p in parses(ctx.morph, words[1].text))
        )
        and all(w.text.islower() and w.text.replace("-", "").isalpha() for w in words)
        and all(
            w.text in NAME_TAIL_INNER
            or (w.pos in NAME_TAIL_POS if w.pos else w.text not in TAIL_PREPOSITIONS)
            for w in words[1:]
        )
    )


def join_org_prepositional_tail(ctx: Context, spans: list[Span]) -> list[Span]:
    """An ORG, a tail «по …»/«для …»/«при …» of lower-case nouns and adjectives, and the place
    names it ends in (joined by «и») are one ORG: «Главного управления МВД» + «по» +
    «Свердловской области» → one ORG; «Фонда ООН по поддержке малого бизнеса для Западной
    Африки и Сахеля» is one ORG, not ORG + LOC + LOC.

    Variants measured and left out: any word in the tail (NEREL LOC +0.06 ORG +0.04 only:
    «ФСБ по получению … утверждено …»), tails that end in an ORG (NEREL ORG −0.07: «судом
    Милана по делу Mediaset»), «в …»/«о …» tails (NEREL LOC −0.55 ORG −1.14: «ФСБ в Москве»);
    without «при» factRuEval ORG is +0.34 only; «,» as a joiner changes nothing.
    `ADVERBIAL_PO_LEMMAS` keeps «ОБСЕ по приглашению Грузии» apart.
    """
    spans = sorted(spans, key=lambda s: s.start)
    result: list[Span] = []
    index = 0
    while index < len(spans):
        span = spans[index]
        index += 1
        if span.type == "ORG" and index < len(spans) and spans[index].type == "LOC":
            tail = ctx.only_words(span.stop, spans[index].start)
            if tail and ctx.same_line(span.stop, spans[index].start) and _is_name_tail(ctx, tail):
                places = [spans[index]]
                index += 1
                while (
                    index < len(spans)
                    and spans[index].type == "LOC"
                    and ctx.text[places[-1].stop : spans[index].start].strip() == "и"
                    and ctx.same_line(places[-1].stop, spans[index].start)
                ):
                    places.append(spans[index])
                    index += 1
                span = joined_org(span, places)
        result.append(span)
    return result


# A word with a capital after lower-case letters: «СовМИД», «ГосДума», «МосГорТранс».
_MIXED_CASE = re.compile(r"^[А-ЯЁ]+[а-яё]+[А-ЯЁ][А-ЯЁа-яё]*$")


def join_mixed_case_abbreviation(ctx: Context, spans: list[Span]) -> list[Span]:
    """An untagged mixed-case abbreviation right before an ORG is part of its name:
    «ГосСовет» + «ЕАЭС» → «ГосСовет ЕАЭС» (the model does not tag such words). Surname-like
    words («ДиКаприо») are left alone. Tried and left out: all-capital abbreviations too
    (NEREL ORG −0.01: «СНВ Белому дому»), tagging a mixed-case word as an ORG on its own
    (NEREL ORG −0.03: «КоАП»).
    """
    coverage = Coverage(len(ctx.text), spans)
    by_start = {s.start: s for s in spans}
    joined: dict[Span, Span] = {}
    # the words (not the first) a span starts at, found by bisection, not by a walk over every
    # word of the document; in the words' order
    following: list[int] = []
    for start in by_start:
        index = bisect_left(ctx.starts, start)
        while index < len(ctx.starts) and ctx.starts[index] == start:
            if index > 0:
                following.append(index)
            index += 1
    for index in sorted(following):
        word, span = ctx.words[index - 1], by_start[ctx.starts[index]]
        if (
            span.type == "ORG"
            and _MIXED_CASE.match(word.text)
            and coverage.free(word.start, word.stop)
            and ctx.text[word.stop : span.start].strip() == ""
            and ctx.same_line(word.stop, span.start)
            and not reads_as_person_name(ctx.morph, word.text)
        ):
            joined[span] = joined_org(Span(word.start, word.stop, "ORG"), [span])
    return [joined.get(s, s) for s in spans]


# «имени», «им.»: an organisation named after a person («МХТ им. А. П. Чехова»).
NAMED_AFTER = frozenset({"имени", "им", "им."})
# The only letters that lower-case to «и», which every word of NAMED_AFTER starts with: a
# word not starting with one is none of them (the cheap test of `_named_after_head`).
NAMED_AFTER_INITIALS = ("и", "И")


def _named_after_head(ctx: Context, spans: Sequence[Span], coverage: Coverage) -> list[Span]:
    """Untagged heads of names «X имени Y»: an abbreviation or a noun of NAMED_AFTER_HEAD_LEMMAS
    right before «имени»/«им.» with a PER after it («НИИ им. Склифосовского»), as ORG spans."""
    starts = {s.start for s in spans if s.type in ("PER", "ORG")}
    heads = []
    for index in range(len(ctx.words) - 2):  # every word of the document: no copy of them made
        after = ctx.words[index + 1]
        if after.text[:1] not in NAMED_AFTER_INITIALS or after.text.lower() not in NAMED_AFTER:
            continue
        word = ctx.words[index]
        if not coverage.free(word.start, word.stop):
            continue
        name = ctx.words[index + 2]
        if name.text == "." and after.text.lower() == "им" and index + 3 < len(ctx.words):
            name = ctx.words[index + 3]
        if name.start in starts and (
            (is_abbreviation(word.text) and word.text.isalpha())
            or noun_lemmas(ctx.morph, word.text) & NAMED_AFTER_HEAD_LEMMAS
        ):
            heads.append(Span(word.start, word.stop, "ORG"))
    return heads


def join_org_named_after(ctx: Context, spans: list[Span]) -> list[Span]:
    """An ORG (or an untagged head: an abbreviation, «театр», «институт», …), «имени»/«им.», and
    a PER (or ORG) are one ORG with the name after «имени» nested in it: «МХАТа» + «имени» +
    «Чехова» → «МХАТа имени Чехова»; «театр им. Моссовета», «НИИ им. Склифосовского» (the
    fine-tuned model tags the person apart, as factRuEval and Collection5 do; the guidelines want
    one organisation's name)."""
    spans = sorted(
        [*spans, *_named_after_head(ctx, spans, Coverage(len(ctx.text), spans))], key=lambda s: s.start
    )
    result: list[Span] = []
    for span in spans:
        if result and result[-1].type == "ORG" and span.type in ("PER", "ORG"):
            gap = "".join(ctx.text[result[-1].stop : span.start].split()).lower()
            if ctx.same_line(result[-1].stop, span.start) and (
                gap in NAMED_AFTER or (span.type == "PER" and _title_of(ctx, result[-1].stop, span))
            ):
                result[-1] = joined_org(result[-1], [span])
                continue
        result.append(span)
    return result


def _title_of(ctx: Context, stop: int, person: Span) -> bool:
    """One lower-case title in the genitive between an ORG and a person in the genitive: «Госпиталя»
    + «принцессы» + «Марины» (a hospital named after the princess)."""
    gap = ctx.only_words(stop, person.start)
    first = ctx.words_in(person.start, person.stop)[:1]
    return (
        gap is not None
        and len(gap) == 1
        and gap[0].text.islower()
        and is_role_word(ctx.morph, gap[0].text)
        and bool(noun_lemmas(ctx.morph, gap[0].text) & ROLE_LEMMAS)
        and is_genitive(ctx.morph, gap[0])
        and bool(first)
        and is_genitive(ctx.morph, first[0])
    )


# Quotes around a name on one line: «…», „…“, "…".
_QUOTED = re.compile(r"[«„“\"]([^«»„“”\"\n\r]+)[»“”\"]")


def join_quoted_name(ctx: Context, spans: list[Span]) -> list[Span]:
    """Names that together fill a pair of quotes, one of them an ORG, are one ORG: «Реал» ORG +
    «Мадрид» LOC in «Реал Мадрид» → ORG «Реал Мадрид» (the place nested). The model splits a
    quoted club, party or paper's name where a place or person name stands in it."""
    spans = sorted(spans, key=lambda s: s.start)
    joined: dict[int, Span] = {}
    dropped: set[int] = set()
    for match in _QUOTED.finditer(ctx.text):
        start, stop = match.span(1)
        while start < stop and ctx.text[start].isspace():
            start += 1
        while stop > start and ctx.text[stop - 1].isspace():
            stop -= 1
        inside = [i for i, s in enumerate(spans) if start <= s.start and s.stop <= stop]
        if len(inside) < 2 or spans[inside[0]].start != start or spans[inside[-1]].stop != stop:
            continue
        parts = [spans[i] for i in inside]
        gaps = [ctx.text[a.stop : b.start].strip(" -") for a, b in pairwise(parts)]
        if any(gaps) or not any(p.type == "ORG" for p in parts):
            continue
        head = parts[0]
        joined[inside[0]] = joined_org(Span(head.start, head.stop, "ORG", head.inner), parts[1:])
        dropped.update(inside[1:])
    return [joined.get(i, s) for i, s in enumerate(spans) if i not in dropped]


_LATIN_WORD = re.compile(r"^[A-Z][A-Za-z&.'-]*$")
_LATIN_LINK = frozenset({"of", "the", "and", "&", "de", "for"})


def latin_name_around_place(ctx: Context, spans: list[Span]) -> list[Span]:
    """A Latin-script place with capitalised Latin words right beside it (untagged, or Latin ORG
    pieces) is part of an organisation's name: «The» + «New York» + «Times» → ORG «The New
    York Times» (the place nested); the model tags the place alone."""
    latin_orgs = [s for s in spans if s.type == "ORG" and _all_latin(ctx.words_in(s.start, s.stop))]
    coverage = Coverage(len(ctx.text), [s for s in spans if s not in latin_orgs])
    index_of = {w.start: i for i, w in enumerate(ctx.words)}
    grown: list[Span] = []
    for span in spans:
        words = ctx.words_in(span.start, span.stop)
        if span.type == "LOC" and _all_latin(words):
            first, last = index_of[words[0].start], index_of[words[-1].start]
            start, stop = first, last
            while start and _beside(ctx, coverage, ctx.words[start - 1], ctx.words[start]):
                start -= 1
            while stop + 1 < len(ctx.words) and _beside(ctx, coverage, ctx.words[stop + 1], ctx.words[stop]):
                stop += 1
            while start < first and ctx.words[start].text in _LATIN_LINK:  # «of America» alone
                start += 1
            while stop > last and ctx.words[stop].text in _LATIN_LINK:
                stop -= 1
            if (start, stop) != (first, last):
                span = Span(ctx.words[start].start, ctx.words[stop].stop, "ORG", (span.bare,))
                grown.append(span)
    if not grown:
        return spans
    inside = {s for s in latin_orgs if any(g.start <= s.start and s.stop <= g.stop for g in grown)}
    by_place = {g.inner[0]: g for g in grown}
    return [by_place.get(s, s) for s in spans if s not in inside]


def _all_latin(words: Sequence[Word]) -> bool:
    return bool(words) and all(_LATIN_WORD.match(w.text) or w.text in _LATIN_LINK for w in words)


def _beside(ctx: Context, coverage: Coverage, word: Word, neighbour: Word) -> bool:
    """`word` is an untagged Latin name word (or «of», «the») separated from `neighbour` by spaces."""
    gap = ctx.text[min(word.stop, neighbour.stop) : max(word.start, neighbour.start)]
    return (
        (_LATIN_WORD.match(word.text) is not None or word.text in _LATIN_LINK)
        and coverage.free(word.start, word.stop)
        and gap.strip() == ""
        and "\n" not in gap
    )
