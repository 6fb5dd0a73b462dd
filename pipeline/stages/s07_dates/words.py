"""The words dates are written with, and the pattern pieces built from them.

Each word list is a table with one source: the regular-expression alternations, the
stems of the line prefilter and the readers (`month_number`, `rel_offset`, …) are all
computed from it.
"""

from __future__ import annotations

import re

from pipeline.numerals import trie_regex

DASH = r"(?:-|–|—|‒|−)"
S = r"[ \u00a0\u202f\u2009\t]"  # one space, never a line break
B = r"(?![а-яёa-z0-9])"  # word end
BLANKS = " \u00a0\u202f\u2009\t"  # what `S` matches, as characters

# (number, stem, endings): the month's word in every case is stem + one of the endings.
_SOFT = "(?:[ьяеюи]|[её]м)"  # январь, января, январе, январю, январи, январём
_HARD = "(?:[аеу]|ом)?"  # март, марта, марте, марту, мартом
MONTHS: tuple[tuple[int, str, str], ...] = (
    (1, "январ", _SOFT), (2, "феврал", _SOFT), (3, "март", _HARD), (4, "апрел", _SOFT),
    (5, "ма", "(?:[йяею]|ем)"), (6, "июн", _SOFT), (7, "июл", _SOFT), (8, "август", _HARD),
    (9, "сентябр", _SOFT), (10, "октябр", _SOFT), (11, "ноябр", _SOFT), (12, "декабр", _SOFT),
)  # fmt: skip
MONTH = "(?:" + "|".join(stem + endings for _, stem, endings in MONTHS) + ")" + B
# Abbreviations, after a day only («МОСКВА, 1 авг — РИА Новости», «5 сент. 2019»).
MONTH_ABBR = r"(?:янв|февр?|мар|апр|июн|июл|авг|сент?|окт|нояб?|дек)(?:\.|" + B + ")"


def _month_stems(stem: str) -> tuple[str, ...]:
    """Three letters tell a month apart; «ма» is too short, so May's stems are its forms."""
    return (stem[:3],) if len(stem) >= 3 else tuple(stem + letter for letter in "йяею")


MONTH_STEMS: tuple[str, ...] = tuple(s for _, stem, _ in MONTHS for s in _month_stems(stem))

# (number, stem, any form, the forms after a preposition: «в понедельник», «к пятнице»).
# «среды» and «среде» are left out after a preposition: they are far more often the noun
# «среда» (environment).
WEEKDAYS: tuple[tuple[int, str, str, str], ...] = (
    (0, "понедельник", r"понедельник[а-я]*", r"понедельник[ау]?"),
    (1, "вторник", r"вторник[а-я]*", r"вторник[ау]?"),
    (2, "сред", r"сред[аыуе]", r"среду"),
    (3, "четверг", r"четверг[а-я]*", r"четверг[ау]?"),
    (4, "пятниц", r"пятниц[а-я]+", r"пятниц[уые]"),
    (5, "суббот", r"суббот[а-я]+", r"суббот[уые]"),
    (6, "воскресень", r"воскресень[а-я]+", r"воскресень[еяю]"),
)
WEEKDAY = "(?:" + "|".join(any_form for *_, any_form, _ in WEEKDAYS) + ")"
WEEKDAY_AFTER_PREP = "(?:" + "|".join(form for *_, form in WEEKDAYS) + ")" + B
WEEKDAY_STEMS: tuple[str, ...] = tuple(stem for _, stem, _, _ in WEEKDAYS)

# (stem, every form, first and last month): winter runs from December to February.
SEASONS: tuple[tuple[str, str, int, int], ...] = (
    ("весн", r"весн(?:а|ы|е|у|ой|ою)", 3, 5),
    ("лет", r"лет(?:о|а|у|ом|е)", 6, 8),
    ("осен", r"осен(?:ь|и|ью)", 9, 11),
    ("зим", r"зим(?:а|ы|е|у|ой|ою)", 12, 2),
)
SEASON = "(?:" + "|".join(form for _, form, _, _ in SEASONS) + ")" + B
SEASON_STEMS: tuple[str, ...] = tuple(stem for stem, *_ in SEASONS)

