"""How a name part may decline when the dictionary does not know it as a name.

pymorphy3 knows common first names and Russian surnames; for a foreign name («Шольца»,
«Хэтча», «Кисидой») it either guesses from a similar common word («Шолец», like «отец») or
reads a common word of the same spelling («Маска», «Верна», «Отара»). Russian grammar
declines such names by a few regular patterns, listed here as ending tables:

- masculine consonant stems: «Шольц», gen./acc. «Шольца», dat. «Шольцу», instr.
  «Шольцем», prep. «Шольце»; soft stems «Голль»/«Голлю», «Гайдай»/«Гайдая»;
- the «-а/-я» declension, for men and women alike: «Кисида», «Кисиды», «Кисиде»,
  «Кисиду», «Кисидой»; «Мария», «Марии», «Марию», «Марией»;
- indeclinable: names ending in «о», «е», «и», «у», «ю», «э» («Кутуньо», «Верди»,
  «Абэ»), and women's names ending in a consonant («Меркель», «Собчак»).

`synthetic_readings` gives every reading a word can have under these patterns: the
case, the genders, the nominative and how much it is to be believed.
"""

from __future__ import annotations

from dataclasses import dataclass

VOWELS = frozenset("аеёиоуыэюя")
SIBILANTS = frozenset("жшчщц")
VELARS_AND_SIBILANTS = frozenset("гкхжшчщ")
BOTH = frozenset({"masc", "femn"})
MASC = frozenset({"masc"})
FEMN = frozenset({"femn"})
ANY_CASE = "*"

# Weights: a pattern reading is believed less than a dictionary name (2.0 first names,
# 1.5 surnames) and more than a common noun of the same spelling (0.3).
PATTERN = 0.5
WEAK_PATTERN = 0.4
WEAK_SOFT = 0.3
INDECLINABLE_VOWEL = 0.45  # «Верди», «Кутуньо», «Роналду» (which could also be a dative)
INDECLINABLE_WOMAN = 0.5  # «Меркель», «Клинтон»
INDECLINABLE_OTHER = 0.0  # «Шота», «Гурбангулы»: only the document's evidence makes these

# (ending, cases, how the nominative is made from the stem left after the ending)
#   hard: the stem itself, which ends in a consonant («Верна» → «Верн»);
#   soft: the stem + «й» after a vowel, + «ь» after a consonant («Голлю» → «Голль»);
#   sibilant: the stem itself, which ends in «ж ш ч щ ц» («Шольцем» → «Шольц»);
#   possessive: the stem itself, which ends in «ов ев ёв ин ын» («Хаматовым» → «Хаматов»).
MASCULINE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("а", ("gent", "accs"), "hard"),
    ("я", ("gent", "accs"), "soft"),
    ("у", ("datv",), "hard"),
    ("ю", ("datv",), "soft"),
    ("ом", ("ablt",), "hard"),
    ("ем", ("ablt",), "soft"),
    ("ем", ("ablt",), "sibilant"),
    ("ём", ("ablt",), "soft"),
    ("е", ("loct",), "hard"),
    ("ым", ("ablt",), "possessive"),
)

# (ending, cases, the nominative's ending, what the stem must end in: see `_stem_fits`)
A_DECLENSION: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("ы", ("gent",), "а", "plain"),
    ("и", ("gent",), "а", "velar"),  # weaker: «Такеши», «Харуки» are more often indeclinable
    ("е", ("datv", "loct"), "а", "hard"),
    ("у", ("accs",), "а", "hard"),
    ("ой", ("ablt",), "а", "hard"),
    ("ою", ("ablt",), "а", "hard"),
    ("ей", ("ablt",), "а", "sibilant"),
    ("ой", ("gent", "datv", "loct"), "а", "possessive"),
    ("ии", ("gent", "datv", "loct"), "ия", "any"),
    ("ию", ("accs",), "ия", "any"),
    ("ией", ("ablt",), "ия", "any"),
    ("ьи", ("gent",), "ья", "any"),
    ("ье", ("datv", "loct"), "ья", "any"),
    ("ью", ("accs",), "ья", "any"),
    ("ьей", ("ablt",), "ья", "any"),
    # soft stems, weaker (the dictionary knows the common ones): «Лиле», «Лилю», «Лилей» → «Лиля»
    ("е", ("datv", "loct"), "я", "weak soft"),
    ("и", ("gent",), "я", "weak soft"),
    ("ю", ("accs",), "я", "weak soft"),
    ("ей", ("ablt",), "я", "weak soft"),
)
POSSESSIVE_STEMS = ("ов", "ев", "ёв", "ин", "ын")
ADJECTIVE_ENDINGS = ("ого", "его", "ому", "ему")


