"""Analysis that neither fails nor stalls a run: one bad or pathological document is skipped.

`analyze_guarded` runs a group of documents through `process.analyze_batch` together (the
taggers are faster on a batch); if the batch fails or runs out of time, each document is
run again alone, so that only the one that fails or takes longer than the time limit
(`--doc-timeout`) is skipped, with the reason, and the others keep their results.

The time limit is SIGALRM (`signal.setitimer`), which interrupts Python code wherever it
is, between two bytecodes: it needs the main thread of a process, which the worker
processes of `--jobs` and a plain run have. Where there is none (a thread of a Dask
worker), documents run without a limit.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from pipeline.models import load_models
from pipeline.ner_models import DEFAULT_NER_MODEL
from pipeline.process import analyze_batch
from pipeline.records import DocumentResult, SourceDocument
from pipeline.stages.s01_read import Skipped

Out = TypeVar("Out")


class DocumentTimeout(Exception):
    """The analysis ran past its time limit."""


def _expired(signum: int, frame: object) -> None:
    raise DocumentTimeout


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in the block after `seconds` (no limit: None, or not the main thread)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def failed(path: str, error: BaseException) -> Skipped:
    return Skipped(path, f"failed: {type(error).__name__}: {error}")


def timed_out(path: str, seconds: float) -> Skipped:
    return Skipped(path, f"timed out: analysis took longer than {seconds:g} s (--doc-timeout)")


def analyze_guarded(
    docs: Sequence[SourceDocument],
    timeout: float | None = None,
    finish: Callable[[DocumentResult], Out] = lambda result: result,  # type: ignore[assignment,return-value]
    ner_model: str = DEFAULT_NER_MODEL,
) -> list[Out | Skipped]:
    """finish(result) for each document, in order, or Skipped for one that fails or times out;
    `ner_model`: the NER weights (`pipeline.ner_models.NER_MODELS`)."""
    if not docs:
        return []
    try:
        with time_limit(timeout * len(docs) if timeout else None):
            return [finish(r) for r in analyze_batch(docs, load_models(ner_model))]
    except Exception:
        pass  # DocumentTimeout included
    outcomes: list[Out | Skipped] = []
    for doc in docs:  # find the document that fails or stalls
        try:
            with time_limit(timeout):
                outcomes.append(finish(analyze_batch([doc], load_models(ner_model))[0]))
        except DocumentTimeout:
            outcomes.append(timed_out(doc.path or doc.doc_id, timeout or 0))
        except Exception as error:  # one bad document must not stop the corpus
            outcomes.append(failed(doc.path or doc.doc_id, error))
    return outcomes
