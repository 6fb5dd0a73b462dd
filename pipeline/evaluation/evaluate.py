"""Evaluation: predicted tables against the hand-annotated gold set (`python -m pipeline evaluate`).

Per type (PER, LOC, ORG, DATE, MONEY, PERCENT), in two views — flat (depth-0 rows, the
outermost mentions) and nested (every row) — and two modes — strict (same start, stop
and type) and overlap (same type, spans overlap, each mention matched once) — TP, FP,
FN, precision, recall, F1; and value accuracy: the share of strictly matched mentions
whose value (normal form, ISO date, amount and currency, percent) equals the gold's.
Every figure is given per group of documents (the `group` column of gold/documents.csv:
`seed` for the documents the rules were written beside, `new` for unseen text) and for
all of them. Optionally, publication-date accuracy (see `pubdates`). Only the documents
gold/documents.csv lists are scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.evaluation.mentions import TableError, check_against_texts, load_mentions
from pipeline.evaluation.metrics import error_table, match, metric_table
from pipeline.evaluation.pubdates import pubdate_table, read_pubdates
from pipeline.evaluation.report import write_report
from pipeline.evaluation.tables import read_table
from pipeline.records import parse_path
from pipeline.stages.s01_read import Skipped, read_document

DEFAULT_GROUP = "gold"


@dataclass(frozen=True)
class Evaluation:
    documents: pd.DataFrame  # doc_id, group
    metrics: pd.DataFrame  # metrics.METRIC_COLUMNS
    errors: pd.DataFrame  # metrics.ERROR_COLUMNS
    pubdates: pd.DataFrame | None = None  # pubdates.PUBDATE_COLUMNS, when asked for

    def metric(self, type: str, mode: str = "strict", view: str = "flat", group: str = "all") -> pd.Series:
        """The metric row of one type, mode, view and group."""
        m = self.metrics
        rows = m[(m["type"] == type) & (m["mode"] == mode) & (m["view"] == view) & (m["group"] == group)]
        if len(rows) != 1:
            raise KeyError(f"no metric row for {type}/{mode}/{view}/{group}")
        return rows.iloc[0]


def gold_documents(gold_dir: Path, gold: pd.DataFrame) -> pd.DataFrame:
    """doc_id and group of the documents the gold set covers: gold/documents.csv if present
    (group from its `group` column, else one group), else the documents that have gold rows."""
    listing = gold_dir / "documents.csv"
    if listing.exists():
        table = read_table(listing, "documents", required=("doc_id",))
    else:
        table = pd.DataFrame({"doc_id": pd.Series(sorted(set(gold["doc_id"])), dtype="string")})
    if "group" not in table:
        table = table.assign(group=DEFAULT_GROUP)
    duplicated = table["doc_id"].duplicated()
    if duplicated.any():
        raise TableError(f"{listing}: doc_id {table['doc_id'][duplicated].iloc[0]!r} listed twice")
    return table[["doc_id", "group"]].astype("string").reset_index(drop=True)


def evaluate(
    pred: pd.DataFrame,
    gold: pd.DataFrame,
    documents: pd.DataFrame,
    texts: dict[str, str] | None = None,
    pubdates: pd.DataFrame | None = None,
) -> Evaluation:
    """Score mention frames (`mentions.load_mentions`) over `documents` (doc_id, group);
    `texts` (doc_id → text) gives the errors their context."""
    covered = set(documents["doc_id"])
    pred, gold = pred[pred["doc_id"].isin(covered)], gold[gold["doc_id"].isin(covered)]
    groups = pd.Series(documents["group"].to_numpy(), index=documents["doc_id"].to_numpy())
    outcomes = match(pred, gold)
    return Evaluation(
        documents=documents,
        metrics=metric_table(outcomes, groups),
        errors=error_table(outcomes, pred, gold, groups, texts or {}),
        pubdates=pubdates,
    )


def read_texts(pred_dir: Path) -> dict[str, str]:
    """doc_id → text, through the `path` column of the predictions' documents.csv."""
    listing = pred_dir / "documents.csv"
    if not listing.exists():
        return {}
    texts: dict[str, str] = {}
    for row in read_table(listing, "documents", required=("doc_id", "path")).itertuples():
        read = read_document(Path(parse_path(row.path)))
        if not isinstance(read, Skipped):
            texts[row.doc_id] = read[0]
    return texts


def evaluate_dirs(
    pred_dir: Path, gold_dir: Path, report_dir: Path | None = None, pubdates: Path | None = None
) -> Evaluation:
    """Score the tables in `pred_dir` against `gold_dir` and write the report files.

    `pubdates`: a doc_id,date table of true publication dates to score the run's doc_date
    against. A gold row that does not fit its document's text (offsets out of range,
    another text) raises TableError naming file and line.
    """
    gold = load_mentions(gold_dir)
    documents = gold_documents(gold_dir, gold)
    if documents.empty:
        raise TableError(f"{gold_dir}: no gold documents (neither documents.csv nor gold rows)")
    texts = read_texts(pred_dir)
    known = gold[gold["doc_id"].isin(texts) & gold["doc_id"].isin(documents["doc_id"])]
    problems = check_against_texts(known, texts, str(gold_dir))
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise TableError("gold does not fit the documents: " + "; ".join(problems[:5]) + more)
    dates = None
    if pubdates is not None:
        run = read_table(
            pred_dir / "documents.csv", "documents", required=("doc_id", "doc_date", "doc_date_source")
        )
        dates = pubdate_table(documents, run, read_pubdates(pubdates))
    evaluation = evaluate(load_mentions(pred_dir), gold, documents, texts, dates)
    write_report(evaluation, report_dir or pred_dir / "eval")
    return evaluation
