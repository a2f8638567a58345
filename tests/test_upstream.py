"""`kg serve --upstream`: the seeds built into a real `oxigraph serve`, served through our guards.

Every saved query must answer as `kg serve` over the embedded seed store does; the guards hold
(SERVICE never forwarded, row cap, read-only, timeout) and a dead upstream is a clear 502.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from conftest import free_port, kg_command, wait_for_http
from endpoint.savedqueries import load_all
from kg import paths

pytestmark = pytest.mark.server
SAVED = load_all(paths.QUERIES_DIR)
ROW_LIMIT = 1000
DATA_BASE = "https://w3id.org/emkg/id/"


def _oxigraph_binary() -> str:
    local = Path(sys.executable).with_name("oxigraph")
    found = str(local) if local.exists() else shutil.which("oxigraph")
    assert found, "the `oxigraph` server binary (PyPI package oxigraph) is not installed"
    return found


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


def _serve_upstream(upstream: str, *options: str):
    port = free_port()
    proc = subprocess.Popen(kg_command() + ["serve", "--upstream", upstream, "--port", str(port),
                                            "--workers", "1", *options],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_for_http(base + "/queries.json", proc=proc)
    return proc, base


@pytest.fixture(scope="module")
def remote_seeds(tmp_path_factory):
    """`oxigraph serve` holding the seeds, loaded by `kg build --store http://...`."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-upstream")
    proc = subprocess.Popen([_oxigraph_binary(), "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/query", proc=proc)
        subprocess.run(kg_command() + ["build", str(paths.SEEDS_DIR), "--store", url],
                       check=True, capture_output=True, text=True, timeout=600)
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def upstream_server(remote_seeds):
    """`kg serve --upstream` over the remote seeds; yields its base URL."""
    proc, base = _serve_upstream(remote_seeds + "/query", "--row-limit", str(ROW_LIMIT))
    try:
        yield base
    finally:
        _stop(proc)


def _canonical(body: dict) -> tuple:
    """SELECT results as (variables, sorted rows); blank node labels are not compared."""
    def term(t: dict) -> tuple:
        value = "_:b" if t["type"] == "bnode" else t["value"]
        return (t["type"], value, t.get("xml:lang"), t.get("datatype"))

    rows = sorted(json.dumps({v: term(t) for v, t in sorted(row.items())}, ensure_ascii=False)
                  for row in body["results"]["bindings"])
    return tuple(body["head"]["vars"]), tuple(rows)


def _get(base: str, name: str, params: dict) -> requests.Response:
    return requests.get(f"{base}/queries/{name}", params=params, timeout=60,
                        headers={"Accept": "application/sparql-results+json"})


def _answer(response: requests.Response):
    if response.status_code == 200:
        return 200, _canonical(response.json())
    return response.status_code, response.json()["error"]["type"]


def _example_parameters(name: str) -> dict[str, str]:
    return {p.name: p.example for p in SAVED[name].parameters if p.required}


def _data_parameters(live_server: str, name: str) -> dict[str, str]:
    """The examples, with each example IRI under the data base replaced by an IRI of the same
    kind that the embedded server answers with at least one row (when there is one)."""
    params = _example_parameters(name)
    for key, example in list(params.items()):
        if not example.startswith(DATA_BASE):
            continue
        kind = example[len(DATA_BASE):].split("/")[0]
        candidates = requests.get(live_server + "/sparql", timeout=60, params={
            "query": f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '
                     f'"{DATA_BASE}{kind}/")) }} ORDER BY ?s LIMIT 40'},
            headers={"Accept": "application/sparql-results+json"}).json()
        for row in candidates["results"]["bindings"]:
            trial = dict(params, **{key: row["s"]["value"]})
            if _get(live_server, name, trial).json()["results"]["bindings"]:
                params = trial
                break
    return params


@pytest.mark.parametrize("name", sorted(SAVED))
def test_every_saved_query_answers_as_over_the_embedded_store(name, live_server, upstream_server):
    for params in (_example_parameters(name), _data_parameters(live_server, name)):
        embedded = _answer(_get(live_server, name, params))
        remote = _answer(_get(upstream_server, name, params))
        assert remote == embedded, (name, params)
    if embedded[0] == 200:
        assert len(embedded[1][1]) <= ROW_LIMIT


def test_some_saved_queries_compare_non_empty_results(live_server, upstream_server):
    """The comparison above is not between empty answers only."""
    non_empty = [n for n in SAVED if n != "wikidata-federated"
                 and _get(upstream_server, n, _data_parameters(live_server, n)).json()
                 ["results"]["bindings"]]
    assert len(non_empty) >= len(SAVED) // 2, non_empty


def test_sparql_formats_and_pages_over_the_upstream(live_server, upstream_server):
    query = "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?s ?l LIMIT 20"
    for fmt in ("json", "xml", "csv", "tsv"):
        ours = requests.get(upstream_server + "/sparql", params={"query": query, "format": fmt},
                            timeout=60)
        embedded = requests.get(live_server + "/sparql", params={"query": query, "format": fmt},
                                timeout=60)
        assert ours.status_code == 200 and ours.headers["Content-Type"] == embedded.headers["Content-Type"]
        if fmt == "json":
            assert _canonical(ours.json()) == _canonical(embedded.json())
        else:
            assert ours.content == embedded.content, fmt
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 30"
    ours = requests.get(upstream_server + "/sparql", params={"query": construct, "format": "nt"},
                        timeout=60)
    assert ours.status_code == 200 and len(ours.text.strip().splitlines()) == 30
    ask = requests.get(upstream_server + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    assert ask.json()["boolean"] is True
    entity = requests.get(live_server + "/sparql", timeout=60, params={
        "query": f'SELECT ?s WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), "{DATA_BASE}official/")) }} '
                 "ORDER BY ?s LIMIT 1"}).json()["results"]["bindings"][0]["s"]["value"]
    path = "/id/" + entity[len(DATA_BASE):]
    ours = requests.get(upstream_server + path, params={"format": "nt"}, timeout=60)
    embedded = requests.get(live_server + path, params={"format": "nt"}, timeout=60)
    assert sorted(ours.text.splitlines()) == sorted(embedded.text.splitlines()) != []
    html = requests.get(upstream_server + path, timeout=60)
    assert html.status_code == 200 and "text/html" in html.headers["Content-Type"]
    description = requests.get(upstream_server + "/sparql", timeout=60,
                               headers={"Accept": "text/turtle"})
    assert description.status_code == 200 and "void:triples" in description.text


def test_guards_hold_over_the_upstream(upstream_server):
    url = upstream_server + "/sparql"
    too_many = requests.get(url, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=60)
    assert too_many.status_code == 422
    assert too_many.json()["error"]["type"] == "row_limit_exceeded"
    insert = 'INSERT DATA { <http://x/s> <http://x/p> "x" }'
    assert requests.get(url, params={"query": insert}, timeout=60).status_code == 403
    assert requests.post(url, data={"update": insert}, timeout=60).status_code == 403
    assert requests.get(url, params={"query": "ASK { <http://x/s> ?p ?o }"},
                        timeout=60).json()["boolean"] is False
    malformed = requests.get(url, params={"query": "SELECT ?s WHERE { ?s ?p }"}, timeout=60)
    assert malformed.status_code == 400
    assert malformed.json()["error"]["type"] == "query_syntax_error"


class _SlowUpstream(BaseHTTPRequestHandler):
    """Answers every request after SLOW seconds; records what arrived."""

    received: list[str] = []
    slow = 4.0

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = int(self.headers.get("Content-Length") or 0)
        self.received.append(self.rfile.read(length).decode("utf-8", "replace"))
        time.sleep(self.slow)
        body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_timeout_service_refusal_and_a_dead_upstream():
    stub = ThreadingHTTPServer(("127.0.0.1", 0), _SlowUpstream)
    stub.daemon_threads = True
    thread = threading.Thread(target=stub.serve_forever, daemon=True)
    thread.start()
    upstream = f"http://127.0.0.1:{stub.server_address[1]}/query"
    proc, base = _serve_upstream(upstream, "--timeout", "1")
    url = base + "/sparql"
    try:
        service = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{free_port()}/sparql> {{ ?s ?p ?o }} }}"
        refused = requests.get(url, params={"query": service}, timeout=30)
        assert refused.status_code == 403 and refused.json()["error"]["type"] == "service_refused"
        assert _SlowUpstream.received == []
        started = time.monotonic()
        slow = requests.get(url, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, timeout=30)
        assert slow.status_code == 503 and slow.json()["error"]["type"] == "query_timeout"
        assert time.monotonic() - started < 3.5
        assert len(_SlowUpstream.received) == 1
        stub.shutdown()
        stub.server_close()
        down = requests.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert down.status_code == 502
        error = down.json()["error"]
        assert error["type"] == "upstream_unavailable" and upstream in error["message"]
        assert "Traceback" not in down.text
    finally:
        _stop(proc)
        stub.server_close()


