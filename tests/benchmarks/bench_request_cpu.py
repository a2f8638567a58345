"""Server CPU per request: `kg serve` vs `oxigraph serve-read-only` on the same store.

Runs N sequential keep-alive requests per query against each server and reads the CPU time
(user + system) of each server's whole process tree from /proc before and after, so the figure
does not depend on how busy the machine is. Queries: bench_endpoint's saved queries with real
values from the store, and ASK {} (pure per-request overhead).

    python tests/benchmarks/bench_request_cpu.py STORE_DIR [--requests 1000]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from bench_endpoint import _stop, saved_query_texts  # noqa: E402
from bench_suite import _children_of  # noqa: E402
from conftest import free_port, kg_command, wait_for_http  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
ACCEPT = {"Accept": "application/sparql-results+json"}


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU seconds of a process and all its descendants."""
    tree, todo, total = _children_of(), [root], 0.0
    while todo:
        pid = todo.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICK
        except (OSError, IndexError, ValueError):
            pass
        todo.extend(tree.get(pid, ()))
    return total


def per_request(url: str, server: subprocess.Popen, query: str, count: int) -> tuple[float, float]:
    """(server CPU ms, wall ms) per request over `count` sequential requests after a warm-up."""
    session = requests.Session()
    for _ in range(20):
        session.get(url, params={"query": query}, headers=ACCEPT)
    cpu, started = tree_cpu_seconds(server.pid), time.monotonic()
    for _ in range(count):
        response = session.get(url, params={"query": query}, headers=ACCEPT)
        response.raise_for_status()
    return ((tree_cpu_seconds(server.pid) - cpu) / count * 1000,
            (time.monotonic() - started) / count * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    ours_port, native_port = free_port(), free_port()
    ours = subprocess.Popen(kg_command() + ["serve", "--store", str(args.store), "--port",
                                            str(ours_port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    native = subprocess.Popen([oxigraph, "serve-read-only", "--location",
                               str((args.store / "current").resolve()),
                               "--bind", f"127.0.0.1:{native_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ours_url = f"http://127.0.0.1:{ours_port}/sparql"
        native_url = f"http://127.0.0.1:{native_port}/query"
        wait_for_http(ours_url, proc=ours)
        wait_for_http(native_url, proc=native)
        print(f"{'query':<28} {'kg serve cpu ms':>16} {'oxigraph cpu ms':>16}   (wall ms)")
        for name, query in {**saved_query_texts(store_dir=args.store), "ask": "ASK {}"}.items():
            a = per_request(ours_url, ours, query, args.requests)
            b = per_request(native_url, native, query, args.requests)
            print(f"{name:<28} {a[0]:>16.2f} {b[0]:>16.2f}   ({a[1]:.2f} / {b[1]:.2f})",
                  flush=True)
    finally:
        _stop(ours)
        _stop(native)


if __name__ == "__main__":
    main()
