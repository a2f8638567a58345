"""Saved-query API: /queries.json, /queries/NAME, /openapi.json.

Execution (with the endpoint's guards: timeout, row cap, SERVICE allow-list), negotiation and
serialisation belong to `endpoint.querying`; this blueprint only loads saved queries, checks
their parameters and binds them as RDF terms (written into the query by the executor).
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request

from endpoint import querying
from endpoint.errors import BadRequest, NotFound
from endpoint.savedqueries import ParameterError, SavedQuery, bind, load_all
from endpoint.store_access import get_executor

blueprint = Blueprint("saved", __name__)

RESULT_FORMATS = querying.RESULT_FORMATS
_OPENAPI_TYPES = {"iri": ("string", "uri"), "string": ("string", None), "integer": ("integer", None),
                  "date": ("string", "date"), "year": ("integer", None)}


def saved_queries(app: Flask | None = None) -> dict[str, SavedQuery]:
    """The saved queries of QUERIES_DIR, loaded once per app (and per directory)."""
    app = app or current_app
    directory = str(app.config["QUERIES_DIR"])
    cache = app.extensions.setdefault("saved_queries", {})
    if directory not in cache:
        cache[directory] = load_all(Path(directory))
    return cache[directory]


def executor(app: Flask | None = None):
    """The app's query executor: embedded store or upstream (made once, by endpoint.store_access)."""
    return get_executor(app or current_app)


def lookup(name: str) -> SavedQuery:
    query = saved_queries().get(name)
    if query is None:
        raise NotFound(f"no saved query named {name!r}", query=name)
    return query


@blueprint.get("/queries.json")
def catalogue_json():
    return jsonify({"queries": [q.to_json() | {"href": f"/queries/{q.name}"}
                                for q in saved_queries().values()]})


@blueprint.get("/queries/<name>.rq")
def query_text(name: str):
    return Response(lookup(name).text, mimetype="application/sparql-query")


@blueprint.get("/queries/<name>")
def run_saved(name: str):
    query = lookup(name)
    values = {k: v for k, v in request.args.items() if k != "format"}
    try:
        substitutions = bind(query, values)
    except ParameterError as exc:
        raise BadRequest(str(exc), parameter=exc.parameter, query=name) from None
    return execute(query.sparql, substitutions, request.headers.get("Accept"),
                   request.args.get("format"), name)


def execute(sparql: str, substitutions: dict, accept: str | None, format_param: str | None,
            name: str) -> Response:
    """Run a saved query's SPARQL with bound parameters and serialise the negotiated format."""
    config = current_app.config
    job = querying.QueryJob(sparql, accept=accept, format_param=format_param,
                            substitutions=substitutions, timeout=float(config["QUERY_TIMEOUT"]),
                            row_limit=int(config["ROW_LIMIT"]))
    g.query_started, g.query_text, g.saved_query = time.monotonic(), sparql, name  # logged
    answer = querying.run_query(executor(), job, tuple(config["SERVICE_ALLOWLIST"]))
    g.query_rows = answer.size
    response = Response(answer.body, mimetype=answer.media_type)
    response.headers["Vary"] = "Accept"
    response.headers["X-Saved-Query"] = name
    return response


@blueprint.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(saved_queries()))


def openapi_document(queries: dict[str, SavedQuery]) -> dict[str, Any]:
    """An OpenAPI 3 document with one GET operation per saved query."""
    paths = {f"/queries/{q.name}": {"get": _operation(q)} for q in queries.values()}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Egypt migration knowledge graph: saved queries", "version": "1.0.0",
                 "description": "Saved SPARQL queries; parameters are bound as RDF terms."},
        "paths": paths,
        "components": {"schemas": {"Error": {
            "type": "object", "required": ["error"],
            "properties": {"error": {"type": "object", "required": ["status", "type", "message"],
                                     "properties": {"status": {"type": "integer"},
                                                    "type": {"type": "string"},
                                                    "message": {"type": "string"},
                                                    "parameter": {"type": "string"}}}}}}},
    }


def _operation(query: SavedQuery) -> dict[str, Any]:
    parameters = [_parameter(p) for p in query.parameters if not p.derived_from]
    parameters.append({"name": "format", "in": "query", "required": False,
                       "description": "result format instead of the Accept header",
                       "schema": {"type": "string", "enum": sorted(RESULT_FORMATS)}})
    content = {media: {"schema": {"type": "string"}} for media in RESULT_FORMATS.values()}
    content["application/sparql-results+json"] = {"schema": {"type": "object"}}
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "operationId": query.name.replace("-", "_"),
        "summary": query.title["en"],
        "description": f"{query.title['ar']}\n\n{query.description}",
        "tags": list(query.tags),
        "parameters": parameters,
        "responses": {"200": {"description": "SPARQL results", "content": content},
                      "400": {"description": "a parameter is missing or invalid", **error},
                      "406": {"description": "no acceptable result format", **error}},
    }


def _parameter(param) -> dict[str, Any]:
    kind, fmt = _OPENAPI_TYPES[param.type]
    schema: dict[str, Any] = {"type": kind}
    if fmt:
        schema["format"] = fmt
    if param.type == "year":
        schema.update(minimum=1000, maximum=2999)
    if not param.required and param.default is not None:
        schema["default"] = param.default
    out = {"name": param.name, "in": "query", "required": param.required,
           "description": param.description, "schema": schema}
    if param.example is not None:
        out["example"] = param.example
    return out
