"""Scores of PER/LOC/ORG spans against a public gold set, for `ner_eval`.

- strict span counts: same start, stop and type (`evaluation.scoring.strict_counts`);
- token counts, the naeval way (`evaluation.scoring.token_counts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.bench.datasets import GoldDocument
from pipeline.evaluation import scoring
from pipeline.evaluation.scoring import Counts, align, summed
from pipeline.stages.s04_names import TYPES, Span

Scores = dict[str, Counts]


@dataclass
class SystemRun:
    name: str
    spans: list[list[Span]]  # per document
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)


def strict_counts(docs: Sequence[GoldDocument], predicted: Sequence[Sequence[Span]]) -> Scores:
    pairs = zip(docs, predicted, strict=True)
    return summed((scoring.strict_counts(spans, d.mentions, TYPES) for d, spans in pairs), TYPES)


def token_counts(docs: Sequence[GoldDocument], predicted: Sequence[Sequence[Span]]) -> Scores:
    pairs = zip(docs, predicted, strict=True)
    return summed((scoring.token_counts(d.text, spans, d.mentions, TYPES) for d, spans in pairs), TYPES)


def pick(scores: Scores, t: str) -> Counts:
    """The counts of one type, or of all together ("ALL")."""
    if t != "ALL":
        return scores[t]
    total = Counts()
    for counts in scores.values():
        total = total + counts
    return total


def print_scores(corpus: str, docs: Sequence[GoldDocument], runs: Sequence[SystemRun]) -> None:
    mentions = sum(len(d.mentions) for d in docs)
    print(f"\n== {corpus}: {len(docs)} documents, {mentions} gold PER/LOC/ORG mentions")
    for run in runs:
        per_doc = run.seconds / max(len(docs), 1) * 1000
        stages = ", ".join(f"{name} {seconds:.2f}" for name, seconds in run.stages.items())
        print(
            f"   {run.name:12s} {run.seconds:7.2f} s, {per_doc:6.2f} ms/document"
            + (f" ({stages})" if stages else "")
        )
    names = [run.name for run in runs]
    print(
        "type  "
        + "".join(f"| tokF1 {n:12s}" for n in names)
        + "".join(f"| strict P / R / F1 {n:12s}" for n in names)
    )
    token_scores = [token_counts(docs, run.spans) for run in runs]
    strict_scores = [strict_counts(docs, run.spans) for run in runs]
    for t in (*TYPES, "ALL"):
        row = f"{t:5s} " + "".join(f"| {pick(s, t).f1 * 100:18.2f} " for s in token_scores)
        for scores in strict_scores:
            c = pick(scores, t)
            row += f"| {c.precision * 100:6.2f} {c.recall * 100:6.2f} {c.f1 * 100:6.2f}          "
        print(row)


def print_errors(docs: Sequence[GoldDocument], predicted: Sequence[Sequence[Span]], limit: int) -> None:
    for t in TYPES:
        fps, fns = [], []
        for doc, spans in zip(docs, predicted, strict=True):
            gold = [m for m in doc.mentions if m.type == t]
            pred = [s for s in spans if s.type == t]
            alignment = align(pred, gold, "strict")
            fps += [
                f"{doc.doc_id}: {doc.text[pred[i].start : pred[i].stop]!r}" for i in alignment.unmatched_pred
            ]
            fns += [f"{doc.doc_id}: {gold[j].text!r}" for j in alignment.unmatched_gold]
        print(f"-- {t}: {len(fps)} false positives, e.g. " + "; ".join(fps[:limit]))
        print(f"-- {t}: {len(fns)} false negatives, e.g. " + "; ".join(fns[:limit]))


def print_rule_diff(
    docs: Sequence[GoldDocument],
    with_rule: Sequence[Sequence[Span]],
    without: Sequence[Sequence[Span]],
    rule: str,
    limit: int,
) -> None:
    """What a rule changes: spans only with it (+) and only without it (-), each marked
    with whether gold has it (ok/xx)."""
    lines = []
    for doc, spans_with, spans_without in zip(docs, with_rule, without, strict=True):
        gold = {(m.start, m.stop, m.type) for m in doc.mentions}
        kept, dropped = set(spans_with), set(spans_without)
        for sign, spans in (("+", kept - dropped), ("-", dropped - kept)):
            for s in sorted(spans, key=lambda s: (s.start, s.stop)):
                mark = "ok" if (s.start, s.stop, s.type) in gold else "xx"
                lines.append(f"{sign} {mark} {doc.doc_id} {s.type} {doc.text[s.start : s.stop]!r}")
    print(f"rule {rule}: {len(lines)} changed spans")
    print("\n".join(lines[: limit * 4]))
