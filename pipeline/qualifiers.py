"""Qualifiers of amounts and shares: «более», «около», «не менее», «более, чем»; and when «до»
is one (an upper bound: «штраф составит до 500 тыс. рублей») and when it is not (a target
after a verb of change: «цены выросли до», «снизить до 20 %»). Shared by the money and the
percent extractors.
"""

from __future__ import annotations

import re

from pipeline.numerals import OPT_SPACES, SPACES

# Words before an amount or a share that say how exact it is; they stay outside the span and are
# recorded in `qualifier` (MONEY and PERCENT alike), lower case, single-spaced, without the
# comma of «более, чем». Longer phrases first.
QUALIFIERS: tuple[str, ...] = (
    "не менее чем", "не более чем", "более чем", "менее чем", "больше чем", "меньше чем", "не менее",
    "не более", "не больше", "не меньше", "чуть более", "чуть больше", "чуть менее", "чуть меньше",
    "немногим более", "немногим менее", "приблизительно", "примерно", "порядка", "около", "почти",
    "более", "менее", "свыше", "больше", "меньше", "до",
)  # fmt: skip
# «более, чем»: a comma may stand before «чем»; «более чем на 40 %», «более чем за 100 млн
# рублей»: a preposition may stand between the qualifier and the number (outside the span).
_BEFORE_CHEM = f"{OPT_SPACES},?{SPACES}чем"
_QUALIFIER_WORDS = "|".join(
    SPACES.join(q.split(" ")).replace(f"{SPACES}чем", _BEFORE_CHEM) for q in QUALIFIERS
)
QUALIFIER = rf"(?:{_QUALIFIER_WORDS})(?:{SPACES}(?:на|за|в|во))?"

# A verb of change before «до» makes what follows a target, not an upper bound: «вырос до
# 20 %», «снизить до 5 млн рублей», «увеличилась на 20 процентов до 668 млн долларов».
_CHANGE_STEMS = (
    "вырос", "вырас", "возрос", "возраст", "подрос", "подрас", "раст", "увелич", "повыс", "повыш",
    "подня", "подним", "поднима", "прибав", "нарост", "нараст", "удвои", "утрои", "взлет", "взлёт",
    "подскоч", "снизи", "снизя", "сниж", "пониз", "пониж", "сократ", "сокращ", "уменьш", "упал", "упад",
    "пада", "опуст", "опуск", "подорож", "подешев", "довед", "довест", "доводи", "скати", "рухн", "обвал",
    "укреп", "ослаб", "сжал", "сжим", "урез", "расшир", "ускор", "замедл",
)  # fmt: skip
_CHANGE_VERB = re.compile(r"(?<![а-яё])(?:" + "|".join(_CHANGE_STEMS) + ")", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[.!?;:]|(?:^|\s)(?:а|но|и|что|который|которая|которое|которые)\s", re.IGNORECASE)


def qualifier_text(raw: str | None, before: str) -> str:
    """The qualifier as recorded: lower case, single-spaced, «более, чем» → «более чем», the
    preposition after it dropped; «до» after a verb of change (`before`: the line up to the
    qualifier) is a target, not a qualifier: ""."""
    words = re.sub(r"(?:\s|&nbsp;|,)+", " ", (raw or "").lower()).strip().split(" ")
    if words and words[-1] in ("на", "за", "в", "во"):
        words = words[:-1]
    text = " ".join(words).strip()
    if text == "до" and is_target(before):
        return ""
    return text


def is_target(before: str) -> bool:
    """Whether «до» that follows `before` closes a change («цены выросли до»), not a bound."""
    clause = _CLAUSE_START.split(before[-120:])[-1]
    return bool(_CHANGE_VERB.search(clause))
