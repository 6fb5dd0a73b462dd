"""Corpus entities and roles against human gold: NEREL train (746 Wikinews texts).

    python -m pipeline.bench.corpus_eval [--nerel DIR] [--pred DIR] [--jobs N] [--limit N] [--errors N]

The texts are run through `extract` (`pipeline.run.run`, the very path a user runs, `--jobs`
workers) into `--pred` (default: a temporary folder), or, with `--reuse`, the tables already
there are scored. Then, from `entities.csv` and `roles.csv`:

Corpus linking — NEREL links many mentions to Wikidata ids. Each of our mentions (every row
of entities.csv) is paired with the NEREL mention of the same coarse type (PER; LOC =
COUNTRY, CITY, STATE_OR_PROVINCE, LOCATION, DISTRICT; ORG) that overlaps it most (an exact
span first; each used once); a pair counts if NEREL gives that mention a Q id. Over those
pairs, our clusters (`corpus_entity`) are scored against NEREL's (the Q id): pairwise
precision/recall (of all pairs of mentions, of the pairs that cross documents) and B³.
Two references are scored beside it: `document` (the in-document `entity` ids alone, no
linking across documents) and `normal form` (mentions grouped by type and `normal`, case
and ё ignored — what grouping the table by `normal` gives).

Roles — NEREL's WORKS_AS (PERSON → PROFESSION) and WORKPLACE (PERSON → ORGANIZATION or a
place) relations, against our (person, role) and (person, organisation) pairs from
roles.csv: a pair is right if our person's span overlaps NEREL's person and our role
phrase overlaps NEREL's PROFESSION (for WORKPLACE: some mention of our organisation entity
overlaps NEREL's organisation); each gold pair is matched once. NEREL's PROFESSION spans
take in the organisation («Премьер-министр Италии») where ours stop before it, hence
overlap.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.bench.datasets import NEREL_TYPES, NerelLinks, default_datasets_dir, load_nerel_links
from pipeline.evaluation.tables import load_tables
from pipeline.run import run
from pipeline.stages.s06_link import fold

Span = tuple[int, int]


def _overlap(a: Span, b: Span) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


# ---------------------------------------------------------------- clusters


@dataclass(frozen=True)
class ClusterScores:
    mentions: int
    pair_precision: float
    pair_recall: float
    cross_precision: float  # pairs of mentions in different documents only
    cross_recall: float
    b3_precision: float
    b3_recall: float


def _pairs(counts: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in counts)


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 1.0


def cluster_scores(items: Sequence[tuple[str, str, str]]) -> ClusterScores:
    """Pairwise and B³ scores of predicted clusters against gold ones; `items` are one
    (doc_id, predicted cluster, gold cluster) per mention."""
    predicted = Counter(p for _, p, _ in items)
    gold = Counter(g for _, _, g in items)
    both = Counter((p, g) for _, p, g in items)
    within = [Counter((d, p) for d, p, _ in items), Counter((d, g) for d, _, g in items)]
    within_both = Counter(items)
    pred_pairs, gold_pairs, right = _pairs(predicted.values()), _pairs(gold.values()), _pairs(both.values())
    cross_pred = pred_pairs - _pairs(within[0].values())
    cross_gold = gold_pairs - _pairs(within[1].values())
    cross_right = right - _pairs(within_both.values())
    total = len(items)
    return ClusterScores(
        mentions=total,
        pair_precision=_ratio(right, pred_pairs),
        pair_recall=_ratio(right, gold_pairs),
        cross_precision=_ratio(cross_right, cross_pred),
        cross_recall=_ratio(cross_right, cross_gold),
        b3_precision=_ratio(sum(n * n / predicted[p] for (p, _), n in both.items()), total),
        b3_recall=_ratio(sum(n * n / gold[g] for (_, g), n in both.items()), total),
    )


def _greedy(pairs: list[tuple[tuple[int, ...], int, int]]) -> list[tuple[int, int]]:
    """One-to-one matching: best score first, each side used once."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched = []
    for _, a, b in sorted(pairs, key=lambda item: item[0], reverse=True):
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
            matched.append((a, b))
    return matched


def linked_mentions(entities: pd.DataFrame, docs: Sequence[NerelLinks]) -> pd.DataFrame:
    """Our mentions paired with NEREL mentions that carry a Wikidata id (see the module doc)."""
    rows = []
    by_doc = dict(tuple(entities.groupby("doc_id", sort=False)))
    for doc in docs:
        ours = by_doc.get(doc.doc_id)
        gold = [
            s for s in doc.spans.values() if s.wikidata and NEREL_TYPES.get(s.type) in ("PER", "LOC", "ORG")
        ]
        if ours is None or not gold:
            continue
        records = ours.to_dict("records")
        candidates = []
        for a, row in enumerate(records):
            for b, span in enumerate(gold):
                shared = _overlap((row["start"], row["stop"]), (span.start, span.stop))
                if shared > 0 and NEREL_TYPES[span.type] == row["type"]:
                    exact = (row["start"], row["stop"]) == (span.start, span.stop)
                    candidates.append(((exact, shared, -a, -b), a, b))
        for a, b in _greedy(candidates):
            rows.append({**records[a], "wikidata": gold[b].wikidata})
    return pd.DataFrame(rows)


