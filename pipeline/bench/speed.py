"""`make bench`: the user's own commands, timed against plain natasha on the same texts.

Every measurement is a command run as a subprocess in the environment the bench itself
was given (no thread settings of its own), one after another in the same command, on
the same texts (NEREL train + factRuEval dev):

- natasha: `python -m pipeline.bench.baseline` — plain natasha as its README runs it,
  one process (Segmenter, NewsMorphTagger + MorphVocab lemmas, NewsNERTagger with
  `span.normalize`, DatesExtractor, MoneyExtractor), writing the same kind of tables;
- the same with OPENBLAS_NUM_THREADS=1, natasha at its best on one core (a reference);
- `python -m pipeline extract --input … --output … --jobs 1`;
- `python -m pipeline extract --input … --output …`: what `make extract` runs, with the
  default number of jobs (the cores this process may use);
- `extract --jobs 1` and `extract` on the corpus copied K times: memory against the corpus
  once, and 2 jobs against 1 where start-up and the corpus step (one process's work) weigh less.

Times are wall-clock, model loading included; CPU is user + system time of the command
and its workers. Peak memory is the largest sum, over the command's processes, of their
proportional set size (shared pages split between the processes that share them),
sampled every 0.1 s — in runs of their own after the timed ones: a sample takes the bench
about 14 ms of CPU (the kernel walks the page tables of 3 processes of 200 MB), which on 2
cores slowed the 2-job run it watched by about 5%; the timed runs have nothing beside them,
as a user's have not. The machine may be shared, so the ratios of one run matter, and
`--repeat` keeps each command's best time over that many rounds.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.bench.datasets import default_datasets_dir
from pipeline.stages.s01_read import Skipped, doc_id_for

NUMERIC_STAGES = ("dates", "money", "percents")
NATASHA, REFERENCE, ONE_JOB, DEFAULT = "natasha", "natasha, 1 BLAS thread", "extract --jobs 1", "extract"


def bench_texts(datasets: Path, limit: int | None) -> list[tuple[str, Path]]:
    """(doc_id, path) of the public texts, NEREL first, in a fixed order."""
    paths = [("nerel/" + p.stem, p) for p in sorted((datasets / "nerel-train").glob("*.txt"))]
    paths += [("factru/" + p.stem, p) for p in sorted((datasets / "factru-dev").glob("*.txt"))]
    return paths[:limit] if limit else paths


def make_corpus(texts: list[tuple[str, Path]], root: Path, copies: int = 1) -> Path:
    for copy in range(copies):
        for doc_id, path in texts:
            target = root / (f"copy{copy}/" if copies > 1 else "") / f"{doc_id}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return root


def baseline_command(corpus: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline.bench.baseline", "--input", str(corpus), "--output", str(output)]


def extract_command(corpus: Path, output: Path, jobs: int | None = None) -> list[str]:
    """The user's command: `make extract` runs this (with --jobs set to the cores, the default)."""
    command = [sys.executable, "-m", "pipeline", "extract", "--input", str(corpus), "--output", str(output)]
    return command + (["--jobs", str(jobs)] if jobs else [])


@dataclass(frozen=True)
class Run:
    command: list[str]
    output: Path
    env: dict[str, str]


def plan(corpus: Path, out: Path) -> dict[str, Run]:
    """Every timed run, by name."""
    env = dict(os.environ)
    return {
        NATASHA: Run(baseline_command(corpus, out / "natasha"), out / "natasha", env),
        REFERENCE: Run(baseline_command(corpus, out / "natasha"), out / "natasha",
                       {**env, "OPENBLAS_NUM_THREADS": "1"}),
        ONE_JOB: Run(extract_command(corpus, out / "one", jobs=1), out / "one", env),
        DEFAULT: Run(extract_command(corpus, out / "default"), out / "default", env),
    }  # fmt: skip


@dataclass(frozen=True)
class Measured:
    documents: int
    tokens: int
    seconds: float
    cpu_seconds: float
    peak_mib: float | None  # None: not sampled (a timed run)

    @property
    def rate(self) -> float:
        return self.documents / self.seconds


