"""Corpus entities and roles against human gold: NEREL train, or the project's gold tables.

    python -m pipeline.bench.corpus_eval [--nerel DIR] [--pred DIR] [--reuse] [--jobs N] [--limit N]
    python -m pipeline.bench.corpus_eval --gold corpus/gold --pred outputs

NEREL (default): its 746 Wikinews texts are run through `extract` (`pipeline.run.run`, the
very path a user runs, `--jobs` workers) into `--pred` (default: a temporary folder), or,
with `--reuse`, the tables already there are scored; all of them, then the 119 the default
NER model was not trained on (its dev split and the project's gold documents; the corpus is
linked whole either way). With `--gold DIR`, the tables in
`--pred` are scored against the hand-made `corpus_links.csv` and `roles.csv` there instead.
From `entities.csv` and `roles.csv`:

Corpus linking — each of our mentions (every row of entities.csv) is paired with the gold
mention of the same coarse type that overlaps it most (an exact span first; each used once).
NEREL's gold mentions are those it links to a Wikidata id (PER; LOC = COUNTRY, CITY,
STATE_OR_PROVINCE, LOCATION, DISTRICT; ORG), the cluster is the Q id; the project's gold
names every PER/LOC/ORG mention's entity. Over the paired mentions, our clusters
(`corpus_entity`) are scored against the gold ones: pairwise precision/recall (of all pairs
of mentions, and of the pairs that cross documents) and B³. Two references are scored
beside it: `document only` (the in-document `entity` ids, no linking across documents) and
`normal form` (mentions grouped by type and `normal`, case and ё ignored — what grouping the
table by `normal` gives).

Roles — our (person, role) and (person, organisation) pairs from roles.csv against NEREL's
WORKS_AS (PERSON → PROFESSION) and WORKPLACE (PERSON → ORGANIZATION or a place) relations,
or the gold roles.csv: a pair is right if our person's span overlaps the gold person and our
role phrase overlaps the gold one (for organisations: some mention of our organisation
entity overlaps the gold organisation); each pair is matched once. NEREL's PROFESSION spans
take in the organisation («Премьер-министр Италии») where ours stop before it, hence
overlap. Against the project's gold, the role's normal form is compared too.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.bench.datasets import NEREL_TYPES, NerelLinks, default_datasets_dir, load_nerel_links
from pipeline.bench.link_scores import (
    ClusterScores,
    PairScores,
    Span,
    cluster_scores,
    greedy,
    overlap,
    pair_scores,
)
from pipeline.bench.splits import EXCLUDED, is_dev
from pipeline.evaluation.tables import load_tables, read_table
from pipeline.run import run
from pipeline.stages.s06_link import fold


@dataclass(frozen=True)
class GoldName:
    start: int
    stop: int
    type: str  # PER, LOC, ORG
    entity: str  # what it names: a Wikidata id, or the gold table's entity label


@dataclass(frozen=True)
class GoldRoles:
    """Per document: (person, role phrase) and (person, organisation) spans, and the role's normal form."""

    works_as: dict[str, list[tuple[Span, Span]]]
    workplace: dict[str, list[tuple[Span, Span]]]
    normals: dict[str, list[str]]  # per document, the role of each works_as pair

    def of(self, docs: set[str]) -> GoldRoles:
        """The pairs of those documents alone."""

        def keep(pairs: dict[str, list[Any]]) -> dict[str, list[Any]]:
            return {doc: value for doc, value in pairs.items() if doc in docs}

        return GoldRoles(keep(self.works_as), keep(self.workplace), keep(self.normals))


def nerel_gold(docs: Sequence[NerelLinks]) -> tuple[dict[str, list[GoldName]], GoldRoles]:
    names = {
        d.doc_id: [
            GoldName(s.start, s.stop, NEREL_TYPES[s.type], s.wikidata)
            for s in d.spans.values()
            if s.wikidata and NEREL_TYPES.get(s.type) in ("PER", "LOC", "ORG")
        ]
        for d in docs
    }

    def spans(doc: NerelLinks, pairs: tuple[tuple[str, str], ...]) -> list[tuple[Span, Span]]:
        return [
            ((doc.spans[a].start, doc.spans[a].stop), (doc.spans[b].start, doc.spans[b].stop))
            for a, b in pairs
        ]

    roles = GoldRoles(
        {d.doc_id: spans(d, d.works_as) for d in docs}, {d.doc_id: spans(d, d.workplace) for d in docs}, {}
    )
    return names, roles


