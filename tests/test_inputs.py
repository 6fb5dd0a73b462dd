"""Record inputs (JSONL, CSV, Parquet), read lazily, and extract_many in input order."""

from __future__ import annotations

import json
from datetime import date
from itertools import islice

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import extract_many
from pipeline.inputs import Columns, InputError, Record, is_record_input, read_records
from pipeline.stages.s01_read import Skipped

TOKAYEV = "Касым-Жомарт Токаев провел 20–21 мая встречу с Ван И."
MONEY = "Товарооборот достиг 41 млрд долларов.\r\nЭто на 30% больше."


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def test_jsonl_records_keep_order_ids_as_text_dates_and_name_bad_lines(tmp_path):
    path = _jsonl(tmp_path / "news.jsonl", [
        {"id": 576, "text": TOKAYEV, "date": "2024-05-22"},
        {"id": "b", "text": MONEY},
        {"id": "c", "text": "  "},
        {"id": "576", "text": MONEY},
        {"id": "d", "text": MONEY, "date": "22.05.2024"},
    ])  # fmt: skip
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    records = list(read_records(path))
    assert records[:2] == [
        Record("576", TOKAYEV, date(2024, 5, 22), f"{path}:1"),
        Record("b", MONEY, None, f"{path}:2"),
    ]
    assert records[2:] == [
        Skipped(f"{path}:3", "empty text"),
        Skipped(f"{path}:4", "doc_id '576' given twice"),
        Skipped(f"{path}:5", "bad date '22.05.2024'; use YYYY-MM-DD"),
        Skipped(f"{path}:6", "not valid JSON: Expecting property name enclosed in double quotes at column 2"),
    ]


def test_offsets_index_the_text_as_stored_in_the_column(tmp_path):
    path = _jsonl(tmp_path / "a.jsonl", [{"id": "m", "text": MONEY}])
    (result,) = extract_many(read_and_plain(path))
    assert [(m.text, MONEY[m.start : m.stop]) for m in result.money] == [("41 млрд долларов",) * 2]
    assert [MONEY[p.start : p.stop] for p in result.percents] == ["30%"]


def read_and_plain(path):
    return ((r.doc_id, r.text, r.date) for r in read_records(path))


def test_parquet_and_csv_with_named_columns_and_a_folder_of_them(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    table = pa.table({"article": [TOKAYEV, MONEY], "uid": ["p1", "p2"],
                      "published": pa.array([date(2024, 5, 22), None], pa.date32())})  # fmt: skip
    pq.write_table(table, folder / "1.parquet")
    (folder / "2.csv").write_text(
        f'uid,article,published\nc1,"{MONEY}",2024-01-02T10:00:00\n', encoding="utf-8"
    )
    assert is_record_input(folder) and is_record_input(str(tmp_path / "archive" / "*.parquet"))
    records = list(read_records(folder, Columns(text="article", id="uid", date="published")))
    assert [(r.doc_id, r.text, r.date) for r in records] == [
        ("p1", TOKAYEV, date(2024, 5, 22)), ("p2", MONEY, None), ("c1", MONEY, date(2024, 1, 2))]  # fmt: skip
    with pytest.raises(InputError, match=r"1\.parquet: no column 'id', 'text'"):
        list(read_records(folder))


def test_a_folder_of_txt_files_is_not_a_record_input(tmp_path):
    (tmp_path / "a.txt").write_text(TOKAYEV, encoding="utf-8")
    (tmp_path / "documents.csv").write_text("doc_id,date\n", encoding="utf-8")
    assert not is_record_input(tmp_path)


def test_records_are_read_lazily(tmp_path):
    path = tmp_path / "big.jsonl"
    _jsonl(path, [{"id": str(i), "text": MONEY} for i in range(3)])
    with open(path, "a", encoding="utf-8") as handle:  # a file that would take minutes to read whole
        handle.write("".join(json.dumps({"id": f"x{i}", "text": MONEY}) + "\n" for i in range(200_000)))
    assert [r.doc_id for r in islice(read_records(path), 2)] == ["0", "1"]
    seen = []

    def records():
        for i in range(10**9):
            seen.append(i)
            yield (str(i), MONEY)

    first = next(iter(extract_many(records(), jobs=2)))
    assert first.doc_id == "0" and len(seen) < 100


def test_extract_many_yields_in_input_order_whatever_the_jobs():
    records = [("a", TOKAYEV, "2024-05-22"), {"id": 7, "text": MONEY}, ("c", MONEY, None)] * 6
    one, two = list(extract_many(records, jobs=1)), list(extract_many(records, jobs=2))
    assert [r.doc_id for r in one] == ["a", "7", "c"] * 6
    assert one == two
    assert one[0].doc_date == date(2024, 5, 22) and one[0].doc_date_source == "metadata"
    assert [m.amount for m in one[1].money] == [41_000_000_000]
