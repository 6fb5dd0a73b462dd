"""Finders for dates the document's date resolves: «в прошлом году», «вчера», «три года
назад», «в понедельник». Each takes one match of its form's pattern (see `forms.FORMS`)
and returns its atoms, kind `relative`; without a document date the unknown parts are X.
"""

from __future__ import annotations

import re

from pipeline.numerals import NUMBER_WORDS
from pipeline.stages.s07_dates.resolve import Atom, Ctx, year_text
from pipeline.stages.s07_dates.words import rel_offset, trim, weekday_number

DAY_WORDS: dict[str, int] = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}
# Units of «… назад»: the word (any form), how many of it «полгода» / «полвека» are.
AGO_UNITS: tuple[tuple[str, str], ...] = (
    ("год", r"год|года|лет"),
    ("месяц", r"месяц|месяца|месяцев"),
    ("неделя", r"недел[юиь]|недель"),
    ("день", r"день|дня|дней|сутки"),
)
_HALVES = {"полгода": ("месяц", 6), "полмесяца": ("день", 15)}


def relative_unit(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«прошлом году», «текущего 2024 года», «прошлом месяце», «на прошлой неделе»."""
    offset = rel_offset(m["rel"])
    unit = m["unit"].lower()
    if unit.startswith("год"):
        lo = hi = year_text(m["ry"]) if m["ry"] else ctx.shifted_year(offset)
    elif m["ry"]:
        return []  # «этом 2024 месяце» is no date
    elif unit.startswith("месяц"):
        lo = hi = ctx.month(offset)
    else:
        lo, hi = ctx.week(offset)
    return [Atom(m.start(), trim(line, m.end()), lo, hi, "relative")]


def day_word(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«вчера», «сегодня», «послезавтра»."""
    value = ctx.day(DAY_WORDS[m["w"].lower()])
    return [Atom(m.start(), m.end(), value, value, "relative")]


def ago(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«три года назад», «5 лет назад», «год назад», «полгода назад»."""
    if m["half"]:
        unit, count = _HALVES[m["half"].lower()]
        start = m.start("half")
    else:
        unit = next(name for name, forms in AGO_UNITS if re.fullmatch(forms, m["unit"], re.IGNORECASE))
        count_text = (m["n"] or "").lower()
        if count_text.isdigit():
            count, start = int(count_text), m.start()
        elif count_text in NUMBER_WORDS:
            count, start = int(NUMBER_WORDS[count_text]), m.start()
        elif m["unit"].lower() in ("лет", "месяцев", "недель", "дней"):
            return []  # «несколько лет назад»: no count to resolve
        else:
            count, start = 1, m.start("unit")  # «год назад», «около месяца назад»
    if unit == "год":
        value = ctx.shifted_year(-count)
    elif unit == "месяц":
        value = ctx.month(-count)
    elif unit == "неделя":
        value = ctx.day(-7 * count)
    else:
        value = ctx.day(-count)
    return [Atom(start, trim(line, m.end()), value, value, "relative")]


def weekday(m: re.Match[str], line: str, ctx: Ctx) -> list[Atom]:
    """«в понедельник» (the latest Monday on or before the document's date), «в прошлую пятницу»."""
    offset = rel_offset(m["rel"]) if m["rel"] else None
    value = ctx.weekday(weekday_number(m["wd"]), offset)
    return [Atom(m.start(), m.end(), value, value, "relative", needs_context=True)]
