"""Rules that make a document consistent: a name tagged once is tagged (and typed) alike
wherever else it stands. Each is `(Context, spans) -> spans`; `rules.RULES` orders them.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace

from pipeline.inflect import normalize_name
from pipeline.inflect.forms import fold
from pipeline.lexicon import is_acronym_of
from pipeline.stages.s04_names.context import TYPES, Context, Coverage, Span, Word, is_role_word, occurrences

# A word's one-word normal form per (text, features, type). The rules below ask it of each
# name's last word and each capitalized word, which repeat within a document: remembered
# for the rule's run (a dict, not `normalize_name`'s cache lookup: ~2% of the names stage).
Normals = dict[tuple[str, str, str], str]


def _single_word_normal(ctx: Context, word: Word, type: str, known: Normals) -> str:
    key = (word.text, word.feats, type)
    normal = known.get(key)
    if normal is None:
        normal = known[key] = normalize_name([word.text], type, ctx.morph, [word.feats or None]).lower()
    return normal


# Inflection keeps the start of a name («Токаевым» → «токаев», «Отцом» → «отец»), so a word
# is normalized (the costly part of these rules) only where a name it could be a form of
# starts alike: the same first letter, then the same consonant or both a vowel (or ь, й):
# «Львом» → «лев». Suppletive words change their start («Ими» → «они», «Всего» → «весь»):
# words of up to SHORT_WORD letters are always normalized, and a longer one whose normal form
# starts otherwise is a pronoun, not a name.
SHORT_WORD = 4
_VOWEL_LIKE = frozenset("аеёиоуыэюяьъй")


def _start(word: str) -> str:
    first, second = fold(word[:1]), fold(word[1:2])
    return first + ("*" if not second or second in _VOWEL_LIKE else second)


def _may_be_form_of(word: Word, starts: Collection[str]) -> bool:
    return len(word.text) <= SHORT_WORD or _start(word.text) in starts


def surname_is_person(ctx: Context, spans: list[Span]) -> list[Span]:
    """A one-word LOC/ORG that is the surname of a person named in full in the document is PER."""
    surnames = set()
    normals: Normals = {}
    for span in spans:
        words = [w for w in ctx.words_in(span.start, span.stop) if w.text[:1].isalpha()]
        if span.type == "PER" and len(words) > 1:
            surnames.add(_single_word_normal(ctx, words[-1], "PER", normals))
    starts = {_start(surname) for surname in surnames}
    result = []
    for span in spans:
        words = ctx.words_in(span.start, span.stop)
        if (
            span.type != "PER"
            and len(words) == 1
            and _may_be_form_of(words[0], starts)
            and _single_word_normal(ctx, words[0], "PER", normals) in surnames
        ):
            span = replace(span, type="PER")
        result.append(span)
    return result


_DEFINITION = re.compile(r"\s*\(\s*([A-ZА-ЯЁ][\w-]*[A-ZА-ЯЁ][\w-]*)\s*\)")


def acronym_from_definition(ctx: Context, spans: list[Span]) -> list[Span]:
    """«Шанхайская организация сотрудничества (ШОС)»: the acronym takes the full name's type
    everywhere in the document (retyped where tagged otherwise, tagged where missed)."""
    defined: dict[str, str] = {}
    for span in spans:
        match = _DEFINITION.match(ctx.text, span.stop)
        if match and is_acronym_of(match.group(1), ctx.surface(span)):
            defined.setdefault(match.group(1), span.type)
    if not defined:
        return spans
    result = [replace(s, type=defined[ctx.surface(s)]) if ctx.surface(s) in defined else s for s in spans]
    added = []
    coverage = Coverage(len(ctx.text), result)
    for acronym, type in defined.items():
        for start, stop in occurrences(ctx.text, acronym):
            if coverage.free(start, stop):
                added.append(Span(start, stop, type))
    return sorted(result + added, key=lambda s: s.start)


def tag_inflected_repeats(ctx: Context, spans: list[Span]) -> list[Span]:
    """An untagged capitalised word whose normal form is a one-word name (or a person's
    surname) tagged elsewhere in the document gets that type: «Токаев» … «Токаевым». A title
    is never tagged so («Папа», «Патриархом»: the model's one wrong PER would spread)."""
    known: dict[str, str] = {}
    normals: Normals = {}
    for span in spans:
        words = [w for w in ctx.words_in(span.start, span.stop) if w.text[:1].isalpha()]
        if span.type == "PER" and words and len(words[-1].text) > 2:
            known.setdefault(_single_word_normal(ctx, words[-1], "PER", normals), "PER")
        elif len(words) == 1 and len(words[0].text) > 2:
            known.setdefault(_single_word_normal(ctx, words[0], span.type, normals), span.type)
    if not known:
        return spans
    types = [t for t in TYPES if t in known.values()]  # a fixed order: the output is deterministic
    starts = {t: {_start(normal) for normal, of in known.items() if of == t} for t in types}
    added: list[Span] = []
    coverage = Coverage(len(ctx.text), spans)
    for word in ctx.words:  # every word of the document: its text read once
        text = word.text
        if len(text) < 3 or not text[:1].isupper() or not text.isalpha():
            continue
        # the cheap test first: `_may_be_form_of`, its start computed once a word
        begin = None if len(text) <= SHORT_WORD else _start(text)
        candidates = [type for type in types if begin is None or begin in starts[type]]
        if not candidates or not coverage.free(word.start, word.stop) or is_role_word(ctx.morph, text):
            continue
        for type in candidates:
            if known.get(_single_word_normal(ctx, word, type, normals)) == type:
                added.append(Span(word.start, word.stop, type))
                break
    return sorted(spans + added, key=lambda s: s.start)
