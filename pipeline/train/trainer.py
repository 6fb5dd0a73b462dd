"""Fine-tuning loop: CRF negative log-likelihood on padded batches of lines/sentences, Adam,
exponential learning-rate decay per epoch, optional L2 pull towards the shipped weights
(L2-SP), BatchNorm statistics frozen by default; the dev split picks the best epoch."""

from __future__ import annotations

import copy
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch
from slovnet.model.tag import NER

from .corpora import Mention
from .data import Gold, silver_view, tagged_pieces
from .model import Vocabs, average, encode, pad, predict
from .scoring import Scores, macro, score, tag_documents

# Which parameters are trained: the rest stay as shipped (navec itself is never trained).
LAYER_CHOICES = {
    "head": ("head.",),
    "top": ("head.", "encoder.layers.2."),
    "encoder": ("head.", "encoder."),
    "all": ("head.", "encoder.", "emb.shape."),
}


@dataclass(frozen=True)
class Settings:
    epochs: int = 8
    lr: float = 1e-3
    lr_gamma: float = 0.8
    batch_size: int = 32
    layers: str = "all"
    bn_update: bool = False
    l2sp: float = 0.0
    factru_repeat: int = 2
    sentences: bool = True
    silver: bool = False
    seed: int = 17


Example = tuple[list[int], list[int], list[int]]  # word ids, shape ids, tag ids


def examples(
    golds: dict[str, list[Gold]],
    vocabs: Vocabs,
    settings: Settings,
    silver: dict[str, list[list[Mention]]] | None = None,
) -> list[Example]:
    """Training pieces of both corpora in a fixed order; factRuEval repeated `factru_repeat`
    times (its share of the mix); `silver` mentions per document added where given."""
    result: list[Example] = []
    for name, docs in sorted(golds.items()):
        repeat = settings.factru_repeat if name == "factru" else 1
        extra = (silver or {}).get(name) or [[] for _ in docs]
        for gold, more in zip(docs, extra, strict=True):
            for words, tags in tagged_pieces(gold, settings.sentences, more):
                word_ids, shape_ids = encode(words, vocabs)
                result += [(word_ids, shape_ids, [vocabs.tags.encode(t) for t in tags])] * repeat
    return result


def silver_mentions(model: NER, vocabs: Vocabs, golds: Sequence[Gold]) -> list[list[Mention]]:
    """The model's (the shipped one's) mentions inside NEREL's FACILITY/PRODUCT spans."""

    def tagger(lines: list[tuple[str, ...]]) -> list[list[str]]:
        return predict(model, vocabs, lines)

    return [silver_view(g, p) for g, p in zip(golds, tag_documents(tagger, golds), strict=True)]


