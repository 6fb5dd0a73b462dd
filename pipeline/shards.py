"""Tables written shard by shard, so that a run that stops keeps what it finished (`--resume`).

The corpus, as listed, is cut into shards of `--shard-size` items (documents and files
passed over alike). Each shard's rows go to part files in `OUTPUT/.parts/.tmp-NNNNNN/`; when
its last document is in, the folder is renamed to `OUTPUT/.parts/NNNNNN/` and the shard is
added to `OUTPUT/.parts/manifest.json` (written to a temporary file and renamed over it), so
a shard is committed whole or not at all. `--resume` reads the manifest, skips the items of
the committed shards and goes on; a manifest made with other options is refused.

When every shard is in, each table is the concatenation of its parts, written to a
temporary file and renamed into place (the parts are then removed): as every shard's rows
depend on its documents alone, the tables are the same bytes whether or not the run was
stopped and resumed, and whatever the number of jobs. The one step over the whole corpus
comes then too: corpus linking joins the names of every document — gathered as the
documents came in (each rendered document carries its summary), and read back from the
entities and roles of the shards a resumed run found committed — the entities table is
assembled with corpus entity ids in place of the name keys its parts hold, and the corpus
entities table is written beside the others.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from pipeline.stages.s01_read import Skipped
from pipeline.stages.s06_link.corpus import (
    CorpusTally,
    NameIndex,
    link_names,
    link_rows,
    summaries_from_tables,
)
from pipeline.stages.s10_corpus import CORPUS_TABLE, corpus_rows, read_rows
from pipeline.stages.s10_tables import SKIPPED_TABLE, TABLES, TMP_MARK, RenderedDocument

PARTS = ".parts"
MANIFEST = "manifest.json"
FORMATS = ("csv", "parquet")
DEFAULT_SHARD_SIZE = 1000
_TABLE_COLUMNS = {**{t.name: t.columns for t in TABLES}, SKIPPED_TABLE[0]: SKIPPED_TABLE[1]}


class ResumeError(ValueError):
    """`--resume` on parts made by a run with other options or another input."""


@dataclass(frozen=True)
class ShardInfo:
    index: int
    items: int  # documents and skipped files it covers
    documents: int
    tokens: int
    last_doc_id: str | None


def _csv_text(rows: Iterable[tuple[object, ...]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _fsync_replace(temporary: Path, target: Path) -> None:
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, target)


class ShardWriter:
    """Streams documents into the current shard's parts; commits shards; assembles the tables.

    `options` (the input, columns, format, shard size, …) is kept in the manifest: resuming
    with different ones raises ResumeError. With `ordered`, doc_ids must rise strictly
    across the whole run (a folder of files is listed in doc_id order).
    """

    def __init__(
        self, directory: Path, options: dict[str, object], table_format: str = "csv",
        resume: bool = False, ordered: bool = True,
    ) -> None:  # fmt: skip
        if table_format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {table_format!r}")
        self.directory, self.format, self.ordered = directory, table_format, ordered
        self.options = {**options, "format": table_format}
        self.parts = directory / PARTS
        self.parts.mkdir(parents=True, exist_ok=True)
        self.shards: list[ShardInfo] = self._resumed() if resume else []
        if not self.shards:
            self._clear()
        for stale in self.parts.iterdir():  # a shard that was being written, or never made the manifest
            if stale.name != MANIFEST and not self._committed(stale.name):
                shutil.rmtree(stale, ignore_errors=True)
        self._files: dict[str, IO[str]] = {}
        self._current: Path | None = None
        self._documents = self._tokens = 0
        self._last_doc_id = self.shards[-1].last_doc_id if self.shards else None
        # The names of the documents this run writes, gathered as they come in (`write`): the
        # corpus step then needs to read back only the shards found committed (`_names`).
        self._resumed_shards = len(self.shards)
        self._new_names = NameIndex()

    # -- resuming --------------------------------------------------------------------------
    def _resumed(self) -> list[ShardInfo]:
        path = self.parts / MANIFEST
        if not path.exists():
            return []
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("options") != self.options:
            theirs, ours = manifest.get("options", {}), self.options
            differ = sorted(k for k in set(theirs) | set(ours) if theirs.get(k) != ours.get(k))
            raise ResumeError(
                f"{path}: the committed shards were made with other options ({', '.join(differ)}: "
                f"{', '.join(f'{k}={theirs.get(k)!r}' for k in differ)}); run again with those, or "
                "without --resume to start over"
            )
        return [ShardInfo(**shard) for shard in manifest["shards"]]

    def _committed(self, name: str) -> bool:
        return name.isdigit() and int(name) < len(self.shards)

    def _clear(self) -> None:
        for path in self.parts.iterdir():
            shutil.rmtree(path) if path.is_dir() else path.unlink()

    @property
    def items_done(self) -> int:
        """How many listed items the committed shards cover (a resumed run skips them)."""
        return sum(shard.items for shard in self.shards)

    # -- one shard -------------------------------------------------------------------------
    def _open(self) -> None:
        self._current = self.parts / f"{TMP_MARK}{len(self.shards):06d}"
        shutil.rmtree(self._current, ignore_errors=True)
        self._current.mkdir()
        for name in _TABLE_COLUMNS:
            self._files[name] = open(self._current / f"{name}.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._documents = self._tokens = 0

    def write(self, rendered: RenderedDocument) -> None:
        if self._current is None:
            self._open()
        if self.ordered and self._last_doc_id is not None and rendered.doc_id <= self._last_doc_id:
            raise ValueError(f"documents out of order: {rendered.doc_id!r} after {self._last_doc_id!r}")
        self._last_doc_id = rendered.doc_id
        for table in TABLES:
            self._files[table.name].write(rendered.chunks[table.name])
        self._documents += 1
        self._tokens += rendered.tokens
        self._new_names.add(rendered.summary)

    def skip(self, skipped: Skipped) -> None:
        if self._current is None:
            self._open()
        self._files[SKIPPED_TABLE[0]].write(_csv_text([(skipped.path, skipped.reason)]))

    def commit_shard(self, items: int) -> ShardInfo:
        """The shard in progress, `items` long, committed: its parts renamed into place, then the manifest."""
        if self._current is None:
            self._open()
        assert self._current is not None
        for handle in self._files.values():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        self._files = {}
        if self.format == "parquet":
            self._to_parquet(self._current)
        info = ShardInfo(len(self.shards), items, self._documents, self._tokens, self._last_doc_id)
        os.replace(self._current, self.parts / f"{info.index:06d}")
        self._current = None
        self.shards.append(info)
        manifest = {"options": self.options, "shards": [asdict(shard) for shard in self.shards]}
        temporary = self.parts / f"{MANIFEST}{TMP_MARK}{os.getpid()}"
        temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _fsync_replace(temporary, self.parts / MANIFEST)
        return info

    def _to_parquet(self, folder: Path) -> None:
        from pipeline.parquet import from_csv_text, write_parquet

        for name, columns in _TABLE_COLUMNS.items():
            if name == SKIPPED_TABLE[0]:
                continue  # sorted across shards at the end
            part = folder / f"{name}.csv"
            write_parquet(folder / f"{name}.parquet", from_csv_text(name, columns, part.read_bytes()))
            part.unlink()

    # -- the end ---------------------------------------------------------------------------
    @property
    def documents(self) -> int:
        return sum(shard.documents for shard in self.shards)

    @property
    def tokens(self) -> int:
        return sum(shard.tokens for shard in self.shards)

    def skipped(self) -> list[Skipped]:
        """Every committed shard's skipped items, sorted by path (as skipped.csv lists them)."""
        found = []
        for shard in self.shards:
            with open(
                self.parts / f"{shard.index:06d}" / "skipped.csv", encoding="utf-8", newline=""
            ) as handle:
                found += [Skipped(path, reason) for path, reason in csv.reader(handle)]
        return sorted(found, key=lambda s: s.path)

    def finish(self) -> None:
        """Every table as the concatenation of its parts, renamed into place; the parts removed."""
        if self._current is not None:
            raise RuntimeError("a shard is still open: commit it first")
        suffix, other = (".csv", ".parquet") if self.format == "csv" else (".parquet", ".csv")
        skipped = self.skipped()
        temporaries = []
        links = link_names(self._names())
        tally = CorpusTally()
        for name, columns in _TABLE_COLUMNS.items():
            temporary = self.directory / f".{name}{suffix}{TMP_MARK}{os.getpid()}"
            parts = [self.parts / f"{shard.index:06d}" / f"{name}{suffix}" for shard in self.shards]
            if name == "entities":  # the name keys become corpus entity ids
                self._link_entities(temporary, columns, parts, links.ids, tally)
            elif self.format == "csv":
                self._concatenate_csv(temporary, columns, parts, skipped if name == "skipped" else None)
            else:
                self._concatenate_parquet(
                    temporary, name, columns, parts, skipped if name == "skipped" else None
                )
            temporaries.append((temporary, self.directory / f"{name}{suffix}"))
        name, columns = CORPUS_TABLE
        temporary = self.directory / f".{name}{suffix}{TMP_MARK}{os.getpid()}"
        self._write_table(temporary, name, columns, _csv_text(corpus_rows(links, tally)).encode("utf-8"))
        temporaries.append((temporary, self.directory / f"{name}{suffix}"))
        for temporary, target in temporaries:
            _fsync_replace(temporary, target)
            target.with_suffix(other).unlink(missing_ok=True)  # an earlier run's tables in the other format
        shutil.rmtree(self.parts, ignore_errors=True)

    def _names(self) -> NameIndex:
        """The names of every committed shard's documents: this run's, and those of the shards
        a resumed run found committed, read back from their entities and roles (the order
        documents are added in changes nothing)."""
        names = self._new_names
        resumed = self.shards[: self._resumed_shards]
        for summary in summaries_from_tables(self._rows("entities", resumed), self._rows("roles", resumed)):
            names.add(summary)
        return names

    def _rows(self, name: str, shards: Iterable[ShardInfo]) -> Iterator[dict[str, object]]:
        """The rows of one table in the given committed shards, in order, as dicts."""
        columns = _TABLE_COLUMNS[name]
        for shard in shards:
            part = self.parts / f"{shard.index:06d}" / f"{name}.{self.format}"
            if self.format == "csv":
                yield from read_rows(part, columns)
            else:
                import pyarrow.parquet as pq

                yield from pq.read_table(part).to_pylist()

    def _link_entities(
        self,
        target: Path,
        columns: tuple[str, ...],
        parts: list[Path],
        ids: dict[str, str],
        tally: CorpusTally,
    ) -> None:
        """The entities parts concatenated with each name key replaced by its corpus entity id."""
        column = columns.index("corpus_entity")
        if self.format == "csv":
            with open(target, "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(columns)
                for part in parts:
                    with open(part, encoding="utf-8", newline="") as handle:
                        writer.writerows(link_rows(csv.reader(handle), ids, column, tally))
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        from pipeline.parquet import COMPRESSION, schema

        table_schema = schema("entities", columns)
        with pq.ParquetWriter(target, table_schema, compression=COMPRESSION) as writer:
            for part in parts:
                frame = pq.read_table(part, schema=table_schema)
                keys = zip(frame["doc_id"].to_pylist(), frame["corpus_entity"].to_pylist(), strict=True)
                rows = ([doc_id, key] for doc_id, key in keys)
                linked = pa.array([row[1] for row in link_rows(rows, ids, 1, tally)], pa.string())
                writer.write_table(frame.set_column(column, "corpus_entity", linked))

    def _write_table(self, target: Path, name: str, columns: tuple[str, ...], rows: bytes) -> None:
        """A table from header-less CSV rows, in the run's format."""
        if self.format == "csv":
            target.write_bytes(_csv_text([columns]).encode("utf-8") + rows)
        else:
            from pipeline.parquet import from_csv_text, write_parquet

            write_parquet(target, from_csv_text(name, columns, rows))

    @staticmethod
    def _concatenate_csv(
        target: Path, columns: tuple[str, ...], parts: list[Path], skipped: list[Skipped] | None
    ) -> None:
        with open(target, "wb") as out:
            out.write(_csv_text([columns]).encode("utf-8"))
            if skipped is not None:
                out.write(_csv_text((s.path, s.reason) for s in skipped).encode("utf-8"))
                return
            for part in parts:
                with open(part, "rb") as handle:
                    shutil.copyfileobj(handle, out, 1 << 20)

    @staticmethod
    def _concatenate_parquet(
        target: Path, name: str, columns: tuple[str, ...], parts: list[Path], skipped: list[Skipped] | None
    ) -> None:
        from pipeline.parquet import concatenate, from_csv_text, schema, write_parquet

        if skipped is not None:
            rows = _csv_text((s.path, s.reason) for s in skipped).encode("utf-8")
            write_parquet(target, from_csv_text(name, columns, rows))
        else:
            concatenate(parts, target, schema(name, columns))

    def discard(self) -> None:
        """Close the shard in progress (left for the next run to clear); committed shards stay."""
        for handle in self._files.values():
            handle.close()
        self._files = {}
