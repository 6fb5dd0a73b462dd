"""slovnet's news NER pack ⇄ slovnet's torch classes: load the shipped weights for fine-tuning,
tag lines with the torch model, and write the result back as a slovnet pack (navec stripped)
that `natasha.NewsNERTagger(emb, path=...)` / `slovnet.NER.load` read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import natasha
import numpy as np
import torch
from navec import Navec
from slovnet.const import SHAPE, TAG, WORD
from slovnet.exec.model import NER as ExecNER
from slovnet.exec.pack import DumpPack, Meta, Pack
from slovnet.model.emb import Embedding, NavecEmbedding
from slovnet.model.tag import NER, NERHead, TagEmbedding, TagEncoder
from slovnet.shape import word_shape
from slovnet.vocab import Vocab

NATASHA_DATA = Path(natasha.__file__).parent / "data"
SHIPPED_PACK = NATASHA_DATA / "model" / "slovnet_ner_news_v1.tar"
NAVEC_PATH = NATASHA_DATA / "emb" / "navec_news_v1_1B_250K_300d_100q.tar"


@dataclass(frozen=True)
class Vocabs:
    words: Vocab
    shapes: Vocab
    tags: Vocab


def load_navec(path: Path = NAVEC_PATH) -> Navec:
    return Navec.load(str(path))


def _tensor(weight) -> torch.Tensor:  # type: ignore[no-untyped-def]
    return torch.from_numpy(np.array(weight.array, dtype=np.float32))


def load_pack(path: Path, navec: Navec) -> tuple[NER, Vocabs]:
    """A slovnet NER pack as a torch `NER` (eval mode): the shape, word and tag vocabularies
    and the layer sizes come from the pack; Linear weights are transposed back; BatchNorm's
    running variance is std² − eps (the pack stores sqrt(var + eps))."""
    with Pack(str(path)) as pack:
        pack.load_meta().check_protocol()
        exec_model = pack.load_model(ExecNER)
        exec_model = exec_model.inject_arrays(dict(pack.load_arrays(exec_model.weights)))
        vocabs = Vocabs(pack.load_vocab(WORD), pack.load_vocab(SHAPE), pack.load_vocab(TAG))
    if vocabs.words.items != navec.vocab.words:
        raise ValueError(f"{path}: its word vocabulary is not navec {navec.meta.id}'s")
    shape_weight = _tensor(exec_model.emb.shape.weight)
    shape = Embedding(shape_weight.shape[0], shape_weight.shape[1], vocabs.shapes.pad_id)
    emb = TagEmbedding(NavecEmbedding(navec), shape)
    layers = exec_model.encoder.layers
    kernel = layers[0].conv.weight.shape[2]
    encoder = TagEncoder(emb.dim, [layer.conv.weight.shape[0] for layer in layers], kernel)
    head = NERHead(encoder.dim, len(vocabs.tags))
    model = NER(emb, encoder, head)
    with torch.no_grad():
        shape.weight.copy_(shape_weight)
        for exec_layer, layer in zip(layers, model.encoder.layers, strict=True):
            layer.conv.weight.copy_(_tensor(exec_layer.conv.weight))
            layer.conv.bias.copy_(_tensor(exec_layer.conv.bias))
            layer.norm.weight.copy_(_tensor(exec_layer.norm.weight))
            layer.norm.bias.copy_(_tensor(exec_layer.norm.bias))
            layer.norm.running_mean.copy_(_tensor(exec_layer.norm.mean))
            layer.norm.running_var.copy_(_tensor(exec_layer.norm.std) ** 2 - layer.norm.eps)
        head.proj.weight.copy_(_tensor(exec_model.head.proj.weight).T)
        head.proj.bias.copy_(_tensor(exec_model.head.proj.bias))
        head.crf.transitions.copy_(_tensor(exec_model.head.crf.transitions))
    return model.eval(), vocabs


def encode(words: Sequence[str], vocabs: Vocabs) -> tuple[list[int], list[int]]:
    """Word and shape ids, as slovnet's TagEncoder makes them (word lower-cased)."""
    word_ids = [vocabs.words.encode(w.lower()) for w in words]
    shape_ids = [vocabs.shapes.encode(word_shape(w)) for w in words]
    return word_ids, shape_ids


def pad(rows: Sequence[Sequence[int]], fill: int) -> torch.Tensor:
    width = max(len(r) for r in rows)
    return torch.tensor([[*r, *[fill] * (width - len(r))] for r in rows], dtype=torch.long)


def predict(
    model: NER, vocabs: Vocabs, lines: Sequence[Sequence[str]], batch_size: int = 64
) -> list[list[str]]:
    """BIO tags for each line of words (CRF Viterbi), in batches of similar length."""
    order = sorted(range(len(lines)), key=lambda i: len(lines[i]))
    tags: list[list[str]] = [[] for _ in lines]
    was_training = model.training
    model.eval()
    with torch.no_grad():
        for begin in range(0, len(order), batch_size):
            chunk = order[begin : begin + batch_size]
            encoded = [encode(lines[i], vocabs) for i in chunk]
            word_id = pad([w for w, _ in encoded], vocabs.words.pad_id)
            shape_id = pad([s for _, s in encoded], vocabs.shapes.pad_id)
            pad_mask = word_id == vocabs.words.pad_id
            emissions = model(word_id, shape_id, pad_mask)
            for i, path in zip(chunk, model.head.crf.decode(emissions, ~pad_mask), strict=True):
                tags[i] = [vocabs.tags.decode(int(t)) for t in path]
    model.train(was_training)
    return tags


def export_pack(model: NER, vocabs: Vocabs, path: Path, pack_id: str) -> None:
    """`model.to_exec().strip_navec().separate_arrays()` into a slovnet pack at `path`."""
    exec_model = model.eval().to_exec().strip_navec()
    arrays, exec_model = exec_model.separate_arrays()
    with DumpPack(str(path)) as pack:
        pack.dump_meta(Meta(pack_id))
        pack.dump_model(exec_model)
        pack.dump_arrays(arrays)
        pack.dump_vocab(vocabs.words, WORD)
        pack.dump_vocab(vocabs.shapes, SHAPE)
        pack.dump_vocab(vocabs.tags, TAG)


def average(states: Sequence[dict[str, torch.Tensor]], weights: Sequence[float]) -> dict[str, torch.Tensor]:
    """Σ weight · state for every float tensor; navec (never trained) and integer buffers are
    taken from the first state."""
    first = states[0]
    if any(state.keys() != first.keys() for state in states):
        raise ValueError("the models have different parameters")
    return {
        key: sum(w * state[key] for w, state in zip(weights, states, strict=True))
        if value.is_floating_point() and not key.startswith("emb.word.")
        else value
        for key, value in first.items()
    }
