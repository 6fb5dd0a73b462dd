"""DATE extraction: days, ranges, months, seasons, years, decades, centuries, relative dates.

Why our own instead of natasha's DatesExtractor: natasha finds only «21 мая» in
«20–21 мая» (no day, month or year ranges: «с 1987 по 1991 год», «3–4 июля»), has no
relative dates («в прошлом году», «весной этого года», «вчера», «в понедельник»), no
seasons, half-years, decades or centuries, and, being a yargy grammar that analyses every
token with pymorphy, runs at about 16 docs/s. Here it is a dozen compiled regular
expressions with small lookup tables, run line by line, and only on lines that can hold a
date at all (a digit, a month, season, weekday or relative-date word): cheap work first.

Spans and values follow ANNOTATION.md:
- The span leaves out a leading preposition (в, во, с, со, от, до, на, к, по, за, после,
  ...) but keeps «года/году/г.», relative qualifiers («текущего 2024 года», «прошлый
  год») and position words («в конце марта» → «конце марта»).
- A weekday before a date is part of the span: «в среду, 4 апреля 2017 года» →
  «среду, 4 апреля 2017 года» (NEREL annotates it the same way), value 2017-04-04.
- A weekday alone, after a preposition («в понедельник», «с понедельника») is the most
  recent such weekday on or before the document's date (the day itself if it is that
  weekday): news reports what happened. «в прошлую пятницу» / «в следующий вторник» is
  that day of the previous / next week. Without a document date it is ISO 8601
  week-date style «XXXX-WXX-1».
- `kind` says how the expression is written: `range` for a range written with two ends
  (or one open end), `date` for a single calendar unit — day, month, season, half-year,
  quarter, year, decade, century — even where its ISO value is an interval («весной 2012
  года» → 2012-03/2012-05, kind date), `relative` where the document date resolves it.
- Ranges are one mention, kind `range`: «20–21 мая» → YYYY-05-20/YYYY-05-21,
  «1987 по 1991 год» → 1987/1991 (the span starts after «с»), «с 2009 года по первое
  полугодие 2013 года» → 2009/2013-06.
- Open ranges (ISO 8601-2 «..»): «с 2005 года», «от 1918 года», «начиная с мая» →
  «2005/..»; «до 2020 года», «по 15 июня» → «../2020». Exception: «от» + a full day date
  («указ от 5 мая 2012 года») is the date of a document, a plain date.
- Decades are year ranges: «1990-х годов» → 1990/1999 (kind date); a two-digit decade
  «90-х годов» is read as 19xx.
- Centuries use ISO 8601's two-digit century: «XX века» → 19 (years 1900–1999).
- Seasons are month ranges: spring 03/05, summer 06/08, autumn 09/11, winter of year Y
  = (Y-1)-12/Y-02 (the winter whose January and February fall in Y).
- Half-years and quarters are month ranges: «первое полугодие 2013 года» →
  2013-01/2013-06, «третьем квартале» → YYYY-07/YYYY-09.
- Relative: «прошлый год» → doc year − 1; «в прошлом месяце» → YYYY-MM; «на прошлой
  неделе» → Monday/Sunday of that week; «вчера», «сегодня», «завтра»; «три года назад»
  → doc year − 3. Kind `relative`, also when the text names the year («текущего 2024
  года»). A year missing from the text comes from the document date; without one the
  unknown parts are X («XXXX-05-21»).
- Not dates: durations («за 7 лет», «три года», «в течение недели»), times of day,
  «на сегодняшний день», «в ближайшие годы», «в обозримом будущем», a bare number
  («2024 рубля»), adjectives («декабрьском», «сегодняшнего», «прошлогоднем»). A bare
  four-digit year counts only where its context marks a year: after a preposition with
  no word, or a verb or pronoun, after it («в 2008,», «в 2017 возглавит»); in brackets
  («(2003)», «(р. 1993)»); after a hyphenated name («Сочи-2014»); in a dashed year range
  «1996—2003»; in «сезон 2016/17» (2016/2017).
- «между 20 июня и 10 августа», «между 1990 и 1995 годами» are ranges; «в 1958 и 1970
  годах» is two years.

NEREL differs: its DATE spans keep the leading preposition («в 2006 году») and include
durations («три года», «в течение недели») and event-relative words («накануне»,
«через два дня»). We follow ANNOTATION.md; `bench_numeric` reports how many of our misses
are such durations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.numerals import NUMBER_WORDS, stems_regex
from pipeline.records import DateMention
from pipeline.stages.s02_segment import Line, lines

_I = re.IGNORECASE
_DASH = r"(?:-|–|—|‒|−)"
_S = r"[ \u00a0\u202f\u2009\t]"  # one space, never a line break
_B = r"(?![а-яёa-z0-9])"  # word end

MONTHS: dict[str, int] = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "ма": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
_MONTH = (
    r"(?:январ[ьяеюи]|феврал[ьяеюи]|март[аеу]?|апрел[ьяеюи]|ма[йяею]|июн[ьяеюи]|июл[ьяеюи]"
    r"|август[аеу]?|сентябр[ьяеюи]|октябр[ьяеюи]|ноябр[ьяеюи]|декабр[ьяеюи])" + _B
)
_YEAR = r"(?:1\d{3}|20\d{2})(?!\d)"
_YEAR_WORD = rf"(?:{_S}*(?:гг\.|г\.|г{_B}|год(?:а|у|ом|е|ы|ов|ах|ам|ами)?{_B}))"
_WEEKDAY = (
    r"(?:понедельник[а-я]*|вторник[а-я]*|сред[аыуе]|четверг[а-я]*|пятниц[а-я]+|суббот[а-я]+|воскресень[а-я]+)"
)
_WEEKDAYS: dict[str, int] = {"пон": 0, "вто": 1, "сре": 2, "чет": 3, "пят": 4, "суб": 5, "вос": 6}
# A weekday alone, after a preposition: «в понедельник», «с понедельника», «к пятнице». «среды»
# and «среде» are left out: they are far more often the noun «среда» (environment).
_WEEKDAY_ACC = (
    r"(?:понедельник[ау]?|вторник[ау]?|среду|четверг[ау]?|пятниц[уые]|суббот[уые]|воскресень[еяю])" + _B
)

# Relative adjectives and their offset from the document's year/month/week.
_REL_THIS = r"(?:этот|этого|этом|этому|этим|эта|этой|эту|текущ[а-яё]+|нынешн[а-яё]+|уходящ[а-яё]+|настоящего)"
_REL_PREV = r"(?:прошл[а-яё]+|прошедш[а-яё]+|минувш[а-яё]+)"
_REL_PREV2 = r"(?:позапрошл[а-яё]+)"
_REL_NEXT = r"(?:следующ[а-яё]+|будущ[а-яё]+|наступающ[а-яё]+|грядущ[а-яё]+)"
_REL = rf"(?:{_REL_PREV2}|{_REL_PREV}|{_REL_NEXT}|{_REL_THIS})"
_YEAR_UNIT = rf"(?:год(?:а|у|ом|е)?{_B})"
_POSITION = (
    r"(?:начал[оеау]|конц[еау]|конец|середин[аеуы]|перв(?:ой|ая|ую)\s+половин[аеуы]"
    r"|втор(?:ой|ая|ую)\s+половин[аеуы])"
)
_PREPOSITIONS = (
    r"(?:начиная\s+с|начиная\s+со|в|во|с|со|от|до|на|к|ко|по|за|после|перед|около|между|к\s+концу|"
    r"к\s+началу|вплоть\s+до)"
)
_SEASONS: dict[str, tuple[int, int]] = {"вес": (3, 5), "лет": (6, 8), "осе": (9, 11), "зим": (12, 2)}
_SEASON = r"(?:весн(?:а|ы|е|у|ой|ою)|лет(?:о|а|у|ом|е)|осен(?:ь|и|ью)|зим(?:а|ы|е|у|ой|ою))" + _B
_SEASON_REL = rf"(?:{_REL}{_S}+{_SEASON})"

_PARTS: dict[str, tuple[int, int]] = {}  # filled in below: ordinal+unit -> months


@dataclass
class _Atom:
    start: int
    stop: int
    lo: str
    hi: str
    kind: str  # date, range, relative
    needs_context: bool = False  # a bare month or year: only after a preposition/position
    prep: str = ""


@dataclass(frozen=True)
class _Ctx:
    doc_date: date | None

    @property
    def year(self) -> str:
        return f"{self.doc_date.year:04d}" if self.doc_date else "XXXX"

    def shifted_year(self, offset: int) -> str:
        year = self.doc_date.year + offset if self.doc_date else 0
        return f"{year:04d}" if 1 <= year <= 9999 else "XXXX"


def _shift(day: date, days: int) -> str:
    """`day` moved by `days`, as ISO; beyond the calendar's range the day stays unknown."""
    try:
        return (day + timedelta(days=days)).isoformat()
    except OverflowError:
        return "XXXX-XX-XX"


