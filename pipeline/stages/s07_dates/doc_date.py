"""The publication date of a document without metadata, from the evidence in its text.

Not the first date the text mentions (that is as often a birth date, a law's date, a
photo caption or a historical event) but a date the text itself presents as «now». The
rules, in order (the first with evidence decides, and names itself in `doc_date_source`):

- `text:dateline` — a line among the first few that is only a date and a time
  («05/08/2008 10:35», «1 августа 2019 года, 12:30»; a date alone is as often a photo
  caption), or an agency dateline («МОСКВА, 1 авг 2019 — РИА Новости», «БИШКЕК,
  5 августа 2008 /Новости-Грузия/»).
- `text:today` — «сегодня» / «вчера» / «накануне,» next to a date («Сегодня, 5 мая 2012
  года, …»; «вчера, 4 мая 2012 года» gives 5 May).
- `text:lead` — one of the first two body lines (the headline and photo captions left out)
  opens with a day: «5 октября 2016 года боксёр признался …», «В воскресенье, 16 октября
  2016 года, в Донецке убит …» — news tells what happened that day.
- `text:weekday` — a day named with its weekday in those lines («скончался в среду,
  2 ноября 2016 года»): a weekday is how news names a day of the current week.
- `text:recent` — the latest day of the first body line, in a sentence told in the past
  tense («Сенат США 17 мая 2018 года утвердил …»).

Every rule but the dateline wants the date's sentence told in the past (a finite verb or a
short participle in the past, as the morphology tagger reads it) and nothing in it about
the future. A day without its year is no evidence («в понедельник 13 августа»: that the
weekday fits one year is arithmetic, not the text), and a weekday that contradicts the
written year discards the day (a typo somewhere). Never a date after
«родился», «от» of a law or a decree, inside quotation marks, in a clause of «где» or
«когда», or in a caption. Without evidence the date stays empty (`none`): an
empty date is honest, a wrong one shifts every relative date of the document.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.records import DateMention, Sentence, Token
from pipeline.stages.s02_segment import lines
from pipeline.stages.s07_dates.assemble import find_dates
from pipeline.stages.s07_dates.tense import (
    FUTURE_WORDS,
    after_infinitive,
    is_caption,
    is_future,
    is_past,
    sentence_bounds,
)
from pipeline.stages.s07_dates.words import WEEKDAY, weekday_number

HEAD_LINES = 6  # datelines and leads are among the first lines (headline and captions included)
LEAD_START = 40  # a lead's date starts within this many characters of its line

_I = re.IGNORECASE
_FULL_DAY = re.compile(r"(\d{4}|XXXX)-(\d{2})-(\d{2})")
_WEEKDAY_AT = re.compile(rf"^{WEEKDAY}", _I)
# What may stand around a date on a dateline: punctuation and a time. A date alone on its line is
# as often a photo caption («Перезахоронение Эдгара По» / «17 ноября 1875 года.»): it needs the time.
_PUNCTUATION = r"[\s,.;:|/()–—-]*"
_TIME = r"\d{1,2}[:.]\d{2}(?::\d{2})?"
_DATELINE_REST = re.compile(rf"^{_PUNCTUATION}(?:{_TIME}{_PUNCTUATION})?$")
_HAS_TIME = re.compile(rf"(?<!\d){_TIME}(?!\d)")
# «МОСКВА, 1 авг 2019 — РИА Новости», «Москва, 3 марта 2021 года. Сбербанк …»: a place, the date,
# then a dash, a slash or a bracket before the agency, or the end of the sentence.
_AGENCY_DATELINE = re.compile(r"^\s*[А-ЯЁA-Z][А-ЯЁA-Zа-яёa-z-]*(?:\s[А-ЯЁA-Z-][А-ЯЁA-Zа-яёa-z-]*){0,2},\s*$")
_AGENCY_AFTER = re.compile(r"^\s*(?:[—–/(-]|\.(?:\s|$))")
_LEAD_PREFIX = re.compile(
    r"^(?:(?:в|во)\s+)?(?:ночь\s+(?:на|с|со)\s+)?(?:утром|днём|днем|вечером|ночью|сегодня|вчера)?[\s,]*$", _I
)
# «сегодня, 5 мая», «вчера 4 мая», «накануне, 2 июня» (with the comma: «накануне 4 марта» is «on
# the eve of 4 March»), or the day word after the date; with the shift from that day to the text's.
_DAY_WORD_BEFORE = re.compile(
    r"(?<![\w])(?:(?P<w>сегодня|вчера)\s*[,—–-]?|(?P<eve>накануне)\s*[,—–-])\s*$", _I
)
_DAY_WORD_AFTER = re.compile(r"^\s*[,—–-]?\s*(?P<w>сегодня|вчера)(?![\w])", _I)
_DAY_WORD_AT = re.compile(
    r"^(?P<w>сегодня|вчера)(?![\w])", _I
)  # «вчера, 8 сентября 2017 года» is one mention
_SHIFT = {"сегодня": 0, "вчера": 1, "накануне": 1}
_NEVER_BEFORE = re.compile(r"(?:родил(?:ся|ась)|рожд[её]н[а-я]*|рождения|(?<![\w])от)\s*$", _I)
_RELATIVE_CLAUSE = re.compile(r"(?<![\w])(?:где|когда)(?![\w])", _I)


@dataclass(frozen=True)
class DocDate:
    value: date | None
    source: str  # text:dateline, text:today, text:lead, text:weekday, text:recent, none


@dataclass(frozen=True)
class _Found:
    """A date mention of a head line (offsets in the line) with what the rules ask of it."""

    mention: DateMention
    line: str
    body: int  # the line's rank among the body lines (headline and captions left out), or -1
    past: bool  # its sentence is told in the past tense
    future: bool  # its sentence speaks of the future, or the date follows an infinitive

    @property
    def before(self) -> str:
        return self.line[: self.mention.start]

    @property
    def after(self) -> str:
        return self.line[self.mention.stop :]


Rule = Callable[[Sequence[_Found]], "date | None"]


def infer_doc_date(text: str, sentences: Sequence[Sentence], tokens: Sequence[Token]) -> DocDate:
    """The publication date the text gives evidence for, and the rule that decided it.

    `sentences` and `tokens` are the document's, tagged (the tense of a date's sentence).
    """
    token_starts = [t.start for t in tokens]

    def tokens_in(start: int, stop: int) -> Sequence[Token]:
        return tokens[bisect.bisect_left(token_starts, start) : bisect.bisect_left(token_starts, stop)]

    pieces = []
    body = 0
    for index, (offset, line) in enumerate(lines(text)):
        if index >= HEAD_LINES:
            break
        is_body = index > 0 and not is_caption(line, tokens_in(offset, offset + len(line)))
        for mention in find_dates(line, None, year_from_text=False):  # a day's year must be written
            start, stop = sentence_bounds(sentences, offset + mention.start, (offset, offset + len(line)))
            own = tokens_in(start, stop)
            future = any(map(is_future, own)) or bool(FUTURE_WORDS.search(text[start:stop]))
            future = future or after_infinitive(own, offset + mention.start)
            pieces.append((mention, line, body if is_body else -1, any(map(is_past, own)), future))
        body += is_body
    found = [_Found(*piece) for piece in pieces]
    for name, rule in RULES:
        value = rule(found)
        if value is not None:
            return DocDate(value, name)
    return DocDate(None, "none")


def _day(found: _Found) -> date | None:
    """The day a mention names, with its year written; else None."""
    match = _FULL_DAY.fullmatch(found.mention.value)
    if match is None or found.mention.kind != "date":
        return None
    year, month, day = match.groups()
    if not year.isdigit():
        return None  # «в понедельник 13 августа»: the year would be a guess (or calendar arithmetic)
    written = date(int(year), int(month), int(day))
    weekday = _WEEKDAY_AT.match(found.mention.text)
    if weekday is not None and weekday_number(weekday.group()) != written.weekday():
        return None  # the weekday contradicts the calendar: a typo somewhere
    return written


def _news(found: _Found) -> bool:
    """Told as what happened: in the past, nothing about the future, not after «родился» or
    a document's «от», not in quotation marks, not in a relative clause."""
    before = found.before
    if not found.past or found.future or _NEVER_BEFORE.search(before):
        return False
    if before.count("«") > before.count("»") or before.count('"') % 2:
        return False
    return not _RELATIVE_CLAUSE.search(re.split(r"[,;:—–(]|\.\s", before)[-1])


