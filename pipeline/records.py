"""Plain typed records that flow one way through the pipeline.

Every offset is a Python ``str`` index into the document text exactly as read
(``stop`` exclusive), so ``text[start:stop] == record.text`` always holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple


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


class Token(NamedTuple):
    """A tagged token (a named tuple: one per token, built 3× faster than a frozen dataclass)."""

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


# The kinds of name a mention may be (`EntityMention.type`), and every kind of mention the
# tables hold; the one source the stages, the evaluation and the training read them from.
NAME_TYPES = ("PER", "LOC", "ORG")
MENTION_TYPES = (*NAME_TYPES, "DATE", "MONEY", "PERCENT")


@dataclass(frozen=True)
class EntityMention:
    start: int
    stop: int
    type: str  # PER, LOC, ORG
    text: str
    normal: str
    entity: int = 0  # id of the entity within the document (see linking)
    depth: int = 0  # 0: an outermost name; 1: a name nested in an organisation's name

    def with_entity(self, entity: int) -> EntityMention:
        """`dataclasses.replace(self, entity=entity)`, built directly: linking gives every mention
        its id, and `replace` reads the fields one by one each time (a fifth of the linking's
        time). tests/test_linking.py checks the two agree on every field."""
        return EntityMention(self.start, self.stop, self.type, self.text, self.normal, entity, self.depth)


@dataclass(frozen=True)
class EntityIndexRow:
    entity: int
    type: str
    name: str  # the fullest normal form among its mentions
    mentions: int
    first_start: int


@dataclass(frozen=True)
class RoleMention:
    """A role phrase beside a person: «министр иностранных дел КНР Ван И», «Ван И, министр …»."""

    start: int  # the role phrase as written, without the organisation: «министром иностранных дел»
    stop: int
    text: str
    role: str  # its normal form: «министр иностранных дел»
    person: int  # entity id (within the document) of the person it belongs to
    person_start: int  # the person's mention beside the phrase
    person_stop: int
    organisation: int | None = None  # entity id of the ORG/LOC it is a role in («КНР»), if named


@dataclass(frozen=True)
class EntitySummary:
    """One entity of a document as corpus linking sees it (no offsets, no mentions)."""

    entity: int
    type: str
    name: str  # the fullest normal form (the entity index's name)
    normals: tuple[tuple[str, int], ...]  # each distinct normal form and its number of mentions
    roles: tuple[tuple[str, int], ...] = ()  # each role normal form attached to it and how often


@dataclass(frozen=True)
class DocumentSummary:
    """What corpus linking needs of a document: its entities, with their distinct names."""

    doc_id: str
    entities: tuple[EntitySummary, ...] = ()


@dataclass(frozen=True)
class CorpusEntity:
    """One entity across the corpus (a row of corpus_entities.csv)."""

    corpus_entity: str  # «PER-3f2a…»: derived from the type and the canonical name
    type: str
    name: str  # the fullest normal form
    aliases: tuple[str, ...]  # every distinct normal form, most frequent first
    documents: int
    mentions: int
    first_doc: str  # the first doc_id (in sorted order) that mentions it
    roles: tuple[str, ...] = ()  # the role normal forms most often attached to it (persons)


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
    roles: tuple[RoleMention, ...] = ()
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


# File names as the tables write them. A Linux file name may hold any byte but "/" and NUL:
# line breaks and other control characters (which break CSV rows and terminals) and bytes
# that are not UTF-8 (which os.fsdecode keeps as lone surrogates U+DC80-U+DCFF, and which no
# UTF-8 file can hold). They are written as backslash escapes, so every name becomes
# printable UTF-8 text that leads back to exactly one file:
#   a byte that is not UTF-8   → \xNN   («Привет» in cp1251 → \xcf\xf0\xe8\xe2\xe5\xf2)
#   a control character, U+2028, U+2029 or another lone surrogate → \uNNNN   (CR → \u000d)
#   a backslash                → \\
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_ESCAPED = re.compile(r"[\\" + UNPRINTABLE.pattern[1:])
_ESCAPE = re.compile(r"\\(?:\\|x([0-9a-f]{2})|u([0-9a-f]{4}))")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x5C:
        return "\\\\"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def format_path(name: str) -> str:
    """A file name or path (as os.fsdecode gives it) as printable UTF-8 text; see above."""
    return _ESCAPED.sub(_escape, name)


def _unescape(match: re.Match[str]) -> str:
    byte, code = match.group(1), match.group(2)
    if byte:
        return chr(0xDC00 + int(byte, 16))
    return chr(int(code, 16)) if code else "\\"


def parse_path(text: str) -> str:
    """The inverse of `format_path`: os.fsencode(parse_path(row["path"])) is the file's bytes."""
    return _ESCAPE.sub(_unescape, text)