def _month(word: str) -> int:
    lowered = word.lower()
    for prefix, number in MONTHS.items():
        if lowered.startswith(prefix):
            return number
    raise ValueError(word)  # pragma: no cover - only month words reach here


def _rel_offset(word: str) -> int:
    lowered = word.lower()
    if re.match(_REL_PREV2, lowered):
        return -2
    if re.match(_REL_PREV, lowered):
        return -1
    if re.match(_REL_NEXT, lowered):
        return 1
    return 0


def _year_text(text: str) -> str:
    return f"{int(text):04d}"


def _valid_day(day: int, month: int) -> bool:
    return 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


# --- the atom patterns ------------------------------------------------------------------

_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:-?(?:го|е|ое))?"
_DAY_MONTH = re.compile(
    rf"(?<![\w.,])(?:(?P<wd>{_WEEKDAY}){_S}*[,—–-]?{_S}*)?(?P<d1>{_DAY})"
    rf"(?:{_S}*(?P<sep>{_DASH}|по|и|на){_S}*(?P<d2>{_DAY}))?{_S}+(?P<m>{_MONTH})"
    rf"(?:{_S}+(?P<y>{_YEAR}){_YEAR_WORD}?|{_S}+(?P<rel>{_REL}){_S}+{_YEAR_UNIT})?",
    _I,
)
_NUMERIC = re.compile(
    rf"(?<![\d.,/])(?P<d>[0-3]?\d)(?P<sep>[./])(?P<m>[01]?\d)(?P=sep)(?P<y>\d{{4}}|\d{{2}})(?![\d]|[.,/]\d)"
    rf"(?:{_YEAR_WORD})?|(?<![\d.,/-])(?P<iy>{_YEAR})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\d])",
    _I,
)
_MONTH_YEAR = re.compile(
    rf"(?<![\w])(?P<m>{_MONTH})(?:{_S}+(?P<rel>{_REL}){_S}+(?:(?P<ry>{_YEAR}){_S}*)?{_YEAR_UNIT}"
    rf"|{_S}+(?P<y>{_YEAR}){_YEAR_WORD}?)?",
    _I,
)
_YEARS = re.compile(
    rf"(?<![\w.,])(?:(?P<rel>{_REL}){_S}+)?(?P<y1>{_YEAR})"
    rf"(?:(?P<w1>{_YEAR_WORD})?(?P<join>{_S}*{_DASH}{_S}*|{_S}+(?:по|до|и){_S}+)(?P<y2>{_YEAR}))?"
    rf"(?P<w2>{_YEAR_WORD})?",
    _I,
)
_SPORT_SEASON = re.compile(rf"(?<![\w.,/])(?P<y>{_YEAR})(?P<sep>/|-|–)(?P<t>\d{{4}}|\d{{2}})(?![\d/])")
_YEAR_ONE = re.compile(
    rf"(?:(?P<rel>{_REL}){_S}+)?(?P<y1>{_YEAR})(?P<w1>{_YEAR_WORD})?(?P<w2>(?!))?",
    _I,
)
_DECADE = re.compile(
    rf"(?<![\w.,])(?P<dec>(?:1\d|20)?\d0)-?(?:х|е|ые|ых|ым|ыми){_B}(?P<w>{_S}+год(?:ы|ов|ах|ам|ами){_B})?",
    _I,
)
_CENTURY = re.compile(
    rf"(?<![\w])(?P<c>[IVXХ]{{1,5}}|\d{{1,2}})(?:-?го)?(?:{_S}*{_DASH}{_S}*(?P<c2>[IVXХ]{{1,5}}|\d{{1,2}}))?{_S}+"
    rf"(?:век(?:а|у|ом|е|ов|ах)?{_B}|вв?\.)",
)
_SEASON_YEAR = re.compile(
    rf"(?<![\w])(?:(?P<rel1>{_REL}){_S}+(?P<s1>{_SEASON})"
    rf"|(?P<s>{_SEASON})(?:{_S}+(?P<rel>{_REL}){_S}+{_YEAR_UNIT}|{_S}+(?P<y>{_YEAR}){_YEAR_WORD}?))",
    _I,
)
_PART = re.compile(
    rf"(?<![\w])(?P<ord>перв[а-яё]*|втор[а-яё]*|трет[а-яё]*|четв[её]рт[а-яё]*|[1-4](?:-?[а-яё]{{1,3}})?"
    rf"|IV|I{{1,3}})"
    rf"{_S}+(?P<unit>квартал[а-яё]*|полугоди[а-яё]*|половин[а-яё]+){_S}+"
    rf"(?:(?P<rel>{_REL}){_S}+{_YEAR_UNIT}|(?P<y>{_YEAR}){_YEAR_WORD}?)",
    _I,
)
_RELATIVE = re.compile(
    rf"(?<![\w])(?P<rel>{_REL}){_S}+(?:(?P<ry>{_YEAR}){_S}*)?"
    rf"(?P<unit>{_YEAR_UNIT}|месяц(?:а|е|у|ем)?{_B}|недел(?:я|и|е|ю|ей){_B})",
    _I,
)
_DAY_WORD = re.compile(r"(?<![\w])(?P<w>позавчера|вчера|сегодня|послезавтра|завтра)(?![\w])", _I)
_AGO = re.compile(
    rf"(?<![\w])(?:(?P<n>\d{{1,3}}|[а-яё]+){_S}+)?"
    rf"(?P<unit>год|года|лет|день|дня|дней|сутки|недел[юиь]|недель|месяц|месяца|месяцев){_S}+назад{_B}",
    _I,
)
_WEEKDAY_ALONE = re.compile(
    rf"(?<![\w])(?:(?P<rel>{_REL_PREV}|{_REL_THIS}|{_REL_NEXT}){_S}+)?(?P<wd>{_WEEKDAY_ACC})", _I
)

