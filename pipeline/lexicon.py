"""Word-shape facts that several stages share: abbreviations and acronyms.

Kept apart from the stages so that imports run one way (names → normalize → link all
use them, none imports a later stage).
"""

from __future__ import annotations

import re
from functools import lru_cache

_ABBR_WITH_ENDING = re.compile(r"^(\w*[А-ЯЁA-Z]{2,})(а|у|ом|е|ов|ам|ами|ах|ы|ой|ою)?$")
_ABBREVIATION = re.compile(r"^\w*[А-ЯЁA-Z]{2,}\w*$")
MAX_PREFIX = 3


def is_abbreviation(word: str) -> bool:
    """Two or more capitals in a row: «КНР», «ШОС», «СовМИД», «МИДа»."""
    return bool(_ABBREVIATION.match(word))


def strip_abbreviation_ending(word: str) -> str:
    """«МИДа» → «МИД», «СовМИДе» → «СовМИД»; other words unchanged."""
    match = _ABBR_WITH_ENDING.match(word)
    return match.group(1) if match and match.group(2) else word


@lru_cache(maxsize=2_000)
def is_acronym_of(acronym: str, full_name: str) -> bool:
    """Whether `acronym` abbreviates `full_name`: «ШОС», «СовМИД ШОС», «Госдума».

    The rule is described in `pipeline.stages.s06_link.document`. A word of the full name is
    not its acronym («ВВС» of «ВВС США»), and a shortened word that is no abbreviation
    («Госдума», «Генштаб») starts with two letters of the first word («Рим» is no
    «Российская империя»).
    """
    parts = acronym.split()
    if len(full_name.split()) < 2 or not parts or (len(parts) > 1 and not all(map(is_abbreviation, parts))):
        return False  # one word («ШОС», «Госсовет») or abbreviations only («СовМИД ШОС»)
    letters = "".join(ch for ch in acronym.lower().replace("ё", "е") if ch.isalpha())
    words = [w for w in re.split(r"[\s-]+", full_name.replace("ё", "е")) if w and w[0].isalpha()]
    if len(letters) < 2 or len(words) < 2 or acronym in words:
        return False
    if not is_abbreviation(acronym) and letters[:2] != words[0][:2].lower():
        return False
    return _spell(letters, tuple(words), 0, 0)


@lru_cache(maxsize=1_000)  # the memo of one call's recursion
def _spell(letters: str, words: tuple[str, ...], at: int, word: int) -> bool:
    if word == len(words):
        return at == len(letters)
    current = words[word]
    low = current.lower()
    if current[0].islower() and _spell(letters, words, at, word + 1):
        return True  # a lower-case word («стран», «по») may give no letter
    last = word == len(words) - 1
    longest = len(low) if last else min(MAX_PREFIX, len(low))
    for size in range(1, longest + 1):
        if letters[at : at + size] != low[:size]:
            break
        if _spell(letters, words, at + size, word + 1):
            return True
    return False