# -- the pure parts both executors rely on: row counts in serialised results, LIMIT rewriting --
TRICKY = ['plain', 'a "quoted" },{ value', 'line\nbreak, comma', '<result> & </result>',
          'tab\there', '\\', 'وزارة الخارجية "المصرية"', '',
          '{"o":{"type":"literal"', '"type":"triple"']


def _store_with(literals: list[str]):
    import pyoxigraph as ox

    store = ox.Store()
    store.extend([ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                          ox.Literal(text, language="ar") if i % 2 else ox.Literal(text))
                  for i, text in enumerate(literals)])
    return store


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml",
                                   "text/csv", "text/tab-separated-values"])
@pytest.mark.parametrize("empty_object", [[], ["{}"]], ids=["fast-json-count", "slow-json-count"])
def test_row_counts_of_serialised_results_are_exact(media, empty_object):
    from hypothesis import given, settings, strategies as st

    from endpoint.formats import SELECT_FORMATS, count_rows

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.text(max_size=12), max_size=6))
    def check(extra: list[str]) -> None:
        store = _store_with(TRICKY + empty_object + extra)
        for query in ("SELECT ?s ?o ?unbound WHERE { ?s ?p ?o }",
                      "SELECT ?s WHERE { ?s ?p ?o FILTER(false) }", "SELECT * WHERE { }",
                      "SELECT * WHERE { VALUES ?x { 1 2 3 } }",
                      "SELECT ?t ?o WHERE { ?s ?p ?o BIND(<<( ?s ?p ?o )>> AS ?t) }"):
            expected = len(list(store.query(query)))
            body = store.query(query).serialize(format=SELECT_FORMATS[media])
            assert count_rows(body, media) == expected, (query, body[:300])

    check()


