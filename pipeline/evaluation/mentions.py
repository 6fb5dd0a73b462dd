"""Mention tables read back from CSV (predictions or gold), in one comparable form.

`load_mentions` reads the four mention tables of a folder (entities, dates, money,
percents) into `Mention` records whose `value` is a canonical string, so that a
prediction and a gold row compare equal exactly when their normalized values agree.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pipeline.records import format_decimal

TYPES = ("PER", "LOC", "ORG", "DATE", "MONEY", "PERCENT")

# table → (columns it must have, type of its rows or None for a `type` column)
MENTION_TABLES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "entities": (("doc_id", "start", "stop", "type", "text", "normal"), None),
    "dates": (("doc_id", "start", "stop", "text", "value"), "DATE"),
    "money": (("doc_id", "start", "stop", "text", "amount", "amount_max", "currency", "qualifier"), "MONEY"),
    "percents": (("doc_id", "start", "stop", "text", "value", "qualifier"), "PERCENT"),
}


class TableError(ValueError):
    """A malformed table, naming the file, the line and the problem."""


@dataclass(frozen=True)
class Mention:
    doc_id: str
    start: int
    stop: int
    type: str
    text: str
    value: str
    source: str = field(default="", compare=False)  # "file:line" it was read from


def _number(raw: str, where: str, column: str) -> str:
    if not raw.strip():
        return ""
    try:
        return format_decimal(Decimal(raw.strip().replace(",", ".")))
    except InvalidOperation:
        raise TableError(f"{where}: {column} {raw!r} is not a number") from None


def _value(table: str, row: dict[str, str], where: str) -> str:
    if table == "entities":
        return row["normal"]
    if table == "dates":
        return row["value"]
    if table == "money":
        amount = _number(row["amount"], where, "amount")
        top = _number(row["amount_max"], where, "amount_max")
        qualifier = row["qualifier"].strip().lower()
        return f"{amount}{'–' + top if top else ''} {row['currency']}{' ' + qualifier if qualifier else ''}"
    value = _number(row["value"], where, "value")
    top = _number(row.get("value_max") or "", where, "value_max")
    qualifier = row["qualifier"].strip().lower()
    return f"{value}{'–' + top if top else ''}%{' ' + qualifier if qualifier else ''}"


def read_table(path: Path, table: str) -> list[Mention]:
    """Rows of one mention table; a malformed row raises TableError with file and line."""
    columns, fixed_type = MENTION_TABLES[table]
    mentions: list[Mention] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise TableError(f"{path}:1: missing column(s) {', '.join(missing)}")
        for row in reader:
            where = f"{path}:{reader.line_num}"
            try:
                start, stop = int(row["start"]), int(row["stop"])
            except (TypeError, ValueError):
                raise TableError(
                    f"{where}: start/stop {row['start']!r}/{row['stop']!r} are not whole numbers"
                ) from None
            if not 0 <= start < stop:
                raise TableError(f"{where}: bad span {start}-{stop}")
            kind = fixed_type or row["type"]
            if kind not in TYPES:
                raise TableError(f"{where}: unknown type {kind!r}; expected one of {', '.join(TYPES)}")
            mentions.append(
                Mention(row["doc_id"], start, stop, kind, row["text"], _value(table, row, where), where)
            )
    return mentions


def load_mentions(directory: Path) -> list[Mention]:
    """All mentions of the tables present in `directory`, sorted by doc_id, start, type."""
    mentions: list[Mention] = []
    for table in MENTION_TABLES:
        path = directory / f"{table}.csv"
        if path.exists():
            mentions.extend(read_table(path, table))
    return sorted(mentions, key=lambda m: (m.doc_id, m.start, m.stop, m.type))


def check_against_texts(mentions: list[Mention], texts: dict[str, str], source: str) -> list[str]:
    """Problems where a mention does not fit its document: unknown doc, offsets, text.

    Each problem names where the row came from (file and line) when known, else `source`.
    """
    problems = []
    for m in mentions:
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
