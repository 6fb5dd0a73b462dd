"""Stage 3 — morphology: POS and features from slovnet's tagger, lemmas from pymorphy3.

slovnet (shipped in natasha) tags each token in context; pymorphy3's dictionary gives
the lemma of the parse that agrees best with that tag (natasha's own rule, reused
from `natasha.morph.lemma.best_form`, applied to pymorphy3 — natasha itself still
calls the unmaintained pymorphy2). Lemmas are lower-case with «е» for «ё», as natasha
writes them. One departure from natasha, measured on UD GSD and Taiga dev (`python -m
pipeline.bench.morph_eval`, README "Morphology"): a word the tagger reads as a proper noun
in the nominative is trusted only as far as the dictionary allows (`_nominative_name_readings`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

import pymorphy3
from natasha.morph.lemma import best_form, normal_word
from natasha.morph.vocab import OC_UD_INDEX, OC_UD_POS
from pymorphy3.tagset import OpencorporaTag

from pipeline.lexicon import is_abbreviation
from pipeline.models import Models
from pipeline.records import Token, parse_feats
from pipeline.stages.s02_segment import TokenSpan

# POS whose lemma is the lower-cased word itself: no dictionary look-up needed. (Numerals
# are looked up: «двух» → «два», «нескольких» → «несколько»; numbers in digits have no
# letters and stay as written.)
LEMMA_IS_WORD = frozenset({"PUNCT", "SYM", "X"})
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
READINGS_CACHED = 10_000  # words whose readings are kept (`_readings`; ~570 bytes a word)


class _Form(NamedTuple):
    """A pymorphy3 parse in Universal Dependencies terms, as natasha's best_form expects, with
    its pymorphy3 tag (a named tuple: built once per parse of a word, a frozen dataclass cost
    three times as much)."""

    normal: str
    pos: str
    feats: dict[str, str]
    tag: OpencorporaTag


@lru_cache(maxsize=5_000)  # pymorphy3's dictionary has a few thousand distinct tags
def _ud_tag(tag: OpencorporaTag) -> tuple[str, dict[str, str]]:
    """A pymorphy3 tag as UD's POS and features (the dict is shared: never changed)."""
    feats = dict(item for gram in tag._grammemes_tuple if (item := OC_UD_INDEX.get(gram)))
    return OC_UD_POS.get(tag._POS, "X"), feats


# The tagger's features as a dict, once per distinct string (the morphology model has 753
# tags); shared: never changed.
_tagger_feats = lru_cache(maxsize=1_000)(parse_feats)


@lru_cache(maxsize=1)
def _readings(morph: pymorphy3.MorphAnalyzer) -> Callable[[str], tuple[_Form, ...]]:
    """A per-process cache of a word's dictionary readings bound to one analyzer. The lemma
    cache is keyed by the word as written and its tag: a word read with another tag, or
    written with a capital, was parsed again (on the 868 texts: 55,286 parses, 47,047 with
    this cache, 38,857 distinct words)."""

    @lru_cache(maxsize=READINGS_CACHED)  # bounds: README, "Memory of a long run"
    def readings(word: str) -> tuple[_Form, ...]:
        return tuple(_Form(parse.normal_form, *_ud_tag(parse.tag), parse.tag) for parse in morph.parse(word))

    return readings


@lru_cache(maxsize=1)
def _lemmatizer(morph: pymorphy3.MorphAnalyzer):  # type: ignore[no-untyped-def]
    """A per-process lemma cache bound to one analyzer (word forms repeat a lot in news)."""
    readings_of = _readings(morph)

    @lru_cache(maxsize=20_000)  # bounds: README, "Memory of a long run"
    def lemma(word: str, pos: str, feats: str, sentence_start: bool) -> str:
        written, word = word, normal_word(word)
        if pos in LEMMA_IS_WORD or not any(map(str.isalpha, word)):
            return word
        forms: Sequence[_Form] = readings_of(word)
        if pos == "PROPN" and "Case=Nom" in feats and "Number=Plur" not in feats:
            if is_abbreviation(written):
                return word  # «МОК», «ВАДА»: not «мокнуть», «вад»
            readings = _nominative_name_readings(morph, word, forms, sentence_start)
            if readings is None:
                return word
            forms = readings
        form = best_form(forms, pos, _tagger_feats(feats))
        return normal_word(form.normal) if form else word

    return lemma


