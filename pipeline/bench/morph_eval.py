"""Lemmas and UPOS of `tokens.csv` against Universal Dependencies, next to plain natasha.

    python -m pipeline.bench.morph_eval [--ud DIR] [--limit N] [--errors N]

Gold: UD Russian GSD and Taiga dev (../shared/datasets/ud-dev; never the test parts). Each
sentence's `# text` is one document. The systems tokenize it themselves:
- project: `process.tag_batch` — stages 2 and 3 as `extract` runs them, on `extract`'s
  groups of documents — gives the rows of `tokens.csv` (lemma, pos);
- natasha: `Segmenter`, `NewsMorphTagger`, then `token.lemmatize(MorphVocab())`, as its
  README runs them.
A gold token is scored against the system's token with the same offsets in the sentence;
one that has none (a tokenization difference) counts as unaligned, i.e. wrong. Lemmas are
compared in lower case (`tokens.csv` lemmas are lower-case). A difference that is a
convention of the UD treebanks rather than an error of the dictionary or the tagger —
each in `CONVENTIONS`, with what it covers — is counted apart from real errors; accuracy
is printed both strict and with conventions accepted.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pipeline.bench.baseline import load_plain_natasha
from pipeline.bench.datasets import default_datasets_dir
from pipeline.bench.ud import CONVENTIONS, Gold, Predicted, Sentence, gold_offsets, read_conllu
from pipeline.models import load_models
from pipeline.process import StageClock, tag_batch
from pipeline.run import group_bounds

SETS = {"GSD": "ru_gsd-ud-dev.conllu", "Taiga": "ru_taiga-ud-dev.conllu"}


Predictions = list[dict[tuple[int, int], Predicted]]  # per sentence: offsets → prediction


def project_predictions(sentences: Sequence[Sentence]) -> Predictions:
    models, clock = load_models(), StageClock()
    texts = [s.text for s in sentences]
    predictions: Predictions = []
    for group in group_bounds([len(text.encode("utf-8")) for text in texts]):
        _, token_lists = tag_batch(texts[group.start : group.stop], models, clock)
        predictions += [
            {(t.start, t.stop): Predicted(t.lemma, t.pos, t.feats) for t in ts} for ts in token_lists
        ]
    return predictions


def natasha_predictions(sentences: Sequence[Sentence]) -> Predictions:
    from natasha import Doc

    natasha = load_plain_natasha()
    predictions: Predictions = []
    for sentence in sentences:
        doc = Doc(sentence.text)
        doc.segment(natasha.segmenter)
        doc.tag_morph(natasha.morph)
        found = {}
        for token in doc.tokens:
            token.lemmatize(natasha.vocab)
            feats = "|".join(f"{k}={v}" for k, v in sorted(token.feats.items()))
            found[(token.start, token.stop)] = Predicted(token.lemma or "", token.pos, feats)
        predictions.append(found)
    return predictions


def outcome(field: str, gold: Gold, predicted: Predicted | None) -> str:
    """ "correct", "unaligned", the key of the convention that explains the difference, or "error"."""
    if predicted is None:
        return "unaligned"
    if (gold.lemma.lower() == predicted.lemma.lower()) if field == "lemma" else (gold.upos == predicted.upos):
        return "correct"
    for convention in CONVENTIONS:
        if convention.field == field and convention.applies(gold, predicted):
            return convention.key
    return "error"


def score(
    sentences: Sequence[Sentence], predictions: Predictions, field: str
) -> tuple[Counter[str], Counter]:
    """How many gold tokens end in each outcome, and the real errors by (form, gold, predicted)."""
    outcomes: Counter[str] = Counter()
    errors: Counter = Counter()
    for sentence, predicted in zip(sentences, predictions, strict=True):
        for gold, offsets in zip(sentence.tokens, gold_offsets(sentence), strict=True):
            found = predicted.get(offsets) if offsets else None
            result = outcome(field, gold, found)
            outcomes[result] += 1
            if result == "error" and found is not None:
                errors[(gold.form, getattr(gold, field), getattr(found, field))] += 1
    return outcomes, errors


def report(name: str, sentences: Sequence[Sentence], systems: dict[str, Predictions], show: int) -> None:
    total = sum(len(s.tokens) for s in sentences)
    print(f"\n== UD {name} dev: {len(sentences)} sentences, {total} tokens; accuracy in % of them")
    print(
        f"{'':6s} {'system':8s} {'strict':>7s} {'+conv.':>7s} {'errors':>7s} {'unaligned':>9s}  conventions"
    )
    for field in ("lemma", "upos"):
        for system, predictions in systems.items():
            outcomes, errors = score(sentences, predictions, field)
            strict = outcomes["correct"] / total * 100
            accepted = (
                sum(n for key, n in outcomes.items() if key not in ("error", "unaligned")) / total * 100
            )
            conventions = [f"{c.key} {outcomes[c.key]}" for c in CONVENTIONS if c.field == field]
            print(
                f"{field:6s} {system:8s} {strict:7.2f} {accepted:7.2f} {outcomes['error']:7d} "
                f"{outcomes['unaligned']:9d}  " + ", ".join(conventions)
            )
            if show:
                common = errors.most_common(show)
                print("       errors: " + "; ".join(f"{f} {g}→{p} ×{n}" for (f, g, p), n in common))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.bench.morph_eval", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--ud", type=Path, default=default_datasets_dir() / "ud-dev", help="folder with the UD dev files"
    )
    parser.add_argument("--limit", type=int, default=None, help="first N sentences of each set")
    parser.add_argument(
        "--errors", type=int, default=0, help="print the N most frequent real errors per system"
    )
    args = parser.parse_args(argv)
    for filename in SETS.values():
        if not (args.ud / filename).is_file():
            parser.error(f"{args.ud / filename}: no such file (see --ud)")
    print("Conventions, counted apart from errors:")
    for convention in CONVENTIONS:
        print(f"  {convention.field} {convention.key}: {convention.description}")
    for name, filename in SETS.items():
        sentences = read_conllu(args.ud / filename, args.limit)
        systems = {"project": project_predictions(sentences), "natasha": natasha_predictions(sentences)}
        report(name, sentences, systems, args.errors)


if __name__ == "__main__":
    main()