def batches(items: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Shuffled, then sorted by length within pools of 50 batches (less padding), batches shuffled."""
    order = items[:]
    rng.shuffle(order)
    result = []
    for begin in range(0, len(order), size * 50):
        pool = sorted(order[begin : begin + size * 50], key=lambda e: len(e[0]))
        result += [pool[i : i + size] for i in range(0, len(pool), size)]
    rng.shuffle(result)
    return result


@dataclass
class EpochLog:
    epoch: int
    loss: float
    seconds: float
    dev: dict[str, Scores] = field(default_factory=dict)

    @property
    def selection(self) -> float:
        return sum(macro(s) for s in self.dev.values()) / len(self.dev)


def evaluate(model: NER, vocabs: Vocabs, dev: dict[str, list[Gold]]) -> dict[str, Scores]:
    def tagger(lines: list[tuple[str, ...]]) -> list[list[str]]:
        return predict(model, vocabs, lines)

    return {name: score(golds, tag_documents(tagger, golds)) for name, golds in sorted(dev.items())}


def set_trainable(model: NER, settings: Settings) -> list[torch.nn.Parameter]:
    prefixes = LAYER_CHOICES[settings.layers]
    trained = []
    for name, parameter in model.named_parameters():
        parameter.requires_grad = name.startswith(prefixes) and not name.startswith("emb.word.")
        if parameter.requires_grad:
            trained.append(parameter)
    return trained


def train_mode(model: NER, settings: Settings) -> None:
    model.train()
    if not settings.bn_update:
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm1d):
                module.eval()


def fit(
    model: NER,
    vocabs: Vocabs,
    train: Sequence[Example],
    dev: dict[str, list[Gold]],
    settings: Settings,
    log: Callable[[str], None] = print,
    on_epoch: Callable[[int, NER], None] | None = None,
) -> tuple[NER, list[EpochLog]]:
    """Train, evaluate on dev after every epoch (`on_epoch(epoch, model)` then sees the model);
    returns the best epoch's model and the logs."""
    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    params = set_trainable(model, settings)
    anchors = [p.detach().clone() for p in params]
    optimizer = torch.optim.Adam(params, lr=settings.lr)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, settings.lr_gamma)
    logs = [EpochLog(0, 0.0, 0.0, evaluate(model, vocabs, dev))]
    log(f"epoch 0 (shipped): dev selection {logs[0].selection:.4f}")
    best, best_state = logs[0], copy.deepcopy(model.state_dict())
    for epoch in range(1, settings.epochs + 1):
        started, total, count = time.perf_counter(), 0.0, 0
        train_mode(model, settings)
        for batch in batches(list(train), settings.batch_size, rng):
            word_id = pad([e[0] for e in batch], vocabs.words.pad_id)
            shape_id = pad([e[1] for e in batch], vocabs.shapes.pad_id)
            tag_id = pad([e[2] for e in batch], vocabs.tags.pad_id)
            pad_mask = word_id == vocabs.words.pad_id
            loss = model.head.crf(model(word_id, shape_id, pad_mask), tag_id, ~pad_mask)
            if settings.l2sp:
                drift = sum(((p - a) ** 2).sum() for p, a in zip(params, anchors, strict=True))
                loss = loss + settings.l2sp * drift
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            optimizer.step()
            total, count = total + float(loss), count + 1
        scheduler.step()
        entry = EpochLog(epoch, total / count, time.perf_counter() - started, evaluate(model, vocabs, dev))
        logs.append(entry)
        log(f"epoch {epoch}: loss {entry.loss:.4f}, {entry.seconds:.1f} s, dev {entry.selection:.4f}")
        for name, scores in entry.dev.items():
            f1s = " ".join(f"{m[0]}{t}={c.f1:.3f}" for m, counts in scores.items() for t, c in counts.items())
            log(f"    {name}: {f1s}")
        if on_epoch is not None:
            on_epoch(epoch, model)
        if entry.selection > best.selection:
            best, best_state = entry, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    log(f"best epoch {best.epoch}: dev selection {best.selection:.4f}")
    return model.eval(), logs


def blend(
    model: NER,
    shipped: dict[str, torch.Tensor],
    alphas: Sequence[float],
    vocabs: Vocabs,
    dev: dict[str, list[Gold]],
    log: Callable[[str], None] = print,
) -> tuple[NER, float, list[EpochLog]]:
    """Weight interpolation with the shipped model, alpha · fine-tuned + (1 − alpha) · shipped
    (BatchNorm statistics are shared, so the mix is well defined); the dev split picks alpha."""
    tuned = copy.deepcopy(model.state_dict())
    results = []
    for alpha in alphas:
        mixed = average([tuned, shipped], [alpha, 1 - alpha])
        model.load_state_dict(mixed)
        entry = EpochLog(-1, 0.0, 0.0, evaluate(model, vocabs, dev))
        log(f"blend alpha {alpha}: dev {entry.selection:.4f}")
        results.append((entry.selection, alpha, entry, mixed))
    _, alpha, _, state = max(results, key=lambda r: r[0])
    model.load_state_dict(state)
    return model.eval(), alpha, [r[2] for r in results]
