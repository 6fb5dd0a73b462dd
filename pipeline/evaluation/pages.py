"""Views built from table folders: one document, every document with an index page, and
`show` for a notebook (`python -m pipeline view`, `pipeline.show`).

The predictions come from a folder of tables (`outputs/`), the text through the `path`
column of its documents.csv, and the gold, where the gold folder lists the document,
from `corpus/gold/` — read by `evaluation.mentions` and checked against the text as
`evaluate` checks it. A document's score is `evaluate`'s, for that document alone.
"""

from __future__ import annotations

import csv
import difflib
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.evaluation.evaluate import gold_documents
from pipeline.evaluation.html import esc, href, page, tag, view_file, write_atomic
from pipeline.evaluation.marks import ERRORS, Side, classify, entity_names, load_sides
from pipeline.evaluation.mentions import MENTION_COLUMNS, TYPES, check_against_texts, empty_mentions
from pipeline.evaluation.metrics import VIEWS, match_strict, metric_table, select_view
from pipeline.evaluation.scoring import Counts
from pipeline.evaluation.tables import TableError
from pipeline.evaluation.view import DocumentView
from pipeline.records import DocumentResult, parse_path
from pipeline.stages.s01_read import Skipped, read_document
from pipeline.stages.s10_tables import write_tables

INDEX = "index.html"


class ViewError(ValueError):
    """A document that cannot be shown: not in the tables, or its text unreadable."""


@dataclass(frozen=True)
class Folders:
    """Where the predicted tables are, and the gold (None: no gold)."""

    pred: Path
    gold: Path | None = None


def document_paths(pred: Path) -> dict[str, str]:
    """doc_id → path of the text, from the predictions' documents.csv."""
    listing = pred / "documents.csv"
    if not listing.exists():
        raise FileNotFoundError(f"{listing}: no such file (run `python -m pipeline extract` first)")
    with open(listing, encoding="utf-8-sig", newline="") as handle:
        return {row["doc_id"]: row["path"] for row in csv.DictReader(handle)}


def read_text(doc_id: str, path: str) -> str:
    read = read_document(Path(parse_path(path)))
    if isinstance(read, Skipped):
        raise ViewError(f"{path}: cannot read the text of {doc_id}: {read.reason}")
    return read[0]


def corpus_entity_names(pred: Path) -> dict[str, str]:
    """corpus_entity → name, from corpus_entities.csv where the run wrote one."""
    path = pred / "corpus_entities.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {row.get("corpus_entity", ""): row.get("name", "") for row in csv.DictReader(handle)}


def _frame(sides: list[Side]) -> pd.DataFrame:
    """The rows `load_mentions` gave for these mentions, as a frame again (for `evaluate`)."""
    if not sides:
        return empty_mentions()
    return pd.DataFrame([s.mention for s in sides], columns=list(MENTION_COLUMNS))


def document_scores(
    pred: dict[str, list[Side]], gold: dict[str, list[Side]], doc_ids: list[str]
) -> dict[str, dict[str, Counts]]:
    """doc_id → view (flat, nested) → strict counts over all types, as `evaluate` counts them
    with every document a group of its own (one pass for all of them)."""
    if not doc_ids:
        return {}
    groups = [f"document {d}" for d in doc_ids]
    frames = [_frame([s for d in doc_ids for s in side.get(d, [])]) for side in (pred, gold)]
    # evaluate's own steps, strict only, without the error table (its context search is not needed here)
    outcomes = pd.concat(
        [match_strict(select_view(frames[0], v), select_view(frames[1], v)).assign(view=v, mode="strict")
         for v in VIEWS], ignore_index=True,
    )  # fmt: skip
    metrics = metric_table(outcomes, pd.Series(groups, index=doc_ids))
    strict = metrics[(metrics["mode"] == "strict") & (metrics["type"] == "ALL")].set_index(["group", "view"])
    return {
        d: {v: Counts(*(int(strict.loc[(g, v), k]) for k in ("tp", "fp", "fn"))) for v in VIEWS}
        for d, g in zip(doc_ids, groups, strict=True)
    }


def build_view(
    doc_id: str,
    text: str,
    pred: list[Side],
    gold: list[Side] | None,
    names: dict[str, str] | None = None,
    corpus_names: dict[str, str] | None = None,
    index_href: str | None = None,
    scores: dict[str, Counts] | None = None,
) -> DocumentView:
    """The view of one document from its mentions (`gold` None: no gold for it); `scores`
    (view → strict counts) are computed here when not given."""
    if gold is not None:
        problems = check_against_texts(_frame(gold), {doc_id: text}, "gold")
        if problems:
            raise TableError("gold does not fit the document: " + "; ".join(problems[:3]))
        if scores is None:
            scores = document_scores({doc_id: pred}, {doc_id: gold}, [doc_id])[doc_id]
    return DocumentView(
        doc_id=doc_id,
        text=text,
        cases=tuple(classify(pred, gold)),
        has_gold=gold is not None,
        names=names or {},
        corpus_names=corpus_names or {},
        scores=scores or {},
        index_href=index_href,
    )


