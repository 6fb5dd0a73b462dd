"""Corpora of any size through `extract`: record inputs, Parquet, a run killed and resumed,
the per-document time limit, and a real Dask cluster giving the tables of --jobs 2."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import CORPUS, ROOT

import pipeline
from pipeline.run import TAIL_DOCUMENTS, make_groups, plan, run
from pipeline.shards import MANIFEST, PARTS
from pipeline.stages.s01_read import Skipped

TEXTS = sorted(CORPUS.glob("*.txt"))[:6]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip


def _bytes(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """The first corpus texts as JSONL and as Parquet records (ids that look like numbers)."""
    folder = tmp_path_factory.mktemp("records")
    rows = [{"id": f"{n:03}", "text": p.read_text(encoding="utf-8"), "date": "2024-05-22" if n % 2 else None}
            for n, p in enumerate(TEXTS)]  # fmt: skip
    (folder / "news.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    table = pa.table({"body": [r["text"] for r in rows], "uid": [r["id"] for r in rows],
                      "published": [r["date"] for r in rows]})  # fmt: skip
    pq.write_table(table, folder / "news.parquet")
    return folder


def test_jsonl_and_parquet_inputs_give_the_same_tables(records, tmp_path):
    jsonl, parquet = tmp_path / "jsonl", tmp_path / "parquet"
    assert _cli("extract", "--input", str(records / "news.jsonl"), "--output", str(jsonl), "--jobs", "1",
                "--shard-size", "4").returncode == 0  # fmt: skip
    result = _cli("extract", "--input", str(records / "news.parquet"), "--output", str(parquet),
                  "--text-column", "body", "--id-column", "uid", "--date-column", "published",
                  "--format", "parquet", "--jobs", "2")  # fmt: skip
    assert result.returncode == 0, result.stderr
    from_jsonl, from_parquet = pipeline.load_tables(jsonl), pipeline.load_tables(parquet)
    documents = from_parquet["documents"]
    assert documents["doc_id"].tolist() == [f"{n:03}" for n in range(len(TEXTS))]
    assert documents["doc_date_source"].tolist()[:2] in (["none", "metadata"], ["text", "metadata"])
    for name in ("tokens", "entities", "dates", "money", "percents"):
        assert from_jsonl[name].drop(columns=[]).equals(from_parquet[name]), name
    text = records.joinpath("news.jsonl").read_text().splitlines()
    entities = from_parquet["entities"]
    first = json.loads(text[int(entities["doc_id"].iloc[0])])["text"]
    assert first[entities["start"].iloc[0] : entities["stop"].iloc[0]] == entities["text"].iloc[0]


def test_a_run_killed_by_a_signal_resumes_to_the_same_bytes(tmp_path, records):
    corpus = tmp_path / "many.jsonl"
    lines = records.joinpath("news.jsonl").read_text().splitlines()
    corpus.write_text("".join(
        json.dumps({**json.loads(lines[n % len(lines)]), "id": f"d{n:03}"}, ensure_ascii=False) + "\n"
        for n in range(36)))  # fmt: skip
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    options = ["--input", str(corpus), "--jobs", "1", "--shard-size", "4", "--quiet"]
    assert _cli("extract", *options, "--output", str(whole)).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", "extract", *options, "--output", str(resumed)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    manifest, deadline = resumed / PARTS / MANIFEST, time.monotonic() + 300
    while not manifest.exists():
        assert process.poll() is None and time.monotonic() < deadline, (
            "the run ended before it could be killed"
        )
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    committed = json.loads(manifest.read_text())["shards"]
    assert 1 <= len(committed) < 9 and not (resumed / "documents.csv").exists()
    result = _cli("extract", *options, "--output", str(resumed), "--resume")
    assert result.returncode == 0 and f"resumed after {len(committed)} committed shard(s)" in result.stderr
    assert _bytes(resumed) == _bytes(whole) and not (resumed / PARTS).exists()


def test_the_last_documents_of_a_run_go_one_a_unit_and_the_shards_keep_their_items():
    """Every item once, in order; each shard's last unit marked; whole groups everywhere but at
    the end of the run's last shard, whose last TAIL_DOCUMENTS items are one a unit."""
    items = [Skipped(f"{n:04}.txt", "x") for n in range(2 * 100 + 40)]
    units = list(plan(iter(items), 100))
    assert [item for unit in units for item in unit.items] == items
    assert [(u.shard, u.shard_items) for u in units if u.last] == [(0, 100), (1, 100), (2, 40)]
    whole = [unit.items for unit in units if unit.shard < 2]
    assert whole == make_groups(items[:100]) + make_groups(items[100:200])
    sizes = [len(unit.items) for unit in units if unit.shard == 2]
    assert sizes[-TAIL_DOCUMENTS:] == [1] * TAIL_DOCUMENTS and max(sizes) > 1


