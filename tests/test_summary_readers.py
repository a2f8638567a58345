"""Readers of the summary graph: `kg summarise` on stores built or summarised by older code, the
saved queries that read it, and the service description (with its fallback when there is none).
The summary's content itself is checked in tests/test_summaries.py, whose oracle this reuses."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import build_ui_store, free_port, kg_command
from kg import store, summaries
from test_summaries import (EMKG, PICK_POST, VOID, live_aggregates, run_kg,  # noqa: F401
                            shelter_store, summary_aggregates, summary_lines)


def _without_summary(store_dir: Path) -> Path:
    """Remove the summary graph in place: a store as built before summaries existed."""
    data = ox.Store(str(store.current_path(store_dir)))
    data.remove_graph(ox.NamedNode(summaries.SUMMARY_GRAPH))
    data.flush()
    del data
    return store_dir


def test_summarise_adds_the_summary_to_an_older_store(tmp_path):
    older = _without_summary(build_ui_store(tmp_path / "older"))
    assert summary_lines(store.canonical_nquads(store.open_read_only(older))) == []
    run_kg("summarise", "--store", str(older))
    refreshed = store.open_read_only(older)
    assert summary_aggregates(refreshed) == live_aggregates(refreshed)


NEWER_NODES = f"""DELETE {{ GRAPH <{summaries.SUMMARY_GRAPH}> {{ ?node ?p ?o }} }}
WHERE {{ GRAPH <{summaries.SUMMARY_GRAPH}> {{
  ?node a ?kind
  VALUES ?kind {{ <{EMKG}ShelterStatusTally> <{EMKG}MemberOrganizationPair> <{EMKG}PostTitleTally> }}
  ?node ?p ?o }} }}"""


def _saved_directly(store_dir: Path, name: str, **params) -> list[dict]:
    from endpoint.savedqueries import bind, load_all
    from endpoint.rewrite import inline_bindings
    from kg import paths

    query = load_all(paths.QUERIES_DIR)[name]
    solutions = store.open_read_only(store_dir).query(
        inline_bindings(query.sparql, bind(query, params)))
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


def test_summarise_adds_tallies_and_post_pairs_to_a_store_summarised_before_them(shelter_store,
                                                                                 tmp_path):
    """A store whose summary graph was computed by older code: no statuses, only the
    organisations met directly, until `kg summarise`."""
    copy = tmp_path / "store"
    build = store.current_path(shelter_store)
    shutil.copytree(build, copy / "builds" / build.name)
    (copy / "current").symlink_to(copy / "builds" / build.name)
    post = next(iter(store.open_read_only(copy).query(PICK_POST)))
    official, organization = post["person"].value, post["organization"].value

    def saved() -> tuple[list, list, list]:
        return (_saved_directly(copy, "shelters-by-status"),
                _saved_directly(copy, "organizations-met-by-official", official=official),
                _saved_directly(copy, "officials-of-organization", org=organization))

    before = saved()
    assert any("reported_status" in row for row in before[0])
    assert any("through" in row for row in before[1])
    assert before[2]
    data = ox.Store(str(store.current_path(copy)))
    data.update(NEWER_NODES)
    data.flush()
    del data
    assert not any("reported_status" in row for row in _saved_directly(copy, "shelters-by-status"))
    assert not any("through" in row for row in _saved_directly(
        copy, "organizations-met-by-official", official=official))
    assert _saved_directly(copy, "officials-of-organization", org=organization) == []
    run_kg("summarise", "--store", str(copy))
    assert saved() == before


def _value(n_triples: str | None) -> str | None:
    """The lexical form of a literal in N-Triples text (no quote inside), or None."""
    return n_triples.split('"')[1] if n_triples else None


def test_officials_of_organization_lists_each_title_with_its_posts_and_dates(shelter_store):
    titles = live_aggregates(store.open_read_only(shelter_store))["titles"]
    for organization in {key[1] for key in titles}:
        found = _saved_directly(shelter_store, "officials-of-organization", org=organization)
        assert {(r["official"], r.get("title"), int(r["posts"]), r.get("first_reported"),
                 r.get("reported")) for r in found} == {
            (member, _value(title), n, _value(first), _value(last))
            for (member, org, title), (n, first, last) in titles.items() if org == organization}
        assert [r.get("reported", "") for r in found] == sorted(r.get("reported", "") for r in found)
        assert all(r["org"] == organization for r in found)


def _description(store_dir: Path) -> ox.Store:
    from endpoint.app import create_app

    client = create_app({"STORE_DIR": str(store_dir), "TESTING": True}).test_client()
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    description = ox.Store()
    description.load(response.data, format=ox.RdfFormat.TURTLE)
    return description


def _void(description: ox.Store, predicate: str) -> int:
    rows = list(description.query(
        f"SELECT ?n WHERE {{ ?g a <http://www.w3.org/ns/sparql-service-description#Graph> ; "
        f"<{VOID}{predicate}> ?n }}"))
    return int(rows[0]["n"].value)


def test_service_description_reads_the_summary_and_falls_back_without_it(tmp_path):
    target = build_ui_store(tmp_path / "ui")
    build = store.current_path(target)
    data = ox.Store(str(build))
    live = live_aggregates(data)
    summary_triples = ox.Quad(ox.NamedNode(summaries.DATASET_NODE), ox.NamedNode(VOID + "triples"),
                              ox.Literal(str(live["triples"]), datatype=ox.NamedNode(
                                  "http://www.w3.org/2001/XMLSchema#integer")),
                              ox.NamedNode(summaries.SUMMARY_GRAPH))
    assert summary_triples in data
    # a summary that says otherwise than the data shows it is what the description reads
    data.remove(summary_triples)
    data.add(ox.Quad(summary_triples.subject, summary_triples.predicate,
                     ox.Literal(str(live["triples"] + 1000), datatype=summary_triples.object.datatype),
                     summary_triples.graph_name))
    data.flush()
    del data
    assert _void(_description(target), "triples") == live["triples"] + 1000
    older = _without_summary(build_ui_store(tmp_path / "older"))
    description = _description(older)
    assert _void(description, "triples") == live["triples"]
    assert _void(description, "entities") == live["entities"]
    assert _void(description, "classes") == len(live["classes"])


def _saved(client, name: str, **params) -> list[dict]:
    response = client.get(f"/queries/{name}", query_string=params,
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [{k: v["value"] for k, v in row.items()} for row in response.json["results"]["bindings"]]


@pytest.mark.slow
def test_the_two_saved_queries_give_the_live_aggregates_on_the_seeds(seed_store):
    from endpoint.app import create_app

    live = live_aggregates(store.open_read_only(seed_store))
    client = create_app({"STORE_DIR": str(seed_store), "TESTING": True}).test_client()
    classes = {r["class"]: (int(r["individuals"]), int(r["with_wikidata"]))
               for r in _saved(client, "statistics-per-class")}
    assert classes == live["classes"]
    pairs = _saved(client, "who-met-whom")
    assert {(r["a"], r["b"]): int(r["meetings"]) for r in pairs} == live["pairs"]
    assert [int(r["meetings"]) for r in pairs] == sorted(live["pairs"].values(), reverse=True)
    busiest = max(live["pairs"], key=live["pairs"].get)[0]
    own = {(r["a"], r["b"]): int(r["meetings"]) for r in _saved(client, "who-met-whom",
                                                                 person=busiest)}
    assert own == {pair: n for pair, n in live["pairs"].items() if busiest in pair}


def _serve_banner(store_dir: Path) -> str:
    """What `kg serve` prints on stderr before it starts serving (the process is then stopped)."""
    server = subprocess.Popen(kg_command() + ["serve", "--store", str(store_dir), "--port",
                                              str(free_port())],
                              stderr=subprocess.PIPE, text=True)
    lines = []
    try:
        for line in server.stderr:
            lines.append(line)
            if line.startswith("serving "):
                break
    finally:
        server.terminate()
        server.wait(timeout=30)
    return "".join(lines)


def test_serve_warns_when_the_summary_predates_the_code_until_summarise(tmp_path):
    target = build_ui_store(tmp_path / "ui")
    assert summaries.outdated(store.open_read_only(target)) is None
    data = ox.Store(str(store.current_path(target)))
    data.update(f"DELETE WHERE {{ GRAPH <{summaries.SUMMARY_GRAPH}> {{ ?d <{EMKG}summaryVersion> ?v }} }}")
    data.flush()
    del data
    banner = _serve_banner(target)
    assert "warning:" in banner and f"kg summarise --store {target}" in banner
    run_kg("summarise", "--store", str(target))
    assert "warning:" not in _serve_banner(target)
