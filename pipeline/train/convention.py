"""NEREL's nested PER/LOC/ORG annotation → the flat SPLIT convention the tagger learns.

«МИД России» → ORG «МИД» + LOC «России»; «РАТС ШОС» → ORG «РАТС» + ORG «ШОС»; «Фонда Горбачёва»
→ ORG «Фонда» + PER «Горбачёва» (as factRuEval and Collection5 annotate). The project's own rule
joins them back into the outer ORG. Only names count: lower-case generic words («правительства»,
«пресс-служба») and adjectives («российских», «Стэнфордский») are not names.

For one outermost PER/LOC/ORG mention (a tree node whose children are the maximal mentions
nested in it):
- a node without a name-like token (a capitalised word that is not just a sentence-initial
  common word) is no name: dropped, its children take its place; a sentence-initial word is
  the name's in a person's name when it is an initial or a dictionary first name / surname
  («А. Сельцовский», «Гари Каспаров»), and in a multi-word ORG/LOC when mentions like it are
  written as names mid-sentence («Нью-йоркская фондовая биржа», not «Британская полиция»);
- a one-word adjective nested at the start of its parent, or any one-word adjective LOC, is
  no name (it stays part of the parent, or is dropped when on its own);
- PER nodes are never split; a node without children is emitted whole;
- otherwise the leading part before the first child keeps the node's type (if it is name-like;
  a LOC or ORG whose leading part is only adjectives, «Северной Африке», «Единая Россия», stays
  whole) and each child is split the same way; a node that starts with a child followed by a name-like word
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
PERSON = frozenset({"Name", "Surn", "Patr"})
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
    head_capital: Counter[str] = field(default_factory=Counter)
    head_lower: Counter[str] = field(default_factory=Counter)

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

    def count_head(self, words: Sequence[str]) -> None:
        """A multi-word ORG/LOC mention seen mid-sentence: is it written as a name (its first
        letter capitalised) or as a description («российские власти»)? Counted by its first
        word with its head, and by its head (see `head_keys`)."""
        counter = self.head_capital if words[0][0].isupper() else self.head_lower
        for key in self.head_keys(words):
            counter[key] += 1

    def is_name_head(self, words: Sequence[str]) -> bool:
        """A multi-word mention at a sentence start whose first word alone reads as common
        («Нью-йоркская», «Московская»): a name when mentions like it are written as names
        mid-sentence more often than not («… фондовая биржа», «… лаборатория»), not when
        they are descriptions («Британская полиция», «Российские власти», «суд Милана»)."""
        for key in self.head_keys(words):
            if self.head_capital[key] or self.head_lower[key]:
                return self.head_capital[key] > self.head_lower[key]
        return False

    def head_keys(self, words: Sequence[str]) -> list[str]:
        """The first word's lemma with the head's («российский суд»), then the head's lemma,
        marked by whether the mention starts with it («суд Милана» ≠ «Верховный суд»). The
        head is the first noun («Нью-йоркская фондовая биржа» → «биржа»)."""
        for i, word in enumerate(words):
            if word.replace("-", "").isalpha() and _parse(self.morph, word.lower()).tag.POS == "NOUN":
                head = self.lemma(word)
                if i == 0:
                    return [f"{head} ^"]
                return [f"{self.lemma(words[0])} {head}", f"{head} +"]
        return []

    def is_adjective(self, word: str) -> bool:
        return _is_adjective(self.morph, word.lower())

    def lemma(self, word: str) -> str:
        return "=" + _parse(self.morph, word.lower()).normal_form.replace("ё", "е")


@lru_cache(maxsize=200_000)
def _parse(morph: MorphAnalyzer, word: str):  # type: ignore[no-untyped-def]
    return morph.parse(word)[0]


@lru_cache(maxsize=200_000)
def _parses(morph: MorphAnalyzer, word: str):  # type: ignore[no-untyped-def]
    return morph.parse(word)


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
        starts = {t.start: i for i, t in enumerate(tokens)}
        stops = {t.stop: i for i, t in enumerate(tokens)}
        for m in doc.mentions:
            first, last = starts.get(m.start), stops.get(m.stop)
            if first is None or last is None or m.type == "PER" or first == last:
                continue
            if not tokens[first].initial and tokens[first].text[0].isalpha():
                lexicon.count_head([t.text for t in tokens[first : last + 1]])
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
        self.named: set[int] = set()  # sentence-initial tokens whose capital is the name's

    def name_like(self, index: int) -> bool:
        token = self.tokens[index]
        if not any(c.isupper() for c in token.text):
            return False
        if not (token.initial and token.text[0].isupper()) or index in self.named:
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

    def mark_initial_names(self, nodes: Sequence[Node]) -> None:
        """Multi-word mentions that start a sentence with a word that alone reads as common:
        their first word is the name's when the head says so (`Lexicon.is_name_head`)."""
        for node in nodes:
            words = [t.text for t in self.tokens[node.first : node.last + 1]]
            if self.tokens[node.first].initial and words[0][0].isupper():
                person = node.type == "PER" and self.person_word(node.first)
                multi = node.type != "PER" and node.first < node.last and self.lexicon.is_name_head(words)
                if person or multi:
                    self.named.add(node.first)
            self.mark_initial_names(node.children)

    def person_word(self, index: int) -> bool:
        """A person's sentence-initial word that is the name's: an initial («А. Сельцовский»,
        «В. В. Путин») or a word the dictionary knows as a first name, surname or patronymic
        («Гари Каспаров», «Ислам Каримов», «Романов», «Ли»), not «Мать», «Сын», «Соратник»."""
        text = self.tokens[index].text
        after = self.tokens[index + 1].text if index + 1 < len(self.tokens) else ""
        if len(text) == 1 and text.isalpha() and after == ".":
            return True
        return any(PERSON & set(p.tag.grammemes) for p in _parses(self.lexicon.morph, text.lower()))

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
            if lead and node.type != "PER" and all(self.lexicon.is_adjective(t.text) for t in words):
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
    roots = splitter.tree(doc.mentions)
    splitter.mark_initial_names(roots)
    for root in splitter.names(roots, None):
        spans += splitter.emit(root)
    return tuple(Mention(tokens[a].start, tokens[b].stop, t) for a, b, t in sorted(spans))
