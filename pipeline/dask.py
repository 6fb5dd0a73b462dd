"""Running the pipeline on a Dask cluster (`extract --engine dask --scheduler ADDRESS`), and
helpers for a notebook that already has a `dask.bag` of records.

The work is the very function a local run gives its worker processes (`run.work`, one
group of documents → their rendered rows), so the tables are the same bytes as with
`--jobs N`. The client (the machine running `extract`) lists the corpus and writes the
shards; the workers get groups of records (their text) or of file paths — for a folder of
`.txt` files the workers read them, so input must be on storage every worker sees at the
same path. Each worker process is prepared once (`PipelineWorker`, a worker plugin the client
registers before the first task): freed memory kept for reuse as in any process (a nanny
starts workers with glibc told to return it at once, which made the taggers twice as slow),
BLAS limited to one thread, as in the worker processes of
`--jobs N` (`pipeline.threads`), and the models loaded, kept for every task after.

Needs the optional extra: `pip install -e '.[dask]'`.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from pipeline.ner_models import DEFAULT_NER_MODEL, NER_MODELS
from pipeline.threads import start_worker

try:
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - without the dask extra, nothing here is run
    WorkerPlugin = object  # type: ignore[assignment,misc]

if TYPE_CHECKING:
    import dask.bag
    from distributed import Client

    from pipeline.records import DocumentResult
    from pipeline.stages.s01_read import Skipped

Item = TypeVar("Item")
Result = TypeVar("Result")

AHEAD = 4  # tasks in flight per worker thread ahead of the oldest result not yet handed back


PROFILER_CALLBACKS = ("profile", "profile-cycle")  # distributed.Worker's periodic callbacks
# glibc's mallopt parameters, and the values glibc's own dynamic threshold grows to on 64 bits.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD, TRIM_THRESHOLD = 32 * 1024 * 1024, 64 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Let glibc keep freed blocks for reuse again, as a process does by default; True if set.

    A Dask nanny starts its workers with MALLOC_TRIM_THRESHOLD_=65536, so glibc hands every
    freed block over 64 KB back to the system at once. The taggers make arrays of several
    MB per layer and batch; each then comes back as fresh pages, faulted in one by one: in a
    Dask worker the taggers took twice as long as in a local worker (1.77 s against 0.93 s
    on the morphology of 300 texts, one worker, measured). Where there is no glibc (musl,
    macOS) nothing is changed."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))


@lru_cache(maxsize=len(NER_MODELS))
def prepare_worker(ner_model: str = DEFAULT_NER_MODEL) -> None:
    """This process, once a model: freed memory kept for reuse (`keep_freed_memory`), one BLAS
    thread for its lifetime and the models loaded."""
    keep_freed_memory()
    start_worker(ner_model)


class PipelineWorker(WorkerPlugin):  # type: ignore[misc]
    """Prepares every worker of the cluster (`prepare_worker`) as it joins, before any task."""

    idempotent = True  # registered again by the next run on the same cluster: nothing to redo

    def __init__(self, ner_model: str = DEFAULT_NER_MODEL) -> None:
        self.ner_model = ner_model
        self.name = f"ruextract-{ner_model}"  # one plugin a model: a run with another loads that one

    async def setup(self, worker: object) -> None:
        # The worker's statistical profiler (Dask's dashboard) walks the analysis thread's
        # stack every 10 ms, contending for the GIL with it: stopped for this worker.
        for name in PROFILER_CALLBACKS:
            callback = getattr(worker, "periodic_callbacks", {}).get(name)
            if callback is not None:
                callback.stop()
        # Off the worker's event loop: loading takes seconds, and the loop answers the scheduler.
        await asyncio.get_running_loop().run_in_executor(None, prepare_worker, self.ner_model)


def _client(scheduler: str | Client) -> tuple[Client, bool]:
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - depends on the install
        raise RuntimeError("--engine dask needs the dask extra: pip install -e '.[dask]'") from None
    if isinstance(scheduler, Client):
        return scheduler, False
    return Client(scheduler, set_as_default=False), True


def cluster_map(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    scheduler: str | Client,
    prepare: PipelineWorker | None = None,
) -> Iterator[Result]:
    """function(item) for every item on the cluster, in the items' order, lazily: only a few
    tasks per worker thread are in flight, so a corpus of any length streams through.
    `prepare`: a plugin registered first (every worker, and those that join later, prepared)."""
    client, own = _client(scheduler)
    try:
        if prepare is not None:
            client.register_plugin(prepare)
        threads = max(1, sum(client.nthreads().values()))
        pending: deque = deque()
        for item in items:
            pending.append(client.submit(function, item, pure=False))
            if len(pending) >= AHEAD * threads:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        if own:
            client.close()


def _analyze_partition(records: list[object], doc_timeout: float | None) -> list[DocumentResult | Skipped]:
    from pipeline.many import extract_many

    prepare_worker()
    return list(extract_many(records, jobs=1, doc_timeout=doc_timeout))  # type: ignore[arg-type]


def extract_bag(records: dask.bag.Bag, doc_timeout: float | None = None) -> dask.bag.Bag:
    """A bag of records — `(doc_id, text[, date])` or dicts with `id`, `text`, `date` — as a bag
    of DocumentResult (a Skipped where a record fails), partition by partition, in order."""
    return records.map_partitions(_analyze_partition, doc_timeout)


def extract_to_tables(source: str, output: str, scheduler: str | Client, **options: object) -> object:
    """The same as `extract --engine dask --scheduler ADDRESS`: the corpus at `source` (a folder
    of .txt files or record files) into the sharded tables in `output`; returns the RunSummary.
    `options`: those of `pipeline.run.run` (table_format, shard_size, resume, doc_timeout, …)."""
    from pathlib import Path

    from pipeline.run import run

    return run(Path(source), Path(output), scheduler=scheduler, **options)  # type: ignore[arg-type]
