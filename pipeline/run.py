"""A corpus run: list the documents lazily, analyze them (in worker processes or on a Dask
cluster), stream the rows into shards, assemble the tables.

The corpus is a folder of `.txt` files (in doc_id order) or record files (JSONL, CSV,
Parquet, in file and row order; see `inputs`), listed as it is consumed: only the shard
being worked on sits in memory. Each shard (`shard_size` listed items) is cut into groups
that go through the taggers together; groups never cross a shard, and are cut from the
listing alone, so the tables are the same bytes whatever the number of jobs, the engine,
or whether the run was stopped and resumed (`shards`).
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from pipeline.guard import analyze_guarded, failed
from pipeline.inputs import DEFAULT_COLUMNS, Columns, Record, is_record_input, read_records
from pipeline.interrupts import check_interrupted, finishing
from pipeline.many import lazy_ordered_map
from pipeline.models import load_models
from pipeline.ner_models import DEFAULT_NER_MODEL
from pipeline.process import GROUP_BYTES, GROUP_DOCUMENTS, with_doc_date
from pipeline.records import SourceDocument, format_path
from pipeline.shards import DEFAULT_SHARD_SIZE, ShardWriter
from pipeline.stages.s01_read import (
    DEFAULT_MAX_BYTES,
    GOLD_DIR,
    METADATA_FILE,
    Skipped,
    doc_ids,
    list_corpus,
    read_document,
    read_metadata,
)
from pipeline.stages.s10_tables import (
    RenderedDocument,
    check_output,
    lock_output,
    remove_stale_temporaries,
    render,
)
from pipeline.threads import fewer_collections, one_thread, start_worker

# The run's last documents go through the taggers one by one: the workers then end within
# about a document of each other, not one idle while another finishes a whole group.
TAIL_DOCUMENTS = 16


@dataclass(frozen=True)
class RunSummary:
    documents: int
    tokens: int
    skipped: tuple[Skipped, ...]
    seconds: float
    resumed_shards: int = 0
    # Parquet: (table file, text column, count) of the numbers too large for the decimal column
    numbers_as_text: tuple[tuple[str, str, int], ...] = ()


@dataclass(frozen=True)
class FileItem:
    """A `.txt` file of the corpus folder, read by the worker that analyzes it."""

    path: Path
    doc_id: str
    date: date | None


Item = FileItem | Record | Skipped


@dataclass(frozen=True)
class Unit:
    """One group of listed items, the work of one task; `last`: the last group of its shard."""

    shard: int
    items: list[Item]
    last: bool
    shard_items: int  # how many items its shard has (known when `last`)


@dataclass(frozen=True)
class Done:
    shard: int
    last: bool
    shard_items: int
    results: list[RenderedDocument | Skipped]


def group_bounds(sizes: Sequence[int]) -> list[range]:
    """Consecutive documents of these sizes (bytes) in groups: a new group starts when the
    current one holds GROUP_DOCUMENTS documents or the next would take it over GROUP_BYTES."""
    bounds: list[range] = []
    start = size = 0
    for index, item_size in enumerate(sizes):
        if index > start and (index - start >= GROUP_DOCUMENTS or size + item_size > GROUP_BYTES):
            bounds.append(range(start, index))
            start, size = index, 0
        size += item_size
    if start < len(sizes):
        bounds.append(range(start, len(sizes)))
    return bounds


def _size(item: Item) -> int:
    if isinstance(item, Record):
        return len(item.text.encode("utf-8", "surrogatepass"))
    if isinstance(item, FileItem):
        try:
            return item.path.stat().st_size
        except OSError:
            return 0
    return 0


def make_groups(items: list[Item]) -> list[list[Item]]:
    return [items[r.start : r.stop] for r in group_bounds([_size(item) for item in items])]


def split_tail(groups: list[list[Item]]) -> list[list[Item]]:
    """The groups with the last TAIL_DOCUMENTS items (whole groups) one item a group."""
    tail: list[Item] = []
    while groups and len(tail) + len(groups[-1]) <= TAIL_DOCUMENTS:
        tail = groups[-1] + tail
        groups = groups[:-1]
    return groups + [[item] for item in tail]


def plan(items: Iterator[Item], shard_size: int, first_shard: int = 0) -> Iterator[Unit]:
    """The work units of every shard from `first_shard` on (the items of earlier ones already
    consumed from `items`), one shard's listing in memory at a time; the run's last items go
    one a unit (`split_tail`)."""
    shard = first_shard
    following = next(items, None)  # the next shard's first item, if there is one
    while following is not None:
        batch = [following, *islice(items, shard_size - 1)]
        following = next(items, None)
        groups = make_groups(batch) if following is not None else split_tail(make_groups(batch))
        for number, group in enumerate(groups):
            yield Unit(shard, group, number == len(groups) - 1, len(batch))
        shard += 1


def _source(item: FileItem | Record, max_bytes: int) -> SourceDocument | Skipped:
    if isinstance(item, Record):
        doc = SourceDocument(item.doc_id, item.path, item.text, encoding=item.encoding)
        return with_doc_date(doc, item.date)
    read = read_document(item.path, max_bytes)
    if isinstance(read, Skipped):
        return read
    text, encoding = read
    doc = SourceDocument(item.doc_id, format_path(str(item.path)), text, encoding=encoding)
    return with_doc_date(doc, item.date)


def work(unit: Unit, max_bytes: int, timeout: float | None, ner_model: str = DEFAULT_NER_MODEL) -> Done:
    """Read and analyze one unit's documents (NER weights `ner_model`); whatever goes wrong
    comes back as Skipped."""
    sources: list[SourceDocument | Skipped] = []
    for item in unit.items:
        if isinstance(item, Skipped):
            sources.append(item)
            continue
        try:
            sources.append(_source(item, max_bytes))
        except Exception as error:
            sources.append(failed(format_path(str(getattr(item, "path", ""))), error))
    docs = [s for s in sources if isinstance(s, SourceDocument)]
    analyzed = iter(analyze_guarded(docs, timeout, render, ner_model))
    results = [next(analyzed) if isinstance(s, SourceDocument) else s for s in sources]
    return Done(unit.shard, unit.last, unit.shard_items, results)


def list_items(
    source: Path, metadata: Path | None, columns: Columns, max_bytes: int, output: Path | None = None
) -> tuple[Iterator[Item], int | None, bool]:
    """(the listed items, how many if known, whether they come in doc_id order); `output`, a
    folder inside `source`, is not listed."""
    default_metadata = source / METADATA_FILE if source.is_dir() else None
    path = metadata or default_metadata
    dates = read_metadata(path, required=metadata is not None) if path else {}
    if is_record_input(source):
        records = read_records(source, columns, max_bytes)
        if dates:
            records = (
                Record(r.doc_id, r.text, dates.get(r.doc_id), r.path, r.encoding)
                if isinstance(r, Record) and r.date is None
                else r
                for r in records
            )
        return records, None, False
    paths, passed_over = list_corpus(source, exclude=[output] if output else [])
    ids = doc_ids(paths, source)
    paths.sort(key=ids.__getitem__)
    files = (FileItem(path, ids[path], dates.get(ids[path])) for path in paths)
    items: Iterator[Item] = iter([*passed_over, *files])
    return items, len(paths) + len(passed_over), True


def _local(units: Iterable[Unit], task: Callable[[Unit], Done], jobs: int, ner_model: str) -> Iterator[Done]:
    if jobs <= 1:
        load_models(ner_model)
        for unit in units:
            yield task(unit)
        return
    yield from lazy_ordered_map(task, units, jobs, partial(start_worker, ner_model), lost=_lost)


class _NoBar:
    """What `run` asks of the progress bar where none is drawn (--quiet, or stderr no terminal)."""

    def update(self, count: int = 1) -> None:
        pass

    def write(self, text: str, file: TextIO) -> None:
        print(text, file=file)

    def close(self) -> None:
        pass


def _progress_bar(total: int | None, initial: int, show: bool) -> _NoBar | Any:
    """tqdm's bar on stderr, or where it is not shown a stand-in: tqdm is then not even
    imported (about 25 ms of a command's start-up, which every run waits for)."""
    if not show:
        return _NoBar()
    from tqdm import tqdm

    # shutil falls back to 80×24 where the terminal reports no size (tqdm would draw nothing).
    size = shutil.get_terminal_size()
    return tqdm(
        total=total, initial=initial, unit="doc", file=sys.stderr, ncols=size.columns, nrows=size.lines
    )


def _lost(unit: Unit, reason: str) -> Done:
    """A unit whose worker process died (killed, out of memory): each of its items skipped."""
    paths = [item.path if isinstance(item, Skipped) else format_path(str(item.path)) for item in unit.items]
    return Done(unit.shard, unit.last, unit.shard_items, [Skipped(path, reason) for path in paths])


def run(
    input_dir: Path,
    output_dir: Path,
    jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    metadata: Path | None = None,
    quiet: bool = False,
    *,
    columns: Columns = DEFAULT_COLUMNS,
    table_format: str = "csv",
    shard_size: int = DEFAULT_SHARD_SIZE,
    resume: bool = False,
    doc_timeout: float | None = None,
    scheduler: str | None = None,
    ner_model: str = DEFAULT_NER_MODEL,
) -> RunSummary:
    """Run the corpus at `input_dir` (a folder of .txt files, or record files) into the tables
    in `output_dir`; `scheduler`: the address of a Dask scheduler to run the work on;
    `ner_model`: the NER weights (`pipeline.ner_models.NER_MODELS`)."""
    started = time.perf_counter()
    inputs = [(input_dir, "the input"), (input_dir / GOLD_DIR, "the gold folder")]
    if metadata or input_dir.is_dir():
        inputs.append((metadata or input_dir / METADATA_FILE, "the metadata"))
    check_output(output_dir, inputs)
    items, total, ordered = list_items(input_dir, metadata, columns, max_bytes, output_dir)
    options = {
        "input": str(input_dir.absolute()), "columns": [columns.text, columns.id, columns.date],
        "metadata": str(metadata.absolute()) if metadata else None, "max_bytes": max_bytes,
        "shard_size": shard_size, "doc_timeout": doc_timeout, "ner_model": ner_model,
    }  # fmt: skip
    lock = lock_output(output_dir)  # one run at a time in a folder, from here to the end
    writer: ShardWriter | None = None
    try:
        remove_stale_temporaries(output_dir)
        writer = ShardWriter(output_dir, options, table_format, resume=resume, ordered=ordered)
        done_items, resumed = writer.items_done, len(writer.shards)
        for _ in islice(items, done_items):  # the committed shards' items
            pass
        task = partial(work, max_bytes=max_bytes, timeout=doc_timeout, ner_model=ner_model)
        units = plan(items, shard_size, resumed)
        if scheduler:
            from pipeline.dask import PipelineWorker, cluster_map

            results = cluster_map(task, units, scheduler, PipelineWorker(ner_model))
        else:
            results = _local(units, task, jobs, ner_model)
        bar = _progress_bar(total, done_items if total else 0, show=not quiet and sys.stderr.isatty())
        with one_thread(), fewer_collections(), closing(results):  # stops the workers first, whatever happens
            for done in results:
                check_interrupted()
                for result in done.results:
                    bar.update(1)
                    if isinstance(result, Skipped):
                        writer.skip(result)
                        if not quiet:
                            bar.write(f"skipped {result.path}: {result.reason}", file=sys.stderr)
                    else:
                        writer.write(result)
                if done.last:
                    writer.commit_shard(done.shard_items)
        bar.close()
        skipped = writer.skipped()
        with finishing(), fewer_collections():  # the tables renamed into place: a stop signal now is too late
            writer.finish()
        as_text = _numbers_as_text(output_dir) if table_format == "parquet" else ()
    finally:
        if writer is not None:
            writer.discard()
        lock.release()
    seconds = time.perf_counter() - started
    return RunSummary(writer.documents, writer.tokens, tuple(skipped), seconds, resumed, as_text)


def _numbers_as_text(output_dir: Path) -> tuple[tuple[str, str, int], ...]:
    from pipeline.parquet import numbers_as_text  # pyarrow only for a Parquet run

    return tuple(numbers_as_text(output_dir))
