"""Morphology: slovnet POS in context, pymorphy3 lemmas chosen by that POS."""

from __future__ import annotations

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
