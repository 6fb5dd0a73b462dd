"""MONEY extraction: amounts, currencies, ranges, qualifiers, what is not money."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.records import format_decimal
from pipeline.stages.s02_segment import lines
from pipeline.stages.s08_money import find_money
from pipeline.stages.s08_money.currencies import CURRENCIES
from pipeline.stages.s08_money.extract import CURRENCY_HINT, find_in_line

FRAGMENTS = ["41", "3,3", "1 234,5", " ", "\n", "\r", "\u00a0", "млрд", "млн", "тыс.", "долларов", "рублей",
             "руб.", "$", "€", "£", "от", "до", "–", "-", "более", "около", "евро", "девять", "миллионов",
             "четверть", "миллиарда", "USD", "крон", "фунтов", "стерлингов", ",", ".", "трлн",
             "южнокорейских", "вон", "узбекских", "сумов", "евроцентов", "копеек", "сомони", "₸"]  # fmt: skip
TEXTS = st.one_of(st.text(), st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))


@pytest.mark.parametrize(
    ("sentence", "text", "amount", "amount_max", "currency", "qualifier"),
    [
        ("Товарооборот достиг 41 млрд долларов.", "41 млрд долларов", "41000000000", None, "USD", ""),
        ("Сделка оценивается в $3,3 млрд.", "$3,3 млрд", "3300000000", None, "USD", ""),
        ("Сделка оценивается в 3,3 млрд $.", "3,3 млрд $", "3300000000", None, "USD", ""),
        ("Фонд получил €5 млн на развитие.", "€5 млн", "5000000", None, "EUR", ""),
        ("Средняя пенсия составила 1 234,5 рубля.", "1 234,5 рубля", "1234.5", None, "RUB", ""),
        ("Ущерб оценили в девять миллионов рублей.", "девять миллионов рублей", "9000000", None, "RUB", ""),
        (
            "Проект стоит четверть миллиарда долларов.",
            "четверть миллиарда долларов",
            "250000000",
            None,
            "USD",
            "",
        ),
        (
            "Штраф составит от 3 тыс. до 5 тыс. рублей.",
            "от 3 тыс. до 5 тыс. рублей",
            "3000",
            "5000",
            "RUB",
            "",
        ),
        ("Штраф составит от 3 до 5 тыс. руб.", "от 3 до 5 тыс. руб.", "3000", "5000", "RUB", ""),
        ("На ремонт уйдет 5–7 млн рублей.", "5–7 млн рублей", "5000000", "7000000", "RUB", ""),
        ("Более 7 млрд долларов составило сальдо.", "7 млрд долларов", "7000000000", None, "USD", "более"),
        (
            "Бюджет составит около 2,2 трлн руб. в год.",
            "2,2 трлн руб.",
            "2200000000000",
            None,
            "RUB",
            "около",
        ),
        ("Штраф составит до 500 тыс. рублей.", "500 тыс. рублей", "500000", None, "RUB", "до"),
        ("Компания заплатит не менее 10 млн евро.", "10 млн евро", "10000000", None, "EUR", "не менее"),
        ("Инвестиции превысили 2 млрд долларов США.", "2 млрд долларов США", "2000000000", None, "USD", ""),
        (
            "Вложено 100 млн американских долларов.",
            "100 млн американских долларов",
            "100000000",
            None,
            "USD",
            "",
        ),
        ("Кредит составил 500 млн юаней.", "500 млн юаней", "500000000", None, "CNY", ""),
        ("Зарплата выросла до 300 тысяч тенге.", "300 тысяч тенге", "300000", None, "KZT", ""),
        ("Убытки составили 2 млрд иен.", "2 млрд иен", "2000000000", None, "JPY", ""),
        (
            "Трансфер обошелся в 30 млн фунтов стерлингов.",
            "30 млн фунтов стерлингов",
            "30000000",
            None,
            "GBP",
            "",
        ),
        ("Штраф — 6 миллионов норвежских крон.", "6 миллионов норвежских крон", "6000000", None, "NOK", ""),
        ("Пиво подорожало до 40 чешских крон.", "40 чешских крон", "40", None, "CZK", ""),
        ("Премия составила 9 млн шведских крон.", "9 млн шведских крон", "9000000", None, "SEK", ""),
        ("Пенсия составит 3000 гривен.", "3000 гривен", "3000", None, "UAH", ""),
        ("Тариф — 15 белорусских рублей.", "15 белорусских рублей", "15", None, "BYN", ""),
        ("Контракт на 500 USD подписан.", "500 USD", "500", None, "USD", ""),
        ("Выручка составила £12 млн.", "£12 млн", "12000000", None, "GBP", ""),
        ("Билет стоит 500 ₽.", "500 ₽", "500", None, "RUB", ""),
        ("Лот ушел за $68 000.", "$68 000", "68000", None, "USD", ""),
        ("Ему выплатили полтора миллиона долларов.", "полтора миллиона долларов", "1500000", None, "USD", ""),
        (
            "Долг составил почти семи миллиардам долларов.",
            "семи миллиардам долларов",
            "7000000000",
            None,
            "USD",
            "почти",
        ),
    ],
)
def test_values(
    sentence: str, text: str, amount: str, amount_max: str | None, currency: str, qualifier: str
) -> None:
    (mention,) = find_money(sentence)
    assert mention.text == text
    assert sentence[mention.start : mention.stop] == text
    assert mention.amount == Decimal(amount)
    assert mention.amount_max == (Decimal(amount_max) if amount_max else None)
    assert mention.currency == currency
    assert mention.qualifier == qualifier


@pytest.mark.parametrize(
    ("currency", "written"),
    [pytest.param(c, w, id=f"{c.code}: {w}") for c in CURRENCIES for w in c.examples],
)
def test_currency_examples(currency, written: str) -> None:
    """Every example of every currency (currencies.CURRENCIES) is found alone on its line,
    with its code: the prefilter built from the table lets it through."""
    sentence = f"Сумма составила 5 млн {written}, сообщил банк."
    assert CURRENCY_HINT.search(sentence.lower())
    (mention,) = find_money(sentence)
    assert (mention.text, mention.currency) == (f"5 млн {written}", currency.code)
    hundredth = written.startswith(("цент", "евроцент", "копе", "коп."))
    assert mention.amount == Decimal(50_000 if hundredth else 5_000_000)


@pytest.mark.parametrize(
    ("written", "code"),
    [(s, c.code) for c in CURRENCIES for s in c.symbols] + [(c.code, c.code) for c in CURRENCIES],
)
def test_symbols_and_codes(written: str, code: str) -> None:
    (mention,) = find_money(f"Контракт на 500 {written} подписан.")
    assert (mention.text, mention.currency, mention.amount) == (f"500 {written}", code, Decimal(500))


@pytest.mark.parametrize(
    ("sentence", "text", "amount", "currency"),
    [
        # alone on their line: the stems of these currencies were missing from the prefilter
        ("Samsung вложит 5 трлн южнокорейских вон.", "5 трлн южнокорейских вон", "5000000000000", "KRW"),
        ("Бюджет проекта — 300 млн узбекских сумов.", "300 млн узбекских сумов", "300000000", "UZS"),
        ("Цена снизилась на 50 евроцентов.", "50 евроцентов", "0.5", "EUR"),
    ],
)
def test_currency_alone_on_its_line(sentence: str, text: str, amount: str, currency: str) -> None:
    (mention,) = find_money(sentence)
    assert (mention.text, mention.amount, mention.currency) == (text, Decimal(amount), currency)


def test_seed_sentences() -> None:
    sentence = "Только за прошлый год товарооборот вырос на 30% и достиг 41 млрд долларов."
    (mention,) = find_money(sentence)
    assert (mention.text, mention.amount, mention.currency) == (
        "41 млрд долларов",
        Decimal(41 * 10**9),
        "USD",
    )
    sentence = "Более 7 млрд долларов составило сальдо торговли."
    (mention,) = find_money(sentence)
    assert (mention.text, mention.qualifier) == ("7 млрд долларов", "более")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a change «с X до Y» is two amounts in one currency, and «до» there is no qualifier
        (
            "Выручка выросла с 10,6 миллиарда до 11,3 миллиарда долларов.",
            [
                ("10,6 миллиарда", "10600000000", "USD", ""),
                ("11,3 миллиарда долларов", "11300000000", "USD", ""),
            ],
        ),
        (
            "Зарплаты снизились с 5 до 4 тыс. рублей.",
            [("5", "5000", "RUB", ""), ("4 тыс. рублей", "4000", "RUB", "")],
        ),
        # qualifiers
        (
            "Сделка обошлась более, чем в 100 млн рублей.",
            [("100 млн рублей", "100000000", "RUB", "более чем")],
        ),
        ("Фильм собрал более чем 2 млрд долларов.", [("2 млрд долларов", "2000000000", "USD", "более чем")]),
        ("Компания заплатит не менее 10 млн евро.", [("10 млн евро", "10000000", "EUR", "не менее")]),
        ("Ущерб оценили порядка 5 млн рублей.", [("5 млн рублей", "5000000", "RUB", "порядка")]),
        ("Инвестиции составили свыше 3 млрд рублей.", [("3 млрд рублей", "3000000000", "RUB", "свыше")]),
        # «до»: an upper bound, but a target after a verb of change
        ("Штраф составит до 500 тыс. рублей.", [("500 тыс. рублей", "500000", "RUB", "до")]),
        ("Бюджет решено сократить до 5 млн рублей.", [("5 млн рублей", "5000000", "RUB", "")]),
        (
            "Прибыль увеличилась на 20 процентов до 668 миллионов долларов.",
            [("668 миллионов долларов", "668000000", "USD", "")],
        ),
        (
            "Цены снизили до 100 рублей, а штраф составит до 500 рублей.",
            [("100 рублей", "100", "RUB", ""), ("500 рублей", "500", "RUB", "до")],
        ),
    ],
)
def test_changes_and_qualifiers(sentence: str, expected: list[tuple[str, str, str, str]]) -> None:
    found = find_money(sentence)
    assert [(m.text, m.amount, m.currency, m.qualifier) for m in found] == [
        (text, Decimal(amount), currency, qualifier) for text, amount, currency, qualifier in expected
    ]
    assert all(sentence[m.start : m.stop] == m.text for m in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "В форуме примут участие свыше 100 крупных мероприятий.",
        "Поставки выросли до 75 млн тонн.",
        "Расчеты ведутся в долларах и юанях.",
        "Вилла стоит несколько миллионов евро.",
        "Рыбак поймал сома весом 20 фунтов.",
        "Выпущено 2024 экземпляра книги.",
        "Китай обеспечивает четверть мирового ВВП.",
    ],
)
def test_not_money(sentence: str) -> None:
    assert find_money(sentence) == []


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_properties(text: str) -> None:
    found = find_money(text)
    assert found == find_money(text)
    for mention in found:
        assert text[mention.start : mention.stop] == mention.text
        assert mention.text and mention.text == mention.text.strip()
        assert "\n" not in mention.text and "\r" not in mention.text
        assert mention.qualifier == mention.qualifier.lower()
    assert all(a.stop <= b.start for a, b in pairwise(found))


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_prefilter_never_changes_the_result(text: str) -> None:
    """The prefilter only skips work: every line searched in full finds the same."""
    searched = [m for offset, line in lines(text) for m in find_in_line(line, offset)]
    assert find_money(text) == searched


MANY = "1" * 29  # more digits than decimal's default 28


@pytest.mark.parametrize(
    ("sentence", "amount", "amount_max"),
    [
        (f"Долг составил {MANY} рублей.", MANY, ""),
        (f"Долг составил {'9' * 30} млрд рублей.", "9" * 30 + "0" * 9, ""),
        (f"Оценки: от {MANY} до {'2' * 40},5 долларов.", MANY, "2" * 40 + ".5"),
        (f"Фонд получил ${'3' * 35} млн.", "3" * 35 + "0" * 6, ""),
        (f"Долг составил {'1' * 28}7 рублей.", "1" * 28 + "7", ""),
    ],
)
def test_amounts_with_more_digits_than_decimal_keeps_are_exact(sentence, amount, amount_max):
    (mention,) = find_money(sentence)
    assert (format_decimal(mention.amount), format_decimal(mention.amount_max)) == (amount, amount_max)