# Left context: an optional preposition, then an optional position word, right before an atom.
_LEFT = re.compile(
    rf"(?:(?<![\w])(?P<prep>{_PREPOSITIONS}){_S}+)?(?:(?P<pos>{_POSITION}){_S}+)?$",
    _I,
)
# Cheap work first: the stems any date needs (a prefix tree of literals run on the
# lower-cased line); lines without them are skipped.
_MONTH_STEMS = (
    "янв",
    "фев",
    "мар",
    "апр",
    "май",
    "мая",
    "мае",
    "маю",
    "июн",
    "июл",
    "авг",
    "сен",
    "окт",
    "ноя",
    "дек",
)
_WEEKDAY_STEMS = ("понедельн", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресен")
_PREFILTER = stems_regex(
    [
        *"0123456789",
        *_MONTH_STEMS,
        *_WEEKDAY_STEMS,
        "весн",
        "лет",
        "осен",
        "зим",
        "вчера",
        "сегодня",
        "завтра",
        "год",
        "месяц",
        "недел",
        "век",
        "вв.",
        "квартал",
        "полугод",
        "назад",
    ]
)


def find_dates(
    text: str, doc_date: date | None, text_lines: Sequence[Line] | None = None
) -> list[DateMention]:
    """All DATE mentions in `text`, sorted by start, non-overlapping, within lines.

    `text_lines` are the segmenter's lines of `text`, when it has them already.

    `doc_date` resolves relative dates and supplies missing years; None leaves them X.
    """
    ctx = _Ctx(doc_date)
    mentions: list[DateMention] = []
    for offset, line in lines(text) if text_lines is None else text_lines:  # no span crosses a line break
        lowered = line.lower()
        if _PREFILTER.search(lowered):
            mentions.extend(_find_in_line(line, lowered, offset, ctx))
    return mentions


def _find_in_line(line: str, lowered: str, offset: int, ctx: _Ctx) -> list[DateMention]:
    atoms: list[_Atom] = []
    for needed, finder in _FINDERS:
        if needed.search(lowered):  # cheap work first: each finder only where its key word is
            atoms.extend(finder(line, ctx))
    atoms = [a for a in (_with_left_context(a, line) for a in atoms) if a is not None]
    atoms = _merge_ranges(_non_overlapping(atoms), line)
    return [_finish(atom, line, offset) for atom in atoms]


def _with_left_context(atom: _Atom, line: str) -> _Atom | None:
    window = max(0, atom.start - 40)
    left = _LEFT.search(line, window, atom.start)
    prep = (left.group("prep") or "").lower() if left else ""
    pos = left.group("pos") if left else None
    if atom.needs_context and not (prep or pos):
        return None
    if pos and left is not None:
        atom.start = left.start("pos")
    atom.prep = re.sub(r"\s+", " ", prep)
    return atom


def _non_overlapping(atoms: list[_Atom]) -> list[_Atom]:
    """Longest first, then leftmost: the kept atoms never overlap."""
    kept: list[_Atom] = []
    # Covered characters, so each test costs the atom's length, not the number kept so far.
    covered = bytearray(max((a.stop for a in atoms), default=0))
    for atom in sorted(atoms, key=lambda a: (a.start - a.stop, a.start)):
        if covered.find(1, atom.start, atom.stop) == -1:
            kept.append(atom)
            covered[atom.start : atom.stop] = b"\x01" * (atom.stop - atom.start)
    return sorted(kept, key=lambda a: a.start)


_RANGE_JOIN = re.compile(rf"^(?:{_S}*{_DASH}{_S}*|{_S}+(?P<word>по|до|и){_S}+)$", _I)
_OPENERS: dict[str, tuple[str, ...]] = {
    "по": ("с", "со", "от", "начиная с", "начиная со"),
    "до": ("с", "со", "от", "начиная с", "начиная со"),
    "и": ("между",),
}


def _merge_ranges(atoms: list[_Atom], line: str) -> list[_Atom]:
    """«с 2009 года по первое полугодие 2013 года», «20 мая — 3 июня» -> one range."""
    merged: list[_Atom] = []
    for atom in atoms:
        if merged:
            last = merged[-1]
            join = _RANGE_JOIN.match(line[last.stop : atom.start])
            word = (join.group("word") or "").lower() if join else ""
            if join and (not word or last.prep in _OPENERS[word]):
                merged[-1] = _Atom(last.start, atom.stop, last.lo, atom.hi, _range_kind(last, atom), prep="=")
                continue
        merged.append(atom)
    return merged


def _range_kind(first: _Atom, second: _Atom) -> str:
    return "relative" if "relative" in (first.kind, second.kind) else "range"


def _finish(atom: _Atom, line: str, offset: int) -> DateMention:
    value = atom.lo if atom.lo == atom.hi else f"{atom.lo}/{atom.hi}"
    kind = atom.kind
    if atom.lo != atom.hi:
        pass  # already a range: «1 по 5 мая» after «с» is closed
    elif atom.prep in ("с", "со", "начиная с", "начиная со") or (
        atom.prep == "от" and not re.fullmatch(r"[X\d]{4}-[X\d]{2}-[X\d]{2}", atom.lo)
    ):
        value, kind = f"{atom.lo}/..", "range" if kind == "date" else kind
    elif atom.prep in ("до", "по", "вплоть до"):
        value, kind = f"../{atom.hi}", "range" if kind == "date" else kind
    return DateMention(offset + atom.start, offset + atom.stop, line[atom.start : atom.stop], value, kind)


# --- the finders: one per pattern, each returns atoms for one line ---------------------------


def _find_day_month(line: str, ctx: _Ctx) -> list[_Atom]:
    atoms = []
    for m in _DAY_MONTH.finditer(line):
        month = _month(m.group("m"))
        d1 = int(re.match(r"\d+", m.group("d1")).group())  # type: ignore[union-attr]
        d2 = int(re.match(r"\d+", m.group("d2")).group()) if m.group("d2") else None  # type: ignore[union-attr]
        if not _valid_day(d1, month) or (d2 is not None and (not _valid_day(d2, month) or d2 <= d1)):
            continue
        if m.group("sep") and m.group("sep").lower() == "и":
            continue  # «20 и 21 мая» is two days, not a range; let the second match alone
        kind = "date"
        if m.group("y"):
            year = _year_text(m.group("y"))
        elif m.group("rel"):
            year, kind = ctx.shifted_year(_rel_offset(m.group("rel"))), "relative"
        else:
            year = ctx.year
        lo = f"{year}-{month:02d}-{d1:02d}"
        hi = f"{year}-{month:02d}-{d2:02d}" if d2 is not None else lo
        if d2 is not None and kind == "date":
            kind = "range"
        atoms.append(_Atom(m.start(), _trim(line, m.end()), lo, hi, kind))
    return atoms


def _find_numeric(line: str, ctx: _Ctx) -> list[_Atom]:
    atoms = []
    for m in _NUMERIC.finditer(line):
        if m.group("iy"):
            year, month, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        else:
            day, month, year = int(m.group("d")), int(m.group("m")), int(m.group("y"))
            if len(m.group("y")) == 2:
                year += 2000 if year < 50 else 1900
        if not (1 <= month <= 12 and _valid_day(day, month) and 1000 <= year <= 2099):
            continue
        value = f"{year:04d}-{month:02d}-{day:02d}"
        atoms.append(_Atom(m.start(), _trim(line, m.end()), value, value, "date"))
    return atoms


def _find_month_year(line: str, ctx: _Ctx) -> list[_Atom]:
    atoms = []
    for m in _MONTH_YEAR.finditer(line):
        month = _month(m.group("m"))
        kind, bare = "date", False
        if m.group("y"):
            year = _year_text(m.group("y"))
        elif m.group("rel"):
            kind = "relative"
            year = (
                _year_text(m.group("ry")) if m.group("ry") else ctx.shifted_year(_rel_offset(m.group("rel")))
            )
        else:
            year, bare = ctx.year, True
            if m.group("m")[0].isupper() and m.start() > 0:
                continue  # «Мая» inside a sentence is more likely a name
        value = f"{year}-{month:02d}"
        atoms.append(_Atom(m.start(), _trim(line, m.end()), value, value, kind, needs_context=bare))
    return atoms


def _find_years(line: str, ctx: _Ctx) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _YEARS.finditer(line):
        if m.group("y2") is not None:
            found = _year_range(m, line)
            if found is None:  # «в 2017 году — 1809 рублей»: not a range, the first year alone
                single = _YEAR_ONE.match(line, m.start())
                found = _single_year(single, line) if single else []
            atoms.extend(found)
        else:
            atoms.extend(_single_year(m, line))
    return atoms


def _year_range(m: re.Match[str], line: str) -> list[_Atom] | None:
    """«1987 по 1991 год», «2010—2011 годах», «1996—2003», «между 1990 и 1995 годами»."""
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    kind = "relative" if m.group("rel") else "date"
    has_word = bool(m.group("w2") or m.group("w1"))
    join = m.group("join").strip().lower()
    opened = re.search(rf"(?<![\w])(?:с|со|от|между){_S}+$", line[: m.start()], _I)
    if join == "и" and m.group("w2") and not (opened and opened.group().startswith("между")):
        # «в 1958 и 1970 годах»: two years, not a range
        second = _year_text(m.group("y2"))
        return [
            _Atom(m.start("y1"), m.end("y1"), f"{y1:04d}", f"{y1:04d}", kind),
            _Atom(m.start("y2"), _trim(line, m.end()), second, second, kind),
        ]
    if y2 <= y1 or (join == "и" and not m.group("w2")):
        return None
    followed = re.match(rf"{_S}*[а-яёa-z]", line[m.end() :], _I)
    if not has_word and not opened and (join in ("по", "до") or followed):
        return None
    kind = "range" if kind == "date" else kind
    lo, hi = _year_text(m.group("y1")), _year_text(m.group("y2"))
    return [_Atom(m.start(), _trim(line, m.end()), lo, hi, kind, needs_context=join in ("по", "до"))]


def _single_year(m: re.Match[str], line: str) -> list[_Atom]:
    """«2006 году», «текущего 2024 года»; a bare «2008» only where its context marks a year."""
    kind = "relative" if m.group("rel") else "date"
    has_word = bool(m.group("w2") or m.group("w1"))
    rest = line[m.end() :]
    if rest.startswith(("-лет", "-летие", "-летн")):
        return []  # «к 1150-летию»
    by_form = not has_word and _year_by_form(line, m.start(), rest)
    if not has_word and not by_form:
        if m.group("rel"):
            return []
        if re.match(rf"{_S}*(?:[а-яёa-z%$€£¥₽\d]|{_DASH}{_S}*\d)", rest, _I) and not _VERB_AFTER.match(rest):
            return []
    value = _year_text(m.group("y1"))
    bare = not has_word and not by_form
    return [_Atom(m.start(), _trim(line, m.end()), value, value, kind, needs_context=bare)]


# A bare year followed by a verb or a pronoun («в 2017 возглавит», «в 1999 это было»): the year
# is the date of the clause. Units and nouns («в 2000 раз», «до 2000 человек») do not match.
_VERB_AFTER = re.compile(
    rf"{_S}+(?:[а-яё]+(?:ал|ял|ил|ел|ул|ыл|ла|ло|ли|лся|лась|лось|лись|ет|ит|ут|ют|ат|ят|ется|ится"
    rf"|ются|ятся|ен|ена|ено|ены|ан|ана|ано|аны|ат|ят)|он|она|оно|они|это|мы|я|вы){_B}"
)


def _year_by_form(line: str, start: int, rest: str) -> bool:
    """A bare year that its surroundings mark as one: «(2003)», «(, 1999)», «(1994, 1997)»,
    «Сочи-2014», «Олимпиаде-2016»."""
    before = line[max(0, start - 3) : start]
    if before.endswith("(") and re.match(r"[),]", rest):
        return True
    if re.search(r",\s*$", before) and rest.startswith(")") and "(" in line[max(0, start - 40) : start]:
        return True
    if re.search(r"(?:^|[\s(])р\.\s*$", line[max(0, start - 5) : start]):
        return True  # «(р. 1993)»: year of birth
    return bool(re.search(r"[а-яёa-z]-$", before, _I))


def _find_seasons_of_sport(line: str, ctx: _Ctx) -> list[_Atom]:
    """«2016/17», «2017/2018», «сезона 1989-90»: consecutive years as one range."""
    atoms = []
    for m in _SPORT_SEASON.finditer(line):
        first = int(m.group("y"))
        tail = m.group("t")
        second = int(tail) if len(tail) == 4 else first // 100 * 100 + int(tail)
        if second != first + 1:
            continue
        if m.group("sep") != "/" and not re.search(
            r"сезон[а-яё]*\s+$", line[max(0, m.start() - 20) : m.start()], _I
        ):
            continue
        atoms.append(_Atom(m.start(), m.end(), f"{first:04d}", f"{second:04d}", "range"))
    return atoms


def _find_decades(line: str, ctx: _Ctx) -> list[_Atom]:
    atoms = []
    for m in _DECADE.finditer(line):
        digits = m.group("dec")
        if len(digits) == 2:
            start_year = 1900 + int(digits)
        elif len(digits) == 4:
            start_year = int(digits)
        else:
            continue
        needs = len(digits) == 2 and not m.group("w")  # «в 90-е», «конца 90-х»: only after a preposition
        atoms.append(
            _Atom(m.start(), _trim(line, m.end()), f"{start_year}", f"{start_year + 9}", "date", needs)
        )
    return atoms


def _roman(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "Х": 10}
    if text.isdigit():
        return int(text)
    total = 0
    for i, char in enumerate(text):
        value = values[char]
        following = values[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < following else value
    return total if 0 < total <= 21 else None


def _find_centuries(line: str, ctx: _Ctx) -> list[_Atom]:
    atoms = []
    for m in _CENTURY.finditer(line):
        first = _roman(m.group("c"))
        last = _roman(m.group("c2")) if m.group("c2") else first
        if first is None or last is None or last < first:
            continue
        kind = "range" if last != first else "date"
        atoms.append(_Atom(m.start(), _trim(line, m.end()), f"{first - 1:02d}", f"{last - 1:02d}", kind))
    return atoms


def _season_range(word: str, year: str) -> tuple[str, str]:
    first, last = _SEASONS[word.lower()[:3]]
    if first == 12:  # winter of year Y: December of Y-1 to February of Y
        previous = f"{int(year) - 1:04d}" if year.isdigit() else "XXXX"
        return f"{previous}-12", f"{year}-02"
    return f"{year}-{first:02d}", f"{year}-{last:02d}"


def _find_seasons(line: str, ctx: _Ctx) -> list[_Atom]:
    atoms = []
    for m in _SEASON_YEAR.finditer(line):
        if m.group("s1"):
            word, year, kind = m.group("s1"), ctx.shifted_year(_rel_offset(m.group("rel1"))), "relative"
        elif m.group("rel"):
            word, year, kind = m.group("s"), ctx.shifted_year(_rel_offset(m.group("rel"))), "relative"
        else:
            word, year, kind = m.group("s"), _year_text(m.group("y")), "date"
        lo, hi = _season_range(word, year)
        atoms.append(_Atom(m.start(), _trim(line, m.end()), lo, hi, kind))
    return atoms


def _ordinal(text: str) -> int | None:
    lowered = text.lower()
    for prefix, number in (
        ("перв", 1),
        ("втор", 2),
        ("трет", 3),
        ("четв", 4),
        ("iv", 4),
        ("iii", 3),
        ("ii", 2),
        ("i", 1),
    ):
        if lowered.startswith(prefix):
            return number
    digits = re.match(r"\d", lowered)
    return int(digits.group()) if digits else None


def _find_parts(line: str, ctx: _Ctx) -> list[_Atom]:
    atoms = []
    for m in _PART.finditer(line):
        number = _ordinal(m.group("ord"))
        unit = m.group("unit").lower()
        size = 3 if unit.startswith("квартал") else 6
        if number is None or number > 12 // size:
            continue
        if m.group("y"):
            year, kind = _year_text(m.group("y")), "date"
        else:
            year, kind = ctx.shifted_year(_rel_offset(m.group("rel"))), "relative"
        first = (number - 1) * size + 1
        lo, hi = f"{year}-{first:02d}", f"{year}-{first + size - 1:02d}"
        atoms.append(_Atom(m.start(), _trim(line, m.end()), lo, hi, kind))
    return atoms


def _week_range(ctx: _Ctx, offset: int) -> tuple[str, str]:
    if ctx.doc_date is None:
        return "XXXX-WXX", "XXXX-WXX"
    monday = -ctx.doc_date.weekday() + 7 * offset
    return _shift(ctx.doc_date, monday), _shift(ctx.doc_date, monday + 6)


def _month_shift(ctx: _Ctx, offset: int) -> str:
    if ctx.doc_date is None:
        return "XXXX-XX"
    index = ctx.doc_date.year * 12 + ctx.doc_date.month - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}" if 1 <= index // 12 <= 9999 else "XXXX-XX"


def _find_relative(line: str, ctx: _Ctx) -> list[_Atom]:
    atoms = []
    for m in _RELATIVE.finditer(line):
        offset = _rel_offset(m.group("rel"))
        unit = m.group("unit").lower()
        if unit.startswith("год"):
            lo = hi = _year_text(m.group("ry")) if m.group("ry") else ctx.shifted_year(offset)
        elif m.group("ry"):
            continue
        elif unit.startswith("месяц"):
            lo = hi = _month_shift(ctx, offset)
        else:
            lo, hi = _week_range(ctx, offset)
        atoms.append(_Atom(m.start(), _trim(line, m.end()), lo, hi, "relative"))
    return atoms


def _find_day_words(line: str, ctx: _Ctx) -> list[_Atom]:
    shifts = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}
    atoms = []
    for m in _DAY_WORD.finditer(line):
        value = _day_value(ctx, shifts[m.group("w").lower()])
        atoms.append(_Atom(m.start(), m.end(), value, value, "relative"))
    return atoms


