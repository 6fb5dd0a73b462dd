"""Mentions linked into entities by their normal forms."""

from __future__ import annotations

from dataclasses import fields, replace

from pipeline.lexicon import is_acronym_of
from pipeline.records import EntityMention
from pipeline.stages.s06_link import link_entities, same_person


def mention(start: int, type: str, text: str, normal: str) -> EntityMention:
    return EntityMention(start, start + len(text), type, text, normal)


def test_person_by_surname_and_initials() -> None:
    mentions = [
        mention(0, "PER", "Касым-Жомарт Токаев", "Касым-Жомарт Токаев"),
        mention(30, "PER", "К.Токаева", "К.Токаев"),
        mention(60, "PER", "Токаевым", "Токаев"),
        mention(90, "PER", "Ван И", "Ван И"),
        mention(120, "PER", "Токаев", "Токаев"),
    ]
    linked, index = link_entities(mentions)
    assert [m.entity for m in linked] == [1, 1, 1, 2, 1]
    assert index[0].name == "Касым-Жомарт Токаев"
    assert index[0].mentions == 4
    assert index[0].first_start == 0
    assert index[1].name == "Ван И"


def test_different_first_names_are_different_people() -> None:
    assert not same_person("Сергей Иванов", "Виктор Иванов")
    assert not same_person("С.Иванов", "В.Иванов")
    assert same_person("С.Иванов", "Сергей Иванов")


def test_acronyms() -> None:
    assert is_acronym_of("ШОС", "Шанхайская организация сотрудничества")
    assert is_acronym_of("СовМИД", "Совет министров иностранных дел")
    assert is_acronym_of("Госсовет", "Государственный совет")
    assert is_acronym_of("ООН", "Организация Объединённых Наций")
    assert not is_acronym_of("ООН", "Шанхайская организация сотрудничества")
    assert not is_acronym_of("ШОС", "ШОС")
    assert is_acronym_of("Госдума", "Государственная дума")
    assert not is_acronym_of("Рим", "Российская империя")  # a shortened word takes two letters of the first
    assert not is_acronym_of("ВВС", "ВВС США")  # a word of the name is no acronym of it


def test_acronym_and_full_name_are_one_entity() -> None:
    mentions = [
        mention(0, "ORG", "Шанхайской организации сотрудничества", "Шанхайская организация сотрудничества"),
        mention(50, "ORG", "ШОС", "ШОС"),
        mention(60, "LOC", "КНР", "КНР"),
        mention(70, "ORG", "ШОС", "ШОС"),
    ]
    linked, index = link_entities(mentions)
    assert [m.entity for m in linked] == [1, 1, 2, 1]
    assert [(row.type, row.name, row.mentions) for row in index] == [
        ("ORG", "Шанхайская организация сотрудничества", 3),
        ("LOC", "КНР", 1),
    ]


def test_same_normal_different_type_is_not_linked() -> None:
    linked, index = link_entities(
        [mention(0, "LOC", "Вашингтон", "Вашингтон"), mention(20, "PER", "Вашингтон", "Вашингтон")]
    )
    assert [m.entity for m in linked] == [1, 2]
    assert len(index) == 2


def test_ids_follow_first_appearance_and_case_is_ignored() -> None:
    linked, _ = link_entities(
        [
            mention(40, "LOC", "Казахстана", "Казахстан"),
            mention(0, "LOC", "Китая", "Китай"),
            mention(80, "LOC", "КИТАЙ", "КИТАЙ"),
        ]
    )
    assert [(m.text, m.entity) for m in linked] == [("Китая", 1), ("Казахстана", 2), ("КИТАЙ", 1)]


def test_empty() -> None:
    assert link_entities([]) == ([], [])


def test_with_entity_is_replace_of_the_entity_on_every_field():
    values = {
        f.name: f"{f.name}-value" if f.type == "str" else 100 + number
        for number, f in enumerate(fields(EntityMention))
    }
    mention = EntityMention(**values)  # type: ignore[arg-type]
    assert mention.with_entity(7) == replace(mention, entity=7)
    assert mention.with_entity(7).entity == 7
