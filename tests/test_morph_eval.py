"""The UD measurement of `tokens.csv`: reading CoNLL-U, aligning tokens, telling conventions from errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.bench.morph_eval import outcome, project_predictions, score
from pipeline.bench.ud import Gold, Predicted, gold_offsets, read_conllu

CONLLU = """# sent_id = 1
# text = Во дворе его дома стояли двое.
1\tВо\tво\tADP\t_\t_\t2\tcase\t_\t_
2\tдворе\tдвор\tNOUN\t_\tCase=Loc|Number=Sing\t5\tobl\t_\t_
3\tего\tего\tDET\t_\t_\t4\tdet\t_\t_
4\tдома\tдом\tNOUN\t_\tCase=Gen|Number=Sing\t2\tnmod\t_\t_
5\tстояли\tстоять\tVERB\t_\t_\t0\troot\t_\t_
6-7\tдвое.\t_\t_\t_\t_\t_\t_\t_\t_
6\tдвое\tдвое\tNUM\t_\tCase=Nom\t5\tnsubj\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t_\t_\t5\tpunct\t_\t_

"""


@pytest.fixture
def conllu(tmp_path: Path) -> Path:
    path = tmp_path / "sample.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    return path


def test_sentences_and_offsets_are_read(conllu: Path) -> None:
    [sentence] = read_conllu(conllu)
    assert sentence.text == "Во дворе его дома стояли двое."
    assert [t.form for t in sentence.tokens] == ["Во", "дворе", "его", "дома", "стояли", "двое", "."]
    offsets = gold_offsets(sentence)
    assert [sentence.text[a:b] for a, b in offsets] == [t.form for t in sentence.tokens]


@pytest.mark.parametrize(
    ("field", "gold", "predicted", "expected"),
    [
        ("lemma", Gold("Во", "во", "ADP", ""), Predicted("в", "ADP", ""), "во/со/об/ко"),
        ("lemma", Gold("его", "его", "DET", ""), Predicted("он", "PRON", ""), "pronouns"),
        ("upos", Gold("его", "его", "DET", ""), Predicted("он", "PRON", ""), "DET/PRON"),
        ("lemma", Gold("всё", "всё", "PRON", ""), Predicted("все", "PRON", ""), "ё/е"),
        ("lemma", Gold("Москвы", "Москва", "PROPN", ""), Predicted("москва", "PROPN", ""), "correct"),
        ("lemma", Gold("двух", "два", "NUM", ""), Predicted("двух", "NUM", ""), "error"),
        ("upos", Gold("1990", "1990", "ADJ", ""), Predicted("1990", "NUM", ""), "ADJ/NUM"),
        ("upos", Gold("два", "два", "ADJ", ""), Predicted("два", "NUM", ""), "error"),
        ("lemma", Gold("двух", "два", "NUM", ""), None, "unaligned"),
    ],
)
def test_outcome(field: str, gold: Gold, predicted: Predicted | None, expected: str) -> None:
    assert outcome(field, gold, predicted) == expected


def test_the_project_is_scored_on_its_own_tokens(conllu: Path) -> None:
    sentences = read_conllu(conllu)
    outcomes, errors = score(sentences, project_predictions(sentences), "lemma")
    assert outcomes == {"correct": 6, "во/со/об/ко": 1} and not errors