def _covered(gold_dir: Path, gold: dict[str, list[Side]]) -> set[str]:
    """The documents the gold folder lists (or, without documents.csv, those with gold rows)."""
    return set(gold_documents(gold_dir, _frame([s for sides in gold.values() for s in sides]))["doc_id"])


def load_views(folders: Folders, doc_ids: Iterable[str] | None = None, index_href: str | None = None
               ) -> Iterator[DocumentView]:  # fmt: skip
    """The views of `doc_ids` (default: every document of the predictions), in order."""
    paths = document_paths(folders.pred)
    wanted = sorted(paths) if doc_ids is None else list(doc_ids)
    for doc_id in wanted:
        if doc_id not in paths:
            close = [d for d in paths if d.startswith(doc_id)][:3] or difflib.get_close_matches(
                doc_id, paths, 3
            )
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise ViewError(f"{folders.pred / 'documents.csv'}: no document {doc_id!r}{hint}")
    pred = load_sides(folders.pred, wanted)
    gold: dict[str, list[Side]] = {}
    covered: set[str] = set()
    if folders.gold is not None and folders.gold.is_dir():
        gold = load_sides(folders.gold, wanted)
        covered = _covered(folders.gold, gold)
    scores = document_scores(pred, gold, [d for d in wanted if d in covered])
    names: dict[str, dict[str, str]] = {}
    for (doc_id, entity), name in entity_names(folders.pred, wanted).items():
        names.setdefault(doc_id, {})[entity] = name
    corpus_names = corpus_entity_names(folders.pred)
    for doc_id in wanted:
        yield build_view(
            doc_id,
            read_text(doc_id, paths[doc_id]),
            pred.get(doc_id, []),
            gold.get(doc_id, []) if doc_id in covered else None,
            names.get(doc_id, {}),
            corpus_names,
            index_href,
            scores.get(doc_id),
        )


def _index_row(view: DocumentView) -> str:
    link = tag("a", esc(view.doc_id), href=href(view_file(view.doc_id)))
    per_type = {t: sum(1 for c in view.cases if c.pred and c.pred.type == t) for t in TYPES}
    cells = [link, f"{len(view.text):,}"] + [str(per_type[t]) for t in TYPES]
    if view.has_gold and view.scores:
        counts = view.counts()
        cells += [str(sum(1 for c in view.cases if c.gold)), str(sum(counts[e] for e in ERRORS))]
        cells += [f"{view.scores[v].f1:.3f}" for v in VIEWS]
    else:
        cells += ["", "", "", ""]
    return (
        "<tr>"
        + "".join(f"<td{'' if i == 0 else ' class=num'}>{c}</td>" for i, c in enumerate(cells))
        + "</tr>"
    )


def index_page(folders: Folders, views: list[DocumentView]) -> str:
    with_gold = sum(1 for v in views if v.has_gold)
    head = "".join(f"<th class=num>{t}</th>" for t in TYPES)
    header = f"<tr><th>document</th><th class=num>chars</th>{head}<th class=num>gold</th>"
    header += "<th class=num>errors</th><th class=num>strict F1 flat</th><th class=num>nested</th></tr>"
    gold = esc(folders.gold) if folders.gold else "none"
    body = (
        f'<div class="rx"><div class="page"><h1>Documents</h1><p class="sub">predictions: {esc(folders.pred)}'
        f" · gold: {gold} · {len(views)} documents, {with_gold} with gold</p>"
        f"<table>{header}{''.join(_index_row(v) for v in views)}</table></div></div>"
    )
    return page("Documents — ruextract", body, script=False)


def write_views(folders: Folders, out: Path, doc_ids: Iterable[str] | None = None, index: bool = True
                ) -> list[Path]:  # fmt: skip
    """Write each document's view into `out` (and index.html listing them); the paths written."""
    views = list(load_views(folders, doc_ids, INDEX if index else None))
    written = [view.save(out / view_file(view.doc_id)) for view in views]
    if index:
        write_atomic(out / INDEX, index_page(folders, views))
        written.append(out / INDEX)
    return written


def show(doc: DocumentResult | str, pred: Path | str = "outputs", gold: Path | str | None = "corpus/gold"
         ) -> DocumentView:  # fmt: skip
    """The view of a document, for a notebook: the result of `pipeline.extract(...)`, or the
    doc_id of a document in the `pred` tables. Gold is shown where `gold` lists the document."""
    gold_dir = Path(gold) if gold is not None else None
    if isinstance(doc, str):
        return next(load_views(Folders(Path(pred), gold_dir), [doc]))
    with tempfile.TemporaryDirectory() as tmp:
        write_tables(Path(tmp), [doc])
        sides = load_sides(Path(tmp)).get(doc.doc_id, [])
        names = {e: n for (_, e), n in entity_names(Path(tmp)).items()}
    gold_sides = None
    if gold_dir is not None and gold_dir.is_dir():
        all_gold = load_sides(gold_dir, [doc.doc_id])
        gold_sides = all_gold.get(doc.doc_id, []) if doc.doc_id in _covered(gold_dir, all_gold) else None
    return build_view(doc.doc_id, doc.text, sides, gold_sides, names)
