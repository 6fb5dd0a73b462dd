"""`make bench-scale`: a corpus of any size — throughput, flat memory, a run killed at half
way and resumed, and a Dask LocalCluster against --jobs 2.

The public texts (NEREL train + factRuEval dev) repeated to N records of one JSONL file,
each with its own id. Every run is `python -m pipeline extract` as a user types it, in a
fresh process; peak memory is the largest sum of PSS over the process and its workers,
sampled every 0.2 s (PSS counts the models the workers share copy-on-write once).

    python -m pipeline.bench.scale [--documents 100000] [--small 1000] [--jobs 2]
        [--resume-documents N] [--dask-documents N] [--no-dask]

Memory: the run of --documents against the one of --small. Kill and resume: a run of
--resume-documents (default --documents) killed by SIGKILL once half its shards are
committed, then resumed, against the uninterrupted run of the same corpus (run once more
unless it is one of the others). Dask: a LocalCluster of --jobs worker processes against
--jobs on --dask-documents (default --small); its memory counts the workers too.
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


def measure(
    args: list[str], stop_when: Path | None = None, stop_at: int = 0, cluster: bool = False
) -> dict[str, float]:
    """Run `extract ARGS` as a user types it (the environment as it is: the pipeline limits its
    own threads); seconds and peak MiB. With `stop_when`: SIGKILL once that manifest lists
    `stop_at` shards. `cluster`: the memory of this process's other children (a LocalCluster's
    workers) counted too."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", *args, "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    peak = 0.0
    while process.poll() is None:
        pids = _tree(os.getpid())[1:] if cluster else _tree(process.pid)
        peak = max(peak, _pss_mib(pids))
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


def measure_dask(args: list[str], workers: int) -> dict[str, float]:
    """`extract ARGS --engine dask` on a LocalCluster of `workers` processes of one thread (started
    before the clock, as a cluster is already running when a user sends work to it); peak
    memory of the client and the workers."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:  # fmt: skip
        return measure([*args, "--engine", "dask", "--scheduler", cluster.scheduler_address], cluster=True)


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
    parser.add_argument("--resume-documents", type=int, default=None,
                        help="the corpus of the run killed at half way and resumed, and of the "
                             "uninterrupted run it is compared with (default: --documents)")  # fmt: skip
    parser.add_argument("--dask-documents", type=int, default=None,
                        help="the corpus of the Dask LocalCluster run, and of the --jobs run it is "
                             "compared with (default: --small)")  # fmt: skip
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default: 2)")
    parser.add_argument(
        "--shard-size", type=int, default=1000, help="--shard-size of the runs (default: 1000)"
    )
    parser.add_argument("--datasets", type=Path, default=None, help="default: ../shared/datasets")
    parser.add_argument("--no-dask", action="store_true", help="leave out the LocalCluster run")
    args = parser.parse_args(argv)
    datasets = args.datasets or default_datasets_dir()
    resume_documents = args.resume_documents or args.documents
    if resume_documents < 2 * args.shard_size:
        parser.error("the run killed at half way needs at least two shards: "
                     "--resume-documents (or --documents) at least twice --shard-size")  # fmt: skip
    dask_documents = args.dask_documents or args.small
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    common = ["--jobs", str(args.jobs), "--shard-size", str(args.shard_size)]
    plain: dict[int, dict[str, float]] = {}  # corpus size → the uninterrupted --jobs run

    def corpus(documents: int) -> Path:
        path = work / f"{documents}.jsonl"
        if not path.exists():
            make_records(datasets, documents, path)
        return path

    def row(name: str, documents: int, m: dict[str, float]) -> None:
        print(f"| {name} | {documents:,} | {m['seconds']:.1f} | {documents / m['seconds']:.1f} | "
              f"{m['peak_mib']:.0f} |", flush=True)  # fmt: skip

    def uninterrupted(documents: int) -> dict[str, float]:
        if documents not in plain:
            plain[documents] = measure(["--input", str(corpus(documents)), "--output",
                                        str(work / f"out-{documents}"), *common])  # fmt: skip
            row(f"--jobs {args.jobs}", documents, plain[documents])
        return plain[documents]

    try:
        print("| run | documents | seconds | documents/s | peak MiB |\n|---|---|---|---|---|", flush=True)
        base, whole = uninterrupted(args.small), uninterrupted(args.documents)
        print(f"memory {args.documents:,} vs {args.small:,} documents: "
              f"{whole['peak_mib'] / base['peak_mib']:.2f}× (limit 1.2×)", flush=True)  # fmt: skip
        reference = uninterrupted(resume_documents)
        shards = -(-resume_documents // args.shard_size)
        resumed_out, large = work / "resumed", corpus(resume_documents)
        first = measure(["--input", str(large), "--output", str(resumed_out), *common],
                        stop_when=resumed_out / PARTS / MANIFEST, stop_at=shards // 2)  # fmt: skip
        row(f"killed at half way (SIGKILL, {shards // 2} of {shards} shards)", resume_documents, first)
        second = measure(["--input", str(large), "--output", str(resumed_out), *common, "--resume"])
        row("… then --resume", resume_documents, second)
        identical = _same_tables(work / f"out-{resume_documents}", resumed_out)
        total = first["seconds"] + second["seconds"]
        print(f"killed + resumed vs uninterrupted ({resume_documents:,} documents): "
              f"{total / reference['seconds']:.2f}× (limit 1.15×); tables identical: {identical}",
              flush=True)  # fmt: skip
        if not args.no_dask:
            local = uninterrupted(dask_documents)
            source = str(corpus(dask_documents))
            dask = measure_dask(["--input", source, "--output", str(work / "dask"), *common], args.jobs)
            row(f"Dask LocalCluster, {args.jobs} worker processes", dask_documents, dask)
            same = _same_tables(work / f"out-{dask_documents}", work / "dask")
            ratio = local["seconds"] / dask["seconds"]
            print(f"Dask vs --jobs {args.jobs} throughput ({dask_documents:,} documents): {ratio:.2f}× "
                  f"(at least 0.85×); tables identical: {same}")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
