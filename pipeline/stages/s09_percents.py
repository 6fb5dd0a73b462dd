"""PERCENT extraction: «30%», «1,7 %», «37,5 процента», «около 40 процентов», «38–56%».

Why our own: natasha has no percent extractor at all, and anything written with yargy
would cost as much as its other grammars (about 16 docs/s). This is a handful of
compiled regular expressions over the text (see `pipeline.numerals`), run only on lines
that can hold a percentage.

Choices (ANNOTATION.md wins where NEREL differs):
- Leading qualifiers («более», «около», «почти», «свыше», «до», «не менее», ...) stay
  outside the span and go to `qualifier` in lower case. NEREL puts them inside its spans
  about half of the time («Более 49 процентов», «менее 3 %»); we follow ANNOTATION.md.
- A range «38–56%», «5-7 процентов», «от 5 до 7 процентов» is one mention with
  `value_max`; «от» is inside the span (as in ANNOTATION.md's money range example).
- Adjectives «70-процентное», «54 процентным» are percentages (NEREL annotates them):
  the span runs to the end of the adjective, the value is the number.
- «процентных пунктов» / «п.п.» are differences between percentages, not shares: not
  PERCENT (NEREL train has no example either way).
- Fractions in words («четверть», «половину») are not PERCENT.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.numerals import BARE_NUMBER, DIGITS, OPT_SPACES, SPACES, parse_number
from pipeline.qualifiers import QUALIFIER, qualifier_text
from pipeline.records import PercentMention
from pipeline.stages.s02_segment import Line, lines

# Qualifiers, longest first so that «не менее» wins over «менее».
_DASH = r"(?:-|–|—|‒|−)"
_PERCENT_WORD = r"(?:процент(?:а|ов|ы|у|ам|ами|ах|ом|е)?|проц\.)(?![а-яё])"
_RANGE = rf"(?:{_DASH}|{SPACES}до{SPACES}|{OPT_SPACES}{_DASH}{OPT_SPACES})"
_SIGN = rf"(?:{OPT_SPACES}%(?![0-9A-Fa-f]{{2}})|{SPACES}{_PERCENT_WORD})"

_PATTERN = re.compile(
    rf"(?<![\w%])(?:(?P<qual>{QUALIFIER}){SPACES})?"
    rf"(?P<body>(?:(?P<from>от){SPACES})?(?P<low>{BARE_NUMBER})(?:{_SIGN})?{_RANGE}(?P<high>{BARE_NUMBER}){_SIGN}"
    rf"|(?P<one>{BARE_NUMBER}){_SIGN}"
    rf"|(?P<adj>{DIGITS})(?:-|{SPACES})процентн[а-яё]+)",
    re.IGNORECASE,
)
_NOT_A_SHARE = re.compile(rf"^{SPACES}(?:пункт|п\.{OPT_SPACES}п\.)|^[а-яё]*{SPACES}пункт", re.IGNORECASE)
# Cheap work first: a line can hold a percentage only if it has «%» or «процент».
_PREFILTER = re.compile(r"%|процент|проц\.", re.IGNORECASE)


def find_percents(text: str, text_lines: Sequence[Line] | None = None) -> list[PercentMention]:
    """All PERCENT mentions in `text`, sorted by start, non-overlapping, within lines."""
    mentions: list[PercentMention] = []
    for offset, line in lines(text) if text_lines is None else text_lines:  # no span crosses a line break
        if _PREFILTER.search(line):
            mentions.extend(_find_in_line(line, offset))
    return mentions


def _find_in_line(line: str, offset: int) -> list[PercentMention]:
    return [mention for match in _PATTERN.finditer(line) for mention in _mentions(match, line, offset)]


def _mentions(match: re.Match[str], line: str, offset: int) -> list[PercentMention]:
    found = _mention(match, line, offset)
    return [found] if isinstance(found, PercentMention) else found or []


def _mention(match: re.Match[str], line: str, offset: int) -> PercentMention | list[PercentMention] | None:
    rest = line[match.end() :]
    body_text = match.group("body")
    if ("процент" in body_text.lower() and "процентн" not in body_text.lower()) and _NOT_A_SHARE.match(rest):
        return None
    if match.group("adj"):
        if re.match(r"пункт", rest.strip().lower()):
            return None
        value, value_max = parse_number(match.group("adj")), None
    elif match.group("one"):
        value, value_max = parse_number(match.group("one")), None
    else:
        value, value_max = parse_number(match.group("low")), parse_number(match.group("high"))
        joined_by_do = not re.search(_DASH, line[match.end("low") : match.start("high")])
        if (
            value is None
            or value_max is None
            or value_max <= value
            or (joined_by_do and not match.group("from"))
        ):
            return _single_from_range(match, line, offset)
    if value is None:
        return None
    start, stop = match.start("body"), match.end("body")
    qualifier = qualifier_text(match.group("qual"), line[: match.start()])
    return PercentMention(offset + start, offset + stop, line[start:stop], value, value_max, qualifier)


def _single_from_range(
    match: re.Match[str], line: str, offset: int
) -> PercentMention | list[PercentMention] | None:
    """«с 5 до 7%» is a change, not a range: two shares, «5» and «7%»; «до 7%» alone is an upper
    bound, or a target after a verb of change («снизить до 7%»)."""
    high_start = match.start("high")
    stop = match.end("body")
    value = parse_number(match.group("high"))
    if value is None:
        return None
    before = line[: match.start("body")]
    joined_by_do = not re.search(_DASH, line[match.end("low") : match.start("high")])
    if joined_by_do and re.search(r"(?:^|\s)(?:с|со|c)\s*$", before, re.IGNORECASE):
        low = parse_number(match.group("low"))
        head_stop = _sign_end(line, match.end("low"))
        head = (
            PercentMention(
                offset + match.start("low"),
                offset + head_stop,
                line[match.start("low") : head_stop],
                low,
                qualifier=qualifier_text(match.group("qual"), line[: match.start()]),
            )
            if low is not None
            else None
        )
        tail = PercentMention(offset + high_start, offset + stop, line[high_start:stop], value)
        return [tail] if head is None else [head, tail]
    qualifier = qualifier_text("до", before) if joined_by_do and not match.group("from") else ""
    return PercentMention(
        offset + high_start, offset + stop, line[high_start:stop], value, qualifier=qualifier
    )


_SIGN_AFTER = re.compile(_SIGN, re.IGNORECASE)


def _sign_end(line: str, position: int) -> int:
    """Where the head of «с 5 % до 7 %» ends: after its own sign, if it has one."""
    sign = _SIGN_AFTER.match(line, position)
    return sign.end() if sign else position
