"""Segmentation: sentences and tokens never cross a line break; offsets are exact."""

from __future__ import annotations

import pytest
import razdel
from conftest import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.s02_segment import MAX_SENTENCE_CHARS, lines, segment, sentence_bounds, tokenize


def test_heading_is_not_glued_to_the_next_line():
    text = "Особое взаимодоверие\nВан И заверил Президента К.Токаева во всесторонней поддержке."
    seg = segment(text)
    assert [text[s.start : s.stop] for s in seg.sentences] == [
        "Особое взаимодоверие",
        "Ван И заверил Президента К.Токаева во всесторонней поддержке.",
    ]


def test_sentences_and_tokens_of_a_news_paragraph(seed_text):
    seg = segment(seed_text)
    first = seed_text[seg.sentences[0].start : seg.sentences[0].stop]
    assert first.startswith("Казахстанский лидер Касым-Жомарт Токаев провел 20–21 мая")
    assert first.endswith("Шанхайской организации сотрудничества.")
    words = [t.text for t in seg.tokens if t.sentence == 0][:6]
    assert words == ["Казахстанский", "лидер", "Касым-Жомарт", "Токаев", "провел", "20–21"]


def test_windows_line_breaks_keep_their_two_characters():
    text = "Первая строка.\r\nВторая строка."
    seg = segment(text)
    assert [text[s.start : s.stop] for s in seg.sentences] == ["Первая строка.", "Вторая строка."]
    assert seg.tokens[-1].start == text.index("строка.", 16) + len("строка")


def test_lines_split_on_every_kind_of_line_break():
    text = "один\r\nдва\n\nтри\rчетыре\u2028пять\n   \n"
    found = list(lines(text))
    assert [line for _, line in found] == ["один", "два", "три", "четыре", "пять"]
    assert all(text[offset : offset + len(line)] == line for offset, line in found)


def test_a_megabyte_line_without_full_stops_is_cut_into_pieces():
    text = "слово " * 170_000
    seg = segment(text)
    assert all(s.stop - s.start <= MAX_SENTENCE_CHARS for s in seg.sentences)
    assert len(seg.tokens) == 170_000


russian_text = st.text(
    alphabet=st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖ0123456789 .,!?«»—–-\n\r\t%$")),
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(russian_text, st.text(max_size=200)))
def test_offsets_are_exact_and_never_cross_a_line_break(text):
    seg = segment(text)
    for s in seg.sentences:
        piece = text[s.start : s.stop]
        assert piece.strip(), "a sentence is never blank"
        assert "\n" not in piece and "\r" not in piece
    for t in seg.tokens:
        assert text[t.start : t.stop] == t.text
        sentence = seg.sentences[t.sentence]
        assert sentence.start <= t.start < t.stop <= sentence.stop


# The characters razdel's token rules look at: letters of both scripts and both cases, digits,
# its punctuation (dashes, quotes, brackets, sentence endings, «_», «/», «\»), smiley parts,
# symbols of no class («Δ», «€», «😀»), and spaces between them.
RULE_CHARS = list("аБёЁzZ09-‑–—−_.,/\\?!…:;=()[]{}«»\"'„“*#%@+|~№ΔσЖ€😀 \t")
rule_text = st.lists(
    st.one_of(
        st.sampled_from(RULE_CHARS), st.sampled_from(["yahoo", "Yahoo", ":-)", ";(", "...", "--", "**", "12"])
    ),
    max_size=40,
).map("".join)


def _razdel(text: str) -> list[tuple[int, int, str]]:
    return [(t.start, t.stop, t.text) for t in razdel.tokenize(text)]


@settings(max_examples=1000, deadline=None)
@given(st.one_of(rule_text, st.text(max_size=60)))
def test_the_tokens_are_razdels_on_any_text(text):
    assert tokenize(text) == _razdel(text)


@pytest.mark.parametrize(
    "text",
    [
        "Касым-Жомарт Токаев, 20–21 мая, 3,5 млрд, 1/2, foo_bar, yahoo! :-) ?!",
        "а -б, 5, 6, 7.8 .9 x- y «Ж»Δσ €5 ...— **",
        "Yahoo! YAHOO!? yahoo!!",
        "",
        "   ",
    ],
)
def test_the_tokens_are_razdels_on_its_hard_cases(text):
    assert tokenize(text) == _razdel(text)


def test_the_tokens_are_razdels_on_the_project_corpus():
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    assert len(texts) >= 30
    for text in texts:
        for start, stop in sentence_bounds(lines(text)):
            assert tokenize(text[start:stop]) == _razdel(text[start:stop])
