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
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

INT_COLUMNS = frozenset(
    {"start", "stop", "depth", "chars", "sentences", "tokens", "sentence", "token", "entity", "mentions",
     "first_start"}
)  # fmt: skip
# (table, column) pairs holding exact decimal numbers; a date's `value` is text.
DECIMAL_COLUMNS = frozenset(
    {("money", "amount"), ("money", "amount_max"), ("percents", "value"), ("percents", "value_max")}
)
OUTPUT_TABLES = ("documents", "tokens", "entities", "entity_index", "dates", "money", "percents", "skipped")


class TableError(ValueError):
    """A malformed table, naming the file, the line and the problem."""


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
        elif (table, name) in DECIMAL_COLUMNS:
            columns[name] = _decimals(raw[name], path)
        else:
            columns[name] = raw[name].astype("string")
    return pd.DataFrame(columns, index=raw.index)


def load_tables(directory: str | Path) -> dict[str, pd.DataFrame]:
    """Every table an `extract` run wrote in `directory` (documents, tokens, entities,
    entity_index, dates, money, percents, skipped), by name, typed as described above."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory}: no such folder")
    return {
        name: read_table(directory / f"{name}.csv", name)
        for name in OUTPUT_TABLES
        if (directory / f"{name}.csv").exists()
    }
