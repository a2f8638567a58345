"""Typed records that flow between the pipeline stages (see docs/data-model.md)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

#: Zone kinds the extractor reads; every other zone is page clutter.
CONTENT_ZONES = frozenset({"headline", "body"})
ZONE_KINDS = frozenset(
    {"headline", "subheading", "body", "ticker", "related", "tags", "share", "source",
     "masthead", "dateline", "caption"}
)


@dataclass(frozen=True)
class ArticleMeta:
    """What is known about an article besides its text."""

    outlet_ar: str | None = None
    outlet_en: str | None = None
    address: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD)
    published_derived: bool = False
    title: str | None = None
    author: str | None = None  # the byline's name, as printed (never an Official)


@dataclass(frozen=True)
class Zone:
    """A region of the article text: content (headline/body) or clutter (ticker, tags …)."""

    kind: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.kind not in ZONE_KINDS:
            raise ValueError(f"unknown zone kind {self.kind!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad zone bounds {self.start}..{self.end}")


@dataclass(frozen=True)
class Article:
    """One article as read: the original text (offsets index it) and its zones."""

    id: str
    path: str
    text: str
    sha256: str
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    zones: tuple[Zone, ...] = ()

    def content_zones(self) -> tuple[Zone, ...]:
        return tuple(z for z in self.zones if z.kind in CONTENT_ZONES)


@dataclass(frozen=True)
class Citation:
    """A span of an article's original text, in code points."""

    article_id: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Ref:
    """A reference to a node by key."""

    key: str


@dataclass(frozen=True)
class Lit:
    """A literal value: a language-tagged string, a typed value or a plain string."""

    value: str
    lang: str | None = None
    datatype: str | None = None  # CURIE such as "xsd:integer"


@dataclass(frozen=True)
class Label:
    text: str
    lang: str  # "ar" or "en"
    kind: str = "alt"  # "pref" or "alt"


@dataclass(frozen=True)
class Node:
    """A resolved thing: an entity (Official, Organization …) or a fact node (Membership …)."""

    key: str
    cls: str  # ontology class local name, e.g. "Official", "Membership", "Hotline"
    labels: tuple[Label, ...] = ()
    citations: tuple[Citation, ...] = ()
    attrs: tuple[tuple[str, Lit], ...] = ()  # annotation CURIE -> literal, e.g. ("emkg:gender", Lit("female"))
    merge_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement:
    """subject —predicate→ object, cited by a span of one article."""

    subject: str
    predicate: str  # CURIE, e.g. "emkg:hasHost", "org:member"
    object: Union[Ref, Lit]
    citation: Citation
    rule_id: str


@dataclass(frozen=True)
class Resolution:
    """The article-independent graph content: nodes and cited statements."""

    nodes: tuple[Node, ...] = ()
    statements: tuple[Statement, ...] = ()


class ArticleError(ValueError):
    """An article that cannot be read or processed; names the file."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):
        """Picklable with its fields, so worker processes can report it."""
        return (ArticleError, (self.path, self.reason, self.line))
