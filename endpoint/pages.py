"""HTML pages: the query UI at /, the saved-query gallery at /queries, entity and article pages.

Entity IRIs {base}{kind}/{slug} are served at /id/{kind}/{slug}: HTML for browsers, Turtle,
JSON-LD or N-Triples for RDF clients (content negotiation, Vary: Accept). Every value reaches
the page through Jinja autoescaping; nothing from the graph is marked safe.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, g, render_template, request

from endpoint.errors import NotAcceptable, NotFound
from endpoint.saved import catalogue_json, executor, saved_queries
from kg import paths, vocab

blueprint = Blueprint("pages", __name__, template_folder="templates", static_folder="static",
                      static_url_path="/static/ui")

RDF_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
               "application/n-triples": ox.RdfFormat.N_TRIPLES}
FORMAT_PARAM = {"ttl": "text/turtle", "jsonld": "application/ld+json",
                "nt": "application/n-triples", "html": "text/html"}
RDFS_LABEL = vocab.PREFIXES["rdfs"] + "label"
RDF_TYPE = vocab.PREFIXES["rdf"] + "type"
PROV_DERIVED = ox.NamedNode(vocab.PREFIXES["prov"] + "wasDerivedFrom")
EMKG_MENTIONED = ox.NamedNode(vocab.EMKG + "mentionedIn")
WIKIDATA = vocab.PREFIXES["wd"]
#: Rows per section of an entity page, and triples from and to an entity in its description: a
#: hub (a ministry named in thousands of articles) must not make a page of megabytes.
SECTION_ROWS = 100
OUTGOING_TRIPLES = 10_000
INCOMING_TRIPLES = 1000
PARTICIPATION = ("hasHost", "hasGuest", "hasAttendee", "hasDelegationMember", "organisedBy",
                 "hasParticipant")


@dataclass(frozen=True)
class Link:
    """A term shown on a page: its text, the href to follow (or None), and its language."""

    text: str
    href: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class SvgNode:
    x: float
    y: float
    label: str
    href: str
    centre: bool


@dataclass(frozen=True)
class SvgEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    count: int


def base() -> str:
    return vocab.base_iri(current_app.config.get("BASE_IRI"))


def local_href(iri: str) -> str | None:
    """The path on this server of an IRI under the data base, else None."""
    prefix = base()
    return "/id/" + iri[len(prefix):] if iri.startswith(prefix) else None


def safe_href(iri: str) -> str | None:
    """A link target for an IRI: its local path, or the IRI itself only when it is http(s)."""
    local = local_href(iri)
    if local:
        return local
    return iri if iri.startswith(("http://", "https://")) else None


def shorten(iri: str) -> str:
    for prefix, namespace in vocab.PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def select(sparql: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict]:
    """Rows of a read-only page query with bound variables (default graph).

    Every bound variable must be projected by the query (the executor writes the terms in).
    """
    prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in vocab.PREFIXES.items())
    subs = {ox.Variable(k): v for k, v in bindings.items()}
    return executor().solutions(prefixes + sparql, subs)


def labels_of(iri: str) -> dict[str, str]:
    """language → label of an IRI (an index lookup, remembered for the rest of the request)."""
    cache = g.setdefault("labels", {})
    if iri not in cache:
        out: dict[str, str] = {}
        for triple in executor().triples(ox.NamedNode(iri), ox.NamedNode(RDFS_LABEL), None):
            if isinstance(triple.object, ox.Literal):
                out.setdefault(triple.object.language or "", triple.object.value)
        cache[iri] = out
    return cache[iri]


def display(term) -> Link:
    """A term as a link with its best label (Arabic first) and language."""
    if isinstance(term, ox.NamedNode):
        labels = labels_of(term.value)
        text, lang = next(((labels[k], k) for k in ("ar", "en", "") if k in labels),
                          (shorten(term.value), None))
        return Link(text, safe_href(term.value), lang or None)
    if isinstance(term, ox.Literal):
        return Link(term.value, None, term.language)
    return Link(str(term))


# --------------------------------------------------------------------------------------------
# The UI


@blueprint.get("/")
def index():
    return render_template("index.html", queries=list(saved_queries().values()),
                           prefixes=vocab.PREFIXES, selected=request.args.get("query", ""))


@blueprint.get("/queries")
def gallery():
    """The gallery in HTML, or its JSON twin (/queries.json) for clients that prefer JSON."""
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        return catalogue_json()
    return render_template("queries.html", queries=list(saved_queries().values()))


# --------------------------------------------------------------------------------------------
# Entity pages


def negotiated(accept_header: str | None, format_param: str | None) -> str:
    if format_param:
        if format_param not in FORMAT_PARAM:
            raise NotAcceptable(f"parameter 'format': unknown format {format_param!r}",
                                parameter="format", supported=sorted(FORMAT_PARAM))
        return FORMAT_PARAM[format_param]
    offers = ["text/html", *RDF_FORMATS]
    best = request.accept_mimetypes.best_match(offers) if accept_header else "text/html"
    if best is None:
        raise NotAcceptable(f"no entity format matches Accept: {accept_header}",
                            supported=offers)
    return best


def description(iri: str) -> tuple[list[ox.Triple], dict[str, int]]:
    """The entity's own triples and the triples pointing at it (default graph), each side cut at
    its limit, and the limits that cut (direction → limit); no triples for a path that is no IRI."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return [], {}
    triples, cut = [], {}
    for direction, pattern, limit in (("outgoing", (node, None, None), OUTGOING_TRIPLES),
                                      ("incoming", (None, None, node), INCOMING_TRIPLES)):
        found = executor().triples(*pattern, limit=limit + 1)
        triples += found[:limit]
        if len(found) > limit:
            cut[direction] = limit
    return triples, cut


