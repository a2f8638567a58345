"""Resolution + Articles → RDF quads with provenance (see docs/data-model.md).

Every triple derived from an article goes into that article's named graph and into the default
graph (the merged view saved queries read); cross-article triples (preferred labels, merge
reasons, Wikidata links) go into the default graph only.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from kg import vocab
from kg.normalize import search_key, search_words
from kg.records import Article, Citation, Lit, Node, Ref, Resolution, Statement

#: Class local name → IRI kind (the path segment after the base IRI).
KIND_OF_CLASS = {
    "Official": "official", "Organization": "organization", "Meeting": "meeting",
    "Shelter": "shelter", "Place": "place", "Country": "place", "City": "place",
    "Membership": "membership", "StatusReport": "status", "Role": "role",
    "LinkCandidate": "link",
}
PROGRAMME_CLASSES = frozenset({
    "Programme", "Strategy", "ActionPlan", "Campaign", "Hotline", "Partnership", "Project",
    "ReferralMechanism", "ServiceProgramme", "TrainingProgramme",
})
#: Classes that are not emkg: terms.
EXTERNAL_CLASSES = {"Membership": "org:Membership", "Role": "org:Role"}
#: Fact nodes cite their spans with prov:wasDerivedFrom; entities with emkg:mentionedIn.
FACT_CLASSES = frozenset({"Membership", "Meeting", "StatusReport", "Shelter"}) | PROGRAMME_CLASSES
#: Facts "as reported by an article on a date": each gets emkg:reportedOn, the publication date of
#: every citing article whose date is known (a post or a status can change between reports).
DATED_REPORTS = frozenset({"Membership", "StatusReport"})
#: Classes a reader looks up by name: only their nodes get label-search's word index
#: (emkg:searchWord). Posts, status reports and meetings have composed labels ("name, title",
#: "meeting of A and B") and there is one per report, so a common surname would hit tens of
#: thousands of them; their names are reached through the entities they are about.
NAMED_CLASSES = frozenset({
    "Official", "Organization", "Place", "Country", "City", "Shelter",
}) | PROGRAMME_CLASSES
#: Sub-properties of emkg:hasParticipant, materialised (SPARQL does no sub-property inference).
PARTICIPANT_ROLES = frozenset({
    "emkg:hasHost", "emkg:hasGuest", "emkg:hasAttendee", "emkg:hasDelegationMember",
    "emkg:organisedBy",
})
#: Predicates whose object is an IRI even when written as a CURIE literal (e.g. a Status).
IRI_VALUED = frozenset({"emkg:reportedStatus", "org:role"})

RDF_TYPE = NamedNode(vocab.expand("rdf:type"))
DEFAULT = DefaultGraph()


def _iri(curie: str) -> NamedNode:
    return NamedNode(vocab.expand(curie))


def class_iri(cls: str) -> NamedNode:
    return _iri(EXTERNAL_CLASSES.get(cls, f"emkg:{cls}"))


def kind_of(cls: str) -> str:
    if cls in PROGRAMME_CLASSES:
        return "programme"
    return KIND_OF_CLASS.get(cls, "place" if cls.endswith("Place") else "organization")


def _kind_from_key(key: str) -> str:
    prefix = key.split(":", 1)[0]
    return prefix if prefix in vocab.KINDS else "organization"


def literal(lit: Lit) -> Literal:
    if lit.lang:
        return Literal(lit.value, language=lit.lang)
    if lit.datatype:
        return Literal(lit.value, datatype=_iri(lit.datatype))
    return Literal(lit.value)


@dataclass(frozen=True)
class GraphWriter:
    """Mints IRIs under one base and turns records into quads."""

    base: str

    def node_iri(self, key: str, cls: str | None = None) -> NamedNode:
        if ":" in key and key.split(":", 1)[0] in vocab.PREFIXES:
            return _iri(key)  # a vocabulary term such as emkg:Planned
        kind = kind_of(cls) if cls else _kind_from_key(key)
        return NamedNode(vocab.mint(kind, key, self.base))

    def article_iri(self, article_id: str) -> NamedNode:
        return NamedNode(vocab.mint("article", article_id, self.base))

    def graph(self, article_id: str) -> NamedNode:
        return NamedNode(vocab.graph_iri(article_id, self.base))

    def span_iri(self, c: Citation) -> NamedNode:
        c = trimmed(c)
        return NamedNode(vocab.mint("span", f"{c.article_id}/{c.start}-{c.end}", self.base))

    # -- articles and spans ---------------------------------------------------------------------
    def article_quads(self, article: Article) -> Iterator[Quad]:
        s, g = self.article_iri(article.id), self.graph(article.id)
        meta = article.meta
        triples = [(RDF_TYPE, _iri("emkg:Article")),
                   (_iri("rdfs:label"), Literal(meta.title or article.id, language="ar")
                    if meta.title else Literal(article.id, language="ar")),
                   (_iri("emkg:fileName"), Literal(article.path.rsplit("/", 1)[-1])),
                   (_iri("emkg:textSha256"), Literal(article.sha256))]
        if meta.title:
            triples.append((_iri("dcterms:title"), Literal(meta.title, language="ar")))
        if meta.outlet_ar:
            triples.append((_iri("emkg:outlet"), Literal(meta.outlet_ar, language="ar")))
        if meta.outlet_en:
            triples.append((_iri("emkg:outlet"), Literal(meta.outlet_en, language="en")))
        if meta.address:
            triples.append((_iri("emkg:address"), Literal(meta.address, datatype=_iri("xsd:anyURI"))))
        if meta.published:
            triples.append((_iri("emkg:published"), Literal(meta.published, datatype=_iri("xsd:date"))))
            triples.append((_iri("emkg:publishedDerived"),
                            Literal("true" if meta.published_derived else "false",
                                    datatype=_iri("xsd:boolean"))))
        for p, o in triples:
            yield from _both(s, p, o, g)

    def span_quads(self, c: Citation, article: Article) -> Iterator[Quad]:
        c = trimmed(c)
        s, g = self.span_iri(c), self.graph(c.article_id)
        quote_sel = NamedNode(f"{s.value}-quote")
        pos_sel = NamedNode(f"{s.value}-position")
        nonneg = _iri("xsd:nonNegativeInteger")
        zone = next((z.kind for z in article.zones if z.start <= c.start < z.end), None)
        triples = [
            (s, RDF_TYPE, _iri("emkg:TextSpan")),
            (s, _iri("oa:hasSource"), self.article_iri(c.article_id)),
            (s, _iri("emkg:textSha256"), Literal(article.sha256)),
            (s, _iri("oa:hasSelector"), quote_sel),
            (s, _iri("oa:hasSelector"), pos_sel),
            (quote_sel, RDF_TYPE, _iri("oa:TextQuoteSelector")),
            (s, _iri("rdfs:label"), Literal(_short(c.quote), language="ar")),
            (quote_sel, _iri("oa:exact"), Literal(c.quote)),
            (pos_sel, RDF_TYPE, _iri("oa:TextPositionSelector")),
            (pos_sel, _iri("oa:start"), Literal(str(c.start), datatype=nonneg)),
            (pos_sel, _iri("oa:end"), Literal(str(c.end), datatype=nonneg)),
        ]
        if zone:
            triples.append((s, _iri("emkg:zone"), Literal(zone)))
        for t in triples:
            yield from _both(*t, g)

    # -- nodes and statements -------------------------------------------------------------------
    def node_quads(self, node: Node, articles: dict[str, Article]) -> Iterator[Quad]:
        s = self.node_iri(node.key, node.cls)
        graphs = sorted({c.article_id for c in node.citations})
        per_article: list[tuple[NamedNode, NamedNode, object]] = [(s, RDF_TYPE, class_iri(node.cls))]
        for label in node.labels:
            per_article.append((s, _iri("rdfs:label"), Literal(_clean(label.text), language=label.lang)))
        cite = _iri("prov:wasDerivedFrom") if node.cls in FACT_CLASSES else _iri("emkg:mentionedIn")
        by_article: dict[str, list] = {}
        for c in node.citations:
            by_article.setdefault(c.article_id, []).append((s, cite, self.span_iri(c)))
            if node.cls in FACT_CLASSES:
                by_article[c.article_id].append(
                    (s, _iri("prov:hadPrimarySource"), self.article_iri(c.article_id)))
        if node.cls in DATED_REPORTS:  # once per citing article, not per citation
            for article_id in by_article.keys() & articles.keys():
                if published := articles[article_id].meta.published:
                    by_article[article_id].append(
                        (s, _iri("emkg:reportedOn"), Literal(published, datatype=_iri("xsd:date"))))
        shared: list[tuple] = []
        for label in node.labels:
            predicate = "skos:prefLabel" if label.kind == "pref" else "skos:altLabel"
            shared.append((s, _iri(predicate), Literal(_clean(label.text), language=label.lang)))
        keys = sorted({search_key(label.text) for label in node.labels} - {""})
        for key in keys:
            shared.append((s, _iri("emkg:searchKey"), Literal(key)))
        if node.cls in NAMED_CLASSES:
            for word in sorted({w for key in keys for w in search_words(key)}):
                shared.append((s, _iri("emkg:searchWord"), Literal(word)))
        for reason in node.merge_reasons:
            shared.append((s, _iri("emkg:mergeReason"), Literal(reason, language="en")))
        for name, value in node.attrs:
            if name == "emkg:wikidata":
                shared.append((s, _iri("owl:sameAs"), NamedNode(vocab.PREFIXES["wd"] + value.value)))
            elif name == "emkg:candidateFor":  # a LinkCandidate's entity, given by node key
                shared.append((s, _iri(name), self.node_iri(value.value)))
            elif name.startswith("emkg:link"):
                shared.append((s, _iri(name), literal(value)))
            else:
                per_article.append((s, _iri(name), literal(value)))
        for t in per_article:
            yield Quad(*t, DEFAULT)
            for article_id in graphs:
                yield Quad(*t, self.graph(article_id))
        for article_id, triples in by_article.items():
            for t in triples:
                yield from _both(*t, self.graph(article_id))
        for t in shared:
            yield Quad(*t, DEFAULT)

    def statement_quads(self, st: Statement, classes: dict[str, str]) -> Iterator[Quad]:
        s = self.node_iri(st.subject, classes.get(st.subject))
        p = _iri(st.predicate)
        if isinstance(st.object, Ref):
            o = self.node_iri(st.object.key, classes.get(st.object.key))
        elif st.predicate in IRI_VALUED and ":" in st.object.value and not st.object.lang:
            o = self.node_iri(st.object.value)
        else:
            o = literal(st.object)
        g = self.graph(st.citation.article_id)
        yield from _both(s, p, o, g)
        if st.predicate in PARTICIPANT_ROLES:
            yield from _both(s, _iri("emkg:hasParticipant"), o, g)


def trimmed(c: Citation) -> Citation:
    """The citation without surrounding whitespace (offsets moved to match)."""
    lead = len(c.quote) - len(c.quote.lstrip())
    trail = len(c.quote) - len(c.quote.rstrip())
    if not lead and not trail:
        return c
    return Citation(c.article_id, c.start + lead, c.end - trail, c.quote.strip())


def _clean(text: str) -> str:
    """A label on one line without surrounding whitespace."""
    return " ".join(text.split())


def _short(text: str, limit: int = 80) -> str:
    text = _clean(text)
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _both(s, p, o, g) -> Iterator[Quad]:
    yield Quad(s, p, o, g)
    yield Quad(s, p, o, DEFAULT)


def to_quads(resolution: Resolution, articles: Iterable[Article], base: str | None = None,
             classes: dict[str, str] | None = None) -> Iterator[Quad]:
    """All quads for one resolution over its articles (duplicates possible; stores dedupe).

    `classes` maps node keys to classes for nodes defined elsewhere (earlier articles).
    """
    writer = GraphWriter(vocab.base_iri(base))
    by_id = {a.id: a for a in articles}
    for article in by_id.values():
        yield from writer.article_quads(article)
    classes = dict(classes or {})
    classes.update({n.key: n.cls for n in resolution.nodes})
    citations = {c for n in resolution.nodes for c in n.citations}
    citations |= {st.citation for st in resolution.statements}
    for c in sorted(citations, key=lambda c: (c.article_id, c.start, c.end)):
        if c.article_id in by_id:
            yield from writer.span_quads(c, by_id[c.article_id])
    for node in resolution.nodes:
        yield from writer.node_quads(node, by_id)
    for st in resolution.statements:
        yield from writer.statement_quads(st, classes)
    # every cited statement also cites its span on the subject fact node
    for st in resolution.statements:
        if classes.get(st.subject) in FACT_CLASSES:
            s = writer.node_iri(st.subject, classes.get(st.subject))
            g = writer.graph(st.citation.article_id)
            yield from _both(s, _iri("prov:wasDerivedFrom"), writer.span_iri(st.citation), g)
            yield from _both(s, _iri("prov:hadPrimarySource"),
                             writer.article_iri(st.citation.article_id), g)