# Holidays on a fixed day of the calendar — a day, valued as any day (ANNOTATION.md): (stem
# every match holds, the name's forms, month, day). Movable feasts and holidays whose day
# depends on the church or the country («Рождество», «День Конституции») are left out;
# «Новый год» only with a capital «Н» («до конца нового года» is the next year, no holiday).
_DAY_OF = r"(?-i:Д)(?:ень|ня|ню|н[её]м|не)"  # a capital «Д»: «к концу дня России удалось…» is none
_NEW = r"(?-i:Н)ов(?:ый|ого|ому|ым|ом)"
_YEAR_FORMS = r"год(?:а|у|ом|е)?"
HOLIDAYS: tuple[tuple[str, str, int, int], ...] = (
    ("нов", rf"{_NEW}{S}+{_YEAR_FORMS}", 1, 1),
    ("стар", rf"(?-i:С)тар(?:ый|ого|ому|ым|ом){S}+{_NEW}{S}+{_YEAR_FORMS}", 1, 14),
    ("защитник", rf"{_DAY_OF}{S}+защитника{S}+[Оо]течества", 2, 23),
    (
        "женск",
        rf"[Мм]еждународн(?:ый|ого|ому|ым|ом){S}+женск(?:ий|ого|ому|им|ом){S}+д(?:ень|ня|ню|н[её]м|не)",
        3,
        8,
    ),
    ("космонавт", rf"{_DAY_OF}{S}+космонавтики", 4, 12),
    ("побед", rf"{_DAY_OF}{S}+[Пп]обеды", 5, 9),
    ("росси", rf"{_DAY_OF}{S}+России", 6, 12),
    ("знани", rf"{_DAY_OF}{S}+знаний", 9, 1),
    ("единств", rf"{_DAY_OF}{S}+народного{S}+единства", 11, 4),
)
HOLIDAY = (
    "(?:" + "|".join(pattern for _, pattern, _, _ in sorted(HOLIDAYS, key=lambda h: -len(h[1]))) + ")" + B
)
HOLIDAY_STEMS: tuple[str, ...] = tuple(stem for stem, *_ in HOLIDAYS)
_HOLIDAY_RES = tuple((re.compile(pattern, re.IGNORECASE), month, day) for _, pattern, month, day in HOLIDAYS)

# Relative adjectives and their offset from the document's year/month/week; the longer
# «позапрошлый» before «прошлый».
RELATIVES: tuple[tuple[int, str], ...] = (
    (-2, r"позапрошл[а-яё]+"),
    (-1, r"(?:прошл[а-яё]+|прошедш[а-яё]+|минувш[а-яё]+)"),
    (1, r"(?:следующ[а-яё]+|будущ[а-яё]+|наступающ[а-яё]+|грядущ[а-яё]+)"),
    (0, r"(?:этот|этого|этом|этому|этим|эта|этой|эту|текущ[а-яё]+|нынешн[а-яё]+|уходящ[а-яё]+|настоящего)"),
)
REL = "(?:" + "|".join(pattern for _, pattern in RELATIVES) + ")"
REL_NOW = "(?:" + "|".join(pattern for offset, pattern in RELATIVES if offset == 0) + ")"
# Before a weekday «позапрошлый» is not said.
REL_WEEK = "(?:" + "|".join(pattern for offset, pattern in RELATIVES if offset != -2) + ")"
_RELATIVE_RES = tuple((offset, re.compile(pattern + "$", re.IGNORECASE)) for offset, pattern in RELATIVES)

YEAR = r"(?:1\d{3}|20\d{2})(?!\d)"
YEAR_WORD = rf"(?:{S}*(?:гг\.|г\.|г{B}|год(?:а|у|ом|е|ы|ов|ах|ам|ами)?{B}))"
YEAR_UNIT = rf"(?:год(?:а|у|ом|е)?{B})"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:-?(?:го|е|ое))?"
POSITION = (
    r"(?:начал[оеау]|конц[еау]|конец|середин[аеуы]|перв(?:ой|ая|ую)\s+половин[аеуы]"
    r"|втор(?:ой|ая|ую)\s+половин[аеуы])"
)
# Prepositions a date may follow; they stay outside the span and decide open ranges. («к концу
# марта»: «к», then the position word, which is part of the span.)
PREPOSITIONS = (
    "начиная с", "начиная со", "в", "во", "с", "со", "от", "до", "на", "к", "ко", "по", "за", "после",
    "перед", "около", "между", "вплоть до", "c",
)  # fmt: skip
PREPOSITION = (
    "(?:" + "|".join(p.replace(" ", r"\s+") for p in sorted(PREPOSITIONS, key=len, reverse=True)) + ")"
)
OPEN_START = ("с", "со", "начиная с", "начиная со")  # «с 1995 года» → 1995/..
LATIN_C = str.maketrans("c", "с")  # «c 1996 года» typed with a Latin «c»: the same preposition
OPEN_END = ("до", "по", "вплоть до")  # «до 2020 года» → ../2020

