"""Plain natasha on a corpus, written as the project's tables, so `evaluate` can score it.

    python -m pipeline.bench.baseline --input corpus --output outputs/natasha
    python -m pipeline evaluate --pred outputs/natasha --gold corpus/gold

natasha as its README runs it: NewsNERTagger on the whole text, NewsMorphTagger and `span.normalize`,
DatesExtractor and MoneyExtractor (it has no percent extractor). Values are what its facts
say: a date without a year keeps `XXXX`, as natasha resolves nothing against a document date.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.records import DateMention, DocumentResult, EntityMention, MoneyMention, format_path
from pipeline.stages.s01_read import Skipped, doc_ids, list_corpus, read_document
from pipeline.stages.s10_tables import write_tables


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


def natasha_tables(input_dir: Path, output_dir: Path) -> int:
    from natasha import Doc

    natasha = load_plain_natasha()
    paths, _ = list_corpus(input_dir, exclude=[output_dir])
    ids = doc_ids(paths, input_dir)
    results = []
    for path in paths:
        read = read_document(path)
        if isinstance(read, Skipped):
            continue
        text, encoding = read
        doc = Doc(text)
        doc.segment(natasha.segmenter)
        doc.tag_morph(natasha.morph)  # span.normalize needs the morphology
        doc.tag_ner(natasha.ner)
        entities = []
        for span in doc.spans:
            span.normalize(natasha.vocab)
            entities.append(
                EntityMention(span.start, span.stop, span.type, span.text, span.normal or span.text)
            )
        found_dates = [
            DateMention(m.start, m.stop, text[m.start : m.stop], _iso(m.fact.year, m.fact.month, m.fact.day))
            for m in natasha.dates(text)
        ]
        found_money = [
            MoneyMention(
                m.start, m.stop, text[m.start : m.stop], Decimal(str(m.fact.amount)), m.fact.currency
            )
            for m in natasha.money(text)
        ]
        results.append(
            DocumentResult(ids[path], format_path(str(path)), text, None, "none", encoding,
                           entities=tuple(entities), dates=tuple(found_dates), money=tuple(found_money))
        )  # fmt: skip
    write_tables(output_dir, results)
    return len(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.bench.baseline", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--input", type=Path, default=Path("corpus"), metavar="DIR", help="corpus folder")
    parser.add_argument("--output", type=Path, default=Path("outputs/natasha"), metavar="DIR",
                        help="where natasha's tables go (default: outputs/natasha)")  # fmt: skip
    args = parser.parse_args(argv)
    count = natasha_tables(args.input, args.output)
    print(f"plain natasha: {count} documents → {args.output}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
