"""Word lists matched against lemmas hold lemmas: an entry pymorphy3 never gives as a normal
form can never match (as «актер» for «актёр», «президента», «примеру» once did)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import pipeline
from pipeline.models import Models
from pipeline.stages.s02_segment import segment
from pipeline.stages.s03_morphology import tag_tokens
from pipeline.stages.s04_names import Context, Span, post_process, words_from_tokens


def lemma_lists() -> dict[str, frozenset[str]]:
    """Every module-level `…_LEMMAS` collection of words in the package, named by the module
    that defines it (one that imports it is skipped)."""
    found: dict[str, frozenset[str]] = {}
    for module_info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if module_info.name.endswith("__main__"):
            continue  # importing it would run the command line
        if module_info.name.startswith("pipeline.train"):
            continue  # the NER training code needs the optional `train` extra (torch)
        module = importlib.import_module(module_info.name)
        source = inspect.getsource(module)
        for name, value in vars(module).items():
            if (
                name.endswith("_LEMMAS")
                and isinstance(value, (frozenset, set, tuple, list))
                and re.search(rf"^{name}\b[^=\n]*=", source, re.MULTILINE)
            ):
                found[f"{module.__name__}.{name}"] = frozenset(value)
    return found


LISTS = lemma_lists()
# Lists matched against the normal forms of noun readings only.
NOUN_LISTS = {"ROLE_LEMMAS", "GENERIC_ORG_LEMMAS"}


def test_the_lemma_lists_are_found() -> None:
    names = {name.rsplit(".", 1)[1] for name in LISTS}
    assert {"ROLE_LEMMAS", "GENERIC_ORG_LEMMAS", "ADVERBIAL_PO_LEMMAS"} <= names


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_entry_is_a_pymorphy3_normal_form(name: str, models: Models) -> None:
    short = name.rsplit(".", 1)[1]
    wrong = []
    for word in sorted(LISTS[name]):
        parses = models.morph.parse(word)
        if short in NOUN_LISTS:
            parses = [p for p in parses if p.tag.POS == "NOUN"]
        if word not in {p.normal_form for p in parses}:
            wrong.append(f"{word} → {sorted({p.normal_form for p in models.morph.parse(word)})}")
    assert not wrong, f"{name}: entries that are no normal form: {wrong}"


def _post_process(text: str, marked: list[tuple[str, str]], models: Models) -> set[tuple[str, str]]:
    ctx = Context(text, words_from_tokens(text, tag_tokens(segment(text).tokens, models)), models.morph)
    given = [Span(text.index(surface), text.index(surface) + len(surface), type) for type, surface in marked]
    return {(s.type, ctx.surface(s)) for s in post_process(ctx, given)}


@pytest.mark.parametrize(
    ("text", "marked", "expected"),
    [
        (
            "Режиссёр Никита Михалков представил фильм.",
            [("PER", "Режиссёр Никита Михалков")],
            {("PER", "Никита Михалков")},
        ),
        (
            "Актёр Олег Табаков открыл сезон.",
            [("PER", "Актёр Олег Табаков")],
            {("PER", "Олег Табаков")},
        ),
        (
            "Сотрудники МВД по примеру Москвы усилили охрану.",
            [("ORG", "МВД"), ("LOC", "Москвы")],
            {("ORG", "МВД"), ("LOC", "Москвы")},
        ),
    ],
)
def test_entries_that_once_could_not_match_now_do(text, marked, expected, models: Models) -> None:
    assert _post_process(text, marked, models) == expected
