"""The adjectives before a place's or organisation's head noun agree with it in case, number
and gender; where the tagger's reading of the head fails, that agreement decides.

- A head the tagger gives a case it has no reading in («Храмовой горе» read as a genitive:
  «горе» is «гора» in the dative or prepositional, or the nominative of «горе»): the
  dictionary reading that agrees with a reading of every adjective before it («гора»).
- A word the tagger reads as a noun («Воложинского», a name it does not know) is an
  adjective where it agrees so with the common noun after it («повета», «Посада»).
- A plural head after adjectives that cannot be plural in its case («Владимирской
  областей», «Волховского фронтов») is shared by coordinated names («Ярославской и
  Владимирской областей»), each of which names one: it is made singular.
"""

from __future__ import annotations

from collections.abc import Sequence

import pymorphy3
from pymorphy3.analyzer import Parse

from pipeline.inflect.forms import NAME_TAGS, PROPER, from_dictionary, parses
from pipeline.inflect.readings import CASE_ALIASES

ADJECTIVE_POS = frozenset({"ADJF", "PRTF"})


def _case(parse: Parse) -> str | None:
    case = parse.tag.case
    return CASE_ALIASES.get(str(case), str(case)) if case else None


def agree(adjective: Parse, noun: Parse) -> bool:
    """Whether an adjective's reading agrees with a noun's in case, number and gender."""
    if _case(adjective) != _case(noun) or adjective.tag.number != noun.tag.number:
        return False
    if noun.tag.number == "plur" or noun.tag.gender is None or "ms-f" in noun.tag.grammemes:
        return True
    return adjective.tag.gender == noun.tag.gender


def adjective_readings(morph: pymorphy3.MorphAnalyzer, word: str) -> list[Parse]:
    return [p for p in parses(morph, word) if p.tag.POS in ADJECTIVE_POS]


def _all_agree(morph: pymorphy3.MorphAnalyzer, adjectives: Sequence[str], noun: Parse) -> bool:
    return all(any(agree(a, noun) for a in adjective_readings(morph, w)) for w in adjectives)


def agreeing_head(
    morph: pymorphy3.MorphAnalyzer, adjectives: Sequence[str], head: str, common: bool = False
) -> Parse | None:
    """The first dictionary noun reading of `head` that every word of `adjectives` agrees
    with (None if there is none, or no adjectives); with `common`, a common noun's only
    (not a place, organisation or person: «сборной России» is a team of Russia)."""
    if not adjectives:
        return None
    for parse in parses(morph, head):
        if (
            parse.tag.POS == "NOUN"
            and from_dictionary(parse, parts=True)
            and not (common and (PROPER | NAME_TAGS) & parse.tag.grammemes)
            and _all_agree(morph, adjectives, parse)
        ):
            return parse
    return None


def shared_head(morph: pymorphy3.MorphAnalyzer, adjectives: Sequence[str], head: Parse) -> Parse:
    """`head` in the singular where it is plural and no adjective before it can be plural
    in its case (but each agrees with the singular); otherwise `head` itself."""
    if head.tag.number != "plur" or not adjectives or not all(w.isalpha() for w in adjectives):
        return head
    for word in adjectives:
        same_case = [p for p in adjective_readings(morph, word) if _case(p) == _case(head)]
        if not same_case or any(p.tag.number == "plur" for p in same_case):
            return head
    single = head.inflect({"sing", str(head.tag.case)})
    if single is None or not _all_agree(morph, adjectives, single):
        return head
    return single


def shares_head(morph: pymorphy3.MorphAnalyzer, adjectives: Sequence[str], head: str) -> bool:
    """Whether `head` has a plural reading that `shared_head` makes singular after
    `adjectives` («Тверская» before «области»: one of the regions, though the dictionary
    also knows a street «Тверская»)."""
    nouns = [p for p in parses(morph, head) if p.tag.POS == "NOUN" and p.tag.number == "plur"]
    return any(shared_head(morph, adjectives, p) is not p for p in nouns)
