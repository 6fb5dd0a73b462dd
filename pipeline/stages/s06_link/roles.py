"""Role phrases attached to persons: who is the minister of what.

A role phrase is a role noun (`is_role_noun`: the names stage's `ROLE_LEMMAS`, less the
words in `NOT_ROLES`) with the adjectives before it that agree with it and the words after
it that complete it: genitives, abbreviations that are no name, a «по» phrase («генеральный
секретарь», «министр иностранных дел», «заместитель министра промышленности и энергетики»,
«министр по чрезвычайным ситуациям»). It belongs to a person written right beside it:

- before the name, with the organisation or place it is a role in between (optional):
  «министром иностранных дел КНР Ван И», «глава МИД России Сергей Лавров», «президент
  Европейского футбольного союза (УЕФА) Леннарт Юханссон», «Президента К.Токаева»; a list
  that goes on with «, Place Name» repeats the role for each name («министры иностранных
  дел Китая Ван И, России Сергей Лавров, …»), and so does any list after a plural role
  («Американские учёные Юджин Фама, Ларс Питер Хансен и Роберт Шиллер») — a plural role
  beside a single name is not that person's («членов команды Юрия Лужкова»);
- after the name, set off by a comma, a bracket or a dash and closed by punctuation or the
  end of the line: «Ван И, министр иностранных дел КНР,», «Сергей Лавров (глава МИД России)»;
- joined by «и» to a role phrase that has a name, a phrase shares it: «президент и
  премьер-министр Израиля Шимон Перес».

A role with no name beside it refers to nobody here and is left out («член Госсовета КНР –
глава китайского внешнеполитического ведомства»), and so is a name whose ending shows it
completes the phrase rather than holds the role («Адвокат Гаева», `_other_case`). Nothing
crosses a sentence.

`role` is the normal form: the role noun's lemma (nominative singular), the adjectives
before it agreeing with it, the words after it as written, in lower case except
abbreviations, ё written е as the lemmas write it («министры иностранных дел» → «министр
иностранных дел»). Adjectives that date, praise or age the person rather than name the role
(«бывший», «известный», «46-летний») stay out of the phrase. `organisation` is the ORG or
LOC entity named right after the phrase («КНР», «МИД России»; the outermost name when names
nest).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

import pymorphy3

from pipeline.inflect.forms import parses
from pipeline.inflect.lexemes import lexeme
from pipeline.lexicon import is_abbreviation
from pipeline.records import EntityMention, RoleMention, Token, parse_feats
from pipeline.stages.s04_names.wordlists import ROLE_LEMMAS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words of ROLE_LEMMAS that address or describe a person rather than name a post they hold.
NOT_ROLES = _words("господин госпожа мистер миссис мисс сэр леди коллега святой св генеральный")
ROLE_NOUNS = frozenset(word.replace("ё", "е") for word in ROLE_LEMMAS - NOT_ROLES)
# Adjectives that date or praise a role rather than name it («бывший президент», «известный
# актёр»), and ages («46-летний»): left out of the phrase.
OUTSIDE_ADJECTIVES = _words("""бывший нынешний новый новоизбранный покойный будущий действующий
    известный знаменитый популярный великий легендарный выдающийся последний""")
AGE_ENDING = "летний"
COMPLEMENT_POS = frozenset({"ADJ", "NOUN", "DET", "NUM"})
OBLIQUE_CASES = frozenset({"Gen", "Dat", "Ins"})
MAX_WORDS_AFTER = 6  # «заместитель председателя комитета по международным делам»

_GAP = r"[ \t\u00a0]*"
# What may stand between the phrase, the organisation and the name: blanks and quotes; after
# the organisation, brackets too («Европейского футбольного союза (УЕФА) Леннарт Юханссон»).
NEXT_TO = re.compile(r"[ \t\u00a0«»\"„“”]*")
AFTER_PLACE = re.compile(r"[ \t\u00a0«»\"„“”()]*")
# Between the items of a list: «Китая Ван И, России Сергей Лавров», «Фама, Хансен и Шиллер».
LIST_ITEM = re.compile(rf"{_GAP}(?:,{_GAP}(?:и{_GAP})?|и{_GAP})")
# Between two role phrases that share a name: «президент и премьер-министр Израиля Шимон Перес».
AND = re.compile(rf"{_GAP}и{_GAP}")
# Between a name and a role set off after it: «Ван И, министр», «Лавров (глава», «Лавров — глава».
APPOSITION_OPEN = re.compile(rf"{_GAP}(?:,|\(|—|–|-){_GAP}$")
APPOSITION_CLOSE = re.compile(r"[ \t\u00a0»\"”]*(?:[,.;:)—–!?]|\r|\n|$)")

PLACE_TYPES = frozenset({"ORG", "LOC"})


def is_role_noun(token: Token) -> bool:
    """«министром», «Президента», «генерал-лейтенант» (the last part of a compound counts).

    By the lemma alone: the tagger reads a capitalised role in the middle of a sentence
    («приветствие Председателя КНР») as an adjective or a proper noun."""
    lemma = token.lemma.replace("ё", "е")
    return token.pos != "PUNCT" and (lemma in ROLE_NOUNS or lemma.rsplit("-", 1)[-1] in ROLE_NOUNS)


_LEMMA, _START = attrgetter("lemma"), attrgetter("start")


def _role_nouns(tokens: Sequence[Token]) -> list[int]:
    """Indices of the role nouns among `tokens` (`is_role_noun`). Most tokens are not: a lemma
    without «ё» or «-» is one only if it is in ROLE_NOUNS, so only those and the lemmas with
    either character are asked (the call per token was a tenth of the roles' time)."""
    return [
        index
        for index, lemma in enumerate(map(_LEMMA, tokens))
        if (lemma in ROLE_NOUNS or "-" in lemma or "ё" in lemma) and is_role_noun(tokens[index])
    ]


def _case(token: Token) -> str:
    return parse_feats(token.feats).get("Case", "")


@dataclass(frozen=True)
class Phrase:
    first: int  # token indices, inclusive
    noun: int
    last: int


def _named_tokens(starts: Sequence[int], spans: Sequence[tuple[int, int]]) -> set[int]:
    """Indices of the tokens (by their sorted starts) inside one of the sorted (start, stop) spans
    of the mentions. Only the tokens from a span's start on are looked at: the ones before the
    next span are passed over with a bisection (most tokens are in no name)."""
    named: set[int] = set()
    index, position, count = 0, 0, len(spans)
    while index < len(starts):
        at = starts[index]
        while position < count and spans[position][1] <= at:
            position += 1
        if position == count:
            break  # every span ends before this token
        if spans[position][0] > at:  # sorted by start: no span from here on holds the token
            index = bisect.bisect_left(starts, spans[position][0], index + 1)
            continue
        if any(start <= at < stop for start, stop in spans[position : position + 4]):
            named.add(index)
        index += 1
    return named


class _Document:
    """A document's text, tokens and mentions, with the look-ups the patterns need."""

    def __init__(self, text: str, tokens: Sequence[Token], mentions: Sequence[EntityMention]) -> None:
        self.text = text
        self.tokens = tokens
        outermost_first = sorted(mentions, key=lambda m: (m.start, m.start - m.stop))
        self.starting: dict[int, EntityMention] = {}
        self.ending: dict[int, EntityMention] = {}
        for mention in outermost_first:
            self.starting.setdefault(mention.start, mention)
            if mention.type == "PER":
                self.ending.setdefault(mention.stop, mention)
        starts = list(map(_START, tokens))
        self.named = _named_tokens(starts, sorted((m.start, m.stop) for m in mentions))
        self.token_at = dict(zip(starts, range(len(starts)), strict=True))

    def joined(self, left: int, right: int) -> bool:
        """Tokens `left` and `right` (adjacent) stand in one sentence with only blanks between."""
        a, b = self.tokens[left], self.tokens[right]
        return a.sentence == b.sentence and not self.text[a.stop : b.start].strip()

    def mention_after(self, offset: int, gap: re.Pattern[str], types: frozenset[str]) -> EntityMention | None:
        """The mention of one of `types` that starts right after `gap` at `offset`."""
        match = gap.match(self.text, offset)
        if match is None or "\n" in match.group() or "\r" in match.group():
            return None
        mention = self.starting.get(match.end())
        return mention if mention is not None and mention.type in types else None


def _phrase(doc: _Document, noun: int) -> Phrase | None:
    """The role phrase around the role noun at token `noun`, if that is a role noun."""
    tokens = doc.tokens
    if not is_role_noun(tokens[noun]) or noun in doc.named:
        return None
    case = _case(tokens[noun])
    first = noun
    while first > 0 and doc.joined(first - 1, first):
        before = tokens[first - 1]
        if before.pos != "ADJ" or first - 1 in doc.named or _case(before) != case:
            break
        if before.lemma in OUTSIDE_ADJECTIVES or before.lemma.endswith(AGE_ENDING):
            break
        if before.start and doc.text[before.start - 1].isalnum():
            break  # a piece of a word the tokenizer cut («Tвиттере» in two scripts)
        first -= 1
    last, after_po = noun, False
    while last + 1 < len(tokens) and last - noun < MAX_WORDS_AFTER and doc.joined(last, last + 1):
        word = tokens[last + 1]
        if last + 1 in doc.named or (word.text[:1].isupper() and not is_abbreviation(word.text)):
            break
        if is_abbreviation(word.text):  # «экс-главы КОГУП «Кировлес»»: a kind of organisation, no name
            last += 1
            continue
        cases = {"Gen", "Dat"} if after_po else {"Gen"}
        if word.lemma == "по" and last + 2 < len(tokens) and _case(tokens[last + 2]) == "Dat":
            after_po = True  # «министр по чрезвычайным ситуациям»
        elif word.lemma == "и" and last > noun:
            pass  # «министр промышленности и энергетики»: kept if a complement follows
        elif word.pos not in COMPLEMENT_POS or _case(word) not in cases:
            break
        last += 1
    while tokens[last].lemma in ("по", "и"):
        last -= 1
    return Phrase(first, noun, last)


def normal_role(tokens: Sequence[Token], phrase: Phrase, morph: pymorphy3.MorphAnalyzer) -> str:
    """«генеральному секретарю» → «генеральный секретарь»; «министры иностранных дел» → «министр
    иностранных дел» (see the module doc)."""
    noun = tokens[phrase.noun]
    gender = "femn" if "Gender=Fem" in noun.feats else "masc"
    if noun.lemma.endswith("ица") or noun.lemma.endswith("есса"):
        gender = "femn"
    words = [_agree(morph, tokens[i], gender) for i in range(phrase.first, phrase.noun)]
    words.append(noun.lemma)
    words.extend(_lower(tokens[i].text) for i in range(phrase.noun + 1, phrase.last + 1))
    return " ".join(words).replace("ё", "е")  # as the lemmas write it


def _lower(word: str) -> str:
    return word if is_abbreviation(word) else word.lower()


def _agree(morph: pymorphy3.MorphAnalyzer, token: Token, gender: str) -> str:
    """An adjective in the nominative singular of the role noun's gender («генеральный»): of the
    forms its lexeme has so, the one that shares most of the word's start («высшего» →
    «высший», not «высочайший», which pymorphy3 lists first)."""
    word = token.text.lower()
    forms = [
        form
        for parse in parses(morph, word)
        if parse.tag.POS in {"ADJF", "PRTF"}
        for form, tag in lexeme(parse)
        if {"nomn", "sing", gender} <= tag.grammemes and tag.POS == parse.tag.POS
    ]
    if not forms:
        return token.lemma
    return max(forms, key=lambda form: (_shared_start(form, word), -len(form), form))


def _shared_start(first: str, second: str) -> int:
    """How many letters two words share from the start."""
    return next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)),
    )


