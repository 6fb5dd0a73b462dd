"""The view of one document: its text with every mention marked, gold beside predicted.

A mention is an element carrying its type and value (`data-type`, `data-value`, and
`data-gold-type`, `data-gold-value` where it stands for a gold mention), its case and
status, and the entity it links to; its normal form or value shows on hover. Where the
prediction and the gold agree on the span they are one element, otherwise one each
(the gold one hatched). The side panel lists the entities and every mention; clicking
one lights up all mentions of its entity. With gold, a legend counts each status, and
its boxes filter what is highlighted ("only errors").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.evaluation.html import asset, esc, page, styles, tag, write_atomic
from pipeline.evaluation.marks import STATUS_LABELS, STATUSES, Case, Side
from pipeline.evaluation.markup import Span, render
from pipeline.evaluation.mentions import TYPES
from pipeline.evaluation.scoring import Counts
from pipeline.evaluation.style import TYPE_NAMES


def _roles(case: Case) -> list[tuple[str, Side]]:
    """The elements a case is drawn as: one when both sides share the span, else one per side."""
    if case.pred and case.gold and (case.pred.start, case.pred.stop) == (case.gold.start, case.gold.stop):
        return [("both", case.pred)]
    return [(role, side) for role, side in (("pred", case.pred), ("gold", case.gold)) if side]


def _title(case: Case, role: str, names: Mapping[str, str]) -> str:
    lines = []
    if role != "gold" and case.pred:
        p = case.pred
        lines.append(f"{p.type} → {p.value}" + (" (nested name)" if p.depth else ""))
        if p.entity:
            lines.append(f"entity {p.entity}: {names.get(p.entity, '')}".rstrip(": "))
        if p.corpus_entity:
            lines.append(f"corpus entity {p.corpus_entity}")
    if role != "pred" and case.gold:
        g = case.gold
        where = f" «{g.text}»" if role == "gold" and case.pred else ""
        lines.append(f"gold: {g.type} → {g.value}{where}" + (" (nested name)" if g.depth else ""))
    elif case.status and case.gold and role == "pred":
        lines.append(f"gold: {case.gold.type} «{case.gold.text}» → {case.gold.value}")
    if case.status:
        lines.append(STATUS_LABELS[case.status])
    return "\n".join(lines)


def _mark(case: Case, role: str, side: Side, names: Mapping[str, str]) -> Span:
    # Written out by hand rather than through `attrs`: a long document has tens of thousands of
    # mentions. Types and statuses are known words (load_mentions checks the types); every
    # other value is escaped.
    gold = case.gold if role != "pred" else None
    classes = f"m t-{side.type}" + (f" s-{case.status}" if case.status else "")
    data = (
        f' data-case="{case.id}" data-side="{role}" data-start="{side.start}" data-stop="{side.stop}"'
        f' data-type="{side.type}" data-value="{esc(side.value)}"'
    )
    if gold:
        data += f' data-gold-type="{gold.type}" data-gold-value="{esc(gold.value)}"'
    if case.status:
        data += f' data-status="{case.status}"'
    if role != "gold" and side.entity:
        data += f' data-entity="{esc(side.entity)}"'
    if role != "gold" and side.corpus_entity:
        data += f' data-corpus-entity="{esc(side.corpus_entity)}"'
    if side.depth:
        data += f' data-depth="{side.depth}"'
    data += f' title="{esc(_title(case, role, names))}"'
    head_id = f"c{case.id}" if role != "gold" or not case.pred else f"c{case.id}-gold"
    return Span(side.start, side.stop, f'<span id="{head_id}" class="{classes}"{data}>',
                f'<span class="{classes} cont"{data}>')  # fmt: skip


@dataclass(frozen=True)
class DocumentView:
    """One document's view: `html` is a whole page; in a notebook it displays inline."""

    doc_id: str
    text: str
    cases: tuple[Case, ...]
    has_gold: bool
    names: Mapping[str, str] = field(default_factory=dict)  # entity → its fullest name
    corpus_names: Mapping[str, str] = field(default_factory=dict)  # corpus_entity → name
    scores: Mapping[str, Counts] = field(default_factory=dict)  # view (flat, nested) → strict counts
    index_href: str | None = None  # the index page, for a link back

    def counts(self) -> Counter[str]:
        return Counter(c.status for c in self.cases)

    def _header(self) -> str:
        predicted = sum(1 for c in self.cases if c.pred)
        facts = [f"{len(self.text):,} characters", f"{predicted} predicted mentions"]
        if self.has_gold:
            facts.append(f"{sum(1 for c in self.cases if c.gold)} gold mentions")
            if "flat" in self.scores and "nested" in self.scores:
                s = self.scores["flat"]
                facts.append(f"strict, flat: P {s.precision:.3f} · R {s.recall:.3f} · F1 {s.f1:.3f}")
                facts.append(f"nested F1 {self.scores['nested'].f1:.3f}")
        else:
            facts.append("no gold for this document: predictions only")
        back = f' · <a href="{esc(self.index_href)}">all documents</a>' if self.index_href else ""
        return (
            f"<header>{tag('h1', esc(self.doc_id))}<p class='sub'>{esc(' · '.join(facts))}{back}</p></header>"
        )

    def _legend(self) -> str:
        per_type = Counter(c.first.type for c in self.cases)
        types = "".join(
            f'<label class="t-{t}" title="{esc(TYPE_NAMES.get(t, t))}"><input type="checkbox" '
            f'data-hide="t-{t}" checked> <span class="sw t-{t}">{t}</span> '
            f'<span class="count">{per_type.get(t, 0)}</span></label>'
            for t in TYPES
        )
        parts = [f'<div class="group types">{types}</div>']
        if self.has_gold:
            counts = self.counts()
            statuses = "".join(
                f'<label><input type="checkbox" data-hide="s-{s}" checked> <span class="sw st s-{s}">'
                f'{STATUS_LABELS[s]}</span> <span class="count" data-count="{s}">{counts.get(s, 0)}</span>'
                "</label>"
                for s in STATUSES
            )
            parts.append(f'<div class="group statuses">{statuses}</div>')
            parts.append(
                '<label class="only-errors-label"><input type="checkbox" class="only-errors"> '
                "only errors</label>"
            )
        parts.append('<label><input type="checkbox" data-hide="labels" checked> type labels</label>')
        return f'<div class="legend">{"".join(parts)}</div>'

    def _entities(self, key: str, names: Mapping[str, str], title: str) -> str:
        groups: dict[str, list[Side]] = {}
        for case in self.cases:
            if case.pred and getattr(case.pred, key):
                groups.setdefault(getattr(case.pred, key), []).append(case.pred)
        if not groups:
            return ""
        items = []
        attribute = "data-" + key.replace("_", "-")
        for ident, sides in groups.items():
            kind = sides[0].type
            name = names.get(ident) or max((s.value for s in sides), key=len)
            items.append(
                f'<li class="t-{kind}" {attribute}="{esc(ident)}"><span class="sw t-{kind}">'
                f'{esc(kind)}</span> {esc(name)} <span class="count">×{len(sides)}</span></li>'
            )
        return f'<section><h2>{title}</h2><ul class="entities">{"".join(items)}</ul></section>'

    def _mentions(self) -> str:
        head = "<tr><th>type</th><th>text</th><th>value</th>"
        head += "<th>gold</th><th>status</th></tr>" if self.has_gold else "</tr>"
        rows = []
        for case in self.cases:
            first, pred, gold = case.first, case.pred, case.gold
            text = esc(first.text)
            if pred and gold and gold.text != pred.text:
                text += f" <span class='sub'>/ gold «{esc(gold.text)}»</span>"
            row = f"<td>{first.type}</td><td>{text}</td><td>{esc(pred.value) if pred else ''}</td>"
            if self.has_gold:
                shown = (
                    ""
                    if gold is None
                    else gold.value
                    if gold.type == first.type
                    else f"{gold.type} {gold.value}"
                )
                label = STATUS_LABELS[case.status]
                row += f'<td>{esc(shown)}</td><td><span class="sw st s-{case.status}">{label}</span></td>'
            classes = f"t-{first.type}" + (f" s-{case.status}" if case.status else "")
            entity = f' data-entity="{esc(pred.entity)}"' if pred and pred.entity else ""
            rows.append(f'<tr class="{classes}" data-case="{case.id}"{entity}>{row}</tr>')
        return f'<section><h2>Mentions</h2><table class="mentions">{head}{"".join(rows)}</table></section>'

    def fragment(self) -> str:
        """The view as one `<div class="rx">` (without style sheet and script)."""
        spans = [_mark(c, role, side, self.names) for c in self.cases for role, side in _roles(c)]
        info = (
            '<section class="info"><p class="hint">'
            "Click a mention or an entity: all its mentions light up.</p></section>"
        )
        aside = (
            info
            + self._entities("entity", self.names, "Entities")
            + self._entities("corpus_entity", self.corpus_names, "Corpus entities")
            + self._mentions()
        )
        return (
            f'<div class="rx" data-doc="{esc(self.doc_id)}"><div class="page">'
            f"{self._header()}{self._legend()}"
            f'<div class="layout"><div class="doc">{render(self.text, spans)}</div>'
            f"<aside>{aside}</aside></div></div></div>"
        )

    @property
    def html(self) -> str:
        return page(f"{self.doc_id} — ruextract", self.fragment())

    def save(self, path: Path | str) -> Path:
        write_atomic(Path(path), self.html)
        return Path(path)

    def _repr_html_(self) -> str:
        return f"<style>{styles()}</style>{self.fragment()}<script>{asset('view.js')}</script>"
