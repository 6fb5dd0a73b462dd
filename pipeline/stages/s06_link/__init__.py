"""Stage 6 — linking: mentions → entities, within a document and across the corpus.

- `document`: the mentions of one document → entities with ids 1, 2, … (`link_entities`);
- `roles`: role phrases beside a person («министр иностранных дел КНР Ван И») → `RoleMention`s
  (`find_roles`), run per document after `link_entities`;
- `corpus`: every document's entities → corpus entities with ids stable across runs
  (`link_corpus`), run once at the end of a corpus run over per-document summaries;
  `names` holds its rules for which names are one entity.

Imports run one way: records, shared word knowledge and earlier stages only.
"""

from __future__ import annotations

from pipeline.stages.s06_link.document import (
    fold,
    fullest_name,
    link_entities,
    names_corefer,
    person_name,
    same_person,
)

__all__ = [
    "fold",
    "fullest_name",
    "link_entities",
    "names_corefer",
    "person_name",
    "same_person",
]
