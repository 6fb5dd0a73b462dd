"""From lines to DATE mentions: run the forms, read the preposition before each atom, keep
the longest atoms, join ranges, and write the values (open ranges included).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from pipeline.records import DateMention
from pipeline.stages.s02_segment import Line, lines
from pipeline.stages.s07_dates.forms import FORM_KEYS, FORMS, PREFILTER, DateForm
from pipeline.stages.s07_dates.resolve import Atom, Ctx, borrow_year
from pipeline.stages.s07_dates.words import (
    DASH,
    LATIN_C,
    OPEN_END,
    OPEN_START,
    POSITION,
    PREPOSITION,
    REL_NOW,
    YEAR,
    YEAR_UNIT,
    S,
)

_I = re.IGNORECASE
# Lines whose form matches are remembered (`_remembered`): more than the head lines of a
# group's documents (`process.GROUP_DOCUMENTS` × `doc_date.HEAD_LINES`), searched just before;
# only lines up to REMEMBERED_CHARS long, so that the cache never holds much text.
LINES_REMEMBERED = 128
REMEMBERED_CHARS = 4_000
# Left context: an optional preposition, then an optional position word, right before an atom
# (the pattern matches everywhere, empty where there is neither).
_LEFT = re.compile(rf"(?:(?<![\w])(?P<prep>{PREPOSITION}){S}+)?(?:(?P<pos>{POSITION}){S}+)?$", _I)
_RANGE_JOIN = re.compile(rf"^(?:{S}*{DASH}{S}*|{S}+(?P<word>по|до|и){S}+)$", _I)
# The preposition the first end of a range needs for each joining word («с … по …», «между … и …»).
_OPENERS: dict[str, tuple[str, ...]] = {"по": (*OPEN_START, "от"), "до": (*OPEN_START, "от"), "и": ("между",)}
_OPEN = (*OPEN_START, *OPEN_END, "от")  # an open range is no passage's year
_MONTH_OF_YEAR = re.compile(r"\d{4}-\d{2}")  # a day or a month of a written year
_FULL_DAY = re.compile(r"[X\d]{4}-[X\d]{2}-[X\d]{2}")
_YEAR_NOW = re.compile(rf"(?<![\w]){REL_NOW}{S}+(?P<y>{YEAR}){S}*{YEAR_UNIT}", _I)


def find_dates(
    text: str, doc_date: date | None, text_lines: Sequence[Line] | None = None, year_from_text: bool = True
) -> list[DateMention]:
    """All DATE mentions in `text`, sorted by start, non-overlapping, within lines.

    `text_lines` are the segmenter's lines of `text`, when it has them already.
    `doc_date` resolves relative dates and supplies missing years; None leaves them X — but
    for the year, where the text names one year as the current one (`year_now`) and
    `year_from_text` allows it.
    """
    ctx = Ctx(doc_date, year_now(text) if doc_date is None and year_from_text else None)
    mentions: list[DateMention] = []
    for offset, line in lines(text) if text_lines is None else text_lines:  # no span crosses a line break
        lowered = line.lower()
        if PREFILTER.search(lowered):
            mentions.extend(_finish(atom, line, offset) for atom in line_atoms(line, ctx))
    return mentions


def year_now(text: str) -> int | None:
    """The year a text names as the current one («текущего 2024 года», «в этом 2019 году»),
    if it names exactly one."""
    years = {int(match["y"]) for match in _YEAR_NOW.finditer(text)}
    return years.pop() if len(years) == 1 else None


def _matches(line: str, prefilter: bool = True) -> tuple[tuple[DateForm, re.Match[str]], ...]:
    """Every form's matches in a line, form by form. They do not depend on the document's date,
    only what the finders make of them does: the first lines of a text without a date are
    searched for its publication date (`doc_date`), then again for its dates, and the second
    time their matches are remembered (`_remembered`)."""
    lowered = line.lower()
    return tuple(
        (form, match)
        for form, key in zip(FORMS, FORM_KEYS, strict=True)
        if not prefilter or key.search(lowered)  # cheap work first: each form only where its stems are
        for match in form.pattern.finditer(line)
    )


_remembered = lru_cache(maxsize=LINES_REMEMBERED)(_matches)  # a few lines of text: the documents of a group


def line_atoms(line: str, ctx: Ctx, prefilter: bool = True) -> list[Atom]:
    """The dates of one line as atoms, ranges merged. `prefilter=False` runs every form on
    the line (the tests check that the stems never change the result)."""
    atoms: list[Atom] = []
    for form, match in (_remembered if len(line) <= REMEMBERED_CHARS else _matches)(line, prefilter):
        atoms.extend(form.finder(match, line, ctx))
    atoms = [a for a in atoms if _with_left_context(a, line)]
    return _passage_years(_merge_ranges(_non_overlapping(atoms), line))


def _with_left_context(atom: Atom, line: str) -> bool:
    """Read the preposition and position word before the atom; False if it needs one and has none."""
    left = _LEFT.search(line, max(0, atom.start - 40), atom.start)
    assert left is not None  # every group of _LEFT is optional
    prep, pos = (left["prep"] or "").lower(), left["pos"]
    if atom.needs_context and not (prep or pos):
        return False
    if pos:
        atom.start = left.start("pos")  # «в конце марта» → «конце марта»
        atom.widened = True
    atom.prep = re.sub(r"\s+", " ", prep).translate(LATIN_C)
    return True


def _non_overlapping(atoms: list[Atom]) -> list[Atom]:
    """Longest first, then leftmost: the kept atoms never overlap."""
    kept: list[Atom] = []
    # Covered characters, so each test costs the atom's length, not the number kept so far.
    covered = bytearray(max((a.stop for a in atoms), default=0))
    # On a tie an atom its own form matched in full wins over one widened by a position word
    # («второй половины 2014 года» is a half-year, not the year 2014).
    for atom in sorted(atoms, key=lambda a: (a.start - a.stop, a.start, a.widened)):
        if covered.find(1, atom.start, atom.stop) == -1:
            kept.append(atom)
            covered[atom.start : atom.stop] = b"\x01" * (atom.stop - atom.start)
    return sorted(kept, key=lambda a: a.start)


def _merge_ranges(atoms: list[Atom], line: str) -> list[Atom]:
    """«с 2009 года по первое полугодие 2013 года», «20 мая — 3 июня» -> one range."""
    merged: list[Atom] = []
    for atom in atoms:
        if merged:
            last = merged[-1]
            join = _RANGE_JOIN.match(line[last.stop : atom.start])
            word = (join["word"] or "").lower() if join else ""
            if join and (not word or last.prep in _OPENERS[word]):
                kind = "relative" if "relative" in (last.kind, atom.kind) else "range"
                lo = last.lo if last.year_written or not atom.year_written else borrow_year(last.lo, atom.hi)
                merged[-1] = Atom(
                    last.start, atom.stop, lo, atom.hi, kind, prep="=", year_written=atom.year_written
                )
                continue
        merged.append(atom)
    return merged


def _passage_years(atoms: list[Atom]) -> list[Atom]:
    """A day or month without its year follows the year the paragraph is narrated in: the
    nearest explicit day or month with its year before it in the line («В марте 1942 года …
    5 апреля» → 1942-04-05), where that is clear — not after a bare year («учреждена в 1968
    году … вручат 10 декабря»), an open range («правили с 1997 года»), or for a month before
    that date's (it may be the next year's)."""
    anchor: Atom | None = None
    for atom in atoms:
        if atom.year_written and atom.kind == "date" and _MONTH_OF_YEAR.match(atom.hi):
            anchor = None if atom.prep in _OPEN else atom
        elif not atom.year_written and atom.kind != "relative" and anchor and atom.lo[5:7] >= anchor.hi[5:7]:
            year = anchor.hi[:4]
            atom.lo, atom.hi = year + atom.lo[4:], year + atom.hi[4:]
    return atoms


def _finish(atom: Atom, line: str, offset: int) -> DateMention:
    """The mention with its value: «с 2005 года» → 2005/.., «до 2020 года» → ../2020, «со второй
    половины 2014 года» → 2014-07/.. (a single unit, open at one end); «от» + a full day («указ
    от 5 мая 2012 года») is the date of a document, not an open range. A range written with two
    ends («с 1 по 5 мая») stays closed."""
    value, kind = (atom.lo, atom.kind) if atom.lo == atom.hi else (f"{atom.lo}/{atom.hi}", atom.kind)
    if atom.kind != "range" and atom.opens:
        if atom.prep in OPEN_START or (atom.prep == "от" and not _FULL_DAY.fullmatch(atom.lo)):
            value, kind = f"{atom.lo}/..", "range" if kind == "date" else kind
        elif atom.prep in OPEN_END:
            value, kind = f"../{atom.hi}", "range" if kind == "date" else kind
    return DateMention(offset + atom.start, offset + atom.stop, line[atom.start : atom.stop], value, kind)
