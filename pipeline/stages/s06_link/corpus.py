"""Entities across the corpus: every document's entities → corpus entities with stable ids.

Corpus linking works on names, not on mentions. Each document contributes a summary
(`summarize`): for every entity its type, its fullest normal form and the distinct normal
forms of its mentions with their counts (and the roles attached to it). A *name* is a type
and a folded fullest normal form (case and ё ignored: «PER:касым-жомарт токаев»); the names
of a corpus are gathered in a `NameIndex` (memory grows with the number of distinct names,
not with mentions or documents), and `resolve` joins them:

- the mentions of a document entity go where its fullest normal form goes: in-document
  coreference carries a short form to its full name («Токаев» in a text that also writes
  «Касым-Жомарт Токаев»);
- document entities whose fullest normal forms fold to the same name are one entity;
- a surname or a shorter form of a person's name joins the one fuller name it can mean in
  the corpus, an acronym the one name it abbreviates; either stays alone when two compete
  («Буш» with «Джордж Буш» and «Джеб Буш»); see `names`.

A corpus entity's id is its type and a hash of its canonical name (the folded fullest name
the others joined, `corpus_id`), so it does not depend on the order the documents came in,
on `--jobs`, or on how a corpus was cut into shards: the same corpus gives the same ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any

from pipeline.records import (
    CorpusEntity,
    DocumentSummary,
    EntityMention,
    EntitySummary,
    RoleMention,
)
from pipeline.stages.s06_link.document import fold, fullest_name
from pipeline.stages.s06_link.names import resolve

ROLES_PER_ENTITY = 3  # corpus_entities.csv lists the three roles most often attached to a person


def name_key(type: str, name: str) -> str:
    """The key of a name: «PER:касым-жомарт токаев» (what entities.csv rows point to until linked)."""
    return f"{type}:{fold(name)}"


def corpus_id(key: str) -> str:
    """«PER:касым-жомарт токаев» → «PER-» + 12 hex digits of the key's SHA-1."""
    type = key.split(":", 1)[0]
    return f"{type}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


def _most_frequent(counts: Counter[str]) -> list[str]:
    """Most frequent first; ties in string order (so the result never depends on input order)."""
    return sorted(counts, key=lambda item: (-counts[item], item))


def entity_keys(mentions: Sequence[EntityMention]) -> dict[int, str]:
    """The name key of each entity of a document (mentions in text order): its type and its
    fullest normal form, chosen as the entity index chooses it (`fullest_name`)."""
    normals: dict[int, list[str]] = defaultdict(list)
    types: dict[int, str] = {}
    for mention in mentions:
        normals[mention.entity].append(mention.normal)
        types[mention.entity] = mention.type
    return {entity: name_key(types[entity], fullest_name(names)) for entity, names in normals.items()}


def mention_key(mention: EntityMention, keys: dict[int, str]) -> str:
    """The name key a mention links through; a mention never linked (entity 0) stands alone."""
    return keys[mention.entity] if mention.entity else name_key(mention.type, mention.normal)


def summarize(
    doc_id: str, mentions: Sequence[EntityMention], roles: Sequence[RoleMention] = ()
) -> DocumentSummary:
    """A document's entities as corpus linking needs them (see the module doc); `mentions` in
    text order, as a DocumentResult holds them."""
    keys = entity_keys(mentions)
    normals: dict[str, Counter[str]] = defaultdict(Counter)
    entity_of: dict[str, int] = {}
    for mention in mentions:
        key = mention_key(mention, keys)
        normals[key][mention.normal] += 1
        entity_of[key] = mention.entity
    attached: dict[str, Counter[str]] = defaultdict(Counter)
    for role in roles:
        if role.person in keys:
            attached[keys[role.person]][role.role] += 1
    return DocumentSummary(
        doc_id,
        tuple(
            EntitySummary(
                entity_of[key],
                key.split(":", 1)[0],
                fullest_name(list(counts)),
                tuple(sorted(counts.items())),
                tuple(sorted(attached[key].items())),
            )
            for key, counts in normals.items()
        ),
    )


def _mention(row: Mapping[str, Any]) -> EntityMention:
    """An entities.csv row (text from CSV, typed from Parquet) as the mention it was."""
    return EntityMention(
        int(row["start"]), int(row["stop"]), str(row["type"]), str(row["text"]), str(row["normal"]),
        int(row["entity"]),
    )  # fmt: skip


def summaries_from_tables(
    entities: Iterable[Mapping[str, Any]], roles: Iterable[Mapping[str, Any]] = ()
) -> Iterator[DocumentSummary]:
    """The summaries of documents already written, read back from the rows of entities.csv and
    roles.csv (dicts, as `csv.DictReader` or pyarrow's `to_pylist` give them; each document's
    rows together, the documents in the same order in both tables): what `summarize` gave
    when they were analysed. The corpus step at the end of a run links the corpus from these,
    so the documents of a resumed run's committed shards count like new ones. One document
    in memory at a time."""
    role_groups = groupby(roles, key=itemgetter("doc_id"))
    pending = next(role_groups, None)
    for doc_id, rows in groupby(entities, key=itemgetter("doc_id")):
        mentions = sorted((_mention(row) for row in rows), key=lambda m: (m.start, m.stop))  # as linked
        attached: list[RoleMention] = []
        if pending is not None and pending[0] == doc_id:  # a document with roles has persons
            attached = [RoleMention(0, 0, "", str(r["role"]), int(r["person"]), 0, 0) for r in pending[1]]
            pending = next(role_groups, None)
        yield summarize(str(doc_id), mentions, attached)


