"""The tables read back as typed pandas DataFrames (`pipeline.load_tables` for notebooks).

pandas guesses types from the values, which breaks on this data: a `doc_id` such as
`576` becomes a number, an empty `qualifier` becomes NaN, and `41000000000.5` loses
its last digits as a float. So every column gets its type by name, not by guess:

- `doc_id` and every other text column: pandas' `string` dtype; an empty cell is `""`.
- offsets and counts (`start`, `stop`, `depth`, `chars`, `sentence`, `entity`, …): `int64`.
- amounts and percentages (`amount`, `amount_max` of money, `value`, `value_max` of
  percents): `decimal.Decimal` objects (object dtype), exact; an empty `*_max` is `None`.
  `frame.amount.astype(float)` gives floats where exactness does not matter.
- dates stay ISO text (`doc_date`, a date's `value` such as `2024-05`): a date value may be
  partial or a range, which no datetime type holds; `pd.to_datetime(documents.doc_date)`
  converts the full ones.

A table that does not parse raises `TableError` naming the file, the line and the problem.

A run made with `--format parquet` (`name.parquet`) reads back into the very same frames:
the Parquet types (int32, decimal, date32) become the dtypes above, and a number too large
for the Parquet decimal comes back from its text column (`amount_text`, …; see
`pipeline.parquet`) into the decimal column, exact. The dates table gets
`date_start` and `date_end` (`datetime64[ns]`, NaT where the value is not a full day or a
range of them) from either format.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

INT_COLUMNS = frozenset(
    {"start", "stop", "depth", "chars", "sentences", "tokens", "sentence", "token", "entity", "mentions",
     "first_start", "person", "person_start", "person_stop", "documents"}
)  # fmt: skip
# (table, column) pairs holding exact decimal numbers; a date's `value` is text.
DECIMAL_COLUMNS = frozenset(
    {("money", "amount"), ("money", "amount_max"), ("percents", "value"), ("percents", "value_max")}
)
TEXT_SUFFIX = "_text"  # Parquet: `amount_text` holds the amounts too large for `amount`'s decimal
# (table, column) pairs of ids that may be empty: pandas' nullable `Int64` (<NA> where empty).
OPTIONAL_INT_COLUMNS = frozenset({("roles", "organisation")})
OUTPUT_TABLES = ("documents", "tokens", "entities", "entity_index", "roles", "corpus_entities", "dates",
                 "money", "percents", "skipped")  # fmt: skip


class TableError(ValueError):
    """A malformed table, naming the file, the line and the problem."""


def text_column(column: str) -> str:
    """The Parquet string column beside a decimal column, for the numbers it cannot hold."""
    return column + TEXT_SUFFIX


def _line(position: int) -> int:
    """The file line of a data row (the header is line 1; spans never hold a line break)."""
    return position + 2


def _integers(column: pd.Series, path: Path) -> pd.Series:
    numbers = pd.to_numeric(column.str.strip(), errors="coerce")
    bad = numbers.isna() | (numbers != numbers.round())
    if bad.any():
        position = int(bad.to_numpy().nonzero()[0][0])
        raise TableError(
            f"{path}:{_line(position)}: {column.name} {column.iloc[position]!r} is not a whole number"
        )
    return numbers.astype("int64")


def parse_decimal(raw: str) -> Decimal | None:
    """`41000000000` → Decimal; `37,5` (a decimal comma) → Decimal('37.5'); empty → None."""
    raw = raw.strip()
    if not raw:
        return None
    number = Decimal(raw.replace(",", "."))
    if not number.is_finite():
        raise InvalidOperation(raw)
    return number


def _decimals(column: pd.Series, path: Path) -> pd.Series:
    values = []
    for position, raw in enumerate(column):
        try:
            values.append(parse_decimal(raw))
        except InvalidOperation:
            raise TableError(f"{path}:{_line(position)}: {column.name} {raw!r} is not a number") from None
    return pd.Series(values, index=column.index, dtype=object, name=column.name)


def read_table(path: Path, table: str | None = None, required: tuple[str, ...] = ()) -> pd.DataFrame:
    """One CSV table with typed columns; `table` (default: the file's stem) picks the decimal columns.

    `required` columns must be present, else TableError at line 1.
    """
    table = table or path.stem
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise TableError(f"{path}:1: empty file, expected a header row") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise TableError(f"{path}: not a readable CSV table ({error})") from None
    missing = [c for c in required if c not in raw.columns]
    if missing:
        raise TableError(f"{path}:1: missing column(s) {', '.join(missing)}")
    columns = {}
    for name in raw.columns:
        if name in INT_COLUMNS:
            columns[name] = _integers(raw[name], path)
        elif (table, name) in OPTIONAL_INT_COLUMNS:
            present = raw[name].str.strip() != ""
            columns[name] = pd.Series(pd.NA, index=raw.index, dtype="Int64", name=name)
            columns[name][present] = _integers(raw[name][present], path)
        elif (table, name) in DECIMAL_COLUMNS:
            columns[name] = _decimals(raw[name], path)
        else:
            columns[name] = raw[name].astype("string")
    return pd.DataFrame(columns, index=raw.index)


def _exact(value: Decimal | None) -> Decimal | None:
    """Parquet's fixed scale (37.5000000000) written as the CSV has it (37.5)."""
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Decimal("0" if text in ("", "-0") else text)


def read_parquet_table(path: Path, table: str | None = None) -> pd.DataFrame:
    """One Parquet table with the same dtypes as `read_table` gives its CSV twin."""
    import pyarrow.parquet as pq

    table = table or path.stem
    try:
        arrow = pq.read_table(path)
    except OSError as error:
        raise TableError(f"{path}: not a readable Parquet table ({error})") from None
    columns = {}
    texts = {text_column(c) for t, c in DECIMAL_COLUMNS if t == table}
    for name in arrow.column_names:
        values = arrow.column(name)
        if name in INT_COLUMNS:
            columns[name] = pd.Series(values.to_numpy(), dtype="int64", name=name)
        elif (table, name) in OPTIONAL_INT_COLUMNS:
            columns[name] = pd.Series(values.to_pylist(), dtype="Int64", name=name)
        elif (table, name) in DECIMAL_COLUMNS:
            numbers = [_exact(v) for v in values.to_pylist()]
            if text_column(name) in arrow.column_names:  # the numbers the decimal could not hold
                digits = arrow.column(text_column(name)).to_pylist()
                numbers = [n if d is None else Decimal(d) for n, d in zip(numbers, digits, strict=True)]
            columns[name] = pd.Series(numbers, dtype=object, name=name)
        elif name in DAY_COLUMNS or name in texts:
            continue  # derived below, as for CSV; put into the decimal column above
        else:
            columns[name] = pd.Series(values.to_pylist(), dtype="string", name=name).fillna("")
    return pd.DataFrame(columns, index=pd.RangeIndex(arrow.num_rows))


DAY_COLUMNS = ("date_start", "date_end")
_DAY = r"(\d{4}-\d{2}-\d{2})"


def with_days(dates: pd.DataFrame) -> pd.DataFrame:
    """The dates table with `date_start`/`date_end`: a full day is both; a range of days its ends."""
    parts = dates["value"].str.extract(rf"^{_DAY}(?:/{_DAY})?$")
    start = pd.to_datetime(parts[0], format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(parts[1].fillna(parts[0]), format="%Y-%m-%d", errors="coerce")
    valid = start.notna() & end.notna()
    return dates.assign(
        date_start=start.where(valid).astype("datetime64[ns]"),
        date_end=end.where(valid).astype("datetime64[ns]"),
    )


def load_tables(directory: str | Path) -> dict[str, pd.DataFrame]:
    """Every table an `extract` run wrote in `directory` (documents, tokens, entities,
    entity_index, roles, corpus_entities, dates, money, percents, skipped), by name, typed as
    described above, from `name.csv` or `name.parquet` (the CSV where both are present)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory}: no such folder")
    tables = {}
    for name in OUTPUT_TABLES:
        if (directory / f"{name}.csv").exists():
            tables[name] = read_table(directory / f"{name}.csv", name)
        elif (directory / f"{name}.parquet").exists():
            tables[name] = read_parquet_table(directory / f"{name}.parquet", name)
        else:
            continue
        if name == "dates" and "value" in tables[name].columns:
            tables[name] = with_days(tables[name])
    return tables
