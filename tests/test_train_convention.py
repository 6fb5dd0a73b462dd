"""The NER training's split view of NEREL (pipeline/train/convention.py): names at a sentence start.

A sentence-initial capital is only sometimes the name's. The lexicon that decides is counted on
mid-sentence text, here a few hand-written NEREL-like documents; no torch needed.
"""

from __future__ import annotations

import pytest
from pymorphy3 import MorphAnalyzer

from pipeline.train.convention import build_lexicon, split_view
from pipeline.train.corpora import Document, Mention


def _doc(text: str, *names: tuple[str, str]) -> Document:
    """A document with mentions given as (type, text), each at its first occurrence."""
    mentions, taken = [], 0
    for kind, name in names:
        start = text.index(name, taken)
        mentions.append(Mention(start, start + len(name), kind))
        taken = start + 1
    return Document("nerel", "test", text, tuple(mentions))


# Mid-sentence usage: the adjectives are lower-case on their own, the names are capitalised.
SEEN = [
    _doc(
        "Акции упали, сообщила Лондонская фондовая биржа. Рынок нью-йоркской биржи закрыт.",
        ("ORG", "Лондонская фондовая биржа"),
    ),
    _doc(
        "Об этом заявили британская полиция и британские власти. Там была московская погода.",
        ("ORG", "британская полиция"),
        ("ORG", "британские власти"),
    ),
    _doc("Решение приняла Токийская фондовая биржа.", ("ORG", "Токийская фондовая биржа")),
    _doc("Об этом сообщила британская полиция.", ("ORG", "британская полиция")),
    _doc("Вчера ислам и гарь обсуждали, а сын пришёл.", ("PER", "Вчера")),
]


@pytest.fixture(scope="module")
def lexicon():
    return build_lexicon(SEEN, MorphAnalyzer())


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # a name whose head is written as a name mid-sentence stays a name at a sentence start
        (
            "Нью-йоркская фондовая биржа закрылась.",
            [("ORG", "Нью-йоркская фондовая биржа")],
            [("ORG", "Нью-йоркская фондовая биржа")],
        ),
        # a description stays no name
        ("Британская полиция задержала его.", [("ORG", "Британская полиция")], []),
        # a person's initials and first name are the name's, a kinship word is not
        ("А. Сельцовский приехал.", [("PER", "А. Сельцовский")], [("PER", "А. Сельцовский")]),
        ("В. В. Путин приехал.", [("PER", "В. В. Путин")], [("PER", "В. В. Путин")]),
        ("Ислам Каримов приехал.", [("PER", "Ислам Каримов")], [("PER", "Ислам Каримов")]),
        ("Гари Каспаров приехал.", [("PER", "Гари Каспаров")], [("PER", "Гари Каспаров")]),
        ("Сын Мердока приехал.", [("PER", "Сын Мердока")], [("PER", "Мердока")]),
        # a party named with adjectives and a country is one ORG, not ORG + LOC
        (
            "Кандидат от партии Единая Россия победил.",
            [("ORG", "Единая Россия"), ("LOC", "Россия")],
            [("ORG", "Единая Россия")],
        ),
        # an organisation with a place in its genitive is split
        (
            "Об этом сообщил МИД России вчера.",
            [("ORG", "МИД России"), ("LOC", "России")],
            [("ORG", "МИД"), ("LOC", "России")],
        ),
    ],
)
def test_sentence_initial_names(lexicon, text, names, expected):
    doc = _doc(text, *names)
    got = [(m.type, text[m.start : m.stop]) for m in split_view(doc, lexicon)]
    assert got == expected
