"""What one article says, before resolution: mentions of things and facts about them.

Offsets are code points into `Article.text` (the original). Ids are local to one article
("m3", "f7"); `kg.resolve` turns them into article-independent nodes and statements.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.records import Article, Lit

#: Mention kinds and the ontology class each becomes.
MENTION_CLASSES = {
    "person": "Official",
    "organization": "Organization",
    "country": "Country",
    "city": "City",
    "place": "Place",
}


@dataclass(frozen=True)
class Mention:
    """A name in the text: a person, an organisation or a place."""

    id: str
    kind: str  # a key of MENTION_CLASSES
    text: str  # the name as printed, without honorific, conjunction or preposition
    start: int
    end: int
    rule_id: str
    key: str | None = None  # gazetteer id when known (e.g. "org:iom"), else None
    attrs: tuple[tuple[str, str], ...] = ()  # e.g. (("honorific", "الدكتورة"), ("gender", "female"))

    def attr(self, name: str) -> str | None:
        return dict(self.attrs).get(name)


@dataclass(frozen=True)
class FactMention:
    """An n-ary fact stated in the text: a Membership, Meeting, Programme, Shelter or StatusReport.

    `roles` link it to mentions ((predicate CURIE, mention id) or (predicate, fact id));
    `values` carry literals ((annotation or datatype CURIE, Lit)).
    """

    id: str
    cls: str  # ontology class local name: "Membership", "Meeting", "Hotline", "Shelter" …
    start: int  # the span cited as its source
    end: int
    rule_id: str
    name: str | None = None  # label as printed (programmes, shelters)
    roles: tuple[tuple[str, str], ...] = ()
    values: tuple[tuple[str, Lit], ...] = ()


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    facts: tuple[FactMention, ...] = ()
    notes: tuple[str, ...] = ()  # human-readable decisions (clutter removed, dates unresolved …)
