"""Shards committed with a manifest, resumed, assembled; Parquet tables typed and read back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline.records import DateMention, DocumentResult, EntityMention, MoneyMention, PercentMention
from pipeline.shards import PARTS, ResumeError, ShardWriter
from pipeline.stages.s01_read import Skipped
from pipeline.stages.s10_tables import render

TEXT = "Только за прошлый год товарооборот вырос на 30% и достиг 41 млрд долларов. Ван И. 20–21 мая 2024"


def _doc(doc_id: str) -> DocumentResult:
    return DocumentResult(
        doc_id=doc_id, path=f"corpus/{doc_id}.txt", text=TEXT, doc_date=date(2024, 5, 22),
        doc_date_source="metadata", encoding="utf-8",
        entities=(EntityMention(75, 80, "PER", "Ван И", "Ван И", 1),),
        dates=(DateMention(10, 21, "прошлый год", "2023", "relative"),
               DateMention(83, 98, "20–21 мая 2024", "2024-05-20/2024-05-21", "range")),
        money=(MoneyMention(57, 73, "41 млрд долларов", Decimal("4.1E+10"), "USD",
                            Decimal("41000000000.05")),),
        percents=(PercentMention(44, 47, "30%", Decimal("30"), None, "около"),),
    )  # fmt: skip


IDS = ["007", "1e3", "576", "b", "c"]


def _write(directory, table_format, shards, resume=False, stop_after=None):
    """Shards of two items: documents in IDS order, a skipped file after the second document."""
    writer = ShardWriter(directory, {"input": "x"}, table_format, resume=resume)
    items = [*IDS[:2], Skipped("corpus/x.pdf", "not a .txt file (.pdf)"), *IDS[2:]]
    done = writer.items_done
    for number, item in enumerate(items[done:], done):
        if isinstance(item, Skipped):
            writer.skip(item)
        else:
            writer.write(render(_doc(item)))
        if (number + 1) % shards == 0 or number + 1 == len(items):
            writer.commit_shard(shards if (number + 1) % shards == 0 else (number + 1) % shards)
            if stop_after is not None and len(writer.shards) == stop_after:
                writer.discard()
                return writer
    writer.finish()
    return writer


def _bytes(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.mark.parametrize("table_format", ["csv", "parquet"])
def test_resumed_tables_are_the_same_bytes_as_one_run(tmp_path, table_format):
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    _write(whole, table_format, 2)
    stopped = _write(resumed, table_format, 2, stop_after=1)
    assert len(stopped.shards) == 1 and not (resumed / f"entities.{table_format}").exists()
    (resumed / PARTS / ".tmp-000001").mkdir()  # a shard that was being written when the run stopped
    again = _write(resumed, table_format, 2, resume=True)
    assert again.documents == 5 and not (resumed / PARTS).exists()
    assert _bytes(whole) == _bytes(resumed)
    assert len(pipeline.load_tables(whole)["documents"]) == 5


def test_resume_with_other_options_is_refused(tmp_path):
    _write(tmp_path, "csv", 2, stop_after=1)
    with pytest.raises(ResumeError, match=r"other options \(format: format='csv'\)"):
        ShardWriter(tmp_path, {"input": "x"}, "parquet", resume=True)


def test_parquet_round_trip_keeps_types_and_equals_the_csv_tables(tmp_path):
    _write(tmp_path / "csv", "csv", 2)
    _write(tmp_path / "pq", "parquet", 2)
    schema = pq.read_schema(tmp_path / "pq" / "money.parquet")
    assert schema.field("doc_id").type == pa.string() and schema.field("start").type == pa.int32()
    assert schema.field("amount").type == pa.decimal128(38, 10)
    dates = pq.read_table(tmp_path / "pq" / "dates.parquet")
    assert dates.schema.field("date_start").type == pa.date32()
    assert dates.column("date_end").to_pylist()[:2] == [None, date(2024, 5, 21)]
    metadata = pq.ParquetFile(tmp_path / "pq" / "tokens.parquet").metadata
    assert metadata.row_group(0).column(0).compression == "ZSTD"
    from_csv, from_parquet = pipeline.load_tables(tmp_path / "csv"), pipeline.load_tables(tmp_path / "pq")
    assert set(from_parquet) == set(from_csv) == {"documents", "tokens", "entities", "entity_index", "roles",
                                                   "corpus_entities", "dates", "money", "percents",
                                                   "skipped"}  # fmt: skip
    for name, frame in from_csv.items():
        pd.testing.assert_frame_equal(frame, from_parquet[name], check_exact=True)
    money, documents = from_parquet["money"], from_parquet["documents"]
    assert documents["doc_id"].tolist() == IDS and str(documents["doc_id"].dtype) == "string"
    assert str(money["start"].dtype) == "int64"
    assert money["amount"].tolist() == [Decimal("41000000000")] * 5
    assert money["amount_max"].tolist() == [Decimal("41000000000.05")] * 5
    assert str(from_parquet["dates"]["date_start"].dtype) == "datetime64[ns]"
    assert from_parquet["skipped"].values.tolist() == [["corpus/x.pdf", "not a .txt file (.pdf)"]]


def test_a_run_in_the_other_format_replaces_the_tables(tmp_path):
    _write(tmp_path, "csv", 2)
    _write(tmp_path, "parquet", 2)
    assert not list(tmp_path.glob("*.csv")) and len(list(tmp_path.glob("*.parquet"))) == 10
