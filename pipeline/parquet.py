"""The tables as typed, zstd-compressed Parquet (`extract --format parquet`), written with pyarrow.

Every column's type comes from its name, as when the CSV tables are read back
(`evaluation.tables`): `doc_id` and the other text columns are strings (never numbers),
offsets and counts int32, amounts and percentages decimal(38, 10) — exact, up to 28 digits
before the point and 10 after (a document with a number beyond that is skipped with the
reason) — and a date's `value` stays ISO text, with `date_start` and `date_end` (date32)
beside it where the value is a full day or a range of full days.

Workers render a document's rows as CSV text whatever the format (see s10_tables.render);
a shard's text is parsed here by pyarrow's CSV reader against the schema, so the values
are the very digits the CSV tables hold.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.evaluation.tables import DECIMAL_COLUMNS, INT_COLUMNS, OPTIONAL_INT_COLUMNS
from pipeline.records import DocumentResult

if TYPE_CHECKING:
    import pyarrow as pa

DECIMAL_PRECISION, DECIMAL_SCALE = 38, 10
COMPRESSION = "zstd"
DATE_COLUMNS = ("date_start", "date_end")  # added to the dates table
_FULL_DAY = r"(\d{4}-\d{2}-\d{2})"
_DAY_OR_RANGE = re.compile(rf"^{_FULL_DAY}(?:/{_FULL_DAY})?$")


def day_range(value: str) -> tuple[date | None, date | None]:
    """`2024-05-20` → (that day, that day); `2024-05-20/2024-05-21` → both ends; else (None, None)."""
    match = _DAY_OR_RANGE.match(value)
    if not match:
        return None, None
    try:
        start = date.fromisoformat(match.group(1))
        return start, date.fromisoformat(match.group(2)) if match.group(2) else start
    except ValueError:  # 2024-02-30
        return None, None


def _fits(value: Decimal | None) -> bool:
    if value is None:
        return True
    _, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)
    return -exponent <= DECIMAL_SCALE and len(digits) + exponent <= DECIMAL_PRECISION - DECIMAL_SCALE


def unfit_number(doc: DocumentResult) -> str | None:
    """Why the document's numbers do not fit the Parquet decimal, or None when they do."""
    numbers = [(m.text, m.amount, m.amount_max) for m in doc.money]
    numbers += [(p.text, p.value, p.value_max) for p in doc.percents]
    for text, *values in numbers:
        if not all(_fits(v) for v in values):
            return (
                f"the number of {text!r} does not fit Parquet's decimal({DECIMAL_PRECISION}, "
                f"{DECIMAL_SCALE}); use --format csv"
            )
    return None


def column_type(table: str, column: str) -> pa.DataType:
    import pyarrow as pa

    if column in INT_COLUMNS or (table, column) in OPTIONAL_INT_COLUMNS:
        return pa.int32()  # an optional id (a role's organisation) is null where empty
    if (table, column) in DECIMAL_COLUMNS:
        return pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE)
    return pa.string()


def schema(table: str, columns: tuple[str, ...]) -> pa.Schema:
    import pyarrow as pa

    fields = [pa.field(c, column_type(table, c)) for c in columns]
    if table == "dates":
        fields += [pa.field(c, pa.date32()) for c in DATE_COLUMNS]
    return pa.schema(fields)


def from_csv_text(table: str, columns: tuple[str, ...], data: bytes) -> pa.Table:
    """Header-less CSV rows of one table (as `render` writes them) as a typed Arrow table."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    target = schema(table, columns)
    if not data:
        return target.empty_table()
    frame = pacsv.read_csv(
        io.BytesIO(data),
        read_options=pacsv.ReadOptions(column_names=list(columns), use_threads=False),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={c: column_type(table, c) for c in columns},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[""],
        ),
    )
    if table == "dates":
        ends = [day_range(value) for value in frame.column("value").to_pylist()]
        frame = frame.append_column(target.field("date_start"), pa.array([e[0] for e in ends], pa.date32()))
        frame = frame.append_column(target.field("date_end"), pa.array([e[1] for e in ends], pa.date32()))
    return frame


def write_parquet(path: Path, frame: pa.Table) -> None:
    import pyarrow.parquet as pq

    pq.write_table(frame, path, compression=COMPRESSION)


def concatenate(parts: list[Path], target: Path, table_schema: pa.Schema) -> None:
    """The parts' rows, in order, as one Parquet file (a row group per part)."""
    import pyarrow.parquet as pq

    with pq.ParquetWriter(target, table_schema, compression=COMPRESSION) as writer:
        for part in parts:
            writer.write_table(pq.read_table(part, schema=table_schema))
