"""Mention tables (predictions or gold) as one DataFrame of comparable mentions.

`load_mentions` reads the four mention tables of a folder (entities, dates, money,
percents) into one frame with the columns of MENTION_COLUMNS. `value` is a canonical
string, so that a prediction and a gold row compare equal exactly when their
normalized values agree: the normal form of a name, the ISO value of a date, and
`amount[–amount_max] CUR [qualifier]` / `value[–value_max]% [qualifier]` with the numbers
written in full (`30.0` and `30` are the same value). `depth` is 0 for an outermost
mention and 1 for a name nested in one; a table without the column is all depth 0.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.evaluation.tables import TableError, read_table
from pipeline.records import MENTION_TYPES, NAME_TYPES, format_decimal

TYPES = MENTION_TYPES
MENTION_COLUMNS = ("doc_id", "start", "stop", "type", "text", "value", "depth", "source")

# table → (columns it must have, type of its rows or None for a `type` column)
MENTION_TABLES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "entities": (("doc_id", "start", "stop", "type", "text", "normal"), None),
    "dates": (("doc_id", "start", "stop", "text", "value"), "DATE"),
    "money": (("doc_id", "start", "stop", "text", "amount", "amount_max", "currency", "qualifier"), "MONEY"),
    "percents": (("doc_id", "start", "stop", "text", "value", "qualifier"), "PERCENT"),
}

__all__ = ["MENTION_COLUMNS", "NAME_TYPES", "TYPES", "TableError", "check_against_texts", "load_mentions"]


def _number_with_range(low: pd.Series, high: pd.Series) -> pd.Series:
    return pd.Series(
        [
            format_decimal(a) + (f"–{format_decimal(b)}" if b is not None else "")
            for a, b in zip(low, high, strict=True)
        ],
        index=low.index,
        dtype="string",
    )


def _qualifier(frame: pd.DataFrame) -> pd.Series:
    qualifier = frame["qualifier"].str.strip().str.lower()
    return qualifier.where(qualifier == "", " " + qualifier)


def _values(table: str, frame: pd.DataFrame) -> pd.Series:
    if table == "entities":
        return frame["normal"]
    if table == "dates":
        return frame["value"]
    if table == "money":
        return (
            _number_with_range(frame["amount"], frame["amount_max"])
            + " "
            + frame["currency"]
            + _qualifier(frame)
        )
    top = frame["value_max"] if "value_max" in frame else pd.Series(None, index=frame.index, dtype=object)
    return _number_with_range(frame["value"], top) + "%" + _qualifier(frame)


def read_mentions(path: Path, table: str) -> pd.DataFrame:
    """The rows of one mention table; a malformed row raises TableError with file and line."""
    columns, fixed_type = MENTION_TABLES[table]
    frame = read_table(path, table, required=columns)
    lines = pd.Series(range(2, len(frame) + 2), index=frame.index)
    bad = (frame["start"] < 0) | (frame["stop"] <= frame["start"])
    if bad.any():
        row = frame[bad].iloc[0]
        raise TableError(f"{path}:{lines[bad].iloc[0]}: bad span {row.start}-{row.stop}")
    kinds = frame["type"] if fixed_type is None else pd.Series(fixed_type, index=frame.index, dtype="string")
    unknown = ~kinds.isin(TYPES)
    if unknown.any():
        raise TableError(
            f"{path}:{lines[unknown].iloc[0]}: unknown type {kinds[unknown].iloc[0]!r}; "
            f"expected one of {', '.join(TYPES)}"
        )
    depth = frame["depth"] if "depth" in frame else pd.Series(0, index=frame.index, dtype="int64")
    if not depth.isin((0, 1)).all():
        raise TableError(f"{path}:{lines[~depth.isin((0, 1))].iloc[0]}: depth must be 0 or 1")
    if fixed_type is not None and (depth != 0).any():
        raise TableError(f"{path}:{lines[depth != 0].iloc[0]}: only names nest (depth 1)")
    return pd.DataFrame(
        {
            "doc_id": frame["doc_id"],
            "start": frame["start"],
            "stop": frame["stop"],
            "type": kinds,
            "text": frame["text"],
            "value": _values(table, frame).astype("string"),
            "depth": depth.astype("int64"),
            "source": (f"{path}:" + lines.astype(str)).astype("string"),
        }
    )


def empty_mentions() -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype="string") for column in MENTION_COLUMNS})
    return frame.astype({"start": "int64", "stop": "int64", "depth": "int64"})


def load_mentions(directory: Path) -> pd.DataFrame:
    """All mentions of the tables present in `directory`, sorted by doc_id, start, longer first, type."""
    frames = [
        read_mentions(directory / f"{table}.csv", table)
        for table in MENTION_TABLES
        if (directory / f"{table}.csv").exists()
    ]
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return empty_mentions()
    mentions = pd.concat(frames, ignore_index=True)
    order = mentions.assign(length=mentions["stop"] - mentions["start"]).sort_values(
        ["doc_id", "start", "length", "type"], ascending=[True, True, False, True], kind="stable"
    )
    return mentions.loc[order.index].reset_index(drop=True)


def check_against_texts(mentions: pd.DataFrame, texts: dict[str, str], source: str = "") -> list[str]:
    """Problems where a mention does not fit its document: unknown doc, offsets, text.

    Each problem names where the row came from (file and line) when known, else `source`.
    """
    problems = []
    for m in mentions.itertuples(index=False):
        where = m.source or source
        text = texts.get(m.doc_id)
        if text is None:
            problems.append(f"{where}: {m.doc_id}: no such document")
        elif m.stop > len(text):
            problems.append(f"{where}: {m.doc_id} {m.start}-{m.stop}: beyond the end ({len(text)} chars)")
        elif text[m.start : m.stop] != m.text:
            problems.append(
                f"{where}: {m.doc_id} {m.start}-{m.stop}: {text[m.start : m.stop]!r} != {m.text!r}"
            )
    return problems