def test_a_document_past_the_time_limit_is_skipped_with_the_reason(tmp_path, seed_text):
    # Run as a user runs it, in a process of its own: the time limit is SIGALRM, whose state
    # a long test session (threads, other handlers) must not decide.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Ван И прибыл в Астану 20 мая.", encoding="utf-8")
    (corpus / "slow.txt").write_text(seed_text * 60, encoding="utf-8")  # takes seconds, not 0.3 s
    result = _cli("extract", "--input", str(corpus), "--output", str(tmp_path / "out"),
                  "--doc-timeout", "0.3", "--jobs", "1", "--quiet")  # fmt: skip
    assert result.returncode == 3, result.stderr
    skipped = (tmp_path / "out" / "skipped.csv").read_text(encoding="utf-8")
    assert "slow.txt" in skipped and "timed out: analysis took longer than 0.3 s (--doc-timeout)" in skipped
    documents = (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(documents) == 2 and documents[1].startswith("a,")


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 worker processes without the thread variables Dask's nannies set by
    default (OPENBLAS_NUM_THREADS=1 …), as `dask worker --no-nanny` or another config starts them:
    limiting the workers' threads is the pipeline's own job."""
    distributed = pytest.importorskip("distributed")
    import dask

    options = {"n_workers": 2, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
    with (
        dask.config.set({"distributed.nanny.pre-spawn-environ": {}}),
        distributed.LocalCluster(**options) as c,
    ):
        yield c


def profiling(dask_worker: object) -> bool:
    callback = dask_worker.periodic_callbacks.get("profile")  # type: ignore[attr-defined]
    return callback is not None and callback.is_running()


def test_every_dask_worker_gets_one_blas_thread_and_the_models_before_its_first_task(cluster):
    # Before the tables test on the same cluster: the models are loaded by the plugin, not a task.
    from distributed import Client

    from pipeline.dask import PipelineWorker, cluster_map
    from pipeline.models import _load
    from pipeline.threads import blas_threads

    def loaded() -> int:
        return _load.cache_info().currsize

    with Client(cluster.scheduler_address, set_as_default=False) as client:
        client.register_plugin(PipelineWorker())  # as `extract --engine dask` does (cluster_map: again)
        assert set(client.run(loaded).values()) == {1}
        assert list(cluster_map(len, ["а", "бв"], client, PipelineWorker())) == [1, 2]
        assert set(map(tuple, client.run(blas_threads).values())) == {(1,)}
        assert set(client.run(profiling).values()) == {False}  # Dask's sampling profiler stopped
        assert len(client.nthreads()) == 2


def test_a_dask_local_cluster_gives_the_tables_of_two_jobs(tmp_path, cluster):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in TEXTS:
        (corpus / path.name).write_bytes(path.read_bytes())
    local = tmp_path / "local"
    run(corpus, local, jobs=2, quiet=True, shard_size=4)
    address = cluster.scheduler_address
    result = _cli("extract", "--input", str(corpus), "--output", str(tmp_path / "dask"),
                  "--engine", "dask", "--scheduler", address, "--shard-size", "4")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _bytes(tmp_path / "dask") == _bytes(local)


def test_help_explains_the_scale_options():
    from pipeline.cli import build_parser

    extract = build_parser()._subparsers._group_actions[0].choices["extract"]  # type: ignore[union-attr]
    text = extract.format_help()
    for option in ("--text-column", "--id-column", "--date-column", "--format", "--shard-size", "--resume",
                   "--doc-timeout", "--engine", "--scheduler"):  # fmt: skip
        assert option in text
    documented = {a.dest for a in extract._actions if a.help and len(a.help) > 20}
    assert {"format", "shard_size", "resume", "doc_timeout", "engine", "scheduler"} <= documented


FAULTS = """
import resource, sys
import numpy as np
from pipeline.dask import keep_freed_memory
if sys.argv[1] == "kept":
    assert keep_freed_memory()
np.ones(2_000_000, np.float32)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):  # an 8 MB array made and freed, as a tagger's layer does
    a = np.ones(2_000_000, np.float32)
    del a
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's malloc")
def test_a_dask_worker_keeps_freed_memory_instead_of_faulting_in_fresh_pages():
    # A Dask nanny starts its workers with MALLOC_TRIM_THRESHOLD_=65536: every large array
    # then comes back as fresh pages (counted as page faults), which made the taggers twice
    # as slow; the worker plugin's `keep_freed_memory` undoes it.
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}

    def faults(mode: str) -> int:
        command = [sys.executable, "-c", FAULTS, mode]
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return int(done.stdout)

    assert faults("default") > 20 * 100  # fresh pages for every array (8 MB: ~400 faults here)
    assert faults("kept") < 100
