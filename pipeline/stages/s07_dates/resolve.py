"""Values against the calendar and the document's date: days that exist, shifts, weeks.

A value is ISO 8601 as far as the text and the document date determine it; unknown parts
are «X» («XXXX-05-21»). A day is written only if it exists in that year's calendar
(«29 февраля 2024» is, «29 февраля 2023» is not).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

UNKNOWN_YEAR = "XXXX"


@dataclass
class Atom:
    """One date expression found in a line, before ranges are merged (offsets in the line)."""

    start: int
    stop: int
    lo: str
    hi: str
    kind: str  # date, range, relative
    needs_context: bool = False  # a bare month, year or weekday: only after a preposition/position
    prep: str = ""  # the preposition before it, lower case, single-spaced
    year_written: bool = True  # False where the year came from the document's date
    widened: bool = False  # its start moved left to a position word («конце марта»)
    opens: bool = True  # «с», «от» before it open a range (not «с Новым годом», a greeting)


@dataclass(frozen=True)
class Ctx:
    """What resolves relative dates and supplies missing years: the document's date, or
    without one the year the text names as the current one (`year_now`: «текущего 2024
    года»), which gives years but no day, month or week."""

    doc_date: date | None
    year_now: int | None = None

    @property
    def _year(self) -> int | None:
        return self.doc_date.year if self.doc_date else self.year_now

    @property
    def year(self) -> str:
        return f"{self._year:04d}" if self._year else UNKNOWN_YEAR

    def shifted_year(self, offset: int) -> str:
        """The document's year moved by `offset`; X where there is none (or beyond year 9999)."""
        year = self._year + offset if self._year else 0
        return f"{year:04d}" if 1 <= year <= 9999 else UNKNOWN_YEAR

    def day(self, shift: int) -> str:
        """The document's day moved by `shift` days («вчера» is -1)."""
        return _shift(self.doc_date, shift) if self.doc_date else "XXXX-XX-XX"

    def month(self, offset: int) -> str:
        """The document's month moved by `offset` months («в прошлом месяце» is -1)."""
        if self.doc_date is None:
            return "XXXX-XX"
        index = self.doc_date.year * 12 + self.doc_date.month - 1 + offset
        return f"{index // 12:04d}-{index % 12 + 1:02d}" if 1 <= index // 12 <= 9999 else "XXXX-XX"

    def week(self, offset: int) -> tuple[str, str]:
        """Monday and Sunday of the document's week moved by `offset` weeks."""
        if self.doc_date is None:
            return "XXXX-WXX", "XXXX-WXX"
        monday = -self.doc_date.weekday() + 7 * offset
        return _shift(self.doc_date, monday), _shift(self.doc_date, monday + 6)

    def weekday(self, weekday: int, week_offset: int | None) -> str:
        """«в понедельник»: the latest such day on or before the document's date (None offset);
        «в прошлую пятницу» / «в следующий вторник»: that day of the week `week_offset` away."""
        if self.doc_date is None:
            return f"XXXX-WXX-{weekday + 1}"
        if week_offset is None:
            return _shift(self.doc_date, -((self.doc_date.weekday() - weekday) % 7))
        return _shift(self.doc_date, -self.doc_date.weekday() + 7 * week_offset + weekday)


def _shift(day: date, days: int) -> str:
    """`day` moved by `days`, as ISO; beyond the calendar's range the day stays unknown."""
    try:
        return (day + timedelta(days=days)).isoformat()
    except OverflowError:
        return "XXXX-XX-XX"


def day_exists(year: str, month: int, day: int) -> bool:
    """Whether the day is in the calendar; with the year unknown, whether it is in some year."""
    if not 1 <= month <= 12 or day < 1:
        return False
    leap_or_known = int(year) if year.isdigit() else 2000  # 2000 is a leap year: 29 February exists
    return day <= calendar.monthrange(leap_or_known, month)[1]


def iso_day(year: str, month: int, day: int) -> str:
    return f"{year}-{month:02d}-{day:02d}"


def year_text(text: str) -> str:
    return f"{int(text):04d}"


def borrow_year(first: str, second: str) -> str:
    """The first end of «с 20 мая по 3 июня 2011 года», «январем-мартом 2011 года» takes the
    year of the second; a month after the second's is of the year before («с декабря по март
    2011 года» → 2010-12)."""
    year = second[:4]
    if not year.isdigit() or len(first) < 7 or len(second) < 7:
        return first
    if first[5:7] > second[5:7]:
        year = f"{int(year) - 1:04d}"
    return year + first[4:]
