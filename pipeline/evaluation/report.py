"""The evaluation's printout and its files (metrics.csv, errors.csv, pubdates.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.evaluation.mentions import NAME_TYPES, TYPES
from pipeline.evaluation.pubdates import pubdate_summary

if TYPE_CHECKING:
    from pipeline.evaluation.evaluate import Evaluation

CELL_HELP = "strict F1 · overlap F1 · value accuracy (gold mentions)"


def _number(value: float) -> str:
    return "  —  " if pd.isna(value) else f"{value:.3f}"


def _cell(row: pd.Series, overlap: pd.Series) -> str:
    scores = " ".join(_number(v) for v in (row["f1"], overlap["f1"], row["value_accuracy"]))
    return f"{scores} ({int(row['gold'])})"


def markdown(header: list[str], rows: list[list[str]]) -> str:
    """An aligned text table that is also valid Markdown."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in [header, *rows]
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def view_table(evaluation: Evaluation, view: str, types: tuple[str, ...]) -> str:
    """One row per type, one column per group of documents (and all), for one view."""
    metrics = evaluation.metrics.set_index(["group", "view", "mode", "type"])
    counts = evaluation.documents["group"].value_counts()
    groups = [*dict.fromkeys(evaluation.documents["group"].tolist())]
    groups = [*groups, "all"] if len(groups) > 1 else ["all"]
    header = ["type"] + [f"{g} ({counts.get(g, len(evaluation.documents))} docs)" for g in groups]
    rows = [
        [kind]
        + [
            _cell(metrics.loc[(g, view, "strict", kind)], metrics.loc[(g, view, "overlap", kind)])
            for g in groups
        ]
        for kind in types
    ]
    return markdown(header, rows)


def pubdate_text(evaluation: Evaluation) -> str:
    if evaluation.pubdates is None:
        return ""
    summary = pubdate_summary(evaluation.pubdates)
    rows = [[str(r.group), str(r.documents), str(r.right), str(r.empty), str(r.wrong), str(r.dated),
             str(r.from_metadata)] for r in summary.itertuples()]  # fmt: skip
    header = ["group", "documents", "right", "empty", "wrong", "dated in truth", "date from metadata"]
    return (
        "Publication dates (right: the true date, or none where the text gives none; empty: none "
        "where the text gives one)\n" + markdown(header, rows)
    )


def format_report(evaluation: Evaluation) -> str:
    """The printout of `python -m pipeline evaluate`."""
    docs = evaluation.documents
    groups = ", ".join(f"{g} {n}" for g, n in docs["group"].value_counts(sort=False).items())
    parts = [
        f"{len(docs)} gold documents ({groups}). Cells: {CELL_HELP}.",
        "Flat view (depth-0 rows)\n" + view_table(evaluation, "flat", (*TYPES, "ALL")),
        "Nested view (all rows; only names nest)\n" + view_table(evaluation, "nested", (*NAME_TYPES, "ALL")),
    ]
    dates = pubdate_text(evaluation)
    return "\n\n".join(parts + ([dates] if dates else []))


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Written whole, then renamed into place."""
    temporary = path.with_name(f".{path.name}.tmp")
    frame.to_csv(temporary, index=False, lineterminator="\n", float_format="%.4f")
    temporary.replace(path)


def write_report(evaluation: Evaluation, directory: Path) -> None:
    """metrics.csv, errors.csv and (when publication dates were scored) pubdates.csv in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    _write_csv(evaluation.metrics, directory / "metrics.csv")
    _write_csv(evaluation.errors, directory / "errors.csv")
    if evaluation.pubdates is not None:
        _write_csv(evaluation.pubdates, directory / "pubdates.csv")
