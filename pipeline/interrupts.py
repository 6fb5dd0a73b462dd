"""How a run stops: Ctrl-C (SIGINT) and SIGTERM become `Interrupted` in the parent process.

`stop_on_signals` (the command line calls it first) makes both signals raise Interrupted
in the main thread, which unwinds the run wherever it is: the workers are killed, the
temporary tables removed, and the command exits with 128 + the signal's number. The
first signal does it; more, while the run unwinds, are ignored. The worker processes
ignore SIGINT themselves (see pipeline.workers).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM reached the run."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass
class _Stop:
    signum: int | None = None  # the signal that asked the run to stop
    holding: int = 0  # > 0: record the signal, raise it when the held section ends
    ignored: set[int] = field(default_factory=set)  # the signals this module set to SIG_IGN


_STOP = _Stop()


def _ignore(numbers: Iterable[int]) -> None:
    for number in numbers:
        signal.signal(number, signal.SIG_IGN)
        _STOP.ignored.add(number)


def _raise_interrupted(signum: int, frame: object) -> None:
    # Only once: more Ctrl-C's while the run unwinds must not interrupt the clean-up.
    _ignore(STOP_SIGNALS)
    _STOP.signum = signum
    if not _STOP.holding:
        raise Interrupted(signum)


def check_interrupted() -> None:
    """Raise Interrupted again if a stop signal came and its exception was lost.

    Python runs a signal handler in whatever code the main thread is in, and where that is
    a finalizer or an at-fork hook it prints the exception and drops it ("Exception
    ignored in ..."); the run's loops call this, so the stop still happens.
    """
    if _STOP.signum is not None and not _STOP.holding:
        raise Interrupted(_STOP.signum)


@contextmanager
def held() -> Iterator[None]:
    """A section a stop signal must not break into (a fork): it is raised at the end."""
    _STOP.holding += 1
    try:
        yield
    finally:
        _STOP.holding -= 1
    check_interrupted()


@contextmanager
def finishing() -> Iterator[None]:
    """The run's last step (the tables renamed into place): a stop signal that comes during
    it, or after it, is dropped — the run completes whole, and says so."""
    _STOP.holding += 1
    try:
        yield
    except BaseException:
        _STOP.holding -= 1
        raise
    _ignore([number for number in STOP_SIGNALS if signal.getsignal(number) is _raise_interrupted])
    _STOP.signum = None
    _STOP.holding -= 1


def stop_on_signals() -> None:
    """From now on SIGINT and SIGTERM raise Interrupted in the main thread (for the command line).

    A signal the process was started ignoring stays ignored: a shell starts a background job
    (`make extract &` in a script, `nohup`) with SIGINT ignored so that a Ctrl-C meant for the
    foreground does not stop it, and Python keeps that too. Also unblocks them, for a caller
    that blocked them while it started (see __main__).
    """
    if threading.current_thread() is not threading.main_thread():
        return
    _STOP.signum = None
    for number in STOP_SIGNALS:
        if signal.getsignal(number) is not signal.SIG_IGN or number in _STOP.ignored:
            signal.signal(number, _raise_interrupted)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
