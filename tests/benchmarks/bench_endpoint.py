"""Endpoint benchmark: `kg serve` vs `oxigraph serve-read-only` on the same store and queries.

Builds (or reuses with --store) a store, starts both servers on 127.0.0.1, and for each query and
each concurrency (1, 4, 16) runs closed-loop clients for a fixed time. Prints requests/second,
p50 and p99 latency for both servers and the throughput ratio (ours / native).

    python tests/benchmarks/bench_endpoint.py --seconds 10 [--store DIR]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import free_port, kg_command, wait_for_http  # noqa: E402

QUERIES = {
    "officials-and-posts": """PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX emkg: <https://w3id.org/emkg/ontology#>
        SELECT ?person ?title WHERE { ?m org:member ?person ; emkg:titleAsPrinted ?title } LIMIT 100""",
    "meetings-participants": """PREFIX emkg: <https://w3id.org/emkg/ontology#>
        SELECT ?m (COUNT(?p) AS ?n) WHERE { ?m a emkg:Meeting ; emkg:hasParticipant ?p } GROUP BY ?m""",
    "label-search": """PREFIX emkg: <https://w3id.org/emkg/ontology#>
        SELECT ?s WHERE { ?s emkg:searchKey ?k FILTER(CONTAINS(?k, "وزاره")) } LIMIT 50""",
    "count-per-class": "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
}


def run_clients(url: str, query: str, concurrency: int, seconds: float) -> tuple[float, float, float, int]:
    latencies: list[float] = []
    errors = [0]
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def client() -> None:
        session = requests.Session()
        headers = {"Accept": "application/sparql-results+json"}
        while time.monotonic() < deadline:
            t0 = time.monotonic()
            response = session.get(url, params={"query": query}, headers=headers, timeout=60)
            elapsed = time.monotonic() - t0
            with lock:
                if response.status_code == 200:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan")
    return len(latencies) / wall, statistics.median(latencies) * 1000, p99 * 1000, errors[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an existing store directory (default: build seeds/)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-endpoint-"))
    try:
        store_dir = args.store
        if store_dir is None:
            store_dir = tmp / "store"
            subprocess.run(kg_command() + ["build", str(ROOT / "seeds"), "--store", str(store_dir)],
                           check=True, capture_output=True)
        location = (store_dir / "current").resolve()
        ours_port, native_port = free_port(), free_port()
        ours = subprocess.Popen(kg_command() + ["serve", "--store", str(store_dir), "--port",
                                                str(ours_port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
        native = subprocess.Popen([oxigraph, "serve-read-only", "--location", str(location),
                                   "--bind", f"127.0.0.1:{native_port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            ours_url = f"http://127.0.0.1:{ours_port}/sparql"
            native_url = f"http://127.0.0.1:{native_port}/query"
            wait_for_http(ours_url, proc=ours)
            wait_for_http(native_url, proc=native)
            print(f"{'query':<22} {'conc':>4} | {'kg serve req/s':>14} {'p50 ms':>7} {'p99 ms':>7} | "
                  f"{'oxigraph req/s':>14} {'p50 ms':>7} {'p99 ms':>7} | ratio")
            for name, query in QUERIES.items():
                for conc in args.concurrency:
                    a = run_clients(ours_url, query, conc, args.seconds)
                    b = run_clients(native_url, query, conc, args.seconds)
                    print(f"{name:<22} {conc:>4} | {a[0]:>14.0f} {a[1]:>7.1f} {a[2]:>7.1f} | "
                          f"{b[0]:>14.0f} {b[1]:>7.1f} {b[2]:>7.1f} | {a[0] / b[0]:.2f}"
                          + (f"  ({a[3]} + {b[3]} errors)" if a[3] or b[3] else ""), flush=True)
        finally:
            for proc in (ours, native):
                proc.terminate()
                proc.wait(timeout=30)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
