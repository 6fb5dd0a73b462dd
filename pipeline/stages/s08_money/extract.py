"""Amounts of money in a line: the pattern built from the currency table, ranges, qualifiers.

See the package docstring for the choices; the currencies are in `currencies.CURRENCIES`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, localcontext

from pipeline.numerals import (
    BARE_NUMBER,
    EXACT,
    NUMBER,
    NUMBER_WORDS,
    OPT_SPACES,
    SPACES,
    exact,
    parse_number,
    scale_of,
    stems_regex,
)
from pipeline.qualifiers import QUALIFIER, qualifier_text
from pipeline.records import MoneyMention
from pipeline.stages.s02_segment import Line, lines
from pipeline.stages.s08_money.currencies import CURRENCIES, prefilter_stems

# Every currency's words, as named groups: c<i> its name, u<i> its hundredth (see CURRENCIES).
_CURRENCY_WORD = (
    "(?:"
    + "|".join(
        f"(?P<c{i}>{c.words})" + (f"|(?P<u{i}>{c.cents})" if c.cents else "")
        for i, c in enumerate(CURRENCIES)
        if c.words
    )
    + ")"
)
# «фунт» alone: GBP only after a scale word or «£»; see the module docstring.
_BARE_POUND = r"фунт(?:а|у|ом|е|ы|ов|ам|ами|ах)?"
_SYMBOLS: dict[str, str] = {symbol: c.code for c in CURRENCIES for symbol in c.symbols}
_CODE = r"(?P<code>(?-i:" + "|".join(c.code for c in CURRENCIES) + r"))"  # in capitals only
_SYMBOL_CHARS = re.escape("".join(_SYMBOLS))
_DASH = r"(?:-|–|—|‒|−)"

# Suffix currency: words need a word end after them; codes need an uppercase boundary.
_SUFFIX = (
    rf"(?:{SPACES}|{OPT_SPACES})(?:{_CURRENCY_WORD}(?![а-яё])|(?P<pound>{_BARE_POUND})(?![а-яё])"
    rf"|{_CODE}(?![A-Za-z])|(?P<sym>[{_SYMBOL_CHARS}]))"
)
_NUM_RANGE = (
    rf"(?:(?P<from>от){SPACES})?(?P<low>{NUMBER})"
    rf"(?P<join>{OPT_SPACES}{_DASH}{OPT_SPACES}|{SPACES}до{SPACES})(?P<high>{NUMBER})"
)
_PATTERN = re.compile(
    rf"(?<![\w$€£¥₽])(?:(?P<qual>{QUALIFIER}){SPACES})?"
    rf"(?P<body>"
    rf"(?P<pre>[{_SYMBOL_CHARS}]){OPT_SPACES}(?:(?P<prange>(?P<plow>{BARE_NUMBER}|{NUMBER})"
    rf"{OPT_SPACES}{_DASH}{OPT_SPACES}(?P<phigh>{NUMBER}))|(?P<pnum>{NUMBER}))"
    rf"|(?:{_NUM_RANGE}|(?P<num>{NUMBER})){_SUFFIX}"
    rf")",
    re.IGNORECASE,
)

# Cheap work first: only lines with a currency's stem, symbol or code (from CURRENCIES), and
# then a digit or a number or scale word, can hold an amount of money. Both tests are prefix
# trees of literals run on the lower-cased line.
CURRENCY_HINT = stems_regex(prefilter_stems())
NUMBER_HINT = stems_regex(
    [*"0123456789", "миллион", "миллиард", "триллион", "тысяч", *{w[:4] for w in NUMBER_WORDS}]
)


def find_money(text: str, text_lines: Sequence[Line] | None = None) -> list[MoneyMention]:
    """All MONEY mentions in `text`, sorted by start, non-overlapping, within lines."""
    mentions: list[MoneyMention] = []
    for offset, line in lines(text) if text_lines is None else text_lines:  # no span crosses a line break
        lowered = line.lower()
        if CURRENCY_HINT.search(lowered) and NUMBER_HINT.search(lowered):
            mentions.extend(find_in_line(line, offset))
    return mentions


def find_in_line(line: str, offset: int) -> list[MoneyMention]:
    with localcontext(EXACT):  # amounts are multiplied by scales and currency units: exactly
        return [mention for match in _PATTERN.finditer(line) for mention in _mentions(match, line, offset)]


def _currency(match: re.Match[str]) -> tuple[str, Decimal] | None:
    if match.group("sym"):
        return _SYMBOLS[match.group("sym")], Decimal(1)
    if match.group("code"):
        return match.group("code").upper(), Decimal(1)
    if match.group("pound"):
        return "GBP", Decimal(1)
    for i, currency in enumerate(CURRENCIES):
        if match.groupdict().get(f"c{i}"):
            return currency.code, Decimal(1)
        if match.groupdict().get(f"u{i}"):
            return currency.code, Decimal("0.01")
    return None  # pragma: no cover - the pattern always has a currency


def _mentions(match: re.Match[str], line: str, offset: int) -> list[MoneyMention]:
    found = _prefixed(match, line, offset) if match.group("pre") else _suffixed(match, line, offset)
    return [found] if isinstance(found, MoneyMention) else found or []


def _qualifier(match: re.Match[str], line: str) -> str:
    return qualifier_text(match.group("qual"), line[: match.start()])


def _suffixed(match: re.Match[str], line: str, offset: int) -> MoneyMention | list[MoneyMention] | None:
    currency = _currency(match)
    if currency is None:
        return None
    code, multiplier = currency
    start, stop = match.start("body"), match.end("body")
    if match.group("pound") and not (match.group("num") or match.group("high") or "").strip():
        return None
    amount_text = match.group("num") or match.group("high")
    if match.group("pound") and scale_of(amount_text) is None:
        return None  # «20 фунтов» may be weight: see the module docstring
    if code == "RUB" and match.group(0).rstrip().endswith("р.") and scale_of(amount_text) is None:
        return None  # «5 р.» alone is too often a list marker or «раз»
    if match.group("num") is not None:
        amount = parse_number(match.group("num"))
        if amount is None:
            return None
        return _make(line, offset, start, stop, amount * multiplier, None, code, _qualifier(match, line))
    return _range(match, line, offset, code, multiplier)


def _range(
    match: re.Match[str], line: str, offset: int, code: str, multiplier: Decimal
) -> MoneyMention | list[MoneyMention] | None:
    low_text, high_text = match.group("low"), match.group("high")
    high = parse_number(high_text)
    low = _parse_head(low_text, high_text)
    by_do = "до" in match.group("join").lower()
    start, stop = match.start("body"), match.end("body")
    if high is None:
        return None
    tail_start = match.start("high")
    if by_do and low is not None and _after_from(line, match):
        # «выросла с 10,63 млрд до 11,29 млрд долларов»: a change, two amounts in one currency
        head_stop = match.end("low")
        head = _make(line, offset, start, head_stop, low * multiplier, None, code, _qualifier(match, line))
        return [head, _make(line, offset, tail_start, stop, high * multiplier, None, code, "")]
    if low is None or low >= high or (by_do and not match.group("from")):
        # «до 500 тыс. рублей»: an upper bound, or a target after a verb of change; keep the tail.
        qualifier = (
            qualifier_text("до", line[: match.start("body")]) if by_do and not match.group("from") else ""
        )
        return _make(line, offset, tail_start, stop, high * multiplier, None, code, qualifier)
    return _make(
        line, offset, start, stop, low * multiplier, high * multiplier, code, _qualifier(match, line)
    )


def _after_from(line: str, match: re.Match[str]) -> bool:
    """The head of «X до Y» follows «с»/«со»: a change from X to Y."""
    before = line[: match.start("body")].rstrip().lower()
    return bool(re.search(r"(?:^|\s)(?:с|со|c)$", before))


def _parse_head(low_text: str, high_text: str) -> Decimal | None:
    """The head of a range borrows the tail's scale when it has none («от 3 до 5 тыс.»)."""
    low = parse_number(low_text)
    if low is None:
        return None
    if scale_of(low_text) is None:
        scale = scale_of(high_text)
        if scale is not None:
            low *= scale
    return low


