"""Query execution with guards (no update, no SERVICE, timeout, row cap) and result formats.

The timeout: the query runs in a daemon thread that checks a deadline between result rows; the
request thread waits with `join(timeout)`. On expiry the client gets the JSON timeout error at once.
If the query thread is stuck inside one evaluation step (pyoxigraph has no cancellation), the
worker is marked for recycling: after the response is sent it exits gracefully and gunicorn
starts a fresh one, so other requests keep being served by the other workers.
"""
from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from endpoint.errors import (NotAcceptable, QuerySyntaxError, QueryTimeout, RowLimitExceeded,
                             ServiceRefused, UpdateRefused)

RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "nq": "application/n-quads",
    "trig": "application/trig",
}
ALIASES = {  # other names clients send, per kind of result
    "select": {"application/json": "application/sparql-results+json",
               "text/javascript": "application/sparql-results+json",
               "application/xml": "application/sparql-results+xml",
               "text/xml": "application/sparql-results+xml"},
    "graph": {"application/turtle": "text/turtle", "application/x-turtle": "text/turtle",
              "text/n3": "text/turtle", "text/rdf+n3": "text/turtle",
              "application/n3": "text/turtle", "text/plain": "application/n-triples",
              "application/xml": "application/rdf+xml", "text/xml": "application/rdf+xml",
              "application/json": "application/ld+json",
              "application/x-json+ld": "application/ld+json"},
}
ALIASES["ask"] = ALIASES["select"]
#: `format=` values clients and browsers use, per kind of result.
FORMAT_NAMES = {
    "select": {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv",
               "tsv": "tsv"},
    "graph": {"ttl": "ttl", "turtle": "ttl", "n3": "ttl", "nt": "nt", "ntriples": "nt",
              "n-triples": "nt", "xml": "rdfxml", "rdf": "rdfxml", "rdfxml": "rdfxml",
              "rdf+xml": "rdfxml", "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
              "nq": "nq", "nquads": "nq", "n-quads": "nq", "trig": "trig"},
}
FORMAT_NAMES["ask"] = FORMAT_NAMES["select"]
GRAPH_RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG,
}
UPDATE_WORDS = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_ESCAPES = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SCAN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*', re.DOTALL)
_SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?(<[^>]*>|[?$]\w+|\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class QueryOutcome:
    """What a query produced: the kind and its materialised, capped result."""

    kind: str  # "select" | "ask" | "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[Any, ...] = ()
    elapsed: float = 0.0

    @property
    def size(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)


# -- static guards -----------------------------------------------------------------------------
def _decode_escapes(query: str) -> str:
    """SPARQL processes \\u escapes before parsing; so must the guards."""
    return _ESCAPES.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)


def service_targets(query: str) -> list[str]:
    """The SERVICE targets of a query, after escapes, ignoring strings and comments."""
    stripped = _without_strings_and_comments(_decode_escapes(query))
    return [m.group(1) for m in _SERVICE.finditer(stripped)]


def _without_strings_and_comments(text: str) -> str:
    """Blank out string literals and comments; keep IRIs (a SERVICE target is an IRI)."""
    return _SCAN.sub(lambda m: m.group(0) if m.group(0).startswith("<") else " ", text)


def check_static(query: str, service_allowlist: tuple[str, ...] | list[str] = ()) -> None:
    """Refuse updates and SERVICE calls outside the allow-list before anything is evaluated."""
    stripped = _without_strings_and_comments(_decode_escapes(query))
    if UPDATE_WORDS.match(stripped):
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted")
    allowed = {f"<{iri}>" for iri in service_allowlist}
    for target in service_targets(query):
        if target not in allowed:
            raise ServiceRefused(
                f"SERVICE {target} is not allowed: federated queries are off unless the server "
                "is started with --allow-service for that endpoint", service=target.strip("<>"))


# -- execution ---------------------------------------------------------------------------------
def run_query(store: ox.Store, query: str, *, substitutions: dict | None = None,
              default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              timeout: float = 30.0, row_limit: int = 100_000,
              service_allowlist: tuple[str, ...] | list[str] = (),
              base_iri: str | None = None) -> QueryOutcome:
    """Run a read-only query with every guard; raise the endpoint's error classes.

    Relative IRIs in the query resolve against `base_iri` (the endpoint's own URL).
    """
    check_static(query, service_allowlist)
    kwargs: dict[str, Any] = {"base_iri": base_iri} if base_iri else {}
    if substitutions:
        kwargs["substitutions"] = substitutions
    if default_graph:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    deadline = time.monotonic() + timeout
    box: dict[str, Any] = {}
    cancelled = threading.Event()

    def work() -> None:
        try:
            box["result"] = _materialise(store.query(query, **kwargs), row_limit, cancelled)
        except BaseException as exc:  # noqa: BLE001 - handed to the request thread
            box["error"] = exc

    started = time.monotonic()
    worker = threading.Thread(target=work, name="sparql-query", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        cancelled.set()
        worker.join(0.2)
        if worker.is_alive():
            STUCK.set()
        raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped",
                           timeout_seconds=timeout)
    if "error" in box:
        raise _translate(box["error"])
    outcome: QueryOutcome = box["result"]
    return QueryOutcome(outcome.kind, outcome.variables, outcome.rows, outcome.boolean,
                        outcome.triples, time.monotonic() - started)


