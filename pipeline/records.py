"""Plain typed records that flow one way through the pipeline.

Every offset is a Python ``str`` index into the document text exactly as read
(``stop`` exclusive), so ``text[start:stop] == record.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class SourceDocument:
    """A document as read from the corpus, before any analysis."""

    doc_id: str
    path: str
    text: str
    doc_date: date | None = None
    doc_date_source: str = "none"  # "metadata", "none", or the rule that read the text ("text:lead", …)
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Sentence:
    index: int  # 0-based within the document
    start: int
    stop: int


@dataclass(frozen=True)
class Token:
    sentence: int  # index of the sentence it belongs to
    index: int  # 0-based within the sentence
    start: int
    stop: int
    text: str
    lemma: str
    pos: str  # Universal POS tag from the morphology tagger
    feats: str = ""  # Universal features, "Case=Nom|Gender=Masc|..."; not in the tables


def format_feats(feats: dict[str, str]) -> str:
    """{'Case': 'Gen', 'Gender': 'Fem'} → «Case=Gen|Gender=Fem» (the `Token.feats` form)."""
    return "|".join(f"{key}={feats[key]}" for key in sorted(feats))


def parse_feats(feats: str) -> dict[str, str]:
    """«Case=Gen|Gender=Fem» → {'Case': 'Gen', 'Gender': 'Fem'}."""
    return dict(item.split("=", 1) for item in feats.split("|") if "=" in item)


@dataclass(frozen=True)
class EntityMention:
    start: int
    stop: int
    type: str  # PER, LOC, ORG
    text: str
    normal: str
    entity: int = 0  # id of the entity within the document (see linking)
    depth: int = 0  # 0: an outermost name; 1: a name nested in an organisation's name


@dataclass(frozen=True)
class EntityIndexRow:
    entity: int
    type: str
    name: str  # the fullest normal form among its mentions
    mentions: int
    first_start: int


@dataclass(frozen=True)
class DateMention:
    start: int
    stop: int
    text: str
    value: str  # ISO 8601, "X" for parts the text leaves unknown
    kind: str = "date"  # date, range, relative


@dataclass(frozen=True)
class MoneyMention:
    start: int
    stop: int
    text: str
    amount: Decimal
    currency: str  # ISO 4217
    amount_max: Decimal | None = None
    qualifier: str = ""  # lower case: более, около, почти, свыше, до, ...


@dataclass(frozen=True)
class PercentMention:
    start: int
    stop: int
    text: str
    value: Decimal
    value_max: Decimal | None = None
    qualifier: str = ""


@dataclass(frozen=True)
class DocumentResult:
    """Everything the pipeline found in one document."""

    doc_id: str
    path: str
    text: str
    doc_date: date | None
    doc_date_source: str
    encoding: str
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    entity_index: tuple[EntityIndexRow, ...] = ()
    dates: tuple[DateMention, ...] = ()
    money: tuple[MoneyMention, ...] = ()
    percents: tuple[PercentMention, ...] = ()


def format_decimal(value: Decimal | None) -> str:
    """Write a number in full as a plain decimal: 4.1E+10 -> '41000000000', 37.50 -> '37.5'."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
