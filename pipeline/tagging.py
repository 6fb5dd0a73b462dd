"""slovnet's two taggers (morphology, names) run over a whole batch of tokens at once.

Why the project's own code: slovnet's numpy inference (what natasha's NewsMorphTagger and
NewsNERTagger call) pads every 8 sentences to the longest, copies each layer's input into
convolution windows, and turns every tag id into a string and the string into a dict,
token by token: the two taggers were half of `extract`'s time. This module runs the same
network with the same weights — natasha's own model files — and the same arithmetic:
word (navec) and shape embeddings, three convolutions of width 3 each followed by ReLU
and batch norm, a linear head, and for names slovnet's CRF decoding. Only the layout
differs: the tokens of all sentences lie end to end in one array, a sentence border
stops the convolution as slovnet's zero padding does, and each layer is one matrix
product for the whole batch. The tags are slovnet's (tests/test_tagging.py compares
them on real text); the taggers take less than half the time (`make bench`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np
from natasha.data import NEWS_EMBEDDING, NEWS_MORPH, NEWS_NER
from navec.meta import Meta as NavecMeta
from navec.navec import META as NAVEC_META
from navec.navec import PQ_
from navec.pq import PQ
from navec.tar import Tar as NavecTar
from slovnet.conll import parse_conll_tag
from slovnet.const import SHAPE, TAG, WORD
from slovnet.exec.model import NER, Morph, Tag
from slovnet.exec.pack import Pack
from slovnet.shape import word_shape
from slovnet.vocab import Vocab

from pipeline.records import format_feats

# Tokens per forward pass: enough for efficient matrix products, few enough that each
# layer's output (tokens × 768 floats) stays small; a longer sequence goes alone.
CHUNK_TOKENS = 2048
# Word forms whose vocabulary and shape ids are remembered (a bounded per-process cache,
# emptied when full; bounds: README, "Memory of a long run").
CACHE_WORDS = 20_000


class _TaggingPQ(PQ):
    """navec's product-quantized vectors, read by navec's own reader."""

    def precompute(self) -> None:
        """navec precomputes norms and similarity tables here; tagging uses neither (0.3 s saved)."""


@dataclass(frozen=True)
class Navec:
    """What the taggers use of navec's news embedding: its id and its word vectors."""

    id: str
    codes: np.ndarray  # parts × centroids × 3
    indexes: np.ndarray  # word id → its centroid in every part

    @classmethod
    def load(cls, path: str | Path) -> Navec:
        # navec.Navec.load also builds its own word list, which the taggers' vocabulary repeats.
        with NavecTar(path) as tar:
            meta = NavecMeta.from_file(tar.load(NAVEC_META))
            pq = _TaggingPQ.from_file(tar.load(PQ_))
        return cls(meta.id, pq.codes, pq.indexes)


@dataclass(frozen=True)
class Layer:
    """One convolution of width 3 + ReLU + batch norm, as one product with the three taps side by side."""

    taps: np.ndarray  # input × 3·filters: the weights for the previous, the same and the next token
    bias: np.ndarray
    mean: np.ndarray  # batch norm, applied as slovnet applies it
    std: np.ndarray
    weight: np.ndarray
    shift: np.ndarray

    @property
    def filters(self) -> int:
        return len(self.bias)


