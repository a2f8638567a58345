"""Load on the endpoint under gunicorn: 16 clients, mixed queries, one pathological query."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import requests

from conftest import free_port, kg_command, wait_for_http

pytestmark = pytest.mark.server
ARABIC = "وزيرة التضامن الاجتماعي"


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn master + workers), in MB."""
    total = 0
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                                    text=True).stdout.split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


@pytest.mark.slow
def test_load_16_clients_30s_mixed_queries_plus_one_pathological(tmp_path_factory):
    """16 concurrent clients for 30 s: no errors on normal queries; the bad one times out."""
    from concurrent.futures import ThreadPoolExecutor

    work = tmp_path_factory.mktemp("load")
    data = work / "data.nt"
    data.write_text("".join(
        f'<http://example.org/e{i}> <http://www.w3.org/2000/01/rdf-schema#label> "{ARABIC} {i}"@ar .\n'
        f'<http://example.org/e{i}> <http://example.org/links> <http://example.org/e{(i * 7) % 2000}> .\n'
        for i in range(2000)), encoding="utf-8")
    store_dir = work / "store"
    subprocess.run(kg_command() + ["import", str(data), "--store", str(store_dir)], check=True,
                   capture_output=True, timeout=120)
    port = free_port()
    proc = subprocess.Popen(kg_command() + ["serve", "--store", str(store_dir), "--port", str(port),
                                            "--timeout", "5", "--row-limit", "5000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    queries = [
        "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 50",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/links> ?o }",
        f'SELECT ?s WHERE {{ ?s ?p "{ARABIC} 42"@ar }}',
        "ASK { <http://example.org/e1> ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <http://example.org/e5>) }",
    ]
    try:
        wait_for_http(url, proc=proc)
        baseline = _rss_mb(proc.pid)
        deadline = time.monotonic() + 30
        errors: list[str] = []
        counts = {"ok": 0}

        def client(index: int) -> None:
            session = requests.Session()
            n = index
            while time.monotonic() < deadline:
                query = queries[n % len(queries)]
                n += 1
                try:
                    response = session.get(url, params={"query": query}, timeout=30)
                except requests.RequestException as exc:
                    errors.append(f"{query[:30]}: {exc}")
                    continue
                if response.status_code != 200:
                    errors.append(f"{query[:30]}: HTTP {response.status_code} {response.text[:100]}")
                else:
                    counts["ok"] += 1

        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        with ThreadPoolExecutor(max_workers=17) as pool:
            futures = [pool.submit(client, i) for i in range(16)]
            pathological = pool.submit(lambda: requests.get(url, params={"query": slow}, timeout=60))
            for future in futures:
                future.result()
            bad = pathological.result()
        peak = _rss_mb(proc.pid)
        print(f"\nload: {counts['ok']} normal queries in 30 s, {len(errors)} errors; "
              f"RSS {baseline:.0f} MB -> {peak:.0f} MB")
        assert errors == [], errors[:5]
        assert counts["ok"] > 100
        assert bad.status_code == 503 and bad.json()["error"]["type"] == "query_timeout"
        assert peak < baseline + 1500
    finally:
        proc.terminate()
        proc.wait(timeout=30)