#: Set when a query thread could not be stopped; the worker then recycles itself.
STUCK = threading.Event()


class _Cancelled(Exception):
    pass


def _materialise(result, row_limit: int, cancelled: threading.Event) -> QueryOutcome:
    if isinstance(result, ox.QueryBoolean):
        return QueryOutcome("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        rows = []
        for solution in result:
            if cancelled.is_set():
                raise _Cancelled()
            rows.append(tuple(solution[i] for i in range(len(variables))))
            if len(rows) > row_limit:
                raise RowLimitExceeded(
                    f"the query returns more than {row_limit} rows; add a LIMIT or narrow it "
                    "(no partial result is sent)", row_limit=row_limit)
        return QueryOutcome("select", variables, tuple(rows))
    triples = []
    for triple in result:
        if cancelled.is_set():
            raise _Cancelled()
        triples.append(triple)
        if len(triples) > row_limit:
            raise RowLimitExceeded(
                f"the query returns more than {row_limit} triples; narrow it "
                "(no partial result is sent)", row_limit=row_limit)
    return QueryOutcome("graph", triples=tuple(triples))


def _translate(exc: BaseException) -> BaseException:
    if isinstance(exc, (RowLimitExceeded, QueryTimeout)):
        return exc
    if isinstance(exc, SyntaxError):
        message = str(exc) or "the query could not be parsed"
        return QuerySyntaxError(f"malformed query: {message}")
    if isinstance(exc, _Cancelled):
        return QueryTimeout("the query was stopped at the time limit")
    if isinstance(exc, (ValueError, TypeError)):
        return QuerySyntaxError(f"the query cannot be evaluated: {exc}")
    return exc


# -- negotiation and serialisation -------------------------------------------------------------
def _accepted(accept: str | None, kind: str) -> list[tuple[float, str]]:
    out = []
    for index, part in enumerate((accept or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = ALIASES[kind].get(fields[0].lower(), fields[0].lower())
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media:
            out.append((-q, index, media))
    return [(q, m) for q, _, m in sorted(out)]


def negotiate(accept: str | None, format_param: str | None, kind: str) -> str:
    """The media type to answer with; `format` wins over Accept; 406 when nothing fits."""
    table = GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS
    if format_param:
        key = format_param.lower()
        if key in FORMAT_NAMES[kind]:
            return table[FORMAT_NAMES[kind][key]]
        if ALIASES[kind].get(key, key) in table.values():
            return ALIASES[kind].get(key, key)
        raise NotAcceptable(f"parameter 'format': {format_param!r} is not one of "
                            f"{', '.join(sorted(table))}", parameter="format")
    offered = list(table.values())
    for q, media in _accepted(accept, kind):
        if q == 0:
            continue
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return next((m for m in offered if media == "*/*" or m.startswith(media[:-1])), offered[0])
    raise NotAcceptable(f"none of the accepted types ({accept}) can represent this result; "
                        f"available: {', '.join(offered)}", available=offered)


def serialize(outcome: QueryOutcome, media_type: str) -> bytes:
    """The result in `media_type` (one negotiated for the outcome's kind)."""
    if outcome.kind == "graph":
        fmt = GRAPH_RDF_FORMATS[media_type]
        items = outcome.triples
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in items]
        return ox.serialize(items, format=fmt) or b""
    if outcome.kind == "ask":
        return _ask(outcome.boolean, media_type)
    writer = {"application/sparql-results+json": _json, "application/sparql-results+xml": _xml,
              "text/csv": _csv, "text/tab-separated-values": _tsv}[media_type]
    return writer(outcome.variables, outcome.rows)


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _json(variables, rows) -> bytes:
    bindings = [{v: _term_json(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": list(variables)}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


def _term_xml(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml(variables, rows) -> bytes:
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    body = "".join(
        "<result>" + "".join(f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                             for v, t in zip(variables, row) if t is not None) + "</result>"
        for row in rows)
    return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>{body}</results></sparql>").encode("utf-8")


def _csv(variables, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if t is None else t.value for t in row])
    return buffer.getvalue().encode("utf-8")


def _tsv(variables, rows) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _ask(boolean: bool | None, media_type: str) -> bytes:
    if media_type == "application/sparql-results+xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if boolean else 'false'}</boolean></sparql>").encode()
    if media_type in ("text/csv", "text/tab-separated-values"):
        return f"_askResult\n{'true' if boolean else 'false'}\n".encode()
    return json.dumps({"head": {}, "boolean": bool(boolean)}).encode()
