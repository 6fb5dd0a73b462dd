"""The evaluation report: one self-contained HTML page (`python -m pipeline evaluate --html FILE`).

The figures are `evaluate`'s (metrics table, P/R/F1 per type and mode, value accuracy);
the confusion between types and the kinds of error come from the same cases the
document views show, and every error links to its place in its document's view, which
is written beside the report (view/DOC.html).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from pipeline.evaluation.evaluate import Evaluation
from pipeline.evaluation.html import esc, href, page, tag, view_file, write_atomic
from pipeline.evaluation.marks import ERRORS, STATUS_LABELS, Case, confusion
from pipeline.evaluation.mentions import TYPES
from pipeline.evaluation.metrics import ALL, MODES, VIEWS
from pipeline.evaluation.pages import Folders, document_paths, load_views
from pipeline.evaluation.style import MEASURE_COLORS, STATUS_STYLES, type_color
from pipeline.evaluation.svg import grouped_bars, horizontal_bars
from pipeline.evaluation.view import DocumentView

CONTEXT_CHARS = 50
VIEW_DIR = "view"


METRIC_HEAD = ("view", "mode", "type", "gold", "predicted", "tp", "fp", "fn", "precision", "recall", "f1",
               "value_accuracy")  # fmt: skip
_MODE_NOTES = {"strict": "same start and stop", "overlap": "spans overlap, each mention matched once"}
_VIEW_NOTES = {"flat": "outermost mentions (depth 0)", "nested": "every mention, nested names too"}


def _number(value: object) -> str:
    if pd.isna(value):  # type: ignore[call-overload]
        return "—"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _all(evaluation: Evaluation) -> pd.DataFrame:
    return evaluation.metrics[evaluation.metrics["group"] == ALL]


def _metrics_table(evaluation: Evaluation) -> str:
    head = "".join(f"<th{' class=num' if i > 2 else ''}>{c}</th>" for i, c in enumerate(METRIC_HEAD))
    rows = []
    for row in _all(evaluation)[list(METRIC_HEAD)].itertuples(index=False):
        cells = "".join(
            f"<td{' class=num' if i > 2 else ''}>{esc(_number(v))}</td>" for i, v in enumerate(row)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _groups_table(evaluation: Evaluation) -> str:
    """Strict F1 per type and group of documents (flat view), where there are several groups."""
    groups = list(dict.fromkeys(evaluation.documents["group"].tolist()))
    if len(groups) < 2:
        return ""
    m = evaluation.metrics.set_index(["group", "view", "mode", "type"])
    counts = evaluation.documents["group"].value_counts()
    head = "".join(f"<th class=num>{esc(g)} ({counts[g]})</th>" for g in groups) + "<th class=num>all</th>"
    rows = []
    for kind in [*TYPES, "ALL"]:
        cells = "".join(f"<td class=num>{_number(m.loc[(g, 'flat', 'strict', kind), 'f1'])}</td>"
                        for g in [*groups, ALL])  # fmt: skip
        rows.append(f"<tr><td>{kind}</td>{cells}</tr>")
    return (
        "<h2>By group of documents</h2><p class=sub>strict F1, flat view; the number of documents "
        f"in brackets</p><table><tr><th>type</th>{head}</tr>{''.join(rows)}</table>"
    )


def _charts(evaluation: Evaluation) -> str:
    metrics = _all(evaluation)
    figures = []
    for view in VIEWS:
        for mode in MODES:
            rows = metrics[(metrics["view"] == view) & (metrics["mode"] == mode)]
            values = {
                (r.type, measure): (None if pd.isna(getattr(r, measure)) else float(getattr(r, measure)))
                for r in rows.itertuples()
                for measure in MEASURE_COLORS
            }
            label = f"precision, recall and F1 per type, {view} view, {mode}"
            chart = grouped_bars(label, [*TYPES, "ALL"], MEASURE_COLORS, values)
            note = f"{view}, {mode}: {_VIEW_NOTES[view]}; same type, {_MODE_NOTES[mode]}"
            figures.append(f"<figure>{chart}<figcaption>{note}</figcaption></figure>")
    for view in VIEWS:
        rows = metrics[(metrics["view"] == view) & (metrics["mode"] == "strict")]
        bars = [
            # metrics has the share, not the count of matches: share × tp gives it back exactly
            (r.type, None if pd.isna(r.value_accuracy) else float(r.value_accuracy),
             f"{round(r.value_accuracy * r.tp) if r.tp else 0}/{r.tp}", type_color(r.type) if r.type in TYPES
             else "#57606a")
            for r in rows.itertuples()
        ]  # fmt: skip
        accuracy = horizontal_bars(f"value accuracy per type, {view} view", bars)
        figures.append(
            f"<figure>{accuracy}<figcaption>value accuracy, {view}: strict matches whose normal form or "
            "value is the gold's</figcaption></figure>"
        )
    return f'<div class="charts">{"".join(figures)}</div>'


def _confusion(cases: list[Case]) -> str:
    table = confusion(cases)
    top = max(table.values(), default=1)
    columns = [*TYPES, ""]
    head = "".join(f"<th class=heat>{esc(t or 'none (missed)')}</th>" for t in columns)
    rows = []
    for gold in [*TYPES, ""]:
        cells = []
        for pred in columns:
            n = table.get((gold, pred), 0)
            rgb = "45,164,78" if gold == pred else "207,34,46"
            alpha = 0 if not n else 0.12 + 0.5 * n / top
            style = f"background:rgba({rgb},{alpha:.2f})"
            cells.append(f'<td class="heat num" style="{style}">{n or ""}</td>')
        rows.append(f"<tr><th>{esc(gold or 'none (spurious)')}</th>{''.join(cells)}</tr>")
    return f"<table><tr><th>gold \\ predicted</th>{head}</tr>{''.join(rows)}</table>"


def _context(text: str, start: int, stop: int) -> str:
    left = text[max(0, start - CONTEXT_CHARS) : start]
    right = text[stop : stop + CONTEXT_CHARS]

    def flat(part: str) -> str:
        return esc(part.replace("\r", " ").replace("\n", "⏎"))

    return f'<span class="ctx">{flat(left)}<mark>{flat(text[start:stop])}</mark>{flat(right)}</span>'


def _side(case: Case, which: str) -> str:
    side = case.pred if which == "pred" else case.gold
    return "" if side is None else esc(f"{side.type} «{side.text}» → {side.value}")


def _errors(views: list[DocumentView]) -> str:
    by_kind: dict[str, list[str]] = {kind: [] for kind in ERRORS}
    for view in views:
        link = f"{VIEW_DIR}/{href(view_file(view.doc_id))}"
        for case in view.cases:
            if case.status in by_kind:
                cells = [
                    tag("a", esc(view.doc_id), href=f"{link}#c{case.id}"),
                    esc(case.first.type),
                    _context(view.text, case.start, case.stop),
                    _side(case, "pred"),
                    _side(case, "gold"),
                ]
                by_kind[case.status].append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "<tr><th>document</th><th>type</th><th>in context</th><th>predicted</th><th>gold</th></tr>"
    sections = []
    for kind, rows in by_kind.items():
        swatch = f'<span class="sw st s-{kind}">{STATUS_LABELS[kind]}</span>'
        table = f"<table>{head}{''.join(rows)}</table>" if rows else "<p class=sub>none</p>"
        sections.append(
            f"<details{' open' if rows else ''}><summary>{swatch} {len(rows)}</summary>{table}</details>"
        )
    return "".join(sections)


def _documents(views: list[DocumentView], groups: dict[str, str], missing: list[str]) -> str:
    rows = []
    for view in views:
        counts = view.counts()
        link = tag("a", esc(view.doc_id), href=f"{VIEW_DIR}/{href(view_file(view.doc_id))}")
        cells = [sum(1 for c in view.cases if c.gold), sum(1 for c in view.cases if c.pred)]
        cells += [sum(counts[e] for e in ERRORS)] + [_number(view.scores[v].f1) for v in VIEWS]
        rows.append(
            f"<tr><td>{link}</td><td>{esc(groups.get(view.doc_id, ''))}</td>"
            + "".join(f"<td class=num>{c}</td>" for c in cells)
            + "</tr>"
        )
    rows += [f"<tr><td>{esc(d)}</td><td>{esc(groups.get(d, ''))}</td><td colspan=5 class=sub>not in the "
             "predictions</td></tr>" for d in missing]  # fmt: skip
    head = "<tr><th>document</th><th>group</th><th class=num>gold</th><th class=num>predicted</th>"
    head += "<th class=num>errors</th><th class=num>strict F1 flat</th><th class=num>nested</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def report_page(
    evaluation: Evaluation, folders: Folders, views: list[DocumentView], missing: list[str]
) -> str:
    cases = [case for view in views for case in view.cases]
    groups = dict(zip(evaluation.documents["doc_id"], evaluation.documents["group"], strict=True))
    statuses = Counter(case.status for case in cases)
    summary = " · ".join(
        f'<span class="sw st s-{s}">{STATUS_LABELS[s]}</span> {statuses.get(s, 0)}' for s in STATUS_STYLES
    )
    body = (
        '<div class="rx"><div class="page"><h1>Evaluation</h1>'
        f'<p class="sub">predictions: {esc(folders.pred)}'
        f" · gold: {esc(folders.gold)} · {len(evaluation.documents)} documents</p><p>{summary}</p>"
        f"<h2>Metrics</h2>{_metrics_table(evaluation)}{_groups_table(evaluation)}"
        f"<h2>Precision, recall, F1 and value accuracy</h2>{_charts(evaluation)}"
        "<h2>Confusion between types</h2><p class=sub>The cases of the document views (every mention, "
        f"nested names too): a gold mention (row) and the prediction that answers it (column).</p>"
        f"{_confusion(cases)}"
        f"<h2>Documents</h2>{_documents(views, groups, missing)}"
        f"<h2>Errors</h2>{_errors(views)}</div></div>"
    )
    return page("Evaluation — ruextract", body, script=False)


def write_report_page(evaluation: Evaluation, pred: Path, gold: Path, path: Path) -> Path:
    """Write the report to `path` and the views of the scored documents to view/ beside it."""
    folders = Folders(pred, gold)
    known = document_paths(pred)
    documents = evaluation.documents["doc_id"].tolist()
    present = [d for d in documents if d in known]
    missing = [d for d in documents if d not in known]
    views = list(load_views(folders, present))
    for view in views:
        view.save(path.parent / VIEW_DIR / view_file(view.doc_id))
    write_atomic(path, report_page(evaluation, folders, views, missing))
    return path
