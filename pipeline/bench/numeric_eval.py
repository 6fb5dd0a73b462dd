"""Benchmark: our DATE/MONEY/PERCENT extractors against natasha's on NEREL train.

    python -m pipeline.bench.numeric_eval [--nerel DIR] [--limit N] [--errors N]

Runs both systems in the same command over the same documents and prints, per type and
system, TP/FP/FN/P/R/F1 in strict and overlap mode, and the time each system took.
natasha has no percent extractor (its PERCENT row says so). NEREL's nested gold is
reduced to the outermost mention of each type.

NEREL DATE also covers durations («три года», «в течение недели») and keeps leading
prepositions, which ANNOTATION.md excludes. The table therefore also counts how many of
our DATE misses (overlap FN) are durations or other expressions that name no calendar
point, by the heuristic in `unanchored_kind`, and scores DATE again with those gold
mentions left out.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.bench.datasets import GoldDocument, GoldMention, default_datasets_dir, load_nerel, outermost
from pipeline.evaluation.scoring import Counts, align
from pipeline.stages.s07_dates import find_dates
from pipeline.stages.s08_money import find_money
from pipeline.stages.s09_percents import find_percents

TYPES = ("DATE", "MONEY", "PERCENT")
MODES = ("strict", "overlap")


@dataclass(frozen=True)
class PredSpan:
    start: int
    stop: int
    text: str


Predictions = dict[str, list[PredSpan]]  # type -> spans, for one document

# --- the DATE duration heuristic ---------------------------------------------------------

# A calendar anchor: a month, a 3-4 digit year or a dd.mm date, a weekday, a season, a
# century or decade, or a word that resolves against the document's date.
_ANCHOR = re.compile(
    r"янв|февр|март|апрел|\bма[йяе]\b|июн|июл|август|сентяб|октяб|нояб|декаб|\d{3,4}|\d\.\d"
    r"|понедельн|вторн|сред[уаые]\b|четверг|пятниц|суббот|воскресен|весн|\bлет[оау]\b|летом|осен|зим"
    r"|век|\d-[хе]|прошл|прошедш|минувш|этот|этого|этом|этой|эту|текущ|нынешн|следующ|будущ|вчера|сегодня"
    r"|завтра|назад",
    re.IGNORECASE,
)
_DURATION_START = re.compile(
    r"^(?:в\s+течение|на\s+протяжении|за|через|спустя|до|на|более|свыше|около|почти)\b", re.IGNORECASE
)
_UNIT = re.compile(
    r"\b(?:год|года|лет|месяц|недел|дн[яеий]|день|сут|час|десятилет|полугод|квартал|сезон)", re.IGNORECASE
)


def unanchored_kind(text: str) -> str:
    """'duration' / 'unanchored' / '' for a NEREL DATE gold text.

    A gold DATE with no calendar anchor (see _ANCHOR) is a duration when it names a unit of
    time («три года», «в течение недели», «41 месяцам», «несколько дней»), otherwise an
    unanchored expression («накануне», «ежегодный», «в разное время»). A text that starts
    with «в течение»/«на протяжении»/«за»/«через»/«спустя» and has no month, year number or
    relative-date word is a duration too («за пять лет», «через два дня»). Everything with
    an anchor is a date.
    """
    if _ANCHOR.search(text):
        return ""
    if _UNIT.search(text) or _DURATION_START.search(text):
        return "duration"
    return "unanchored"


# --- running the systems -----------------------------------------------------------------


def run_ours(docs: Sequence[GoldDocument]) -> tuple[list[Predictions], float]:
    started = time.perf_counter()
    results: list[Predictions] = []
    for doc in docs:
        results.append(
            {
                "DATE": [PredSpan(m.start, m.stop, m.text) for m in find_dates(doc.text, None)],
                "MONEY": [PredSpan(m.start, m.stop, m.text) for m in find_money(doc.text)],
                "PERCENT": [PredSpan(m.start, m.stop, m.text) for m in find_percents(doc.text)],
            }
        )
    return results, time.perf_counter() - started


def run_natasha(docs: Sequence[GoldDocument]) -> tuple[list[Predictions], float, float]:
    """natasha's DatesExtractor and MoneyExtractor: (predictions, run time, setup time)."""
    setup_started = time.perf_counter()
    from natasha import DatesExtractor, MoneyExtractor, MorphVocab

    morph = MorphVocab()
    extractors: dict[str, Callable] = {"DATE": DatesExtractor(morph), "MONEY": MoneyExtractor(morph)}
    setup = time.perf_counter() - setup_started
    started = time.perf_counter()
    results: list[Predictions] = []
    for doc in docs:
        found: Predictions = {"PERCENT": []}
        for kind, extractor in extractors.items():
            found[kind] = [PredSpan(m.start, m.stop, doc.text[m.start : m.stop]) for m in extractor(doc.text)]
        results.append(found)
    return results, time.perf_counter() - started, setup