def _role(
    doc: _Document, phrase: Phrase, role: str, person: EntityMention, place: EntityMention | None
) -> RoleMention:
    start, stop = doc.tokens[phrase.first].start, doc.tokens[phrase.last].stop
    return RoleMention(
        start=start,
        stop=stop,
        text=doc.text[start:stop],
        role=role,
        person=person.entity,
        person_start=person.start,
        person_stop=person.stop,
        organisation=place.entity if place is not None else None,
    )


def _place_and_person(
    doc: _Document, offset: int, gap: re.Pattern[str]
) -> tuple[EntityMention | None, EntityMention | None]:
    """An optional ORG/LOC name (its first name if two stand together) and the person after it."""
    place = doc.mention_after(offset, gap, PLACE_TYPES)
    position = offset
    if place is not None:
        position = place.stop
        second = doc.mention_after(position, AFTER_PLACE, PLACE_TYPES)  # «МИД» «России», «… (УЕФА)»
        position = second.stop if second is not None else position
    person = doc.mention_after(position, AFTER_PLACE if place is not None else gap, frozenset({"PER"}))
    return place, person


def _other_case(doc: _Document, phrase: Phrase, person: EntityMention) -> bool:
    """A name in an oblique case other than the role noun's is not in apposition to it: «адвокат
    Гаева», «представитель фонда Анны Франк» (whose lawyer, whose fund), «губернатора … Дмитрием
    Медведевым». Only a word of the name that shows its case by its ending counts (one that is
    not its own lemma): the tagger gives indeclinable names («Ван И») the case of their neighbours."""
    index = doc.token_at.get(person.start)
    while index is not None and index < len(doc.tokens) and doc.tokens[index].start < person.stop:
        word = doc.tokens[index]
        if word.text.lower().replace("ё", "е") != word.lemma.replace("ё", "е"):
            case, noun_case = _case(word), _case(doc.tokens[phrase.noun])
            # an animate noun's accusative is its genitive: the tagger mixes them up
            return case in OBLIQUE_CASES and case != noun_case and {case, noun_case} != {"Gen", "Acc"}
        index += 1
    return False


