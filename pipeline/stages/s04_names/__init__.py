"""Stage 4 — names: PER/LOC/ORG mentions from slovnet's NER model and declared rules.

- `tagger`: the model (slovnet, shipped in natasha) tags every line of a batch of documents
  on the morphology stage's tokens, calling its encoder, network and CRF directly
  (`NERTagger.infer`), one line per input, so no span crosses a line break.
- `rules`: the ordered list `RULES` of span rules (`span_rules`, `kind_rules`, `place_rules`,
  `edge_rules`, `join_rules`, `document_rules`), each with its measured effect and the reason it exists;
  `context` is what they work on, `wordlists` the words they consult.

Names an organisation's name was joined from («России» in «МИД России») come out too,
right after it, with `depth` 1 (`../shared/ANNOTATION.md`, "Nested names"). The mentions
come out in text order (the outer name before the names inside it) with no normal form
(stage 5 gives it) and entity id 0 (stage 6 links them).
"""

from __future__ import annotations

from collections.abc import Sequence

from razdel import tokenize

from pipeline.models import Models
from pipeline.records import EntityMention, Token
from pipeline.stages.s02_segment import lines, segment
from pipeline.stages.s04_names.context import TYPES, Context, PlainWord, Span, Word, nested_names
from pipeline.stages.s04_names.rules import RULE_NAMES, RULES, Effect, Rule, post_process
from pipeline.stages.s04_names.tagger import tag_lines_batch

__all__ = [
    "RULES",
    "RULE_NAMES",
    "TYPES",
    "Context",
    "Effect",
    "PlainWord",
    "Rule",
    "Span",
    "Word",
    "find_entities",
    "find_entities_batch",
    "post_process",
    "words_from_tokens",
]


def words_from_tokens(text: str, tokens: Sequence[Token]) -> Sequence[Word]:
    """The rules' words: the tokens themselves; razdel tokens of every line if none are given."""
    if tokens:
        return tokens
    return tuple(
        PlainWord(offset + t.start, offset + t.stop, t.text)
        for offset, line in lines(text)
        for t in tokenize(line)
    )


def find_entities_batch(
    documents: Sequence[tuple[str, Sequence[Token]]], models: Models, *, skip: frozenset[str] = frozenset()
) -> list[list[EntityMention]]:
    """PER/LOC/ORG mentions of several documents (one list each), nested ones after their outer
    name; no normal forms, entity ids 0.

    Each document's `tokens` carry slovnet features (the morphology stage's output); if a
    document has none, razdel tokens without features are used. `skip` names rules of
    `RULES` to leave out (for ablation). The model runs once over all the documents' lines.
    """
    tagging = [(text, tokens or segment(text).tokens) for text, tokens in documents]
    raw = tag_lines_batch(tagging, models)
    results = []
    for (text, tokens), spans in zip(documents, raw, strict=True):
        ctx = Context(text, words_from_tokens(text, tokens), models.morph)
        found = []
        for span in post_process(ctx, spans, skip):
            found.append(EntityMention(span.start, span.stop, span.type, ctx.surface(span), ""))
            found.extend(
                EntityMention(inner.start, inner.stop, inner.type, ctx.surface(inner), "", depth=1)
                for inner in nested_names(span)
            )
        results.append(found)
    return results


def find_entities(
    text: str, tokens: Sequence[Token], models: Models, *, skip: frozenset[str] = frozenset()
) -> list[EntityMention]:
    """PER/LOC/ORG mentions of one document in text order; no normal forms, entity ids 0."""
    return find_entities_batch([(text, tokens)], models, skip=skip)[0]
