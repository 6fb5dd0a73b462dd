"""A corpus run: list the files, analyze them (in worker processes), stream the tables.

Documents are processed in doc_id order and their rows streamed to the writer as they
come, so memory stays flat however large the corpus; `--jobs N` spreads the documents
over N worker processes, each loading the models once, and the tables are the same
bytes whatever N is.
"""

from __future__ import annotations

import multiprocessing
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from tqdm import tqdm

from pipeline.models import load_models
from pipeline.process import analyze_batch, read_source
from pipeline.records import SourceDocument
from pipeline.stages.s01_read import (
    DEFAULT_MAX_BYTES,
    METADATA_FILE,
    Skipped,
    doc_id_for,
    list_corpus,
    read_metadata,
)
from pipeline.stages.s10_tables import RenderedDocument, TableWriter, render


@dataclass(frozen=True)
class RunSummary:
    documents: int
    tokens: int
    skipped: tuple[Skipped, ...]
    seconds: float


# Documents go through the taggers in groups (see process.analyze_batch): at most this many
# documents, or this many bytes, a group. Groups are cut from the sorted file list alone,
# so they — and therefore the tables — are the same whatever the number of jobs.
GROUP_DOCUMENTS = 8
GROUP_BYTES = 200_000

Item = tuple[Path, date | None]


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


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def make_groups(items: list[Item]) -> list[list[Item]]:
    return [items[r.start : r.stop] for r in group_bounds([_file_size(path) for path, _ in items])]


def _failed(path: str, error: Exception) -> Skipped:
    return Skipped(path, f"failed: {type(error).__name__}: {error}")


def _analyze_one(doc: SourceDocument) -> RenderedDocument | Skipped:
    try:
        return render(analyze_batch([doc], load_models())[0])
    except Exception as error:  # one bad document must not stop the corpus
        return _failed(doc.path, error)


def _work(group: list[Item], root: Path, max_bytes: int) -> list[RenderedDocument | Skipped]:
    """Read and analyze one group of files; whatever goes wrong comes back as Skipped."""
    sources: list[SourceDocument | Skipped] = []
    for path, known_date in group:
        try:
            sources.append(read_source(path, root, known_date, max_bytes))
        except Exception as error:
            sources.append(_failed(str(path), error))
    docs = [s for s in sources if isinstance(s, SourceDocument)]
    try:
        analyzed: list[RenderedDocument | Skipped] = [render(r) for r in analyze_batch(docs, load_models())]
    except Exception:
        analyzed = [_analyze_one(doc) for doc in docs]  # find the document that fails
    results = iter(analyzed)
    return [next(results) if isinstance(s, SourceDocument) else s for s in sources]


def _results(
    items: list[Item], root: Path, max_bytes: int, jobs: int
) -> Iterator[RenderedDocument | Skipped]:
    work = partial(_work, root=root, max_bytes=max_bytes)
    groups = make_groups(items)
    if jobs <= 1 or len(groups) <= 1:
        for group in groups:
            yield from work(group)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        # Loaded once here, the models reach every worker through fork, shared copy-on-write:
        # no worker spends seconds loading them again, and their memory is not duplicated.
        load_models()
    context = multiprocessing.get_context(method)
    with context.Pool(min(jobs, len(groups)), initializer=load_models) as pool:
        # imap keeps the input order, so the tables do not depend on the number of jobs.
        for results in pool.imap(work, groups):
            yield from results


def run(
    input_dir: Path,
    output_dir: Path,
    jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    metadata: Path | None = None,
    quiet: bool = False,
) -> RunSummary:
    """Run the corpus in `input_dir` into the tables in `output_dir`."""
    started = time.perf_counter()
    paths, passed_over = list_corpus(input_dir)
    dates = read_metadata(metadata or input_dir / METADATA_FILE)
    paths.sort(key=lambda path: doc_id_for(path, input_dir))
    items: list[Item] = [(path, dates.get(doc_id_for(path, input_dir))) for path in paths]
    skipped = list(passed_over)
    if not quiet:
        for item in passed_over:
            print(f"skipped {item.path}: {item.reason}", file=sys.stderr)
    documents = tokens = 0
    show_bar = not quiet and sys.stderr.isatty()
    with TableWriter(output_dir) as writer:
        # shutil falls back to 80×24 where the terminal reports no size (tqdm would draw nothing).
        size = shutil.get_terminal_size()
        bar = tqdm(
            total=len(items),
            unit="doc",
            disable=not show_bar,
            file=sys.stderr,
            ncols=size.columns,
            nrows=size.lines,
        )
        for result in _results(items, input_dir, max_bytes, jobs):
            bar.update(1)
            if isinstance(result, Skipped):
                skipped.append(result)
                if not quiet:
                    bar.write(f"skipped {result.path}: {result.reason}", file=sys.stderr)
                continue
            writer.write(result)
            documents += 1
            tokens += result.tokens
        bar.close()
        for item in skipped:
            writer.skip(item)
        writer.commit()
    return RunSummary(documents, tokens, tuple(skipped), time.perf_counter() - started)
