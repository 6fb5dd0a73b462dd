"""The worker processes: results in order, a dead worker costs only its item, stopping is immediate."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from pipeline.workers import WorkerError, ordered_map


def _square(item: int) -> int:
    time.sleep((item % 3) * 0.02)  # later items often finish first
    return item * item


def _dies_on_five(item: int) -> int:
    if item == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return item * item


def _ignores_ctrl_c(item: int) -> int:
    os.kill(os.getpid(), signal.SIGINT)  # what a terminal's Ctrl-C does to every worker
    time.sleep(0.05)
    return item


def _first_fast_then_stuck(item: int) -> int:
    if item:
        time.sleep(600)
    return os.getpid()


def test_results_come_in_the_items_order_whatever_the_workers_speed():
    assert list(ordered_map(_square, list(range(20)), jobs=3)) == [n * n for n in range(20)]


def test_a_worker_that_dies_loses_only_its_item_and_is_replaced():
    results = list(
        ordered_map(_dies_on_five, list(range(10)), jobs=2, lost=lambda item, why: f"{item}: {why}")
    )
    assert results[5] == "5: the worker process died (killed by SIGKILL)"
    assert results[:5] + results[6:] == [n * n for n in range(10) if n != 5]
    with pytest.raises(WorkerError, match="killed by SIGKILL"):
        list(ordered_map(_dies_on_five, list(range(10)), jobs=2))


def test_workers_ignore_ctrl_c():
    assert list(ordered_map(_ignores_ctrl_c, list(range(4)), jobs=2)) == [0, 1, 2, 3]


def test_leaving_early_kills_every_worker_at_once():
    before = {p.pid for p in multiprocessing.active_children()}
    results = ordered_map(_first_fast_then_stuck, list(range(6)), jobs=2)
    next(results)
    workers = {p.pid for p in multiprocessing.active_children()} - before
    assert len(workers) == 2
    started = time.monotonic()
    results.close()  # what an exception or Ctrl-C in the caller does, through contextlib.closing
    assert time.monotonic() - started < 15
    assert not workers & {p.pid for p in multiprocessing.active_children()}
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # not even a zombie: reaped


LOST_IN_A_FINALIZER = """
import os, signal
from pipeline.interrupts import Interrupted, check_interrupted, stop_on_signals

class Finalized:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGTERM)  # the handler runs in here: Python drops its exception

stop_on_signals()
Finalized()
print("went on")
try:
    check_interrupted()
except Interrupted as stop:
    print("stopped by", stop.signum)
"""


def test_a_stop_signal_whose_exception_python_drops_still_stops_the_run():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", LOST_IN_A_FINALIZER], capture_output=True, text=True,
                            env=env, timeout=60)  # fmt: skip
    assert "Exception ignored" in result.stderr  # what happens to it: the reason for check_interrupted
    assert result.stdout.splitlines() == ["went on", "stopped by 15"]


STOPPED_AS_IT_ENDS = """
import os, signal
from pipeline.interrupts import check_interrupted, finishing, stop_on_signals

stop_on_signals()
with finishing():
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while the tables are renamed into place
check_interrupted()
os.kill(os.getpid(), signal.SIGTERM)  # and once the run is over
print("ended whole")
"""


def test_a_stop_signal_as_the_run_ends_lets_it_end_whole():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", STOPPED_AS_IT_ENDS], capture_output=True, text=True,
                            env=env, timeout=60)  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (0, "ended whole\n", "")