def _nominative_name_readings(
    morph: pymorphy3.MorphAnalyzer, word: str, parses: Sequence[_Form], sentence_start: bool
) -> Sequence[_Form] | None:
    """The dictionary readings to take the lemma of a word the tagger reads as a proper noun
    in the nominative singular from; None where the word is its own lemma. The tagger's
    reading is trusted as far as the dictionary allows:

    - a name in the nominative singular («Алексеевна», «Ерёмина»): the word itself, as UD
      writes it (pymorphy3's lemma is the masculine «алексеевич», «ерёмин»);
    - another nominative singular reading: those («Гомологическая» → «гомологический»);
    - none, and the dictionary does not know the word or reads it only as a plural noun: the
      word itself — pymorphy3 guesses a foreign name as a form of something else («Мандела»
      as «мандело», «Роналду» as «роналда»), or reads a surname as a plural («Токаев» as
      «токай», «Ливни» as «ливень»);
    - none otherwise, at the start of a sentence: the capital says nothing there and the
      tagger's reading is wrong («Мочалку», «Заходишь»), so every reading;
    - none otherwise, inside a sentence: the noun readings, as the tagger's case is wrong
      («Даниловым», «Арафата»); with none, the word itself («Серена», not «серить»).
    Measured on UD GSD and Taiga dev (`python -m pipeline.bench.morph_eval`).
    """
    nominative = [p for p in parses if p.tag.case == "nomn" and p.tag.number != "plur"]
    if any(NAME_GRAMMEMES & p.tag.grammemes for p in nominative):
        return None
    if nominative:
        return nominative
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    if not morph.word_is_known(word) or (nouns and all(p.tag.number == "plur" for p in nouns)):
        return None
    if sentence_start:
        return parses
    return nouns or None


def lemmatize(
    word: str, pos: str, feats: str, morph: pymorphy3.MorphAnalyzer, *, sentence_start: bool = False
) -> str:
    """Lemma of `word` given its tag, e.g. ('Токаевым', 'PROPN', 'Case=Ins|...') → 'токаев'.

    `sentence_start`: the word is the first word of its sentence (its capital tells nothing).
    """
    return _lemmatizer(morph)(word, pos, feats, sentence_start)


def tag_documents(documents: Sequence[Sequence[TokenSpan]], models: Models) -> list[list[Token]]:
    """POS, features and lemma for every token of several documents at once.

    The tagger sees one sentence at a time; the sentences of all the documents go to it
    in one call (`pipeline.tagging`). A sentence's tags do not depend on its batch.
    """
    sentences: list[list[TokenSpan]] = []
    for tokens in documents:
        first = len(sentences)
        for token in tokens:
            while len(sentences) - first <= token.sentence:
                sentences.append([])
            sentences[first + token.sentence].append(token)
    tags = models.taggers.morphology([[t.text for t in sentence] for sentence in sentences])
    lemma = _lemmatizer(models.morph)
    results: list[list[Token]] = []
    offset = 0
    for tokens in documents:
        tagged_tokens = []
        started: set[int] = set()  # sentences whose first word has been seen
        for token in tokens:
            pos, feats = tags[offset + token.sentence][token.index]
            first_word = token.sentence not in started and any(char.isalnum() for char in token.text)
            if first_word:
                started.add(token.sentence)
            tagged_tokens.append(
                Token(*token, lemma(token.text, pos, feats, first_word), pos, feats)  # a TokenSpan's fields
            )
        offset += max((t.sentence for t in tokens), default=-1) + 1
        results.append(tagged_tokens)
    return results


def tag_tokens(tokens: Sequence[TokenSpan], models: Models) -> list[Token]:
    """POS, features and lemma for every token of one document."""
    return tag_documents([tokens], models)[0]
