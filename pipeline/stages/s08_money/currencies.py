"""The currencies: one row each — ISO code, its words, its stems, its symbols, examples.

Everything about a currency is in its row: the pattern that finds it, the stems of the
line prefilter (a line holding no stem of any row is never searched), the symbols and
the ISO code as they may be written («$5 млн», «500 USD»), and examples of its words as
written after an amount, which `tests/test_money.py` runs. Adding a currency is adding a
row here.
"""

from __future__ import annotations

from dataclasses import dataclass

_ADJ = r"[а-яё]*\s+"  # the ending of a currency's country adjective, then a space
_CASES = r"(?:а|у|ом|е|ы|ов|ам|ами|ах)?"  # endings of a masculine noun in every case
_COUNTED = r"(?:а|ов|ам|ами|ах)?"  # the endings a masculine noun takes after a number


@dataclass(frozen=True)
class Currency:
    code: str  # ISO 4217; also recognised when written in capitals after an amount («500 USD»)
    words: str = ""  # regex: the currency's name in every form ("" for a code only)
    stems: tuple[str, ...] = ()  # lower-case literals that every form of `words` and `cents` contains
    examples: tuple[str, ...] = ()  # forms as written after an amount, one for each alternative
    symbols: tuple[str, ...] = ()  # «$», «€», written before or after the amount
    cents: str = ""  # regex: its hundredth («цент», «копейка»)


CURRENCIES: tuple[Currency, ...] = (
    Currency(
        "USD",
        rf"американск{_ADJ}доллар[а-я]*|доллар{_CASES}(?:\s+США)?|долл\.?",
        ("доллар", "долл", "цент"),
        ("американских долларов", "долларов", "долларов США", "долл.", "центов"),
        ("$",),
        cents=r"цент(?:а|ов|ам|ами|ах)?",
    ),
    Currency("CAD", rf"канадск{_ADJ}доллар[а-я]*", ("доллар",), ("канадских долларов",)),
    Currency("AUD", rf"австралийск{_ADJ}доллар[а-я]*", ("доллар",), ("австралийских долларов",)),
    Currency("HKD", rf"гонконгск{_ADJ}доллар[а-я]*", ("доллар",), ("гонконгских долларов",)),
    Currency("SGD", rf"сингапурск{_ADJ}доллар[а-я]*", ("доллар",), ("сингапурских долларов",)),
    Currency("NZD", rf"новозеландск{_ADJ}доллар[а-я]*", ("доллар",), ("новозеландских долларов",)),
    Currency("TWD", rf"тайваньск{_ADJ}доллар[а-я]*", ("доллар",), ("тайваньских долларов",)),
    Currency(
        "RUB",
        r"рубл(?:ь|я|ю|ем|е|и|ей|ям|ями|ях)|руб\.?|р\.",
        ("руб", "р.", "копе", "коп."),
        ("рублей", "руб.", "копеек", "коп."),
        ("₽",),
        cents=r"копе(?:йка|йки|йку|йкой|ек|йкам|йками|йках)|коп\.",
    ),
    Currency("BYN", rf"белорусск{_ADJ}рубл[а-я]*", ("рубл",), ("белорусских рублей",)),
    Currency("BYR"),
    Currency("EUR", "евро", ("евро",), ("евро", "евроцентов"), ("€",), cents=r"евроцент(?:а|ов|ам|ами|ах)?"),
    Currency(
        "CNY", r"юан(?:ь|я|ю|ем|е|и|ей|ям|ями|ях)|жэньминьби", ("юан", "жэньминьби"), ("юаней", "жэньминьби")
    ),
    Currency("KZT", "тенге", ("тенге",), ("тенге",), ("₸",)),
    Currency("JPY", r"[ий]ен(?:а|ы|е|у|ой|ам|ами|ах)?", ("иен", "йен"), ("иен", "йен"), ("¥",)),
    Currency(
        "GBP",
        rf"британск{_ADJ}фунт[а-я]*(?:\s+стерлинг[а-я]*)?|фунт{_CASES}\s+стерлинг(?:а|ов|ам|ами|ах)?",
        ("фунт",),
        ("британских фунтов", "фунтов стерлингов"),
        ("£",),
    ),
    Currency("CZK", rf"чешск{_ADJ}крон[а-я]*", ("крон",), ("чешских крон",)),
    Currency(
        "SEK", rf"шведск{_ADJ}крон[а-я]*|крон(?:а|ы|е|у|ой|ам|ами|ах)?", ("крон",), ("шведских крон", "крон")
    ),
    Currency("NOK", rf"норвежск{_ADJ}крон[а-я]*", ("крон",), ("норвежских крон",)),
    Currency("DKK", rf"датск{_ADJ}крон[а-я]*", ("крон",), ("датских крон",)),
    Currency("ISK", rf"исландск{_ADJ}крон[а-я]*", ("крон",), ("исландских крон",)),
    Currency(
        "CHF", rf"швейцарск{_ADJ}франк[а-я]*|франк{_COUNTED}", ("франк",), ("швейцарских франков", "франков")
    ),
    Currency(
        "TRY", rf"турецк{_ADJ}лир[а-я]*|лир(?:а|ы|е|у|ой|ам|ами|ах)?", ("лир",), ("турецких лир", "лир")
    ),
    Currency("INR", rf"индийск{_ADJ}рупи[а-я]*|рупи[йия]", ("рупи",), ("индийских рупий", "рупий")),
    Currency("KRW", rf"(?:южно)?корейск{_ADJ}вон", ("корейск",), ("южнокорейских вон", "корейских вон")),
    Currency("UZS", rf"узбекск{_ADJ}сум{_COUNTED}", ("узбекск",), ("узбекских сумов",)),
    Currency("TMT", rf"туркменск{_ADJ}манат[а-я]*", ("манат",), ("туркменских манатов",)),
    Currency(
        "UAH",
        r"гривн(?:а|ы|е|у|ой|ам|ами|ах)?|гривен|грн\.?",
        ("гривн", "гривен", "грн"),
        ("гривен", "гривны", "грн."),
        ("₴",),
    ),
    Currency("KGS", rf"сом{_COUNTED}", ("сом",), ("сомов",)),
    Currency("TJS", "сомони", ("сомони",), ("сомони",)),
    Currency("GEL", "лари", ("лари",), ("лари",)),
    Currency("AMD", r"драм(?:ов)?", ("драм",), ("драмов",)),
    Currency("AZN", rf"манат{_COUNTED}", ("манат",), ("манатов",)),
    Currency("PLN", r"злот(?:ый|ых|ого|ым|ыми|ые)", ("злот",), ("злотых",)),
    Currency("HUF", rf"форинт{_COUNTED}", ("форинт",), ("форинтов",)),
    Currency("ILS", r"шекел(?:ь|я|ей|ям|ями|ях)", ("шекел",), ("шекелей",)),
    Currency("AED", rf"дирхам{_COUNTED}", ("дирхам",), ("дирхамов",)),
)


def prefilter_stems() -> tuple[str, ...]:
    """Every stem, symbol and (lower-cased) code of the table: what the line prefilter looks for."""
    found: set[str] = set()
    for currency in CURRENCIES:
        found.update(currency.stems, currency.symbols, [currency.code.lower()])
    return tuple(sorted(found))
