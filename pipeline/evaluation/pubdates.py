"""Publication dates: the `doc_date` a run inferred against the dates the text gives.

The truth is a `doc_id,date` table (the corpus's `documents.csv`): a document listed there
has that publication date; a gold document not listed has none the text determines. Each
document gets one outcome:

- `right`: the run's date is the true one, or both are empty;
- `empty`: the run gives no date where the text determines one (honest, but a miss);
- `wrong`: the run gives a date that is not the true one, or one where there is none.

The measure means something only for a run made with the metadata withheld
(`make eval-no-dates`); `source` shows where each date came from (`metadata` flags a run
that was given the answers).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.evaluation.tables import read_table

OUTCOMES = ("right", "empty", "wrong")
PUBDATE_COLUMNS = ["doc_id", "group", "gold", "predicted", "source", "outcome"]


def read_pubdates(path: Path) -> pd.Series:
    """doc_id → publication date (ISO text) of a `doc_id,date` table; rows with an empty date dropped."""
    table = read_table(path, "pubdates", required=("doc_id", "date"))
    table = table[table["date"].str.strip() != ""]
    return pd.Series(table["date"].str.strip().to_numpy(), index=table["doc_id"].to_numpy(), dtype="string")


def pubdate_table(documents: pd.DataFrame, predicted: pd.DataFrame, truth: pd.Series) -> pd.DataFrame:
    """One row per gold document (`documents`: doc_id, group) with its outcome.

    `predicted` is the run's documents table (doc_id, doc_date, doc_date_source); a gold
    document the run did not process counts as `empty`.
    """
    run = predicted.set_index("doc_id")
    table = documents[["doc_id", "group"]].assign(
        gold=documents["doc_id"].map(truth).fillna("").astype("string"),
        predicted=documents["doc_id"].map(run["doc_date"]).fillna("").astype("string"),
        source=documents["doc_id"].map(run["doc_date_source"]).fillna("missing").astype("string"),
    )
    table["outcome"] = "wrong"
    table.loc[table["predicted"] == table["gold"], "outcome"] = "right"
    table.loc[(table["predicted"] == "") & (table["gold"] != ""), "outcome"] = "empty"
    return table[PUBDATE_COLUMNS].reset_index(drop=True)


def pubdate_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Documents per group (and `all`) and outcome, with how many truly have a date."""
    rows = pd.concat([table, table.assign(group="all")])
    counts = pd.crosstab(rows["group"], rows["outcome"]).reindex(columns=list(OUTCOMES), fill_value=0)
    counts["documents"] = counts[list(OUTCOMES)].sum(axis=1)
    counts["dated"] = rows.groupby("group")["gold"].apply(lambda dates: int((dates != "").sum()))
    counts["from_metadata"] = rows.groupby("group")["source"].apply(lambda s: int((s == "metadata").sum()))
    order = [*dict.fromkeys(table["group"].tolist()), "all"]
    return counts.reindex(order).reset_index()
