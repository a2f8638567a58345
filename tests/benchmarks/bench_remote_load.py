"""Remote load benchmark: quads/second of loading N synthetic articles' quads into a running
`oxigraph serve` through kg.backends (each load method and chunk size), beside the embedded
backend's bulk load of the same N-Quads file in the same run.

The corpus comes from bench_build.make_corpus; it is built once with `kg build --no-link` into an
embedded store and dumped as N-Quads; every load below reads that one file. Each remote load goes
into a fresh server over an empty directory, started and stopped here on 127.0.0.1. The cases run
round-robin within each repeat, so a busy machine slows them alike and the ratios stay fair.

    python tests/benchmarks/bench_remote_load.py --articles 2000 --repeat 3
"""
from __future__ import annotations

import argparse
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.benchmarks.bench_build import make_corpus  # noqa: E402
from tests.conftest import free_port, kg_command, wait_for_http  # noqa: E402

from kg import store as kg_store  # noqa: E402
from kg.backends import RemoteOptions, open_backend  # noqa: E402

REMOTE_CASES = [("quads", 1), ("quads", 8), ("quads", 32), ("oxigraph-bulk", 8),
                ("oxigraph-bulk", 32), ("update", 8)]  # (method, chunk MB)


def corpus_nquads(articles: int, work: Path) -> Path:
    """Build the synthetic corpus into an embedded store and dump its quads to one file."""
    corpus = work / "corpus"
    make_corpus(corpus, articles)
    store_dir = work / "built"
    subprocess.run(kg_command() + ["build", str(corpus), "--store", str(store_dir), "--no-link"],
                   check=True, capture_output=True, text=True)
    out = work / "corpus.nq"
    kg_store.open_read_only(store_dir).dump(str(out), format=RdfFormat.N_QUADS)
    return out


def time_embedded(nquads: Path, work: Path) -> float:
    target = work / "embedded"
    started = time.monotonic()
    open_backend(target).replace_all(nquads, {})
    took = time.monotonic() - started
    shutil.rmtree(target)
    return took


def time_remote(nquads: Path, work: Path, method: str, chunk_mb: float) -> float:
    """Seconds for RemoteBackend.replace_all into a fresh `oxigraph serve`."""
    binary = Path(sys.executable).with_name("oxigraph")
    location = work / "server"
    port = free_port()
    proc = subprocess.Popen([str(binary), "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/query", proc=proc)
        backend = open_backend(url, RemoteOptions(method=method, chunk_bytes=int(chunk_mb * 2**20)))
        started = time.monotonic()
        backend.replace_all(nquads, {})
        return time.monotonic() - started
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        shutil.rmtree(location, ignore_errors=True)


def summary(quads: int, seconds: list[float]) -> str:
    rates = sorted(quads / s for s in seconds)
    return f"{statistics.median(rates):>9.0f} quads/s (min {rates[0]:.0f}, max {rates[-1]:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # `kill` still stops the servers
    with tempfile.TemporaryDirectory(prefix="kg-bench-remote-") as tmp:
        work = Path(tmp)
        nquads = corpus_nquads(args.articles, work)
        quads = sum(1 for _ in open(nquads, "rb"))
        print(f"{args.articles} synthetic articles, {quads} quads "
              f"({nquads.stat().st_size / 2**20:.1f} MB of N-Quads), median of {args.repeat} runs",
              flush=True)
        embedded: list[float] = []
        remote: dict[tuple[str, float], list[float]] = {case: [] for case in REMOTE_CASES}
        for _ in range(args.repeat):
            embedded.append(time_embedded(nquads, work))
            for method, chunk_mb in REMOTE_CASES:
                remote[method, chunk_mb].append(time_remote(nquads, work, method, chunk_mb))
        base = statistics.median(embedded)
        print(f"  {'embedded (kg.store bulk_load)':<42} {summary(quads, embedded)}", flush=True)
        for (method, chunk_mb), runs in remote.items():
            label = f"remote {method:<13} chunks of {chunk_mb:>2g} MB"
            print(f"  {label:<42} {summary(quads, runs)}  "
                  f"ratio to embedded {base / statistics.median(runs):.2f}", flush=True)


if __name__ == "__main__":
    main()
