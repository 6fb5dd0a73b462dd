"""The corpus step of the tables: at the end of a run, corpus linking over the rows written.

The entities and roles every document wrote are read back (`summaries_from_tables`, one
document at a time), linked across the corpus (`pipeline.stages.s06_link.corpus`), the
entities table is copied with each row's name key replaced by its corpus entity id, and the
corpus entities table is written. `TableWriter` runs it on its one file per table;
`pipeline.shards.ShardWriter` does the same with the summaries the rendered documents carry
(reading back only the shards a resumed run found committed).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from pipeline.stages.s06_link.corpus import (
    CorpusLinks,
    CorpusTally,
    NameIndex,
    corpus_entities,
    link_names,
    link_rows,
    summaries_from_tables,
)

CORPUS_TABLE = ("corpus_entities", ("corpus_entity", "type", "name", "aliases", "documents", "mentions",
                                    "first_doc", "roles"))  # fmt: skip


def read_rows(path: Path, columns: tuple[str, ...] | None = None) -> Iterator[dict[str, str]]:
    """A CSV table's rows as dicts: with its header, or header-less with `columns` (a shard's part)."""
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, fieldnames=columns)


def corpus_links(
    entity_rows: Iterable[Mapping[str, Any]], role_rows: Iterable[Mapping[str, Any]]
) -> CorpusLinks:
    """Corpus linking over the written rows of entities and roles (each document's rows together,
    the documents in the same order in both tables): the distinct names of the whole corpus,
    joined (see `pipeline.stages.s06_link.corpus`)."""
    index = NameIndex()
    for summary in summaries_from_tables(entity_rows, role_rows):
        index.add(summary)
    return link_names(index)


def corpus_rows(links: CorpusLinks, tally: CorpusTally) -> Iterator[tuple[object, ...]]:
    """The rows of the corpus entities table."""
    for e in corpus_entities(links, tally):
        yield (
            e.corpus_entity, e.type, e.name, "|".join(e.aliases), e.documents, e.mentions, e.first_doc,
            "|".join(e.roles),
        )  # fmt: skip


def _link_entities_file(entities: Path, linked: Path, ids: dict[str, str]) -> CorpusTally:
    """Copy the entities table with each name key replaced by its corpus entity id, counting."""
    tally = CorpusTally()
    with (
        open(entities, encoding="utf-8", newline="") as source,
        open(linked, "w", encoding="utf-8", newline="") as target,
    ):
        rows, writer = csv.reader(source), csv.writer(target, lineterminator="\n")
        header = next(rows)
        writer.writerow(header)
        writer.writerows(link_rows(rows, ids, header.index("corpus_entity"), tally))
        target.flush()
        os.fsync(target.fileno())
    return tally


def link_corpus_tables(entities: Path, roles: Path, corpus: IO[str]) -> Path:
    """The corpus step on one file per table, each with its header: link the names of the whole
    corpus, copy the entities table (streamed; its corpus_entity cells held name keys) with
    corpus entity ids into a new temporary file beside it, whose path is returned (the writer
    renames it over the table with the others), and write the corpus entities table to
    `corpus` (closed when done)."""
    links = corpus_links(read_rows(entities), read_rows(roles))
    linked = entities.with_name(f"{entities.name}-linked")  # a temporary name too
    try:
        tally = _link_entities_file(entities, linked, links.ids)
        with corpus:
            writer = csv.writer(corpus, lineterminator="\n")
            writer.writerow(CORPUS_TABLE[1])
            writer.writerows(corpus_rows(links, tally))
            corpus.flush()
            os.fsync(corpus.fileno())
    except BaseException:
        linked.unlink(missing_ok=True)
        raise
    return linked
