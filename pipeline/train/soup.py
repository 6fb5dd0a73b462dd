"""A weight soup of NER packs fine-tuned from the same start: the weighted mean of their parameters,
written as a slovnet pack. Models fine-tuned from one init on different mixes of the data stay
in one basin, so their average tends to keep the strengths of each (Wortsman et al. 2022,
«Model soups»). BatchNorm statistics are frozen during fine-tuning, so every pack holds the
same ones and the mean is well defined.

    python -m pipeline.train.soup A.tar B.tar --weights 0.5,0.5 --output soup.tar
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from .model import average, export_pack, load_navec, load_pack


def soup(packs: Sequence[Path], weights: Sequence[float], output: Path, pack_id: str) -> None:
    """The weighted mean of `packs` (same vocabularies and layer sizes) written to `output`."""
    navec = load_navec()
    loaded = [load_pack(path, navec) for path in packs]
    model, vocabs = loaded[0]
    for path, (_, other) in zip(packs[1:], loaded[1:], strict=True):
        if other.tags.items != vocabs.tags.items or other.shapes.items != vocabs.shapes.items:
            raise ValueError(f"{path}: its tag or shape vocabulary differs from {packs[0]}'s")
    model.load_state_dict(average([m.state_dict() for m, _ in loaded], weights))
    export_pack(model, vocabs, output, pack_id)


def parse_weights(text: str | None, count: int) -> list[float]:
    """Comma-separated weights, one per pack, summing to 1 (default: equal weights)."""
    if text is None:
        return [1 / count] * count
    weights = [float(w) for w in text.split(",")]
    if len(weights) != count:
        raise ValueError(f"{len(weights)} weights for {count} packs")
    if abs(sum(weights) - 1) > 1e-6 or min(weights) < 0:
        raise ValueError(f"weights {text} must be non-negative and sum to 1")
    return weights


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline.train.soup", description=__doc__.split("\n")[0])
    parser.add_argument("packs", type=Path, nargs="+", help="packs fine-tuned from the same start")
    parser.add_argument(
        "--weights", default=None, help="comma-separated weight of each pack, summing to 1 (default: equal)"
    )
    parser.add_argument("--output", type=Path, required=True, help="pack to write")
    parser.add_argument("--pack-id", default="ruextract_ner_v1", help="id in the pack's meta.json")
    args = parser.parse_args(argv)
    try:
        weights = parse_weights(args.weights, len(args.packs))
    except ValueError as error:
        parser.error(f"--weights: {error}")
    soup(args.packs, weights, args.output, args.pack_id)
    print(
        f"wrote {args.output}: "
        + " + ".join(f"{w:g} · {p}" for w, p in zip(weights, args.packs, strict=True))
    )


if __name__ == "__main__":
    main()