# --- scoring -----------------------------------------------------------------------------


def gold_of(doc: GoldDocument, kind: str) -> tuple[GoldMention, ...]:
    return outermost(doc.mentions, frozenset({kind}))


def score(
    docs: Sequence[GoldDocument],
    preds: Sequence[Predictions],
    kind: str,
    mode: str,
    keep_gold: Callable[[GoldMention], bool] = lambda g: True,
) -> Counts:
    total = Counts()
    for doc, found in zip(docs, preds, strict=True):
        gold = [g for g in gold_of(doc, kind) if keep_gold(g)]
        total = total + align(found[kind], gold, mode).counts
    return total


def missed(
    docs: Sequence[GoldDocument], preds: Sequence[Predictions], kind: str
) -> list[tuple[str, GoldMention]]:
    out = []
    for doc, found in zip(docs, preds, strict=True):
        gold = gold_of(doc, kind)
        for j in align(found[kind], gold, "overlap").unmatched_gold:
            out.append((doc.doc_id, gold[j]))
    return out


def spurious(
    docs: Sequence[GoldDocument], preds: Sequence[Predictions], kind: str
) -> list[tuple[str, PredSpan]]:
    out = []
    for doc, found in zip(docs, preds, strict=True):
        for i in align(found[kind], gold_of(doc, kind), "overlap").unmatched_pred:
            out.append((doc.doc_id, found[kind][i]))
    return out


_LEADING_WORD = re.compile(
    r"^(?:в|во|с|со|от|до|на|к|ко|по|за|после|около|более|менее|почти|свыше|примерно|порядка|"
    r"более чем|не менее|не более|чуть больше|чуть более|всего)\s+",
    re.IGNORECASE,
)


def leading_word_only(docs: Sequence[GoldDocument], preds: Sequence[Predictions], kind: str) -> int:
    """Our overlap matches that miss strict only because the gold starts with a preposition
    or qualifier that ANNOTATION.md leaves outside the span («в 2006 году» vs «2006 году»)."""
    total = 0
    for doc, found in zip(docs, preds, strict=True):
        gold = gold_of(doc, kind)
        for i, j in align(found[kind], gold, "overlap").pairs:
            p, g = found[kind][i], gold[j]
            shifted = p.stop == g.stop and p.start > g.start
            if shifted and _LEADING_WORD.fullmatch(doc.text[g.start : p.start]):
                total += 1
    return total


def _row(kind: str, system: str, mode: str, counts: Counts) -> str:
    return (
        f"| {kind:<7} | {system:<7} | {mode:<7} | {counts.tp:>5} | {counts.fp:>5} | {counts.fn:>5} "
        f"| {counts.precision:.3f} | {counts.recall:.3f} | {counts.f1:.3f} |"
    )


def _context(text: str, start: int, stop: int) -> str:
    snippet = f"{text[max(0, start - 35) : start]}[{text[start:stop]}]{text[stop : stop + 35]}"
    return snippet.replace("\r", " ").replace("\n", "⏎")


