"""The declared list of name rules: every rule says why it exists and what it measurably does."""

from __future__ import annotations

import inspect

import pytest

from pipeline.bench.ner_eval import CONVENTION_SKIP
from pipeline.models import Models
from pipeline.stages.s02_segment import segment
from pipeline.stages.s03_morphology import tag_tokens
from pipeline.stages.s04_names import (
    RULE_NAMES,
    RULES,
    Context,
    Span,
    document_rules,
    edge_rules,
    join_rules,
    kind_rules,
    place_rules,
    post_process,
    span_rules,
    words_from_tokens,
)


def test_every_rule_states_its_measured_effect_and_its_reason() -> None:
    assert len(RULES) == len(set(RULE_NAMES)) >= 15
    for rule in RULES:
        for corpus in (rule.effect.factru, rule.effect.nerel):
            assert len(corpus) == 3, rule.name  # PER, LOC, ORG
            assert all(isinstance(x, float) and abs(x) < 100 and round(x, 2) == x for x in corpus), rule.name
        assert len(rule.why.split()) >= 8 and rule.why.endswith("."), rule.name
        assert inspect.getdoc(rule.function), rule.name


def test_every_rule_function_is_in_the_one_list() -> None:
    """A function `(ctx, spans)` in a rule module that is not in RULES would never run."""
    declared = {rule.function for rule in RULES}
    for module in (span_rules, kind_rules, place_rules, edge_rules, join_rules, document_rules):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                assert list(inspect.signature(function).parameters) == ["ctx", "spans"], name
                assert function in declared, name


def test_ablation_names_existing_rules() -> None:
    assert all(skip <= set(RULE_NAMES) for skip in CONVENTION_SKIP.values())


def _context(text: str, models: Models) -> Context:
    return Context(text, words_from_tokens(text, tag_tokens(segment(text).tokens, models)), models.morph)


def test_skipping_an_unknown_rule_is_an_error(models: Models) -> None:
    with pytest.raises(ValueError, match="no such rule: strip_title"):
        post_process(_context("Сергей Лавров.", models), [], frozenset({"strip_title"}))


def test_skipping_a_rule_leaves_its_work_undone(models: Models) -> None:
    text = "Ван И заверил Президента К.Токаева в поддержке."
    ctx = _context(text, models)
    given = [Span(text.index("Президента"), text.index(" в поддержке"), "PER")]
    surfaces = {ctx.surface(s) for s in post_process(ctx, list(given))}
    assert surfaces == {"К.Токаева"}
    assert {ctx.surface(s) for s in post_process(ctx, list(given), frozenset({"strip_titles"}))} == {
        "Президента К.Токаева"
    }


def test_acronym_defined_in_brackets_takes_the_full_names_type(models: Models) -> None:
    text = "Шанхайская организация сотрудничества (ШОС) расширяется.\nСаммит ШОС пройдет в Астане."
    ctx = _context(text, models)
    full = Span(0, text.index(" ("), "ORG")
    first = text.index("ШОС")
    later = text.index("ШОС", first + 1)
    given = [full, Span(first, first + 3, "LOC")]  # the model typed the acronym wrongly
    found = {(s.start, s.type) for s in post_process(ctx, given)}
    assert {(first, "ORG"), (later, "ORG")} <= found


# Names whose forms change more than their ending: fleeting vowels («Лев» → «Львом»,
# «Павел» → «Павлом»), «ё» («Пётр» → «Петра»), stems that shift («Отец» → «Отцом»).
NAMES_WITH_SHIFTING_FORMS = ["лев", "пётр", "павел", "орёл", "отец", "иванов", "шольц", "любовь", "ёлкин"]


@pytest.mark.parametrize("lemma", NAMES_WITH_SHIFTING_FORMS)
def test_every_form_of_a_name_passes_the_repeat_rules_filter(models: Models, lemma: str) -> None:
    """The document rules inflect a word only if it starts like a known name: every form of
    a name must pass that filter, or its repeats would be missed."""
    from pipeline.stages.s04_names.context import PlainWord
    from pipeline.stages.s04_names.document_rules import _may_be_form_of, _start

    parse = next(p for p in models.morph.parse(lemma) if p.normal_form == lemma)
    forms = {form.word.capitalize() for form in parse.lexeme}
    assert len(forms) > 5
    for form in forms:
        assert _may_be_form_of(PlainWord(0, len(form), form), {_start(lemma)}), form


def test_the_repeat_rules_filter_lets_other_names_pass_only_by_their_start() -> None:
    from pipeline.stages.s04_names.context import PlainWord
    from pipeline.stages.s04_names.document_rules import _may_be_form_of, _start

    assert not _may_be_form_of(PlainWord(0, 7, "Путиным"), {_start("токаев")})
    assert not _may_be_form_of(PlainWord(0, 7, "Трампом"), {_start("токаев")})  # т + consonant ≠ т + vowel
    assert _may_be_form_of(PlainWord(0, 3, "Ими"), set())  # short words are always inflected
