"""The online Wikidata client against a local HTTP server speaking Wikidata's response format."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from kg import linking
from kg.linking.online import WikidataClient, WikidataError
from kg.records import Citation, Label, Node, Resolution

pytestmark = pytest.mark.server

ENTITIES = {
    "Q132551": {"labels": {"ar": {"language": "ar", "value": "المفوضية السامية للأمم المتحدة لشؤون اللاجئين"},
                           "en": {"language": "en", "value": "UNHCR"}},
                "aliases": {"ar": [{"language": "ar", "value": "مفوضية اللاجئين"}]},
                "modified": "2026-10-02T08:15:31Z",
                "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q484652"}}}}]}},
    "Q900001": {"labels": {"ar": {"language": "ar", "value": "مفوضية اللاجئين"}},
                "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q5"}}}}]}},
}


class FakeWikidata(BaseHTTPRequestHandler):
    """Scripted answers: each request pops the next behaviour for its action, else answers."""

    script: dict[str, list[str]] = {}
    requests: list[dict] = []

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        FakeWikidata.requests.append(dict(params, user_agent=self.headers.get("User-Agent")))
        queue = FakeWikidata.script.get(params.get("action"), [])
        behaviour = queue.pop(0) if queue else "ok"
        if behaviour == "429":
            return self._send(429, b"slow down", {"Retry-After": "1"})
        if behaviour == "maxlag":
            return self._send(200, json.dumps({"error": {"code": "maxlag", "info": "Waiting for db: 6 seconds lagged"}}).encode(),
                              {"Retry-After": "1"})
        if behaviour == "slow":
            time.sleep(1.5)
        if behaviour == "garbage":
            return self._send(200, b"{not json")
        if params["action"] == "wbsearchentities":
            hits = [{"id": q} for q, e in ENTITIES.items()
                    if any(params["search"] in l["value"] for l in e["labels"].values())
                    or any(params["search"] in a["value"] for g in e.get("aliases", {}).values() for a in g)]
            return self._send(200, json.dumps({"search": hits, "success": 1}).encode())
        ids = params["ids"].split("|")
        body = {"entities": {q: ENTITIES.get(q, {"id": q, "missing": ""}) for q in ids}, "success": 1}
        return self._send(200, json.dumps(body, ensure_ascii=False).encode())

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def api():
    FakeWikidata.script = {}
    FakeWikidata.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWikidata)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
    server.shutdown()


def client(api: str, tmp_path, **kw) -> WikidataClient:
    options = dict(cache_dir=tmp_path / "cache", min_interval=0.0, backoff=0.05, retries=3, timeout=1.0)
    options.update(kw)
    return WikidataClient(api=api, **options)


def unhcr() -> Node:
    return Node("organization:unhcr", "Organization", (Label("مفوضية اللاجئين", "ar"),),
                (Citation("t", 0, 1, "x"),))


def linked_qid(resolution: Resolution) -> str | None:
    attrs = dict(resolution.nodes[0].attrs)
    return attrs["emkg:wikidata"].value if "emkg:wikidata" in attrs else None


def test_online_link_respects_type_and_sends_a_descriptive_user_agent(api, tmp_path):
    result = linking.link(Resolution(nodes=(unhcr(),)), table=(), decisions={}, client=client(api, tmp_path))
    assert linked_qid(result) == "Q132551"  # the Q5 item with the same alias is filtered out
    assert all("emkg" in r["user_agent"] and r["maxlag"] == "5" for r in FakeWikidata.requests)


def test_an_online_link_is_recorded_as_an_accepted_candidate(api, tmp_path):
    result = linking.link(Resolution(nodes=(unhcr(),)), table=(), decisions={}, client=client(api, tmp_path))
    records = [dict(n.attrs) for n in result.nodes if n.cls == "LinkCandidate"]
    assert [(r["emkg:candidateItem"].value, r["emkg:linkDecision"].value) for r in records] == [
        ("http://www.wikidata.org/entity/Q132551", "accepted")]
    assert records[0]["emkg:linkMethod"].value.startswith("online search")
    assert records[0]["emkg:linkDate"].value == "2026-10-02"  # the item's revision, not the clock
    assert dict(result.nodes[0].attrs)["emkg:linkDate"].value == "2026-10-02"


def test_online_answers_never_name_a_person(api, tmp_path):
    # the fake API has a human (Q900001) whose label is exactly this name: still no link, no request
    person = Node("official:x", "Official", (Label("مفوضية اللاجئين", "ar"),), (Citation("t", 0, 1, "x"),))
    result = linking.link(Resolution(nodes=(person,)), table=(), decisions={}, client=client(api, tmp_path))
    assert linked_qid(result) is None and FakeWikidata.requests == []


def test_429_with_retry_after_is_retried(api, tmp_path):
    FakeWikidata.script = {"wbsearchentities": ["429"]}
    started = time.monotonic()
    assert client(api, tmp_path).search("مفوضية اللاجئين") == ["Q132551", "Q900001"]
    assert time.monotonic() - started >= 1.0  # waited as told


def test_maxlag_error_is_retried(api, tmp_path):
    FakeWikidata.script = {"wbgetentities": ["maxlag"]}
    assert "Q132551" in client(api, tmp_path).entities(["Q132551"])


def test_timeouts_end_in_a_clear_error_and_no_link(api, tmp_path):
    FakeWikidata.script = {"wbsearchentities": ["slow"] * 10}
    with pytest.raises(WikidataError, match="no answer within 1 s"):
        client(api, tmp_path, retries=1).search("مفوضية اللاجئين")
    FakeWikidata.script = {"wbsearchentities": ["slow"] * 10}
    result = linking.link(Resolution(nodes=(unhcr(),)), table=(), decisions={},
                          client=client(api, tmp_path, retries=1))
    assert linked_qid(result) is None


def test_malformed_json_is_an_error_and_never_cached(api, tmp_path):
    FakeWikidata.script = {"wbsearchentities": ["garbage"]}
    with pytest.raises(WikidataError, match="not JSON"):
        client(api, tmp_path).search("مفوضية اللاجئين")
    cache = tmp_path / "cache"
    assert not cache.exists() or list(cache.iterdir()) == []


def test_cache_serves_the_offline_mode(api, tmp_path):
    first = client(api, tmp_path)
    ids = first.search("مفوضية اللاجئين")
    files = list((tmp_path / "cache").glob("*.json"))
    assert files and all(json.loads(f.read_text(encoding="utf-8")) for f in files)
    offline = client("http://127.0.0.1:9/unreachable", tmp_path, retries=0)
    assert offline.search("مفوضية اللاجئين") == ids
