"""Mentions → entities within one document, by their normal forms.

Two normal forms of the same type name one entity when:
- they are the same (case and ё/е ignored);
- PER: the surnames (the last full word) agree and the given names do not clash — a full
  name agrees with the same name or its initial, a missing name agrees with anything:
  «Касым-Жомарт Токаев», «К.Токаев», «Токаев» are one person;
- ORG/LOC: one is an acronym of the other: the acronym's letters are the starts of the
  full name's words, each word giving 1–3 letters (the last word may give all of itself:
  «Госсовет»), lower-case words such as «стран» may give none: «ШОС» ↔ «Шанхайская
  организация сотрудничества», «СовМИД» ↔ «Совет министров иностранных дел».
A mention joins an entity only if its normal form names the entity with every normal form
the entity has so far, so a short form never chains two different full names: «Мишель
Обама» does not join «Барак Обама» through «Обама». When several entities qualify (a bare
surname), it joins the most recently mentioned one. Entity ids are 1-based in order of
first appearance; the index row's name is the fullest
normal form (most words, then longest).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.lexicon import is_acronym_of
from pipeline.records import EntityIndexRow, EntityMention

_NAME_PARTS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*\.?")


def fold(text: str) -> str:
    """Case- and ё-insensitive key: «Соединённые Штаты» → «соединенные штаты»."""
    return " ".join(text.lower().replace("ё", "е").split())


# `names_corefer` misses its cache on most new pairs of a document's normal forms, and folded
# each form and read it as a person's name again: a few thousand distinct forms make 18 of
# every 19 of those calls on the 868 texts. Bounds: README, "Memory of a long run".
_folded = lru_cache(maxsize=2_000)(fold)


@dataclass(frozen=True)
class PersonName:
    given: tuple[str, ...]  # folded first names/patronymics or their initials (one letter)
    surname: str  # folded; "" if the name has no full word


@lru_cache(maxsize=2_000)  # see `_folded`
def person_name(normal: str) -> PersonName:
    """«К.Токаев» → given ('к',), surname 'токаев'; «Касым-Жомарт Токаев» → ('касым-жомарт',)."""
    parts = [p.rstrip(".") for p in _NAME_PARTS.findall(fold(normal))]
    full = [i for i, p in enumerate(parts) if len(p) > 1]
    if not full:
        return PersonName(tuple(parts), "")
    last = full[-1]
    return PersonName(tuple(parts[:last]), parts[last])


def given_names_agree(first: Sequence[str], second: Sequence[str]) -> bool:
    """Position by position, names equal or one is the other's initial; a missing one agrees."""
    for a, b in zip(first, second, strict=False):
        if a == b:
            continue
        if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
            continue
        return False
    return True


def same_person(first: str, second: str) -> bool:
    a, b = person_name(first), person_name(second)
    return bool(a.surname) and a.surname == b.surname and given_names_agree(a.given, b.given)


@lru_cache(maxsize=5_000)
def names_corefer(type: str, first: str, second: str) -> bool:
    """Whether two normal forms of one type name the same entity (see the module doc)."""
    if _folded(first) == _folded(second):
        return True
    if type == "PER":
        return same_person(first, second)
    return is_acronym_of(first, second) or is_acronym_of(second, first)


@dataclass
class _Entity:
    number: int
    type: str
    members: list[EntityMention] = field(default_factory=list)
    normals: set[str] = field(default_factory=set)  # distinct normal forms of the members
    last_seen: int = 0


def fullest_name(normals: Sequence[str]) -> str:
    """Most words, then longest, then first seen."""
    return max(enumerate(normals), key=lambda item: (len(item[1].split()), len(item[1]), -item[0]))[1]


def link_entities(mentions: Sequence[EntityMention]) -> tuple[list[EntityMention], list[EntityIndexRow]]:
    """Give every mention its entity id; return the mentions (text order) and the entity index."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.stop))
    entities: list[_Entity] = []
    of_type: dict[str, list[_Entity]] = {}  # the entities of each type (a mention is compared with those)
    linked: list[EntityMention] = []
    for position, mention in enumerate(ordered):
        # Whether two mentions corefer depends only on their type and normal form, so each
        # entity is compared through its distinct normal forms, not through every mention.
        candidates = [
            e
            for e in of_type.get(mention.type, ())
            if all(names_corefer(e.type, mention.normal, n) for n in e.normals)
        ]
        if candidates:
            # the most recent one (no two entities were last seen at the same position)
            entity = max(candidates, key=lambda e: e.last_seen)
        else:
            entity = _Entity(len(entities) + 1, mention.type)
            entities.append(entity)
            of_type.setdefault(mention.type, []).append(entity)
        entity.members.append(mention)
        entity.normals.add(mention.normal)
        entity.last_seen = position
        linked.append(mention.with_entity(entity.number))
    index = [
        EntityIndexRow(
            entity=e.number,
            type=e.type,
            name=fullest_name([m.normal for m in e.members]),
            mentions=len(e.members),
            first_start=e.members[0].start,
        )
        for e in entities
    ]
    return linked, index