def _tree(root: int) -> list[int]:
    """The process and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _pss_kib(pid: int) -> int:
    """Proportional set size: the process's own pages plus its share of the pages it shares."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def measure(run: Run, memory: bool = False) -> Measured:
    """Run one command to its end: its time, CPU, with `memory` its peak memory (sampled: see
    the module's text), and the documents and tokens its documents.csv counts. Commands run
    one at a time, so the CPU time that waited-for children add up to grows by this
    command's (its workers included) alone."""
    shutil.rmtree(run.output, ignore_errors=True)
    with tempfile.TemporaryFile() as stderr:
        cpu, started = _children_cpu(), time.perf_counter()
        process = subprocess.Popen(run.command, env=run.env, stdout=subprocess.DEVNULL, stderr=stderr)
        peak = 0
        while process.poll() is None:
            if memory:
                peak = max(peak, sum(_pss_kib(pid) for pid in _tree(process.pid)))
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        stderr.seek(0)
        message = stderr.read().decode("utf-8", "replace").strip()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(run.command)} exited with {process.returncode}: {message[-500:]}")
    with open(run.output / "documents.csv", encoding="utf-8", newline="") as handle:
        tokens = [int(row["tokens"]) for row in csv.DictReader(handle)]
    return Measured(len(tokens), sum(tokens), seconds, _children_cpu() - cpu, peak / 1024 if memory else None)


def child_stages(corpus: Path) -> dict[str, float]:
    """Seconds per analysis stage, one process, groups as `extract` makes them."""
    from pipeline.models import load_models
    from pipeline.process import StageClock, analyze_batch, read_source
    from pipeline.run import FileItem, make_groups
    from pipeline.threads import one_thread

    models, clock = load_models(), StageClock()
    items = [FileItem(path, doc_id_for(path, corpus), None) for path in sorted(corpus.rglob("*.txt"))]
    documents = 0
    with one_thread():  # as in extract
        for group in make_groups(items):
            sources = [
                read_source(item.path, item.doc_id, None) for item in group if isinstance(item, FileItem)
            ]
            docs = [s for s in sources if not isinstance(s, Skipped)]
            documents += len(analyze_batch(docs, models, clock))
    return {"documents": documents, **clock.seconds}


def print_stages(stages: dict[str, float]) -> None:
    numeric = sum(stages[name] for name in NUMERIC_STAGES)
    rest = sum(seconds for name, seconds in stages.items() if name not in (*NUMERIC_STAGES, "documents"))
    print("| stage | seconds | share |")
    print("|---|---|---|")
    total = numeric + rest
    for name, seconds in stages.items():
        if name != "documents":
            print(f"| {name} | {seconds:.2f} | {seconds / total:.1%} |")
    print(
        f"\ndates + money + percents add {numeric / rest:.1%} to the time of the other stages "
        f"({numeric:.2f} s on top of {rest:.2f} s)"
    )


def _row(name: str, m: Measured, base: Measured, peak: Measured | None) -> str:
    mib = "—" if peak is None or peak.peak_mib is None else f"{peak.peak_mib:.0f}"
    return (f"| {name} | {m.documents} | {m.seconds:.1f} | {m.cpu_seconds:.1f} | {m.rate:.1f} | "
            f"{m.tokens / m.seconds:,.0f} | {mib} | {m.rate / base.rate:.2f}× |")  # fmt: skip


