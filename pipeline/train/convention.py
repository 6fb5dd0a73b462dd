"""NEREL's nested PER/LOC/ORG annotation → the flat SPLIT convention the tagger learns.

«МИД России» → ORG «МИД» + LOC «России»; «РАТС ШОС» → ORG «РАТС» + ORG «ШОС»; «Фонда Горбачёва»
→ ORG «Фонда» + PER «Горбачёва» (as factRuEval and Collection5 annotate). The project's own rule
joins them back into the outer ORG. Only names count: lower-case generic words («правительства»,
«пресс-служба») and adjectives («российских», «Стэнфордский») are not names.

For one outermost PER/LOC/ORG mention (a tree node whose children are the maximal mentions
nested in it):
- a node without a name-like token (a capitalised word that is not just a sentence-initial
  common word) is no name: dropped, its children take its place;
- a one-word adjective nested at the start of its parent, or any one-word adjective LOC, is
  no name (it stays part of the parent, or is dropped when on its own);
- PER nodes are never split; a node without children is emitted whole;
- otherwise the leading part before the first child keeps the node's type (if it is name-like;
  a LOC whose leading part is only adjectives, «Северной Африке», stays whole) and each child
  is split the same way; a node that starts with a child followed by a name-like word
  («NASA TV») stays whole. Other words between children are not names.
Every emitted span is trimmed of leading non-name words (generic nouns, punctuation) and of
trailing punctuation and function words («имени», «по», «в»).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pymorphy3 import MorphAnalyzer
from razdel import sentenize, tokenize

from .corpora import Document, Mention

PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})
FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL"})
TRAILING_WORDS = frozenset({"им", "им.", "имени"})
QUOTES = (("«", "»"), ("„", "“"), ("“", "”"), ('"', '"'))


@dataclass
class Lexicon:
    """How often a word (and a word with the word after it) is capitalised when not at a
    sentence start: decides whether a sentence-initial capital is the name's or only the
    sentence's. Looked up as the two words, the word, its lemma: more often lower-case, the
    sentence's; never seen: a dictionary noun is the sentence's, an adjective the name's."""

    morph: MorphAnalyzer
    capital: Counter[str] = field(default_factory=Counter)
    lower: Counter[str] = field(default_factory=Counter)

    def count(self, word: str, following: str) -> None:
        counter = self.capital if word[0].isupper() else self.lower
        counter[word.lower()] += 1
        counter[self.lemma(word)] += 1
        if following:
            counter[f"{word} {following}".lower()] += 1

    def is_generic(self, word: str, following: str) -> bool:
        for key in (f"{word} {following}".lower() if following else "", word.lower(), self.lemma(word)):
            if key and (self.capital[key] or self.lower[key]):
                return self.lower[key] > self.capital[key]
        return _is_common(self.morph, word.lower()) and not self.is_adjective(word)

    def is_adjective(self, word: str) -> bool:
        return _is_adjective(self.morph, word.lower())

    def lemma(self, word: str) -> str:
        return "=" + _parse(self.morph, word.lower()).normal_form.replace("ё", "е")


@lru_cache(maxsize=200_000)
def _parse(morph: MorphAnalyzer, word: str):  # type: ignore[no-untyped-def]
    return morph.parse(word)[0]


def _is_common(morph: MorphAnalyzer, word: str) -> bool:
    parse = _parse(morph, word)
    return parse.is_known and not (PROPER & set(parse.tag.grammemes))


def _is_adjective(morph: MorphAnalyzer, word: str) -> bool:
    parts = word.split("-")  # «северо-кавказским», «российско-американского»
    return _parse(morph, parts[-1]).tag.POS in {"ADJF", "PRTF"} and not (
        PROPER - {"Geox"} & set(_parse(morph, parts[-1]).tag.grammemes)
    )


@dataclass(frozen=True)
class Token:
    start: int
    stop: int
    text: str
    initial: bool  # first word of its sentence (or line)


def tokens_of(text: str) -> list[Token]:
    """razdel tokens of every line; `initial` marks each sentence's first word."""
    tokens, offset = [], 0
    for line in text.split("\n"):
        for sentence in sentenize(line):
            first = True
            for t in tokenize(sentence.text):
                start = offset + sentence.start + t.start
                tokens.append(Token(start, start + len(t.text), t.text, first and t.text[0].isalnum()))
                first = first and not t.text[0].isalnum()
        offset += len(line) + 1
    return tokens


def build_lexicon(docs: Iterable[Document], morph: MorphAnalyzer) -> Lexicon:
    lexicon = Lexicon(morph)
    for doc in docs:
        tokens = tokens_of(doc.text)
        for token, following in zip(tokens, [*tokens[1:], None], strict=True):
            if not token.initial and token.text[0].isalpha():
                lexicon.count(token.text, _word(following))
    return lexicon


