"""Entities across documents: which names are one entity, and ids that do not depend on order."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, SEED_ID
from hypothesis import given
from hypothesis import strategies as st

from pipeline.lexicon import is_acronym_of
from pipeline.records import DocumentSummary, EntityMention, EntitySummary
from pipeline.run import run
from pipeline.stages.s06_link import link_entities
from pipeline.stages.s06_link.corpus import (
    NameIndex,
    corpus_id,
    link_corpus,
    name_key,
    summaries_from_tables,
    summarize,
)
from pipeline.stages.s06_link.names import START, acronym_starts


def entity(number: int, type: str, *normals: str, roles: tuple[tuple[str, int], ...] = ()) -> EntitySummary:
    """A document entity named by its normal forms, the first being its fullest."""
    counts: dict[str, int] = {}
    for normal in normals:
        counts[normal] = counts.get(normal, 0) + 1
    return EntitySummary(number, type, normals[0], tuple(sorted(counts.items())), roles)


def doc(doc_id: str, *entities: EntitySummary) -> DocumentSummary:
    return DocumentSummary(doc_id, entities)


def groups(summaries: list[DocumentSummary]) -> list[set[str]]:
    """The fullest names of the document entities, grouped by corpus entity."""
    assigned, _ = link_corpus(summaries)
    names = {(s.doc_id, e.entity): e.name for s in summaries for e in s.entities}
    by_id: dict[str, set[str]] = {}
    for key, ident in assigned.items():
        by_id.setdefault(ident, set()).add(names[key])
    return sorted(by_id.values(), key=lambda g: sorted(g))


CORPUS_CASES = [
    # the same normal form, case and ё ignored
    ([doc("a", entity(1, "LOC", "Соединённые Штаты")), doc("b", entity(1, "LOC", "СОЕДИНЕННЫЕ ШТАТЫ"))],
     [{"Соединённые Штаты", "СОЕДИНЕННЫЕ ШТАТЫ"}]),
    # a surname or initials join the one full name they can mean
    ([doc("a", entity(1, "PER", "Касым-Жомарт Токаев", "Токаев")), doc("b", entity(1, "PER", "Токаев")),
      doc("c", entity(1, "PER", "К.Токаев"))],
     [{"Касым-Жомарт Токаев", "Токаев", "К.Токаев"}]),
    # two full names compete for «Буш»: it stays alone, and so does «Джордж Буш» between two Georges
    ([doc("a", entity(1, "PER", "Джордж Буш")), doc("b", entity(1, "PER", "Джеб Буш")),
      doc("c", entity(1, "PER", "Буш"))],
     [{"Буш"}, {"Джеб Буш"}, {"Джордж Буш"}]),
    ([doc("a", entity(1, "PER", "Джордж Уокер Буш")), doc("b", entity(1, "PER", "Джордж Герберт Уокер Буш")),
      doc("c", entity(1, "PER", "Джордж Буш"))],
     [{"Джордж Буш"}, {"Джордж Герберт Уокер Буш"}, {"Джордж Уокер Буш"}]),
    # genders differ: «Путин» can only mean Vladimir; «В. В. Путин» and «Владимир Путин» are one
    ([doc("a", entity(1, "PER", "Владимир Путин"), entity(2, "PER", "Людмила Путина")),
      doc("b", entity(1, "PER", "Путин")), doc("c", entity(1, "PER", "В. В. Путин"))],
     [{"Людмила Путина"}, {"Владимир Путин", "Путин", "В. В. Путин"}]),
    # «Ван И» has no surname to share with «Стивен Ван»
    ([doc("a", entity(1, "PER", "Ван И")), doc("b", entity(1, "PER", "Стивен Ван"))],
     [{"Ван И"}, {"Стивен Ван"}]),
    # acronyms and their full names; an acronym of two names stays alone
    ([doc("a", entity(1, "ORG", "Шанхайская организация сотрудничества", "ШОС")),
      doc("b", entity(1, "ORG", "ШОС")), doc("c", entity(1, "ORG", "Совет министров иностранных дел")),
      doc("d", entity(1, "ORG", "СовМИД"))],
     [{"Совет министров иностранных дел", "СовМИД"}, {"Шанхайская организация сотрудничества", "ШОС"}]),
    ([doc("a", entity(1, "ORG", "Европейский союз")), doc("b", entity(1, "ORG", "Евразийский союз")),
      doc("c", entity(1, "ORG", "ЕС"))],
     [{"Евразийский союз"}, {"ЕС"}, {"Европейский союз"}]),
    # the same name as two types is two entities
    ([doc("a", entity(1, "LOC", "Вашингтон")), doc("b", entity(1, "PER", "Вашингтон"))],
     [{"Вашингтон"}, {"Вашингтон"}]),
]  # fmt: skip


@pytest.mark.parametrize(("summaries", "expected"), CORPUS_CASES)
def test_which_names_are_one_entity(summaries, expected):
    assert groups(summaries) == sorted(expected, key=lambda g: sorted(g))


def test_a_corpus_entity_row():
    summaries = [
        doc("b", entity(1, "PER", "Касым-Жомарт Токаев", "Токаев", "Токаев", roles=(("президент", 2),))),
        doc("a", entity(1, "PER", "К.Токаев", roles=(("президент", 1), ("лидер", 1), ("глава", 1)))),
        doc("c", entity(1, "PER", "Токаев", roles=(("казахстанский лидер", 1),))),
    ]
    _, rows = link_corpus(summaries)
    (row,) = rows
    assert row.corpus_entity == corpus_id(name_key("PER", "Касым-Жомарт Токаев"))
    assert re.fullmatch(r"PER-[0-9a-f]{12}", row.corpus_entity)
    assert (row.type, row.name, row.documents, row.mentions, row.first_doc) == (
        "PER", "Касым-Жомарт Токаев", 3, 5, "a")  # fmt: skip
    assert row.aliases == ("Токаев", "К.Токаев", "Касым-Жомарт Токаев")  # most frequent first, ties by text
    assert row.roles == ("президент", "глава", "казахстанский лидер")  # three, most frequent first


# Documents of several cases above, with distinct ids: Tokayev, the Bushes, the Putins, acronyms.
SUMMARIES = [
    DocumentSummary(f"{number}-{summary.doc_id}", summary.entities)
    for number in (1, 2, 4, 6)
    for summary in CORPUS_CASES[number][0]
]


@given(st.permutations(SUMMARIES))
def test_ids_do_not_depend_on_the_order_documents_come_in(summaries):
    reference = SUMMARIES
    assert link_corpus(summaries)[0] == link_corpus(reference)[0]
    assert sorted(link_corpus(summaries)[1], key=str) == sorted(link_corpus(reference)[1], key=str)


def test_memory_grows_with_distinct_names_not_documents():
    index = NameIndex()
    summary = doc("a", entity(1, "PER", "Касым-Жомарт Токаев", "Токаев"), entity(2, "ORG", "ШОС"))
    for _ in range(1000):
        index.add(summary)
    assert len(index.names) == 2
    assert sum(len(name.normals) for name in index.names.values()) == 3


def mention(start: int, type: str, normal: str, number: int = 0) -> EntityMention:
    return EntityMention(start, start + len(normal), type, normal, normal, number)


def test_a_summary_keeps_names_and_counts_not_mentions():
    linked, _ = link_entities([
        mention(0, "PER", "Касым-Жомарт Токаев"), mention(30, "PER", "Токаев"), mention(40, "PER", "Токаев"),
        mention(60, "ORG", "ШОС"),
    ])  # fmt: skip
    summary = summarize("a", linked)
    assert summary.entities == (
        EntitySummary(1, "PER", "Касым-Жомарт Токаев", (("Касым-Жомарт Токаев", 1), ("Токаев", 2))),
        EntitySummary(2, "ORG", "ШОС", (("ШОС", 1),)),
    )


def test_in_a_document_a_short_form_does_not_chain_two_people():
    linked, index = link_entities([
        mention(0, "PER", "Барак Обама"), mention(20, "PER", "Обама"), mention(40, "PER", "Мишель Обама"),
        mention(60, "PER", "Б.Обама"),
    ])  # fmt: skip
    assert [m.entity for m in linked] == [1, 1, 2, 1]
    assert [row.name for row in index] == ["Барак Обама", "Мишель Обама"]


# ---------------------------------------------------------------- a corpus run


def _table(directory: Path, name: str) -> list[dict[str, str]]:
    with open(directory / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


NEREL_IDS = ("nerel_022", "nerel_106967", "nerel_109015")


def test_corpus_ids_do_not_depend_on_document_order_or_names(tmp_path, models):
    """The same texts named so that they sort the other way round get the same corpus entities."""
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    forward.mkdir()
    backward.mkdir()
    names = (SEED_ID, *NEREL_IDS)
    for position, name in enumerate(names):
        shutil.copyfile(CORPUS / f"{name}.txt", forward / f"{position}_{name}.txt")
        shutil.copyfile(CORPUS / f"{name}.txt", backward / f"{len(names) - position}_{name}.txt")
    run(forward, tmp_path / "out-forward", quiet=True)
    run(backward, tmp_path / "out-backward", quiet=True)

    def entities(output: Path) -> set[tuple[str, ...]]:
        return {
            tuple(v for k, v in row.items() if k != "first_doc") for row in _table(output, "corpus_entities")
        }

    assert entities(tmp_path / "out-forward") == entities(tmp_path / "out-backward")
    rows = _table(tmp_path / "out-forward", "entities")
    known = {row["corpus_entity"] for row in _table(tmp_path / "out-forward", "corpus_entities")}
    assert rows and {row["corpus_entity"] for row in rows} == known
    sco = {
        row["corpus_entity"]
        for row in rows
        if row["normal"] in ("ШОС", "Шанхайская организация сотрудничества")
    }
    assert len(sco) == 1
    russia = {row["corpus_entity"] for row in rows if row["normal"] == "Россия"}
    assert len(russia) == 1 and len({row["doc_id"] for row in rows if row["corpus_entity"] in russia}) > 1


def test_tables_already_written_give_the_same_corpus_entities(tmp_path, models):
    """What a resumed or sharded run needs: the summaries read back from entities.csv and
    roles.csv link to the very ids and rows the run wrote."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (SEED_ID, *NEREL_IDS[:2]):
        shutil.copyfile(CORPUS / f"{name}.txt", corpus / f"{name}.txt")
    run(corpus, tmp_path / "out", quiet=True)
    entities, roles = _table(tmp_path / "out", "entities"), _table(tmp_path / "out", "roles")
    assert roles, "the seed article names roles"
    assigned, rows = link_corpus(list(summaries_from_tables(entities, roles)))
    assert {(row["doc_id"], int(row["entity"])): row["corpus_entity"] for row in entities} == assigned
    written = [tuple(row.values()) for row in _table(tmp_path / "out", "corpus_entities")]
    assert written == [
        (r.corpus_entity, r.type, r.name, "|".join(r.aliases), str(r.documents), str(r.mentions), r.first_doc,
         "|".join(r.roles))
        for r in rows
    ]  # fmt: skip
    tokayev = next(r for r in rows if r.name == "Касым-Жомарт Токаев")
    assert {"Токаев", "К.Токаев"} <= set(tokayev.aliases) and "президент" in tokayev.roles


