"""Endpoint benchmark: `kg serve` vs `oxigraph serve-read-only` on the same store and queries.

Builds (or reuses with --store) a store, starts both servers on 127.0.0.1, and for each query and
each concurrency (1, 4, 16) runs closed-loop keep-alive clients for a fixed time, in
slices alternating between the two servers. Prints
requests/second, p50 and p99 latency for both servers and the throughput ratio (ours / native),
and the gunicorn worker class and count used. Queries: saved queries with their example
parameters written into the text, plus one ad-hoc query.

    python tests/benchmarks/bench_endpoint.py --seconds 10 [--store DIR] [--worker-class gthread sync]

Another script can call `run(store_dir, queries, concurrencies, duration)`.
"""
from __future__ import annotations

import argparse
import os
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
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import free_port, kg_command, wait_for_http  # noqa: E402

SAVED = ("statistics-per-class", "label-search", "officials-of-organization", "who-met-whom")
AD_HOC = {"officials-and-posts": """PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX emkg: <https://w3id.org/emkg/ontology#>
        SELECT ?person ?title WHERE { ?m org:member ?person ; emkg:titleAsPrinted ?title } LIMIT 100"""}


def saved_query_texts(names=SAVED, store_dir: Path | None = None) -> dict[str, str]:
    """The saved queries' SPARQL with their required parameters written in: real values picked
    from `store_dir` (bench_saved_latency.pick_values: the busiest official, the organisation with
    most members…), else the examples of the query files (which match nothing in a big store)."""
    from endpoint.rewrite import inline_bindings
    from endpoint.savedqueries import bind, load_all
    from kg import paths

    picked = {}
    if store_dir is not None:
        from bench_saved_latency import IRI_PARAMETERS, pick_values

        found = pick_values(store_dir)
        picked = {name: found[kind] for name, kind in IRI_PARAMETERS.items() if kind in found}
        if "search" in found:
            picked["q"] = found["search"]
    saved = load_all(paths.QUERIES_DIR)
    out = {}
    for name in names:
        query = saved[name]
        values = {p.name: picked.get(p.name, p.example) for p in query.parameters if p.required}
        out[name] = inline_bindings(query.sparql, bind(query, values))
    return out


def run_clients(url: str, query: str, concurrency: int, seconds: float) -> tuple[list[float], int, float]:
    """Closed-loop clients (one keep-alive session each) for `seconds`: latencies, errors, wall."""
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
    return latencies, errors[0], time.monotonic() - started


def figures(latencies: list[float], errors: int, wall: float) -> dict:
    """req/s, p50 and p99 (ms) of pooled latencies."""
    latencies = sorted(latencies)
    p99 = latencies[max(int(len(latencies) * 0.99) - 1, 0)] if latencies else float("nan")
    p50 = statistics.median(latencies) if latencies else float("nan")
    return {"rps": len(latencies) / wall, "p50_ms": p50 * 1000, "p99_ms": p99 * 1000,
            "errors": errors}


def compare(urls: tuple[str, str], query: str, concurrency: int, seconds: float,
            rounds: int = 3) -> tuple[dict, dict]:
    """Both servers in alternating slices (load from other processes hits both alike)."""
    pooled = [([], 0, 0.0), ([], 0, 0.0)]
    for _ in range(rounds):
        for index, url in enumerate(urls):
            latencies, errors, wall = run_clients(url, query, concurrency, seconds / rounds)
            old = pooled[index]
            pooled[index] = (old[0] + latencies, old[1] + errors, old[2] + wall)
    return figures(*pooled[0]), figures(*pooled[1])


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def run(store_dir: Path, queries: dict[str, str], concurrencies=(1, 4, 16), duration: float = 10.0,
        worker_class: str = "gthread", workers: int = 0, threads: int = 4) -> list[dict]:
    """Both servers over `store_dir`; one dict per (query, concurrency) with both figures."""
    workers = workers or os.cpu_count() or 1
    location = (Path(store_dir) / "current").resolve()
    ours_port, native_port = free_port(), free_port()
    ours = subprocess.Popen(kg_command() + [
        "serve", "--store", str(store_dir), "--port", str(ours_port), "--workers", str(workers),
        "--worker-class", worker_class, "--threads", str(threads)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    native = subprocess.Popen([oxigraph, "serve-read-only", "--location", str(location),
                               "--bind", f"127.0.0.1:{native_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []
    try:
        ours_url = f"http://127.0.0.1:{ours_port}/sparql"
        native_url = f"http://127.0.0.1:{native_port}/query"
        wait_for_http(ours_url, proc=ours)
        wait_for_http(native_url, proc=native)
        for name, query in queries.items():
            for conc in concurrencies:
                a, b = compare((ours_url, native_url), query, conc, duration)
                rows.append({"query": name, "concurrency": conc, "worker_class": worker_class,
                             "workers": workers, "threads": threads if worker_class == "gthread"
                             else 1, "ours": a, "native": b,
                             "ratio": a["rps"] / b["rps"] if b["rps"] else float("nan")})
    finally:
        _stop(ours)
        _stop(native)
    return rows


def print_rows(rows: list[dict]) -> None:
    print(f"{'query':<26} {'conc':>4} | {'kg serve req/s':>14} {'p50 ms':>7} {'p99 ms':>7} | "
          f"{'oxigraph req/s':>14} {'p50 ms':>7} {'p99 ms':>7} | ratio")
    for row in rows:
        a, b = row["ours"], row["native"]
        errors = f"  ({a['errors']} + {b['errors']} errors)" if a["errors"] or b["errors"] else ""
        print(f"{row['query']:<26} {row['concurrency']:>4} | {a['rps']:>14.0f} {a['p50_ms']:>7.1f} "
              f"{a['p99_ms']:>7.1f} | {b['rps']:>14.0f} {b['p50_ms']:>7.1f} {b['p99_ms']:>7.1f} | "
              f"{row['ratio']:.2f}{errors}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an existing store directory (default: build seeds/)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--worker-class", nargs="+", default=["gthread"],
                        choices=["gthread", "sync"], help="one run per worker class given")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: cores)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-endpoint-"))
    try:
        store_dir = args.store
        if store_dir is None:
            store_dir = tmp / "store"
            subprocess.run(kg_command() + ["build", str(ROOT / "seeds"), "--store", str(store_dir)],
                           check=True, capture_output=True)
        queries = {**saved_query_texts(store_dir=store_dir), **AD_HOC}
        for worker_class in args.worker_class:
            workers = args.workers or os.cpu_count() or 1
            threads = f", {args.threads} threads each" if worker_class == "gthread" else ""
            print(f"\nkg serve: gunicorn {workers} {worker_class} workers{threads}, keep-alive "
                  f"clients; {os.cpu_count()} cores shared by clients and servers", flush=True)
            rows = run(store_dir, queries, args.concurrency, args.seconds, worker_class,
                       args.workers, args.threads)
            print_rows(rows)
            ratios = [r["ratio"] for r in rows]
            print(f"ratio median {statistics.median(ratios):.2f} (min {min(ratios):.2f}, "
                  f"max {max(ratios):.2f})", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
