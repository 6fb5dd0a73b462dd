"""Corpora kept as records: JSONL, CSV and Parquet files of articles, read lazily.

`--input` may be a folder of `.txt` files (read by `stages.s01_read`), or a JSONL, CSV or
Parquet file, a folder of them, or a glob (`'news/2024-*.parquet'`). Each record (a JSON
line, a CSV row, a Parquet row) is one document: its text, id and publication date are
in the columns named by `Columns` (`--text-column`, `--id-column`, `--date-column`).
Offsets index the text exactly as stored in the column.

Records are yielded one by one, in file order and row order: a file of millions of rows
is never held in memory (Parquet is read a batch of rows at a time). A record that cannot
be a document (no text, no id, an id seen before, a bad date, a line that is not JSON)
becomes a `Skipped` naming the file and record (`news.jsonl:17`) and the run goes on;
a file without the text or id column at all raises `InputError` before anything is read.
"""

from __future__ import annotations

import csv
import glob
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pipeline.stages.s01_read import DEFAULT_MAX_BYTES, GOLD_DIR, METADATA_FILE, Skipped

RECORD_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
PARQUET_BATCH_ROWS = 256  # rows decoded at a time: bounds memory on files of long texts
ENCODING = "utf-8"  # what documents.csv records for a record's text (JSON, CSV and Parquet are UTF-8)


class InputError(ValueError):
    """An input that cannot be read at all (no such file, a missing column), naming it."""


@dataclass(frozen=True)
class Columns:
    """The record fields that hold a document's text, id and publication date."""

    text: str = "text"
    id: str = "id"
    date: str = "date"


DEFAULT_COLUMNS = Columns()


@dataclass(frozen=True)
class Record:
    """One document taken from a record file: already text, nothing left to decode."""

    doc_id: str
    text: str
    date: date | None
    path: str  # file and record number, `news.jsonl:17`
    encoding: str = ENCODING


def is_record_input(spec: str | Path) -> bool:
    """True for a record file, a glob, or a folder holding record files and no `.txt` document."""
    path = Path(spec)
    if path.is_file():
        return path.suffix.lower() in RECORD_SUFFIXES
    if path.is_dir():
        return not _has_txt(path) and any(True for _ in _record_files_in(path))
    return glob.has_magic(str(spec))


def _has_txt(folder: Path) -> bool:
    return any(True for _ in folder.rglob("*.txt"))


def _record_files_in(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or relative.parts[0] == GOLD_DIR:
            continue
        if relative.as_posix() == METADATA_FILE or not path.is_file():
            continue
        if path.suffix.lower() in RECORD_SUFFIXES:
            yield path


def record_files(spec: str | Path) -> list[Path]:
    """The record files an `--input` names, sorted: the file, the folder's files, or the glob's."""
    path = Path(spec)
    if path.is_file():
        if path.suffix.lower() not in RECORD_SUFFIXES:
            raise InputError(f"{path}: not a .jsonl, .csv or .parquet file")
        return [path]
    if path.is_dir():
        return list(_record_files_in(path))
    matches = sorted(Path(p) for p in glob.glob(str(spec), recursive=True))
    files = [p for p in matches if p.is_file() and p.suffix.lower() in RECORD_SUFFIXES]
    if not files:
        raise InputError(f"{spec}: no such file or folder, and no .jsonl, .csv or .parquet file matches it")
    return files


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, object] | str]]:
    """(line number, the object or why the line is not one); blank lines are passed over."""
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, f"not valid JSON: {error.msg} at column {error.colno}"
                continue
            yield number, value if isinstance(value, dict) else "not a JSON object"


def _csv_rows(path: Path, columns: Columns) -> Iterator[tuple[int, dict[str, object] | str]]:
    csv.field_size_limit(sys.maxsize)  # an article is one field; the default limit is 128 KB
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        _check_columns(path, reader.fieldnames or [], columns)
        for number, row in enumerate(reader, 1):
            yield number, dict(row)


def _parquet_rows(path: Path, columns: Columns) -> Iterator[tuple[int, dict[str, object] | str]]:
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(path)
    names = handle.schema_arrow.names
    _check_columns(path, names, columns)
    wanted = [c for c in (columns.id, columns.text, columns.date) if c in names]
    number = 0
    for batch in handle.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=wanted):
        for row in batch.to_pylist():
            number += 1
            yield number, row


def _check_columns(path: Path, names: Iterable[str], columns: Columns) -> None:
    missing = [c for c in (columns.id, columns.text) if c not in set(names)]
    if missing:
        raise InputError(
            f"{path}: no column {', '.join(repr(c) for c in missing)} "
            f"(has {', '.join(names) or 'none'}); name it with --text-column / --id-column"
        )


def parse_date(value: object) -> date | None:
    """A record's date: empty → None; a date, a datetime, or ISO text (`2024-05-22`, with a time)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip()[:10])
    raise ValueError(f"not a date: {value!r}")


def to_record(
    row: dict[str, object], where: str, columns: Columns, max_bytes: int = DEFAULT_MAX_BYTES
) -> Record | Skipped:
    """One row as a Record, or why it cannot be a document."""
    raw_id, text = row.get(columns.id), row.get(columns.text)
    if raw_id is None or raw_id == "" or isinstance(raw_id, (dict, list)):
        return Skipped(where, f"no {columns.id!r} (document id)")
    if not isinstance(text, str):
        return Skipped(
            where, f"no {columns.text!r} (text)" if text is None else f"{columns.text!r} is not text"
        )
    if not text.strip():
        return Skipped(where, "empty text")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return Skipped(where, f"too large: {size} bytes, the limit is {max_bytes} (--max-bytes)")
    try:
        known = parse_date(row.get(columns.date))
    except ValueError:
        return Skipped(where, f"bad date {row.get(columns.date)!r}; use YYYY-MM-DD")
    return Record(str(raw_id), text, known, where)


def read_records(
    spec: str | Path, columns: Columns = DEFAULT_COLUMNS, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Record | Skipped]:
    """Every record of the input, lazily, in file and row order; a doc_id seen before is skipped."""
    seen: set[str] = set()
    for path in record_files(spec):
        kind = RECORD_SUFFIXES[path.suffix.lower()]
        rows = (
            _jsonl_rows(path) if kind == "jsonl"
            else _csv_rows(path, columns) if kind == "csv"
            else _parquet_rows(path, columns)
        )  # fmt: skip
        for number, row in rows:
            where = f"{path}:{number}"
            if isinstance(row, str):
                yield Skipped(where, row)
                continue
            record = to_record(row, where, columns, max_bytes)
            if isinstance(record, Record):
                if record.doc_id in seen:
                    record = Skipped(where, f"doc_id {record.doc_id!r} given twice")
                else:
                    seen.add(record.doc_id)
            yield record
