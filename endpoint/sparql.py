"""/sparql: the SPARQL 1.1 Protocol (query only), service description, CORS, query log."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import time
from typing import Any

from flask import Blueprint, Response, current_app, g, request

from endpoint import querying
from endpoint.errors import BadRequest, UnsupportedMediaType, UpdateRefused
from endpoint.executors import STUCK, graph_body
from endpoint.store_access import get_executor
from kg import summaries

blueprint = Blueprint("sparql", __name__)
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise BadRequest(f"parameter '{name}' given {len(values)} times; give it once", parameter=name)
    return values[0] if values else None


def _query_from_request() -> str | None:
    """The query text of a GET or POST request per the protocol, or None (service description)."""
    if "update" in request.args or "update" in request.form:
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted")
    if request.method in ("GET", "HEAD"):
        return _single(request.args.getlist("query"), "query")
    mimetype = (request.mimetype or "").lower()
    if mimetype == UPDATE:
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted")
    if mimetype == FORM:
        query = _single(request.form.getlist("query"), "query")
        if query is None:
            raise BadRequest("POST form without a 'query' parameter", parameter="query")
        return query
    if mimetype == DIRECT:
        charset = (request.mimetype_params.get("charset") or "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"a direct POST query must be UTF-8, not {charset}")
        try:
            return request.get_data(cache=True).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequest(f"the query body is not valid UTF-8 (byte {exc.start})") from exc
    raise UnsupportedMediaType(
        f"POST needs Content-Type {FORM} or {DIRECT}, not {mimetype or 'none'}")


def _graphs(name: str) -> list[str]:
    values = request.args.getlist(name)
    if request.method == "POST" and (request.mimetype or "") == FORM:
        values += request.form.getlist(name)
    return values


@blueprint.route("/sparql", methods=["GET", "POST"], provide_automatic_options=False)
def sparql() -> Response:
    g.query_started = time.monotonic()
    query = _query_from_request()
    if query is None:
        return service_description()
    g.query_text = query
    config = current_app.config
    job = querying.QueryJob(
        query, accept=request.headers.get("Accept"), format_param=request.values.get("format"),
        default_graph=tuple(_graphs("default-graph-uri")),
        named_graphs=tuple(_graphs("named-graph-uri")), base_iri=request.base_url,
        timeout=float(config["QUERY_TIMEOUT"]), row_limit=int(config["ROW_LIMIT"]))
    answer = querying.run_query(get_executor(current_app), job,
                                tuple(config["SERVICE_ALLOWLIST"]))
    g.query_rows = answer.size
    return _response(answer.body, answer.media_type)


@blueprint.route("/sparql", methods=["OPTIONS"], provide_automatic_options=False)
def options() -> Response:
    response = Response(status=204)
    response.headers["Allow"] = "GET, POST, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def _response(body: bytes, media: str) -> Response:
    text_like = media.startswith("text/") or media.endswith(("+json", "+xml", "/json", "/trig",
                                                             "/n-triples", "/n-quads"))
    content_type = f"{media}; charset=utf-8" if text_like else media
    response = Response(body, content_type=content_type)
    response.headers["Vary"] = "Accept"
    return response


# -- service description ------------------------------------------------------------------------
SD_PREFIXES = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
"""
SD_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                     "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD",
                     "N-Quads", "TriG")


def _void_statistics() -> dict[str, Any]:
    """VoID counts of the default graph, once per process: read from the summary graph that
    `kg build` / `kg add` write (kg.summaries), computed here only for stores built before it."""
    app = current_app
    if "void_stats" not in app.extensions:
        solutions = get_executor(app).solutions
        app.extensions["void_stats"] = (_summarised_statistics(solutions)
                                        or _computed_statistics(solutions))
    return app.extensions["void_stats"]


def _summarised_statistics(solutions) -> dict[str, Any] | None:
    totals = solutions(summaries.TOTALS_QUERY, {})
    if not totals:
        return None
    classes = [(row["c"].value, int(row["n"].value))
               for row in solutions(summaries.CLASSES_QUERY, {})]
    return {"triples": int(totals[0]["triples"].value),
            "entities": int(totals[0]["entities"].value), "classes": classes}


def _computed_statistics(solutions) -> dict[str, Any]:
    total = solutions("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {})[0]["n"]
    entities = solutions("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }", {})[0]["n"]
    classes = [(row["c"].value, int(row["n"].value)) for row in solutions(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c", {})]
    return {"triples": int(total.value), "entities": int(entities.value), "classes": classes}


def service_description() -> Response:
    stats = _void_statistics()
    endpoint = request.base_url
    lines = [SD_PREFIXES,
             f"<{endpoint}#service> a sd:Service ;",
             f"  sd:endpoint <{endpoint}> ;",
             "  sd:supportedLanguage sd:SPARQL11Query ;",
             "  sd:feature sd:BasicFederatedQuery ;" if current_app.config["SERVICE_ALLOWLIST"] else "",
             "  sd:resultFormat " + ", ".join(f"formats:{f}" for f in SD_RESULT_FORMATS) + " ;",
             f"  sd:defaultDataset <{endpoint}#dataset> .",
             f"<{endpoint}#dataset> a sd:Dataset ;",
             f"  sd:defaultGraph <{endpoint}#default-graph> .",
             f"<{endpoint}#default-graph> a sd:Graph, void:Dataset ;",
             f"  void:triples {stats['triples']} ;",
             f"  void:entities {stats['entities']} ;",
             f"  void:classes {len(stats['classes'])}"]
    for cls, count in stats["classes"]:
        lines[-1] += " ;"
        lines.append(f"  void:classPartition [ void:class <{cls}> ; void:entities {count} ]")
    lines[-1] += " ."
    turtle = "\n".join(line for line in lines if line)
    media = querying.negotiate(request.headers.get("Accept"), request.args.get("format"), "graph")
    if media == "text/turtle":
        return _response(turtle.encode("utf-8"), media)
    import pyoxigraph as ox

    quads = ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return _response(graph_body(triples, media), media)


# -- CORS, logging, worker recycling ------------------------------------------------------------
@blueprint.after_app_request
def cors_and_log(response: Response) -> Response:
    if request.path != "/sparql" and not request.path.startswith("/queries"):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "Content-Type, Vary"
    if hasattr(g, "query_text"):
        _log_query(response)
    if STUCK.is_set() and os.environ.get("KG_UNDER_GUNICORN"):
        response.call_on_close(lambda: os.kill(os.getpid(), signal.SIGTERM))
    return response


def _log_query(response: Response) -> None:
    """One JSON line per query, to QUERY_LOG (kept open, one write per line) or the app logger."""
    app = current_app
    path = app.config.get("QUERY_LOG")
    if not path and not app.logger.isEnabledFor(logging.INFO):
        return
    record = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "duration_ms": round((time.monotonic() - g.query_started) * 1000, 2),
        "status": response.status_code,
        "rows": getattr(g, "query_rows", None),
        "query_sha1": hashlib.sha1(g.query_text.encode("utf-8")).hexdigest(),
        "query": g.query_text[:500],
        "saved_query": getattr(g, "saved_query", None),
        "client": request.remote_addr,
        "pid": os.getpid(),
    }
    line = json.dumps(record, ensure_ascii=False)
    if path:
        os.write(_log_fd(app, path), (line + "\n").encode("utf-8"))
    else:
        app.logger.info(line)


def _log_fd(app, path: str) -> int:
    """The query log opened once per process for appending (each record is one write)."""
    fds = app.extensions.setdefault("query_log_fds", {})
    if path not in fds:
        fds[path] = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    return fds[path]
