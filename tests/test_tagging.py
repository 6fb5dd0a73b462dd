"""The project's run of slovnet's two networks gives slovnet's own tags, in any batch."""

from __future__ import annotations

import pytest
from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger
from natasha.data import NEWS_MORPH, NEWS_NER
from slovnet.const import SHAPE, WORD
from slovnet.exec.pack import Pack

from pipeline.models import DEFAULT_NER_MODEL, NER_MODELS
from pipeline.records import format_feats
from pipeline.stages.s02_segment import segment
from pipeline.tagging import CHUNK_TOKENS


@pytest.fixture(scope="module")
def natasha_taggers() -> tuple[NewsMorphTagger, NewsNERTagger]:
    """slovnet's own inference on the weights `load_models()` uses (the default NER model)."""
    embedding, ner_path = NewsEmbedding(), NER_MODELS[DEFAULT_NER_MODEL]
    return NewsMorphTagger(embedding), NewsNERTagger(embedding, path=str(ner_path or NEWS_NER))


def _sentences(text: str) -> list[list[str]]:
    sentences: list[list[str]] = []
    for token in segment(text).tokens:
        if token.index == 0:
            sentences.append([])
        sentences[-1].append(token.text)
    return sentences


def _batches(corpus_texts: dict[str, str]) -> list[list[list[str]]]:
    sentences = [s for text in corpus_texts.values() for s in _sentences(text)]
    long_line = [word for s in sentences for word in s][: CHUNK_TOKENS + 300]  # longer than a chunk
    return [
        sentences,  # every sentence of the gold documents, in one batch
        sentences[:5],
        [["Москва"], [], ["Ван", "И"], []],  # one-word, empty
        [long_line, sentences[0], long_line[:7]],
        [],
    ]


def test_morphology_is_slovnets(models, natasha_taggers, corpus_texts):
    morph_tagger, _ = natasha_taggers
    for batch in _batches(corpus_texts):
        markups = morph_tagger.map([words or ["."] for words in batch])  # natasha refuses an empty one
        expected = [[(t.pos, format_feats(t.feats)) for t in markup.tokens] if words else []
                    for words, markup in zip(batch, markups, strict=True)]  # fmt: skip
        assert models.taggers.morphology(batch) == expected


def test_names_are_slovnets(models, natasha_taggers, corpus_texts):
    _, ner_tagger = natasha_taggers
    infer = ner_tagger.infer
    for batch in _batches(corpus_texts):
        filled = [words for words in batch if words]
        found = iter(infer.decoder(infer.process(infer.encoder(filled))) if filled else [])
        expected = [next(found) if words else [] for words in batch]
        assert models.taggers.names(batch) == expected
    assert any("B-PER" in tags for tags in models.taggers.names(_batches(corpus_texts)[0]))


@pytest.mark.parametrize("ner_path", [NEWS_NER, *(p for p in NER_MODELS.values() if p)])
def test_every_model_numbers_words_and_shapes_alike(ner_path):
    # The taggers encode a batch with one vocabulary for both networks.
    with Pack(NEWS_MORPH) as morph, Pack(str(ner_path)) as ner:
        for vocabulary in (WORD, SHAPE):
            assert morph.load_vocab(vocabulary).items == ner.load_vocab(vocabulary).items