def _before_name(doc: _Document, phrase: Phrase, role: str) -> list[RoleMention]:
    """«министром иностранных дел КНР Ван И» and the list that may follow it."""
    place, person = _place_and_person(doc, doc.tokens[phrase.last].stop, NEXT_TO)
    if person is None or _other_case(doc, phrase, person):
        return []
    found = [_role(doc, phrase, role, person, place)]
    # A list goes on: «…, России Сергей Лавров, Пакистана Мухаммад Исхак Дар» after a place
    # (a name with no place of its own is passed over), any name after a plural role
    # («Американские учёные Юджин Фама, … и Роберт Шиллер»).
    plural = "Number=Plur" in doc.tokens[phrase.noun].feats
    position = person.stop
    while place is not None or plural:
        next_place, next_person = _place_and_person(doc, position, LIST_ITEM)
        if next_person is None:
            break
        if next_place is not None or plural:
            found.append(_role(doc, phrase, role, next_person, next_place))
        position = next_person.stop
    # A plural role beside one name is not that person's: «членов команды Юрия Лужкова».
    return [] if plural and len(found) == 1 else found


def _after_name(doc: _Document, phrase: Phrase, role: str) -> list[RoleMention]:
    """«Ван И, министр иностранных дел КНР,»: a role set off after the name it belongs to."""
    start = doc.tokens[phrase.first].start
    opener = APPOSITION_OPEN.search(doc.text, max(0, start - 16), start)
    person = doc.ending.get(opener.start()) if opener is not None else None
    if person is None:
        return []
    place = doc.mention_after(doc.tokens[phrase.last].stop, NEXT_TO, PLACE_TYPES)
    end = place.stop if place is not None else doc.tokens[phrase.last].stop
    if APPOSITION_CLOSE.match(doc.text, end) is None:
        return []
    return [_role(doc, phrase, role, person, place)]


