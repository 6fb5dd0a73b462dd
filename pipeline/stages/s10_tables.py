"""The output tables: their columns, the rows of one document, and the one writer.

Only `TableWriter` touches the output files. Rows are streamed into temporary files
beside the tables, which are renamed into place when the run ends, so an interrupted
run leaves the previous tables whole and a reader never sees half a table.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pipeline.records import DocumentResult, format_decimal
from pipeline.stages.s01_read import Skipped

Row = tuple[object, ...]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: Callable[[DocumentResult], Iterator[Row]]


def _documents(doc: DocumentResult) -> Iterator[Row]:
    doc_date = doc.doc_date.isoformat() if doc.doc_date else ""
    yield (
        doc.doc_id, doc.path, len(doc.text), len(doc.sentences), len(doc.tokens),
        doc_date, doc.doc_date_source, doc.encoding,
    )  # fmt: skip


def _tokens(doc: DocumentResult) -> Iterator[Row]:
    for t in doc.tokens:
        yield doc.doc_id, t.sentence, t.index, t.start, t.stop, t.text, t.lemma, t.pos


def _entities(doc: DocumentResult) -> Iterator[Row]:
    for e in sorted(doc.entities, key=lambda e: (e.start, -e.stop)):  # an outer name before its nested ones
        yield doc.doc_id, e.start, e.stop, e.type, e.text, e.normal, e.entity, e.depth


def _entity_index(doc: DocumentResult) -> Iterator[Row]:
    for e in doc.entity_index:
        yield doc.doc_id, e.entity, e.type, e.name, e.mentions, e.first_start


def _dates(doc: DocumentResult) -> Iterator[Row]:
    for d in doc.dates:
        yield doc.doc_id, d.start, d.stop, d.text, d.value, d.kind


def _money(doc: DocumentResult) -> Iterator[Row]:
    for m in doc.money:
        yield (
            doc.doc_id, m.start, m.stop, m.text, format_decimal(m.amount),
            format_decimal(m.amount_max), m.currency, m.qualifier,
        )  # fmt: skip


def _percents(doc: DocumentResult) -> Iterator[Row]:
    for p in doc.percents:
        yield (
            doc.doc_id, p.start, p.stop, p.text, format_decimal(p.value),
            format_decimal(p.value_max), p.qualifier,
        )  # fmt: skip


TABLES: tuple[Table, ...] = (
    Table("documents", ("doc_id", "path", "chars", "sentences", "tokens", "doc_date",
                        "doc_date_source", "encoding"), _documents),
    Table("tokens", ("doc_id", "sentence", "token", "start", "stop", "text", "lemma", "pos"), _tokens),
    Table("entities", ("doc_id", "start", "stop", "type", "text", "normal", "entity", "depth"), _entities),
    Table("entity_index", ("doc_id", "entity", "type", "name", "mentions", "first_start"), _entity_index),
    Table("dates", ("doc_id", "start", "stop", "text", "value", "kind"), _dates),
    Table("money", ("doc_id", "start", "stop", "text", "amount", "amount_max", "currency", "qualifier"),
          _money),
    Table("percents", ("doc_id", "start", "stop", "text", "value", "value_max", "qualifier"), _percents),
)  # fmt: skip
SKIPPED_TABLE = ("skipped", ("path", "reason"))
TMP_MARK = ".tmp-"


@dataclass(frozen=True)
class RenderedDocument:
    """One document's rows, already written as CSV text per table.

    Worker processes render; the writer only appends text. Passing a few strings back
    from a worker costs far less than pickling thousands of small records.
    """

    doc_id: str
    tokens: int
    chunks: dict[str, str]


def render(doc: DocumentResult) -> RenderedDocument:
    chunks = {}
    for table in TABLES:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(table.rows(doc))
        chunks[table.name] = buffer.getvalue()
    return RenderedDocument(doc.doc_id, len(doc.tokens), chunks)


def _open_csv(path: Path) -> tuple[IO[str], csv.Writer]:
    handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by TableWriter
    return handle, csv.writer(handle, lineterminator="\n")


def remove_stale_temporaries(directory: Path) -> None:
    """A run that was killed leaves its temporary files behind; the next one clears them."""
    for path in directory.glob(f".*.csv{TMP_MARK}*"):
        path.unlink(missing_ok=True)


class TableWriter:
    """Streams documents' rows to all tables; `commit()` renames them into place.

    Documents must arrive sorted by doc_id; rows within a document are already sorted
    by start. Used as a context manager: leaving it by an exception discards the
    temporary files and keeps the previous tables.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(directory)
        self._files: dict[str, tuple[Path, IO[str], csv.Writer]] = {}
        self._skipped: list[Skipped] = []
        self._last_doc_id: str | None = None
        for name, columns in [(t.name, t.columns) for t in TABLES] + [SKIPPED_TABLE]:
            temporary = directory / f".{name}.csv{TMP_MARK}{os.getpid()}"
            handle, writer = _open_csv(temporary)
            writer.writerow(columns)
            self._files[name] = (temporary, handle, writer)

    def write(self, doc: DocumentResult | RenderedDocument) -> None:
        rendered = doc if isinstance(doc, RenderedDocument) else render(doc)
        if self._last_doc_id is not None and rendered.doc_id <= self._last_doc_id:
            raise ValueError(f"documents out of order: {rendered.doc_id!r} after {self._last_doc_id!r}")
        self._last_doc_id = rendered.doc_id
        for table in TABLES:
            self._files[table.name][1].write(rendered.chunks[table.name])

    def skip(self, skipped: Skipped) -> None:
        self._skipped.append(skipped)

    def commit(self) -> None:
        """Flush everything, then rename every temporary file over its table."""
        writer = self._files["skipped"][2]
        writer.writerows((s.path, s.reason) for s in sorted(self._skipped, key=lambda s: s.path))
        for _, handle, _ in self._files.values():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        for name, (temporary, _, _) in self._files.items():
            os.replace(temporary, self.directory / f"{name}.csv")
        self._files = {}

    def discard(self) -> None:
        for temporary, handle, _ in self._files.values():
            handle.close()
            temporary.unlink(missing_ok=True)
        self._files = {}

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()  # after commit() there is nothing left to discard


def write_tables(directory: Path, docs: Iterable[DocumentResult], skipped: Iterable[Skipped] = ()) -> None:
    """Write a whole run's tables at once (for small runs and tests)."""
    with TableWriter(directory) as writer:
        for doc in sorted(docs, key=lambda d: d.doc_id):
            writer.write(doc)
        for item in skipped:
            writer.skip(item)
        writer.commit()