@dataclass
class _Name:
    normals: Counter[str] = field(default_factory=Counter)  # normal form → mentions
    roles: Counter[str] = field(default_factory=Counter)  # role normal form → times attached


class NameIndex:
    """The distinct names of a corpus with their normal forms and roles, gathered document by
    document (`add`); the order documents are added in changes nothing."""

    def __init__(self) -> None:
        self.names: dict[str, _Name] = {}

    def add(self, summary: DocumentSummary) -> None:
        for entity in summary.entities:
            name = self.names.setdefault(name_key(entity.type, entity.name), _Name())
            name.normals.update(dict(entity.normals))
            name.roles.update(dict(entity.roles))

    def display(self, key: str) -> str:
        """The name as written most often among the normal forms that fold to the key."""
        folded = key.split(":", 1)[1]
        counts = self.names[key].normals
        variants = Counter({n: c for n, c in counts.items() if fold(n) == folded}) or counts
        return _most_frequent(variants)[0]


# ---------------------------------------------------------------- the corpus entities


@dataclass(frozen=True)
class CorpusLinks:
    """The outcome of corpus linking: which corpus entity each name belongs to, and what is
    known of each corpus entity from the names alone (its counts need one more pass)."""

    ids: dict[str, str]  # name key → corpus entity id
    names: dict[str, str]  # corpus entity id → its name (the fullest normal form)
    aliases: dict[str, tuple[str, ...]]  # corpus entity id → distinct normal forms, most frequent first
    roles: dict[str, tuple[str, ...]]  # corpus entity id → its most frequent roles


def link_names(index: NameIndex) -> CorpusLinks:
    """Join the names of a corpus into corpus entities (see the module doc)."""
    display = {key: index.display(key) for key in index.names}
    root = resolve(display)
    ids = {key: corpus_id(root[key]) for key in index.names}
    aliases: dict[str, Counter[str]] = defaultdict(Counter)
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    for key, name in index.names.items():
        aliases[ids[key]].update(name.normals)
        roles[ids[key]].update(name.roles)
    return CorpusLinks(
        ids=ids,
        names={corpus_id(r): display[r] for r in set(root.values())},
        aliases={i: tuple(_most_frequent(c)) for i, c in aliases.items()},
        roles={i: tuple(_most_frequent(roles[i])[:ROLES_PER_ENTITY]) for i in aliases},
    )


class CorpusTally:
    """Documents, mentions and first document of each corpus entity, counted exactly while the
    linked mentions stream past in doc_id order (`add` one document's corpus ids at a time)."""

    def __init__(self) -> None:
        self.documents: Counter[str] = Counter()
        self.mentions: Counter[str] = Counter()
        self.first_doc: dict[str, str] = {}

    def add(self, doc_id: str, ids: Iterable[str]) -> None:
        counts = Counter(ids)
        self.mentions.update(counts)
        self.documents.update(counts.keys())
        for key in counts:
            if key not in self.first_doc or doc_id < self.first_doc[key]:
                self.first_doc[key] = doc_id


def link_rows(
    rows: Iterable[list[str]], ids: dict[str, str], column: int, tally: CorpusTally
) -> Iterator[list[str]]:
    """entities.csv rows (doc_id first, sorted by it) with the name key in `column` replaced by
    its corpus entity id, counted into `tally` as they pass (one document in memory at a time)."""
    doc_id: str | None = None
    found: list[str] = []
    for row in rows:
        if row[0] != doc_id:
            if doc_id is not None:
                tally.add(doc_id, found)
            doc_id, found = row[0], []
        row[column] = ids[row[column]]
        found.append(row[column])
        yield row
    if doc_id is not None:
        tally.add(doc_id, found)


def corpus_entities(links: CorpusLinks, tally: CorpusTally) -> list[CorpusEntity]:
    """The rows of corpus_entities.csv: most mentioned first, then by id."""
    rows = [
        CorpusEntity(
            corpus_entity=ident,
            type=ident.split("-", 1)[0],
            name=links.names[ident],
            aliases=links.aliases[ident],
            documents=tally.documents[ident],
            mentions=tally.mentions[ident],
            first_doc=tally.first_doc.get(ident, ""),
            roles=links.roles[ident],
        )
        for ident in links.names
        if tally.mentions[ident]
    ]
    return sorted(rows, key=lambda row: (-row.mentions, row.corpus_entity))


def link_corpus(
    summaries: Sequence[DocumentSummary],
) -> tuple[dict[tuple[str, int], str], list[CorpusEntity]]:
    """The whole corpus step on summaries held in memory (notebooks, tests, measurements):
    (doc_id, entity) → corpus entity id, and the corpus entities. A corpus run does the same
    with the summaries streamed (`NameIndex`, then `CorpusTally` over entities.csv)."""
    index = NameIndex()
    for summary in summaries:
        index.add(summary)
    links = link_names(index)
    tally = CorpusTally()
    assigned: dict[tuple[str, int], str] = {}
    for summary in summaries:
        ids = []
        for entity in summary.entities:
            ident = links.ids[name_key(entity.type, entity.name)]
            assigned[summary.doc_id, entity.entity] = ident
            ids.extend([ident] * sum(count for _, count in entity.normals))
        tally.add(summary.doc_id, ids)
    return assigned, corpus_entities(links, tally)
