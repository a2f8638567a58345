"""Saved-query API: /queries.json, /queries/NAME, /openapi.json.

Execution, serialisation and negotiation belong to `endpoint.querying` (the SPARQL protocol
module); this blueprint only loads saved queries, checks their parameters and binds them as
pyoxigraph substitutions. While `endpoint.querying` is absent a minimal local path is used.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from endpoint.errors import BadRequest, NotAcceptable, NotFound
from endpoint.savedqueries import ParameterError, SavedQuery, bind, load_all

blueprint = Blueprint("saved", __name__)

#: ?format= values and the result media types they stand for.
RESULT_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
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


def store(app: Flask | None = None):
    """The app's store, through the protocol module when it exists."""
    app = app or current_app
    access = protocol_module("endpoint.store_access")
    if access is not None:
        return access.get_store(app)
    if "local_store" not in app.extensions:
        import pyoxigraph

        folder = Path(app.config["STORE_DIR"])
        current = folder / "current"  # kg.store's layout: DIR/current -> DIR/builds/<id>
        path = current.resolve() if current.exists() else folder
        app.extensions["local_store"] = pyoxigraph.Store.read_only(str(path))
    return app.extensions["local_store"]


def protocol_module(name: str):
    """The protocol colleague's module `name`, or None while it does not exist."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise


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
    app = current_app
    querying = protocol_module("endpoint.querying")
    if querying is None:
        return _execute_locally(sparql, substitutions, accept, format_param)
    media_type = querying.negotiate(accept, format_param, "select")
    outcome = querying.run_query(
        store(app), sparql, substitutions=substitutions, timeout=app.config["QUERY_TIMEOUT"],
        row_limit=app.config["ROW_LIMIT"], service_allowlist=app.config["SERVICE_ALLOWLIST"])
    body = querying.serialize(outcome, media_type)
    if isinstance(body, Response):
        return body
    response = Response(body, mimetype=media_type.split(";")[0])
    response.headers["X-Saved-Query"] = name
    return response


def _execute_locally(sparql: str, substitutions: dict, accept: str | None,
                     format_param: str | None) -> Response:
    """Stand-in until endpoint.querying lands: SELECT only, four result formats."""
    import pyoxigraph

    media_type = _negotiate_locally(accept, format_param)
    results = store().query(sparql, substitutions=substitutions)
    body = results.serialize(format=pyoxigraph.QueryResultsFormat.from_media_type(media_type))
    response = Response(body, mimetype=media_type)
    response.headers["Vary"] = "Accept"
    return response


def _negotiate_locally(accept: str | None, format_param: str | None) -> str:
    if format_param:
        if format_param not in RESULT_FORMATS:
            raise NotAcceptable(f"parameter 'format': unknown format {format_param!r}",
                                parameter="format", supported=sorted(RESULT_FORMATS))
        return RESULT_FORMATS[format_param]
    for part in (accept or "*/*").split(","):
        media = part.split(";")[0].strip()
        if media in RESULT_FORMATS.values():
            return media
        if media in {"*/*", "application/*", "application/json"}:
            return RESULT_FORMATS["json"]
        if media == "text/*":
            return RESULT_FORMATS["csv"]
    raise NotAcceptable(f"no result format matches Accept: {accept}",
                        supported=sorted(RESULT_FORMATS.values()))


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
    parameters = [_parameter(p) for p in query.parameters]
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
