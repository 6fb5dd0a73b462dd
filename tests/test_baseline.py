"""The plain-natasha baseline writes tables that `evaluate` reads, with natasha's own values."""

from __future__ import annotations

import csv

from pipeline.bench.baseline import _iso, main, natasha_tables
from pipeline.cli import EXIT_SKIPPED


def test_plain_natasha_output_becomes_tables(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "Сергей Лавров прилетел в Пекин 21 мая и обсудил кредит в 41 млрд долларов."
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    summary = natasha_tables(corpus, tmp_path / "out")
    assert (summary.documents, summary.skipped) == (1, ())
    with open(tmp_path / "out" / "entities.csv", encoding="utf-8", newline="") as handle:
        entities = {(r["type"], r["text"], r["normal"]) for r in csv.DictReader(handle)}
    assert {("PER", "Сергей Лавров", "Сергей Лавров"), ("LOC", "Пекин", "Пекин")} <= entities
    with open(tmp_path / "out" / "dates.csv", encoding="utf-8", newline="") as handle:
        assert [(r["text"], r["value"]) for r in csv.DictReader(handle)] == [("21 мая", "XXXX-05-21")]


def test_dates_keep_what_natasha_knows():
    assert _iso(2024, 5, None) == "2024-05"
    assert _iso(None, None, 3) == "XXXX-XX-03"


def test_plain_natasha_gives_every_token_its_lemma(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Министры иностранных дел встретились в Астане.", encoding="utf-8")
    natasha_tables(corpus, tmp_path / "out")
    with open(tmp_path / "out" / "tokens.csv", encoding="utf-8", newline="") as handle:
        lemmas = [(r["text"], r["lemma"], r["pos"]) for r in csv.DictReader(handle)]
    assert lemmas[:3] == [("Министры", "министр", "NOUN"), ("иностранных", "иностранный", "ADJ"),
                          ("дел", "дело", "NOUN")]  # fmt: skip
    assert [t for t, _, _ in lemmas] == ["Министры", "иностранных", "дел", "встретились", "в", "Астане", "."]


def test_plain_natasha_names_the_files_it_skips_as_extract_does(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Сергей Лавров прилетел в Пекин.", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "scan.txt").write_bytes(b"%PDF-1.4\x00\x00\x01binary")
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04")
    assert main(["--input", str(corpus), "--output", str(tmp_path / "out")]) == EXIT_SKIPPED
    err = capsys.readouterr().err
    assert "empty.txt: empty file" in err and "scan.txt: binary file" in err and "notes.docx" in err
    with open(tmp_path / "out" / "skipped.csv", encoding="utf-8", newline="") as handle:
        assert sorted(r["path"].rsplit("/", 1)[-1] for r in csv.DictReader(handle)) == [
            "empty.txt", "notes.docx", "scan.txt"]  # fmt: skip
    with open(tmp_path / "out" / "documents.csv", encoding="utf-8", newline="") as handle:
        assert [r["doc_id"] for r in csv.DictReader(handle)] == ["a"]
