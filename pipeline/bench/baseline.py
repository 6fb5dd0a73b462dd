"""Plain natasha on a corpus, written as the project's tables, so `evaluate` can score it.

    python -m pipeline.bench.baseline --input corpus --output outputs/natasha
    python -m pipeline evaluate --pred outputs/natasha --gold corpus/gold

natasha as its README runs it: Segmenter, NewsMorphTagger with MorphVocab lemmas for every
token, NewsNERTagger on the whole text and `span.normalize`, DatesExtractor and MoneyExtractor
(it has no percent extractor, and links no entities). This is also the baseline `make bench`
times, as a command beside the project's `extract`. Values are what its facts say: a date
without a year keeps `XXXX`, as natasha resolves nothing against a document date.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.cli import EXIT_OK, EXIT_SKIPPED
from pipeline.records import (
    DateMention,
    DocumentResult,
    EntityMention,
    MoneyMention,
    Sentence,
    Token,
    format_feats,
    format_path,
)
from pipeline.stages.s01_read import Skipped, doc_ids, list_corpus, read_document
from pipeline.stages.s10_tables import TableWriter


def _iso(year: int | None, month: int | None, day: int | None) -> str:
    parts = [f"{year:04d}" if year else "XXXX"]
    if month:
        parts.append(f"{month:02d}")
        if day:
            parts.append(f"{day:02d}")
    elif day:
        parts += ["XX", f"{day:02d}"]
    return "-".join(parts)


@dataclass(frozen=True)
class PlainNatasha:
    """natasha's components as its README builds them (the baseline for evaluation and bench)."""

    segmenter: Any
    vocab: Any  # MorphVocab: lemmas and normal forms
    morph: Any
    ner: Any
    dates: Any
    money: Any


@lru_cache(maxsize=1)
def load_plain_natasha() -> PlainNatasha:
    from natasha import (
        DatesExtractor,
        MoneyExtractor,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        Segmenter,
    )

    embedding, vocab = NewsEmbedding(), MorphVocab()
    return PlainNatasha(
        Segmenter(), vocab, NewsMorphTagger(embedding), NewsNERTagger(embedding),
        DatesExtractor(vocab), MoneyExtractor(vocab),
    )  # fmt: skip


def natasha_document(
    natasha: PlainNatasha, doc_id: str, path: Path, text: str, encoding: str
) -> DocumentResult:
    """One text through natasha, the way its README runs it, as the project's records."""
    from natasha import Doc

    doc = Doc(text)
    doc.segment(natasha.segmenter)
    doc.tag_morph(natasha.morph)
    for token in doc.tokens:
        token.lemmatize(natasha.vocab)
    doc.tag_ner(natasha.ner)
    sentences = tuple(Sentence(number, sent.start, sent.stop) for number, sent in enumerate(doc.sents))
    tokens = tuple(
        Token(number, index, t.start, t.stop, t.text, t.lemma.lower(), t.pos, format_feats(t.feats))
        for number, sent in enumerate(doc.sents)
        for index, t in enumerate(sent.tokens)
    )
    entities = []
    for span in doc.spans:
        span.normalize(natasha.vocab)
        entities.append(EntityMention(span.start, span.stop, span.type, span.text, span.normal or span.text))
    found_dates = [
        DateMention(m.start, m.stop, text[m.start : m.stop], _iso(m.fact.year, m.fact.month, m.fact.day))
        for m in natasha.dates(text)
    ]
    found_money = [
        MoneyMention(m.start, m.stop, text[m.start : m.stop], Decimal(str(m.fact.amount)), m.fact.currency)
        for m in natasha.money(text)
    ]
    return DocumentResult(
        doc_id, format_path(str(path)), text, None, "none", encoding, sentences=sentences, tokens=tokens,
        entities=tuple(entities), dates=tuple(found_dates), money=tuple(found_money),
    )  # fmt: skip


@dataclass(frozen=True)
class BaselineSummary:
    documents: int
    tokens: int
    skipped: tuple[Skipped, ...]


def natasha_tables(input_dir: Path, output_dir: Path, quiet: bool = False) -> BaselineSummary:
    """Plain natasha over a corpus into the project's tables; files it cannot read are skipped
    as `extract` skips them: one line each on stderr (unless `quiet`) and a row in skipped.csv."""
    natasha = load_plain_natasha()
    paths, skipped = list_corpus(input_dir, exclude=[output_dir])
    ids = doc_ids(paths, input_dir)
    skipped = list(skipped)
    if not quiet:
        for item in skipped:
            print(f"skipped {item.path}: {item.reason}", file=sys.stderr)
    documents = tokens = 0
    with TableWriter(output_dir) as writer:
        for path in sorted(paths, key=lambda path: ids[path]):
            read = read_document(path)
            if isinstance(read, Skipped):
                skipped.append(read)
                if not quiet:
                    print(f"skipped {read.path}: {read.reason}", file=sys.stderr)
                continue
            result = natasha_document(natasha, ids[path], path, *read)
            writer.write(result)
            documents += 1
            tokens += len(result.tokens)
        for item in skipped:
            writer.skip(item)
        writer.commit()
    return BaselineSummary(documents, tokens, tuple(skipped))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.bench.baseline",
        description=__doc__.split("\n")[0],
        epilog="exit codes: 0 every document was processed; 3 the tables were written, but some files "
        "were skipped (listed on stderr and in skipped.csv)",
    )
    parser.add_argument("--input", type=Path, default=Path("corpus"), metavar="DIR", help="corpus folder")
    parser.add_argument("--output", type=Path, default=Path("outputs/natasha"), metavar="DIR",
                        help="where natasha's tables go (default: outputs/natasha)")  # fmt: skip
    parser.add_argument("--quiet", action="store_true", help="no per-file messages")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    summary = natasha_tables(args.input, args.output, quiet=args.quiet)
    seconds = time.perf_counter() - started
    print(f"plain natasha: {summary.documents} documents, {summary.tokens} tokens in {seconds:.1f} s "
          f"→ {args.output}/", file=sys.stderr)  # fmt: skip
    if summary.skipped:
        print(f"{len(summary.skipped)} file(s) skipped, listed in {args.output}/skipped.csv", file=sys.stderr)
        return EXIT_SKIPPED
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