def find_roles(
    text: str, tokens: Sequence[Token], mentions: Sequence[EntityMention], morph: pymorphy3.MorphAnalyzer
) -> list[RoleMention]:
    """The role phrases of a document that belong to a person (`mentions` linked: entity ids set)."""
    doc = _Document(text, tokens, mentions)
    found: list[RoleMention] = []
    waiting: list[RoleMention] = []  # phrases with no name of their own, joined by «и» to what follows
    following = 0  # the first token a phrase may start its noun at: after the last one with roles
    for noun in _role_nouns(tokens):
        if noun < following:
            continue
        phrase = _phrase(doc, noun)
        if phrase is None:
            continue
        role = normal_role(tokens, phrase, morph)
        roles = _before_name(doc, phrase, role) or _after_name(doc, phrase, role)
        start = tokens[phrase.first].start
        joined = bool(waiting) and AND.fullmatch(doc.text, waiting[-1].stop, start) is not None
        if roles and joined:  # «президент и премьер-министр Израиля Шимон Перес»: both are his
            found.extend(
                replace(r, start=w.start, stop=w.stop, text=w.text, role=w.role)
                for w in waiting
                for r in roles
            )
        stop = tokens[phrase.last].stop
        alone = RoleMention(start, stop, text[start:stop], role, 0, 0, 0)
        waiting = [] if roles else [*waiting, alone] if joined else [alone]
        found.extend(roles)
        following = phrase.last + 1 if roles else noun + 1
    return sorted(set(found), key=lambda r: (r.start, r.stop, r.person_start))
