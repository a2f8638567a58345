"""`kg serve --upstream URL`: the same guarded queries answered by a remote SPARQL endpoint.

Before anything is sent, a query passes the same static guards as on the embedded store (no
update, SERVICE only to the allow-list) and is parsed by pyoxigraph on an empty store (so a
malformed query gets the same 400 and the query form is known). Bound variables are written
into the text; SELECT queries carry the row cap as LIMIT cap + 1. The client-side HTTP timeout
is the query timeout; an unreachable upstream is a 502 naming it.
"""
from __future__ import annotations

import json
import threading
import time

import pyoxigraph as ox
import requests

from endpoint import formats
from endpoint.errors import EndpointError, QuerySyntaxError, QueryTimeout
from endpoint.executors import Answer, QueryJob, check_size, graph_body, translate
from endpoint.rewrite import cap_select, inline_bindings

SELECT_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
CONNECT_TIMEOUT = 5.0


class UpstreamUnavailable(EndpointError, ConnectionError):
    status, type = 502, "upstream_unavailable"


class UpstreamFailed(EndpointError, RuntimeError):
    status, type = 502, "upstream_error"


def _kind(result) -> str:
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph" if isinstance(result, ox.QueryTriples) else "select"


class UpstreamExecutor:
    """Queries answered by the SPARQL endpoint at `url` over HTTP (one session per thread)."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = url
        self.timeout = timeout  # for the pages' reads; guarded queries carry their own
        self._local = threading.local()
        self._empty = ox.Store()

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def parse(self, job: QueryJob) -> str:
        """The query's kind, after pyoxigraph parsed it (nothing is evaluated on an empty store)."""
        kwargs = {"base_iri": job.base_iri} if job.base_iri else {}
        try:
            return _kind(self._empty.query(inline_bindings(job.text, job.substitutions),
                                           **kwargs))
        except (SyntaxError, ValueError, TypeError) as exc:
            raise translate(exc) from None

    def post(self, text: str, accept: str, timeout: float, job: QueryJob | None = None) -> bytes:
        """The upstream's answer to a query; its failures as the endpoint's errors."""
        data: dict[str, object] = {"query": text}
        if job is not None:
            data["default-graph-uri"] = list(job.default_graph)
            data["named-graph-uri"] = list(job.named_graphs)
        try:
            response = self._session().post(self.url, data=data, headers={"Accept": accept},
                                            timeout=(min(CONNECT_TIMEOUT, timeout), timeout))
        except requests.ReadTimeout:
            raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was "
                               "stopped", timeout_seconds=timeout, upstream=self.url) from None
        except requests.RequestException as exc:
            raise UpstreamUnavailable(f"the upstream SPARQL endpoint {self.url} cannot be "
                                      f"reached ({type(exc).__name__})", upstream=self.url) from None
        if response.status_code == 400:
            raise QuerySyntaxError(f"the upstream endpoint {self.url} rejected the query: "
                                   f"{response.text[:500]}", upstream=self.url)
        if response.status_code != 200:
            raise UpstreamFailed(f"the upstream SPARQL endpoint {self.url} answered HTTP "
                                 f"{response.status_code}: {response.text[:300]}",
                                 upstream=self.url, upstream_status=response.status_code)
        return response.content

    def run(self, job: QueryJob) -> Answer:
        started = time.monotonic()
        kind = self.parse(job)
        media = job.media_type(kind)
        text = inline_bindings(job.text, job.substitutions)
        if job.base_iri:
            text = f"BASE <{job.base_iri}>\n{text}"
        if kind == "ask":
            body = self.post(text, SELECT_JSON, job.timeout, job)
            answer = formats.ask_body(bool(json.loads(body)["boolean"]), media)
            return Answer("ask", media, answer, 1, time.monotonic() - started)
        if kind == "graph":
            body = self.post(text, N_TRIPLES, job.timeout, job)
            triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
            check_size(len(triples), job.row_limit, "triples")
            return Answer("graph", media, graph_body(triples, media), len(triples),
                          time.monotonic() - started)
        capped = cap_select(text, job.row_limit)
        body = self.post(capped[0] if capped else text, SELECT_JSON, job.timeout, job)
        size = check_size(formats.count_json_rows(body), job.row_limit)
        if media != SELECT_JSON:
            solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            body = solutions.serialize(format=formats.SELECT_FORMATS[media])
        return Answer("select", media, body, size, time.monotonic() - started)

    # -- for pages: reads of the default graph
    def solutions(self, sparql: str, bindings: dict) -> list[dict]:
        body = self.post(inline_bindings(sparql, bindings), SELECT_JSON, self.timeout)
        results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        names = [v.value for v in results.variables]
        return [{n: row[n] for n in names} for row in results]

    def triples(self, subject=None, predicate=None, object_=None,
                limit: int | None = None) -> list[ox.Triple]:
        terms = [t if t is not None else ox.Variable(n)
                 for t, n in ((subject, "s"), (predicate, "p"), (object_, "o"))]
        bound = f" LIMIT {int(limit)}" if limit is not None else ""
        rows = self.solutions("SELECT * WHERE { %s %s %s }" % tuple(map(str, terms)) + bound, {})
        return [ox.Triple(*(row.get(n) or t for t, n in zip(terms, "spo"))) for row in rows]
