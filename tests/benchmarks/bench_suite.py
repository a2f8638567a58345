"""Benchmark suite (issue 8): build, load and endpoint figures on synthetic corpora.

For each corpus size (synthetic articles from bench_build.make_corpus) and each of --repeat runs:
`kg build` as a subprocess (articles/second; peak resident memory of the build's process tree,
polled from /proc, so `kg export` and this script are not counted), then the load phase alone
(our loader path vs plain Store.bulk_load of the same N-Quads, in the same run), then the
endpoint benchmark (tests/benchmarks/bench_endpoint.run: kg serve vs oxigraph
serve-read-only), and every saved query's p50/p99 with real parameter values
(tests/benchmarks/bench_saved_latency.py).
Prints each figure as the median over the runs with min–max.

    python tests/benchmarks/bench_suite.py --sizes 1000,10000,100000 --repeat 3
    python tests/benchmarks/bench_suite.py --sizes 100000 --repeat 1 --no-load --endpoint-seconds 0
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
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, Store

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_build import kg_command, make_corpus  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


# -- memory of a process tree -----------------------------------------------------------------
def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def _rss_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(root: int) -> tuple[int, int]:
    """(sum, largest single process) resident bytes of `root` and all its descendants."""
    tree, todo, sizes = _children_of(), [root], []
    while todo:
        pid = todo.pop()
        sizes.append(_rss_bytes(pid))
        todo.extend(tree.get(pid, ()))
    return sum(sizes), max(sizes, default=0)


@dataclass
class PeakWatcher:
    """Polls a process tree's resident memory in a thread until the process ends."""

    pid: int
    interval: float = 0.25
    peak_tree: int = 0
    peak_process: int = 0

    def start(self) -> "PeakWatcher":
        threading.Thread(target=self._poll, daemon=True).start()
        return self

    def _poll(self) -> None:
        while Path(f"/proc/{self.pid}").exists():
            total, largest = tree_rss(self.pid)
            self.peak_tree = max(self.peak_tree, total)
            self.peak_process = max(self.peak_process, largest)
            time.sleep(self.interval)


