"""MONEY extraction: an amount with its currency, «41 млрд долларов», «$3,3 млрд», ranges.

Why our own instead of natasha's MoneyExtractor: natasha's grammar has no ranges
(«5–7 млн рублей», «от 3 тыс. до 5 тыс. рублей»), knows only a few currencies (rubles,
dollars, euros), records no qualifiers («более», «около»), and, being a yargy grammar
that morphologically analyses every token, runs at about 16 docs/s. Here it is compiled
regular expressions over the text, run only on lines that have a digit, a currency word
or symbol, or a number word (cheap work first), plus small lookup tables.

Choices (ANNOTATION.md wins where NEREL differs):
- Leading qualifiers («более», «около», «почти», «свыше», «до», «порядка», «не менее»,
  ...) stay OUTSIDE the span and go to `qualifier` in lower case. NEREL sometimes keeps
  them inside («около 2,2 трлн руб.», «более 1 млрд долларов США»).
- A range is one mention. For «от X до Y <валюта>» the span STARTS AT «от», as in the
  example of ANNOTATION.md (`от 3 тыс. до 5 тыс. рублей`) and as NEREL annotates it
  («от 3 до 5 тыс. руб.»). A head without a scale borrows the tail's: «от 3 до 5 тыс.
  руб.» is 3000..5000, «5–7 млн рублей» 5000000..7000000. «с X до Y» is a change, not a
  range: only «Y <валюта>» is a mention.
- «до 500 тыс. рублей» alone: «до» is a qualifier (an upper bound), outside the span.
- An amount without a currency («75 млн», «930 тысяч») is not MONEY, nor is a currency
  without an amount («в долларах», «биткоины»), nor a vague amount («несколько
  миллионов евро»): NEREL annotates some of these, ANNOTATION.md asks for an amount with
  its currency and a value we can write out.
- Currencies: ISO 4217 codes. «крона» without a country is SEK (the crown most often
  named in Russian news); «чешских/шведских/норвежских/датских/исландских крон» give
  CZK/SEK/NOK/DKK/ISK. «доллар» alone is USD, with a country adjective its own dollar
  (CAD, AUD, ...). «фунт» is GBP only with «стерлингов», a scale word, «британских» or
  «£» — alone it may be a pound of weight. Cents and kopecks are hundredths of USD/RUB.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from pipeline.numerals import (
    BARE_NUMBER,
    NUMBER,
    NUMBER_WORDS,
    OPT_SPACES,
    QUALIFIER,
    SCALE,
    SPACES,
    parse_number,
    scale_of,
    stems_regex,
)
from pipeline.records import MoneyMention
from pipeline.stages.s02_segment import Line, lines

# Currency words: (pattern, ISO code, multiplier). Adjective + noun forms come first so
# that «канадских долларов» is CAD rather than USD; longest alternatives first.
_ADJ = r"[а-яё]*"  # the ending of a currency's country adjective
_CURRENCY_WORDS: tuple[tuple[str, str, Decimal], ...] = (
    (r"американск" + _ADJ + r"\s+доллар[а-я]*", "USD", Decimal(1)),
    (r"канадск" + _ADJ + r"\s+доллар[а-я]*", "CAD", Decimal(1)),
    (r"австралийск" + _ADJ + r"\s+доллар[а-я]*", "AUD", Decimal(1)),
    (r"гонконгск" + _ADJ + r"\s+доллар[а-я]*", "HKD", Decimal(1)),
    (r"сингапурск" + _ADJ + r"\s+доллар[а-я]*", "SGD", Decimal(1)),
    (r"новозеландск" + _ADJ + r"\s+доллар[а-я]*", "NZD", Decimal(1)),
    (r"тайваньск" + _ADJ + r"\s+доллар[а-я]*", "TWD", Decimal(1)),
    (r"белорусск" + _ADJ + r"\s+рубл[а-я]*", "BYN", Decimal(1)),
    (r"чешск" + _ADJ + r"\s+крон[а-я]*", "CZK", Decimal(1)),
    (r"шведск" + _ADJ + r"\s+крон[а-я]*", "SEK", Decimal(1)),
    (r"норвежск" + _ADJ + r"\s+крон[а-я]*", "NOK", Decimal(1)),
    (r"датск" + _ADJ + r"\s+крон[а-я]*", "DKK", Decimal(1)),
    (r"исландск" + _ADJ + r"\s+крон[а-я]*", "ISK", Decimal(1)),
    (r"швейцарск" + _ADJ + r"\s+франк[а-я]*", "CHF", Decimal(1)),
    (r"британск" + _ADJ + r"\s+фунт[а-я]*(?:\s+стерлинг[а-я]*)?", "GBP", Decimal(1)),
    (r"турецк" + _ADJ + r"\s+лир[а-я]*", "TRY", Decimal(1)),
    (r"индийск" + _ADJ + r"\s+рупи[а-я]*", "INR", Decimal(1)),
    (r"(?:южно)?корейск" + _ADJ + r"\s+вон", "KRW", Decimal(1)),
    (r"туркменск" + _ADJ + r"\s+манат[а-я]*", "TMT", Decimal(1)),
    (r"узбекск" + _ADJ + r"\s+сум(?:а|ов|ам|ами|ах)?", "UZS", Decimal(1)),
    (r"доллар(?:а|у|ом|е|ы|ов|ам|ами|ах)?(?:\s+США)?|долл\.?", "USD", Decimal(1)),
    (r"рубл(?:ь|я|ю|ем|е|и|ей|ям|ями|ях)|руб\.?|р\.", "RUB", Decimal(1)),
    (r"евро", "EUR", Decimal(1)),
    (r"юан(?:ь|я|ю|ем|е|и|ей|ям|ями|ях)", "CNY", Decimal(1)),
    (r"жэньминьби", "CNY", Decimal(1)),
    (r"тенге", "KZT", Decimal(1)),
    (r"[иий]ен(?:а|ы|е|у|ой|ам|ами|ах)?", "JPY", Decimal(1)),
    (r"фунт(?:а|у|ом|е|ы|ов|ам|ами|ах)?\s+стерлинг(?:а|ов|ам|ами|ах)?", "GBP", Decimal(1)),
    (r"крон(?:а|ы|е|у|ой|ам|ами|ах)?", "SEK", Decimal(1)),
    (r"гривн(?:а|ы|е|у|ой|ам|ами|ах)?|гривен|грн\.?", "UAH", Decimal(1)),
    (r"сом(?:а|ов|ам|ами|ах)?", "KGS", Decimal(1)),
    (r"сомони", "TJS", Decimal(1)),
    (r"лари", "GEL", Decimal(1)),
    (r"драм(?:ов)?", "AMD", Decimal(1)),
    (r"манат(?:а|ов|ам|ами|ах)?", "AZN", Decimal(1)),
    (r"злот(?:ый|ых|ого|ым|ыми|ые)", "PLN", Decimal(1)),
    (r"форинт(?:а|ов|ам|ами|ах)?", "HUF", Decimal(1)),
    (r"лир(?:а|ы|е|у|ой|ам|ами|ах)?", "TRY", Decimal(1)),
    (r"рупи[йия]", "INR", Decimal(1)),
    (r"франк(?:а|ов|ам|ами|ах)?", "CHF", Decimal(1)),
    (r"шекел(?:ь|я|ей|ям|ями|ях)", "ILS", Decimal(1)),
    (r"дирхам(?:а|ов|ам|ами|ах)?", "AED", Decimal(1)),
    (r"(?:евро)?цент(?:а|ов|ам|ами|ах)?", "USD", Decimal("0.01")),
    (r"копе(?:йка|йки|йку|йкой|ек|йкам|йками|йках)|коп\.", "RUB", Decimal("0.01")),
)
# «фунт» alone: GBP only after a scale word or «£»; see the module docstring.
_BARE_POUND = r"фунт(?:а|у|ом|е|ы|ов|ам|ами|ах)?"
_CODES = ("USD", "EUR", "RUB", "CNY", "KZT", "GBP", "JPY", "CHF", "UAH", "BYN", "BYR", "KGS", "UZS", "TRY")
_SYMBOLS: dict[str, str] = {
    "$": "USD",
    "€": "EUR",
    "₽": "RUB",
    "£": "GBP",
    "¥": "JPY",
    "₸": "KZT",
    "₴": "UAH",
}

_CURRENCY_WORD = (
    r"(?:" + "|".join(f"(?P<c{i}>{pattern})" for i, (pattern, _, _) in enumerate(_CURRENCY_WORDS)) + r")"
)
_CODE = r"(?P<code>" + "|".join(_CODES) + r")"
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
_CURRENCY_RE = [re.compile(pattern + "$", re.IGNORECASE) for pattern, _, _ in _CURRENCY_WORDS]
_SCALE_END = re.compile(SCALE + r"\s*$", re.IGNORECASE)

# Cheap work first: only lines with a currency word, symbol or code, and then a digit or a
# number or scale word, can hold an amount of money. Both tests are prefix trees of
# literals run on the lower-cased line.
_CURRENCY_STEMS = (
    "доллар", "долл", "рубл", "руб", "р.", "евро", "юан", "жэньминьби", "тенге", "иен", "йен", "фунт",
    "крон", "гривн", "гривен", "грн", "сом", "лари", "драм", "манат", "злот", "форинт", "лир", "рупи",
    "франк", "шекел", "дирхам", "цент", "копе", "коп.", *_SYMBOLS, *(code.lower() for code in _CODES),
)  # fmt: skip
_CURRENCY_HINT = stems_regex(_CURRENCY_STEMS)
_NUMBER_HINT = stems_regex(
    [*"0123456789", "миллион", "миллиард", "триллион", "тысяч", *{w[:4] for w in NUMBER_WORDS}]
)


def find_money(text: str, text_lines: Sequence[Line] | None = None) -> list[MoneyMention]:
    """All MONEY mentions in `text`, sorted by start, non-overlapping, within lines."""
    mentions: list[MoneyMention] = []
    for offset, line in lines(text) if text_lines is None else text_lines:  # no span crosses a line break
        lowered = line.lower()
        if _CURRENCY_HINT.search(lowered) and _NUMBER_HINT.search(lowered):
            mentions.extend(_find_in_line(line, offset))
    return mentions


def _find_in_line(line: str, offset: int) -> list[MoneyMention]:
    found: list[MoneyMention] = []
    for match in _PATTERN.finditer(line):
        mention = _mention(match, line, offset)
        if mention is not None:
            found.append(mention)
    return found


def _currency(match: re.Match[str]) -> tuple[str, Decimal] | None:
    if match.group("sym"):
        return _SYMBOLS[match.group("sym")], Decimal(1)
    if match.group("code"):
        return match.group("code").upper(), Decimal(1)
    if match.group("pound"):
        return "GBP", Decimal(1)
    for i, (_, code, multiplier) in enumerate(_CURRENCY_WORDS):
        if match.group(f"c{i}"):
            return code, multiplier
    return None  # pragma: no cover - the pattern always has a currency


def _mention(match: re.Match[str], line: str, offset: int) -> MoneyMention | None:
    if match.group("pre"):
        return _prefixed(match, line, offset)
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
        return _make(line, offset, start, stop, amount * multiplier, None, code, match.group("qual"))
    return _range(match, line, offset, code, multiplier)


def _range(
    match: re.Match[str], line: str, offset: int, code: str, multiplier: Decimal
) -> MoneyMention | None:
    low_text, high_text = match.group("low"), match.group("high")
    high = parse_number(high_text)
    low = _parse_head(low_text, high_text)
    by_do = "до" in match.group("join").lower()
    start, stop = match.start("body"), match.end("body")
    if high is None:
        return None
    if low is None or low >= high or (by_do and not match.group("from")):
        # «с 5 до 7 млн рублей», «до 500 тыс. рублей»: a change or a bound, keep the tail.
        qualifier = "до" if by_do and not match.group("from") and _preceded_by_nothing(line, match) else ""
        tail_start = match.start("high")
        return _make(line, offset, tail_start, stop, high * multiplier, None, code, qualifier)
    return _make(line, offset, start, stop, low * multiplier, high * multiplier, code, match.group("qual"))


def _preceded_by_nothing(line: str, match: re.Match[str]) -> bool:
    """«до» joins two numbers only after «от»/«с»; else the head is something else."""
    before = line[: match.start("body")].rstrip().lower()
    return not re.search(r"(?:^|\s)(?:с|со)$", before)


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
        return _make(line, offset, start, stop, low, high, code, match.group("qual"))
    amount = parse_number(match.group("pnum"), thousands_comma=True)
    if amount is None:
        return None
    return _make(line, offset, start, stop, amount, None, code, match.group("qual"))


def _make(
    line: str,
    offset: int,
    start: int,
    stop: int,
    amount: Decimal,
    amount_max: Decimal | None,
    currency: str,
    qualifier: str | None,
) -> MoneyMention:
    while stop > start and line[stop - 1] in " \u00a0\u202f\u2009\t":
        stop -= 1
    if re.search(r"(?:млн|млрд|трлн)\.$", line[start:stop], re.IGNORECASE):
        stop -= 1  # «млн», «млрд», «трлн» are written without a dot: a final dot ends the sentence
    return MoneyMention(
        start=offset + start,
        stop=offset + stop,
        text=line[start:stop],
        amount=_exact(amount),
        currency=currency,
        amount_max=_exact(amount_max) if amount_max is not None else None,
        qualifier=re.sub(r"(?:\s|&nbsp;)+", " ", (qualifier or "").lower()),
    )


def _exact(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
