"""Token F1 the naeval way and strict span F1 per type (PER, LOC, ORG) over the dev documents,
counted by `pipeline.evaluation.scoring` (`token_counts`, `strict_counts`: the counts `ner_eval`
prints); the model-selection number (`macro`) and the table the training prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipeline.evaluation.scoring import Counts, strict_counts, summed, token_counts

from .corpora import NAME_TYPES, Mention
from .data import Gold, lines_of, spans_from_bio

Scores = dict[str, dict[str, Counts]]  # metric ("token", "strict") → type → counts


def score(golds: Sequence[Gold], predicted: Sequence[Sequence[Mention]], outer: bool = False) -> Scores:
    """Token and strict counts over documents; `outer` scores against NEREL's outermost view."""
    token, strict = [], []
    for gold, pred in zip(golds, predicted, strict=True):
        mentions = gold.outer if outer else gold.mentions
        token.append(token_counts(gold.doc.text, pred, mentions, NAME_TYPES))
        strict.append(strict_counts(pred, mentions, NAME_TYPES))
    return {"token": summed(token, NAME_TYPES), "strict": summed(strict, NAME_TYPES)}


def macro(scores: Scores) -> float:
    """Mean F1 over the three types and both metrics: the model-selection number."""
    values = [c.f1 for counts in scores.values() for c in counts.values()]
    return sum(values) / len(values)


Tagger = Callable[[list[tuple[str, ...]]], list[list[str]]]  # lines of words → BIO tags


def tag_documents(tagger: Tagger, golds: Sequence[Gold]) -> list[list[Mention]]:
    """Each document tagged line by line (as the pipeline does), spans in document offsets."""
    lines = [lines_of(g.doc.text) for g in golds]
    flat = [line for doc_lines in lines for line in doc_lines]
    tags = iter(tagger([line.words for line in flat]))
    return [[m for line in doc_lines for m in spans_from_bio(line, next(tags))] for doc_lines in lines]


def table(rows: Sequence[tuple[str, Scores]]) -> str:
    """A markdown table: one row per (label, scores), token and strict F1 per type."""
    header = "| | " + " | ".join(f"token {t}" for t in NAME_TYPES) + " | "
    header += " | ".join(f"strict {t}" for t in NAME_TYPES) + " |"
    lines = [header, "|---" * 7 + "|"]
    for label, scores in rows:
        cells = [f"{scores['token'][t].f1:.3f}" for t in NAME_TYPES]
        cells += [f"{scores['strict'][t].f1:.3f}" for t in NAME_TYPES]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