# -- one run ----------------------------------------------------------------------------------
def build_once(corpus: Path, store_dir: Path, articles: int) -> dict:
    """`kg build` as a subprocess: articles/s and the peak memory of its process tree."""
    started = time.monotonic()
    proc = subprocess.Popen(kg_command() + ["build", str(corpus), "--store", str(store_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watcher = PeakWatcher(proc.pid).start()
    _, err = proc.communicate()
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f"kg build {corpus} failed ({proc.returncode}): {err[-2000:]}")
    quads = next((int(line.split(" quads written")[0].rsplit(" ", 1)[-1])
                  for line in err.splitlines() if " quads written" in line), 0)
    return {"build s": seconds, "articles/s": articles / seconds, "quads written": quads,
            "build tree peak MB": watcher.peak_tree / 2**20,
            "largest process MB": watcher.peak_process / 2**20}


def load_once(store_dir: Path, work: Path) -> dict:
    """Our load path (new_build + bulk_load_nquads) vs Store.bulk_load of the same quads."""
    from kg import store as kg_store

    dump = work / "export.nq"
    subprocess.run(kg_command() + ["export", "--format", "nq", "--out", str(dump), "--store",
                                   str(store_dir)], check=True, capture_output=True)
    with open(dump, "rb") as lines:
        quads = sum(1 for _ in lines)
    started = time.monotonic()
    with kg_store.new_build(work / "ours") as build:
        kg_store.bulk_load_nquads(build.store, dump)
    ours = time.monotonic() - started
    started = time.monotonic()
    reference = Store(str(work / "reference"))
    reference.bulk_load(path=str(dump), format=RdfFormat.N_QUADS)
    reference.flush()
    native = time.monotonic() - started
    del reference
    for leftover in (dump, work / "ours", work / "reference"):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink()
    return {"distinct quads": quads, "load quads/s": quads / ours,
            "bulk_load quads/s": quads / native, "load ratio": native / ours}


def endpoint_once(store_dir: Path, seconds: float) -> dict:
    """(query, concurrency) → {rps, p50, p99, ratio} from bench_endpoint, or {} if unusable."""
    try:
        import bench_endpoint

        queries = bench_endpoint.saved_query_texts(store_dir=store_dir)
        rows = bench_endpoint.run(store_dir, queries, (1, 4, 16), seconds)
    except (ImportError, AttributeError, TypeError) as exc:
        print(f"  endpoint: bench_endpoint not callable here ({exc}); run "
              f"`python tests/benchmarks/bench_endpoint.py --store {store_dir}`", flush=True)
        return {}
    return {(r["query"], r["concurrency"]): {
        "req/s": r["ours"]["rps"], "p50 ms": r["ours"]["p50_ms"], "p99 ms": r["ours"]["p99_ms"],
        "native req/s": r["native"]["rps"], "ratio": r["ratio"]} for r in rows}


# -- printing -----------------------------------------------------------------------------------
def spread(values: list[float]) -> str:
    """median (min–max) of the runs."""
    if not values:
        return "-"
    med = statistics.median(values)
    digits = 2 if med < 10 else 0
    if len(values) == 1:
        return f"{med:.{digits}f}"
    return f"{med:.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def print_figures(size: int, runs: list[dict]) -> None:
    print(f"== {size} articles, {len(runs)} run(s): median (min–max)", flush=True)
    names = [k for k in runs[0] if k != "endpoint"]
    for name in names:
        print(f"  {name:<22} {spread([r[name] for r in runs if name in r])}", flush=True)
    cells = runs[0].get("endpoint") or {}
    if cells:
        print(f"  {'endpoint query':<28} {'conc':>4}  {'req/s':>20}  {'p50 ms':>20}  "
              f"{'p99 ms':>20}  {'ratio to oxigraph':>20}")
    for cell in cells:
        got = [r["endpoint"][cell] for r in runs if cell in r.get("endpoint", {})]
        query, conc = cell
        print(f"  {query:<28} {conc:>4}  {spread([g['req/s'] for g in got]):>20}  "
              f"{spread([g['p50 ms'] for g in got]):>20}  {spread([g['p99 ms'] for g in got]):>20}  "
              f"{spread([g['ratio'] for g in got]):>20}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (median, min–max)")
    parser.add_argument("--no-load", action="store_true", help="skip the load-phase comparison")
    parser.add_argument("--endpoint-seconds", type=float, default=6.0,
                        help="seconds per endpoint query and concurrency (0 = skip)")
    parser.add_argument("--saved-runs", type=int, default=5,
                        help="timed runs of every saved query on the last store (0 = skip)")
    parser.add_argument("--work", type=Path, help="working directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the last store of each size")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-suite-"))
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start; work {work}",
          flush=True)
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = work / f"corpus-{size}"
            if not corpus.exists():
                make_corpus(corpus, size)
            runs = []
            for attempt in range(args.repeat):
                store_dir = work / f"store-{size}-{attempt}"
                run = build_once(corpus, store_dir, size)
                if not args.no_load:
                    run.update(load_once(store_dir, work))
                if args.endpoint_seconds > 0:
                    run["endpoint"] = endpoint_once(store_dir, args.endpoint_seconds)
                if args.saved_runs > 0 and attempt == args.repeat - 1:
                    import bench_saved_latency

                    print(f"  saved queries on {size} articles, one client, "
                          f"{args.saved_runs} timed runs each:", flush=True)
                    bench_saved_latency.print_results(
                        bench_saved_latency.run(store_dir, args.saved_runs))
                runs.append(run)
                print(f"  run {attempt + 1}: " + ", ".join(
                    f"{k} {v:.1f}" for k, v in run.items() if k != "endpoint"), flush=True)
                if not (args.keep and attempt == args.repeat - 1):
                    shutil.rmtree(store_dir, ignore_errors=True)
            print_figures(size, runs)
            print(f"  load average now {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        if args.work is None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
