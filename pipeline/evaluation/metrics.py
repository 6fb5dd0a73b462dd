"""Matching predicted mentions to gold ones, and the metric and error tables, with pandas.

`match` pairs the mentions of one view (flat: depth-0 rows; nested: all rows) in both
modes: strict — same document, type, start and stop (a merge) — and overlap — same
document and type, spans overlapping, each mention used once (`scoring.align`, greedy,
per document and type). Every mention ends up in one outcome row: `tp` (with both
values), `fp` or `fn`. `metric_table` counts the outcomes per group of documents, view,
mode and type; `error_table` lists the strict errors with what overlaps them on the
other side.
"""

from __future__ import annotations

import pandas as pd

from pipeline.evaluation.mentions import TYPES
from pipeline.evaluation.scoring import align

MODES = ("strict", "overlap")
VIEWS = ("flat", "nested")
ALL = "all"
KEY = ["doc_id", "type", "start", "stop"]
OUTCOME_COLUMNS = ["doc_id", "type", "start", "stop", "depth", "text", "predicted", "gold", "outcome"]
METRIC_COLUMNS = ["group", "view", "mode", "type", "gold", "predicted", "tp", "fp", "fn",
                  "precision", "recall", "f1", "value_accuracy"]  # fmt: skip
CONTEXT_CHARS = 40


