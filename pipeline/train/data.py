"""Gold documents in the split convention, the fixed train/dev split, and BIO sequences shaped
like the pipeline's input: one sequence per non-blank line (razdel tokens), plus each sentence
of a multi-sentence line on its own (short sequences: headlines, single sentences)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pymorphy3 import MorphAnalyzer
from razdel import sentenize, tokenize
from slovnet.bio import bio_spans
from slovnet.token import Token

from pipeline.bench.datasets import outermost
from pipeline.bench.splits import is_dev

from .convention import build_lexicon, split_view
from .corpora import NAME_TYPES, Document, Mention, load_factru, load_nerel


@dataclass(frozen=True)
class Gold:
    """A document with its gold mentions: `mentions` in the split convention (the tagger's
    target), `outer` NEREL's outermost mentions (for reference; factRuEval: the same)."""

    doc: Document
    mentions: tuple[Mention, ...]
    outer: tuple[Mention, ...]


@dataclass(frozen=True)
class Corpora:
    train: dict[str, list[Gold]]  # "nerel" / "factru" → documents
    dev: dict[str, list[Gold]]


def load_corpora(datasets: Path) -> Corpora:
    """Both corpora, the project's gold documents excluded, split by `is_dev`. The NEREL
    capitalisation lexicon (see `convention.Lexicon`) is counted on NEREL train only."""
    nerel = load_nerel(datasets / "nerel-train")
    factru = load_factru(datasets / "factru-dev")
    lexicon = build_lexicon((d for d in nerel if not is_dev("nerel", d.doc_id)), MorphAnalyzer())
    golds = {
        "nerel": [Gold(d, split_view(d, lexicon), outermost(d.mentions, NAME_TYPES)) for d in nerel],
        "factru": [Gold(d, d.mentions, d.mentions) for d in factru],
    }
    train = {name: [g for g in docs if not is_dev(name, g.doc.doc_id)] for name, docs in golds.items()}
    dev = {name: [g for g in docs if is_dev(name, g.doc.doc_id)] for name, docs in golds.items()}
    return Corpora(train, dev)


@dataclass(frozen=True)
class Line:
    """A piece of a document's text tagged as one model input: a line or a sentence."""

    start: int  # offset of the piece in the document
    spans: tuple[tuple[int, int], ...]  # razdel tokens, document offsets
    words: tuple[str, ...]


def lines_of(text: str) -> list[Line]:
    """Every non-blank line, razdel-tokenized: exactly what the pipeline feeds the tagger."""
    lines, offset = [], 0
    for line in text.split("\n"):
        tokens = list(tokenize(line))
        if tokens:
            spans = tuple((offset + t.start, offset + t.stop) for t in tokens)
            lines.append(Line(offset, spans, tuple(t.text for t in tokens)))
        offset += len(line) + 1
    return lines


def sentences_of(text: str) -> list[Line]:
    """Each sentence of a line that has more than one, razdel-tokenized."""
    pieces = []
    for line in lines_of(text):
        first, last = line.spans[0][0], line.spans[-1][1]
        sentences = list(sentenize(text[first:last]))
        if len(sentences) < 2:
            continue
        for sentence in sentences:
            start = first + sentence.start
            spans = tuple((start + t.start, start + t.stop) for t in tokenize(sentence.text))
            pieces.append(Line(start, spans, tuple(t.text for t in tokenize(sentence.text))))
    return pieces


def bio_tags(spans: Sequence[tuple[int, int]], mentions: Iterable[Mention]) -> list[str]:
    """B-/I-TYPE for tokens overlapping a mention (B on the first one), O elsewhere."""
    tags = ["O"] * len(spans)
    for m in mentions:
        inside = [i for i, (a, b) in enumerate(spans) if a < m.stop and m.start < b]
        for n, i in enumerate(inside):
            tags[i] = ("B-" if n == 0 else "I-") + m.type
    return tags


def tagged_pieces(
    gold: Gold, sentences: bool, silver: Sequence[Mention] = ()
) -> list[tuple[tuple[str, ...], list[str]]]:
    """(words, BIO tags) for each line of the document, and each sentence if asked; `silver`
    mentions (see `silver_view`) are added to the gold ones."""
    pieces = lines_of(gold.doc.text) + (sentences_of(gold.doc.text) if sentences else [])
    mentions = sorted([*gold.mentions, *silver], key=lambda m: m.start)
    return [(p.words, bio_tags(p.spans, mentions)) for p in pieces]


def silver_view(gold: Gold, predicted: Sequence[Mention]) -> list[Mention]:
    """The predicted mentions that lie inside one of NEREL's FACILITY/PRODUCT spans and touch
    no gold mention: there the shipped model's tags are kept instead of O."""
    return [
        m
        for m in predicted
        if any(o.start <= m.start and m.stop <= o.stop for o in gold.doc.others)
        and not any(g.start < m.stop and m.start < g.stop for g in gold.mentions)
    ]


def spans_from_bio(line: Line, tags: Sequence[str]) -> list[Mention]:
    """Mentions from a line's tags, decoded as slovnet (and the pipeline) decode them."""
    tokens = [Token(start, stop, word) for (start, stop), word in zip(line.spans, line.words, strict=True)]
    return [Mention(s.start, s.stop, s.type) for s in bio_spans(tokens, tags)]
