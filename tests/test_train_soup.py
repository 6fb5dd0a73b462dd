"""The weight soup of NER packs (pipeline/train/soup.py): a weighted mean of the parameters."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from pipeline.train.soup import average, parse_weights  # noqa: E402


def _state(value: float) -> dict[str, object]:
    return {
        "emb.word.indexes": torch.tensor([1, 2]),
        "emb.word.codes": torch.full((2,), value),
        "encoder.layers.0.conv.weight": torch.full((2, 3), value),
        "encoder.layers.0.norm.num_batches_tracked": torch.tensor(int(value)),
        "head.crf.transitions": torch.full((3, 3), -value),
    }


def test_average_is_the_weighted_mean_of_trained_weights() -> None:
    mixed = average([_state(1.0), _state(3.0)], [0.7, 0.3])
    assert torch.allclose(mixed["encoder.layers.0.conv.weight"], torch.full((2, 3), 1.6))
    assert torch.allclose(mixed["head.crf.transitions"], torch.full((3, 3), -1.6))


def test_average_keeps_navec_and_integer_buffers_of_the_first() -> None:
    mixed = average([_state(1.0), _state(3.0)], [0.5, 0.5])
    assert torch.equal(mixed["emb.word.codes"], torch.full((2,), 1.0))
    assert int(mixed["encoder.layers.0.norm.num_batches_tracked"]) == 1


def test_average_refuses_models_with_other_parameters() -> None:
    other = _state(2.0)
    del other["head.crf.transitions"]
    with pytest.raises(ValueError, match="different parameters"):
        average([_state(1.0), other], [0.5, 0.5])


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [(None, 2, [0.5, 0.5]), ("0.7,0.3", 2, [0.7, 0.3]), ("1,0,0", 3, [1.0, 0.0, 0.0])],
)
def test_weights(text: str | None, count: int, expected: list[float]) -> None:
    assert parse_weights(text, count) == pytest.approx(expected)


@pytest.mark.parametrize(("text", "count"), [("0.7,0.3", 3), ("0.6,0.6", 2), ("1.5,-0.5", 2)])
def test_bad_weights_are_refused(text: str, count: int) -> None:
    with pytest.raises(ValueError):
        parse_weights(text, count)
