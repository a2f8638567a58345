"""`kg build` / `kg add` into a remote SPARQL store: a real `oxigraph serve` on 127.0.0.1, and a
tiny local HTTP server for the failures a real store rarely shows on demand (500, dying mid-load)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import free_port, kg_command, wait_for_http
from kg import store, summaries
from kg.backends import RemoteOptions, open_backend
from kg.backends.http import split_credentials
from kg.backends.remote import ENTITIES_GRAPH, MARKER_GRAPH, insert_data, nquads_chunks

NEW_ARTICLE = """وزير العمل يبحث مع مدير مكتب المنظمة الدولية للهجرة تدريب الشباب على المهن المطلوبة في أوروبا
بحث حسن شحاتة، وزير العمل، مع لوران دي بوك، رئيس بعثة المنظمة الدولية للهجرة في مصر، سبل التعاون في برامج تدريب الشباب قبل السفر، وذلك بحضور ممثلي السفارة الألمانية في القاهرة.
"""


def run_kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(kg_command() + list(args), capture_output=True, text=True, timeout=600)


def _oxigraph_binary() -> str:
    local = Path(sys.executable).with_name("oxigraph")
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if not found:
        pytest.skip("the `oxigraph` server binary (PyPI package oxigraph) is not installed")
    return found


@pytest.fixture()
def oxigraph_server(tmp_path):
    """`oxigraph serve` on a free port of 127.0.0.1 over an empty directory; yields (url, process)."""
    port = free_port()
    proc = subprocess.Popen([_oxigraph_binary(), "serve", "--location", str(tmp_path / "oxigraph"),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/query", proc=proc)
        yield url, proc
    finally:
        proc.kill()
        proc.wait(timeout=20)


def remote_canonical(url: str) -> list[str]:
    return open_backend(url).canonical_nquads()


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("method", ["quads", "oxigraph-bulk"])
def test_seeds_built_into_oxigraph_server_equal_the_embedded_build(oxigraph_server, seed_store,
                                                                   seeds_dir, method):
    url, _ = oxigraph_server
    result = run_kg("build", str(seeds_dir), "--store", url, "--chunk-mb", "0.1",
                    "--load-method", method)
    assert result.returncode == 0, result.stderr
    embedded = store.canonical_nquads(store.open_read_only(seed_store))
    assert remote_canonical(url) == embedded
    backend = open_backend(url)
    assert backend.marker_state() == "complete"
    assert len(backend.load_entities()) == len(open_backend(seed_store).load_entities())


@pytest.mark.slow
@pytest.mark.server
def test_insert_data_method_and_a_rebuild_converge_to_the_same_quads(oxigraph_server, seed_store,
                                                                     seeds_dir, tmp_path):
    url, _ = oxigraph_server
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(seeds_dir / "001_5f90b431b6455930.txt", one)
    assert run_kg("build", str(one), "--store", url).returncode == 0  # replaced by the next build
    result = run_kg("build", str(seeds_dir), "--store", url, "--load-method", "update",
                    "--chunk-mb", "0.05")
    assert result.returncode == 0, result.stderr
    assert remote_canonical(url) == store.canonical_nquads(store.open_read_only(seed_store))


@pytest.mark.slow
@pytest.mark.server
def test_add_to_the_remote_store_is_idempotent(oxigraph_server, seeds_dir, tmp_path):
    url, _ = oxigraph_server
    assert run_kg("add", str(seeds_dir / "000_d1ff1b40d051aaac.txt"), "--store", url).returncode != 0
    assert run_kg("build", str(seeds_dir), "--store", url).returncode == 0
    before = remote_canonical(url)
    entities_before = open_backend(url).load_entities()
    article = tmp_path / "labour_iom_001.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    assert run_kg("add", str(article), "--store", url).returncode == 0
    once = remote_canonical(url)
    assert set(summaries.outside_summary(before)) < set(once)  # the summary's counts change
    assert any("/graph/labour_iom_001>" in line for line in once)
    assert len(open_backend(url).load_entities()) > len(entities_before)
    second = run_kg("add", str(article), "--store", url)
    assert second.returncode == 0, second.stderr
    assert remote_canonical(url) == once
    embedded = tmp_path / "embedded"
    assert run_kg("build", str(seeds_dir), "--store", str(embedded)).returncode == 0
    assert run_kg("add", str(article), "--store", str(embedded)).returncode == 0
    assert open_backend(embedded).canonical_nquads() == once
    assert open_backend(embedded).load_entities() == open_backend(url).load_entities()


@pytest.mark.server
def test_add_rewrites_only_changed_index_rows_and_keeps_one_row_per_entity(oxigraph_server,
                                                                          tmp_path):
    url, _ = oxigraph_server
    empty = tmp_path / "none.nq"
    empty.write_text("", encoding="utf-8")
    first = {"org:iom": ("Organization", ("المنظمة الدولية للهجرة",)),
             "person:soha": ("Official", ("سها جندي",))}
    open_backend(url).replace_all(empty, first)
    backend = open_backend(url)
    assert backend.load_entities() == first
    second = dict(first, **{"org:iom": ("Organization", ("المنظمة الدولية للهجرة", "منظمة الهجرة")),
                            "org:unicef": ("Organization", ("اليونيسف",))})
    backend.add(empty, second, [])
    assert open_backend(url).load_entities() == second
    rows = open_backend(url).client.request(
        "POST", f"{url}/query", data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ENTITIES_GRAPH}> "
                                               "{ ?s ?p ?o } }"}, headers={"Accept": "text/csv"})
    assert rows.text.split()[1] == "3"
    assert open_backend(url).marker_state() == "complete"


@pytest.mark.server
def test_add_refuses_a_store_whose_build_did_not_finish(oxigraph_server, seeds_dir):
    import requests

    url, _ = oxigraph_server
    left_by_a_killed_build = (f'INSERT DATA {{ GRAPH <{MARKER_GRAPH}> {{ <{MARKER_GRAPH}> '
                              '<urn:emkg:kg:state> "building" } }')
    requests.post(f"{url}/update", data={"update": left_by_a_killed_build}, timeout=10).raise_for_status()
    result = run_kg("add", str(seeds_dir / "002_e6e572e2e0350415.txt"), "--store", url)
    assert result.returncode != 0
    assert "did not finish" in result.stderr and f"{url}/store" in result.stderr


@pytest.mark.slow
@pytest.mark.server
def test_a_dead_or_wrong_store_fails_with_the_url_and_status(oxigraph_server, seeds_dir):
    url, proc = oxigraph_server
    wrong = run_kg("build", str(seeds_dir), "--store", url + "/no-such-base", "--retries", "0")
    assert wrong.returncode != 0
    assert f"{url}/no-such-base/update" in wrong.stderr and "HTTP 404" in wrong.stderr
    proc.kill()
    proc.wait(timeout=20)
    dead = run_kg("build", str(seeds_dir), "--store", url, "--retries", "1")
    assert dead.returncode != 0
    assert url in dead.stderr and "cannot reach the store" in dead.stderr
    assert "Traceback" not in dead.stderr


class FakeStore(BaseHTTPRequestHandler):
    """Answers like a store, except as `plan` says: plan[n] is the answer to the n-th data POST
    (an int status, or "die" to close the socket and stop listening)."""

    plan: dict[int, object] = {}
    seen: list[tuple[str, str, str | None, str]] = []  # method, path, Authorization, update text
    data_posts = 0

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def _answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        text = body.decode("utf-8") if self.path == "/update" else ""
        self.seen.append(("POST", self.path, self.headers.get("Authorization"), text))
        if self.path != "/store":
            return self._answer(204)
        type(self).data_posts += 1
        action = self.plan.get(self.data_posts, 204)
        if action == "die":
            self.close_connection = True
            self.connection.close()
            threading.Thread(target=_stop, args=(self.server,)).start()
            return None
        return self._answer(int(action))


def marker_states(handler) -> list[str]:
    """The build states the client wrote into the marker graph, in order."""
    return re.findall(r'<urn:emkg:kg:state> "(\w+)"', "".join(text for *_, text in handler.seen))


def _stop(server: ThreadingHTTPServer) -> None:
    """Stop serving and close the listening socket: later connections are refused."""
    server.shutdown()
    server.server_close()


@pytest.fixture()
def fake_store():
    """A FakeStore on a free port; yields (url, handler class) whose plan the test sets."""
    handler = type("Plan", (FakeStore,), {"plan": {}, "seen": [], "data_posts": 0})
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
@pytest.mark.server
def test_a_500_is_retried_then_reported_without_the_password(fake_store, seeds_dir):
    url, handler = fake_store
    handler.plan = {n: 500 for n in range(1, 10)}
    secret_url = url.replace("http://", "http://loader:s3cret-pw@")
    result = run_kg("build", str(seeds_dir), "--store", secret_url, "--retries", "2")
    assert result.returncode != 0
    assert f"POST {url}/store: HTTP 500" in result.stderr and "3 attempts" in result.stderr
    assert "s3cret-pw" not in result.stderr + result.stdout
    assert handler.data_posts == 3
    assert all(auth and auth.startswith("Basic ") for _, _, auth, _ in handler.seen)


@pytest.mark.slow
@pytest.mark.server
def test_a_store_failing_once_is_retried_and_the_build_succeeds(fake_store, seeds_dir):
    url, handler = fake_store
    handler.plan = {1: 503}
    result = run_kg("build", str(seeds_dir), "--store", url, "--chunk-mb", "0.5")
    assert result.returncode == 0, result.stderr
    assert handler.data_posts >= 3  # the refused first chunk, sent again, and the rest
    assert marker_states(handler) == ["building", "complete"]


@pytest.mark.slow
@pytest.mark.server
def test_a_store_dying_mid_load_stops_the_build_with_a_clear_error(fake_store, seeds_dir):
    url, handler = fake_store
    handler.plan = {3: "die"}
    result = run_kg("build", str(seeds_dir), "--store", url, "--chunk-mb", "0.05", "--retries", "1")
    assert result.returncode != 0
    assert f"POST {url}/store: cannot reach the store" in result.stderr
    assert "Traceback" not in result.stderr
    assert handler.data_posts == 3  # stopped at the chunk that failed
    assert marker_states(handler) == ["building"]


def test_chunks_hold_whole_lines_within_the_bound(tmp_path):
    lines = [f'<http://e/s{i}> <http://e/p> "{"x" * (i % 50)}" <http://e/g{i % 3}> .\n'.encode()
             for i in range(500)]
    path = tmp_path / "data.nq"
    path.write_bytes(b"".join(lines))
    chunks = list(nquads_chunks(path, 2048))
    assert b"".join(chunks) == path.read_bytes()
    assert all(len(c) <= 2048 and c.endswith(b"\n") for c in chunks) and len(chunks) > 5


def test_insert_data_keeps_every_quad_in_its_graph():
    from pyoxigraph import RdfFormat, Store

    chunk = ('<http://e/a> <http://e/p> "مركز إيواء \\"الأمل\\""@ar <http://e/g1> .\n'
             '<http://e/a> <http://e/p> "مركز إيواء \\"الأمل\\""@ar .\n'
             '<http://e/b> <http://e/q> <http://e/c> <http://e/g2> .\n').encode("utf-8")
    expected, updated = Store(), Store()
    expected.load(chunk, format=RdfFormat.N_QUADS)
    updated.update(insert_data(chunk))
    assert store.canonical_nquads(updated) == store.canonical_nquads(expected)


def test_credentials_leave_the_url_and_endpoints_derive_from_the_base():
    clean, creds = split_credentials("https://ingest:pw%40x@triples.example.org:7200/repo")
    assert clean == "https://triples.example.org:7200/repo"
    assert (creds.user, creds.password) == ("ingest", "pw@x")
    assert "pw" not in repr(creds)
    backend = open_backend("http://u:p@h:3030/ds/", RemoteOptions(
        update_endpoint="http://h:3030/ds/update", gsp_endpoint="http://h:3030/ds/data"))
    assert backend.endpoints.query == "http://h:3030/ds/query"
    assert backend.endpoints.gsp == "http://h:3030/ds/data"
    assert MARKER_GRAPH.startswith("urn:") and ENTITIES_GRAPH.startswith("urn:")


def test_an_entity_with_two_index_rows_reads_as_one_with_both_labels(tmp_path):
    from kg.backends.remote import entity_row, read_entity_index

    old = entity_row("org:unhcr", "Organization", ("مفوضية اللاجئين",))
    new = entity_row("org:unhcr", "Organization", ("مفوضية اللاجئين", "المفوضية السامية"))
    path = tmp_path / "entities.nt"
    path.write_text(f"{new} .\n{old} .\n", encoding="utf-8")
    assert read_entity_index(path) == {
        "org:unhcr": ("Organization", ("مفوضية اللاجئين", "المفوضية السامية"))}