def linking_report(matched: pd.DataFrame) -> dict[str, ClusterScores]:
    doc = matched["doc_id"].tolist()
    gold = matched["wikidata"].tolist()
    systems = {
        "corpus entities": matched["corpus_entity"].tolist(),
        "document only": [f"{d}#{e}" for d, e in zip(doc, matched["entity"], strict=True)],
        "normal form": [f"{t}:{fold(n)}" for t, n in zip(matched["type"], matched["normal"], strict=True)],
    }
    return {name: cluster_scores(list(zip(doc, pred, gold, strict=True))) for name, pred in systems.items()}


# ---------------------------------------------------------------- roles


@dataclass(frozen=True)
class PairScores:
    gold: int
    predicted: int
    right: int

    @property
    def precision(self) -> float:
        return _ratio(self.right, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.right, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pair_scores(
    predicted: dict[str, list[tuple[Span, list[Span]]]], gold: dict[str, list[tuple[Span, Span]]]
) -> PairScores:
    """Per document: a predicted (person, [spans of the other side]) pair matches a gold
    (person, other) pair when the persons overlap and one of the spans overlaps the other."""
    right = 0
    for doc_id, pairs in predicted.items():
        candidates = []
        for a, (person, others) in enumerate(pairs):
            for b, (gold_person, gold_other) in enumerate(gold.get(doc_id, [])):
                shared = _overlap(person, gold_person)
                best = max(_overlap(span, gold_other) for span in others)
                if shared > 0 and best > 0:
                    candidates.append(((shared + best, -a, -b), a, b))
        right += len(_greedy(candidates))
    return PairScores(sum(map(len, gold.values())), sum(map(len, predicted.values())), right)


def role_report(
    roles: pd.DataFrame, entities: pd.DataFrame, docs: Sequence[NerelLinks]
) -> dict[str, PairScores]:
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
    span = {d.doc_id: {k: (s.start, s.stop) for k, s in d.spans.items()} for d in docs}
    works_as = {d.doc_id: [(span[d.doc_id][a], span[d.doc_id][b]) for a, b in d.works_as] for d in docs}
    workplace = {d.doc_id: [(span[d.doc_id][a], span[d.doc_id][b]) for a, b in d.workplace] for d in docs}
    places = {doc: [(p, list(o)) for p, o in sorted(pairs)] for doc, pairs in in_place.items()}
    return {
        "(person, role) vs WORKS_AS": pair_scores(as_role, works_as),
        "(person, organisation) vs WORKPLACE": pair_scores(places, workplace),
    }


# ---------------------------------------------------------------- the command


def extract_texts(docs: Sequence[NerelLinks], nerel: Path, output: Path, jobs: int) -> None:
    """Run `extract` on the texts alone (a folder of links to them, so the .ann files are not listed)."""
    with tempfile.TemporaryDirectory(prefix="nerel-texts-") as folder:
        for doc in docs:
            (Path(folder) / f"{doc.doc_id}.txt").symlink_to((nerel / f"{doc.doc_id}.txt").resolve())
        run(Path(folder), output, jobs=jobs, quiet=True)


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
        "--pred",
        type=Path,
        default=None,
        metavar="DIR",
        help="where the extracted tables go (default: a temporary folder)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="score the tables already in --pred, do not extract"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, metavar="N", help="extract's worker processes (default 2)"
    )
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N texts")
    args = parser.parse_args(argv)  # fmt: skip
    docs = list(load_nerel_links(args.nerel, args.limit))
    with tempfile.TemporaryDirectory(prefix="corpus-eval-") as scratch:
        pred = args.pred or Path(scratch)
        if not args.reuse:
            extract_texts(docs, args.nerel, pred, args.jobs)
        tables = load_tables(pred)
    entities, roles = tables["entities"], tables["roles"]
    print(f"NEREL train: {len(docs)} texts, {len(entities)} of our mentions, {len(roles)} role rows")
    matched = linked_mentions(entities, docs)
    print(
        f"\nCorpus linking: {len(matched)} of our mentions paired with a NEREL mention that has a Wikidata id"
    )
    print(
        f"{'clusters':<17} {'pair P':>7} {'pair R':>7} {'cross P':>8} {'cross R':>8} {'B3 P':>7} {'B3 R':>7}"
    )
    for name, s in linking_report(matched).items():
        print(f"{name:<17} {s.pair_precision:>7.3f} {s.pair_recall:>7.3f} {s.cross_precision:>8.3f} "
              f"{s.cross_recall:>8.3f} {s.b3_precision:>7.3f} {s.b3_recall:>7.3f}")  # fmt: skip
    print(f"\nRoles\n{'pairs':<37} {'gold':>5} {'ours':>5} {'right':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for name, s in role_report(roles, entities, docs).items():
        print(f"{name:<37} {s.gold:>5} {s.predicted:>5} {s.right:>5} {s.precision:>6.3f} {s.recall:>6.3f} "
              f"{s.f1:>6.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
