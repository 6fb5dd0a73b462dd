"""Stage 5 — normal forms: every name mention gets its nominative-singular `normal`.

The names stage finds spans; this stage inflects them. Each white-space word of a span
is given the slovnet features of its longest alphabetic token (the morphology stage's
reading in context), so «Токаева» is read as the genitive of «Токаев» where the tagger
says so. The whole document is evidence too (`document_evidence`): the capitalized words
it writes anywhere, those the tagger read as nominatives, and whether it writes «ё» — so
«Куросавы» becomes the «Куросава» the document writes elsewhere, and a name seen as a
nominative («Шота Руставели сказал…») is kept as written where it does not decline. The
inflection itself is `pipeline.inflect.normalize_name`.

Names side by side are evidence for each other's case (`context.coordinate`): a shared
head noun («Ярославской и Владимирской областей»), a route («Поляны — Шлиссельбург»),
coordinated persons and apposition («сестре ван Маарсен, Кристиане»).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from operator import attrgetter

import pymorphy3

from pipeline.inflect import Evidence, normalize_name
from pipeline.inflect.forms import constraints, fold
from pipeline.records import EntityMention, Token
from pipeline.stages.s05_normalize.context import Words, coordinate

_WORD = re.compile(r"\S+")


def _word_feats(tokens: Sequence[Token], starts: Sequence[int], start: int, stop: int) -> str | None:
    """Features of a white-space word: those of its longest alphabetic token."""
    inside = []
    index = bisect_left(starts, start)
    while index < len(tokens) and tokens[index].start < stop:
        token = tokens[index]
        if token.stop <= stop and token.text[:1].isalpha():
            inside.append(token)
        index += 1
    if not inside:
        return None
    return max(inside, key=lambda t: (len(t.text), t.start)).feats or None


def _capitalized_words(token: Token) -> set[str]:
    """A capitalized token and its capitalized parts across hyphens, folded."""
    if not token.text[:1].isupper():
        return set()
    if "-" not in token.text:  # most words: the word alone
        return {fold(token.text)} if token.text.isalpha() else set()
    parts = {token.text, *(p for p in token.text.split("-") if p[:1].isupper())}
    return {fold(p) for p in parts if p.isalpha()}


def _nominative(token: Token) -> bool:
    return constraints(token.feats)[0] == frozenset({"nomn"})


def document_evidence(text: str, tokens: Sequence[Token]) -> Evidence:
    """The capitalized words of a document (and their parts across hyphens), how often each
    was tagged nominative, and whether the document writes «ё»."""
    words: set[str] = set()
    nominative: Counter[str] = Counter()
    for token in tokens:
        if not token.text[:1].isupper():
            continue  # most tokens: no set made for them
        found = _capitalized_words(token)
        words |= found
        if found and _nominative(token):
            nominative.update(found)
    return Evidence(frozenset(words), dict(nominative), "ё" in text or "Ё" in text)


def normalize_mentions(
    text: str, tokens: Sequence[Token], mentions: Sequence[EntityMention], morph: pymorphy3.MorphAnalyzer
) -> list[EntityMention]:
    """The mentions with their `normal` filled in, in the same order."""
    starts = list(map(attrgetter("start"), tokens))
    evidence = document_evidence(text, tokens)
    words: list[Words] = []
    owns: list[dict[str, int]] = []
    for mention in mentions:
        found = list(_WORD.finditer(mention.text))
        words.append(
            (
                [match.group() for match in found],
                [
                    _word_feats(tokens, starts, mention.start + match.start(), mention.start + match.end())
                    for match in found
                ],
            )
        )
        own: dict[str, int] = {}  # the mention's own words tagged nominative, counted
        index = bisect_left(starts, mention.start)
        while index < len(tokens) and tokens[index].start < mention.stop:
            token = tokens[index]
            if token.text[:1].isupper() and _nominative(token):  # no capitalized word otherwise
                for word in _capitalized_words(token):
                    own[word] = own.get(word, 0) + 1
            index += 1
        owns.append(own)
    contextual = coordinate(text, tokens, starts, mentions, words, morph)
    # a name repeated alike in the document (same words, features — the context's included —
    # and own nominatives) has the same normal form: computed once (with evidence,
    # `normalize_name` keeps no cache)
    normals: dict[tuple[tuple[str, ...], str, tuple[str | None, ...], frozenset[tuple[str, int]]], str] = {}
    result = []
    for mention, (mention_words, feats), own in zip(mentions, contextual, owns, strict=True):
        key = (tuple(mention_words), mention.type, tuple(feats), frozenset(own.items()))
        normal = normals.get(key)
        if normal is None:
            normal = normals[key] = normalize_name(
                mention_words, mention.type, morph, feats, evidence.without(own)
            )
        result.append(replace(mention, normal=normal))
    return result