def report(
    best: dict[str, Measured],
    rounds: list[dict[str, Measured]],
    big: Measured,
    big_one: Measured,
    copies: int,
    peaks: dict[str, Measured],
) -> None:
    """The table and the ratios; `peaks` are the memory runs, by the names of the timed ones."""
    base = best[NATASHA]
    print("| run | documents | seconds | CPU s | documents/s | tokens/s | peak MiB | speed vs natasha |")
    print("|---|---|---|---|---|---|---|---|")
    bigger = [(f"extract --jobs 1, corpus ×{copies}", big_one), (f"extract, corpus ×{copies}", big)]
    for name, measured in [*best.items(), *bigger]:
        print(_row(name, measured, base, peaks.get(name)))
    print()
    for label, top, bottom in (
        ("extract --jobs 1 vs natasha", ONE_JOB, NATASHA),
        ("extract --jobs 1 vs natasha with 1 BLAS thread", ONE_JOB, REFERENCE),
        (f"extract (default, {os.cpu_count()} cores) vs extract --jobs 1", DEFAULT, ONE_JOB),
    ):
        each = ", ".join(f"{r[top].rate / r[bottom].rate:.2f}×" for r in rounds)
        print(f"{label}: {best[top].rate / best[bottom].rate:.2f}× (each round: {each})")
    print(
        f"extract (default, {os.cpu_count()} cores) vs extract --jobs 1 on the corpus ×{copies} "
        f"(start-up and the corpus step, which one process does, weigh less): {big.rate / big_one.rate:.2f}×"
    )
    many, once = peaks[f"extract, corpus ×{copies}"].peak_mib, peaks[DEFAULT].peak_mib
    assert many is not None and once is not None
    print(f"peak memory, corpus ×{copies} vs ×1 (default jobs): {many / once:.2f}×")


def main(args: argparse.Namespace) -> int:
    datasets = args.datasets or default_datasets_dir()
    texts = bench_texts(datasets, args.limit)
    if not texts:
        print(f"error: no texts under {datasets}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="ruextract-bench-") as scratch:
        root = Path(scratch)
        corpus = make_corpus(texts, root / "corpus")
        runs = plan(corpus, root / "out")
        print(f"bench: {len(texts)} texts from {datasets}, each run a fresh command:", file=sys.stderr)
        for name, run in runs.items():
            env = " ".join(f"{k}={v}" for k, v in run.env.items() if os.environ.get(k) != v)
            print(f"  {name}: {env + ' ' if env else ''}{' '.join(run.command)}", file=sys.stderr)
        rounds: list[dict[str, Measured]] = []
        for number in range(args.repeat):
            rounds.append({})
            for name, run in runs.items():
                print(f"  round {number + 1}/{args.repeat}: {name} …", file=sys.stderr)
                rounds[-1][name] = measure(run)
        one, default = runs[ONE_JOB].output, runs[DEFAULT].output
        same = all(filecmp.cmp(f, default / f.name, shallow=False) for f in sorted(one.glob("*.csv")))
        print(f"  extract on the corpus ×{args.copies} …", file=sys.stderr)
        many = make_corpus(texts, root / "corpus-many", copies=args.copies)
        big_run = Run(extract_command(many, root / "out" / "many"), root / "out" / "many", dict(os.environ))
        big = measure(big_run)
        print(f"  extract --jobs 1 on the corpus ×{args.copies} …", file=sys.stderr)
        big_one_run = Run(extract_command(many, root / "out" / "many-one", jobs=1), root / "out" / "many-one",
                          dict(os.environ))  # fmt: skip
        big_one = measure(big_one_run)
        memory_runs = {name: runs[name] for name in (NATASHA, ONE_JOB, DEFAULT)}
        memory_runs |= {f"extract --jobs 1, corpus ×{args.copies}": big_one_run,
                        f"extract, corpus ×{args.copies}": big_run}  # fmt: skip
        peaks = {}
        for name, run in memory_runs.items():
            print(f"  peak memory: {name} …", file=sys.stderr)
            peaks[name] = measure(run, memory=True)
        print("  the stage profile …", file=sys.stderr)
        profile = [sys.executable, "-m", "pipeline.bench.speed", "--child", "stages", str(corpus)]
        stages = json.loads(subprocess.run(profile, check=True, capture_output=True, text=True).stdout)
    best = {name: min((r[name] for r in rounds), key=lambda m: m.seconds) for name in runs}
    report(best, rounds, big, big_one, args.copies, peaks)
    print(f"tables of extract --jobs 1 and extract (default jobs) identical: {'yes' if same else 'NO'}")
    print()
    print_stages(stages)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child" and sys.argv[2] == "stages":
        print(json.dumps(child_stages(Path(sys.argv[3]))))
    else:
        from pipeline.cli import main as cli_main

        sys.exit(cli_main(["bench", *sys.argv[1:]]))
