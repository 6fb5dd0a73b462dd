"""Universal Dependencies gold for `morph_eval`: the CoNLL-U reader, and the conventions in
which UD's lemmas and tags differ by design from a dictionary's (pymorphy3's) or from the
treebank the tagger learned from (slovnet's, SynTagRus), counted apart from errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Gold:
    form: str
    lemma: str
    upos: str
    feats: str


@dataclass(frozen=True)
class Predicted:
    lemma: str
    upos: str
    feats: str


@dataclass(frozen=True)
class Sentence:
    text: str
    tokens: tuple[Gold, ...]


def read_conllu(path: Path, limit: int | None = None) -> list[Sentence]:
    """Sentences with their `# text` and syntactic words (multiword ranges and empty nodes skipped)."""
    sentences: list[Sentence] = []
    text, tokens = "", []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("# text = "):
            text = line[len("# text = ") :]
        elif not line.strip():
            if tokens:
                sentences.append(Sentence(text, tuple(tokens)))
            text, tokens = "", []
        elif not line.startswith("#"):
            fields = line.split("\t")
            if fields[0].isdigit():
                tokens.append(Gold(fields[1], fields[2], fields[3], fields[5]))
    return sentences[:limit]


def gold_offsets(sentence: Sentence) -> list[tuple[int, int] | None]:
    """Where each gold token stands in the sentence text (None from the first that does not fit)."""
    offsets: list[tuple[int, int] | None] = []
    text, cursor = sentence.text, 0
    for token in sentence.tokens:
        while 0 <= cursor < len(text) and text[cursor].isspace():
            cursor += 1
        if cursor < 0 or not text.startswith(token.form, cursor):
            cursor = -1
            offsets.append(None)
        else:
            offsets.append((cursor, cursor + len(token.form)))
            cursor += len(token.form)
    return offsets


def _yo(word: str) -> str:
    return word.lower().replace("ё", "е")


def _pair(gold: Gold, predicted: Predicted) -> tuple[str, str]:
    return _yo(gold.lemma), _yo(predicted.lemma)


def _same_word(a: str, b: str) -> bool:
    """Two lemmas that start alike: one word's lemma in two conventions («должен»/«должный»)."""
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return shared >= 3


PRONOUN_LEMMA_PAIRS = frozenset(
    {("его", "он"), ("ее", "она"), ("их", "они"), ("то", "тот"), ("это", "этот"), ("все", "весь")}
)
VOCALIZED = frozenset({("во", "в"), ("со", "с"), ("об", "о"), ("обо", "о"), ("ко", "к"), ("ото", "от")})
VERBAL_FEATS = ("VerbForm=Part", "VerbForm=Conv", "Variant=Short")


def _feats(gold: Gold, predicted: Predicted, *wanted: str) -> bool:
    return any(f in gold.feats or f in predicted.feats for f in wanted)


@dataclass(frozen=True)
class Convention:
    """A way UD differs by design from the dictionary or from the tagger's training treebank."""

    key: str  # short name in the report
    field: str  # "lemma" or "upos"
    description: str
    applies: Callable[[Gold, Predicted], bool]


CONVENTIONS: tuple[Convention, ...] = (
    Convention(
        "ё/е", "lemma", "lemmas are written with «е» («её» → «ее»)", lambda g, p: _yo(g.lemma) == _yo(p.lemma)
    ),
    Convention(
        "pronouns",
        "lemma",
        "UD: possessive «его», «её», «их» and «то», «это», «всё» are lemmas of their own; "
        "the dictionary: «он», «она», «они», «тот», «этот», «весь»",
        lambda g, p: _pair(g, p) in PRONOUN_LEMMA_PAIRS or _pair(g, p)[::-1] in PRONOUN_LEMMA_PAIRS,
    ),
    Convention(
        "во/со/об/ко",
        "lemma",
        "UD keeps the vowel of «во», «со», «об», «ко»; the dictionary's lemma is «в», «с», «о», «к»",
        lambda g, p: _pair(g, p) in VOCALIZED,
    ),
    Convention(
        "short forms, participles",
        "lemma",
        "a short form, participle or converb lemmatized to the adjective, the verb or the form itself "
        "(«должен»/«должный», «окрашено»/«окрасить»)",
        lambda g, p: _feats(g, p, *VERBAL_FEATS) and _same_word(*_pair(g, p)),
    ),
    Convention(
        "comparatives",
        "lemma",
        "a comparative: the dictionary gives the adjective («чаще» → «частый», «лучше» → «хороший»), "
        "UD the adverb or the form itself",
        lambda g, p: _feats(g, p, "Degree=Cmp"),
    ),
    Convention(
        "DET/PRON",
        "upos",
        "DET or PRON («его», «который», «все»)",
        lambda g, p: {g.upos, p.upos} == {"DET", "PRON"},
    ),
    Convention(
        "DET/ADJ",
        "upos",
        "DET or ADJ («сам», «самый», «другой»)",
        lambda g, p: {g.upos, p.upos} == {"DET", "ADJ"},
    ),
    Convention(
        "ADJ/NUM",
        "upos",
        "an ordinal in digits is ADJ in UD, NUM for the tagger («1990 году», «3-им»)",
        lambda g, p: (g.upos, p.upos) == ("ADJ", "NUM") and any(c.isdigit() for c in g.form),
    ),
    Convention(
        "AUX/VERB",
        "upos",
        "«быть» as AUX or VERB",
        lambda g, p: {g.upos, p.upos} == {"AUX", "VERB"} and g.lemma == "быть",
    ),
    Convention(
        "SYM/PUNCT",
        "upos",
        "SYM or PUNCT (emoticons, «/», «*»)",
        lambda g, p: {g.upos, p.upos} == {"SYM", "PUNCT"},
    ),
)
