"""Rules that move a name's last edge: cut the words it runs into, take in the words that
still belong to it.

Every rule is a pure function `(Context, spans) -> spans`; `rules.RULES` orders them and says
what each is for and what it measurably does.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.stages.s04_names.context import Context, Span, Word, noun_lemmas, parses
from pipeline.stages.s04_names.wordlists import AUTHORITY_LEMMAS, NAME_PARTICLES

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_CYRILLIC_WORD = re.compile(r"[а-яё]+")
_AGE = re.compile(r"\d+-[а-яё]+")  # «66-летний», «3-й»


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_ROMAN = re.compile(r"[IVXLC]+\.?")  # «Мсвати III», «Бенедикт XVI»


def _runs_on(ctx: Context, word: Word, first: Word) -> bool:
    """A word a name does not end with: an age or ordinal, a lower-case word (not a particle
    such as «ибн»), a Latin word (not a Roman numeral) after a Cyrillic name; a word only if
    white space stands before it («Бeшара» with a Latin «e» is one word, two tokens)."""
    if not ctx.text[word.start - 1].isspace():
        return False
    latin = _LATIN_WORD.fullmatch(word.text) is not None and _ROMAN.fullmatch(word.text) is None
    return bool(
        _AGE.fullmatch(word.text)
        or (word.text[:1].isalpha() and word.text.islower() and word.text not in NAME_PARTICLES)
        or (latin and _CYRILLIC.match(first.text))
    )


def trim_run_on(ctx: Context, spans: list[Span]) -> list[Span]:
    """Cut the words a person's name runs into: «Пака Чэ Сана Gangnam Style» → «Пака Чэ Сана»
    (the song after the singer); and an age or ordinal at the end of any name («ГРУ 66-летний»
    → «ГРУ»)."""
    result = []
    for span in spans:
        words = ctx.words_in(span.start, span.stop)
        trimmed = False
        while len(words) > 1 and (
            _AGE.fullmatch(words[-1].text) or (span.type == "PER" and _runs_on(ctx, words[-1], words[0]))
        ):
            words, trimmed = words[:-1], True
        if trimmed:
            span = replace(span, stop=words[-1].stop)
        result.append(span)
    return result


# «шестого созыва», «VII созыва», «112 созыва»: which convocation of an assembly the name means.
_CONVOCATION = re.compile(r"[ \t]+([а-яё]+|\d{1,3}(?:-го)?|[IVXLC]+)[ \t]+созыва(?![\w-])")


def _is_ordinal(ctx: Context, word: str) -> bool:
    """A number («112», «VII», «3-го») or an ordinal in the genitive («шестого»)."""
    return _CYRILLIC_WORD.fullmatch(word) is None or any(
        p.tag.POS == "ADJF" and {"Anum", "gent"} <= p.tag.grammemes for p in parses(ctx.morph, word)
    )


def extend_org_convocation(ctx: Context, spans: list[Span]) -> list[Span]:
    """An assembly's name takes in its convocation: «Госдумы» + «шестого созыва» → «Госдумы
    шестого созыва» (guidelines: the genitive complements that belong to the name; both
    corpora keep it: NEREL «Московской городской думы седьмого созыва», factRuEval «Палаты
    представителей 112 созыва»)."""
    result = []
    for span in spans:
        match = _CONVOCATION.match(ctx.text, span.stop) if span.type == "ORG" else None
        if match is not None and _is_ordinal(ctx, match.group(1)):
            span = replace(span, stop=match.end())
        result.append(span)
    return result


_ATTACHED_TO = re.compile(r"[ \t]+при[ \t]+([а-яё-]+)(?:[ \t]+([а-яё-]+))?(?![\w-])")


def _authority(ctx: Context, start: int, stop: int) -> Word | None:
    """The word for an authority in the locative between two offsets, if that is what stands there."""
    words = ctx.words_in(start, stop)
    if words and "Case=Loc" in words[0].feats and noun_lemmas(ctx.morph, words[0].text) & AUTHORITY_LEMMAS:
        return words[0]
    return None


def extend_org_attached_to(ctx: Context, spans: list[Span]) -> list[Span]:
    """An organisation attached to an authority takes it into its name: «Следственного
    комитета» + «при прокуратуре», «Общественного совета» + «при главном архитекторе»
    (guidelines: the complements that belong to the name; both corpora: factRuEval
    «Следственного комитета при прокуратуре», NEREL «совета при президенте РФ»). Only a
    word for an authority in the locative: not «при поддержке», «при этом»; not followed by a
    name in the locative too, which makes it a time («при президенте Рональде Рейгане»)."""
    result = []
    for span in spans:
        match = _ATTACHED_TO.match(ctx.text, span.stop) if span.type == "ORG" else None
        head = None
        if match is not None:
            head = _authority(ctx, match.start(1), match.end(1))
            first = ctx.words_in(match.start(1), match.end(1))
            if head is None and match.group(2) and first and first[0].pos == "ADJ":
                head = _authority(ctx, match.start(2), match.end(2))  # «при главном архитекторе»
        if head is not None:
            after = ctx.words_in(head.stop, head.stop + 40)[:1]
            if not (after and after[0].text[:1].isupper() and "Case=Loc" in after[0].feats):
                span = replace(span, stop=head.stop)
        result.append(span)
    return result
