"""Result formats: content negotiation, row counting in serialised results, ASK writers."""
from __future__ import annotations

import json
import re

import pyoxigraph as ox

from endpoint.errors import NotAcceptable

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

# -- negotiation -------------------------------------------------------------
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


SELECT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
#: The start of a non-empty solution in pyoxigraph's JSON, `{"var":{"type":`, or of a triple
#: term's value, `{"subject":{"type":`. It can only match outside strings: a raw `"` never occurs
#: inside a JSON string, so the `"` after `{` would close it, and no name can follow a closing `"`.
_JSON_OBJECT_OF_TERMS = re.compile(rb'\{"[^"\\:,{}\[\]\s]+":\{"type":')
_JSON_TRIPLE_TERM = b'"type":"triple"'
_CSV_QUOTED = re.compile(rb'"(?:[^"]|"")*"')
_BINDINGS = b'"bindings":['


def count_rows(body: bytes, media_type: str) -> int:
    """The number of solutions in a SELECT result serialised by pyoxigraph (exact)."""
    if media_type == "application/sparql-results+xml":
        return body.count(b"<result>")  # "<" is always escaped in text
    if media_type == "text/tab-separated-values":
        return body.count(b"\n") - 1  # newlines in literals are escaped
    if media_type == "text/csv":
        return _CSV_QUOTED.sub(b"", body).count(b"\n") - 1
    start = body.find(_BINDINGS) + len(_BINDINGS)
    if body.startswith(b"]", start):
        return 0
    if body.find(b"{}", start) < 0 and body.find(_JSON_TRIPLE_TERM, start) < 0:
        # no empty solution and no triple term: each match starts a solution (40x faster)
        return len(_JSON_OBJECT_OF_TERMS.findall(body, start))
    return _JSON_STRING.sub(b"", body[start:]).count(b"},{") + 1


def count_json_rows(body: bytes) -> int:
    """The number of solutions in any SPARQL JSON result (any whitespace)."""
    return len(json.loads(body)["results"]["bindings"])


def ask_body(boolean: bool | None, media_type: str) -> bytes:
    if media_type == "application/sparql-results+xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if boolean else 'false'}</boolean></sparql>").encode()
    if media_type in ("text/csv", "text/tab-separated-values"):
        return f"_askResult\n{'true' if boolean else 'false'}\n".encode()
    return json.dumps({"head": {}, "boolean": bool(boolean)}).encode()
