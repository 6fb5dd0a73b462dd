"""Checks on an exported pack: it loads through natasha and gives the torch model's spans;
its speed against the shipped pack; spans on short sentences and headlines."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from natasha import NewsEmbedding, NewsNERTagger
from slovnet.model.tag import NER

from .corpora import Mention
from .data import Gold, lines_of, spans_from_bio
from .model import Vocabs, predict

# The three sentences the shipped model gets wrong (from the brief), then short sentences
# and headlines of our own.
SHORT_SENTENCES = (
    "Вчера Владимир Путин подписал указ.",
    "Ван И прибыл в Астану.",
    "Касым-Жомарт Токаев провел 20–21 мая встречу с Ван И.",
    "Сегодня Эрдоган прилетел в Москву.",
    "Маск купил Twitter",
    "Шольц посетит Пекин в ноябре.",
    "Токаев принял посла Японии.",
    "Байден созвонился с Си Цзиньпином",
    "Мишустин провел совещание",
    "Набиуллина покинула пост",
    "Пашинян прибыл в Брюссель",
    "Делегация МИД КНР прибыла в Астану.",
    "Президент Казахстана К.Токаев выступил в Совете Федерации.",
    "Правительство России утвердило бюджет.",
    "Американские власти ввели санкции против Ирана.",
)


def natasha_lines(tagger: NewsNERTagger, text: str) -> list[Mention]:
    """The pipeline's way: each non-blank line of the text tagged on its own."""
    mentions = []
    for line in lines_of(text):
        stop = line.spans[-1][1]
        markup = tagger(text[line.start : stop])
        mentions += [Mention(line.start + s.start, line.start + s.stop, s.type) for s in markup.spans]
    return mentions


def torch_lines(model: NER, vocabs: Vocabs, text: str) -> list[Mention]:
    lines = lines_of(text)
    tags = predict(model, vocabs, [line.words for line in lines])
    return [m for line, t in zip(lines, tags, strict=True) for m in spans_from_bio(line, t)]


def same_spans(model: NER, vocabs: Vocabs, pack: Path, golds: Sequence[Gold]) -> tuple[int, int]:
    """(documents where the pack loaded by NewsNERTagger and the torch model agree, documents)."""
    tagger = NewsNERTagger(NewsEmbedding(), path=str(pack))
    agree = sum(natasha_lines(tagger, g.doc.text) == torch_lines(model, vocabs, g.doc.text) for g in golds)
    return agree, len(golds)


def speed(
    packs: dict[str, Path], golds: Sequence[Gold], rounds: int = 3
) -> dict[str, dict[str, list[float]]]:
    """Wall and CPU seconds to tag every dev document line by line, per pack; the packs take
    turns in the same process (CPU time is the fairer number on a busy machine)."""
    taggers = {name: NewsNERTagger(NewsEmbedding(), path=str(path)) for name, path in packs.items()}
    times: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in packs}
    for _ in range(rounds):
        for name, tagger in taggers.items():
            wall, cpu = time.perf_counter(), time.process_time()
            for g in golds:
                natasha_lines(tagger, g.doc.text)
            times[name]["wall"].append(round(time.perf_counter() - wall, 3))
            times[name]["cpu"].append(round(time.process_time() - cpu, 3))
    return times


def speed_summary(times: dict[str, dict[str, list[float]]]) -> str:
    return "; ".join(
        f"{name}: median wall {statistics.median(t['wall']):.2f} s, CPU {statistics.median(t['cpu']):.2f} s"
        for name, t in times.items()
    )


def short_sentences(packs: dict[str, Path]) -> dict[str, dict[str, list[str]]]:
    """sentence → pack name → spans as "TYPE:text"."""
    taggers = {name: NewsNERTagger(NewsEmbedding(), path=str(path)) for name, path in packs.items()}
    return {
        text: {
            name: [f"{m.type}:{text[m.start : m.stop]}" for m in natasha_lines(tagger, text)]
            for name, tagger in taggers.items()
        }
        for text in SHORT_SENTENCES
    }


def diagnostics(packs: dict[str, Path], golds: Sequence[Gold]) -> dict[str, dict[str, int]]:
    """Counts of the known failure modes of fine-tuning on outermost spans, per pack:
    `lowercase` spans with no capital letter («правительство» ORG, «американских» LOC);
    `folded` ORG spans that swallow a gold name («ГУВД Москвы» as one ORG)."""
    result = {}
    for name, path in packs.items():
        tagger = NewsNERTagger(NewsEmbedding(), path=str(path))
        lowercase = folded = 0
        for gold in golds:
            text = gold.doc.text
            for m in natasha_lines(tagger, text):
                lowercase += not any(c.isupper() for c in text[m.start : m.stop])
                folded += m.type == "ORG" and any(
                    m.start <= g.start and g.stop <= m.stop and (g.start, g.stop) != (m.start, m.stop)
                    for g in gold.mentions
                )
        result[name] = {"lowercase": lowercase, "folded": folded}
    return result