def dateline(found: Sequence[_Found]) -> date | None:
    """«05/08/2008 10:35», «1 августа 2019 года, 12:30», «МОСКВА, 1 авг 2019 — РИА Новости»."""
    for f in found:
        rest = (f.before, f.after)
        alone = all(map(_DATELINE_REST.match, rest)) and _HAS_TIME.search(" ".join(rest))
        agency = _AGENCY_DATELINE.match(f.before) and _AGENCY_AFTER.match(f.after)
        day = _day(f) if alone or agency else None
        if day is not None:
            return day
    return None


def today(found: Sequence[_Found]) -> date | None:
    """«Сегодня, 5 мая 2012 года, …» → that day; «вчера, 4 мая 2012 года» → the day after."""
    for f in found:
        text = f.mention.text
        word = _DAY_WORD_BEFORE.search(f.before) or _DAY_WORD_AFTER.match(f.after) or _DAY_WORD_AT.match(text)
        day = _day(f) if word and f.body >= 0 and not f.future else None
        if day is not None and word is not None:
            return day + timedelta(days=_SHIFT[(word["w"] or word.groupdict().get("eve") or "").lower()])
    return None


def lead(found: Sequence[_Found]) -> date | None:
    """One of the first two body lines opens with a day («5 октября 2016 года …»)."""
    for f in found:
        opens = f.mention.start <= LEAD_START and _LEAD_PREFIX.match(f.before)
        day = _day(f) if 0 <= f.body < 2 and opens and _news(f) else None
        if day is not None:
            return day
    return None


def weekday(found: Sequence[_Found]) -> date | None:
    """A day with its weekday in the first two body lines («умер в четверг, 29 декабря 2016 года»)."""
    for f in found:
        named = _WEEKDAY_AT.match(f.mention.text)
        day = _day(f) if 0 <= f.body < 2 and named and _news(f) else None
        if day is not None:
            return day
    return None


def recent(found: Sequence[_Found]) -> date | None:
    """The latest day of the first body line told as news («Сенат США 17 мая 2018 года утвердил …»)."""
    days = [day for f in found if f.body == 0 and _news(f) for day in [_day(f)] if day is not None]
    return max(days, default=None)


# In order: the first rule with evidence decides.
RULES: tuple[tuple[str, Rule], ...] = (
    ("text:dateline", dateline),
    ("text:today", today),
    ("text:lead", lead),
    ("text:weekday", weekday),
    ("text:recent", recent),
)