def project_gold(directory: Path) -> tuple[dict[str, list[GoldName]], GoldRoles]:
    """The hand-made corpus_links.csv and roles.csv of the project's gold set."""
    names: dict[str, list[GoldName]] = defaultdict(list)
    for row in read_table(directory / "corpus_links.csv").itertuples():
        names[row.doc_id].append(GoldName(row.start, row.stop, row.type, row.corpus_name))
    roles = GoldRoles(defaultdict(list), defaultdict(list), defaultdict(list))
    frame = read_table(directory / "roles.csv")
    for row in frame.itertuples():
        person = (row.person_start, row.person_stop)
        roles.works_as[row.doc_id].append((person, (row.start, row.stop)))
        roles.normals[row.doc_id].append(row.role)
        if row.organisation_text:
            roles.workplace[row.doc_id].append(
                (person, (int(row.organisation_start), int(row.organisation_stop)))
            )
    return names, roles


# ---------------------------------------------------------------- linking


def linked_mentions(entities: pd.DataFrame, names: dict[str, list[GoldName]]) -> pd.DataFrame:
    """Our mentions paired with gold mentions (see the module doc), with the gold entity."""
    rows = []
    for doc_id, ours in entities.groupby("doc_id", sort=True):
        gold = names.get(str(doc_id), [])
        records = ours.to_dict("records")
        candidates = []
        for a, row in enumerate(records):
            for b, name in enumerate(gold):
                shared = overlap((row["start"], row["stop"]), (name.start, name.stop))
                if shared > 0 and name.type == row["type"]:
                    exact = (row["start"], row["stop"]) == (name.start, name.stop)
                    candidates.append(((exact, shared, -a, -b), a, b))
        rows.extend({**records[a], "gold": gold[b].entity} for a, b in greedy(candidates))
    return pd.DataFrame(rows)


def linking_report(matched: pd.DataFrame) -> dict[str, ClusterScores]:
    doc = matched["doc_id"].tolist()
    gold = matched["gold"].tolist()
    systems = {
        "corpus entities": matched["corpus_entity"].tolist(),
        "document only": [f"{d}#{e}" for d, e in zip(doc, matched["entity"], strict=True)],
        "normal form": [f"{t}:{fold(n)}" for t, n in zip(matched["type"], matched["normal"], strict=True)],
    }
    return {name: cluster_scores(list(zip(doc, pred, gold, strict=True))) for name, pred in systems.items()}


# ---------------------------------------------------------------- roles


def role_report(roles: pd.DataFrame, entities: pd.DataFrame, gold: GoldRoles) -> dict[str, PairScores]:
    mentions: dict[tuple[str, int], list[Span]] = defaultdict(list)
    for row in entities.itertuples():
        mentions[row.doc_id, row.entity].append((row.start, row.stop))
    as_role: dict[str, list[tuple[Span, list[Span]]]] = defaultdict(list)
    in_place: dict[str, set[tuple[Span, tuple[Span, ...]]]] = defaultdict(set)
    for row in roles.itertuples():
        person = (row.person_start, row.person_stop)
        as_role[row.doc_id].append((person, [(row.start, row.stop)]))
        if not pd.isna(row.organisation):
            in_place[row.doc_id].add((person, tuple(mentions[row.doc_id, int(row.organisation)])))
    places = {doc: [(p, list(o)) for p, o in sorted(pairs)] for doc, pairs in in_place.items()}
    return {
        "(person, role)": pair_scores(as_role, gold.works_as),
        "(person, organisation)": pair_scores(places, gold.workplace),
    }


def role_value_accuracy(roles: pd.DataFrame, scores: PairScores, gold: GoldRoles) -> float:
    """The share of matched (person, role) pairs whose role equals the gold's (case and ё ignored)."""
    ours = {doc: frame["role"].tolist() for doc, frame in roles.groupby("doc_id", sort=False)}
    right = sum(fold(ours[d][a]) == fold(gold.normals[d][b]) for d, a, b in scores.matched)
    return right / len(scores.matched) if scores.matched else 1.0


# ---------------------------------------------------------------- the command


def extract_texts(docs: Sequence[NerelLinks], nerel: Path, output: Path, jobs: int) -> None:
    """Run `extract` on the texts alone (a folder of links to them, so the .ann files are not listed)."""
    with tempfile.TemporaryDirectory(prefix="nerel-texts-") as folder:
        for doc in docs:
            (Path(folder) / f"{doc.doc_id}.txt").symlink_to((nerel / f"{doc.doc_id}.txt").resolve())
        run(Path(folder), output, jobs=jobs, quiet=True)


