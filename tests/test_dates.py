"""DATE extraction: every form of the guidelines, with exact ISO values."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.s02_segment import lines
from pipeline.stages.s07_dates import find_dates
from pipeline.stages.s07_dates.assemble import line_atoms
from pipeline.stages.s07_dates.forms import EXAMPLE_DOC_DATE, FORM_KEYS, FORMS, PREFILTER
from pipeline.stages.s07_dates.resolve import Ctx

DOC = date(2024, 5, 22)  # a Wednesday

FRAGMENTS = ["20", "21", "2024", "1990", "-х", "–", "-", "мая", "марта", "года", "году", "г.", " ", "\n",
             "  ", "\r\n", "\u00a0", "в", "с", "по", "до", "от", "прошлом", "этого", "весной", "понедельник",
             "среду", ",", ".", "17.03.2017", "XX", "века", "назад", "три", "вчера", "сегодня", "неделе",
             "квартале", "первом", "(", ")", "29", "02", "29.02.2023", "февраля", "полгода", "2023",
             "вон", "южнокорейских"]  # fmt: skip
TEXTS = st.one_of(st.text(), st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))


@pytest.mark.parametrize(
    ("form", "text", "value"),
    [
        pytest.param(form, text, value, id=f"{form.name}: {text}")
        for form in FORMS
        for text, value in form.examples
    ],
)
def test_form_examples(form, text: str, value: str) -> None:
    """Every example of every date form (forms.FORMS) gives its value, through its own form."""
    assert form.pattern.search(text), "the example does not exercise its own form"
    assert any(stem in text.lower() for stem in form.stems), "the form's stems would skip its example"
    assert FORM_KEYS[FORMS.index(form)].search(text.lower()), "the form's key would skip its example"
    (mention,) = find_dates(text, EXAMPLE_DOC_DATE)
    assert mention.value == value


def one(sentence: str, doc_date: date | None = DOC) -> tuple[str, str, str]:
    (mention,) = find_dates(sentence, doc_date)
    assert sentence[mention.start : mention.stop] == mention.text
    return mention.text, mention.value, mention.kind


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the seed article
        (
            "Касым-Жомарт Токаев провел 20–21 мая серию встреч.",
            ("20–21 мая", "2024-05-20/2024-05-21", "range"),
        ),
        (
            "Саммит, который состоится 3–4 июля под девизом единства.",
            ("3–4 июля", "2024-07-03/2024-07-04", "range"),
        ),
        (
            "Только за прошлый год товарооборот вырос на 30% и достиг 41 млрд долларов.",
            ("прошлый год", "2023", "relative"),
        ),
        (
            "Глава государства предложил объявление текущего 2024 года — Годом экологии.",
            ("текущего 2024 года", "2024", "relative"),
        ),
        (
            "Весной этого года Казахстан принял делегацию.",
            ("Весной этого года", "2024-03/2024-05", "relative"),
        ),
        # days
        ("Соглашение подписано 28 июня в Астане.", ("28 июня", "2024-06-28", "date")),
        (
            "Встреча прошла в среду, 4 апреля 2017 года, в Пекине.",
            ("среду, 4 апреля 2017 года", "2017-04-04", "date"),
        ),
        ("Указ вступил в силу 17.03.2017 после публикации.", ("17.03.2017", "2017-03-17", "date")),
        (
            "Переговоры 3–4 июля 2024 года прошли успешно.",
            ("3–4 июля 2024 года", "2024-07-03/2024-07-04", "range"),
        ),
        ("Выставка пройдет 10—12 сентября в Алматы.", ("10—12 сентября", "2024-09-10/2024-09-12", "range")),
        ("Фестиваль пройдет с 1 по 5 мая в столице.", ("1 по 5 мая", "2024-05-01/2024-05-05", "range")),
        ("Указ от 5 мая 2012 года отменен.", ("5 мая 2012 года", "2012-05-05", "date")),
        # months, years, decades, centuries
        ("Завод открыли в феврале 2011 года.", ("феврале 2011 года", "2011-02", "date")),
        ("Прогноз пересмотрят в конце марта.", ("конце марта", "2024-03", "date")),
        ("Итоги подвели в октябре прошлого года.", ("октябре прошлого года", "2023-10", "relative")),
        ("Компанию основали в 2006 году.", ("2006 году", "2006", "date")),
        ("Итоги 2024 года подведут позже.", ("2024 года", "2024", "date")),
        ("Первая очередь построена в 1944 г. силами военных.", ("1944 г.", "1944", "date")),
        ("Кризис 1990-х годов ударил по отрасли.", ("1990-х годов", "1990/1999", "date")),
        ("Памятник архитектуры XIX века отреставрируют.", ("XIX века", "18", "date")),
        # seasons, parts of a year
        ("Работы начались весной 2012 года.", ("весной 2012 года", "2012-03/2012-05", "date")),
        ("Рост продолжится этой осенью.", ("этой осенью", "2024-09/2024-11", "relative")),
        (
            "Показатели за первое полугодие 2013 года опубликованы.",
            ("первое полугодие 2013 года", "2013-01/2013-06", "date"),
        ),
        (
            "Выручка в третьем квартале 2023 года выросла.",
            ("третьем квартале 2023 года", "2023-07/2023-09", "date"),
        ),
        # year ranges and open ranges
        ("Он возглавлял министерство с 1987 по 1991 год.", ("1987 по 1991 год", "1987/1991", "range")),
        (
            "Программа действовала с 2009 года по первое полугодие 2013 года.",
            ("2009 года по первое полугодие 2013 года", "2009/2013-06", "range"),
        ),
        ("Сведения о выпускниках хранятся от 1918 года.", ("1918 года", "1918/..", "range")),
        ("Льготы продлены до 2030 года.", ("2030 года", "../2030", "range")),
        ("В 2010—2011 годах цены выросли.", ("2010—2011 годах", "2010/2011", "range")),
        # relative
        ("В прошлом году экспорт вырос.", ("прошлом году", "2023", "relative")),
        ("Министр в понедельник провел совещание.", ("понедельник", "2024-05-20", "relative")),
        ("Министр в среду провел совещание.", ("среду", "2024-05-22", "relative")),
        ("Вчера делегация прибыла в Пекин.", ("Вчера", "2024-05-21", "relative")),
        ("Переговоры продолжатся сегодня в Астане.", ("сегодня", "2024-05-22", "relative")),
        ("Цены выросли в прошлом месяце.", ("прошлом месяце", "2024-04", "relative")),
        ("Об этом сообщили на прошлой неделе.", ("прошлой неделе", "2024-05-13/2024-05-19", "relative")),
        ("Завод закрыли три года назад.", ("три года назад", "2021", "relative")),
    ],
)
def test_values(sentence: str, expected: tuple[str, str, str]) -> None:
    assert one(sentence) == expected


def test_without_doc_date_unknown_parts_stay_x() -> None:
    assert one("Форум пройдет 21 мая в Астане.", None) == ("21 мая", "XXXX-05-21", "date")
    assert one("В прошлом году экспорт вырос.", None) == ("прошлом году", "XXXX", "relative")
    assert one("Министр в понедельник провел совещание.", None) == ("понедельник", "XXXX-WXX-1", "relative")


@pytest.mark.parametrize(
    "sentence",
    [
        "На сегодняшний день проект не завершен.",
        "В обозримом будущем ситуация не изменится.",
        "В ближайшие годы спрос будет расти.",
        "За 7 лет компания выросла вдвое.",
        "Строительство займет три года.",
        "Работы продлятся в течение недели.",
        "Выручка составила 2024 рубля на человека.",
        "Встреча началась в 10:30 по местному времени.",
        "Китай обеспечивает четверть мирового ВВП.",
        "Около 1500 человек вышли на улицы.",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert find_dates(sentence, DOC) == []


def test_several_dates_and_line_breaks() -> None:
    text = "Визит прошел 20 мая.\r\nСледующая встреча — в 2025 году.\nИтоги — в декабре."
    found = find_dates(text, DOC)
    assert [(m.text, m.value) for m in found] == [("20 мая", "2024-05-20"), ("2025 году", "2025"),
                                                 ("декабре", "2024-12")]  # fmt: skip
    assert all(text[m.start : m.stop] == m.text for m in found)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.one_of(st.none(), st.dates()))
def test_properties(text: str, doc_date: date | None) -> None:
    found = find_dates(text, doc_date)
    assert found == find_dates(text, doc_date)
    for mention in found:
        assert text[mention.start : mention.stop] == mention.text
        assert mention.text and mention.text == mention.text.strip()
        assert "\n" not in mention.text and "\r" not in mention.text
        assert mention.kind in ("date", "range", "relative")
    assert all(a.stop <= b.start for a, b in pairwise(found))


@pytest.mark.parametrize(
    ("sentence", "doc_date", "expected"),
    [
        # a day is a date only if it exists in that year's calendar
        ("Указ подписан 29.02.2023 в Москве.", DOC, []),
        ("Указ подписан 31.04.2021 в Москве.", DOC, []),
        ("Указ подписан 29 февраля 2023 года.", DOC, [("февраля 2023 года", "2023-02")]),
        ("Указ подписан 29.02.2024 в Москве.", DOC, [("29.02.2024", "2024-02-29")]),
        ("Указ подписан 29 февраля 2024 года.", DOC, [("29 февраля 2024 года", "2024-02-29")]),
        ("Указ подписан 29 февраля 2000 года.", DOC, [("29 февраля 2000 года", "2000-02-29")]),
        ("Указ подписан 29 февраля 1900 года.", DOC, [("февраля 1900 года", "1900-02")]),
        ("Указ подписан 29 февраля.", DOC, [("29 февраля", "2024-02-29")]),
        # the document's year has no 29 February: the year stays unknown
        ("Указ подписан 29 февраля.", date(2023, 3, 1), [("29 февраля", "XXXX-02-29")]),
        ("Указ подписан 29 февраля.", None, [("29 февраля", "XXXX-02-29")]),
        ("Указ подписан 29 февраля прошлого года.", date(2024, 3, 1), [("февраля прошлого года", "2023-02")]),
        ("Сессия прошла 28–29 февраля 2023 года.", DOC, [("февраля 2023 года", "2023-02")]),
        # «полгода назад»: the branch for it could never run
        ("Проект запустили полгода назад.", DOC, [("полгода назад", "2023-11")]),
        ("Проект запустили полгода назад.", None, [("полгода назад", "XXXX-XX")]),
        ("Цены выросли полмесяца назад.", DOC, [("полмесяца назад", "2024-05-07")]),
        ("Об этом стало известно около года назад.", DOC, [("года назад", "2023")]),
        ("Об этом стало известно несколько лет назад.", DOC, []),
    ],
)
def test_calendar_and_ago(sentence: str, doc_date: date | None, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.value) for m in find_dates(sentence, doc_date)] == expected


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.one_of(st.none(), st.dates()))
def test_every_day_exists_in_its_calendar(text: str, doc_date: date | None) -> None:
    for mention in find_dates(text, doc_date):
        for day in re.findall(r"\d{4}-\d{2}-\d{2}", mention.value):
            date.fromisoformat(day)  # raises on 2023-02-29


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.one_of(st.none(), st.dates()))
def test_prefilter_never_changes_the_result(text: str, doc_date: date | None) -> None:
    """The stems of the forms only skip work: every form on every line finds the same."""
    ctx = Ctx(doc_date)
    for _, line in lines(text):
        everything = line_atoms(line, ctx, prefilter=False)
        assert line_atoms(line, ctx) == everything
        if not PREFILTER.search(line.lower()):
            assert everything == []


@pytest.mark.parametrize(
    ("sentence", "doc_date", "expected"),
    [
        # a Latin «c» is the same preposition
        ("Народный артист России c 1996 года.", DOC, [("1996 года", "1996/..")]),
        # months in the instrumental, month ranges whose first end borrows the year of the second
        ("Стихотворение датировано мартом 1942 года.", DOC, [("мартом 1942 года", "1942-03")]),
        (
            "Выручка выросла по сравнению с январем-мартом 2011 года.",
            DOC,
            [("январем-мартом 2011 года", "2011-01/2011-03")],
        ),
        (
            "Выставка работала с 20 мая по 3 июня 2011 года.",
            None,
            [("20 мая по 3 июня 2011 года", "2011-05-20/2011-06-03")],
        ),
        (
            "Сезон длился с декабря по март 2011 года.",
            DOC,
            [("декабря по март 2011 года", "2010-12/2011-03")],
        ),
        # decades: «гг.» belongs to them; an ordinal place is none
        ("Группа действовала в начале 90-х гг., сообщил суд.", DOC, [("начале 90-х гг.", "1990/1999")]),
        ("Это ставит его на 40-е место в рейтинге.", DOC, []),
        # bare years their surroundings mark: in brackets before a dash, at the end of a headline
        (
            "Дважды премию получили Кюри (1903 — физика, 1911 — химия) и Бардин.",
            DOC,
            [("1903", "1903"), ("1911", "1911")],
        ),
        ("В Стокгольме вручены Нобелевские премии 2013", DOC, [("2013", "2013")]),
        ("Выручка выросла до 2000 рублей", DOC, []),
        # «вчера, 8 сентября 2017 года» is one mention, the date's
        (
            "Автомобиль взорвался вчера, 8 сентября 2017 года, в Киеве.",
            DOC,
            [("вчера, 8 сентября 2017 года", "2017-09-08")],
        ),
        # open ranges; a half-year after «с» is no year
        ("Он работает с мая 2010 года.", DOC, [("мая 2010 года", "2010-05/..")]),
        ("Программа действует до конца 2020 года.", DOC, [("конца 2020 года", "../2020")]),
        ("Со второй половины 2014 года цены растут.", DOC, [("второй половины 2014 года", "2014-07/..")]),
        # a day in words
        ("Пятого сентября космонавту исполнилось бы 90 лет.", None, [("Пятого сентября", "XXXX-09-05")]),
        (
            "Выборы прошли тридцать первого марта 2019 года.",
            DOC,
            [("тридцать первого марта 2019 года", "2019-03-31")],
        ),
        # a day without its year follows the year its paragraph is narrated in
        (
            "Стихотворение датировано мартом 1942 года. 5 апреля поэт погиб.",
            DOC,
            [("мартом 1942 года", "1942-03"), ("5 апреля", "1942-04-05")],
        ),
        # … but not a month before that date's: it may be the next year's
        (
            "В декабре 2012 года начались протесты, а 15 января их разогнали.",
            None,
            [("декабре 2012 года", "2012-12"), ("15 января", "XXXX-01-15")],
        ),
    ],
)
def test_more_forms(sentence: str, doc_date: date | None, expected: list[tuple[str, str]]) -> None:
    found = find_dates(sentence, doc_date)
    assert [(m.text, m.value) for m in found] == expected
    assert all(sentence[m.start : m.stop] == m.text for m in found)


@pytest.mark.parametrize(
    ("text", "doc_date", "expected"),
    [
        # without a document date, the one year the text names as the current one gives the years
        (
            "Форум пройдет 21 мая. Итоги текущего 2024 года подведут в декабре.",
            None,
            [("21 мая", "2024-05-21"), ("текущего 2024 года", "2024"), ("декабре", "2024-12")],
        ),
        (
            "В этом 2019 году экспорт вырос, а в прошлом году упал.",
            None,
            [("этом 2019 году", "2019"), ("прошлом году", "2018")],
        ),
        (
            "Весной этого года прошли выборы, итоги нынешнего 2021 года подведут 3–4 июля.",
            None,
            [
                ("Весной этого года", "2021-03/2021-05"),
                ("нынешнего 2021 года", "2021"),
                ("3–4 июля", "2021-07-03/2021-07-04"),
            ],
        ),
        # no day, month or week from it
        (
            "Отчёт за текущий 2022 год вышел вчера.",
            None,
            [("текущий 2022 год", "2022"), ("вчера", "XXXX-XX-XX")],
        ),
        # two years named as current: neither
        (
            "План на текущий 2020 год сорван. В этом 2021 году всё иначе. Сбор 5 мая.",
            None,
            [("текущий 2020 год", "2020"), ("этом 2021 году", "2021"), ("5 мая", "XXXX-05-05")],
        ),
        # the document's date comes first
        (
            "Форум пройдет 21 мая. Итоги текущего 2023 года.",
            DOC,
            [("21 мая", "2024-05-21"), ("текущего 2023 года", "2023")],
        ),
    ],
)
def test_the_year_the_text_names_as_current(
    text: str, doc_date: date | None, expected: list[tuple[str, str]]
) -> None:
    assert [(m.text, m.value) for m in find_dates(text, doc_date)] == expected


def test_the_publication_date_takes_no_year_from_the_text() -> None:
    """A day whose year only «текущего 2024 года» gives is no evidence of the publication date."""
    found = find_dates("Итоги текущего 2024 года подвели 5 мая.", None, year_from_text=False)
    assert [(m.text, m.value) for m in found] == [("текущего 2024 года", "2024"), ("5 мая", "XXXX-05-05")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a holiday on a fixed day is that day, valued as any day (against DOC, 2024-05-22)
        ("Парад ко Дню Победы отменили.", [("Дню Победы", "2024-05-09")]),
        ("Подарки раздадут к Новому году.", [("Новому году", "2024-01-01")]),
        ("Мэр поздравил горожан с Днём народного единства.", [("Днём народного единства", "2024-11-04")]),
        ("К Международному женскому дню цветы подорожали.", [("Международному женскому дню", "2024-03-08")]),
        ("Акция прошла в День Победы 2017 года.", [("День Победы 2017 года", "2017-05-09")]),
        # the passage's year, as for a day without one
        (
            "1 января 2011 года страна перешла на евро, и сразу после Нового года банки открылись.",
            [("1 января 2011 года", "2011-01-01"), ("Нового года", "2011-01-01")],
        ),
        # not holidays
        ("Работы продлятся до конца нового года.", []),
        ("К концу дня России удалось договориться.", []),
        ("Рождество отметили скромно.", []),  # which church's: the text does not say
    ],
)
def test_holidays(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.value) for m in find_dates(text, DOC)] == expected


def test_a_holiday_after_a_greeting_opens_no_range() -> None:
    """«с» + the instrumental congratulates; «с» + the genitive starts a period."""
    assert [(m.text, m.value) for m in find_dates("Президент поздравил всех с Новым годом.", DOC)] == [
        ("Новым годом", "2024-01-01")
    ]
    assert [(m.text, m.value) for m in find_dates("С Нового года тарифы вырастут.", DOC)] == [
        ("Нового года", "2024-01-01/..")
    ]
