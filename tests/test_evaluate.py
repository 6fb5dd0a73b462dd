"""Evaluation: per-type strict and overlap scores, value accuracy, errors, bad gold files."""

from __future__ import annotations

import csv

import pytest

from pipeline.cli import main
from pipeline.evaluation.evaluate import evaluate_dirs, format_table
from pipeline.evaluation.mentions import TableError, load_mentions

TEXT = "Ван И заверил Президента К.Токаева во всесторонней поддержке. Рост 30% за 2023 год."


def _write(directory, name, header, rows):
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _span(text):
    start = TEXT.index(text)
    return start, start + len(text)


def _entity(text, kind, normal):
    return ["d", *_span(text), kind, text, normal]


@pytest.fixture
def dirs(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    header = ["doc_id", "start", "stop", "type", "text", "normal"]
    _write(
        gold, "entities", header, [_entity("Ван И", "PER", "Ван И"), _entity("К.Токаева", "PER", "К.Токаев")]
    )
    predicted = [
        _entity("Ван И", "PER", "Ван И"),
        _entity("Президента К.Токаева", "PER", "Президент К.Токаев"),
    ]
    _write(pred, "entities", header, predicted)
    _write(gold, "dates", ["doc_id", "start", "stop", "text", "value", "kind"],
           [["d", *_span("2023 год"), "2023 год", "2023", "date"]])  # fmt: skip
    _write(pred, "dates", ["doc_id", "start", "stop", "text", "value", "kind"],
           [["d", *_span("2023 год"), "2023 год", "2024", "date"]])  # fmt: skip
    _write(gold, "percents", ["doc_id", "start", "stop", "text", "value", "value_max", "qualifier"],
           [["d", *_span("30%"), "30%", "30", "", ""]])  # fmt: skip
    _write(pred, "percents", ["doc_id", "start", "stop", "text", "value", "value_max", "qualifier"],
           [["d", *_span("30%"), "30%", "30.0", "", ""]])  # fmt: skip
    _write(pred, "documents", ["doc_id", "path"], [["d", str(tmp_path / "d.txt")]])
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    return pred, gold


def _metric(evaluation, kind, mode):
    return next(r for r in evaluation.metrics if r.type == kind and r.mode == mode)


def test_strict_and_overlap_scores_per_type(dirs):
    pred, gold = dirs
    evaluation = evaluate_dirs(pred, gold)
    per_strict, per_overlap = _metric(evaluation, "PER", "strict"), _metric(evaluation, "PER", "overlap")
    assert (per_strict.counts.tp, per_strict.counts.fp, per_strict.counts.fn) == (1, 1, 1)
    assert (per_overlap.counts.tp, per_overlap.counts.fp, per_overlap.counts.fn) == (2, 0, 0)
    assert per_strict.value_accuracy == 1.0
    assert _metric(evaluation, "DATE", "strict").value_accuracy == 0.0  # 2024 ≠ 2023
    assert _metric(evaluation, "PERCENT", "strict").value_accuracy == 1.0  # 30.0 == 30
    assert _metric(evaluation, "LOC", "strict").value_accuracy is None


def test_reports_are_written_with_every_error_in_context(dirs):
    pred, gold = dirs
    evaluation = evaluate_dirs(pred, gold)
    with open(pred / "eval" / "errors.csv", encoding="utf-8", newline="") as handle:
        errors = list(csv.DictReader(handle))
    kinds = sorted((e["type"], e["error"], e["text"]) for e in errors)
    assert kinds == [("DATE", "wrong_value", "2023 год"), ("PER", "false_negative", "К.Токаева"),
                     ("PER", "false_positive", "Президента К.Токаева")]  # fmt: skip
    fp = next(e for e in errors if e["error"] == "false_positive")
    assert fp["gold"] == "PER 'К.Токаева'" and "[Президента К.Токаева]" in fp["context"]
    assert (pred / "eval" / "metrics.csv").exists()
    assert "| PER     | strict  | 1  | 1  | 1  | 0.500" in format_table(evaluation)


def test_evaluate_command_prints_the_table(dirs, capsys):
    pred, gold = dirs
    assert main(["evaluate", "--pred", str(pred), "--gold", str(gold)]) == 0
    out = capsys.readouterr().out
    assert "| type" in out and "| PER     | overlap | 2  | 0  | 0  | 1.000" in out


def test_a_malformed_gold_row_names_file_and_line(tmp_path, capsys):
    _write(tmp_path, "entities", ["doc_id", "start", "stop", "type", "text", "normal"],
           [["d", "0", "5", "PER", "Ван И", "Ван И"], ["d", "x", "5", "PER", "Ван И", "Ван И"]])  # fmt: skip
    with pytest.raises(TableError, match=r"entities\.csv:3: start/stop 'x'/'5' are not whole numbers"):
        load_mentions(tmp_path)
    assert main(["evaluate", "--pred", str(tmp_path), "--gold", str(tmp_path)]) == 2
    assert "entities.csv:3" in capsys.readouterr().err


def test_a_gold_table_without_a_column_is_refused(tmp_path):
    _write(tmp_path, "dates", ["doc_id", "start", "stop", "text"], [["d", "0", "4", "2023"]])
    with pytest.raises(TableError, match=r"dates\.csv:1: missing column\(s\) value"):
        load_mentions(tmp_path)


def test_gold_offsets_beyond_the_text_name_file_and_line(dirs):
    pred, gold = dirs
    _write(gold, "percents", ["doc_id", "start", "stop", "text", "value", "value_max", "qualifier"],
           [["d", 500, 503, "30%", "30", "", ""]])  # fmt: skip
    with pytest.raises(TableError, match=r"percents\.csv:2: d 500-503: beyond the end"):
        evaluate_dirs(pred, gold)


def test_gold_text_that_differs_from_the_document_is_refused(dirs):
    pred, gold = dirs
    _write(gold, "dates", ["doc_id", "start", "stop", "text", "value", "kind"],
           [["d", *_span("2023 год"), "2024 год", "2024", "date"]])  # fmt: skip
    with pytest.raises(TableError, match=r"dates\.csv:2: .*'2023 год' != '2024 год'"):
        evaluate_dirs(pred, gold)