CAP_CASES = [
    "SELECT ?s WHERE { ?s ?p ?o }",
    "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 500 OFFSET 1 # a comment without newline",
    "SELECT ?s WHERE { ?s ?p ?o } ORDER BY DESC(?s) LIMIT 3",
    "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 7 } ?s ?q ?v }",
    "SELECT ?s (EXISTS { ?s ?p 'x' } AS ?e) WHERE { ?s ?p ?o } VALUES ?s { "
    + " ".join(f"<http://example.org/s{i}>" for i in range(8)) + " }",
    "PREFIX limit: <http://example.org/> SELECT ?s WHERE { ?s limit:p ?o FILTER(?o != '} LIMIT 1') }",
    "SELECT ?s WHERE { ?s ?p ?o } OFFSET 2",
]


@pytest.mark.parametrize("query", CAP_CASES)
def test_row_cap_rewrite_keeps_results_up_to_the_cap_and_one_more(query):
    from endpoint.rewrite import cap_select

    store = _store_with([f"v{i}" for i in range(12)])
    full = [str(row[0]) for row in store.query(query)]
    for cap in (2, 5, len(full), 50):
        text, changed = cap_select(query, cap)
        capped = [str(row[0]) for row in store.query(text)]
        if len(full) <= cap:
            assert sorted(capped) == sorted(full), (cap, text)
        else:
            assert len(capped) == cap + 1 and changed, (cap, text)
            assert set(capped) <= set(full)


def test_queries_the_rewrite_does_not_understand_are_left_to_counting():
    from endpoint.rewrite import cap_select

    assert cap_select("ASK { ?s ?p ?o }", 5) is None
    assert cap_select("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", 5) is None
    assert cap_select("SELECT ?s WHERE \\u007B ?s ?p ?o }", 5) is None
