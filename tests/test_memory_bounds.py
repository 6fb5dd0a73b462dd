"""A long run's memory stays flat: every per-process cache of the analysis has a bound, and
what it holds depends on the words of the texts, never on which document they came in."""

from __future__ import annotations

import importlib
import pkgutil

import pipeline
from pipeline import tagging
from pipeline.inputs import Record
from pipeline.models import load_models
from pipeline.run import Unit, make_groups, work
from pipeline.stages.s03_morphology import _lemmatizer, _readings

TEXTS = [
    "Сергей Лавров прилетел в Пекин 21 мая 2024 года.",
    "Министр иностранных дел Китая Ван И встретился с Касым-Жомартом Токаевым в Астане.",
    "Выручка «Сбербанка» выросла на 12% и составила 41 млрд рублей.",
]


def _analysis_caches() -> dict[str, object]:
    """Every lru_cache of the modules a corpus run uses (the per-process word caches)."""
    found = {}
    for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if any(part in info.name for part in (".train", ".bench", ".evaluation", "__main__")):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if hasattr(value, "cache_info") and getattr(value, "__module__", None) == info.name:
                found[f"{info.name}.{name}"] = value
    found["lemma"] = _lemmatizer(load_models().morph)
    found["lemma readings"] = _readings(load_models().morph)
    return found


def _sizes(caches: dict[str, object]) -> dict[str, int]:
    sizes = {name: cache.cache_info().currsize for name, cache in caches.items()}  # type: ignore[attr-defined]
    return {**sizes, "encoder": len(load_models().taggers.encoder.known)}


def _analyze(first_number: int) -> None:
    records = [
        Record(f"d{first_number + n:07d}", text, None, f"x:{n}", "utf-8") for n, text in enumerate(TEXTS)
    ]
    for group in make_groups(records):  # type: ignore[arg-type]
        done = work(Unit(0, group, True, len(records)), 10**6, None)
        assert all(hasattr(result, "chunks") for result in done.results)


def test_every_cache_of_the_analysis_holds_at_most_20000_entries():
    caches = _analysis_caches()
    assert len(caches) >= 10  # the walk found the caches (lemmas, readings, normal forms, …)
    bounds = {name: cache.cache_info().maxsize for name, cache in caches.items()}  # type: ignore[attr-defined]
    assert [name for name, bound in bounds.items() if bound is None or bound > 20_000] == []
    assert tagging.CACHE_WORDS <= 20_000


def test_the_same_texts_under_new_ids_add_nothing_to_any_cache():
    caches = _analysis_caches()
    _analyze(0)
    seen = _sizes(caches)
    assert seen["lemma"] > 0 and seen["encoder"] > 0
    _analyze(len(TEXTS))  # the same texts again, as new documents
    assert _sizes(caches) == seen


def test_the_taggers_word_cache_holds_at_most_its_bound(monkeypatch):
    encoder = tagging.Encoder(load_models().taggers.encoder.words, load_models().taggers.encoder.shapes)
    monkeypatch.setattr(tagging, "CACHE_WORDS", 5)
    words = [f"слово{n}" for n in range(12)]
    sizes = []
    for word in words:
        encoder([word])
        sizes.append(len(encoder.known))
    assert max(sizes) == 5 and sizes[-1] < 5


def test_the_name_rules_and_inflection_share_one_cache_of_readings():
    from pipeline.inflect import forms
    from pipeline.stages.s04_names import context

    assert context.parses is forms.parses


def test_the_date_matches_of_a_long_line_are_not_remembered():
    from datetime import date

    from pipeline.stages.s07_dates import find_dates
    from pipeline.stages.s07_dates.assemble import REMEMBERED_CHARS, _remembered

    short = "Встреча прошла 21 мая 2024 года в Астане."
    long = short + " Текст." * (REMEMBERED_CHARS // 7)
    before = _remembered.cache_info().currsize
    found = find_dates(long, date(2024, 5, 22))
    assert [m.value for m in found] == ["2024-05-21"] and _remembered.cache_info().currsize == before
    find_dates(short + " Ещё одна строка.", date(2024, 5, 22))
    assert _remembered.cache_info().currsize == min(before + 1, _remembered.cache_info().maxsize)
