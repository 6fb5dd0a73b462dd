"""The colours of types, statuses and measures: one table for the views, legends and plots.

The per-type and per-status CSS rules (colours, and what each filter hides) are written
from these tables, so adding a type or a status is one entry here.
"""

from __future__ import annotations

from functools import cache

from pipeline.evaluation.marks import STATUSES
from pipeline.evaluation.mentions import TYPES

TYPE_COLORS = {
    "PER": "#ffd8a8",
    "LOC": "#b2f2bb",
    "ORG": "#a5d8ff",
    "DATE": "#d0bfff",
    "MONEY": "#fcc2d7",
    "PERCENT": "#ffec99",
}
TYPE_NAMES = {
    "PER": "person",
    "LOC": "place",
    "ORG": "organisation",
    "DATE": "date",
    "MONEY": "money",
    "PERCENT": "percentage",
}
# (colour, line) of the bar under a mention
STATUS_STYLES = {
    "right": ("#8ddb8c", "solid"),
    "wrong_value": ("#e16f24", "solid"),
    "wrong_span": ("#bf8700", "dashed"),
    "wrong_type": ("#8250df", "solid"),
    "missed": ("#cf222e", "dashed"),
    "spurious": ("#cf222e", "solid"),
}
MEASURE_COLORS = {"precision": "#9ec5fe", "recall": "#f7c873", "f1": "#2f6fde"}
FALLBACK_COLOR = "#e0e0e0"


def type_color(kind: str) -> str:
    return TYPE_COLORS.get(kind, FALLBACK_COLOR)


@cache
def css() -> str:
    """The rules that depend on the types and statuses: colours, and the filters' effects."""
    rules = [f".rx .t-{t}{{--c:{type_color(t)}}}" for t in TYPES]
    for status in STATUSES:
        color, line = STATUS_STYLES[status]
        rules.append(f".rx .s-{status}{{--s:{color}}}")
        rules.append(f".rx .m.s-{status}{{border-bottom:3px {line} var(--s)}}")
    hidden = [f"t-{t}" for t in TYPES] + [f"s-{s}" for s in STATUSES]
    marks = ",".join(f".rx.hide-{h} .m.{h}" for h in hidden)
    rules.append(
        f"{marks}{{background:none;box-shadow:none;border-bottom-color:transparent;padding:0;cursor:text}}"
    )
    rules.append(",".join(f".rx.hide-{h} .m.{h}::after" for h in hidden) + "{content:none}")
    rules.append(",".join(f".rx.hide-{h} tr.{h},.rx.hide-{h} li.{h}" for h in hidden) + "{display:none}")
    return "\n".join(rules)
