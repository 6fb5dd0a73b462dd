"""`make bench` times the very command a user runs, in the user's environment."""

from __future__ import annotations

import os
import sys

from pipeline.bench.speed import DEFAULT, NATASHA, ONE_JOB, REFERENCE, measure, plan


def test_the_bench_runs_the_users_commands_with_their_defaults(tmp_path):
    runs = plan(tmp_path / "corpus", tmp_path / "out")
    corpus, out = str(tmp_path / "corpus"), tmp_path / "out"
    assert runs[DEFAULT].command == [sys.executable, "-m", "pipeline", "extract", "--input", corpus,
                                     "--output", str(out / "default")]  # fmt: skip
    assert runs[ONE_JOB].command[-2:] == ["--jobs", "1"]
    assert runs[NATASHA].command[:3] == [sys.executable, "-m", "pipeline.bench.baseline"]
    for name in (DEFAULT, ONE_JOB, NATASHA):
        assert runs[name].env == dict(os.environ), name  # no thread settings of its own
    assert runs[REFERENCE].env == {**os.environ, "OPENBLAS_NUM_THREADS": "1"}


def test_a_measured_run_counts_documents_tokens_time_and_memory(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b"):
        (corpus / f"{name}.txt").write_text("Сергей Лавров прилетел в Пекин 21 мая.", encoding="utf-8")
    run = plan(corpus, tmp_path / "out")[DEFAULT]
    timed, sampled = measure(run), measure(run, memory=True)
    for measured in (timed, sampled):
        assert (measured.documents, measured.tokens) == (2, 16)
        assert measured.seconds > 0 and measured.cpu_seconds > 0.1
    assert timed.peak_mib is None  # a timed run has no sampler beside it
    assert sampled.peak_mib is not None and 50 < sampled.peak_mib < 4000  # the models alone: > 50 MiB
