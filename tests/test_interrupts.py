"""Ctrl-C and SIGTERM stop `extract --jobs 2` at once, with one line, and leave nothing behind.

A terminal's Ctrl-C sends SIGINT to the whole process group (the parent and its workers);
`kill` sends SIGTERM to the parent only. Whatever the run is doing, it must end within
seconds, exit 130 (143), print one line and no traceback, and leave no process and no
temporary file. `make bench-interrupts` does the same at a hundred random moments.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT

# On a loaded machine a stop can take longer than the second or two it takes when idle.
STOP_SECONDS = 15.0


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _importing(process: subprocess.Popen[bytes], output: Path) -> bool:
    # numpy is being loaded: the program runs (before, the interpreter itself starts, and a
    # signal kills it before it has done anything, as it would any program)
    try:
        return "numpy" in Path(f"/proc/{process.pid}/maps").read_text()
    except OSError:
        return False


def _starting_workers(process: subprocess.Popen[bytes], output: Path) -> bool:
    return len(_children(process.pid)) >= 1


def _analyzing(process: subprocess.Popen[bytes], output: Path) -> bool:
    # The first group's rows are in the shard being written (pipeline.shards).
    return any(path.stat().st_size > 1000 for path in output.glob(".parts/.tmp-*/tokens.csv"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_text) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for number in range(48):  # six groups of eight: busy for a while after the first is written
        (root / f"d{number:02}.txt").write_text(seed_text[:2500], encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("signum", "to_group", "moment"),
    [
        (signal.SIGINT, True, _importing),
        (signal.SIGINT, True, _starting_workers),
        (signal.SIGINT, True, _analyzing),
        (signal.SIGTERM, False, _analyzing),
        (signal.SIGTERM, False, _starting_workers),
    ],
    ids=[
        "ctrl-c-importing",
        "ctrl-c-starting-workers",
        "ctrl-c-analyzing",
        "term-analyzing",
        "term-starting",
    ],
)
def test_a_signal_stops_the_run_at_once_with_one_line(
    corpus, tmp_path, signum: int, to_group: bool, moment: Callable[..., bool]
):
    output = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", "--input", str(corpus), "--output", str(output),
         "--jobs", "2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while not moment(process, output):
            assert process.poll() is None and time.monotonic() < deadline, "the run ended before the signal"
            time.sleep(0.02)
        if to_group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        sent = time.monotonic()
        _, stderr = process.communicate(timeout=120)
        took = time.monotonic() - sent
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
    message = stderr.decode("utf-8", "replace")
    assert process.returncode == 128 + signum, message
    (line,) = message.splitlines()
    assert line.startswith(
        f"stopped by {signal.Signals(signum).name}: the previous tables are left as they were"
    )
    assert took < STOP_SECONDS, f"took {took:.1f} s to stop"
    deadline = time.monotonic() + 10
    while _group_alive(process.pid):  # the workers go with the parent
        assert time.monotonic() < deadline, "a worker outlived the run"
        time.sleep(0.05)
    assert not list(output.glob("*.csv")) and not list(output.glob(".*.tmp-*"))
