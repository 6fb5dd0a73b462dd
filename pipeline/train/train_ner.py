"""Fine-tune slovnet's news NER (the pack natasha 1.6.0 ships) on human gold data: NEREL v1.1
train (its nested names turned into the split convention) and factRuEval-2016 dev, the project's
own gold documents excluded, a fixed dev split held out for selection and figures. Writes a
slovnet pack (navec stripped) that `natasha.NewsNERTagger(emb, path=...)` loads.

    make train-ner   (python -m pipeline.train.train_ner --output pipeline/data/ruextract_ner_v1.tar …)
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import torch
from slovnet.model.tag import NER

from pipeline.bench.datasets import default_datasets_dir

from .checks import diagnostics, same_spans, short_sentences, speed, speed_summary
from .data import Corpora, load_corpora
from .model import SHIPPED_PACK, export_pack, load_navec, load_pack
from .scoring import Scores, table
from .trainer import LAYER_CHOICES, Settings, blend, examples, fit, silver_mentions

DEFAULTS = Settings()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m train.train_ner", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--datasets",
        type=Path,
        default=default_datasets_dir(),
        help="folder with nerel-train/ and factru-dev/ (default: %(default)s)",
    )
    parser.add_argument("--base", type=Path, default=SHIPPED_PACK, help="pack to start from (natasha's)")
    parser.add_argument("--output", type=Path, default=None, help="pack to write (nothing written if absent)")
    parser.add_argument(
        "--epoch-packs",
        type=Path,
        default=None,
        help="folder to write every epoch's model into as a pack (epoch1.tar, …), e.g. for souping",
    )
    parser.add_argument("--pack-id", default="ruextract_ner_v1", help="id in the pack's meta.json")
    parser.add_argument("--report", type=Path, default=None, help="JSON: settings, dev scores, checks")
    parser.add_argument("--epochs", type=int, default=DEFAULTS.epochs)
    parser.add_argument("--lr", type=float, default=DEFAULTS.lr, help="Adam learning rate")
    parser.add_argument("--lr-gamma", type=float, default=DEFAULTS.lr_gamma, help="lr decay per epoch")
    parser.add_argument("--batch-size", type=int, default=DEFAULTS.batch_size)
    parser.add_argument(
        "--layers",
        choices=sorted(LAYER_CHOICES),
        default=DEFAULTS.layers,
        help="what is trained: head (proj+CRF), top (+last conv), encoder (+all convs), "
        "all (+shape embedding); navec is never trained",
    )
    parser.add_argument("--bn-update", action="store_true", help="update BatchNorm statistics")
    parser.add_argument("--l2sp", type=float, default=DEFAULTS.l2sp, help="L2 pull to the shipped weights")
    parser.add_argument(
        "--factru-repeat",
        type=int,
        default=DEFAULTS.factru_repeat,
        help="times factRuEval train is repeated per epoch (its share of the mix)",
    )
    parser.add_argument(
        "--no-sentences",
        action="store_true",
        help="lines only (default: also each sentence of a multi-sentence line)",
    )
    parser.add_argument(
        "--silver",
        action="store_true",
        help="inside NEREL's FACILITY/PRODUCT spans keep the shipped model's tags instead of O",
    )
    parser.add_argument(
        "--blend",
        default="1.0",
        help="comma-separated alphas for alpha·fine-tuned + (1−alpha)·shipped weights; dev picks one",
    )
    parser.add_argument("--seed", type=int, default=DEFAULTS.seed)
    parser.add_argument(
        "--limit", type=int, default=0, help="first N documents per corpus and split (smoke test)"
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--speed-rounds", type=int, default=3, help="speed rounds (0: skip)")
    return parser.parse_args(argv)


def _f1s(scores: Scores) -> dict[str, dict[str, float]]:
    return {metric: {t: round(c.f1, 4) for t, c in counts.items()} for metric, counts in scores.items()}


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    settings = Settings(
        epochs=args.epochs,
        lr=args.lr,
        lr_gamma=args.lr_gamma,
        batch_size=args.batch_size,
        layers=args.layers,
        bn_update=args.bn_update,
        l2sp=args.l2sp,
        factru_repeat=args.factru_repeat,
        sentences=not args.no_sentences,
        silver=args.silver,
        seed=args.seed,
    )
    print(f"settings: {settings}")
    started = time.perf_counter()
    corpora = load_corpora(args.datasets)
    if args.limit:
        corpora = Corpora(
            {n: docs[: args.limit] for n, docs in corpora.train.items()},
            {n: docs[: args.limit] for n, docs in corpora.dev.items()},
        )
    for name in sorted(corpora.train):
        print(f"{name}: {len(corpora.train[name])} train documents, {len(corpora.dev[name])} dev documents")
    navec = load_navec()
    model, vocabs = load_pack(args.base, navec)
    silver = None
    if settings.silver:
        silver = {"nerel": silver_mentions(model, vocabs, corpora.train["nerel"])}
        print(f"silver: {sum(map(len, silver['nerel']))} shipped-model mentions inside FACILITY/PRODUCT")
    train = examples(corpora.train, vocabs, settings, silver)
    print(f"{len(train)} training sequences, data ready in {time.perf_counter() - started:.0f} s")

    shipped_state = copy.deepcopy(model.state_dict())
    started = time.perf_counter()
    on_epoch = None
    if args.epoch_packs:
        args.epoch_packs.mkdir(parents=True, exist_ok=True)

        def on_epoch(epoch: int, tuned: NER) -> None:
            export_pack(tuned, vocabs, args.epoch_packs / f"epoch{epoch}.tar", args.pack_id)

    model, logs = fit(model, vocabs, train, corpora.dev, settings, on_epoch=on_epoch)
    alphas = [float(a) for a in args.blend.split(",")]
    model, alpha, blends = blend(model, shipped_state, alphas, vocabs, corpora.dev)
    train_seconds = time.perf_counter() - started
    best = max(logs, key=lambda e: e.selection)
    final = blends[alphas.index(alpha)].dev
    label = f"fine-tuned (epoch {best.epoch}, alpha {alpha})"
    rows = [
        (f"{n}, {lab}", s[n]) for n in sorted(final) for lab, s in (("shipped", logs[0].dev), (label, final))
    ]
    epoch_seconds = sum(e.seconds for e in logs)
    print(f"training {epoch_seconds:.0f} s; with per-epoch evaluation and blending {train_seconds:.0f} s")
    print(table(rows))
    report: dict[str, object] = {
        "settings": asdict(settings),
        "train_seconds": round(epoch_seconds, 1),
        "train_and_eval_seconds": round(train_seconds, 1),
        "best_epoch": best.epoch,
        "alpha": alpha,
        "blends": {str(a): round(e.selection, 4) for a, e in zip(alphas, blends, strict=True)},
        "final": {n: _f1s(s) for n, s in final.items()},
        "epochs": [
            {
                "epoch": e.epoch,
                "loss": round(e.loss, 4),
                "seconds": round(e.seconds, 1),
                "selection": round(e.selection, 4),
                "dev": {n: _f1s(s) for n, s in e.dev.items()},
            }
            for e in logs
        ],
    }
    if args.output:
        export_pack(model, vocabs, args.output, args.pack_id)
        dev_golds = [g for name in sorted(corpora.dev) for g in corpora.dev[name]]
        agree, total = same_spans(model, vocabs, args.output, dev_golds)
        print(
            f"wrote {args.output} ({args.output.stat().st_size / 1e6:.1f} MB); NewsNERTagger on the pack "
            f"and the torch model give the same spans on {agree}/{total} dev documents"
        )
        packs = {"shipped": args.base, "fine-tuned": args.output}
        shorts = short_sentences(packs)
        for text, found in shorts.items():
            print(f"{text}\n    shipped: {found['shipped']}\n    fine-tuned: {found['fine-tuned']}")
        report |= {"same_spans": [agree, total], "short_sentences": shorts}
        for name in sorted(corpora.dev):
            report[f"diagnostics_{name}"] = found = diagnostics(packs, corpora.dev[name])
            print(f"{name} dev, spans without a capital letter / ORG spans holding a gold name: {found}")
        if args.speed_rounds:
            times = speed(packs, dev_golds, args.speed_rounds)
            print(f"tagging the {total} dev documents line by line: {speed_summary(times)}")
            report["speed_seconds"] = times
    if args.report:
        args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
