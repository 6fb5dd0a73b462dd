"""Token F1 the naeval way and strict span F1, per type (PER, LOC, ORG).

- token: the document is cut into razdel tokens; each token takes the type of the span it
  overlaps, or none (no B/I distinction); for type T a token is a true positive if gold and
  prediction both say T, a false positive if only the prediction does, a false negative if
  only gold does;
- strict: a predicted span is right if gold has one with the same start, stop and type.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from razdel import tokenize

from .corpora import NAME_TYPES, Mention
from .data import Gold, lines_of, spans_from_bio


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


Scores = dict[str, dict[str, Counts]]  # metric ("token", "strict") → type → counts


def _token_labels(tokens: Sequence[tuple[int, int]], mentions: Sequence[Mention]) -> list[str]:
    labels = [""] * len(tokens)
    for m in mentions:
        for i, (start, stop) in enumerate(tokens):
            if start < m.stop and m.start < stop:
                labels[i] = m.type
    return labels


def score(golds: Sequence[Gold], predicted: Sequence[Sequence[Mention]], outer: bool = False) -> Scores:
    """Token and strict counts over documents; `outer` scores against NEREL's outermost view."""
    token = dict.fromkeys(NAME_TYPES, Counts())
    strict = dict.fromkeys(NAME_TYPES, Counts())
    for gold, pred in zip(golds, predicted, strict=True):
        mentions = gold.outer if outer else gold.mentions
        tokens = [(t.start, t.stop) for t in tokenize(gold.doc.text)]
        g_labels, p_labels = _token_labels(tokens, mentions), _token_labels(tokens, pred)
        for t in NAME_TYPES:
            pairs = list(zip(g_labels, p_labels, strict=True))
            token[t] += Counts(
                sum(g == t and p == t for g, p in pairs),
                sum(g != t and p == t for g, p in pairs),
                sum(g == t and p != t for g, p in pairs),
            )
            g_set = {(m.start, m.stop) for m in mentions if m.type == t}
            p_set = {(m.start, m.stop) for m in pred if m.type == t}
            strict[t] += Counts(len(g_set & p_set), len(p_set - g_set), len(g_set - p_set))
    return {"token": token, "strict": strict}


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
