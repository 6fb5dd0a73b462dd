"""The tables as typed, zstd-compressed Parquet (`extract --format parquet`), written with pyarrow.

Every column's type comes from its name, as when the CSV tables are read back
(`evaluation.tables`): `doc_id` and the other text columns are strings (never numbers),
offsets and counts int32, amounts and percentages decimal(38, 10) — exact, up to 28 digits
before the point and 10 after — and a date's `value` stays ISO text, with `date_start` and
`date_end` (date32) beside it where the value is a full day or a range of full days.

A number the decimal cannot hold exactly (a text may write one of any length) is kept as
text: the decimal column is null in that row and a string column beside the table's columns
(`amount_text`, `amount_max_text`, `value_text`, `value_max_text`) holds its digits, null
wherever the decimal holds the number. The columns stay decimal(38, 10) rather than a wider
or a text type: 38 digits is what DuckDB and Spark read as a decimal, and no fixed precision
holds every number a text can write. `evaluation.tables.read_parquet_table` puts the text
back into the decimal column, so `load_tables` gives the same frames as from the CSV tables.

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

from pipeline.evaluation.tables import DECIMAL_COLUMNS, INT_COLUMNS, OPTIONAL_INT_COLUMNS, text_column
from pipeline.numerals import EXACT

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


def fits(value: Decimal) -> bool:
    """Whether decimal(38, 10) holds the value exactly."""
    _, digits, exponent = value.normalize(EXACT).as_tuple()  # the default context would round
    assert isinstance(exponent, int)
    return -exponent <= DECIMAL_SCALE and len(digits) + exponent <= DECIMAL_PRECISION - DECIMAL_SCALE


def text_columns(table: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The string columns that hold the numbers too large for the table's decimal columns."""
    return tuple(text_column(c) for c in columns if (table, c) in DECIMAL_COLUMNS)


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
    fields += [pa.field(c, pa.string()) for c in text_columns(table, columns)]
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
            column_types={c: _csv_type(table, c) for c in columns},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[""],
        ),
    )
    for column in columns:
        if (table, column) in DECIMAL_COLUMNS:
            frame = _split_numbers(frame, column, target)
    if table == "dates":
        ends = [day_range(value) for value in frame.column("value").to_pylist()]
        frame = frame.append_column(target.field("date_start"), pa.array([e[0] for e in ends], pa.date32()))
        frame = frame.append_column(target.field("date_end"), pa.array([e[1] for e in ends], pa.date32()))
    return frame


def _csv_type(table: str, column: str) -> pa.DataType:
    import pyarrow as pa

    # The numbers are read as their digits and converted by _split_numbers (pyarrow's reader
    # would fail the whole table on one number too large for the decimal).
    return pa.string() if (table, column) in DECIMAL_COLUMNS else column_type(table, column)


def _split_numbers(frame: pa.Table, column: str, target: pa.Schema) -> pa.Table:
    """The column's digits as decimals where they fit, else in its text column (appended)."""
    import pyarrow as pa

    digits = [d or None for d in frame.column(column).to_pylist()]  # read as text: "" where empty
    numbers = [None if d is None else Decimal(d) for d in digits]
    fit = [n is None or fits(n) for n in numbers]
    field = target.field(column)
    decimals = pa.array([n if ok else None for n, ok in zip(numbers, fit, strict=True)], field.type)
    frame = frame.set_column(frame.column_names.index(column), field, decimals)
    texts = [None if ok else d for d, ok in zip(digits, fit, strict=True)]
    return frame.append_column(target.field(text_column(column)), pa.array(texts, pa.string()))


def write_parquet(path: Path, frame: pa.Table) -> None:
    import pyarrow.parquet as pq

    pq.write_table(frame, path, compression=COMPRESSION)


def concatenate(parts: list[Path], target: Path, table_schema: pa.Schema) -> None:
    """The parts' rows, in order, as one Parquet file (a row group per part)."""
    import pyarrow.parquet as pq

    with pq.ParquetWriter(target, table_schema, compression=COMPRESSION) as writer:
        for part in parts:
            writer.write_table(pq.read_table(part, schema=table_schema))


def numbers_as_text(directory: Path) -> list[tuple[str, str, int]]:
    """(table file, text column, how many numbers) for each text column of the Parquet tables
    in `directory` that holds any: the numbers too large for the decimal."""
    import pyarrow.parquet as pq

    found = []
    for table, column in sorted(DECIMAL_COLUMNS):
        path = directory / f"{table}.parquet"
        name = text_column(column)
        if path.exists() and name in pq.read_schema(path).names:
            values = pq.read_table(path, columns=[name]).column(name)
            if count := len(values) - values.null_count:
                found.append((path.name, name, count))
    return found
