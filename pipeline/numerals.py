"""Number parsing shared by the date, money and percent extractors.

Why our own: natasha's money grammar (yargy) parses numbers token by token through
pymorphy, which is what makes it slow (about 16 docs/s), and it knows few scale words.
Here a number is one compiled regular expression plus small lookup tables:

- digits with any separators: ``1 234,5``, ``1,3``, ``3.5``, ``1 000 000`` with plain,
  non-breaking (U+00A0), narrow no-break (U+202F) or thin (U+2009) spaces; a comma or
  dot is a decimal mark, except in ``1,000,000`` / ``635,000`` style thousands groups
  (several groups, or one group of exactly three digits after a currency symbol);
- scale words in every case and abbreviation: ``тыс.``, ``тысячи``, ``млн``,
  ``миллиона``, ``млрд``, ``трлн``;
- numbers in words: ``девять миллионов``, ``двадцать пять``, ``четверть миллиарда``,
  ``полтора``.

Everything returns ``decimal.Decimal`` so that amounts stay exact, however many digits
they have: arithmetic on them runs in the `EXACT` context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation, localcontext

# White space allowed inside and around numbers: space, NBSP, narrow NBSP, thin space and
# the HTML entity some scraped news texts keep literally. Never a line break.
SP = r"(?:[ \u00a0\u202f\u2009\t]|&nbsp;)"
SPACES = SP + "+"
OPT_SPACES = SP + "*"

# Digits: grouped thousands first («1 234 567,8», «1,000,000»), then a plain number
# with an optional decimal part («1234,5», «3.5»). Lookarounds keep us off the middle of
# longer digit runs and of dates like «17.03.2017».
DIGITS = (
    r"(?<![\d.,])(?:"
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?![\d])"
    r"|\d{1,3}(?:,\d{3}){2,}(?![\d,])"
    r"|\d+(?:[.,]\d+)?"
    r")(?![\d]|[.,]\d)"
)

# decimal's default context keeps 28 digits: it rounds longer sums and products, and
# `quantize` raises InvalidOperation on them. A text may write a number of any length
# («11111111111111111111111111111 рублей»); without division (there is none here) the
# arithmetic stays exact with unbounded precision.
EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def exact(value: Decimal) -> Decimal:
    """The plain form of a value: 4.1E+10 -> 41000000000, 37.50 -> 37.5, whatever its length."""
    if value == value.to_integral_value(context=EXACT):
        return value.quantize(Decimal(1), context=EXACT)
    return value.normalize(EXACT)


_UNITS: dict[int, tuple[str, ...]] = {
    1: ("один", "одна", "одно", "одного", "одной", "одному", "одним", "одном", "одну", "одною"),
    2: ("два", "две", "двух", "двум", "двумя"),
    3: ("три", "трёх", "трех", "трём", "трем", "тремя"),
    4: ("четыре", "четырёх", "четырех", "четырём", "четырем", "четырьмя"),
    5: ("пять", "пяти", "пятью"),
    6: ("шесть", "шести", "шестью"),
    7: ("семь", "семи", "семью"),
    8: ("восемь", "восьми", "восемью", "восьмью"),
    9: ("девять", "девяти", "девятью"),
    10: ("десять", "десяти", "десятью"),
    11: ("одиннадцать", "одиннадцати", "одиннадцатью"),
    12: ("двенадцать", "двенадцати", "двенадцатью"),
    13: ("тринадцать", "тринадцати", "тринадцатью"),
    14: ("четырнадцать", "четырнадцати", "четырнадцатью"),
    15: ("пятнадцать", "пятнадцати", "пятнадцатью"),
    16: ("шестнадцать", "шестнадцати", "шестнадцатью"),
    17: ("семнадцать", "семнадцати", "семнадцатью"),
    18: ("восемнадцать", "восемнадцати", "восемнадцатью"),
    19: ("девятнадцать", "девятнадцати", "девятнадцатью"),
    20: ("двадцать", "двадцати", "двадцатью"),
    30: ("тридцать", "тридцати", "тридцатью"),
    40: ("сорок", "сорока"),
    50: ("пятьдесят", "пятидесяти", "пятьюдесятью"),
    60: ("шестьдесят", "шестидесяти", "шестьюдесятью"),
    70: ("семьдесят", "семидесяти", "семьюдесятью"),
    80: ("восемьдесят", "восьмидесяти", "восемьюдесятью", "восьмьюдесятью"),
    90: ("девяносто", "девяноста"),
    100: ("сто", "ста", "сотня", "сотни", "сотню"),
    200: ("двести", "двухсот", "двумстам", "двумястами", "двухстах"),
    300: ("триста", "трёхсот", "трехсот", "трёмстам", "тремстам", "тремястами", "трёхстах", "трехстах"),
    400: (
        "четыреста",
        "четырёхсот",
        "четырехсот",
        "четырёмстам",
        "четыремстам",
        "четырьмястами",
        "четырёхстах",
        "четырехстах",
    ),
}
for _hundreds, _stem in ((500, "пят"), (600, "шест"), (700, "сем"), (800, "восьм"), (900, "девят")):
    _nom = {500: "пятьсот", 600: "шестьсот", 700: "семьсот", 800: "восемьсот", 900: "девятьсот"}[_hundreds]
    _ins = {
        500: "пятьюстами",
        600: "шестьюстами",
        700: "семьюстами",
        800: "восьмьюстами",
        900: "девятьюстами",
    }[_hundreds]
    _UNITS[_hundreds] = (_nom, _stem + "исот", _stem + "истам", _ins, _stem + "истах")

# Fractions that make a number only together with a following scale word.
_FRACTIONS: dict[str, Decimal] = {
    "полтора": Decimal("1.5"),
    "полторы": Decimal("1.5"),
    "полутора": Decimal("1.5"),
    "четверть": Decimal("0.25"),
    "четверти": Decimal("0.25"),
    "половина": Decimal("0.5"),
    "половину": Decimal("0.5"),
    "половины": Decimal("0.5"),
}

NUMBER_WORDS: dict[str, Decimal] = {form: Decimal(value) for value, forms in _UNITS.items() for form in forms}
NUMBER_WORDS.update({"полтора": Decimal("1.5"), "полторы": Decimal("1.5"), "полутора": Decimal("1.5")})

# Scale words: full forms in every case and number, and abbreviations with or without a dot.
_SCALE_STEMS: tuple[tuple[str, Decimal], ...] = (
    ("тыс", Decimal(1000)),
    ("млн", Decimal(10) ** 6),
    ("миллион", Decimal(10) ** 6),
    ("млрд", Decimal(10) ** 9),
    ("миллиард", Decimal(10) ** 9),
    ("трлн", Decimal(10) ** 12),
    ("триллион", Decimal(10) ** 12),
)
SCALE = (
    r"(?:тысяч(?:а|и|е|у|ей|ею|ам|ами|ах)?|тыс(?:\.|(?![а-яё]))"
    r"|миллион(?:а|у|ом|е|ы|ов|ам|ами|ах)?|млн(?:\.|(?![а-яё]))"
    r"|миллиард(?:а|у|ом|е|ы|ов|ам|ами|ах)?|млрд(?:\.|(?![а-яё]))"
    r"|триллион(?:а|у|ом|е|ы|ов|ам|ами|ах)?|трлн(?:\.|(?![а-яё])))"
)
# A lone scale word is a number only in the singular: «миллион долларов», «до миллиона».
SINGULAR_SCALE = (
    r"(?:тысяч(?:а|и|е|у|ей|ею)|миллион(?:а|у|ом|е)?|миллиард(?:а|у|ом|е)?|триллион(?:а|у|ом|е)?)"
)


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of `words` factored into a prefix tree.

    Python's `re` tries the branches of a flat alternation one by one at every position;
    a prefix tree fails on the first letter, which makes the number-word pattern ~10×
    cheaper. Longer words win over their prefixes (greedy branches first).
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(tree)


def stems_regex(stems: Iterable[str]) -> re.Pattern[str]:
    """A fast case-sensitive search for any of `stems` (use on a lower-cased line).

    The line prefilters run on every line of every document, so they are prefix trees of
    plain lower-case literals, without IGNORECASE or lookarounds.
    """
    return re.compile(trie_regex(stems))


_WORD_ALTERNATION = trie_regex(NUMBER_WORDS)
NUMBER_WORD = rf"(?<![а-яёА-ЯЁ\w])(?:{_WORD_ALTERNATION})(?![а-яё\w])"
FRACTION_WORD = r"(?<![а-яё\w])(?:полтора|полторы|полутора|четверть|четверти|половин[аыу])(?![а-яё\w])"
# Number words with blanks between them: `NUMBER_WORD(?:SPACES NUMBER_WORD)*`, written with
# one copy of the word list (compiling it is most of the start-up cost of the money and
# percentage patterns, which hold NUMBER several times). The same matches: the look-ahead
# keeps a blank from starting it, and two words cannot touch (a word needs a non-letter
# before it), so the blanks between them are SPACES.
WORD_NUMBER = rf"(?!{SP})(?:{OPT_SPACES}(?:{NUMBER_WORD}))+"

# A number with an optional scale: «41 млрд», «1 234,5», «девять миллионов», «четверть
# миллиарда», «миллион». Case-insensitive patterns must be compiled with re.IGNORECASE.
NUMBER = (
    rf"(?:(?:{DIGITS}|{WORD_NUMBER})(?:{OPT_SPACES}{SCALE})?"
    rf"|{FRACTION_WORD}{SPACES}{SCALE}"
    rf"|(?<![а-яё\w]){SINGULAR_SCALE}(?![а-яё\w]))"
)
# Only digits or words, without a scale (the head of a range «5–7 млн»).
BARE_NUMBER = rf"(?:{DIGITS}|{WORD_NUMBER})"

_SCALE_RE = re.compile(SCALE + "$", re.IGNORECASE)
_TOKEN_RE = re.compile(r"[0-9][0-9 \u00a0\u202f\u2009.,]*[0-9]|[0-9]|[а-яёa-z]+\.?", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")


_SPACED_GROUPS = r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?"


def parse_digits(text: str, thousands_comma: bool = False) -> Decimal | None:
    """«1 234,5» -> 1234.5; «1,000,000» -> 1000000; «3.5» -> 3.5; None when not a number.

    `thousands_comma`: read a single «,ddd» group as thousands (English style after «$»).
    """
    text = text.strip().replace("&nbsp;", " ")
    if re.search(r"[ \u00a0\u202f\u2009]", text) and not re.fullmatch(_SPACED_GROUPS, text):
        return None  # spaces only between groups of three digits: «1 234», not «2 3»
    cleaned = re.sub(r"[ \u00a0\u202f\u2009]", "", text)
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", cleaned) or (
        thousands_comma and re.fullmatch(r"\d{1,3},\d{3}", cleaned)
    ):
        cleaned = cleaned.replace(",", "")
    cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern above rules it out
        return None


def scale_value(word: str) -> Decimal | None:
    """«млн» / «миллионов» / «тыс.» -> the multiplier; None for anything else."""
    lowered = word.lower()
    if not _SCALE_RE.match(lowered):
        return None
    for stem, value in _SCALE_STEMS:
        if lowered.startswith(stem):
            return value
    return None  # pragma: no cover - SCALE only admits the stems above


def parse_number(text: str, thousands_comma: bool = False) -> Decimal | None:
    """The value of a number as NUMBER matches it: digits or words, then an optional scale.

    «41 млрд» -> 41000000000, «девять миллионов» -> 9000000, «четверть миллиарда» ->
    250000000, «двадцать пять» -> 25, «полтора» -> 1.5, «миллион» -> 1000000.
    Returns None for text that is not a number.
    """
    text = text.replace("&nbsp;", " ").strip()
    if not text:
        return None
    with localcontext(EXACT):
        return _parse_number(text, thousands_comma)


def _parse_number(text: str, thousands_comma: bool) -> Decimal | None:
    total = Decimal(0)
    current: Decimal | None = None
    seen_any = False
    for token in _TOKEN_RE.findall(text):
        if _HAS_DIGIT.match(token):
            value = parse_digits(token, thousands_comma)
            if value is None or current is not None:
                return None
            current = value
            seen_any = True
            continue
        lowered = token.lower()
        scale = scale_value(lowered)
        if scale is not None:
            total += (current if current is not None else Decimal(1)) * scale
            current = None
            seen_any = True
            continue
        word = lowered.rstrip(".")
        value = NUMBER_WORDS.get(word, _FRACTIONS.get(word))
        if value is None:
            return None
        current = (current or Decimal(0)) + value
        seen_any = True
    if not seen_any:
        return None
    return exact(total + (current or Decimal(0)))


def scale_of(text: str) -> Decimal | None:
    """The trailing scale multiplier of a number's text, if any («3 тыс.» -> 1000)."""
    tokens = _TOKEN_RE.findall(text.replace("&nbsp;", " "))
    return scale_value(tokens[-1]) if tokens else None
