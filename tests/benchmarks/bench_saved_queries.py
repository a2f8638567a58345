"""Time every saved query on a synthetic store: default graph (what they read) vs union of graphs.

Copies the hand-written UI data N times (fresh IRIs per copy), each copy in the default graph and
in its own named graph, as `kg build` writes them. Prints median milliseconds per query.

    python tests/benchmarks/bench_saved_queries.py [--copies 2000] [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from endpoint.savedqueries import bind, load_all  # noqa: E402
from kg import paths  # noqa: E402

BASE = "https://w3id.org/emkg/id/"
PARAMS = {
    "org": BASE + "organization/moss-55555555-c0", "official": BASE + "official/ahmed-saada-33333333-c0",
    "person": BASE + "official/maya-morsi-11111111-c0", "fact": BASE + "membership/saada-fund-c0",
    "entity": BASE + "official/maya-morsi-11111111-c0", "q": "\u0633\u0639\u062f\u0647",  # siin-ayn-daal-haa
}


def renamed(term, copy: int):
    if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
        return ox.NamedNode(f"{term.value}-c{copy}")
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(f"{term.value}c{copy}")
    return term


def synthetic_store(copies: int) -> ox.Store:
    sample = ox.Store()
    sample.load(path=str(ROOT / "tests" / "data" / "ui" / "sample.trig"), format=ox.RdfFormat.TRIG)
    triples = [q.triple for q in sample.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    store = ox.Store()
    for copy in range(copies):
        graph = ox.NamedNode(f"{BASE}graph/copy-{copy}")
        quads = []
        for t in triples:
            s, p, o = renamed(t.subject, copy), t.predicate, renamed(t.object, copy)
            quads += [ox.Quad(s, p, o, ox.DefaultGraph()), ox.Quad(s, p, o, graph)]
        store.extend(quads)
    return store


def median_ms(store: ox.Store, sparql: str, subs: dict, union: bool, runs: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        count = len(list(store.query(sparql, substitutions=subs, use_default_graph_as_union=union)))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    start = time.perf_counter()
    store = synthetic_store(args.copies)
    print(f"store: {len(store)} quads from {args.copies} copies "
          f"in {time.perf_counter() - start:.1f}s")
    print(f"{'query':34} {'rows':>6} {'default ms':>11} {'union ms':>10} {'ratio':>6}")
    for name, query in load_all(paths.QUERIES_DIR).items():
        values = {p.name: PARAMS[p.name] for p in query.parameters if p.required}
        subs = bind(query, values)
        default_ms, rows = median_ms(store, query.sparql, subs, False, args.runs)
        union_ms, _ = median_ms(store, query.sparql, subs, True, args.runs)
        print(f"{name:34} {rows:>6} {default_ms:>11.1f} {union_ms:>10.1f} "
              f"{union_ms / max(default_ms, 1e-3):>6.1f}")


if __name__ == "__main__":
    main()
