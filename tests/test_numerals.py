"""Number parsing: digits with any separators, scale words, numbers in words."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.numerals import NUMBER, parse_digits, parse_number, scale_of

NUMBER_RE = re.compile(NUMBER, re.IGNORECASE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,5", "1234.5"),
        ("1\u00a0234,5", "1234.5"),
        ("1\u202f000\u202f000", "1000000"),
        ("1\u2009500", "1500"),
        ("1 000 000", "1000000"),
        ("1,3", "1.3"),
        ("3.5", "3.5"),
        ("1,000,000", "1000000"),
        ("17739,10", "17739.1"),
        ("2024", "2024"),
    ],
)
def test_digits(text: str, expected: str) -> None:
    assert parse_digits(text) == Decimal(expected)


def test_single_comma_group_is_decimal_unless_told() -> None:
    assert parse_digits("635,000") == Decimal("635")
    assert parse_digits("635,000", thousands_comma=True) == Decimal("635000")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("41 млрд", "41000000000"),
        ("3,3 млрд", "3300000000"),
        ("5 млн", "5000000"),
        ("5 млн.", "5000000"),
        ("3 тыс.", "3000"),
        ("2,5 тыс", "2500"),
        ("7 тысяч", "7000"),
        ("2 тысячи", "2000"),
        ("8,13 миллиарда", "8130000000"),
        ("100,2 миллиона", "100200000"),
        ("2,2 трлн", "2200000000000"),
        ("1,1 триллиона", "1100000000000"),
        ("девять миллионов", "9000000"),
        ("двадцать пять", "25"),
        ("сто двадцать три", "123"),
        ("двухсот тысяч", "200000"),
        ("четверть миллиарда", "250000000"),
        ("полтора", "1.5"),
        ("полтора миллиона", "1500000"),
        ("полутора миллиардов", "1500000000"),
        ("миллион", "1000000"),
        ("миллиарда", "1000000000"),
        ("семи миллиардам", "7000000000"),
        ("сорок", "40"),
    ],
)
def test_parse_number(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "рублей", "2 3", "тысяча рублей и"])
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Бюджет составил 41 млрд долларов.", "41 млрд"),
        ("Выделено девять миллионов рублей.", "девять миллионов"),
        ("Инвестиции — четверть миллиарда долларов.", "четверть миллиарда"),
        ("Сумма — 1\u00a0234,5 рубля.", "1\u00a0234,5"),
    ],
)
def test_number_pattern_finds_the_whole_number(sentence: str, found: str) -> None:
    assert NUMBER_RE.search(sentence).group() == found  # type: ignore[union-attr]


def test_number_pattern_skips_fractions_without_scale() -> None:
    assert NUMBER_RE.search("почти половину населения") is None


def test_scale_of() -> None:
    assert scale_of("3 тыс.") == Decimal(1000)
    assert scale_of("5") is None


@given(st.text())
def test_parse_number_never_raises(text: str) -> None:
    parse_number(text)