@blueprint.get("/id/<kind>/<slug>")
def entity(kind: str, slug: str):
    iri = f"{base()}{kind}/{slug}"
    media_type = negotiated(request.headers.get("Accept"), request.args.get("format"))
    triples, cut = description(iri)
    if not triples:
        raise NotFound(f"no resource {iri}", iri=iri)
    if media_type in RDF_FORMATS:
        prefixes = None if media_type == "application/n-triples" else dict(vocab.PREFIXES)
        body = ox.serialize(triples, format=RDF_FORMATS[media_type], prefixes=prefixes)
        response = Response(body, mimetype=media_type)
    elif kind == "article":
        response = Response(render_template("article.html", **article_view(iri)))
    else:
        response = Response(render_template("entity.html",
                                            **entity_view(iri, triples, cut)))
    if cut:  # said, never silent: e.g. "outgoing=10000, incoming=1000"
        response.headers["X-Description-Cut"] = ", ".join(f"{k}={v}" for k, v in cut.items())
    response.headers["Vary"] = "Accept"
    return response


def entity_view(iri: str, triples: list[ox.Triple], cut: dict[str, int] | None = None) -> dict:
    node = ox.NamedNode(iri)
    shown: dict[str, int] = {}
    outgoing = []
    for t in triples:
        if t.subject == node and t.predicate.value != RDFS_LABEL:
            shown[t.predicate.value] = shown.get(t.predicate.value, 0) + 1
            if shown[t.predicate.value] <= SECTION_ROWS // 5:  # 7,000 mentions are no table
                outgoing.append((display(t.predicate), display(t.object)))
    pointing = [t for t in triples if t.object == node]
    incoming = [(display(t.subject), display(t.predicate)) for t in pointing[:SECTION_ROWS * 2]]
    return {
        "more_incoming": "incoming" in (cut or {}) or len(pointing) > len(incoming),
        "outgoing_cut": "outgoing" in (cut or {}),
        "more_outgoing": {display(ox.NamedNode(p)).text: n for p, n in shown.items()
                          if n > SECTION_ROWS // 5},
        "section_rows": SECTION_ROWS,
        "iri": iri, "labels": labels_of(iri),
        "types": [display(t.object) for t in triples
                  if t.subject == node and t.predicate.value == RDF_TYPE],
        "wikidata": [t.object.value for t in triples if t.subject == node
                     and isinstance(t.object, ox.NamedNode) and t.object.value.startswith(WIKIDATA)],
        **sections(node),
        "outgoing": outgoing, "incoming": incoming, "svg": neighbourhood(node),
        "formats": FORMAT_PARAM,
    }


def sections(node: ox.NamedNode) -> dict:
    """The page's tables, each cut at SECTION_ROWS, and which of them were cut (`more`)."""
    tables = {"posts": posts(node), "meetings": meetings(node), "sources": sources(node),
              "involvements": programmes_and_shelters(node), "statuses": status_reports(node)}
    more = {name: len(rows) > SECTION_ROWS for name, rows in tables.items()}
    return {**{name: rows[:SECTION_ROWS] for name, rows in tables.items()}, "more": more}


def posts(node: ox.NamedNode) -> list[dict]:
    rows = select("""SELECT ?e ?m ?person ?org ?title ?reported WHERE {
        { SELECT DISTINCT ?m WHERE { { ?m org:member ?e } UNION { ?m org:organization ?e } }
          LIMIT %d }
        OPTIONAL { ?m org:member ?person } OPTIONAL { ?m org:organization ?org }
        OPTIONAL { ?m emkg:titleAsPrinted ?title } OPTIONAL { ?m emkg:reportedOn ?reported }
        } ORDER BY DESC(?reported) ?title ?m""" % (SECTION_ROWS + 1), e=node)
    return [{"person": display(r["person"]) if r["person"] else None,
             "org": display(r["org"]) if r["org"] else None,
             "title": r["title"].value if r["title"] else "",
             "reported": r["reported"].value if r["reported"] else "",
             "fact": local_href(r["m"].value)} for r in rows]


def meetings(node: ox.NamedNode) -> list[dict]:
    roles = " ".join(f"emkg:{p}" for p in PARTICIPATION)
    rows = select(f"""SELECT ?e ?meeting (SAMPLE(?r) AS ?role) (SAMPLE(?d) AS ?date) WHERE {{
        {{ SELECT DISTINCT ?meeting WHERE {{ VALUES ?r0 {{ {roles} }} ?meeting ?r0 ?e }}
           LIMIT {SECTION_ROWS + 1} }}
        VALUES ?r {{ {roles} }} ?meeting ?r ?e . OPTIONAL {{ ?meeting emkg:date ?d }}
        }} GROUP BY ?e ?meeting ORDER BY DESC(?date) ?meeting""", e=node)
    return [{"meeting": display(r["meeting"]), "role": shorten(r["role"].value),
             "date": r["date"].value if r["date"] else ""} for r in rows]


def programmes_and_shelters(node: ox.NamedNode) -> list[dict]:
    """Programmes and shelters the entity owns, funds, implements, partners, operates or supports."""
    rows = select("""SELECT ?e ?x ?role (SAMPLE(?t) AS ?type) WHERE {
        { SELECT DISTINCT ?x ?role WHERE {
            VALUES ?role { emkg:ownedBy emkg:fundedBy emkg:implementedBy emkg:hasPartner
                           emkg:operatedBy emkg:supportedBy }
            ?x ?role ?e } LIMIT %d }
        OPTIONAL { ?x a ?t FILTER(STRSTARTS(STR(?t), STR(emkg:))) }
        } GROUP BY ?e ?x ?role ORDER BY ?x""" % (SECTION_ROWS + 1), e=node)
    return [{"item": display(r["x"]), "role": shorten(r["role"].value),
             "type": shorten(r["type"].value) if r["type"] else ""} for r in rows]


def status_reports(node: ox.NamedNode) -> list[dict]:
    rows = select("""SELECT ?e ?status ?printed ?reported WHERE {
        { SELECT ?r WHERE { ?r emkg:statusOf ?e } LIMIT %d }
        ?r emkg:reportedStatus ?status .
        OPTIONAL { ?r emkg:statusAsPrinted ?printed } OPTIONAL { ?r emkg:reportedOn ?reported }
        } ORDER BY DESC(?reported) ?r""" % (SECTION_ROWS + 1), e=node)
    return [{"status": shorten(r["status"].value),
             "printed": r["printed"].value if r["printed"] else "",
             "reported": r["reported"].value if r["reported"] else ""} for r in rows]


def cited_spans(node: ox.NamedNode, limit: int = SECTION_ROWS + 1) -> list[ox.NamedNode]:
    """Spans naming the entity or the facts pointing at it (index lookups, no graph scan)."""
    cite = (PROV_DERIVED, EMKG_MENTIONED)
    holders = [node] + sorted({t.subject for t in executor().triples(None, None, node,
                                                                      limit=INCOMING_TRIPLES)
                               if isinstance(t.subject, ox.NamedNode)}, key=lambda n: n.value)
    spans: dict[str, ox.NamedNode] = {}
    for holder in holders:
        if len(spans) >= limit:  # a hub: the first holders' spans are enough for one page
            break
        for predicate in cite:
            for triple in executor().triples(holder, predicate, None):
                if isinstance(triple.object, ox.NamedNode):
                    spans.setdefault(triple.object.value, triple.object)
    return [spans[k] for k in sorted(spans)][:limit]


def sources(node: ox.NamedNode) -> list[dict]:
    """Quoted spans about the entity or its facts, with links into their articles."""
    out = []
    for span in cited_spans(node):
        for r in select("""SELECT ?span ?quote ?article ?title WHERE {
                ?span oa:hasSource ?article .
                OPTIONAL { ?span oa:hasSelector ?s . ?s oa:exact ?quote }
                OPTIONAL { ?article dcterms:title ?title } } LIMIT 1""", span=span):
            out.append({"quote": r["quote"].value if r["quote"] else "",
                        "href": f"{safe_href(r['article'].value) or ''}"
                                f"?span={span.value.rsplit('/', 1)[-1]}#{span_anchor(span.value)}",
                        "title": r["title"].value if r["title"] else shorten(r["article"].value)})
    return out


def span_anchor(span_iri: str) -> str:
    return "span-" + span_iri.rsplit("/", 1)[-1]


def neighbourhood(node: ox.NamedNode, limit: int = 12, size: int = 360) -> dict:
    """Who met whom around the entity: its co-participants on a circle, edges by shared meetings."""
    roles = " ".join(f"emkg:{p}" for p in PARTICIPATION)
    rows = select(f"""SELECT ?e ?other (COUNT(DISTINCT ?m) AS ?n) WHERE {{
        VALUES ?role {{ {roles} }} ?m ?role ?e .
        VALUES ?other_role {{ {roles} }} ?m ?other_role ?other . FILTER(?other != ?e)
        ?m a emkg:Meeting .
        }} GROUP BY ?e ?other ORDER BY DESC(?n) ?other LIMIT {int(limit)}""", e=node)
    centre = size / 2
    nodes = [SvgNode(centre, centre, display(node).text, "", True)]
    edges = []
    for i, row in enumerate(rows):
        angle = 2 * math.pi * i / max(len(rows), 1) - math.pi / 2
        x, y = centre + 0.3 * size * math.cos(angle), centre + 0.3 * size * math.sin(angle)
        link = display(row["other"])
        count = int(row["n"].value)
        nodes.append(SvgNode(round(x, 1), round(y, 1), link.text, link.href or "", False))
        edges.append(SvgEdge(centre, centre, round(x, 1), round(y, 1), min(1 + count, 6), count))
    return {"size": size, "nodes": nodes, "edges": edges}


# --------------------------------------------------------------------------------------------
# Article pages


def article_view(iri: str) -> dict:
    node = ox.NamedNode(iri)
    meta = {k: (r[k].value if r[k] else "") for r in select("""
        SELECT ?a ?title ?outlet ?address ?published ?file ?sha WHERE {
        OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a emkg:outlet ?outlet }
        OPTIONAL { ?a emkg:address ?address } OPTIONAL { ?a emkg:published ?published }
        OPTIONAL { ?a emkg:fileName ?file } OPTIONAL { ?a emkg:textSha256 ?sha } } LIMIT 1""",
        a=node) for k in r}
    spans = [{"id": span_anchor(r["span"].value), "key": r["span"].value.rsplit("/", 1)[-1],
              "start": int(r["start"].value), "end": int(r["end"].value),
              "exact": r["exact"].value if r["exact"] else "",
              "prefix": r["prefix"].value if r["prefix"] else "",
              "suffix": r["suffix"].value if r["suffix"] else ""}
             for r in select("""SELECT ?a ?span ?start ?end ?exact ?prefix ?suffix WHERE {
                 ?span oa:hasSource ?a ; oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end .
                 OPTIONAL { ?span oa:hasSelector ?q . ?q oa:exact ?exact
                            OPTIONAL { ?q oa:prefix ?prefix } OPTIONAL { ?q oa:suffix ?suffix } }
                 } ORDER BY ?start ?end""", a=node)]
    chosen = request.args.get("span", "")
    if not meta.get("address", "").startswith(("http://", "https://")):
        meta["address"] = ""  # never a javascript: or data: link
    text = article_text(meta.get("file", ""), meta.get("sha", ""))
    return {"iri": iri, "meta": meta, "spans": spans, "chosen": chosen,
            "segments": segments(text, spans, chosen) if text is not None else None}


def article_text(file_name: str, sha: str) -> str | None:
    """The article's text from ARTICLES_DIR (default: the seeds), only if its hash matches."""
    if not file_name or not sha:
        return None
    folder = Path(current_app.config.get("ARTICLES_DIR") or paths.SEEDS_DIR)
    path = folder / Path(file_name).name
    if not path.is_file():
        return None
    text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    return text if hashlib.sha256(text.encode("utf-8")).hexdigest() == sha else None


def segments(text: str, spans: list[dict], chosen: str) -> list[dict]:
    """The text cut at span borders: plain pieces and marked pieces (non-overlapping)."""
    out, cursor = [], 0
    for span in spans:
        start, end = max(span["start"], cursor), min(span["end"], len(text))
        if start >= end:
            continue
        out.append({"text": text[cursor:start], "span": None})
        out.append({"text": text[start:end], "span": span, "chosen": span["key"] == chosen})
        cursor = end
    out.append({"text": text[cursor:], "span": None})
    return [s for s in out if s["text"]]


@blueprint.app_context_processor
def _ui_context() -> dict:
    return {"data_base": base()}
