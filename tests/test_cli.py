"""The command line: the `ruextract` console script, exit codes, and one-line errors."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

import pytest
from conftest import ROOT, console_script, declared_script

import pipeline.__main__
import pipeline.evaluation.evaluate
import pipeline.run
import pipeline.shards
from pipeline.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main

TEXT = "Сергей Лавров прилетел в Пекин 21 мая 2024 года."


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _corpus(root: Path) -> Path:
    root.mkdir()
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    return root


def test_ruextract_is_the_console_script_and_runs_the_command_line(tmp_path):
    # pipeline.__main__.main: the command line, with Ctrl-C held back from its first line
    assert EntryPoint("ruextract", declared_script(), "console_scripts").load() is pipeline.__main__.main
    corpus = _corpus(tmp_path / "corpus")
    usage = subprocess.run([*console_script(), "extract", "--help"], capture_output=True,
                           text=True, cwd=ROOT, env=_env(), timeout=120)  # fmt: skip
    assert usage.returncode == 0 and usage.stdout.startswith("usage: ruextract extract")
    run = subprocess.run([*console_script(), "extract", "--input", str(corpus), "--output",
                          str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT, env=_env(),
                         timeout=300)  # fmt: skip
    assert run.returncode == EXIT_OK, run.stderr
    with open(tmp_path / "out" / "entities.csv", encoding="utf-8", newline="") as handle:
        assert {r["text"] for r in csv.DictReader(handle)} == {"Сергей Лавров", "Пекин"}


def test_the_installed_ruextract_script_runs(tmp_path):
    if not entry_points(group="console_scripts", name="ruextract"):
        pytest.skip("installed before pyproject declared ruextract: `make venv` reinstalls")
    script = Path(sys.executable).with_name("ruextract")
    result = subprocess.run([str(script), "extract", "--input", str(_corpus(tmp_path / "corpus")),
                             "--output", str(tmp_path / "out")], capture_output=True, text=True,
                            cwd=ROOT, env=_env(), timeout=300)  # fmt: skip
    assert result.returncode == EXIT_OK, result.stderr
    assert "1 documents" in result.stderr and (tmp_path / "out" / "entities.csv").exists()


def _broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError("disk on fire")


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_failure_is_one_line_and_exit_1(tmp_path, monkeypatch, capsys, debug):
    monkeypatch.setattr(pipeline.run, "run", _broken)
    args = ["extract", "--input", str(_corpus(tmp_path / "corpus")), "--output", str(tmp_path / "out")]
    assert main(args + ["--debug"] * debug) == EXIT_FAILED
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == (
        "error: unexpected RuntimeError in extract — disk on fire (--debug shows the traceback)"
    )
    if debug:
        assert lines[0] == "Traceback (most recent call last):" and "_broken" in "\n".join(lines)
    else:
        assert len(lines) == 1


def test_a_programming_error_in_evaluate_is_not_called_a_usage_error(tmp_path, monkeypatch, capsys):
    def lookup_fails(*args: object, **kwargs: object) -> None:
        raise KeyError("normal")

    monkeypatch.setattr(pipeline.evaluation.evaluate, "load_mentions", lookup_fails)
    assert main(["evaluate", "--pred", str(tmp_path), "--gold", str(tmp_path)]) == EXIT_FAILED
    assert "unexpected KeyError in evaluate" in capsys.readouterr().err


def _gold_listing_without_doc_id(pred: Path, gold: Path) -> Path:
    (gold / "documents.csv").write_text("id\nd\n", encoding="utf-8")
    return gold / "documents.csv"


def _predictions_without_paths(pred: Path, gold: Path) -> Path:
    (gold / "documents.csv").write_text("doc_id\nd\n", encoding="utf-8")
    (pred / "documents.csv").write_text("doc_id,chars\nd,5\n", encoding="utf-8")
    return pred / "documents.csv"


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        (_gold_listing_without_doc_id, ":1: missing column(s) doc_id"),
        (_predictions_without_paths, ":1: missing column(s) path"),
    ],
)
def test_a_table_without_a_column_is_named_with_file_and_line(tmp_path, capsys, case, problem):
    pred, gold = tmp_path / "pred", tmp_path / "gold"
    pred.mkdir()
    gold.mkdir()
    named = case(pred, gold)
    assert main(["evaluate", "--pred", str(pred), "--gold", str(gold)]) == EXIT_USAGE
    assert capsys.readouterr().err.splitlines() == [f"error: {named}{problem}"]


# A one-line paragraph: natasha's weights miss the person in so short a sequence, the project's
# fine-tuned ones find him (pipeline/data/MODEL_CARD.md, "Short sentences and headlines").
SHORT_LINE = "Мишустин провел совещание\n"


def _entity_texts(output: Path) -> set[str]:
    with open(output / "entities.csv", encoding="utf-8", newline="") as handle:
        return {row["text"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    ("options", "names"),
    [
        ([], {"Мишустин"}),
        (["--ner-model", "ruextract"], {"Мишустин"}),
        (["--ner-model", "natasha"], set()),
        (["--ner-model", "natasha", "--jobs", "2"], set()),  # the worker processes load it too
    ],
)
def test_extract_ner_model_chooses_the_weights(tmp_path, options, names):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SHORT_LINE, encoding="utf-8")
    (corpus / "b.txt").write_text(SHORT_LINE, encoding="utf-8")
    args = ["extract", "--input", str(corpus), "--output", str(tmp_path / "out"), "--jobs", "1", "--quiet"]
    assert main(args + options) == EXIT_OK
    assert _entity_texts(tmp_path / "out") == names


def test_extract_ner_model_is_explained_and_checked(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    usage = " ".join(capsys.readouterr().out.split())
    assert "--ner-model {ruextract,natasha}" in usage and "fine-tuned on human gold" in usage
    with pytest.raises(SystemExit) as exited:
        main(["extract", "--ner-model", "bert"])
    assert exited.value.code == EXIT_USAGE and "invalid choice: 'bert'" in capsys.readouterr().err


def _stopped(*args: object) -> None:
    raise KeyboardInterrupt


def test_a_run_is_not_resumed_with_other_ner_weights(tmp_path, monkeypatch, capsys):
    corpus = _corpus(tmp_path / "corpus")
    args = ["extract", "--input", str(corpus), "--output", str(tmp_path / "out"), "--jobs", "1", "--quiet"]
    with monkeypatch.context() as patch:  # stopped after its shard was committed
        patch.setattr(pipeline.shards.ShardWriter, "finish", _stopped)
        assert main([*args, "--ner-model", "natasha"]) == 130
    assert main([*args, "--resume"]) == EXIT_USAGE
    assert "other options (ner_model: ner_model='natasha')" in capsys.readouterr().err
    assert main([*args, "--resume", "--ner-model", "natasha"]) == EXIT_OK