def held_out(docs: Sequence[NerelLinks]) -> set[str]:
    """The NEREL texts the default NER model was not trained on: its fixed dev split and the
    project's gold documents (`pipeline.bench.splits`)."""
    return {d.doc_id for d in docs if is_dev("nerel", d.doc_id) or d.doc_id in EXCLUDED["nerel"]}


def report(
    tables: dict[str, pd.DataFrame],
    names: dict[str, list[GoldName]],
    gold: GoldRoles,
    title: str,
    only: set[str] | None = None,
) -> None:
    """The printout; with `only`, mentions and roles of those documents alone are scored (the
    corpus was linked whole)."""
    entities, roles = tables["entities"], tables["roles"]
    if only is not None:
        entities, roles = entities[entities["doc_id"].isin(only)], roles[roles["doc_id"].isin(only)]
        gold = gold.of(only)
    documents = entities["doc_id"].nunique()
    print(f"{title}: {documents} documents, {len(entities)} of our mentions, {len(roles)} role rows")
    matched = linked_mentions(entities, names)
    print(f"\nCorpus linking: {len(matched)} of our mentions paired with a gold mention and its entity")
    print(
        f"{'clusters':<17} {'pair P':>7} {'pair R':>7} {'cross P':>8} {'cross R':>8} {'B3 P':>7} {'B3 R':>7}"
    )
    for name, s in linking_report(matched).items():
        print(f"{name:<17} {s.pair_precision:>7.3f} {s.pair_recall:>7.3f} {s.cross_precision:>8.3f} "
              f"{s.cross_recall:>8.3f} {s.b3_precision:>7.3f} {s.b3_recall:>7.3f}")  # fmt: skip
    print(f"\nRoles\n{'pairs':<24} {'gold':>5} {'ours':>5} {'right':>5} {'P':>6} {'R':>6} {'F1':>6}")
    scores = role_report(roles, entities, gold)
    for name, s in scores.items():
        print(f"{name:<24} {s.gold:>5} {s.predicted:>5} {s.right:>5} {s.precision:>6.3f} {s.recall:>6.3f} "
              f"{s.f1:>6.3f}")  # fmt: skip
    if gold.normals:
        accuracy = role_value_accuracy(roles, scores["(person, role)"], gold)
        print(f"role normal form right in {accuracy:.3f} of the matched (person, role) pairs")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.bench.corpus_eval", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--nerel",
        type=Path,
        default=default_datasets_dir() / "nerel-train",
        metavar="DIR",
        help="NEREL train folder (default: ../shared/datasets/nerel-train)",
    )
    parser.add_argument(
        "--gold",
        type=Path,
        default=None,
        metavar="DIR",
        help="score --pred against this folder's corpus_links.csv and roles.csv instead of NEREL",
    )
    parser.add_argument(
        "--pred",
        type=Path,
        default=None,
        metavar="DIR",
        help="the tables to score (NEREL: where extract writes them; default a temporary folder)",
    )
    parser.add_argument("--reuse", action="store_true", help="NEREL: score the tables already in --pred")
    parser.add_argument(
        "--jobs", type=int, default=2, metavar="N", help="extract's worker processes (default 2)"
    )
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="NEREL: only the first N texts")
    args = parser.parse_args(argv)  # fmt: skip
    if args.gold is not None:
        if args.pred is None:
            parser.error("--gold needs --pred (the tables of an extract run)")
        names, gold = project_gold(args.gold)
        report(load_tables(args.pred), names, gold, f"Gold set ({args.gold})")
        return 0
    docs = list(load_nerel_links(args.nerel, args.limit))
    with tempfile.TemporaryDirectory(prefix="corpus-eval-") as scratch:
        pred = args.pred or Path(scratch)
        if not args.reuse:
            extract_texts(docs, args.nerel, pred, args.jobs)
        tables = load_tables(pred)
    names, gold = nerel_gold(docs)
    report(tables, names, gold, "NEREL train")
    print("\n" + "-" * 72)
    # The default NER model learned its names on the rest of NEREL train: on these texts the
    # names are as good as on unseen text, the measure for what a user gets.
    report(tables, names, gold, "NEREL train, the texts the NER model was not trained on", held_out(docs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
