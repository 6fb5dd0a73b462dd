"""The date forms: one row each — name, pattern, finder, prefilter stems, examples.

A row says how a kind of date is written (`pattern`), what a match means (`finder`, in
`absolute` or `relative`), which lower-case stems every match contains (`stems`: a line
without any of them is never searched for this form) and what it gives (`examples`:
[text, expected value] pairs against `EXAMPLE_DOC_DATE`). The line prefilter is built
from the stems of all rows and `tests/test_dates.py` runs every example, so adding a form
is adding a row here (and its finder, where no existing one fits).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pipeline.numerals import stems_regex
from pipeline.stages.s07_dates import absolute, relative
from pipeline.stages.s07_dates.relative import AGO_UNITS, DAY_WORDS
from pipeline.stages.s07_dates.resolve import Atom, Ctx
from pipeline.stages.s07_dates.words import (
    DASH,
    DAY,
    HOLIDAY,
    HOLIDAY_STEMS,
    MONTH,
    MONTH_ABBR,
    MONTH_STEMS,
    ORDINAL_DAY,
    REL,
    REL_WEEK,
    SEASON,
    SEASON_STEMS,
    WEEKDAY,
    WEEKDAY_AFTER_PREP,
    WEEKDAY_STEMS,
    YEAR,
    YEAR_UNIT,
    YEAR_WORD,
    B,
    S,
)

DAY_WORD = "|".join(sorted(DAY_WORDS, key=len, reverse=True))  # «вчера, 8 сентября» is one mention
Finder = Callable[[re.Match[str], str, Ctx], list[Atom]]
EXAMPLE_DOC_DATE = date(2024, 5, 22)  # a Wednesday: what the examples' values are resolved against
DIGITS = tuple("0123456789")
_I = re.IGNORECASE


@dataclass(frozen=True)
class DateForm:
    name: str
    pattern: re.Pattern[str]
    finder: Finder
    stems: tuple[str, ...]  # lower-case literals, one of which every match contains
    examples: tuple[tuple[str, str], ...]
    key: str = ""  # a tighter regex every match contains (on the lower-cased line); default: the stems


FORMS: tuple[DateForm, ...] = (
    DateForm(
        "day and month",
        re.compile(
            rf"(?<![\w.,])(?:(?P<dw>{DAY_WORD}){S}*[,—–-]?{S}*)?(?:(?P<wd>{WEEKDAY}){S}*[,—–-]?{S}*)?(?P<d1>{DAY})"
            rf"(?:{S}*(?P<sep>{DASH}|по|и|на){S}*(?P<d2>{DAY}))?{S}+(?P<m>{MONTH}|{MONTH_ABBR})"
            rf"(?:{S}+(?P<y>{YEAR}){YEAR_WORD}?|{S}+(?P<rel>{REL}){S}+{YEAR_UNIT})?",
            _I,
        ),
        absolute.day_month,
        MONTH_STEMS,
        (
            ("Соглашение подписано 28 июня в Астане.", "2024-06-28"),
            ("Токаев провел 20–21 мая серию встреч.", "2024-05-20/2024-05-21"),
            ("Встреча прошла в среду, 4 апреля 2017 года.", "2017-04-04"),
            ("Фестиваль пройдет с 1 по 5 мая.", "2024-05-01/2024-05-05"),
            ("Указ от 5 мая 2012 года отменен.", "2012-05-05"),
            ("Итоги подвели 28 июня прошлого года.", "2023-06-28"),
            ("Референдум назначен на 29 февраля 2024 года.", "2024-02-29"),
            ("МОСКВА, 1 авг — РИА Новости.", "2024-08-01"),
            ("Автомобиль взорвался вчера, 8 сентября 2017 года.", "2017-09-08"),
            ("Сделка закрыта 5 сент. 2019 года.", "2019-09-05"),
        ),
    ),
    DateForm(
        "day in words",
        re.compile(
            rf"(?<![\w]){ORDINAL_DAY}{S}+(?P<m>{MONTH})"
            rf"(?:{S}+(?P<y>{YEAR}){YEAR_WORD}?|{S}+(?P<rel>{REL}){S}+{YEAR_UNIT})?",
            _I,
        ),
        absolute.day_in_words,
        MONTH_STEMS,
        (
            ("Пятого сентября космонавту исполнилось бы 90 лет.", "2024-09-05"),
            ("Выборы назначены на двадцать первое марта 2021 года.", "2021-03-21"),
            ("Собрание перенесли на третье июня прошлого года.", "2023-06-03"),
        ),
        key=r"(?:ого|ое|ому|ье|ьего|ьему)\s+(?:янв|фев|мар|апр|ма|июн|июл|авг|сен|окт|ноя|дек)",
    ),
    DateForm(
        "numeric day",
        re.compile(
            rf"(?<![\d.,/])(?P<d>[0-3]?\d)(?P<sep>[./])(?P<m>[01]?\d)(?P=sep)(?P<y>\d{{4}}|\d{{2}})"
            rf"(?![\d]|[.,/]\d)(?:{YEAR_WORD})?"
            rf"|(?<![\w.,/-])(?P<iy>{YEAR})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\w])",
            _I,
        ),
        absolute.numeric,
        DIGITS,
        (
            ("Указ вступил в силу 17.03.2017 после публикации.", "2017-03-17"),
            ("05/08/2008 10:35", "2008-08-05"),
            ("Дата публикации: 2017-03-17.", "2017-03-17"),
            ("Закон принят 29.02.2024.", "2024-02-29"),
        ),
        key=r"\d[./-]\d",
    ),
    DateForm(
        "month",
        re.compile(
            rf"(?<![\w])(?P<m>{MONTH})(?:{S}+(?P<rel>{REL}){S}+(?:(?P<ry>{YEAR}){S}*)?{YEAR_UNIT}"
            rf"|{S}+(?P<y>{YEAR}){YEAR_WORD}?)?",
            _I,
        ),
        absolute.month_year,
        MONTH_STEMS,
        (
            ("Завод открыли в феврале 2011 года.", "2011-02"),
            ("Прогноз пересмотрят в конце марта.", "2024-03"),
            ("Итоги подвели в октябре прошлого года.", "2023-10"),
        ),
    ),
    DateForm(
        "year",
        re.compile(
            rf"(?<![\w.,])(?:(?P<rel>{REL}){S}+)?(?P<y1>{YEAR})"
            rf"(?:(?P<w1>{YEAR_WORD})?(?P<join>{S}*{DASH}{S}*|{S}+(?:по|до|и){S}+)(?P<y2>{YEAR}))?"
            rf"(?P<w2>{YEAR_WORD})?",
            _I,
        ),
        absolute.years,
        DIGITS,
        (
            ("Компанию основали в 2006 году.", "2006"),
            ("Он возглавлял министерство с 1987 по 1991 год.", "1987/1991"),
            ("В 2010—2011 годах цены выросли.", "2010/2011"),
            ("Компания работает с 2005 года.", "2005/.."),
            ("Льготы продлены до 2030 года.", "../2030"),
            ("Глава государства объявил текущего 2024 года Годом экологии.", "2024"),
            ("Фильм «Бумер» (2003) вышел в прокат.", "2003"),
        ),
        key=r"\d\d\d\d",
    ),
    DateForm(
        "sport season",
        re.compile(rf"(?<![\w.,/])(?P<y>{YEAR})(?P<sep>/|-|–)(?P<t>\d{{4}}|\d{{2}})(?![\d/])"),
        absolute.sport_season,
        DIGITS,
        (("Клуб выиграл чемпионат сезона 2016/17.", "2016/2017"),),
        key=r"\d\d\d\d[-/–]\d",
    ),
    DateForm(
        "decade",
        re.compile(
            rf"(?<![\w.,])(?P<dec>(?:1\d|20)?\d0)-?(?:х|е|ые|ых|ым|ыми){B}"
            rf"(?P<w>{S}+(?:год(?:ы|ов|ах|ам|ами){B}|гг\.))?",
            _I,
        ),
        absolute.decade,
        DIGITS,
        (
            ("Кризис 1990-х годов ударил по отрасли.", "1990/1999"),
            ("Завод закрыли в 90-е.", "1990/1999"),
            ("Группа действовала в начале 90-х гг.", "1990/1999"),
        ),
        key=r"\d0-?[хеы]",
    ),
    DateForm(
        "century",
        re.compile(
            rf"(?<![\w])(?P<c>[IVXХ]{{1,5}}|\d{{1,2}})(?:-?го)?(?:{S}*{DASH}{S}*(?P<c2>[IVXХ]{{1,5}}|\d{{1,2}}))?"
            rf"{S}+(?:век(?:а|у|ом|е|ов|ах)?{B}|вв?\.)"
        ),
        absolute.century,
        ("век", "вв."),
        (
            ("Памятник архитектуры XIX века отреставрируют.", "18"),
            ("Усадьба XVIII–XIX вв. сгорела.", "17/18"),
        ),
    ),
    DateForm(
        "season",
        re.compile(
            rf"(?<![\w])(?:(?P<rel1>{REL}){S}+(?P<s1>{SEASON})"
            rf"|(?P<s>{SEASON})(?:{S}+(?P<rel>{REL}){S}+{YEAR_UNIT}|{S}+(?P<y>{YEAR}){YEAR_WORD}?))",
            _I,
        ),
        absolute.season,
        SEASON_STEMS,
        (
            ("Работы начались весной 2012 года.", "2012-03/2012-05"),
            ("Рост продолжится этой осенью.", "2024-09/2024-11"),
            ("Зимой 2010 года стояли морозы.", "2009-12/2010-02"),
        ),
    ),
    DateForm(
        "part of a year",
        re.compile(
            rf"(?<![\w])(?P<ord>перв[а-яё]*|втор[а-яё]*|трет[а-яё]*|четв[её]рт[а-яё]*|[1-4](?:-?[а-яё]{{1,3}})?"
            rf"|IV|I{{1,3}}){S}+(?P<unit>квартал[а-яё]*|полугоди[а-яё]*|половин[а-яё]+){S}+"
            rf"(?:(?P<rel>{REL}){S}+{YEAR_UNIT}|(?P<y>{YEAR}){YEAR_WORD}?)",
            _I,
        ),
        absolute.part_of_year,
        ("квартал", "полугод", "половин"),
        (
            ("Показатели за первое полугодие 2013 года опубликованы.", "2013-01/2013-06"),
            ("Выручка в третьем квартале 2023 года выросла.", "2023-07/2023-09"),
            ("Прибыль во второй половине прошлого года упала.", "2023-07/2023-12"),
        ),
    ),
    DateForm(
        "relative year, month, week",
        re.compile(
            rf"(?<![\w])(?P<rel>{REL}){S}+(?:(?P<ry>{YEAR}){S}*)?"
            rf"(?P<unit>{YEAR_UNIT}|месяц(?:а|е|у|ем)?{B}|недел(?:я|и|е|ю|ей){B})",
            _I,
        ),
        relative.relative_unit,
        ("год", "месяц", "недел"),
        (
            ("В прошлом году экспорт вырос.", "2023"),
            ("Цены выросли в прошлом месяце.", "2024-04"),
            ("Об этом сообщили на прошлой неделе.", "2024-05-13/2024-05-19"),
            ("Глава государства предложил объявление текущего 2024 года.", "2024"),
        ),
    ),
    DateForm(
        "day word",
        re.compile(rf"(?<![\w])(?P<w>{DAY_WORD})(?![\w])", _I),
        relative.day_word,
        ("вчера", "сегодня", "завтра"),
        (
            ("Вчера делегация прибыла в Пекин.", "2024-05-21"),
            ("Переговоры продолжатся сегодня.", "2024-05-22"),
        ),
    ),
    DateForm(
        "ago",
        re.compile(
            rf"(?<![\w])(?:(?:(?P<n>\d{{1,3}}|[а-яё]+){S}+)?(?P<unit>{'|'.join(f for _, f in AGO_UNITS)})"
            rf"|(?P<half>полгода|полмесяца)){S}+назад{B}",
            _I,
        ),
        relative.ago,
        ("назад",),
        (
            ("Завод закрыли три года назад.", "2021"),
            ("Проект запустили полгода назад.", "2023-11"),
            ("Указ подписан неделю назад.", "2024-05-15"),
            ("Сделку закрыли 5 лет назад.", "2019"),
        ),
    ),
    DateForm(
        "holiday",
        re.compile(rf"(?<![\w])(?P<h>{HOLIDAY})(?:{S}+(?P<y>{YEAR}){YEAR_WORD}?)?", _I),
        absolute.holiday,
        HOLIDAY_STEMS,
        (
            ("Сразу после наступления Нового года банки закрылись.", "2024-01-01"),
            ("Парад ко Дню Победы отменили.", "2024-05-09"),
            ("Акция прошла в День Победы 2017 года.", "2017-05-09"),
            ("Концерт приурочен к Старому Новому году.", "2024-01-14"),
            ("Школы готовятся ко Дню знаний.", "2024-09-01"),
        ),
    ),
    DateForm(
        "weekday",
        re.compile(rf"(?<![\w])(?:(?P<rel>{REL_WEEK}){S}+)?(?P<wd>{WEEKDAY_AFTER_PREP})", _I),
        relative.weekday,
        WEEKDAY_STEMS,
        (
            ("Министр в понедельник провел совещание.", "2024-05-20"),
            ("Министр в среду провел совещание.", "2024-05-22"),
            ("Сделку закрыли в прошлую пятницу.", "2024-05-17"),
        ),
    ),
)

# Cheap work first: a line is searched for a form only if it holds one of the form's stems,
# and for dates at all only if it holds one of any form's.
FORM_KEYS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(form.key) if form.key else stems_regex(form.stems) for form in FORMS
)
PREFILTER: re.Pattern[str] = stems_regex(sorted({stem for form in FORMS for stem in form.stems}))
