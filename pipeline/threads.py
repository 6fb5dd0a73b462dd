"""One BLAS thread per process while a corpus runs.

The taggers multiply small matrices, a batch of sentences at a time. OpenBLAS's own
threads (one per core by default) gain little there and fight the worker processes for
the cores: on 132 factRuEval texts `extract --jobs 2` took 20.2 s with OpenBLAS's
default threads and 3.5 s with one. So every process of a corpus run — the parent and
each worker — limits BLAS (and OpenMP) to one thread, and `--jobs N` means N cores.

threadpoolctl sets the limit at run time, whenever numpy was imported; environment
variables would act only if set before numpy's first import. In the parent the limit
holds only while `run()` runs and is then restored, so `import pipeline` in a notebook
changes nothing and `pipeline.extract()` uses the notebook's own settings; a worker keeps
the limit for its lifetime (`start_worker`, the initializer of every worker pool).

The same holds for the garbage collector's thresholds (`fewer_collections`). The analysis
allocates millions of small objects that reference counting frees (tokens, words, tuples),
and with Python's default thresholds (700, 10, 10) the collector ran 1,377 young and 11 full
collections on the 868 public texts — about 2.8 of their 16.8 CPU s, most of it in full
collections walking the models and the word caches. With COLLECT_THRESHOLDS it runs 7 young
ones (0.3 s); peak memory is unchanged (203 against 201 MB; garbage in reference cycles is
still collected, only less often).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from threadpoolctl import threadpool_info, threadpool_limits

from pipeline.ner_models import DEFAULT_NER_MODEL


def one_thread() -> threadpool_limits:
    """A context in which BLAS and OpenMP use one thread; the previous limits come back after it."""
    return threadpool_limits(limits=1)


# The collector's thresholds while a corpus runs (see the module doc): a young collection
# after 50,000 new container objects, not 700.
COLLECT_THRESHOLDS = (50_000, 20, 20)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """A context in which the garbage collector uses COLLECT_THRESHOLDS; the previous ones after it."""
    previous = gc.get_threshold()
    gc.set_threshold(*COLLECT_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def start_worker(ner_model: str = DEFAULT_NER_MODEL) -> None:
    """A worker process: one BLAS thread and the collector's COLLECT_THRESHOLDS for its whole
    life, and the models loaded (with the NER weights `ner_model`, default: the project's)."""
    from pipeline.models import load_models

    one_thread()  # not restored: the worker ends with its pool
    gc.set_threshold(*COLLECT_THRESHOLDS)
    load_models(ner_model)


def blas_threads() -> list[int]:
    """The thread count of every BLAS library loaded in this process."""
    return [library["num_threads"] for library in threadpool_info() if library["user_api"] == "blas"]
