"""`make bench-scale`: a corpus of any size — throughput, flat memory, a run killed at half
way and resumed, and a Dask LocalCluster against --jobs 2.

The public texts (NEREL train + factRuEval dev) repeated to N records of one JSONL file,
each with its own id. Every run is `python -m pipeline extract` as a user types it, in a
fresh process; peak memory is the largest sum of PSS over the process and its workers,
sampled every 0.2 s (PSS counts the models the workers share copy-on-write once).

    python -m pipeline.bench.scale [--documents 100000] [--small 1000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.bench.datasets import default_datasets_dir, read_text
from pipeline.shards import MANIFEST, PARTS

ENV = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def make_records(datasets: Path, documents: int, path: Path) -> None:
    texts = [read_text(p) for p in sorted((datasets / "nerel-train").glob("*.txt"))]
    texts += [read_text(p) for p in sorted((datasets / "factru-dev").glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(documents):
            record = {"id": f"d{number:07d}", "text": texts[number % len(texts)]}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _tree(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack += [int(child) for child in handle.read().split()]
        except OSError:
            continue
    return found


def _pss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration):
            continue
    return total / 1024


def measure(args: list[str], stop_when: Path | None = None, stop_at: int = 0) -> dict[str, float]:
    """Run `extract ARGS`; seconds and peak MiB. With `stop_when`: SIGKILL once that manifest
    lists `stop_at` shards."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", *args, "--quiet"], env=ENV,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _pss_mib(_tree(process.pid)))
        if stop_when is not None and stop_when.exists():
            try:
                shards = len(json.loads(stop_when.read_text())["shards"])
            except (ValueError, KeyError):
                shards = 0
            if shards >= stop_at:
                process.send_signal(signal.SIGKILL)
                process.wait()
                break
        time.sleep(0.2)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if stop_when is None and process.returncode not in (0, 3):
        raise RuntimeError(f"extract {' '.join(args)} failed ({process.returncode}): {stderr[-2000:]}")
    return {"seconds": time.perf_counter() - started, "peak_mib": peak}


def _same_tables(one: Path, two: Path) -> bool:
    names = sorted(p.name for p in one.iterdir() if p.is_file())
    return names == sorted(p.name for p in two.iterdir() if p.is_file()) and all(
        (one / n).read_bytes() == (two / n).read_bytes() for n in names
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench.scale", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--documents", type=int, default=100_000, help="the large corpus (default: 100000)")
    parser.add_argument("--small", type=int, default=1000, help="the small corpus (default: 1000)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default: 2)")
    parser.add_argument(
        "--shard-size", type=int, default=1000, help="--shard-size of the runs (default: 1000)"
    )
    parser.add_argument("--datasets", type=Path, default=None, help="default: ../shared/datasets")
    parser.add_argument("--no-dask", action="store_true", help="leave out the LocalCluster run")
    args = parser.parse_args(argv)
    datasets = args.datasets or default_datasets_dir()
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        small, large = work / "small.jsonl", work / "large.jsonl"
        make_records(datasets, args.small, small)
        make_records(datasets, args.documents, large)
        common = ["--jobs", str(args.jobs), "--shard-size", str(args.shard_size)]
        rows = []

        def row(name: str, documents: int, m: dict[str, float]) -> None:
            rows.append((name, documents, m))
            print(f"| {name} | {documents:,} | {m['seconds']:.1f} | {documents / m['seconds']:.1f} | "
                  f"{m['peak_mib']:.0f} |", flush=True)  # fmt: skip

        print("| run | documents | seconds | documents/s | peak MiB |\n|---|---|---|---|---|", flush=True)
        base = measure(["--input", str(small), "--output", str(work / "small"), *common])
        row(f"--jobs {args.jobs}", args.small, base)
        whole = measure(["--input", str(large), "--output", str(work / "whole"), *common])
        row(f"--jobs {args.jobs}", args.documents, whole)
        shards = -(-args.documents // args.shard_size)
        resumed_out = work / "resumed"
        first = measure(["--input", str(large), "--output", str(resumed_out), *common],
                        stop_when=resumed_out / PARTS / MANIFEST, stop_at=shards // 2)  # fmt: skip
        row("killed at half way (SIGKILL)", args.documents, first)
        second = measure(["--input", str(large), "--output", str(resumed_out), *common, "--resume"])
        row("… then --resume", args.documents, second)
        identical = _same_tables(work / "whole", resumed_out)
        total = first["seconds"] + second["seconds"]
        print(f"\nmemory {args.documents:,} vs {args.small:,} documents: "
              f"{whole['peak_mib'] / base['peak_mib']:.2f}× (limit 1.2×)")  # fmt: skip
        print(f"killed + resumed vs uninterrupted: {total / whole['seconds']:.2f}× (limit 1.15×); "
              f"tables identical: {identical}")  # fmt: skip
        if not args.no_dask:
            from distributed import LocalCluster

            with LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster:  # fmt: skip
                dask = measure(["--input", str(small), "--output", str(work / "dask"), *common,
                                "--engine", "dask", "--scheduler", cluster.scheduler_address])  # fmt: skip
            row(f"Dask LocalCluster, {args.jobs} workers", args.small, dask)
            same = _same_tables(work / "small", work / "dask")
            print(f"Dask vs --jobs {args.jobs} throughput: {base['seconds'] / dask['seconds']:.2f}× "
                  f"(at least 0.85×); tables identical: {same}")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
