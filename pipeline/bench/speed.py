"""`make bench`: throughput and peak memory of the whole pipeline against plain natasha.

Every measurement runs in a fresh subprocess, one after another in the same command,
on the same texts (NEREL train + factRuEval dev): plain natasha doing the same stages
(Segmenter, NewsMorphTagger with MorphVocab lemmas, NewsNERTagger, DatesExtractor,
MoneyExtractor), then the project with 1 job and with 2 jobs (the whole `extract`:
reading, analysis, tables), then the project on the corpus copied K times, for memory.
Shared machines are noisy, so the ratios are the figures that matter.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.bench.datasets import default_datasets_dir
from pipeline.stages.s01_read import Skipped, doc_id_for

NUMERIC_STAGES = ("dates", "money", "percents")


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


def _peak_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest waited-for child, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def child_natasha(corpus: Path) -> dict[str, float]:
    """Plain natasha, the way its README runs it, over every text of the corpus."""
    from natasha import Doc

    from pipeline.bench.baseline import load_plain_natasha

    started = time.perf_counter()
    natasha = load_plain_natasha()
    loaded = time.perf_counter()
    documents = tokens = 0
    for path in sorted(corpus.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = Doc(text)
        doc.segment(natasha.segmenter)
        doc.tag_morph(natasha.morph)
        for token in doc.tokens:
            token.lemmatize(natasha.vocab)
        doc.tag_ner(natasha.ner)
        list(natasha.dates(text))
        list(natasha.money(text))
        documents += 1
        tokens += len(doc.tokens)
    return {"documents": documents, "tokens": tokens, "seconds": time.perf_counter() - started,
            "load_seconds": loaded - started}  # fmt: skip


def child_project(corpus: Path, output: Path, jobs: int) -> dict[str, float]:
    from pipeline.run import run

    summary = run(corpus, output, jobs=jobs, quiet=True)
    return {"documents": summary.documents, "tokens": summary.tokens, "seconds": summary.seconds}


# One BLAS thread per process: "1 job" means one core, for natasha as for the project.
ONE_THREAD_ENV = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def child_stages(corpus: Path) -> dict[str, float]:
    """Seconds per analysis stage, one process, groups as `extract` makes them."""
    from pipeline.models import load_models
    from pipeline.process import StageClock, analyze_batch, read_source
    from pipeline.run import FileItem, make_groups

    models, clock = load_models(), StageClock()
    items = [FileItem(path, doc_id_for(path, corpus), None) for path in sorted(corpus.rglob("*.txt"))]
    documents = 0
    for group in make_groups(items):
        sources = [read_source(item.path, item.doc_id, None) for item in group if isinstance(item, FileItem)]
        documents += len(analyze_batch([s for s in sources if not isinstance(s, Skipped)], models, clock))
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


def _measure(args: list[str]) -> dict[str, float]:
    """Run one measurement in a fresh interpreter and read its JSON line."""
    completed = subprocess.run([sys.executable, "-m", "pipeline.bench.speed", *args], check=True,
                               capture_output=True, text=True, env=ONE_THREAD_ENV)  # fmt: skip
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _row(name: str, m: dict[str, float], base: dict[str, float]) -> str:
    docs_s, toks_s = m["documents"] / m["seconds"], m["tokens"] / m["seconds"]
    base_docs_s = base["documents"] / base["seconds"]
    return (f"| {name} | {m['documents']:.0f} | {m['seconds']:.1f} | {docs_s:.1f} | {toks_s:,.0f} | "
            f"{m['peak_mib']:.0f} | {docs_s / base_docs_s:.2f}× |")  # fmt: skip


def main(args: argparse.Namespace) -> int:
    datasets = args.datasets or default_datasets_dir()
    texts = bench_texts(datasets, args.limit)
    if not texts:
        print(f"error: no texts under {datasets}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="ruextract-bench-") as scratch:
        root = Path(scratch)
        corpus = make_corpus(texts, root / "corpus")
        many = make_corpus(texts, root / "corpus-many", copies=args.copies)
        print(f"bench: {len(texts)} texts from {datasets}; each line is a fresh process", file=sys.stderr)
        results = {}
        plan = [
            ("natasha", ["--child", "natasha", str(corpus)]),
            ("project, 1 job", ["--child", "project", str(corpus), str(root / "out1"), "1"]),
            ("project, 2 jobs", ["--child", "project", str(corpus), str(root / "out2"), "2"]),
            (f"project, 2 jobs, corpus ×{args.copies}",
             ["--child", "project", str(many), str(root / "outmany"), "2"]),
        ]  # fmt: skip
        for name, child_args in plan:
            print(f"  running {name} …", file=sys.stderr)
            results[name] = _measure(child_args)
        print("  running the stage profile …", file=sys.stderr)
        stages = _measure(["--child", "stages", str(corpus)])
        same = all(filecmp.cmp(root / "out1" / f.name, root / "out2" / f.name, shallow=False)
                   for f in sorted((root / "out1").glob("*.csv")))  # fmt: skip
    base = results["natasha"]
    print("| run | documents | seconds | documents/s | tokens/s | peak MiB | speed vs natasha |")
    print("|---|---|---|---|---|---|---|")
    for name, measured in results.items():
        print(_row(name, measured, base))
    one, two = results["project, 1 job"], results["project, 2 jobs"]
    big = results[f"project, 2 jobs, corpus ×{args.copies}"]
    speed_1 = (one["documents"] / one["seconds"]) / (base["documents"] / base["seconds"])
    print()
    print(f"project 1 job vs natasha: {speed_1:.2f}× documents/s")
    print(
        f"2 jobs vs 1 job: {(two['documents'] / two['seconds']) / (one['documents'] / one['seconds']):.2f}×"
    )
    print(f"peak memory, corpus ×{args.copies} vs ×1 (2 jobs): {big['peak_mib'] / two['peak_mib']:.2f}×")
    print(f"tables with --jobs 1 and --jobs 2 identical: {'yes' if same else 'NO'}")
    print()
    print_stages(stages)
    print(f"every time includes loading the models (natasha: {base['load_seconds']:.1f} s of its time)")
    return 0


def _child(argv: list[str]) -> None:
    kind = argv[0]
    if kind == "natasha":
        measured = child_natasha(Path(argv[1]))
    elif kind == "stages":
        print(json.dumps(child_stages(Path(argv[1]))))
        return
    else:
        measured = child_project(Path(argv[1]), Path(argv[2]), int(argv[3]))
    own, children = _peak_mib()
    # With workers, the peak is the parent's plus the largest worker's times their count.
    workers = int(argv[3]) if kind == "project" and int(argv[3]) > 1 else 0
    measured["peak_mib"] = own + workers * children
    print(json.dumps(measured))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2:])
    else:
        from pipeline.cli import main as cli_main

        sys.exit(cli_main(["bench", *sys.argv[1:]]))
