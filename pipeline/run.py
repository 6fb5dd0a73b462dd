"""A corpus run: list the files, analyze them (in worker processes), stream the tables.

Documents are processed in doc_id order and their rows streamed to the writer as they
come, so memory stays flat however large the corpus; `--jobs N` spreads the documents
over N worker processes, each loading the models once, and the tables are the same
bytes whatever N is.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from tqdm import tqdm

from pipeline.models import load_models
from pipeline.process import analyze_file
from pipeline.reader import DEFAULT_MAX_BYTES, METADATA_FILE, Skipped, doc_id_for, list_corpus, read_metadata
from pipeline.records import DocumentResult
from pipeline.tables import TableWriter


@dataclass(frozen=True)
class RunSummary:
    documents: int
    tokens: int
    skipped: tuple[Skipped, ...]
    seconds: float


def _work(item: tuple[Path, date | None], root: Path, max_bytes: int) -> DocumentResult | Skipped:
    path, known_date = item
    try:
        return analyze_file(path, root, known_date, max_bytes)
    except Exception as error:  # one bad document must not stop the corpus
        return Skipped(str(path), f"failed: {type(error).__name__}: {error}")


def _results(
    items: list[tuple[Path, date | None]], root: Path, max_bytes: int, jobs: int
) -> Iterator[DocumentResult | Skipped]:
    work = partial(_work, root=root, max_bytes=max_bytes)
    if jobs <= 1 or len(items) <= 1:
        load_models()
        yield from map(work, items)
        return
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(jobs, initializer=load_models) as pool:
        # imap keeps the input order, so the tables do not depend on the number of jobs.
        yield from pool.imap(work, items, chunksize=2)


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
    items = [(path, dates.get(doc_id_for(path, input_dir))) for path in paths]
    skipped = list(passed_over)
    documents = tokens = 0
    show_bar = not quiet and sys.stderr.isatty()
    with TableWriter(output_dir) as writer:
        bar = tqdm(total=len(items), unit="doc", disable=not show_bar, file=sys.stderr, smoothing=0.1)
        for result in _results(items, input_dir, max_bytes, jobs):
            bar.update(1)
            if isinstance(result, Skipped):
                skipped.append(result)
                if not quiet:
                    bar.write(f"skipped {result.path}: {result.reason}", file=sys.stderr)
                continue
            writer.write(result)
            documents += 1
            tokens += len(result.tokens)
        bar.close()
        for item in skipped:
            writer.skip(item)
        writer.commit()
    return RunSummary(documents, tokens, tuple(skipped), time.perf_counter() - started)
