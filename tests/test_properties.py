"""Property tests: arbitrary text never breaks the pipeline, and every span is exact."""

from __future__ import annotations

import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import DocumentResult, extract

WORDS = [
    "Токаев",
    "Ван",
    "И",
    "Казахстан",
    "ШОС",
    "КНР",
    "20–21",
    "мая",
    "2024",
    "года",
    "млрд",
    "долларов",
    "30%",
    "процента",
    "более",
    "весной",
    "этого",
    "в",
    "с",
    "по",
    "$",
    "€",
    "1,5",
    "тыс.",
    "«",
    "»",
    "—",
    "Москва",
    "ООН",
    ".",
    ",",
    "12.03.2017",
    "рублей",
    "прошлый",
    "год",
    "\n",
    "\r\n",
    " ",
    "  ",
    "\t",
]

news_like = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
anything = st.text(max_size=300)


def _check_spans(text: str) -> None:
    result = extract(text, doc_id="x", doc_date="2024-05-22")
    for token in result.tokens:
        assert text[token.start : token.stop] == token.text
    for group in (result.entities, result.dates, result.money, result.percents):
        for mention in group:
            assert text[mention.start : mention.stop] == mention.text
            assert mention.text and "\n" not in mention.text and "\r" not in mention.text
    for entity in result.entities:
        assert entity.normal.strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(news_like, anything))
def test_any_text_gives_exact_spans(models, text):
    _check_spans(text)


def test_degenerate_inputs_do_not_crash_or_hang(models):
    degenerate = [
        "",
        " ",
        "\n\n\n",
        "....!!!???",
        "1234567890 " * 500,
        "а" * 100_000,
        "Ё" * 5000 + "\n" * 5000,
        "The quick brown fox. 中文文本。 ﷽ 🙂",
        "(((((((((((((((((" * 1000,
        "-" * 200_000,
    ]
    for text in degenerate:
        _check_spans(text)


def _counted_extract(text: str) -> tuple[DocumentResult, int]:
    """The result, and how many Python and C functions were called to get it (not timed)."""
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(count)
    try:
        result = extract(text, doc_id="dump", doc_date="2024-05-22")
    finally:
        sys.setprofile(None)
    return result, calls


def test_work_on_a_long_line_without_sentence_ends_grows_linearly(models):
    """A scraped dump: one long line, no full stop. Nothing may compare every mention with
    every other (that took minutes on a megabyte before linking and the span rules were
    fixed): four times the text must cost four times the function calls, not sixteen."""
    sentence = "Казахстан и Китай подписали соглашение на 5 млрд долларов в 2024 году "
    extract(sentence * 50, doc_id="warm", doc_date="2024-05-22")  # fill the per-word caches first
    _, work = _counted_extract(sentence * 100)
    result, four_times_the_work = _counted_extract(sentence * 400)  # 28 KB, cut into sentences
    assert 3.6 < four_times_the_work / work < 4.4, (work, four_times_the_work)
    assert len(result.tokens) == 4800
    assert len(result.money) == 400 and len(result.dates) == 400
    assert {(e.text, e.type) for e in result.entities} == {("Казахстан", "LOC"), ("Китай", "LOC")}
    assert len(result.entity_index) == 2


def test_characters_without_a_unicode_name_do_not_break_the_morphology(models):
    # pymorphy3 itself raises ValueError on U+17000; the pipeline's analyzer does not.
    for text in ["\U00017000", "Ван \U00017000 И", "Москва\U00017000 и Пекин"]:
        _check_spans(text)