WORDS = ["Шанхайская", "организация", "сотрудничества", "Совет", "министров", "Форум", "стран", "газа",
         "Государственная", "дума", "Объединённых", "Наций", "по", "Европейский", "союз"]  # fmt: skip


@given(st.lists(st.tuples(st.sampled_from(WORDS), st.integers(0, 3)), min_size=2, max_size=6))
def test_acronyms_are_looked_up_where_they_can_be_found(spelled):
    """The look-up of acronyms by their first letters never misses one `is_acronym_of` accepts."""
    name = " ".join(word for word, _ in spelled)
    acronym = "".join(word[:size] for word, size in spelled).upper()
    if is_acronym_of(acronym, name):
        letters = acronym.lower().replace("ё", "е")
        assert letters[:2] in acronym_starts(name) and letters[:START] in acronym_starts(name)


def test_tables_without_entity_ids_and_an_empty_run_are_written(tmp_path):
    """Plain natasha's tables have no entity ids (0): each mention goes by its normal form."""
    from datetime import date

    from pipeline.records import DocumentResult
    from pipeline.stages.s10_tables import write_tables

    text = "Токаев и Токаев"
    doc = DocumentResult("a", "a.txt", text, date(2024, 5, 22), "metadata", "utf-8", entities=(
        mention(0, "PER", "Токаев"), mention(9, "PER", "Токаев")))  # fmt: skip
    write_tables(tmp_path / "one", [doc])
    ids = {row["corpus_entity"] for row in _table(tmp_path / "one", "entities")}
    (row,) = _table(tmp_path / "one", "corpus_entities")
    assert ids == {row["corpus_entity"]} and (row["name"], row["mentions"], row["documents"]) == (
        "Токаев",
        "2",
        "1",
    )
    write_tables(tmp_path / "none", [])
    assert _table(tmp_path / "none", "corpus_entities") == [] == _table(tmp_path / "none", "entities")


