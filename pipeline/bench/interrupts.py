"""Interrupt `extract --jobs 2` at random moments, many times, and count what went wrong.

`make bench-interrupts` (`python -m pipeline.bench.interrupts`): a run of a small corpus is
timed once, then started again and again and stopped after a random delay within that
time, the way people stop it, in turn: Ctrl-C (SIGINT to the whole process group, as a
terminal sends it), Ctrl-C twice (0.2 s apart), and `kill` (SIGTERM to the parent only).
The parent must exit within --timeout seconds (else it is a hang: the bench kills it),
with 130 or 143, one line on stderr and no traceback; no process of the run may be alive
2 s later (an orphan); no temporary file may be left and the previous tables must be
byte for byte the same.

A signal that lands before any of our code runs is counted apart ("before start-up"):
before the interpreter has set its own handler it is killed by the signal's default action
(nothing ran, nothing is printed, and a shell sees 130 or 143 all the same); a Ctrl-C in
the interpreter's own start-up (site.py and the `.pth` files of site-packages, runpy, the
console script's wrapper) gives Python's KeyboardInterrupt traceback with no frame of ours,
or none but the first statements of the package's and `__main__`'s module bodies, which run
before `main` can block the signals.
--tree runs another checkout (e.g. an older commit, exported with `git archive`) with the
same corpus, to compare.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("ctrl-c", "ctrl-c twice", "kill")
PROBLEMS = ("hang", "traceback", "wrong exit code", "not one line", "orphan", "temporary files left",
            "tables changed")  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    kind: str
    delay: float
    finished_first: bool  # the run ended before the signal was sent, or as it came
    before_start: bool  # killed by the signal before Python ran anything
    seconds: float  # from the first signal to the parent's exit
    problems: tuple[str, ...]
    stderr: str = ""


def group_alive(group: int) -> bool:
    """Whether a process of the group (a run: the parent and its workers) is alive."""
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def before_our_code(returncode: int, signum: int, message: str, tree: Path = ROOT) -> bool:
    """Whether the signal stopped the interpreter before our code ran (see the module's text)."""
    if returncode == -signum and not message:
        return True
    lines = message.splitlines()
    # exit 1: in site.py (a fatal start-up error); killed by SIGINT: at the top of runpy or of `-c`
    uncaught = returncode in (1, -signum) and bool(lines) and lines[-1] == "KeyboardInterrupt"
    return uncaught and all(frame in _ENTRY_FRAMES for frame in _our_frames(message, tree))


# The first statements of `python -m pipeline` (the package's and __main__'s module bodies, a
# few microseconds before `main` blocks the signals): no code can hold a signal back there,
# since Python delivers it between any two of them.
_ENTRY_FRAMES = {("__init__.py", "<module>"), ("__main__.py", "<module>")}


def _our_frames(message: str, tree: Path) -> list[tuple[str, str]]:
    """(path inside pipeline/, function) of every traceback frame in `tree`'s package."""
    ours = f'File "{tree.resolve() / "pipeline"}{os.sep}'
    frames = []
    for line in message.splitlines():
        if line.strip().startswith(ours):
            path, _, rest = line.strip()[len(ours) :].partition('", line ')
            frames.append((path, rest.partition(" in ")[2]))
    return frames


def _tables(output: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(output.glob("*.csv"))}


def start_extract(corpus: Path, output: Path, jobs: int, tree: Path = ROOT, stdout: int = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:  # fmt: skip
    """`python -m pipeline extract` of `tree`, stderr piped, in a session of its own: its process
    group is the run (the parent and its workers), as a terminal's Ctrl-C reaches them."""
    return subprocess.Popen(
        _command(tree, corpus, output, jobs), cwd=tree, env=_environment(tree), stdout=stdout,
        stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip


def _command(tree: Path, corpus: Path, output: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "pipeline", "extract", "--input", str(corpus), "--output", str(output),
            "--jobs", str(jobs)]  # fmt: skip


def _environment(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree)}


def interrupt_once(
    tree: Path, corpus: Path, output: Path, jobs: int, kind: str, delay: float, timeout: float,
    tables: dict[str, bytes],
) -> Outcome:  # fmt: skip
    process = start_extract(corpus, output, jobs, tree)
    time.sleep(delay)
    if process.poll() is not None:
        process.communicate()
        return Outcome(kind, delay, True, False, 0.0, ())
    signum = signal.SIGTERM if kind == "kill" else signal.SIGINT
    sent = time.monotonic()
    if kind == "kill":
        process.send_signal(signum)
    else:
        os.killpg(process.pid, signum)
    problems = []
    try:
        if kind == "ctrl-c twice":
            try:
                process.wait(0.2)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signum)
        process.wait(timeout)  # the parent; stderr is small enough for its pipe
    except subprocess.TimeoutExpired:
        problems.append("hang")
    seconds = time.monotonic() - sent
    # Workers that outlive the parent (orphans) hold its stderr open: they go first.
    deadline = time.monotonic() + 2
    while "hang" not in problems and group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if group_alive(process.pid):
        if "hang" not in problems:
            problems.append("orphan")
        os.killpg(process.pid, signal.SIGKILL)
    _, stderr = process.communicate()
    message = stderr.decode("utf-8", "replace")
    if process.returncode in (0, 3) and not problems:  # the signal came as the run ended: it ended whole
        return Outcome(kind, delay, True, False, seconds, ())
    before_start = before_our_code(process.returncode, signum, message, tree)
    if "Traceback" in message and not before_start:
        problems.append("traceback")
    if "hang" not in problems and not before_start:
        if process.returncode != 128 + signum:
            problems.append("wrong exit code")
        if len(message.splitlines()) != 1:
            problems.append("not one line")
    leftovers = list(output.glob(".*.tmp-*"))
    if leftovers:
        problems.append("temporary files left")
        for path in leftovers:
            path.unlink()
    if _tables(output) != tables:
        problems.append("tables changed")
    return Outcome(kind, delay, False, before_start, seconds, tuple(problems), message)


def make_corpus(directory: Path, documents: int) -> Path:
    texts = sorted((ROOT / "corpus").glob("*.txt"))
    directory.mkdir()
    for number in range(documents):
        shutil.copyfile(texts[number % len(texts)], directory / f"d{number:03}.txt")
    return directory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench.interrupts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--count", type=int, default=100, help="interrupts to deliver (default: 100)")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs of the interrupted runs (default: 2)")
    parser.add_argument("--documents", type=int, default=16, help="documents in the corpus (default: 16)")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds a stop may take before it counts as a hang (default: 10)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a new one, printed)")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout to run (default: this one)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    chooser = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="bench-interrupts-") as temporary:
        corpus = make_corpus(Path(temporary, "corpus").resolve(), args.documents)
        output = Path(temporary, "out")
        started = time.monotonic()
        reference = subprocess.run(_command(args.tree, corpus, output, args.jobs), cwd=args.tree,
                                   env=_environment(args.tree), capture_output=True, text=True)  # fmt: skip
        whole = time.monotonic() - started
        if reference.returncode != 0:
            print(
                f"the uninterrupted run failed ({reference.returncode}):\n{reference.stderr}", file=sys.stderr
            )
            return 1
        tables = _tables(output)
        print(
            f"tree {args.tree}, {args.documents} documents, --jobs {args.jobs}: a whole run takes "
            f"{whole:.1f} s; {args.count} interrupts at random moments within it (seed {seed})"
        )
        outcomes: list[Outcome] = []
        attempts = 0
        while sum(not o.finished_first for o in outcomes) < args.count and attempts < 3 * args.count:
            kind = KINDS[attempts % len(KINDS)]
            attempts += 1
            outcome = interrupt_once(args.tree, corpus, output, args.jobs, kind, chooser.uniform(0, whole),
                                     args.timeout, tables)  # fmt: skip
            outcomes.append(outcome)
            if outcome.problems:
                print(f"  {kind} after {outcome.delay:.2f} s: {', '.join(outcome.problems)}")
                for line in outcome.stderr.splitlines()[-4:]:
                    print(f"    | {line}")
        report(outcomes)
    stopped = [o for o in outcomes if not o.finished_first]
    return 1 if any(o.problems for o in stopped) or len(stopped) < args.count else 0


def report(outcomes: list[Outcome]) -> None:
    stopped = [o for o in outcomes if not o.finished_first]
    problems = Counter(problem for o in stopped for problem in o.problems)
    kinds = Counter(o.kind for o in stopped)
    print(f"\n{len(stopped)} interrupts ({', '.join(f'{kinds[k]} {k}' for k in KINDS)}); "
          f"{sum(o.finished_first for o in outcomes)} runs finished before their signal, not counted; "
          f"{sum(o.before_start for o in stopped)} stopped before start-up")  # fmt: skip
    for problem in PROBLEMS:
        print(f"  {problem:22} {problems[problem]}")
    seconds = sorted(o.seconds for o in stopped if "hang" not in o.problems)
    if seconds:
        p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))]
        print(f"  time to stop: median {statistics.median(seconds):.2f} s, 95th percentile {p95:.2f} s, "
              f"longest {seconds[-1]:.2f} s")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