def _day_value(ctx: _Ctx, shift: int) -> str:
    return _shift(ctx.doc_date, shift) if ctx.doc_date else "XXXX-XX-XX"


def _find_ago(line: str, ctx: _Ctx) -> list[_Atom]:
    atoms = []
    for m in _AGO.finditer(line):
        count_text = (m.group("n") or "").lower()
        if count_text.isdigit():
            count = int(count_text)
        elif count_text in NUMBER_WORDS:
            count = int(NUMBER_WORDS[count_text])
        elif count_text in ("две", "полгода"):
            count = 2
        else:
            count = 1
            if m.group("unit").lower() in ("лет", "дней", "недель", "месяцев"):
                continue  # «несколько лет назад»: no count to resolve
        start = (
            m.start()
            if count_text and (count_text.isdigit() or count_text in NUMBER_WORDS)
            else m.start("unit")
        )
        unit = m.group("unit").lower()
        if unit.startswith(("год", "лет")):
            value = ctx.shifted_year(-count)
        elif unit.startswith("месяц"):
            value = _month_shift(ctx, -count)
        elif unit.startswith("недел"):
            value = _day_value(ctx, -7 * count)
        else:
            value = _day_value(ctx, -count)
        atoms.append(_Atom(start, _trim(line, m.end()), value, value, "relative"))
    return atoms


