"""A corpus run uses one BLAS thread and fewer garbage collections in every process, and gives
the caller its own settings back."""

from __future__ import annotations

import gc
import os

from threadpoolctl import threadpool_limits

import pipeline.guard
import pipeline.many
from pipeline.guard import analyze_guarded
from pipeline.process import analyze_batch
from pipeline.run import run
from pipeline.threads import COLLECT_THRESHOLDS, blas_threads

TEXT = "Сергей Лавров прилетел в Пекин 21 мая 2024 года."


def test_every_process_of_a_run_uses_one_blas_thread_and_the_caller_keeps_its_own(tmp_path, monkeypatch):
    corpus, log = tmp_path / "corpus", tmp_path / "threads.log"
    corpus.mkdir()
    for number in range(20):  # a group of 8, then the run's last 12 one a unit: both workers get work
        (corpus / f"{number:02}.txt").write_text(TEXT, encoding="utf-8")

    def spy(docs, models, clock=None):  # runs in whichever process analyzes the group
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {blas_threads()} {gc.get_threshold()}\n")
        return analyze_batch(docs, models, clock)

    monkeypatch.setattr(pipeline.guard, "analyze_batch", spy)
    thresholds = gc.get_threshold()
    with threadpool_limits(limits=2):  # a notebook that wants two threads
        callers = blas_threads()
        for jobs in (1, 2):
            assert run(corpus, tmp_path / f"out{jobs}", jobs=jobs, quiet=True).documents == 20
            assert blas_threads() == callers and gc.get_threshold() == thresholds
    seen = [line.split(" ", 2) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(seen) == 2 * 13 and len({pid for pid, _, _ in seen}) >= 2
    assert {threads for _, threads, _ in seen} == {"[1]"}
    assert {collector for _, _, collector in seen} == {str(COLLECT_THRESHOLDS)}


def test_extract_many_workers_use_one_blas_thread_and_the_caller_keeps_its_own(tmp_path, monkeypatch):
    from pipeline.many import extract_many

    log = tmp_path / "threads.log"

    def spy(docs, timeout=None):  # runs in the worker that analyzes the group
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {blas_threads()} {gc.get_threshold()}\n")
        return analyze_guarded(docs, timeout)

    monkeypatch.setattr(pipeline.many, "analyze_guarded", spy)
    thresholds = gc.get_threshold()
    with threadpool_limits(limits=2):  # a notebook that wants two threads
        callers = blas_threads()
        records = [(f"d{number:02}", TEXT) for number in range(24)]  # three groups of 8
        results = list(extract_many(records, jobs=2))
        assert [r.doc_id for r in results] == [doc_id for doc_id, _ in records]
        assert blas_threads() == callers and gc.get_threshold() == thresholds
    seen = [line.split(" ", 2) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(seen) == 3 and os.getpid() not in {int(pid) for pid, _, _ in seen}
    assert {threads for _, threads, _ in seen} == {"[1]"}
    assert {collector for _, _, collector in seen} == {str(COLLECT_THRESHOLDS)}
