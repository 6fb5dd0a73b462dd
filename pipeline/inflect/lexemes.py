"""A word's lexeme (every form of it, with its tag) and pymorphy3's choice of an inflected form.

pymorphy3 builds a lexeme anew each time a form is inflected (`Parse.inflect`,
`Parse.lexeme`): a `Parse` with its analysis methods for every form, then discarded. The
words of one paradigm share its endings and tags («Путина», «Путину», «Иванова»), so here a
dictionary word's lexeme is its stem with its paradigm's endings (the paradigm read from
the dictionary once), as (word, tag) pairs only; `pymorphy_inflect` picks from it exactly
what `Parse.inflect` would (the same filter, the same similarity, the first best). Words
pymorphy3 guesses have the lexeme pymorphy3 builds. This reads pymorphy3's dictionary and
analysis methods as its own units do (the version is pinned in pyproject.toml);
`tests/test_lexemes.py` checks both against pymorphy3's lexemes and inflections.
"""

from __future__ import annotations

from functools import lru_cache

from pymorphy3.analyzer import Parse
from pymorphy3.opencorpora_dict.wrapper import Dictionary
from pymorphy3.tagset import OpencorporaTag
from pymorphy3.units import (
    DictionaryAnalyzer,
    KnownPrefixAnalyzer,
    KnownSuffixAnalyzer,
    UnknownPrefixAnalyzer,
)

Forms = tuple[tuple[str, OpencorporaTag], ...]


@lru_cache(maxsize=1_000)  # bounds: README, "Memory of a long run"
def _paradigm(dictionary: Dictionary, para_id: int) -> tuple[tuple[str, OpencorporaTag, str], ...]:
    """(prefix, tag, suffix) of every form of a paradigm: shared by all its words."""
    return tuple(dictionary.build_paradigm_info(para_id))


# Units whose lexeme is the lexeme of the reading under them, the prefix they split off
# written before every form (`_PrefixAnalyzer.lexemizer`) or nothing changed (a guess from
# the word's ending, `KnownSuffixAnalyzer`, reads a paradigm as the dictionary does).
_PREFIX_UNITS = (KnownPrefixAnalyzer, UnknownPrefixAnalyzer)
_PARADIGM_UNITS = (KnownSuffixAnalyzer, *_PREFIX_UNITS)


def lexeme(parse: Parse) -> Forms:
    """(word, tag) of every form of the parse's lexeme, in pymorphy3's order."""
    base, *above = parse.methods_stack
    if not isinstance(base[0], DictionaryAnalyzer) or any(type(m[0]) not in _PARADIGM_UNITS for m in above):
        return tuple((form.word, form.tag) for form in parse.lexeme)
    unit, _, para_id, index = base
    prefix = "".join(method[1] for method in reversed(above) if type(method[0]) in _PREFIX_UNITS)
    dictionary = unit.dict
    stem = dictionary.build_stem(dictionary.paradigms[para_id], index, parse.word[len(prefix) :])
    return tuple((prefix + start + stem + end, tag) for start, tag, end in _paradigm(dictionary, para_id))


def pymorphy_inflect(parse: Parse, forms: Forms, grammemes: frozenset[str]) -> str | None:
    """The word `parse.inflect(grammemes)` gives (None where it gives none), chosen among the
    parse's lexeme `forms` as pymorphy3's `MorphAnalyzer._inflect` chooses."""
    possible = [form for form in forms if grammemes <= form[1].grammemes]
    if not possible:
        grammemes = type(parse.tag).fix_rare_cases(grammemes)
        possible = [form for form in forms if grammemes <= form[1].grammemes]
    target = parse.tag.updated_grammemes(grammemes)

    def similarity(form: tuple[str, OpencorporaTag]) -> float:
        return len(target & form[1].grammemes) - 0.1 * len(target ^ form[1].grammemes)

    best = max(possible, key=similarity, default=None)  # the first of the best, as heapq.nlargest(1)
    return best[0] if best is not None else None