def _find_weekdays(line: str, ctx: _Ctx) -> list[_Atom]:
    atoms = []
    for m in _WEEKDAY_ALONE.finditer(line):
        weekday = _WEEKDAYS[m.group("wd").lower()[:3]]
        shift = _rel_offset(m.group("rel")) if m.group("rel") else None
        if ctx.doc_date is None:
            value = f"XXXX-WXX-{weekday + 1}"
        elif shift is None:  # the most recent such weekday on or before the document's date
            value = _shift(ctx.doc_date, -((ctx.doc_date.weekday() - weekday) % 7))
        else:  # «в прошлую пятницу», «в эту субботу», «в следующий вторник»: that week's day
            value = _shift(ctx.doc_date, -ctx.doc_date.weekday() + 7 * shift + weekday)
        atoms.append(_Atom(m.start(), m.end(), value, value, "relative", needs_context=True))
    return atoms


def _trim(line: str, stop: int) -> int:
    """Back off trailing white space a pattern may have taken in."""
    while stop > 0 and line[stop - 1] in " \u00a0\u202f\u2009\t":
        stop -= 1
    return stop


_FINDERS: tuple[tuple[re.Pattern[str], Callable[[str, _Ctx], list[_Atom]]], ...] = (
    (stems_regex(_MONTH_STEMS), _find_day_month),
    (re.compile(r"\d[./-]\d"), _find_numeric),
    (stems_regex(_MONTH_STEMS), _find_month_year),
    (re.compile(r"\d\d\d\d"), _find_years),
    (re.compile(r"\d-?[хе]"), _find_decades),
    (re.compile(r"\d\d\d\d[-/–]\d"), _find_seasons_of_sport),
    (stems_regex(("век", "вв.")), _find_centuries),
    (stems_regex(("весн", "лет", "осен", "зим")), _find_seasons),
    (stems_regex(("квартал", "полугод", "половин")), _find_parts),
    (stems_regex(("год", "месяц", "недел")), _find_relative),
    (stems_regex(("вчера", "сегодня", "завтра")), _find_day_words),
    (stems_regex(("назад",)), _find_ago),
    (stems_regex(_WEEKDAY_STEMS), _find_weekdays),
)
