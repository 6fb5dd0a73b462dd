"""Worker processes that can be stopped at any moment.

`ordered_map` computes a function over items in a few worker processes and yields the
results in the items' order. Why not multiprocessing.Pool: its workers share one result
pipe behind a lock, and stopping the pool joins threads that wait on that pipe; a worker
stopped half-way through sending a result leaves them waiting for good (Ctrl-C hung about
one run in ninety). Here each worker has a pipe of its own, only the calling thread reads
them, and stopping is: kill the workers, reap them, close the pipes — nothing waits on a
worker that may never answer.

Signals: the workers ignore SIGINT (a terminal's Ctrl-C reaches the whole process group)
and die on SIGTERM; only the parent acts on them (see pipeline.interrupts).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass
from itertools import chain
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

from pipeline.interrupts import STOP_SIGNALS, check_interrupted, held

Item = TypeVar("Item")
Result = TypeVar("Result")

# Items handed out ahead of the oldest one not yet yielded, per worker: bounds the results
# held back while one slow item holds up the order.
AHEAD = 4
# How long a worker that was asked to exit, or killed, may take before it is left behind.
REAP_SECONDS = 10.0
# The longest the parent waits for results without checking for a lost stop signal.
WAKE_SECONDS = 0.5
_NOTHING = object()


class WorkerError(RuntimeError):
    """A worker process died while computing an item (and no `lost` result was given)."""


def _serve(
    connection: Connection,
    others: list[Connection],
    function: Callable[[Item], Result],
    initializer: Callable[[], object] | None,
) -> None:
    """A worker: compute what the parent sends until it sends None or is gone."""
    # The parent started this process with both signals blocked, so none came in between.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    for other in others:  # the parent's ends: held here, they would hide the parent's death
        other.close()
    if initializer is not None:
        initializer()
    try:
        while (task := connection.recv()) is not None:
            index, item = task
            connection.send((index, function(item)))
    except (EOFError, OSError):
        pass  # the parent has gone: there is nobody left to answer


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    task: int | None = None  # the index of the item it is computing


class _Pool(Generic[Item, Result]):
    def __init__(self, function: Callable[[Item], Result], initializer: Callable[[], object] | None) -> None:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self._context = multiprocessing.get_context(method)
        self._function, self._initializer = function, initializer
        self.workers: list[_Worker] = []

    def start(self, place: int | None = None) -> None:
        """Start a worker, at the end of `workers` or in its `place`."""
        ours, theirs = self._context.Pipe()
        others = [worker.connection for worker in self.workers if not worker.connection.closed] + [ours]
        process = self._context.Process(
            target=_serve, args=(theirs, others, self._function, self._initializer), daemon=True
        )
        # Blocked in this thread, the signals are blocked in the child from its first
        # instruction until it ignores them; held, one that another thread of this process
        # takes meanwhile is raised once the worker is where stop() finds it.
        with held():
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
            try:
                process.start()
                worker = _Worker(process, ours)
                if place is None:
                    self.workers.append(worker)
                else:
                    self.workers[place] = worker
            finally:
                theirs.close()
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def _replace(self, worker: _Worker) -> str:
        """Start a new worker in place of one that died; returns how the old one ended."""
        worker.process.kill()
        worker.process.join(REAP_SECONDS)
        worker.connection.close()
        code = worker.process.exitcode
        how = f"exit code {code}" if code is None or code >= 0 else f"killed by {signal.Signals(-code).name}"
        self.start(self.workers.index(worker))
        return f"the worker process died ({how})"

    def run(self, items: Iterator[Item], lost: Callable[[Item, str], Result] | None) -> Iterator[Result]:
        pending: dict[int, Item] = {}  # taken from `items`, its result not yet back
        results: dict[int, Result] = {}
        handed = done = 0  # items handed out; items yielded
        exhausted = False

        def hand_out() -> None:
            """Give every idle worker its next item (a few per worker ahead of the results)."""
            nonlocal handed, exhausted
            idle = [worker for worker in self.workers if worker.task is None]
            while idle and not exhausted and handed < done + AHEAD * len(self.workers):
                if handed not in pending:
                    try:
                        pending[handed] = next(items)  # taken only as results go out
                    except StopIteration:
                        exhausted = True
                        break
                worker = idle.pop()
                try:
                    worker.connection.send((handed, pending[handed]))
                except OSError:  # it died while idle: its replacement takes the item
                    self._replace(worker)
                    idle = [worker for worker in self.workers if worker.task is None]
                    continue
                worker.task = handed
                handed += 1

        while not (exhausted and done == handed):
            hand_out()
            busy = {worker.connection: worker for worker in self.workers if worker.task is not None}
            check_interrupted()
            for connection in wait(list(busy), timeout=WAKE_SECONDS):
                worker = busy[connection]
                index, worker.task = worker.task, None
                try:
                    index, result = connection.recv()
                except (EOFError, OSError):
                    reason = self._replace(worker)
                    if lost is None:
                        raise WorkerError(reason) from None
                    result = lost(pending[index], reason)
                del pending[index]
                results[index] = result
            hand_out()  # before the results go out: a worker never waits while they are written
            while done in results:
                yield results.pop(done)
                done += 1

    def stop(self, now: bool) -> None:
        """Ask the workers to exit (`now`: kill them), and reap them."""
        for worker in self.workers:
            try:
                if now or worker.task is not None:
                    worker.process.kill()
                else:
                    worker.connection.send(None)
            except OSError:
                pass  # already gone
        for worker in self.workers:
            worker.process.join(REAP_SECONDS)
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join(REAP_SECONDS)
            worker.connection.close()


def ordered_map(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    jobs: int,
    initializer: Callable[[], object] | None = None,
    lost: Callable[[Item, str], Result] | None = None,
) -> Iterator[Result]:
    """function(item) for every item, computed in `jobs` worker processes, in the items' order.

    Items are taken from `items` only a few per worker ahead of the results handed back, so
    a generator over millions stays lazy. `function`, `initializer` and the items reach the
    workers by fork where the system has it. A worker that dies (killed, out of memory) is
    replaced, and its item gives `lost(item, reason)` (WorkerError without `lost`). Leaving
    the iteration early (an exception, Interrupted, close()) kills the workers at once; use
    it in a `with contextlib.closing(...)` so that this happens before anything else.
    """
    source = iter(items)
    first = next(source, _NOTHING)
    if first is _NOTHING:
        return
    size = min(jobs, len(items)) if isinstance(items, Sized) else jobs
    pool = _Pool(function, initializer)
    finished = False
    try:
        for _ in range(size):
            pool.start()
        yield from pool.run(chain([first], source), lost)  # type: ignore[list-item]
        finished = True
    finally:
        pool.stop(now=not finished)
