"""The SPARQL endpoint served by gunicorn on 127.0.0.1, queried by real clients."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from conftest import SHARED, free_port, kg_command, wait_for_http

pytestmark = pytest.mark.server
CHECKER = SHARED / "tools" / "sparql_protocol_check.py"
ARABIC = "وزيرة التضامن الاجتماعي"


@pytest.fixture(scope="module")
def protocol_server(tmp_path_factory):
    """A store holding the conformance checker's dataset plus filler for a slow query."""
    work = tmp_path_factory.mktemp("protocol")
    data = work / "check.nq"
    subprocess.run([sys.executable, str(CHECKER), "http://127.0.0.1:9/sparql", "--data", str(data)],
                   check=True, capture_output=True, timeout=60)
    filler = work / "filler.nt"
    filler.write_text("".join(
        f'<http://example.org/n{i}> <http://example.org/p> "{ARABIC} {i}"@ar .\n'
        for i in range(3000)), encoding="utf-8")
    store_dir = work / "store"
    subprocess.run(kg_command() + ["import", str(data), str(filler), "--store", str(store_dir)],
                   check=True, capture_output=True, timeout=120)
    port = free_port()
    log = work / "queries.jsonl"
    proc = subprocess.Popen(kg_command() + ["serve", "--store", str(store_dir), "--port", str(port),
                                            "--timeout", "3", "--row-limit", "1000",
                                            "--query-log", str(log)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        wait_for_http(url, proc=proc)
        yield url, log
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_protocol_conformance_checker_passes(protocol_server):
    url, _ = protocol_server
    result = subprocess.run([sys.executable, str(CHECKER), url, "--load", "none"],
                            capture_output=True, text=True, timeout=300)
    summary = result.stdout.strip().splitlines()[-1]
    print(result.stdout[-2500:])
    assert " 0 failed" in summary, [l for l in result.stdout.splitlines() if l.startswith("FAIL")]


def _select(url: str, query: str, accept: str = "application/sparql-results+json"):
    return requests.get(url, params={"query": query}, headers={"Accept": accept}, timeout=30)


def test_service_to_a_local_listener_is_refused_and_nothing_arrives(protocol_server):
    url, _ = protocol_server
    received: list[bytes] = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    stop = threading.Event()

    def accept_loop():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            received.append(conn.recv(1024))
            conn.close()

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    attempts = [
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/y> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # comment\n service\n<http://127.0.0.1:{port}/z> {{ ?s ?p ?o }} }}",
    ]
    try:
        for query in attempts:
            response = _select(url, query)
            assert response.status_code == 403, (query, response.text)
            assert response.json()["error"]["type"] == "service_refused"
        time.sleep(0.5)
    finally:
        stop.set()
        thread.join(2)
        listener.close()
    assert received == []


def test_pathological_query_times_out_while_others_are_served(protocol_server):
    url, _ = protocol_server
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    results: dict[str, requests.Response] = {}
    thread = threading.Thread(target=lambda: results.setdefault("slow", _select(url, slow)))
    thread.start()
    time.sleep(0.5)
    quick = _select(url, "ASK { ?s ?p ?o }")
    thread.join(60)
    assert quick.status_code == 200
    slow_response = results["slow"]
    assert slow_response.status_code == 503
    assert slow_response.json()["error"]["type"] == "query_timeout"
    time.sleep(7)  # the stuck worker exits and gunicorn replaces it
    for _ in range(4):
        assert _select(url, "ASK { ?s ?p ?o }").status_code == 200


def test_row_cap_is_an_error_never_a_silent_partial_result(protocol_server):
    url, _ = protocol_server
    response = _select(url, "SELECT ?s WHERE { ?s ?p ?o }")
    assert response.status_code == 422
    assert response.json()["error"]["type"] == "row_limit_exceeded"


def test_malformed_query_gives_parser_message_and_position(protocol_server):
    url, _ = protocol_server
    response = _select(url, "SELECT ?s WHERE { ?s ?p }")
    body = response.json()
    assert response.status_code == 400 and body["error"]["type"] == "query_syntax_error"
    assert "1:" in body["error"]["message"]
    assert "Traceback" not in response.text


def test_oversized_request_is_413(protocol_server):
    url, _ = protocol_server
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000
    response = requests.post(url, data=big.encode(), timeout=30,
                             headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert response.json()["error"]["status"] == 413


def test_updates_of_every_kind_are_refused(protocol_server):
    url, _ = protocol_server
    insert = 'INSERT DATA { <http://x/s> <http://x/p> "x" }'
    assert requests.post(url, data={"update": insert}, timeout=10).status_code == 403
    assert requests.post(url, data=insert.encode(), timeout=10,
                         headers={"Content-Type": "application/sparql-update"}).status_code == 403
    assert _select(url, insert).status_code == 403
    assert _select(url, 'ASK { <http://x/s> ?p ?o }').json()["boolean"] is False


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_sparqlwrapper_reads_every_result_format_with_arabic_intact(protocol_server):
    from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

    url, _ = protocol_server
    query = f'SELECT ?o WHERE {{ <http://example.org/n7> ?p ?o }}'
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["o"]["value"] == f"{ARABIC} 7"
    client.setReturnFormat(XML)
    assert f"{ARABIC} 7" in client.query().convert().toxml()
    for fmt in (CSV, TSV):
        client.setReturnFormat(fmt)
        assert f"{ARABIC} 7" in client.query().convert().decode("utf-8")
    client.setQuery('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <http://example.org/n7>) }')
    for fmt in ("turtle", "n3", "xml", "json-ld"):
        client.setReturnFormat(fmt)
        result = client.query().convert()
        text = result.serialize(format="nt") if hasattr(result, "serialize") else (
            result.decode("utf-8") if isinstance(result, bytes) else str(result))
        assert f"{ARABIC} 7" in text, fmt


def test_rdflib_sparqlstore_round_trips_arabic(protocol_server):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    url, _ = protocol_server
    graph = rdflib.Graph(store=SPARQLStore(url, returnFormat="json"))
    rows = list(graph.query('SELECT ?o WHERE { <http://example.org/n3> ?p ?o }'))
    assert str(rows[0][0]) == f"{ARABIC} 3" and rows[0][0].language == "ar"


def test_each_query_is_logged_as_a_json_line(protocol_server):
    import json

    url, log = protocol_server
    _select(url, "ASK { <http://example.org/n1> ?p ?o }")
    records = [json.loads(line) for line in Path(log).read_text(encoding="utf-8").splitlines()]
    last = records[-1]
    assert last["status"] == 200 and "duration_ms" in last and last["query"].startswith("ASK")



def test_saved_queries_are_logged_with_their_name(protocol_server):
    import json

    url, log = protocol_server
    base = url.rsplit("/sparql", 1)[0]
    response = requests.get(base + "/queries/statistics-per-class", timeout=30)
    assert response.status_code == 200
    last = json.loads(Path(log).read_text(encoding="utf-8").splitlines()[-1])
    assert last["saved_query"] == "statistics-per-class" and last["status"] == 200
    assert last["rows"] == len(response.json()["results"]["bindings"])
