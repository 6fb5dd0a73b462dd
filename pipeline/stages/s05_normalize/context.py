"""What the names around a mention show about it, read before the inflection as the
tagger's features of the words it changes (or words it adds):

- a place or organisation that is adjectives only, followed by «и», «или» or a comma and a
  name of its type, shares that name's head noun («Ярославской и Владимирской областей» →
  «Ярославская область», «Владимирская область»; «Северной и Южной Кореи», where the
  tagger reads «Северной» as an adjective): the head is added to its words;
- two places joined by a dash, every word capitalized and readable as a nominative as
  written, are a route, each a nominative («по дороге Поляны — Шлиссельбург»: not the
  genitive «Поляна»);
- a person's name joined by «и»/«или» to a name whose words the tagger reads in one case,
  and which it reads in that case in part, is in that case throughout («Майклу Левитту и
  Арье Варшелю»);
- a person's name in apposition to a noun for a person — after a comma, ending the clause
  — is in that noun's case («посвящено сестре ван Маарсен, Кристиане.» → «Кристиана»).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Sequence

import pymorphy3

from pipeline.inflect import head_index
from pipeline.inflect.agreement import shares_head
from pipeline.inflect.forms import parses
from pipeline.records import EntityMention, Token, parse_feats

# What stands between two names side by side (see the module doc).
LIST_JOIN = re.compile(r"\s*(?:,\s*(?:(?:и|или)\s+)?|\s(?:и|или)\s+)")
AND_JOIN = re.compile(r"\s+(?:и|или)\s+")
DASH_JOIN = re.compile(r"\s+[—–-]\s+")
PLACES = frozenset({"LOC", "ORG"})
CLAUSE_END = frozenset({".", ",", ";", ":", "!", "?", ")"})
_CASE = re.compile(r"Case=\w+")


def _with_case(feats: str | None, case: str) -> str:
    """A features string with its case replaced (or added)."""
    if feats and _CASE.search(feats):
        return _CASE.sub(f"Case={case}", feats)
    return "|".join(filter(None, [feats, f"Case={case}"]))


def _case_of(feats: str | None) -> str | None:
    found = _CASE.search(feats or "")
    return found.group()[5:] if found else None


# A mention's words and each word's features (`_word_feats`), as the context leaves them.
Words = tuple[list[str], list[str | None]]


def _neighbours(text: str, mentions: Sequence[EntityMention]) -> list[tuple[int, int, str]]:
    """(i, j, what joins them) for each mention i followed by mention j of the same depth with
    only a join of `LIST_JOIN`, `AND_JOIN` or `DASH_JOIN` between them."""
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].depth, mentions[i].start))
    pairs = []
    for i, j in itertools.pairwise(order):
        first, second = mentions[i], mentions[j]
        if first.depth != second.depth or second.start < first.stop:
            continue
        between = text[first.stop : second.start]
        for name, pattern in (("and", AND_JOIN), ("dash", DASH_JOIN), ("list", LIST_JOIN)):
            if pattern.fullmatch(between):
                pairs.append((i, j, name))
                break
    return pairs


def _route(morph: pymorphy3.MorphAnalyzer, words: Sequence[Words], *mentions: int) -> bool:
    """Whether every word of the mentions is capitalized and reads as a nominative as written
    («Поляны — Шлиссельбург»; not «Франции — Париж», where the dash says what «Франции» has)."""
    return all(
        word[:1].isupper() and any(p.tag.case == "nomn" for p in parses(morph, word))
        for index in mentions
        for word in words[index][0]
    )


def _apposition_case(
    tokens: Sequence[Token], starts: Sequence[int], mentions: Sequence[EntityMention], mention: EntityMention
) -> str | None:
    """The case of a person's noun that the mention stands in apposition to: after a comma,
    ending the clause («посвящено сестре ван Маарсен, Кристиане.»: dative); None if none."""
    first = bisect_left(starts, mention.start)
    after = bisect_left(starts, mention.stop)
    if (
        first < 2
        or tokens[first - 1].text != ","
        or (after < len(tokens) and tokens[after].text not in CLAUSE_END)
    ):
        return None
    before = first - 2
    owner = next((m for m in mentions if m.type == "PER" and m.start <= tokens[before].start < m.stop), None)
    if owner is not None:  # the noun's own genitive between them («сестре ван Маарсен»)
        before = bisect_left(starts, owner.start) - 1
    if before < 0 or tokens[before].sentence != tokens[first].sentence:
        return None
    noun = tokens[before]
    values = parse_feats(noun.feats)
    if noun.pos != "NOUN" or values.get("Animacy") != "Anim" or values.get("Number") != "Sing":
        return None
    return values.get("Case")


def coordinate(
    text: str,
    tokens: Sequence[Token],
    starts: Sequence[int],
    mentions: Sequence[EntityMention],
    words: list[Words],
    morph: pymorphy3.MorphAnalyzer,
) -> list[Words]:
    """Each mention's words and features with what its neighbours show (see the module doc);
    `starts` are the tokens' start offsets (the caller's, made once a document)."""
    result = [(list(w), list(f)) for w, f in words]
    pairs = _neighbours(text, mentions)
    for i, j, join in pairs:
        if join == "dash" and mentions[i].type == mentions[j].type == "LOC" and _route(morph, result, i, j):
            for index in (i, j):
                result[index] = (result[index][0], [_with_case(f, "Nom") for f in result[index][1]])
        if join == "and" and mentions[i].type == mentions[j].type == "PER":
            for one, other in ((i, j), (j, i)):
                cases = {_case_of(f) for f in result[other][1]}
                own = [_case_of(f) for f in result[one][1]]
                if len(cases) == 1 and None not in cases and (case := cases.pop()) in own:
                    result[one] = (result[one][0], [_with_case(f, case) for f in result[one][1]])
    for index, mention in enumerate(mentions):
        case = _apposition_case(tokens, starts, mentions, mention) if mention.type == "PER" else None
        if case is not None:
            result[index] = (result[index][0], [_with_case(f, case) for f in result[index][1]])
    # a shared head comes from the right («Ярославской, Тверской и Смоленской областей»)
    for i, j, join in sorted(pairs, key=lambda pair: -mentions[pair[0]].start):
        if join == "dash" or mentions[i].type != mentions[j].type or mentions[i].type not in PLACES:
            continue
        own_words, own_feats = result[i]
        if not own_words[0][:1].isupper():
            continue
        their_words, their_feats = result[j]
        head = head_index(morph, their_words, their_feats)
        if head is None or head == 0:  # their head after adjectives of their own
            continue
        # a plural head after adjectives that cannot be plural is shared for certain
        # («Тверская и Смоленская области»); a singular one («Северной и Южной Кореи») only
        # by words that have no head and that the tagger reads as adjectives (not «Поднебесной»)
        if not shares_head(morph, own_words, their_words[head]):
            inside = itertools.takewhile(
                lambda t, stop=mentions[i].stop: t.start < stop,
                tokens[bisect_left(starts, mentions[i].start) :],
            )
            if head_index(morph, own_words, own_feats) is not None or any(
                t.pos != "ADJ" for t in inside if t.text[:1].isalpha()
            ):
                continue
        result[i] = ([*own_words, their_words[head]], [*own_feats, their_feats[head]])
    return result
