"""Finders for dates the text writes out: days, months, years, decades, centuries, parts of
a year. Each takes one match of its form's pattern (see `forms.FORMS`) and returns the atoms
it stands for — none where the match is not a date after all.

A year the text leaves out comes from the document's date (`Ctx`); relative words
(«прошлого года») shift it.
"""

from __future__ import annotations

import re

from pipeline.stages.s07_dates.resolve import UNKNOWN_YEAR, Atom, Ctx, day_exists, iso_day, year_text
from pipeline.stages.s07_dates.words import (
    DASH,
    ORDINAL_DAYS,
    REL,
    TENS,
    YEAR,
    YEAR_WORD,
    B,
    S,
    holiday_day,
    month_number,
    ordinal,
    rel_offset,
    roman,
    season_months,
    trim,
)

_I = re.IGNORECASE
_INSTRUMENTAL = re.compile(r"(?:ым|им|ом|ём|ем)\b", _I)  # a holiday's name after «с» greeting


def day_month(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«20–21 мая», «среду, 4 апреля 2017 года», «1 по 5 мая», «28 июня прошлого года»."""
    month = month_number(m["m"])
    d1 = int(re.match(r"\d+", m["d1"]).group())  # type: ignore[union-attr]
    d2 = int(re.match(r"\d+", m["d2"]).group()) if m["d2"] else None  # type: ignore[union-attr]
    if (d2 is not None and d2 <= d1) or (m["sep"] or "").lower() == "и":
        return []  # «20 и 21 мая» is two days, not a range: the second is matched alone
    return _days_of_month(m, line, ctx, month, (d1,) if d2 is None else (d1, d2))


def day_in_words(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«Пятого сентября», «двадцать первое марта 2021 года»."""
    day = ORDINAL_DAYS[m["unit"].lower()] + (TENS[m["tens"].lower()] if m["tens"] else 0)
    if day > 31 or (m["tens"] and day % 10 == 0):
        return []  # «тридцать пятого», «двадцать двадцатого»: no day
    return _days_of_month(m, line, ctx, month_number(m["m"]), (day,))


def _days_of_month(m: re.Match[str], line: str, ctx: Ctx, month: int, days: tuple[int, ...]) -> list[Atom]:
    """One day or a range of days of `month`, its year written («y»), relative («rel») or the
    document's."""
    d1, d2 = days[0], days[-1] if len(days) > 1 else None
    kind = "date"
    if m["y"]:
        year = year_text(m["y"])
    elif m["rel"]:
        year, kind = ctx.shifted_year(rel_offset(m["rel"])), "relative"
    else:
        year = ctx.year
        if not all(day_exists(year, month, d) for d in days):
            year = UNKNOWN_YEAR  # «29 февраля» in a document of 2023: some other year
    if not all(day_exists(year, month, d) for d in days):
        return []
    lo = iso_day(year, month, d1)
    hi = iso_day(year, month, d2) if d2 is not None else lo
    if d2 is not None and kind == "date":
        kind = "range"
    return [Atom(m.start(), trim(line, m.end()), lo, hi, kind, year_written=bool(m["y"] or m["rel"]))]


def holiday(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«Нового года», «Дня Победы 2017 года»: the holiday's day, in the year written after it or
    the document's (the passage's, where it names one: see `assemble`)."""
    month, day = holiday_day(m["h"])
    year = year_text(m["y"]) if m["y"] else ctx.year
    value = iso_day(year, month, day)
    greeting = _INSTRUMENTAL.search(m["h"]) is not None  # «с Новым годом», «с Днём Победы»: no range
    atom = Atom(
        m.start(), trim(line, m.end()), value, value, "date", year_written=bool(m["y"]), opens=not greeting
    )
    return [atom]


def numeric(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«17.03.2017», «05/08/2008», «17.03.17», «2017-03-17»."""
    if m["iy"]:
        year, month, day = int(m["iy"]), int(m["im"]), int(m["id"])
    else:
        day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
        if len(m["y"]) == 2:
            year += 2000 if year < 50 else 1900
    if not (1000 <= year <= 2099 and day_exists(f"{year:04d}", month, day)):
        return []
    value = iso_day(f"{year:04d}", month, day)
    return [Atom(m.start(), trim(line, m.end()), value, value, "date")]


def month_year(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«феврале 2011 года», «октябре прошлого года», a bare «декабре» after a preposition."""
    month = month_number(m["m"])
    kind, bare = "date", False
    if m["y"]:
        year = year_text(m["y"])
    elif m["rel"]:
        kind = "relative"
        year = year_text(m["ry"]) if m["ry"] else ctx.shifted_year(rel_offset(m["rel"]))
    else:
        year, bare = ctx.year, True
        if m["m"][0].isupper() and m.start() > 0:
            return []  # «Мая» inside a sentence is more likely a name
    value = f"{year}-{month:02d}"
    return [
        Atom(m.start(), trim(line, m.end()), value, value, kind, needs_context=bare, year_written=not bare)
    ]


# A single year at the start of a match of the years form (its range part left out).
_YEAR_ONE = re.compile(rf"(?:(?P<rel>{REL}){S}+)?(?P<y1>{YEAR})(?P<w1>{YEAR_WORD})?", _I)
# A bare year followed by a verb or a pronoun («в 2017 возглавит», «в 1999 это было»): the year
# is the date of the clause. Units and nouns («в 2000 раз», «до 2000 человек») do not match.
_VERB_AFTER = re.compile(
    rf"{S}+(?:[а-яё]+(?:ал|ял|ил|ел|ул|ыл|ла|ло|ли|лся|лась|лось|лись|ет|ит|ут|ют|ат|ят|ется|ится"
    rf"|ются|ятся|ен|ена|ено|ены|ан|ана|ано|аны)|он|она|оно|они|это|мы|я|вы){B}"
)


def years(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«2006 году», «1987 по 1991 год», «2010—2011 годах», «1958 и 1970 годах»."""
    if m["y2"] is not None:
        found = _year_range(m, line)
        if found is not None:
            return found
        # «в 2017 году — 1809 рублей»: not a range, the first year alone
        single = _YEAR_ONE.match(line, m.start())
        assert single is not None  # the years pattern starts with the same pieces
        return _single_year(single, line, has_word=bool(single["w1"]))
    return _single_year(m, line, has_word=bool(m["w1"] or m["w2"]))


def _year_range(m: re.Match[str], line: str) -> list[Atom] | None:
    """«1987 по 1991 год», «2010—2011 годах», «1996—2003», «между 1990 и 1995 годами»."""
    y1, y2 = int(m["y1"]), int(m["y2"])
    kind = "relative" if m["rel"] else "date"
    has_word = bool(m["w2"] or m["w1"])
    join = m["join"].strip().lower()
    opened = re.search(rf"(?<![\w])(?:с|со|c|от|между){S}+$", line[: m.start()], _I)
    if join == "и" and m["w2"] and not (opened and opened.group().startswith("между")):
        # «в 1958 и 1970 годах»: two years, not a range
        first, second = year_text(m["y1"]), year_text(m["y2"])
        return [
            Atom(m.start("y1"), m.end("y1"), first, first, kind),
            Atom(m.start("y2"), trim(line, m.end()), second, second, kind),
        ]
    if y2 <= y1 or (join == "и" and not m["w2"]):
        return None
    followed = re.match(rf"{S}*[а-яёa-z]", line[m.end() :], _I)
    if not has_word and not opened and (join in ("по", "до") or followed):
        return None
    kind = "range" if kind == "date" else kind
    lo, hi = year_text(m["y1"]), year_text(m["y2"])
    return [Atom(m.start(), trim(line, m.end()), lo, hi, kind, needs_context=join in ("по", "до"))]


def _single_year(m: re.Match[str], line: str, has_word: bool) -> list[Atom]:
    """«2006 году», «текущего 2024 года»; a bare «2008» only where its context marks a year."""
    kind = "relative" if m["rel"] else "date"
    rest = line[m.end() :]
    if rest.startswith(("-лет", "-летие", "-летн")):
        return []  # «к 1150-летию»
    by_form = not has_word and _year_by_form(line, m.start(), rest)
    if not has_word and not by_form:
        if m["rel"]:
            return []
        if re.match(rf"{S}*(?:[а-яёa-z%$€£¥₽\d]|{DASH}{S}*\d)", rest, _I) and not _VERB_AFTER.match(rest):
            return []
    value = year_text(m["y1"])
    bare = not has_word and not by_form
    return [Atom(m.start(), trim(line, m.end()), value, value, kind, needs_context=bare)]


def _year_by_form(line: str, start: int, rest: str) -> bool:
    """A bare year that its surroundings mark as one: «(2003)», «(, 1999)», «(1994, 1997)»,
    «(р. 1993)», «(1903 — физика)», a short headline ending with it («Нобелевские премии
    2013»), «Сочи-2014», «Олимпиаде-2016»."""
    before = line[max(0, start - 3) : start]
    if before.endswith("(") and re.match(r"[),]", rest):
        return True
    if re.search(r",\s*$", before) and rest.startswith(")") and "(" in line[max(0, start - 40) : start]:
        return True
    if re.search(r"(?:^|[\s(])р\.\s*$", line[max(0, start - 5) : start]):
        return True  # «(р. 1993)»: year of birth
    opened = line.rfind("(", max(0, start - 40), start) > line.rfind(")", max(0, start - 40), start)
    if opened and re.match(rf"{S}*(?:[),]|{DASH}{S}*[а-яёa-z])", rest, _I):
        return True  # «(1903 — физика, 1911 — химия)», «(1956, 1972 — физика)»
    if re.fullmatch(r"[\s.!?]*", rest) and re.search(r"[а-яёa-z»\"]\s+$", line[:start], _I):
        return len(line.split()) <= 12  # a headline ending with the year: «Нобелевские премии 2013»
    return bool(re.search(r"[а-яёa-z]-$", before, _I))


def sport_season(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«2016/17», «2017/2018», «сезона 1989-90»: consecutive years as one range."""
    first, tail = int(m["y"]), m["t"]
    second = int(tail) if len(tail) == 4 else first // 100 * 100 + int(tail)
    if second != first + 1:
        return []
    if m["sep"] != "/" and not re.search(r"сезон[а-яё]*\s+$", line[max(0, m.start() - 20) : m.start()], _I):
        return []
    return [Atom(m.start(), m.end(), f"{first:04d}", f"{second:04d}", "range")]


_COUNTED_NOUN = re.compile(
    rf"{S}+(?:мест|позици|строчк|строк|числ|этаж|ряд|километр|минут|секунд|круг|тур|ранг|номер|лет|год)", _I
)


def decade(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«1990-х годов» → 1990/1999; «90-х» → 1990/1999, only after a preposition without «годов»."""
    digits = m["dec"]
    start_year = 1900 + int(digits) if len(digits) == 2 else int(digits)
    needs = len(digits) == 2 and not m["w"]
    if needs and _COUNTED_NOUN.match(line, m.end()):
        return []  # «на 40-е место», «к 20-му числу»: an ordinal, not a decade
    return [Atom(m.start(), trim(line, m.end()), f"{start_year}", f"{start_year + 9}", "date", needs)]


def century(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«XX века» → 19 (ISO's two-digit century), «XIX–XX вв.» → 18/19."""
    first = roman(m["c"])
    last = roman(m["c2"]) if m["c2"] else first
    if first is None or last is None or last < first:
        return []
    kind = "range" if last != first else "date"
    return [Atom(m.start(), trim(line, m.end()), f"{first - 1:02d}", f"{last - 1:02d}", kind)]


def season(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«весной 2012 года» → 2012-03/2012-05; «этой осенью», «зимой прошлого года»."""
    if m["s1"]:
        word, year, kind = m["s1"], ctx.shifted_year(rel_offset(m["rel1"])), "relative"
    elif m["rel"]:
        word, year, kind = m["s"], ctx.shifted_year(rel_offset(m["rel"])), "relative"
    else:
        word, year, kind = m["s"], year_text(m["y"]), "date"
    first, last = season_months(word)
    if first > last:  # winter of year Y: December of Y-1 to February of Y
        previous = f"{int(year) - 1:04d}" if year.isdigit() else UNKNOWN_YEAR
        lo, hi = f"{previous}-{first:02d}", f"{year}-{last:02d}"
    else:
        lo, hi = f"{year}-{first:02d}", f"{year}-{last:02d}"
    return [Atom(m.start(), trim(line, m.end()), lo, hi, kind)]


def part_of_year(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«первое полугодие 2013 года» → 2013-01/2013-06, «третьем квартале» → YYYY-07/YYYY-09."""
    number = ordinal(m["ord"])
    size = 3 if m["unit"].lower().startswith("квартал") else 6
    if number > 12 // size:
        return []
    if m["y"]:
        year, kind = year_text(m["y"]), "date"
    else:
        year, kind = ctx.shifted_year(rel_offset(m["rel"])), "relative"
    first = (number - 1) * size + 1
    return [
        Atom(m.start(), trim(line, m.end()), f"{year}-{first:02d}", f"{year}-{first + size - 1:02d}", kind)
    ]
