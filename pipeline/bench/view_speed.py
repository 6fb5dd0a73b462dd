"""`make bench-view`: how long a user waits for a document view and for the evaluation report.

1. The corpus is extracted once (not timed) into a scratch folder.
2. A document of at least 1 MiB is made by repeating the gold documents, with their
   predicted and gold tables repeated at the shifted offsets (so it has the real mix of
   mentions, nested names and errors, at scale).
3. Timed, each as the command a user runs, in a fresh process (Python start-up and
   imports included), best of --repeat runs:
   `python -m pipeline view BIG --pred … --gold …` and
   `python -m pipeline evaluate --pred … --gold corpus/gold --html report.html`.
4. Where headless Chromium is installed, also the time the browser takes to load the
   1 MiB view (navigation start to the load event).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.bench.browser import chromium, missing
from pipeline.evaluation.mentions import MENTION_TABLES

BIG_ID = "big"
MIB = 1 << 20
LIMITS = {"view": 2.0, "report": 5.0}  # seconds the issue allows


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def big_document(corpus: Path, pred: Path, gold: Path, out: Path, size: int = MIB) -> tuple[Path, Path, int]:
    """Repeat the gold documents until the text has `size` bytes; write its text, predicted and
    gold tables under `out`. Returns (pred folder, gold folder, bytes)."""
    _, listing = _rows(gold / "documents.csv")
    texts = [
        (row["doc_id"], (corpus / f"{row['doc_id']}.txt").read_text(encoding="utf-8")) for row in listing
    ]
    offsets: list[tuple[int, str, int]] = []  # (copy, doc_id, offset in the big text)
    parts, length, used = [], 0, 0
    while used < size:
        for doc_id, text in texts:
            offsets.append((len(offsets) // len(texts), doc_id, length))
            parts.append(text + "\n\n")
            length += len(text) + 2
            used += len(text.encode("utf-8")) + 2
    big_text = "".join(parts)
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    text_path = out / "corpus" / f"{BIG_ID}.txt"
    text_path.write_text(big_text, encoding="utf-8", newline="")
    for side, source in (("pred", pred), ("gold", gold)):
        for table in MENTION_TABLES:
            if not (source / f"{table}.csv").exists():
                continue
            columns, rows = _rows(source / f"{table}.csv")
            by_doc: dict[str, list[dict[str, str]]] = {}
            for row in rows:
                by_doc.setdefault(row["doc_id"], []).append(row)
            tiled = []
            entities: dict[tuple[int, str, str], int] = {}  # one copy's entities stay apart from the next's
            for copy, doc_id, offset in offsets:
                for row in by_doc.get(doc_id, []):
                    shifted = dict(row, doc_id=BIG_ID, start=str(int(row["start"]) + offset),
                                   stop=str(int(row["stop"]) + offset))  # fmt: skip
                    if row.get("entity"):
                        key = (copy, doc_id, row["entity"])
                        shifted["entity"] = str(entities.setdefault(key, len(entities) + 1))
                    tiled.append(shifted)
            _write(out / side / f"{table}.csv", columns, tiled)
    _write(out / "pred" / "documents.csv", ["doc_id", "path"], [{"doc_id": BIG_ID, "path": str(text_path)}])
    _write(out / "gold" / "documents.csv", ["doc_id"], [{"doc_id": BIG_ID}])
    return out / "pred", out / "gold", used


def timed(command: list[str], repeat: int) -> tuple[float, float]:
    """The best (wall, CPU) seconds of `repeat` runs of a command (which must succeed).

    CPU time (user + system) is shown beside the wall time: on a shared machine the wall
    time also counts the waits for a core."""
    best, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = min(cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best, cpu


def core_share(seconds: float = 0.5) -> float:
    """The share of one core a busy loop of this process gets now (1.0 on an idle machine)."""
    started, cpu = time.perf_counter(), time.process_time()
    while time.process_time() - cpu < seconds:
        pass
    return (time.process_time() - cpu) / (time.perf_counter() - started)


def browser_load_seconds(page: Path) -> float | None:
    """Seconds headless Chromium takes to load `page`, or None where there is no browser."""
    if missing():
        return None
    with chromium() as driver:
        driver.get(page.as_uri())
        return (
            driver.execute_script("const t = performance.timing; return t.loadEventEnd - t.navigationStart")
            / 1000
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench.view_speed", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), metavar="DIR",
                        help="the corpus with its gold/ folder (default: corpus)")  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=3, metavar="N", help="runs of each command; the best counts"
    )
    parser.add_argument("--no-browser", action="store_true", help="do not time the page load in Chromium")
    args = parser.parse_args(argv)
    python = [sys.executable, "-m", "pipeline"]
    with tempfile.TemporaryDirectory(prefix="ruextract-bench-view-") as tmp:
        work = Path(tmp)
        outputs = work / "outputs"
        subprocess.run([*python, "extract", "--input", str(args.corpus), "--output", str(outputs), "--quiet"],
                       check=True)  # fmt: skip
        pred, gold, size = big_document(args.corpus, outputs, args.corpus / "gold", work / "big")
        page = work / "big.html"
        view = [*python, "view", BIG_ID, "--pred", str(pred), "--gold", str(gold), "--out", str(page)]
        report = [*python, "evaluate", "--pred", str(outputs), "--gold", str(args.corpus / "gold")]
        report += ["--report", str(work / "eval"), "--html", str(work / "report" / "report.html")]
        results = {"view": timed(view, args.repeat), "report": timed(report, args.repeat)}
        _, names = _rows(pred / "entities.csv")
        gold_docs = len(_rows(args.corpus / "gold" / "documents.csv")[1])
        page_mib = page.stat().st_size / MIB
        print(f"| command | input | seconds (best of {args.repeat}) | CPU seconds | limit |")
        print("|---|---|---|---|---|")
        inputs = {
            "view": f"`view` of one document | {size / MIB:.2f} MiB text, {len(names):,} names predicted, "
            f"page {page_mib:.1f} MiB",
            "report": f"`evaluate --html` (report and its views) | the gold set, {gold_docs} documents",
        }
        for name, (wall, cpu) in results.items():
            print(f"| {inputs[name]} | {wall:.2f} | {cpu:.2f} | {LIMITS[name]:.0f} |")
        load = None if args.no_browser else browser_load_seconds(page)
        if load is not None:
            print(f"\nheadless Chromium loads the {page_mib:.1f} MiB view in {load:.2f} s")
        load_average = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(
            f"\nevery figure includes Python start-up and imports; {os.cpu_count()} cores, load average "
            f"{load_average:.1f}; a busy loop got {core_share():.0%} of a core meanwhile (the commands are "
            "single-threaded: on an idle machine their wall time is their CPU time)"
        )
        # judged on CPU seconds: on a shared machine the wall time also counts the other tenants
        slow = [name for name, (_, cpu) in results.items() if cpu > LIMITS[name]]
        if slow:
            print(f"slower than the limit: {', '.join(slow)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