@dataclass(frozen=True)
class Network:
    """The weights of one slovnet tagger (`Morph` or `NER`) laid out for flat batches."""

    codes: np.ndarray  # navec: product-quantized word vectors (parts × centroids × 3)
    indexes: np.ndarray  # navec: word id → its centroid in every part
    shape_part: np.ndarray  # shape id → its contribution to the first layer (3·filters)
    layers: tuple[Layer, ...]
    head: np.ndarray
    head_bias: np.ndarray
    transitions: np.ndarray | None  # the CRF's, for names; None for morphology
    tags: tuple[str, ...]

    @classmethod
    def load(cls, path: str | Path, model_type: type[Tag], navec: Navec) -> Network:
        """One of natasha's slovnet model files (its word and shape vocabularies: `Encoder.load`)."""
        with Pack(path) as pack:
            pack.load_meta().check_protocol()
            model = pack.load_model(model_type)
            model = model.inject_arrays(dict(pack.load_arrays(model.weights)))
            tags = pack.load_vocab(TAG)
        if model.emb.word.id != navec.id:
            raise ValueError(f"{path} expects the embedding {model.emb.word.id!r}, not {navec.id!r}")
        word_dim = model.emb.word.dim
        layers = []
        shape_part = np.zeros(0)
        for number, layer in enumerate(model.encoder.layers):
            kernel = layer.conv.weight.array  # filters × input × 3, as in torch
            taps = np.concatenate([kernel[:, :, tap].T for tap in range(kernel.shape[2])], axis=1)
            if number == 0:  # the input is [word vector | shape vector]: the shape part is a table
                shape_part = model.emb.shape.weight.array @ taps[word_dim:]
                taps = taps[:word_dim]
            norm = layer.norm
            layers.append(Layer(np.ascontiguousarray(taps), layer.conv.bias.array, norm.mean.array,
                                norm.std.array, norm.weight.array, norm.bias.array))  # fmt: skip
        crf = getattr(model.head, "crf", None)
        return cls(
            codes=navec.codes,
            indexes=navec.indexes,
            shape_part=shape_part,
            layers=tuple(layers),
            head=model.head.proj.weight.array,
            head_bias=model.head.proj.bias.array,
            transitions=crf.transitions.array if crf is not None else None,
            tags=tuple(tags.items),
        )

    def scores(self, words: np.ndarray, shapes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Tag scores (tokens × tags) of consecutive sequences of the given lengths."""
        count = len(words)
        first = np.zeros(count, dtype=bool)  # a token with no previous one in its sequence
        last = np.zeros(count, dtype=bool)
        starts = np.cumsum(lengths) - lengths
        first[starts] = True
        last[starts + lengths - 1] = True
        # The first layer's products depend on the word alone: computed once per distinct word
        # of the batch (about half its tokens), the costliest matrix product of the network.
        distinct, inverse = np.unique(words, return_inverse=True)
        # navec's vectors of those words, part by part: one np.take from the flattened codes
        # (4× faster than indexing the 3-d array with two index arrays).
        parts, centroids, _ = self.codes.shape
        where = self.indexes[distinct] + np.arange(0, parts * centroids, centroids)
        x = np.take(self.codes.reshape(parts * centroids, -1), where, axis=0).reshape(len(distinct), -1)
        for number, layer in enumerate(self.layers):
            products, size = x @ layer.taps, layer.filters  # every token times each of the 3 taps
            if number == 0:
                products = np.take(products, inverse, axis=0)
                products += np.take(self.shape_part, shapes, axis=0)
            y = products[:, size : 2 * size] + layer.bias
            previous = products[:-1, :size]  # what each token gives the next one
            previous[first[1:]] = 0
            y[1:] += previous
            following = products[1:, 2 * size :]  # what each token gives the one before it
            following[last[:-1]] = 0
            y[:-1] += following
            # ReLU and batch norm in place: the same operations in the same order as
            # `(y - mean) / std * weight + shift`, without four temporary arrays.
            np.maximum(y, 0, out=y)
            y -= layer.mean
            y /= layer.std
            y *= layer.weight
            y += layer.shift
            x = y
        return x @ self.head + self.head_bias

    def best_paths(self, scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The CRF's best tag sequence of every sequence (slovnet's Viterbi, all sequences at once)."""
        assert self.transitions is not None
        order = np.argsort(-lengths, kind="stable")  # longest first: the live ones are a prefix
        longest_first = lengths[order]
        starts = (np.cumsum(lengths) - lengths)[order]
        alive = [int(np.count_nonzero(longest_first > step)) for step in range(int(longest_first[0]))]
        score = scores[starts].copy()
        history = np.zeros(scores.shape, dtype=np.intp)
        for step in range(1, len(alive)):
            live, at = alive[step], starts[: alive[step]] + step
            candidates = score[:live, :, None] + self.transitions + scores[at][:, None, :]
            best = candidates.argmax(1)
            history[at] = best
            score[:live] = np.take_along_axis(candidates, best[:, None, :], 1)[:, 0, :]
        path = np.zeros(len(scores), dtype=np.intp)
        tag = score.argmax(1)
        for step in range(len(alive) - 1, -1, -1):
            live, at = alive[step], starts[: alive[step]] + step
            path[at] = tag[:live]
            if step:
                tag[:live] = history[at, tag[:live]]
        return path


class Encoder:
    """Word form → (vocabulary id, shape id), as slovnet's TagEncoder; remembered per form."""

    def __init__(self, words: Vocab, shapes: Vocab) -> None:
        self.words, self.shapes = words, shapes
        self.known: dict[str, tuple[int, int]] = {}

    @classmethod
    def load(cls, path: str | Path) -> Encoder:
        """The vocabularies of a slovnet model file (natasha's two models share them: a test checks)."""
        with Pack(path) as pack:
            return cls(pack.load_vocab(WORD), pack.load_vocab(SHAPE))

    def ids(self, word: str) -> tuple[int, int]:
        found = self.known.get(word)
        if found is None:
            if len(self.known) >= CACHE_WORDS:
                self.known.clear()
            found = self.known[word] = (self.words.encode(word.lower()), self.shapes.encode(word_shape(word)))
        return found

    def __call__(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        known = self.known  # a word already seen costs one dict look-up, not a method call
        pairs = [known.get(word) or self.ids(word) for word in words]
        ids = np.fromiter(chain.from_iterable(pairs), dtype=np.intp, count=2 * len(pairs)).reshape(-1, 2)
        return ids[:, 0], ids[:, 1]


def _chunks(lengths: Sequence[int]) -> list[range]:
    """Consecutive runs of whole sequences, about CHUNK_TOKENS tokens each."""
    chunks: list[range] = []
    start = size = 0
    for number, length in enumerate(lengths):
        size += length
        if size >= CHUNK_TOKENS:
            chunks.append(range(start, number + 1))
            start, size = number + 1, 0
    if start < len(lengths):
        chunks.append(range(start, len(lengths)))
    return chunks


@dataclass(frozen=True)
class Taggers:
    """Both taggers, sharing one vocabulary and its per-word cache."""

    encoder: Encoder
    morph: Network
    ner: Network
    morph_tags: tuple[tuple[str, str], ...]  # tag id → (UPOS, "Case=Nom|…")

    @classmethod
    def load(cls, ner_path: str | Path = NEWS_NER) -> Taggers:
        """natasha's news embedding and morphology model, and a slovnet NER model file (natasha's
        own by default) — all built on that embedding, with one vocabulary (a test checks)."""
        navec = Navec.load(NEWS_EMBEDDING)
        morph, ner = Network.load(NEWS_MORPH, Morph, navec), Network.load(ner_path, NER, navec)
        decoded = [parse_conll_tag(tag) for tag in morph.tags]
        tags = tuple((pos, format_feats(feats)) for pos, feats in decoded)
        return cls(Encoder.load(NEWS_MORPH), morph, ner, tags)

    def _run(self, network: Network, sequences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Tag ids of every sequence (argmax for morphology, the CRF's path for names)."""
        found = [np.zeros(0, dtype=np.intp) for _ in sequences]
        filled = [n for n, sequence in enumerate(sequences) if sequence]
        for chunk in _chunks([len(sequences[n]) for n in filled]):
            numbers = [filled[i] for i in chunk]
            lengths = np.array([len(sequences[n]) for n in numbers], dtype=np.intp)
            words, shapes = self.encoder([word for n in numbers for word in sequences[n]])
            scores = network.scores(words, shapes, lengths)
            ids = scores.argmax(-1) if network.transitions is None else network.best_paths(scores, lengths)
            for n, piece in zip(numbers, np.split(ids, np.cumsum(lengths)[:-1]), strict=True):
                found[n] = piece
        return found

    def morphology(self, sentences: Sequence[Sequence[str]]) -> list[list[tuple[str, str]]]:
        """(UPOS, features) of every word of every sentence."""
        return [[self.morph_tags[i] for i in ids] for ids in self._run(self.morph, sentences)]

    def names(self, lines: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags ('B-PER', 'I-ORG', 'O', …) of every word of every line."""
        return [[self.ner.tags[i] for i in ids] for ids in self._run(self.ner, lines)]
