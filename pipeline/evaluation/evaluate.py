"""Evaluation: predicted tables against the hand-annotated gold set.

Per type (PER, LOC, ORG, DATE, MONEY, PERCENT) and in two modes — strict (same start,
stop and type) and overlap (same type, spans overlap, each gold mention matched once) —
TP, FP, FN, precision, recall, F1; and value accuracy: the share of strictly matched
mentions whose normalized value (normal form, ISO date, amount and currency, percent)
equals the gold value. Only the documents the gold set covers are scored.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline.evaluation.mentions import TYPES, Mention, TableError, check_against_texts, load_mentions
from pipeline.evaluation.scoring import Counts, align
from pipeline.stages.s01_read import Skipped, read_document

MODES = ("strict", "overlap")
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class MetricRow:
    type: str
    mode: str
    counts: Counts
    value_matches: int  # strict matches whose value agrees (strict rows only)

    @property
    def value_accuracy(self) -> float | None:
        if self.mode != "strict" or not self.counts.tp:
            return None
        return self.value_matches / self.counts.tp


@dataclass(frozen=True)
class ErrorRow:
    doc_id: str
    type: str
    error: str  # false_positive, false_negative, wrong_value
    start: int
    stop: int
    text: str
    predicted: str
    gold: str
    context: str


@dataclass(frozen=True)
class Evaluation:
    metrics: tuple[MetricRow, ...]
    errors: tuple[ErrorRow, ...]
    documents: tuple[str, ...]


def gold_documents(gold_dir: Path, gold: list[Mention]) -> list[str]:
    """The documents the gold set covers: gold/documents.csv if present, else those with rows."""
    listing = gold_dir / "documents.csv"
    if listing.exists():
        with open(listing, encoding="utf-8-sig", newline="") as handle:
            return sorted({row["doc_id"] for row in csv.DictReader(handle)})
    return sorted({m.doc_id for m in gold})


def _context(text: str | None, start: int, stop: int) -> str:
    if text is None:
        return ""
    left = text[max(0, start - CONTEXT_CHARS) : start]
    right = text[stop : stop + CONTEXT_CHARS]
    return f"{left}[{text[start:stop]}]{right}".replace("\r", " ").replace("\n", "⏎")


def _overlapping(m: Mention, others: list[Mention]) -> str:
    hits = [o for o in others if o.start < m.stop and m.start < o.stop]
    return "; ".join(f"{o.type} {o.text!r}" for o in hits)


def evaluate(
    pred: list[Mention], gold: list[Mention], documents: list[str], texts: dict[str, str]
) -> Evaluation:
    """Score `pred` against `gold` over `documents`; `texts` (doc_id → text) gives error context."""
    covered = set(documents)
    by_key: dict[tuple[str, str, str], list[Mention]] = defaultdict(list)
    for side, mentions in (("pred", pred), ("gold", gold)):
        for m in mentions:
            if m.doc_id in covered:
                by_key[(side, m.doc_id, m.type)].append(m)
    totals = {(t, mode): Counts() for t in TYPES for mode in MODES}
    value_matches = dict.fromkeys(TYPES, 0)
    errors: list[ErrorRow] = []
    for doc_id in sorted(covered):
        text = texts.get(doc_id)
        doc_gold = [m for t in TYPES for m in by_key[("gold", doc_id, t)]]
        doc_pred = [m for t in TYPES for m in by_key[("pred", doc_id, t)]]
        for kind in TYPES:
            p, g = by_key[("pred", doc_id, kind)], by_key[("gold", doc_id, kind)]
            for mode in MODES:
                alignment = align(p, g, mode)
                totals[(kind, mode)] += alignment.counts
                if mode != "strict":
                    continue
                for i, j in alignment.pairs:
                    if p[i].value == g[j].value:
                        value_matches[kind] += 1
                    else:
                        errors.append(
                            ErrorRow(
                                doc_id,
                                kind,
                                "wrong_value",
                                p[i].start,
                                p[i].stop,
                                p[i].text,
                                p[i].value,
                                g[j].value,
                                _context(text, p[i].start, p[i].stop),
                            )
                        )
                for i in alignment.unmatched_pred:
                    m = p[i]
                    errors.append(
                        ErrorRow(
                            doc_id,
                            kind,
                            "false_positive",
                            m.start,
                            m.stop,
                            m.text,
                            m.value,
                            _overlapping(m, doc_gold),
                            _context(text, m.start, m.stop),
                        )
                    )
                for j in alignment.unmatched_gold:
                    m = g[j]
                    errors.append(
                        ErrorRow(
                            doc_id,
                            kind,
                            "false_negative",
                            m.start,
                            m.stop,
                            m.text,
                            _overlapping(m, doc_pred),
                            m.value,
                            _context(text, m.start, m.stop),
                        )
                    )
    metrics = [MetricRow(t, mode, totals[(t, mode)], value_matches[t] if mode == "strict" else 0)
               for t in TYPES for mode in MODES]  # fmt: skip
    for mode in MODES:
        overall = sum((totals[(t, mode)] for t in TYPES), Counts())
        metrics.append(
            MetricRow("ALL", mode, overall, sum(value_matches.values()) if mode == "strict" else 0)
        )
    errors.sort(key=lambda e: (e.doc_id, e.start, e.stop, e.type, e.error))
    return Evaluation(tuple(metrics), tuple(errors), tuple(sorted(covered)))


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


METRIC_COLUMNS = ("type", "mode", "tp", "fp", "fn", "precision", "recall", "f1", "value_accuracy")
ERROR_COLUMNS = ("doc_id", "type", "error", "start", "stop", "text", "predicted", "gold", "context")


def metric_cells(row: MetricRow) -> list[str]:
    c = row.counts
    return [row.type, row.mode, str(c.tp), str(c.fp), str(c.fn),
            _fmt(c.precision), _fmt(c.recall), _fmt(c.f1), _fmt(row.value_accuracy)]  # fmt: skip


def format_table(evaluation: Evaluation) -> str:
    """The metrics as an aligned text table (also valid Markdown)."""
    rows = [list(METRIC_COLUMNS)] + [metric_cells(r) for r in evaluation.metrics]
    widths = [max(len(r[i]) for r in rows) for i in range(len(METRIC_COLUMNS))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def write_report(evaluation: Evaluation, directory: Path) -> None:
    """metrics.csv and errors.csv in `directory`, written whole then renamed into place."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, columns, rows in (
        ("metrics", METRIC_COLUMNS, [metric_cells(r) for r in evaluation.metrics]),
        ("errors", ERROR_COLUMNS, [[e.doc_id, e.type, e.error, e.start, e.stop, e.text, e.predicted,
                                    e.gold, e.context] for e in evaluation.errors]),
    ):  # fmt: skip
        temporary = directory / f".{name}.csv.tmp"
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)
        temporary.replace(directory / f"{name}.csv")


def read_texts(pred_dir: Path) -> dict[str, str]:
    """doc_id → text, through the `path` column of the predictions' documents.csv."""
    texts: dict[str, str] = {}
    listing = pred_dir / "documents.csv"
    if not listing.exists():
        return texts
    with open(listing, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            read = read_document(Path(row["path"]))
            if not isinstance(read, Skipped):
                texts[row["doc_id"]] = read[0]
    return texts


def evaluate_dirs(pred_dir: Path, gold_dir: Path, report_dir: Path | None = None) -> Evaluation:
    """Score the tables in `pred_dir` against `gold_dir`; a gold row that does not fit its
    document's text (offsets out of range, another text) raises TableError naming file and line."""
    gold = load_mentions(gold_dir)
    documents = gold_documents(gold_dir, gold)
    texts = read_texts(pred_dir)
    known = [m for m in gold if m.doc_id in texts and m.doc_id in documents]
    problems = check_against_texts(known, texts, str(gold_dir))
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise TableError("gold does not fit the documents: " + "; ".join(problems[:5]) + more)
    evaluation = evaluate(load_mentions(pred_dir), gold, documents, texts)
    write_report(evaluation, report_dir or pred_dir / "eval")
    return evaluation
