"""PERCENT extraction: values, ranges, qualifiers, what is not a percentage."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.records import format_decimal
from pipeline.stages.s09_percents import find_percents

FRAGMENTS = ["30", "1,7", "5", "-", "–", "до", "от", " ", "  ", "\n", "\r\n", "\u00a0", "%", "процентов",
             "процента", "процентных", "пунктов", "более", "около", "пять", "сорок", ",", ".", "&nbsp;",
             "-процентное", "п.п.", "составил", "D0%BE"]  # fmt: skip
TEXTS = st.one_of(st.text(), st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))


@pytest.mark.parametrize(
    ("sentence", "text", "value", "value_max", "qualifier"),
    [
        ("Товарооборот вырос на 30% и достиг рекорда.", "30%", "30", None, ""),
        ("Инфляция составила 1,7 % за квартал.", "1,7 %", "1.7", None, ""),
        ("На долю компании приходится 37,5 процента рынка.", "37,5 процента", "37.5", None, ""),
        ("Явка составила около 40 процентов.", "40 процентов", "40", "", "около"),
        ("Рост оценивается в 38–56% в зависимости от региона.", "38–56%", "38", "56", ""),
        ("Ставку снизят на 5-7 процентов.", "5-7 процентов", "5", "7", ""),
        ("Тарифы вырастут на пять процентов.", "пять процентов", "5", None, ""),
        ("За партию проголосовали сорок процентов избирателей.", "сорок процентов", "40", None, ""),
        ("Доля экспорта составляет более 44% от общего объема.", "44%", "44", None, "более"),
        ("Скидка составит от 10 до 15 процентов.", "от 10 до 15 процентов", "10", "15", ""),
        ("Банк объявил 50-процентную скидку.", "50-процентную", "50", None, ""),
        ("Безработица не превысила не более 3 %.", "3 %", "3", None, "не более"),
        ("Показатель достиг почти 10 процентов.", "10 процентов", "10", None, "почти"),
    ],
)
def test_values(sentence: str, text: str, value: str, value_max: str | None, qualifier: str) -> None:
    (mention,) = find_percents(sentence)
    assert mention.text == text
    assert sentence[mention.start : mention.stop] == text
    assert mention.value == Decimal(value)
    assert mention.value_max == (Decimal(value_max) if value_max else None)
    assert mention.qualifier == qualifier


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a change «с X до Y» is two shares, not a range
        ("Ставка выросла с 5 до 7% за год.", [("5", "5", ""), ("7%", "7", "")]),
        ("Доля упала с 12 % до 9 %.", [("12 %", "12", ""), ("9 %", "9", "")]),
        # qualifiers
        ("Продажи выросли более чем на 40 %.", [("40 %", "40", "более чем")]),
        ("Явка составила более, чем 60 процентов.", [("60 процентов", "60", "более чем")]),
        ("Доля составляет не менее 30%.", [("30%", "30", "не менее")]),
        ("Инфляция составит порядка 4 процентов.", [("4 процентов", "4", "порядка")]),
        ("За него проголосовали свыше 70% избирателей.", [("70%", "70", "свыше")]),
        # «до»: an upper bound, but a target after a verb of change
        ("Скидки составят до 50%.", [("50%", "50", "до")]),
        ("Ставку решено снизить до 20 %.", [("20 %", "20", "")]),
        ("Безработица выросла до 7 процентов.", [("7 процентов", "7", "")]),
    ],
)
def test_changes_and_qualifiers(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    found = find_percents(sentence)
    assert [(m.text, m.value, m.qualifier) for m in found] == [(t, Decimal(v), q) for t, v, q in expected]
    assert all(sentence[m.start : m.stop] == m.text for m in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "В стране живет почти половину населения региона.",
        "Китай обеспечивает четверть мирового ВВП.",
        "Ставка выросла на 2 процентных пункта.",
        "Ставка выросла на 0,5 п.п.",
        "Ссылка: https://example.org/%D0%BE%D1%82%D0%BC",
        "Процентные ставки остались прежними.",
    ],
)
def test_not_percent(sentence: str) -> None:
    assert find_percents(sentence) == []


def test_several_in_one_text_with_crlf() -> None:
    text = "Первый тур: 52,3 процента.\r\nВторой тур: 47,7 %."
    found = find_percents(text)
    assert [m.text for m in found] == ["52,3 процента", "47,7 %"]
    assert all(text[m.start : m.stop] == m.text for m in found)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_properties(text: str) -> None:
    found = find_percents(text)
    assert found == find_percents(text)  # deterministic
    for mention in found:
        assert text[mention.start : mention.stop] == mention.text
        assert mention.text and mention.text == mention.text.strip()
        assert "\n" not in mention.text and "\r" not in mention.text
    assert all(a.stop <= b.start for a, b in pairwise(found))


@pytest.mark.parametrize(
    ("sentence", "value", "value_max"),
    [
        (f"Рост составил {'1' * 29}%.", "1" * 29, ""),
        (f"Рост составил {'7' * 35},5 процента.", "7" * 35 + ".5", ""),
        (f"Рост составил {'1' * 30}–{'2' * 31}%.", "1" * 30, "2" * 31),
    ],
)
def test_shares_with_more_digits_than_decimal_keeps_are_exact(sentence, value, value_max):
    (mention,) = find_percents(sentence)
    assert (format_decimal(mention.value), format_decimal(mention.value_max)) == (value, value_max)