# Days in words: an ordinal («пятого», «пятое», «пятому»), after «двадцать»/«тридцать» for 21–31.
_DAY_STEMS = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8,
    "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14,
    "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19, "двадцат": 20,
    "тридцат": 30,
}  # fmt: skip
ORDINAL_DAYS: dict[str, int] = {
    stem + ending: number
    for stem, number in _DAY_STEMS.items()
    for ending in (("ьего", "ье", "ьему") if stem == "трет" else ("ого", "ое", "ому"))
}
TENS = {"двадцать": 20, "тридцать": 30}
ORDINAL_DAY = rf"(?:(?P<tens>двадцать|тридцать){S}+)?(?P<unit>{trie_regex(ORDINAL_DAYS)})"

# (number, stem) of ordinal words; Roman numerals longest first.
ORDINALS: tuple[tuple[int, str], ...] = (
    (1, "перв"), (2, "втор"), (3, "трет"), (4, "четв"), (4, "iv"), (3, "iii"), (2, "ii"), (1, "i"),
)  # fmt: skip
_ROMAN = {"I": 1, "V": 5, "X": 10, "Х": 10}  # Latin and Cyrillic «X»


_BY_PREFIX = sorted(((stem[:3], number) for number, stem, _ in MONTHS), key=lambda item: -len(item[0]))


def month_number(word: str) -> int:
    """«мая» → 5, «Марте» → 3, «авг.» → 8: three letters tell a month (two for May)."""
    lowered = word.lower()
    return next(number for prefix, number in _BY_PREFIX if lowered.startswith(prefix))


def holiday_day(name: str) -> tuple[int, int]:
    """«Нового года» → (1, 1), «Дня Победы» → (5, 9): the holiday's month and day (the longest
    name that matches: «Старого Нового года» is not «Нового года»)."""
    found = [
        (len(pattern.pattern), month, day) for pattern, month, day in _HOLIDAY_RES if pattern.fullmatch(name)
    ]
    _, month, day = max(found)
    return month, day


def weekday_number(word: str) -> int:
    """«пятницу» → 4 (Monday is 0)."""
    lowered = word.lower()
    return next(number for number, stem, _, _ in WEEKDAYS if lowered.startswith(stem))


def season_months(word: str) -> tuple[int, int]:
    """«весной» → (3, 5); «зиму» → (12, 2)."""
    lowered = word.lower()
    return next((first, last) for stem, _, first, last in SEASONS if lowered.startswith(stem))


def rel_offset(word: str) -> int:
    """«прошлом» → -1, «позапрошлого» → -2, «следующей» → 1, «этого» → 0."""
    return next(offset for offset, pattern in _RELATIVE_RES if pattern.match(word))


def ordinal(text: str) -> int:
    """«первом» → 1, «III» → 3, «2-м» → 2 (what the part-of-year pattern admits)."""
    lowered = text.lower()
    if lowered[0].isdigit():
        return int(lowered[0])
    return next(number for number, stem in ORDINALS if lowered.startswith(stem))


def roman(text: str) -> int | None:
    """«XIX» → 19, «21» → 21; None outside 1..21 or for a malformed numeral."""
    if text.isdigit():
        return int(text)
    total = 0
    for i, char in enumerate(text):
        value = _ROMAN[char]
        following = _ROMAN[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < following else value
    return total if 0 < total <= 21 else None


def trim(line: str, stop: int) -> int:
    """Back off trailing white space a pattern may have taken in."""
    while stop > 0 and line[stop - 1] in BLANKS:
        stop -= 1
    return stop
