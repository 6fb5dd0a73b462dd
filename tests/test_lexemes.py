"""The lexemes built once per dictionary word give exactly what pymorphy3's own inflection gives."""

from __future__ import annotations

import pytest

from pipeline.inflect.lexemes import _paradigm, lexeme, pymorphy_inflect

# Names, surnames of both genders, places, organisations' words, adjectives and participles in
# several degrees, words pymorphy3 only guesses (from their ending: «Шольца», «Нетфликса»; past
# a prefix, known or not: «псевдокошке», «байткоде»), hyphenated words, and
# words whose stem shifts or whose case is rare («лесу», «Льва», «матери»).
SENTENCE = (
    "Президент Касым-Жомарт Токаев встретился с Олафом Шольцем и Акирой Куросавой в лесу под "
    "Нижним Новгородом; Льва Толстого и Анну Ахматову читали в Великих Луках, высшей школе "
    "экономики, древнейшей Киево-Печерской лавре, у матери Путиной, в Соединенных Штатах, "
    "пострадавшими жителями Мирного, Ярославской и Владимирской областей, в Храмовой горе, "
    "о псевдокошке и байткоде Нетфликса, Сябитовой и Абдулхамидовым."
)
GRAMMEMES = [
    {"nomn", "sing"},
    {"nomn", "plur"},
    {"nomn", "sing", "masc"},
    {"nomn", "sing", "femn"},
    {"gent"},
    {"loc2"},
    {"ablt", "plur"},
]


def _parses(models):
    words = {word.strip(",.;").lower() for word in SENTENCE.split()}
    return [parse for word in sorted(words) for parse in models.morph.parse(word)]


def test_a_lexeme_holds_pymorphy3s_forms_in_its_order(models) -> None:
    parses = _parses(models)
    assert len(parses) > 100
    for parse in parses:
        assert list(lexeme(parse)) == [(form.word, form.tag) for form in parse.lexeme], parse


@pytest.mark.parametrize("grammemes", GRAMMEMES, ids=lambda g: ",".join(sorted(g)))
def test_inflection_picks_what_pymorphy3_picks(models, grammemes: set[str]) -> None:
    for parse in _parses(models):
        expected = parse.inflect(set(grammemes))
        assert pymorphy_inflect(parse, lexeme(parse), frozenset(grammemes)) == (
            expected.word if expected is not None else None
        ), (parse, grammemes)


def test_the_words_of_one_paradigm_share_it(models) -> None:
    _paradigm.cache_clear()
    for word in ("путина", "путину", "иванова", "смирновым"):
        surname = next(p for p in models.morph.parse(word) if {"Surn", "masc"} <= p.tag.grammemes)
        lexeme(surname)
    info = _paradigm.cache_info()
    assert (info.misses, info.hits) == (1, 3)
