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
"""

from __future__ import annotations

from threadpoolctl import threadpool_info, threadpool_limits

from pipeline.ner_models import DEFAULT_NER_MODEL


def one_thread() -> threadpool_limits:
    """A context in which BLAS and OpenMP use one thread; the previous limits come back after it."""
    return threadpool_limits(limits=1)


def start_worker(ner_model: str = DEFAULT_NER_MODEL) -> None:
    """A worker process: one BLAS thread for its whole life, and the models loaded (with the
    NER weights `ner_model`, default: the project's)."""
    from pipeline.models import load_models

    one_thread()  # not restored: the worker ends with its pool
    load_models(ner_model)


def blas_threads() -> list[int]:
    """The thread count of every BLAS library loaded in this process."""
    return [library["num_threads"] for library in threadpool_info() if library["user_api"] == "blas"]
