"""The output tables: their columns, the rows of one document, and the one writer.

Only `TableWriter` touches the output files. Rows are streamed into temporary files
beside the tables, which are renamed into place when the run ends, so an interrupted
run leaves the previous tables whole and a reader never sees half a table. A run holds
the output folder's lock from start to end: a second run on the same folder is refused
and never touches the first one's files.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice, repeat
from pathlib import Path
from typing import IO

from pipeline.records import DocumentResult, DocumentSummary, format_decimal, format_path
from pipeline.stages.s01_read import OUTPUT_MARK, Skipped, UsageError
from pipeline.stages.s06_link.corpus import entity_keys, mention_key, summarize
from pipeline.stages.s10_corpus import CORPUS_TABLE, link_corpus_tables

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
    if not doc.tokens:
        return iter(())
    # A Token's first fields (sentence, index, start, stop, text, lemma, pos), column by column,
    # zipped back into rows behind the doc_id: no Python step per token (the most rows of all).
    return zip(repeat(doc.doc_id), *islice(zip(*doc.tokens, strict=True), 7), strict=False)


def _entities(doc: DocumentResult) -> Iterator[Row]:
    # corpus_entity holds the entity's name key until the run ends (`s10_corpus`)
    keys = entity_keys(doc.entities)
    for e in sorted(doc.entities, key=lambda e: (e.start, -e.stop)):  # an outer name before its nested ones
        yield doc.doc_id, e.start, e.stop, e.type, e.text, e.normal, e.entity, e.depth, mention_key(e, keys)


def _roles(doc: DocumentResult) -> Iterator[Row]:
    for r in doc.roles:
        organisation = "" if r.organisation is None else r.organisation
        yield (
            doc.doc_id,
            r.start,
            r.stop,
            r.text,
            r.role,
            r.person,
            organisation,
            r.person_start,
            r.person_stop,
        )


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
    Table("entities", ("doc_id", "start", "stop", "type", "text", "normal", "entity", "depth",
                       "corpus_entity"), _entities),
    Table("entity_index", ("doc_id", "entity", "type", "name", "mentions", "first_start"), _entity_index),
    Table("roles", ("doc_id", "start", "stop", "text", "role", "person", "organisation", "person_start",
                    "person_stop"), _roles),
    Table("dates", ("doc_id", "start", "stop", "text", "value", "kind"), _dates),
    Table("money", ("doc_id", "start", "stop", "text", "amount", "amount_max", "currency", "qualifier"),
          _money),
    Table("percents", ("doc_id", "start", "stop", "text", "value", "value_max", "qualifier"), _percents),
)  # fmt: skip
SKIPPED_TABLE = ("skipped", ("path", "reason"))
TABLE_NAMES = (*(table.name for table in TABLES), SKIPPED_TABLE[0], CORPUS_TABLE[0])
TMP_MARK = ".tmp-"


@dataclass(frozen=True)
class RenderedDocument:
    """One document's rows, already written as CSV text per table.

    Worker processes render; the writer only appends text. Passing a few strings back
    from a worker costs far less than pickling thousands of small records. `summary` is
    what corpus linking needs of the document: the writer gathers it as documents come in
    instead of reading the entities and roles back at the end of the run.
    """

    doc_id: str
    tokens: int
    chunks: dict[str, str]
    summary: DocumentSummary


def render(doc: DocumentResult) -> RenderedDocument:
    chunks = {}
    for table in TABLES:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(table.rows(doc))
        chunks[table.name] = buffer.getvalue()
    # The mentions in the order `summaries_from_tables` reads them back from the table.
    mentions = sorted(doc.entities, key=lambda e: (e.start, e.stop))
    return RenderedDocument(doc.doc_id, len(doc.tokens), chunks, summarize(doc.doc_id, mentions, doc.roles))


class OutputError(UsageError):
    """The output folder cannot take the tables: not a folder, not writable, in use, or an input."""


def check_output(directory: Path, inputs: Iterable[tuple[Path, str]]) -> None:
    """Refuse, before anything is written, an output that is not a folder or whose tables
    would overwrite an input: `inputs` are (path, what it is), e.g. the input folder, its
    gold folder and its metadata. (Whether it can be written, TableWriter finds out.)"""
    shown = format_path(str(directory))
    above = next(path for path in (directory, *directory.absolute().parents) if path.exists())
    if not above.is_dir():
        where = "" if above == directory else f"cannot be created: {format_path(str(above))} is "
        raise OutputError(f"{shown}: {where}not a folder")
    targets = [directory, *(directory / f"{name}.csv" for name in TABLE_NAMES)]
    for path, what in inputs:
        for target in targets:
            if path.exists() and target.exists() and os.path.samefile(path, target):
                where = format_path(str(path))
                raise OutputError(f"{format_path(str(target))}: is {what} ({where}); choose another --output")


class OutputLock:
    """An exclusive lock on the output folder (fcntl.flock on OUTPUT_MARK inside it).

    The file (empty: the folder's bytes are the same whoever wrote them) stays after the run:
    it also marks the folder as output, so that a corpus holding it is not read back as
    documents. The lock goes with the process that holds it.
    """

    def __init__(self, directory: Path) -> None:
        path = directory / OUTPUT_MARK
        self._descriptor: int | None = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(self._descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.release()
            raise OutputError(
                f"{format_path(str(directory))}: another run is writing to this folder; "
                "wait for it to end or choose another --output"
            ) from None
        except OSError:  # a file system without locks (some network ones): the run goes on unguarded
            pass

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


def lock_output(directory: Path) -> OutputLock:
    """The output folder, created if need be and locked for this run (release() when done);
    OutputError when it cannot be written or another run holds it."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        return OutputLock(directory)
    except OSError as error:
        raise OutputError(f"{format_path(str(directory))}: cannot write: {error.strerror}") from None


def _open_csv(path: Path) -> tuple[IO[str], csv.Writer]:
    handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by TableWriter
    return handle, csv.writer(handle, lineterminator="\n")


def remove_stale_temporaries(directory: Path) -> None:
    """A run that was killed leaves its temporary files behind; the next one (holding the
    folder's lock, so no other run is writing them) clears them."""
    for path in directory.glob(f".*.csv{TMP_MARK}*"):
        path.unlink(missing_ok=True)


class TableWriter:
    """Streams documents' rows to all tables; `commit()` renames them into place.

    Documents must arrive sorted by doc_id; rows within a document are already sorted
    by start. Used as a context manager: leaving it by an exception discards the
    temporary files and keeps the previous tables. Raises OutputError when the folder
    cannot be written or another run holds it.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._files: dict[str, tuple[Path, IO[str], csv.Writer]] = {}
        self._skipped: list[Skipped] = []
        self._last_doc_id: str | None = None
        self._lock = lock_output(directory)
        try:
            remove_stale_temporaries(directory)
            for name, columns in [(t.name, t.columns) for t in TABLES] + [SKIPPED_TABLE]:
                temporary = directory / f".{name}.csv{TMP_MARK}{os.getpid()}"
                handle, writer = _open_csv(temporary)
                self._files[name] = (temporary, handle, writer)
                writer.writerow(columns)
        except OSError as error:
            self.discard()
            raise OutputError(f"{format_path(str(directory))}: cannot write: {error.strerror}") from None

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
        corpus = self.directory / f".{CORPUS_TABLE[0]}.csv{TMP_MARK}{os.getpid()}"
        self._files[CORPUS_TABLE[0]] = (corpus, *_open_csv(corpus))
        unlinked, handle, writer = self._files["entities"]
        linked = link_corpus_tables(unlinked, self._files["roles"][0], self._files[CORPUS_TABLE[0]][1])
        self._files["entities"] = (linked, handle, writer)  # renamed over entities.csv with the others
        unlinked.unlink()
        renames = [(path, self.directory / f"{name}.csv") for name, (path, _, _) in self._files.items()]
        try:
            for temporary, table in renames:
                os.replace(temporary, table)
        except KeyboardInterrupt:
            # Ctrl-C half-way through the renames: the tables must change all together, and
            # the run is over but for them. Finish them; the run ends as a whole one.
            for temporary, table in renames:
                if temporary.exists():
                    os.replace(temporary, table)
        self._files = {}
        self._lock.release()

    def discard(self) -> None:
        for temporary, handle, _ in self._files.values():
            handle.close()
            temporary.unlink(missing_ok=True)
        self._files = {}
        self._lock.release()

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