def _word(token: Token | None) -> str:
    return token.text if token is not None and token.text.isalpha() else ""


@dataclass
class Node:
    first: int  # token indexes, inclusive
    last: int
    type: str
    children: list[Node] = field(default_factory=list)


class Splitter:
    def __init__(self, doc: Document, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.tokens = tokens_of(doc.text)
        self.misaligned = 0

    def name_like(self, index: int) -> bool:
        token = self.tokens[index]
        if not any(c.isupper() for c in token.text):
            return False
        if not (token.initial and token.text[0].isupper()):
            return True
        following = _word(self.tokens[index + 1]) if index + 1 < len(self.tokens) else ""
        return not self.lexicon.is_generic(token.text, following)

    def trim(self, first: int, last: int) -> tuple[int, int] | None:
        while first <= last and not self.name_like(first):
            first += 1
        while first < last and self.trailing_junk(first, last):
            last -= 1
        return (first, last) if first <= last and self.name_like(first) else None

    def trailing_junk(self, first: int, last: int) -> bool:
        """Punctuation (but not a closing quote whose opening one is inside; an initial's dot
        goes too, as in factRuEval) and lower-case function words («имени», «по») at the end."""
        text = self.tokens[last].text
        if not text[0].isalnum():
            inside = "".join(t.text for t in self.tokens[first:last])
            return not any(inside.count(a) > inside.count(b) for a, b in QUOTES if b == text)
        if not text.islower():
            return False
        return text in TRAILING_WORDS or _parse(self.lexicon.morph, text).tag.POS in FUNCTION_POS

    def tree(self, mentions: Sequence[Mention]) -> list[Node]:
        starts = {t.start: i for i, t in enumerate(self.tokens)}
        stops = {t.stop: i for i, t in enumerate(self.tokens)}
        nodes: list[Node] = []
        for m in sorted(mentions, key=lambda m: (m.start, -m.stop, m.type)):
            if m.start not in starts or m.stop not in stops:
                self.misaligned += 1
                continue
            node = Node(starts[m.start], stops[m.stop], m.type)
            siblings = nodes
            while siblings and siblings[-1].first <= node.first and node.last <= siblings[-1].last:
                if (siblings[-1].first, siblings[-1].last) == (node.first, node.last):
                    break  # the same span twice with two types: the first type wins
                siblings = siblings[-1].children
            else:
                if not siblings or siblings[-1].last < node.first:
                    siblings.append(node)
        return nodes

    def is_name(self, node: Node, parent: Node | None) -> bool:
        words = self.tokens[node.first : node.last + 1]
        if not any(self.name_like(i) for i in range(node.first, node.last + 1)):
            return False
        one_word = node.first == node.last
        at_start = parent is not None and parent.first == node.first
        adjective = one_word and self.lexicon.is_adjective(words[0].text)
        return not (adjective and (at_start or node.type == "LOC"))

    def names(self, nodes: list[Node], parent: Node | None) -> list[Node]:
        """The nodes that are names, a dropped node replaced by its own names."""
        kept = []
        for node in nodes:
            if self.is_name(node, parent):
                kept.append(node)
            else:
                kept += self.names(node.children, parent)
        return kept

    def emit(self, node: Node) -> list[tuple[int, int, str]]:
        children = self.names(node.children, node) if node.type != "PER" else []
        whole = self.trim(node.first, node.last)
        if not children:
            return [(*whole, node.type)] if whole else []
        if children[0].first == node.first:
            after = children[1].first if len(children) > 1 else node.last + 1
            if any(self.name_like(i) for i in range(children[0].last + 1, after)):
                return [(*whole, node.type)] if whole else []
            lead = None
        else:
            lead = self.trim(node.first, children[0].first - 1)
            words = self.tokens[node.first : children[0].first]
            if lead and node.type == "LOC" and all(self.lexicon.is_adjective(t.text) for t in words):
                return [(*whole, node.type)] if whole else []
        spans = [(*lead, node.type)] if lead else []
        for child in children:
            spans += self.emit(child)
        return spans


def split_view(doc: Document, lexicon: Lexicon) -> tuple[Mention, ...]:
    """The flat split-convention mentions of a NEREL document (see the module docstring)."""
    splitter = Splitter(doc, lexicon)
    tokens = splitter.tokens
    spans = []
    for root in splitter.names(splitter.tree(doc.mentions), None):
        spans += splitter.emit(root)
    return tuple(Mention(tokens[a].start, tokens[b].stop, t) for a, b, t in sorted(spans))
