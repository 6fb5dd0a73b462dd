"""Morphology: slovnet POS in context, pymorphy3 lemmas chosen by that POS."""

from __future__ import annotations

import pytest

from pipeline.stages.s02_segment import segment
from pipeline.stages.s03_morphology import lemmatize, tag_tokens


def _tagged(text, models):
    return {t.text: t for t in tag_tokens(segment(text).tokens, models)}


def test_lemmas_and_pos_on_a_news_sentence(models):
    tokens = _tagged(
        "Казахстанский лидер Касым-Жомарт Токаев провел 20–21 мая серию встреч с министром.", models
    )
    assert (tokens["провел"].lemma, tokens["провел"].pos) == ("провести", "VERB")
    assert (tokens["встреч"].lemma, tokens["встреч"].pos) == ("встреча", "NOUN")
    assert tokens["Казахстанский"].lemma == "казахстанский" and tokens["Казахстанский"].pos == "ADJ"
    assert tokens["Токаев"].lemma == "токаев"
    assert tokens["Токаев"].pos == "PROPN"
    assert "Case=Ins" in tokens["министром"].feats


def test_context_picks_the_lemma_of_an_ambiguous_form(models):
    tokens = _tagged("Курс поддержки, проводимый Токаевым, был одобрен.", models)
    assert tokens["Токаевым"].lemma == "токаев"
    assert tokens["был"].lemma == "быть"


def test_every_token_gets_a_tag(models, seed_text):
    tokens = tag_tokens(segment(seed_text).tokens, models)
    assert len(tokens) > 1000
    assert all(t.pos and t.lemma for t in tokens)
    assert {t.pos for t in tokens if t.text in ("«", "»", ".", ",")} == {"PUNCT"}


def test_lemma_of_yo_and_numbers(models):
    assert lemmatize("партнёром", "NOUN", "Case=Ins|Gender=Masc|Number=Sing", models.morph) == "партнер"
    assert lemmatize("2024", "NUM", "", models.morph) == "2024"


def test_numerals_in_words_get_their_dictionary_lemma(models):
    tokens = _tagged("Эксперты из нескольких стран и трёх организаций обсудили итоги двух встреч.", models)
    assert {word: tokens[word].lemma for word in ("нескольких", "трёх", "двух")} == {
        "нескольких": "несколько",
        "трёх": "три",
        "двух": "два",
    }


NOM_MASC = "Animacy=Anim|Case=Nom|Gender=Masc|Number=Sing"
NOM_FEM = "Animacy=Anim|Case=Nom|Gender=Fem|Number=Sing"


@pytest.mark.parametrize(
    ("word", "pos", "feats", "sentence_start", "lemma"),
    [
        ("двух", "NUM", "Case=Gen", False, "два"),
        ("одного", "NUM", "Case=Gen|Gender=Masc|Number=Sing", False, "один"),
        ("нескольких", "NUM", "Case=Gen", False, "несколько"),
        ("2024", "NUM", "", False, "2024"),
        # a word the tagger reads as a proper noun in the nominative singular
        ("Токаев", "PROPN", NOM_MASC, False, "токаев"),  # not the plural of «токай»
        ("Мандела", "PROPN", NOM_MASC, False, "мандела"),  # unknown to the dictionary
        ("Алексеевна", "PROPN", NOM_FEM, False, "алексеевна"),  # not «алексеевич»
        ("Ерёмина", "PROPN", NOM_FEM, False, "еремина"),
        ("МОК", "PROPN", NOM_MASC, False, "мок"),  # not «мокнуть»
        ("Гомологическая", "PROPN", "Case=Nom|Gender=Fem|Number=Sing", False, "гомологический"),
        ("Даниловым", "PROPN", NOM_MASC, False, "данилов"),  # the tagger's case was wrong
        ("Серена", "PROPN", NOM_FEM, False, "серена"),  # inside a sentence: a name, not «серить»
        ("Заходишь", "PROPN", NOM_MASC, True, "заходить"),  # first word: the capital says nothing
    ],
)
def test_lemma_given_the_tag(word, pos, feats, sentence_start, lemma, models):
    assert lemmatize(word, pos, feats, models.morph, sentence_start=sentence_start) == lemma


def test_a_capital_is_evidence_of_a_name_only_inside_a_sentence(models):
    tokens = _tagged("Говори громче, Серена.", models)
    assert (tokens["Говори"].pos, tokens["Говори"].lemma) == ("PROPN", "говорить")
    assert (tokens["Серена"].pos, tokens["Серена"].lemma) == ("PROPN", "серена")