def select_view(mentions: pd.DataFrame, view: str) -> pd.DataFrame:
    """The flat view is the outermost (depth 0) rows; the nested view is every row."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: use {' or '.join(VIEWS)}")
    return mentions if view == "nested" else mentions[mentions["depth"] == 0]


def _side(frame: pd.DataFrame, outcome: str, value_column: str) -> pd.DataFrame:
    """Unmatched rows of one side as outcome rows (the other side's value empty)."""
    other = "gold" if value_column == "predicted" else "predicted"
    return frame.assign(**{value_column: frame["value"], other: pd.NA, "outcome": outcome})[OUTCOME_COLUMNS]


def match_strict(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Outcome rows for exact spans; identical duplicates pair one to one, in order."""
    p = pred.assign(nth=pred.groupby(KEY).cumcount())
    g = gold.assign(nth=gold.groupby(KEY).cumcount())
    merged = p.merge(g, on=[*KEY, "nth"], how="outer", suffixes=("_p", "_g"), indicator=True)
    found = merged["_merge"] == "both"
    tp = merged[found].rename(columns={"depth_g": "depth", "text_g": "text", "value_p": "predicted",
                                       "value_g": "gold"}).assign(outcome="tp")  # fmt: skip
    fp = merged[merged["_merge"] == "left_only"].rename(columns={"depth_p": "depth", "text_p": "text"})
    fn = merged[merged["_merge"] == "right_only"].rename(columns={"depth_g": "depth", "text_g": "text"})
    return pd.concat(
        [tp[OUTCOME_COLUMNS], _side(fp.rename(columns={"value_p": "value"}), "fp", "predicted"),
         _side(fn.rename(columns={"value_g": "value"}), "fn", "gold")],
        ignore_index=True,
    )  # fmt: skip


def match_overlap(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Outcome rows for overlapping spans, aligned per document and type (`scoring.align`)."""
    pred_groups = pred.groupby(["doc_id", "type"], sort=False).indices
    gold_groups = gold.groupby(["doc_id", "type"], sort=False).indices
    p_spans = list(pred[["start", "stop"]].itertuples(index=False))
    g_spans = list(gold[["start", "stop"]].itertuples(index=False))
    pairs, unmatched_pred, unmatched_gold = [], [], []
    for key in sorted(set(pred_groups) | set(gold_groups)):
        p_rows, g_rows = pred_groups.get(key, ()), gold_groups.get(key, ())
        alignment = align([p_spans[i] for i in p_rows], [g_spans[j] for j in g_rows], "overlap")
        pairs += [(p_rows[i], g_rows[j]) for i, j in alignment.pairs]
        unmatched_pred += [p_rows[i] for i in alignment.unmatched_pred]
        unmatched_gold += [g_rows[j] for j in alignment.unmatched_gold]
    tp = gold.iloc[[j for _, j in pairs]].assign(outcome="tp")
    tp["predicted"] = pred["value"].iloc[[i for i, _ in pairs]].to_numpy()
    tp["gold"] = tp["value"]
    return pd.concat(
        [tp[OUTCOME_COLUMNS], _side(pred.iloc[sorted(unmatched_pred)], "fp", "predicted"),
         _side(gold.iloc[sorted(unmatched_gold)], "fn", "gold")],
        ignore_index=True,
    )  # fmt: skip


def match(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Outcome rows of both views and both modes (columns `view`, `mode` and OUTCOME_COLUMNS)."""
    frames = []
    for view in VIEWS:
        p, g = select_view(pred, view), select_view(gold, view)
        for mode, matcher in (("strict", match_strict), ("overlap", match_overlap)):
            frames.append(matcher(p, g).assign(view=view, mode=mode))
    return pd.concat(frames, ignore_index=True).astype({"start": "int64", "stop": "int64", "depth": "int64"})


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator > 0)).astype(float)


def metric_table(outcomes: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Counts, P/R/F1 and value accuracy per group (and `all`), view, mode and type (and `ALL`).

    `groups` maps doc_id → group. An undefined ratio (nothing predicted, nothing in gold) is NaN;
    value accuracy is the share of strict matches whose value equals the gold value.
    """
    rows = outcomes.assign(group=outcomes["doc_id"].map(groups))
    rows = pd.concat([rows, rows.assign(group=ALL)])
    rows = pd.concat([rows, rows.assign(type="ALL")])
    rows = rows.assign(
        value_match=(rows["outcome"] == "tp") & (rows["predicted"] == rows["gold"]).fillna(False)
    )
    keys = ["group", "view", "mode", "type"]
    counts = rows.pivot_table(index=keys, columns="outcome", values="doc_id", aggfunc="size", fill_value=0)
    order = [*dict.fromkeys(groups.tolist()), ALL]
    full = pd.MultiIndex.from_product([order, VIEWS, MODES, [*TYPES, "ALL"]], names=keys)
    counts = counts.reindex(index=full, columns=["tp", "fp", "fn"], fill_value=0)
    table = counts.assign(
        value_matches=rows.groupby(keys)["value_match"].sum().reindex(full, fill_value=0),
    ).reset_index()
    table["gold"] = table["tp"] + table["fn"]
    table["predicted"] = table["tp"] + table["fp"]
    table["precision"] = _ratio(table["tp"], table["predicted"])
    table["recall"] = _ratio(table["tp"], table["gold"])
    table["f1"] = _ratio(2 * table["tp"], 2 * table["tp"] + table["fp"] + table["fn"])
    table["value_accuracy"] = _ratio(table["value_matches"], table["tp"]).where(table["mode"] == "strict")
    return table[METRIC_COLUMNS]


def _context(text: str | None, start: int, stop: int) -> str:
    if text is None:
        return ""
    left, right = text[max(0, start - CONTEXT_CHARS) : start], text[stop : stop + CONTEXT_CHARS]
    return f"{left}[{text[start:stop]}]{right}".replace("\r", " ").replace("\n", "⏎")


def _overlapping(errors: pd.DataFrame, others: pd.DataFrame) -> pd.Series:
    """For each error row, the mentions of `others` (same document) whose span overlaps it."""
    pairs = errors.reset_index().merge(others, on="doc_id", suffixes=("", "_o"))
    pairs = pairs[(pairs["start_o"] < pairs["stop"]) & (pairs["start"] < pairs["stop_o"])]
    described = pairs["type_o"] + " " + pairs["text_o"].map(repr)
    return described.groupby(pairs["index"]).agg("; ".join).reindex(errors.index, fill_value="")


ERROR_COLUMNS = ["view", "doc_id", "group", "type", "error", "start", "stop", "depth", "text", "predicted",
                 "gold", "context"]  # fmt: skip
ERROR_NAMES = {"fp": "false_positive", "fn": "false_negative", "tp": "wrong_value"}


def error_table(
    outcomes: pd.DataFrame, pred: pd.DataFrame, gold: pd.DataFrame, groups: pd.Series, texts: dict[str, str]
) -> pd.DataFrame:
    """Strict errors of both views: false positives and negatives, and matches with a wrong value."""
    strict = outcomes[outcomes["mode"] == "strict"]
    wrong = (strict["outcome"] != "tp") | (strict["predicted"] != strict["gold"]).fillna(True)
    errors = strict[wrong].copy()
    errors["error"] = errors["outcome"].map(ERROR_NAMES)
    errors["group"] = errors["doc_id"].map(groups)
    for view in VIEWS:
        in_view = errors["view"] == view
        fp, fn = in_view & (errors["outcome"] == "fp"), in_view & (errors["outcome"] == "fn")
        errors.loc[fp, "gold"] = _overlapping(errors[fp], select_view(gold, view))
        errors.loc[fn, "predicted"] = _overlapping(errors[fn], select_view(pred, view))
    errors["context"] = [_context(texts.get(e.doc_id), e.start, e.stop) for e in errors.itertuples()]
    errors = errors.sort_values(["view", "doc_id", "start", "stop", "type", "error"], kind="stable")
    return errors[ERROR_COLUMNS].fillna({"predicted": "", "gold": ""}).reset_index(drop=True)
