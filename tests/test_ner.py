"""PER/LOC/ORG spans on real Russian news sentences."""

from __future__ import annotations

import pytest

from pipeline.models import Models, load_models
from pipeline.morphology import tag_tokens
from pipeline.ner import find_entities
from pipeline.records import EntityMention
from pipeline.segment import segment


@pytest.fixture(scope="module")
def models() -> Models:
    return load_models()


def entities(text: str, models: Models) -> list[EntityMention]:
    return find_entities(text, tag_tokens(segment(text).tokens, models), models)


def spans(text: str, models: Models) -> set[tuple[str, str]]:
    return {(m.type, m.text) for m in entities(text, models)}


def test_offsets_match_text(models: Models) -> None:
    text = "Министр иностранных дел КНР Ван И прибыл в Астану.\nЕго встретил Касым-Жомарт Токаев."
    for mention in entities(text, models):
        assert text[mention.start : mention.stop] == mention.text
        assert mention.entity == 0


def test_no_span_crosses_a_line_break(models: Models) -> None:
    text = "«Китай продолжит поддержку» Ван И\nСо стороны китайского руководителя прозвучали слова."
    found = entities(text, models)
    assert all("\n" not in m.text for m in found)
    assert ("PER", "Ван И") in {(m.type, m.text) for m in found}


def test_title_stays_outside_person(models: Models) -> None:
    found = spans("Ван И заверил Президента К.Токаева во всесторонней поддержке.", models)
    assert ("PER", "К.Токаева") in found
    assert not any(text.startswith("Президент") for _, text in found)


def test_quotes_stay_outside(models: Models) -> None:
    found = spans("Акции ОАО «Газпром» подешевели на торгах в пятницу.", models)
    assert ("ORG", "Газпром") in found


def test_organisation_takes_its_genitive_name(models: Models) -> None:
    text = "Он встретился с членом Госсовета КНР и директором исполкома РАТС ШОС Русланом Мирзаевым."
    found = spans(text, models)
    assert ("ORG", "Госсовета КНР") in found
    assert ("ORG", "РАТС ШОС") in found
    assert ("LOC", "КНР") not in found


def test_bracketed_name_is_its_own_mention(models: Models) -> None:
    found = spans("Об этом заявил Джон Смит (John Smith), глава компании.", models)
    assert ("PER", "Джон Смит") in found


def test_inflected_repeat_of_a_surname_is_tagged(models: Models) -> None:
    text = (
        "Президент Казахстана Касым-Жомарт Токаев провел переговоры.\n"
        "Гость поддержал курс, проводимый Токаевым в последние годы."
    )
    found = entities(text, models)
    assert any(m.type == "PER" and m.text == "Токаевым" and m.normal == "Токаев" for m in found)


def test_normal_forms_are_filled(models: Models) -> None:
    text = "Министры обсудили ситуацию в Тайваньском проливе и работу Шанхайской организации сотрудничества."
    normals = {m.text: m.normal for m in entities(text, models)}
    assert normals.get("Тайваньском проливе") == "Тайваньский пролив"
    assert normals.get("Шанхайской организации сотрудничества") == "Шанхайская организация сотрудничества"


def test_empty_text(models: Models) -> None:
    assert find_entities("", [], models) == []
    assert find_entities("\n\n", [], models) == []


def test_razdel_tokens_without_features_work(models: Models) -> None:
    text = "Сергей Лавров прилетел в Пекин."
    assert {(m.type, m.text) for m in find_entities(text, [], models)} >= {
        ("PER", "Сергей Лавров"),
        ("LOC", "Пекин"),
    }
