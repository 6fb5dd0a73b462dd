"""Reading the corpus: encodings, bad files, metadata errors that name file and line."""

from __future__ import annotations

import codecs

import pytest

from pipeline.stages.s01_read import (
    MetadataError,
    Skipped,
    decode,
    doc_id_for,
    list_corpus,
    read_document,
    read_metadata,
)

NEWS = (
    "Казахстанский лидер Касым-Жомарт Токаев провел 20-21 мая серию встреч с министром иностранных дел "
    "КНР Ван И.\r\nТолько за прошлый год товарооборот вырос на 30% и достиг 41 млрд долларов."
)


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (NEWS.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + NEWS.encode("utf-8"), "utf-8-bom"),
        (NEWS.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + NEWS.encode("utf-16-be"), "utf-16"),
        (NEWS.encode("cp1251"), "cp1251"),
        (NEWS.encode("koi8-r"), "koi8-r"),
    ],
)
def test_every_supported_encoding_is_detected_and_decoded(encoded, encoding):
    text, detected = decode(encoded)
    assert (text, detected) == (NEWS, encoding)
    assert "\r\n" in text  # line breaks stay as they are, so offsets refer to the file


def test_short_cp1251_and_koi8_texts_are_told_apart():
    for line in ("Москва", "Привет, мир", "ООН и ШОС"):
        assert decode(line.encode("cp1251"))[0] == line
        assert decode(line.encode("koi8-r"))[0] == line


def test_a_file_cut_inside_its_last_character_keeps_the_rest():
    text, encoding = decode("Токаев и Ван И".encode()[:-1])
    assert (text, encoding) == ("Токаев и Ван ", "utf-8-truncated")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t \r\n", "empty file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00<< /Type /Catalog >>", "binary"),
        (bytes(range(1, 32)) * 50, "binary"),
        (bytes(range(128, 256)) * 20, "not text"),
    ],
)
def test_unusable_files_are_skipped_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = read_document(path)
    assert isinstance(result, Skipped) and result.path == str(path)
    assert reason in result.reason


def test_a_file_over_the_size_limit_is_skipped(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text("Новости. " * 200, encoding="utf-8")
    result = read_document(path, max_bytes=1000)
    assert isinstance(result, Skipped) and "too large" in result.reason and "--max-bytes" in result.reason


def test_corpus_listing_keeps_txt_files_and_reports_the_rest(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "entities.csv").write_text("x")
    (tmp_path / "documents.csv").write_text("doc_id,date\n")
    (tmp_path / "b.txt").write_text("Б")
    (tmp_path / "a.TXT").write_text("А")
    (tmp_path / "report.pdf").write_bytes(b"%PDF")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("В")
    documents, skipped = list_corpus(tmp_path)
    assert [doc_id_for(p, tmp_path) for p in documents] == ["a", "b", "sub/c"]
    assert [(s.path.endswith("report.pdf"), "not a .txt file" in s.reason) for s in skipped] == [(True, True)]


def test_metadata_dates_are_read(tmp_path):
    path = tmp_path / "documents.csv"
    path.write_text("doc_id,date\nseed,2024-05-22\n", encoding="utf-8")
    assert str(read_metadata(path)["seed"]) == "2024-05-22"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("doc_id,published\nseed,2024-05-22\n", ":1: missing column(s) date"),
        ("doc_id,date\nseed,2024-05-22\nother,22.05.2024\n", ":3: bad date '22.05.2024'"),
        ("doc_id,date\nseed,2024-02-30\n", ":2: bad date"),
        ("doc_id,date\nseed,2024-05-22\nseed,2024-05-23\n", ":3: doc_id 'seed' given twice"),
    ],
)
def test_metadata_errors_name_the_file_and_line(tmp_path, content, message):
    path = tmp_path / "documents.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MetadataError) as error:
        read_metadata(path)
    assert str(path) in str(error.value) and message in str(error.value)
