"""Normal forms of names on text nobody here wrote: a hand-judged sample of NEREL train.

    python -m pipeline.bench.normal_eval [--table CSV] [--nerel DIR] [--sentence] [--errors]
    python -m pipeline.bench.normal_eval --draw CSV [--exclude-corpus DIR]

NEREL gives each name's span and surface only, so the normal forms were judged by hand
from the text (never from the pipeline's output) into `tests/data/nerel_normal_forms.csv`:
`doc_id, start, stop, type, text, normal, note, context, at`. A row with an empty `normal`
is a NEREL span that is not a name by `../shared/ANNOTATION.md` (an adjective, a generic
word in front); `note` says why, and it is not scored. `context` is the sentence around
the mention and `at` the mention's offset in it (what `tests/test_normalize.py` runs on).

Scoring runs the pipeline as `analyze` does on the whole NEREL document: segmentation,
morphology, the names stage, and normalization over all of the document's mentions — the
judged span in place of any predicted mention that overlaps it — so the evidence the
document gives (the same name in other cases) is there. `--sentence` scores each row on
its `context` sentence alone instead. Accuracy = rows whose normal form equals the judged
one, exactly (letters, case, «ё»).

`--draw` writes the candidate rows (no `normal`) the table was made from: the NEREL train
documents minus those of the gold set (`corpus/nerel_<id>.txt` is NEREL's `<id>` or
`<id>_text`), shuffled with seed 11; from the first 100, 200 outermost PER/LOC/ORG
mentions drawn with seed 11 and, because 29 of them were not names, 60 more of the rest
with seed 12.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.bench.datasets import GoldDocument, default_datasets_dir, load_nerel, outermost
from pipeline.models import Models, load_models
from pipeline.records import NAME_TYPES, EntityMention
from pipeline.stages.s02_segment import segment
from pipeline.stages.s03_morphology import tag_tokens
from pipeline.stages.s04_names import find_entities
from pipeline.stages.s05_normalize import normalize_mentions

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_TABLE = ROOT / "tests" / "data" / "nerel_normal_forms.csv"
COLUMNS = ("doc_id", "start", "stop", "type", "text", "normal", "note", "context", "at")
SEED, EXTRA_SEED, DOCS, FIRST, EXTRA = 11, 12, 100, 200, 60


@dataclass(frozen=True)
class Judged:
    doc_id: str
    start: int
    stop: int
    type: str
    text: str
    normal: str  # "" when the span is not a name (see `note`)
    note: str
    context: str  # the sentence around the mention
    at: int  # the mention's offset in `context`


def read_table(path: Path) -> list[Judged]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            Judged(
                row["doc_id"],
                int(row["start"]),
                int(row["stop"]),
                row["type"],
                row["text"],
                row["normal"],
                row["note"],
                row["context"],
                int(row["at"]),
            )
            for row in csv.DictReader(handle)
        ]


def write_table(path: Path, rows: Sequence[Judged]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([getattr(row, column) for column in COLUMNS])


def _sentence_around(text: str, start: int, stop: int) -> tuple[str, int]:
    for sentence in segment(text).sentences:
        if sentence.start <= start and stop <= sentence.stop:
            return text[sentence.start : sentence.stop], start - sentence.start
    line_start = text.rfind("\n", 0, start) + 1
    line_stop = text.find("\n", stop)
    return text[line_start : line_stop if line_stop >= 0 else len(text)], start - line_start


def draw_candidates(documents: Sequence[GoldDocument], exclude: set[str]) -> list[Judged]:
    """The rows the judged table was made from, `normal` empty (see the module doc)."""
    docs = {d.doc_id: d for d in documents if d.doc_id.removesuffix("_text") not in exclude}
    rng = random.Random(SEED)
    ids = sorted(docs)
    rng.shuffle(ids)
    pool = [
        (doc_id, m.start, m.stop, m.type, m.text)
        for doc_id in sorted(ids[:DOCS])
        for m in outermost(docs[doc_id].mentions, NAME_TYPES)
    ]
    first = sorted(rng.sample(pool, FIRST))
    taken = set(first)
    extra = sorted(random.Random(EXTRA_SEED).sample([p for p in pool if p not in taken], EXTRA))
    rows = []
    for doc_id, start, stop, type, text in first + extra:
        context, at = _sentence_around(docs[doc_id].text, start, stop)
        rows.append(Judged(doc_id, start, stop, type, text, "", "", context, at))
    return rows


def normals_in_document(doc: GoldDocument, rows: Sequence[Judged], models: Models) -> list[str]:
    """Normal forms of the judged spans of one document, normalized among its other mentions."""
    tokens = tag_tokens(segment(doc.text).tokens, models)
    judged = [EntityMention(r.start, r.stop, r.type, r.text, "") for r in rows]
    found = [
        m
        for m in find_entities(doc.text, tokens, models)
        if all(m.stop <= j.start or j.stop <= m.start for j in judged)
    ]
    mentions = sorted(found + judged, key=lambda m: (m.start, m.stop))
    normal = {
        (m.start, m.stop, m.type): m.normal
        for m in normalize_mentions(doc.text, tokens, mentions, models.morph)
    }
    return [normal[(r.start, r.stop, r.type)] for r in rows]


def normal_in_sentence(row: Judged, models: Models) -> str:
    tokens = tag_tokens(segment(row.context).tokens, models)
    mention = EntityMention(row.at, row.at + len(row.text), row.type, row.text, "")
    return normalize_mentions(row.context, tokens, [mention], models.morph)[0].normal


def score(rows: Sequence[Judged], nerel: Path, sentence: bool, models: Models) -> list[tuple[Judged, str]]:
    """(row, predicted normal) for every judged row that is a name."""
    scored = [r for r in rows if r.normal]
    if sentence:
        return [(r, normal_in_sentence(r, models)) for r in scored]
    by_doc: dict[str, list[Judged]] = {}
    for row in scored:
        by_doc.setdefault(row.doc_id, []).append(row)
    wanted = set(by_doc)
    results = []
    for doc in load_nerel(nerel):
        if doc.doc_id in wanted:
            rows_here = by_doc[doc.doc_id]
            results.extend(zip(rows_here, normals_in_document(doc, rows_here, models), strict=True))
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, default=DEFAULT_TABLE, help="the judged table (CSV)")
    parser.add_argument(
        "--nerel", type=Path, default=default_datasets_dir() / "nerel-train", help="NEREL train folder"
    )
    parser.add_argument(
        "--sentence", action="store_true", help="score each row on its context sentence alone"
    )
    parser.add_argument("--errors", action="store_true", help="print every wrong normal form")
    parser.add_argument("--draw", type=Path, help="write the candidate rows (no normal forms) to this CSV")
    parser.add_argument(
        "--exclude-corpus",
        type=Path,
        default=ROOT / "corpus",
        help="with --draw: leave out the NEREL documents whose text is in this folder as nerel_<id>.txt",
    )
    args = parser.parse_args(argv)
    if args.draw:
        exclude = {p.stem.removeprefix("nerel_") for p in args.exclude_corpus.glob("nerel_*.txt")}
        write_table(args.draw, draw_candidates(list(load_nerel(args.nerel)), exclude))
        return
    models = load_models()
    results = score(read_table(args.table), args.nerel, args.sentence, models)
    print(f"{'type':<5} {'names':>5} {'right':>5} {'accuracy':>8}")
    for type in (*NAME_TYPES, "ALL"):
        here = [(r, p) for r, p in results if type in (r.type, "ALL")]
        right = sum(r.normal == p for r, p in here)
        print(f"{type:<5} {len(here):>5} {right:>5} {right / len(here) if here else 0:>8.3f}")
    if args.errors:
        for row, predicted in results:
            if row.normal != predicted:
                print(
                    f"{row.doc_id}:{row.start} {row.type} {row.text!r} → {predicted!r}, judged {row.normal!r}"
                )


if __name__ == "__main__":
    main()