def _prefixed(match: re.Match[str], line: str, offset: int) -> MoneyMention | None:
    """«$3,3 млрд», «€5 млн», «$5–7 млн», «$68 000», «$635,000»."""
    code = _SYMBOLS[match.group("pre")]
    start, stop = match.start("body"), match.end("body")
    if match.group("prange"):
        high = parse_number(match.group("phigh"), thousands_comma=True)
        low = _parse_head(match.group("plow"), match.group("phigh"))
        if low is None or high is None or low >= high:
            return None
        return _make(line, offset, start, stop, low, high, code, _qualifier(match, line))
    amount = parse_number(match.group("pnum"), thousands_comma=True)
    if amount is None:
        return None
    return _make(line, offset, start, stop, amount, None, code, _qualifier(match, line))


def _make(
    line: str,
    offset: int,
    start: int,
    stop: int,
    amount: Decimal,
    amount_max: Decimal | None,
    currency: str,
    qualifier: str,
) -> MoneyMention:
    while stop > start and line[stop - 1] in " \u00a0\u202f\u2009\t":
        stop -= 1
    if re.search(r"(?:млн|млрд|трлн)\.$", line[start:stop], re.IGNORECASE):
        stop -= 1  # «млн», «млрд», «трлн» are written without a dot: a final dot ends the sentence
    return MoneyMention(
        start=offset + start,
        stop=offset + stop,
        text=line[start:stop],
        amount=exact(amount),
        currency=currency,
        amount_max=exact(amount_max) if amount_max is not None else None,
        qualifier=qualifier,
    )
