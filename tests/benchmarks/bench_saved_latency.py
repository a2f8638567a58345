"""Saved-query latency: every saved query through a real `kg serve`, one client, p50 and p99.

Parameters get real values from the store, not the placeholder examples (which match nothing and
would make every query look instant): the official in the most meetings, the organisation with
the most members, one post (membership) node, the first words of the busiest official's name.
Each saved query runs once with only its required parameters (so optional filters stay open: the
whole network, every programme), and again with every IRI parameter filled where it has optional
ones. Prints rows, p50 and p99 per query; the issue's target is no saved query above 1 s at p50.

    python tests/benchmarks/bench_saved_latency.py --store STORE_DIR [--runs 5]

Another script can call `run(store_dir, runs)`.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from conftest import free_port, kg_command, wait_for_http  # noqa: E402

RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")

#: Saved queries left out: they call SERVICE, which the server refuses unless allowed.
SKIPPED = ("wikidata-federated",)

PICKS = {
    "official": """PREFIX emkg: <https://w3id.org/emkg/ontology#>
        SELECT ?x WHERE { ?m emkg:hasParticipant ?x . ?x a emkg:Official }
        GROUP BY ?x ORDER BY DESC(COUNT(?m)) ?x LIMIT 1""",
    "organization": """PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?x WHERE { ?m org:organization ?x } GROUP BY ?x ORDER BY DESC(COUNT(?m)) ?x LIMIT 1""",
    "membership": """PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?x WHERE { ?x a org:Membership } ORDER BY ?x LIMIT 1""",
}

#: Which picked value a parameter name takes.
IRI_PARAMETERS = {"person": "official", "official": "official", "entity": "official",
                  "org": "organization", "owner": "organization", "funder": "organization",
                  "fact": "membership"}


def pick_values(store_dir: Path) -> dict[str, str]:
    """Real IRIs (and a search text) from the store, read once before the server starts."""
    from kg import store as kg_store

    store = kg_store.open_read_only(store_dir)
    picked = {}
    for name, sparql in PICKS.items():
        rows = list(store.query(sparql))
        if rows:
            picked[name] = rows[0]["x"].value
    if "official" in picked:
        labels = [q.object.value for q in store.quads_for_pattern(
            ox.NamedNode(picked["official"]), RDFS_LABEL, None, ox.DefaultGraph())
            if getattr(q.object, "language", None) == "ar"]
        if labels:
            picked["search"] = " ".join(min(labels).split()[:2])
    del store
    return picked


def cases(picked: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """(saved query, parameters) to time: required parameters only, then every IRI filled."""
    from endpoint.savedqueries import load_all
    from kg import paths

    out = []
    for name, query in load_all(paths.QUERIES_DIR).items():
        if name in SKIPPED:
            continue
        required, full = {}, {}
        for param in query.parameters:
            value = (picked.get("search") if param.type == "string" and param.name == "q"
                     else picked.get(IRI_PARAMETERS.get(param.name, "")) if param.type == "iri"
                     else None)
            value = value or (param.example if param.required else None)
            if value is None:
                continue
            full[param.name] = value
            if param.required:
                required[param.name] = value
        out.append((name, required))
        if full != required:
            out.append((name, full))
    return out


def time_case(base: str, name: str, params: dict[str, str], runs: int) -> dict:
    """p50/p99 over `runs` requests (after one warm-up) and the number of rows."""
    session = requests.Session()
    headers = {"Accept": "application/sparql-results+json"}
    url = f"{base}/queries/{name}"
    first = session.get(url, params=params, headers=headers, timeout=120)
    if first.status_code != 200:
        return {"status": first.status_code, "error": first.text[:200]}
    rows = len(first.json()["results"]["bindings"])
    latencies = []
    for _ in range(runs):
        started = time.monotonic()
        response = session.get(url, params=params, headers=headers, timeout=120)
        latencies.append(time.monotonic() - started)
        response.raise_for_status()
    latencies.sort()
    return {"status": 200, "rows": rows, "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000}


def run(store_dir: Path, runs: int = 5) -> list[dict]:
    """Every case against a `kg serve` over `store_dir`; one dict per case."""
    picked = pick_values(store_dir)
    port = free_port()
    server = subprocess.Popen(kg_command() + ["serve", "--store", str(store_dir), "--port",
                                              str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    results = []
    try:
        wait_for_http(f"{base}/sparql", proc=server)
        for name, params in cases(picked):
            results.append({"query": name, "params": sorted(params),
                            **time_case(base, name, params, runs)})
    finally:
        from bench_endpoint import _stop

        _stop(server)
    return results


def print_results(results: list[dict]) -> None:
    print(f"  {'saved query':<30} {'parameters':<24} {'rows':>7} {'p50 ms':>9} {'p99 ms':>9}")
    for r in results:
        params = ",".join(r["params"]) or "-"
        if r["status"] != 200:
            print(f"  {r['query']:<30} {params:<24} HTTP {r['status']}: {r['error']}")
            continue
        print(f"  {r['query']:<30} {params:<24} {r['rows']:>7} {r['p50_ms']:>9.1f} "
              f"{r['p99_ms']:>9.1f}", flush=True)
    slowest = max((r for r in results if r["status"] == 200), key=lambda r: r["p50_ms"],
                  default=None)
    if slowest:
        print(f"  slowest p50: {slowest['query']} {slowest['p50_ms']:.0f} ms "
              f"(target: none above 1,000 ms)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a store directory")
    parser.add_argument("--runs", type=int, default=5, help="timed requests per case")
    args = parser.parse_args()
    print_results(run(args.store, args.runs))


if __name__ == "__main__":
    main()
