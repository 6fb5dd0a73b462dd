"""Pick the NEREL-train Wikinews texts of the gold set: stratified by topic, with a fixed seed.

`python -m pipeline.bench.pick_gold` prints the 27 texts that `corpus/nerel_*.txt` holds
(topic, doc_id, characters); `--copy corpus` copies them there unchanged. Each text gets
the topic whose keywords it mentions most (at least 3 times; otherwise it takes no part),
then each topic contributes a fixed number of texts drawn with `random.Random(seed)`.
Changing the keywords, the counts or the order of the topics changes the draw: the gold
set was picked with the values below, so they stay as they are.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

from pipeline.bench.datasets import default_datasets_dir, read_text

SEED = 2026
MIN_HITS = 3
# topic → (keywords, how many texts it contributes); the order is part of the draw.
TOPICS: dict[str, tuple[str, int]] = {
    "economy": (r"\b(млрд|млн|рубл|доллар|евро|процент|%|бирж|акци|банк|инфляц|ВВП|бюджет)", 6),
    "sport": (r"\b(матч|чемпионат|турнир|олимпи|сборн|футбол|хокке|теннис|медал|гол)", 4),
    "science": (r"\b(учён|учен|исследован|науч|космос|спутник|ракет|NASA|НАСА|открыт|астроном)", 4),
    "culture": (r"\b(фильм|кино|музе|театр|концерт|выставк|премия|писател|музык|альбом)", 4),
    "disaster": (r"\b(землетрясен|пожар|авари|катастроф|наводнен|погиб|жертв|взрыв|крушен)", 4),
    "politics": (r"\b(президент|министр|выбор|парламент|депутат|правительств|партии|саммит)", 5),
}
PATTERNS = {topic: re.compile(keywords, re.IGNORECASE) for topic, (keywords, _) in TOPICS.items()}


def topic_of(text: str) -> str | None:
    """The topic whose keywords occur most often (the first on a tie), if at least MIN_HITS times."""
    hits = {topic: len(pattern.findall(text)) for topic, pattern in PATTERNS.items()}
    best = max(hits, key=lambda topic: hits[topic])
    return best if hits[best] >= MIN_HITS else None


def corpus_id(stem: str) -> str:
    """The doc_id in corpus/: `109378_text` → `nerel_109378`, `576` → `nerel_576`."""
    return "nerel_" + stem.removesuffix("_text")


def pick(nerel_dir: Path, seed: int = SEED) -> list[tuple[str, Path]]:
    """(topic, text file) of the picked texts, topic by topic in the order of TOPICS."""
    by_topic: dict[str, list[Path]] = {topic: [] for topic in TOPICS}
    for path in sorted(nerel_dir.glob("*.txt"), key=lambda p: p.stem):
        topic = topic_of(read_text(path))
        if topic is not None:
            by_topic[topic].append(path)
    rng = random.Random(seed)
    return [
        (topic, path) for topic, (_, count) in TOPICS.items() for path in rng.sample(by_topic[topic], count)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.bench.pick_gold",
        description="Print the NEREL-train texts picked for the gold set (topic, corpus doc_id, "
        "characters), drawn per topic with a fixed seed; optionally copy them into a corpus folder.",
    )
    parser.add_argument(
        "--nerel",
        type=Path,
        default=default_datasets_dir() / "nerel-train",
        metavar="DIR",
        help="NEREL train folder with the *.txt texts (default: ../shared/datasets/nerel-train)",
    )
    parser.add_argument(
        "--seed", type=int, default=SEED, help=f"seed of the draw (default: {SEED}, the gold set's)"
    )
    parser.add_argument(
        "--copy",
        type=Path,
        default=None,
        metavar="DIR",
        help="also copy each picked text unchanged to DIR/nerel_<id>.txt (default: print only)",
    )
    args = parser.parse_args(argv)
    if not args.nerel.is_dir():
        print(f"error: {args.nerel}: no such folder", file=sys.stderr)
        return 2
    for topic, path in pick(args.nerel, args.seed):
        print(topic, corpus_id(path.stem), len(read_text(path)), sep="\t")
        if args.copy is not None:
            args.copy.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, args.copy / f"{corpus_id(path.stem)}.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