@pytest.mark.parametrize("table_format", ["csv", "parquet"])
def test_a_resumed_run_links_across_the_shards_it_had_committed(tmp_path, table_format):
    """«Токаев» in a shard done after a resume joins «Касым-Жомарт Токаев» of a shard committed before."""
    import pipeline
    from pipeline.records import DocumentResult
    from pipeline.shards import ShardWriter
    from pipeline.stages.s10_tables import render

    def doc(doc_id: str, text: str) -> DocumentResult:
        return DocumentResult(doc_id, f"{doc_id}.txt", text, None, "none", "utf-8",
                              entities=(mention(0, "PER", text, 1),))  # fmt: skip

    first = ShardWriter(tmp_path, {"input": "x"}, table_format)
    first.write(render(doc("a", "Касым-Жомарт Токаев")))
    first.commit_shard(1)
    first.discard()  # the run stops here
    again = ShardWriter(tmp_path, {"input": "x"}, table_format, resume=True)
    assert again.items_done == 1
    again.write(render(doc("b", "Токаев")))
    again.commit_shard(1)
    again.finish()
    tables = pipeline.load_tables(tmp_path)
    assert tables["entities"]["corpus_entity"].nunique() == 1
    (row,) = tables["corpus_entities"].itertuples()
    assert (row.name, row.documents, row.mentions) == ("Касым-Жомарт Токаев", 2, 2)