def print_errors(docs: Sequence[GoldDocument], ours: Sequence[Predictions], limit: int) -> None:
    texts = {doc.doc_id: doc.text for doc in docs}
    for kind in TYPES:
        print(f"\n## {kind}: our false positives (overlap), first {limit}")
        for doc_id, pred in spurious(docs, ours, kind)[:limit]:
            print(f"  FP {doc_id}: {_context(texts[doc_id], pred.start, pred.stop)}")
        print(f"\n## {kind}: our misses (overlap), first {limit}")
        for doc_id, gold in missed(docs, ours, kind)[:limit]:
            tag = unanchored_kind(gold.text) if kind == "DATE" else ""
            print(f"  FN {doc_id} {tag}: {_context(texts[doc_id], gold.start, gold.stop)}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nerel", type=Path, default=default_datasets_dir() / "nerel-train")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--errors", type=int, default=0, help="print N sample FP/FN of ours per type")
    args = parser.parse_args(argv)

    docs = list(load_nerel(args.nerel, args.limit))
    ours, our_time = run_ours(docs)
    theirs, their_time, their_setup = run_natasha(docs)
    gold_counts = {kind: sum(len(gold_of(doc, kind)) for doc in docs) for kind in TYPES}

    print(
        f"NEREL train: {len(docs)} documents; gold (outermost) "
        + ", ".join(f"{kind} {n}" for kind, n in gold_counts.items())
    )
    print("\n| type    | system  | mode    |    TP |    FP |    FN |     P |     R |    F1 |")
    print("|---------|---------|---------|------:|------:|------:|------:|------:|------:|")
    for kind in TYPES:
        for system, preds in (("ours", ours), ("natasha", theirs)):
            if system == "natasha" and kind == "PERCENT":
                print(
                    f"| {kind:<7} | natasha | —       | natasha has no percent extractor"
                    " |     |     |     |     |     |"
                )
                continue
            for mode in MODES:
                print(_row(kind, system, mode, score(docs, preds, kind, mode)))

    print(
        "\nOur overlap matches that differ from NEREL's span only by a leading preposition or "
        "qualifier NEREL keeps and ANNOTATION.md leaves out: "
        + ", ".join(f"{kind} {leading_word_only(docs, ours, kind)}" for kind in TYPES)
    )

    date_misses = missed(docs, ours, "DATE")
    kinds = [unanchored_kind(g.text) for _, g in date_misses]
    durations, unanchored = kinds.count("duration"), kinds.count("unanchored")
    print(
        f"\nOur DATE misses (overlap FN): {len(date_misses)}, of which durations {durations} and other "
        f"expressions with no calendar anchor {unanchored} (heuristic: bench_numeric.unanchored_kind)."
    )
    print("DATE with durations and unanchored gold mentions left out of the gold:")
    print("\n| type    | system  | mode    |    TP |    FP |    FN |     P |     R |    F1 |")
    print("|---------|---------|---------|------:|------:|------:|------:|------:|------:|")
    anchored = lambda g: not unanchored_kind(g.text)  # noqa: E731
    for system, preds in (("ours", ours), ("natasha", theirs)):
        for mode in MODES:
            print(_row("DATE*", system, mode, score(docs, preds, "DATE", mode, anchored)))

    n = max(len(docs), 1)
    print("\n| system                                | time, s | docs/s | ratio |")
    print("|---------------------------------------|--------:|-------:|------:|")
    print(f"| ours: find_dates+find_money+find_percents | {our_time:7.2f} | {n / our_time:6.0f} | 1.0 |")
    print(
        f"| natasha: DatesExtractor+MoneyExtractor | {their_time:7.2f} | {n / their_time:6.1f} "
        f"| {their_time / our_time:.0f}× slower |"
    )
    print(f"(natasha setup, not counted above: {their_setup:.2f} s)")
    if args.errors:
        print_errors(docs, ours, args.errors)


if __name__ == "__main__":
    main()