@dataclass(frozen=True)
class Reading:
    """One way to read a name part: in `case` (or any case), for `genders`, with `lemma`."""

    case: str  # pymorphy3's case grammeme, or ANY_CASE for an indeclinable reading
    genders: frozenset[str]
    lemma: str  # the nominative singular, lower case
    weight: float
    written: str = ""  # the dictionary's spelling of the form read (for «ё»), if any
    kind: str = "pattern"  # name, surname, adjective, noun, guess (pymorphy3's), pattern

    def fits(self, case: str, gender: str) -> bool:
        return (self.case == ANY_CASE or self.case == case) and gender in self.genders


def _consonant(char: str) -> bool:
    return char.isalpha() and char not in VOWELS and char not in "ьй"


def _stem_fits(stem: str, kind: str) -> bool:
    """hard: ends in a consonant; plain: in a consonant other than «г к х ж ш ч щ»; soft: in
    a vowel or a consonant other than «ж ш ч щ ц»; weak soft: in a consonant that may be
    soft before «я» («л н р д т с з м в б п»); sibilant, velar, possessive: as named."""
    if len(stem) < 2:
        return False
    last = stem[-1]
    if kind == "any":
        return True
    if kind == "hard":
        return _consonant(last)
    if kind == "plain":
        return _consonant(last) and last not in VELARS_AND_SIBILANTS
    if kind == "weak soft":
        return _consonant(last) and last in "лнрдтсзмвбп"
    if kind == "soft":
        return (last in VOWELS or _consonant(last)) and last not in SIBILANTS
    if kind == "sibilant":
        return last in SIBILANTS
    if kind == "velar":
        return last in VELARS_AND_SIBILANTS
    return stem.endswith(POSSESSIVE_STEMS)  # possessive


def _masculine(word: str) -> list[Reading]:
    readings = []
    for ending, cases, kind in MASCULINE:
        stem = word[: -len(ending)]
        if not word.endswith(ending) or not _stem_fits(stem, kind):
            continue
        lemma = stem + ("й" if stem[-1] in VOWELS else "ь") if kind == "soft" else stem
        readings.extend(Reading(case, MASC, lemma, PATTERN) for case in cases)
    return readings


def _a_declension(word: str) -> list[Reading]:
    readings = []
    for ending, cases, nominative, kind in A_DECLENSION:
        stem = word[: -len(ending)]
        if word.endswith(ending) and _stem_fits(stem, kind):
            weight = WEAK_SOFT if kind == "weak soft" else WEAK_PATTERN if kind == "velar" else PATTERN
            readings.extend(Reading(case, BOTH, stem + nominative, weight) for case in cases)
    return readings


def synthetic_readings(word: str) -> list[Reading]:
    """Readings of a lower-case name part under the regular patterns (see the module doc)."""
    if len(word) < 2 or not word.replace("'", "").replace("’", "").isalpha():
        return []
    readings = _masculine(word) + _a_declension(word)
    last = word[-1]
    if last in "аяы":
        # «Кисида» is a man or a woman; «Токаева» a woman only
        genders = FEMN if word[:-1].endswith(POSSESSIVE_STEMS) else BOTH
        readings.append(Reading("nomn", genders, word, PATTERN if last != "ы" else 0.0))
        readings.append(Reading(ANY_CASE, BOTH, word, INDECLINABLE_OTHER))
    elif last in VOWELS:
        adjectival = word.endswith(ADJECTIVE_ENDINGS)  # «Святого», «Волшебному»
        readings.append(
            Reading(ANY_CASE, BOTH, word, INDECLINABLE_OTHER if adjectival else INDECLINABLE_VOWEL)
        )
    else:
        readings.append(Reading("nomn", MASC, word, PATTERN))
        if last != "й":  # «Меркель», «Собчак»; but «Святой», «Яровой» are adjectives
            readings.append(Reading(ANY_CASE, FEMN, word, INDECLINABLE_WOMAN))
    return readings
