"""`kg build`, `kg add`, `kg export`: real subprocesses on real stores."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import store, summaries
from conftest import kg_command

NEW_ARTICLE = """وزيرة الهجرة تستقبل سفير إيطاليا لبحث الهجرة النظامية
استقبلت السفيرة سها جندي، وزيرة الهجرة والمغتربين المصريين، السفير ميكيلي كواروني، سفير إيطاليا في القاهرة، لبحث فرص الهجرة النظامية للشباب المصري.
"""


def run_kg(*args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(kg_command() + list(args), capture_output=True, text=True, timeout=600,
                          check=check, env=env)


def canonical(store_dir: Path) -> list[str]:
    return store.canonical_nquads(store.open_read_only(store_dir))


@pytest.mark.slow
def test_build_twice_gives_identical_canonical_nquads(tmp_path, seeds_dir):
    run_kg("build", str(seeds_dir), "--store", str(tmp_path / "a"))
    run_kg("build", str(seeds_dir), "--store", str(tmp_path / "b"), "--jobs", "1")
    first, second = canonical(tmp_path / "a"), canonical(tmp_path / "b")
    assert first == second
    assert len(first) > 500


def test_bad_files_are_reported_and_good_ones_built(tmp_path, copy_of_seeds):
    (copy_of_seeds / "empty.txt").write_bytes(b"")
    (copy_of_seeds / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (copy_of_seeds / "latin1.txt").write_bytes("وزير".encode("utf-8") + b"\xe9\xff caf\xe9")
    result = run_kg("build", str(copy_of_seeds), "--store", str(tmp_path / "s"), check=False)
    assert result.returncode == 1
    for name in ("empty.txt", "binary.txt", "latin1.txt"):
        assert name in result.stderr
    assert "5 article(s) built" in result.stderr
    graphs = {line.rsplit(" ", 2)[-2] for line in canonical(tmp_path / "s") if "/graph/" in line}
    assert len(graphs) == 5


def test_add_is_idempotent_and_extends_the_graph(tmp_path, seeds_dir):
    store_dir = tmp_path / "s"
    run_kg("build", str(seeds_dir), "--store", str(store_dir))
    before = canonical(store_dir)
    article = tmp_path / "new_001.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    run_kg("add", str(article), "--store", str(store_dir))
    once = canonical(store_dir)
    assert len(once) > len(before)
    assert set(summaries.outside_summary(before)) <= set(once)  # the summary's counts change
    run_kg("add", str(article), "--store", str(store_dir))
    assert canonical(store_dir) == once


@pytest.mark.slow
def test_killed_build_leaves_previous_store_servable(tmp_path, seeds_dir):
    store_dir = tmp_path / "s"
    run_kg("build", str(seeds_dir), "--store", str(store_dir))
    before = canonical(store_dir)
    corpus = tmp_path / "big"
    corpus.mkdir()
    text = (seeds_dir / "000_d1ff1b40d051aaac.txt").read_text(encoding="utf-8")
    for i in range(3000):
        (corpus / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, TMPDIR=str(temporary))
    proc = subprocess.Popen(kg_command() + ["build", str(corpus), "--store", str(store_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env=env)
    time.sleep(4)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert canonical(store_dir) == before
    rows = list(store.open_read_only(store_dir).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert int(rows[0][0].value) > 0
    assert list(temporary.glob("kg-build-*"))  # the killed build's N-Quads are left behind
    alive = temporary / f"kg-build-{os.getpid()}-other"  # a running build's: not touched
    alive.mkdir()
    run_kg("build", str(seeds_dir), "--store", str(store_dir), env=env)  # the next one cleans up
    assert not list((store_dir / store.BUILDS).glob("*.partial"))
    assert [p.name for p in temporary.glob("kg-build-*")] == [alive.name]


@pytest.mark.slow
def test_export_owl_opens_in_owlready2_and_hermit_finds_it_consistent(tmp_path, seed_store):
    import owlready2

    out = tmp_path / "graph.owl"
    run_kg("export", "--format", "owl", "--out", str(out), "--store", str(seed_store))
    world = owlready2.World()
    world.get_ontology(out.as_uri()).load()
    assert len(list(world.individuals())) > 100
    assert _hermit(out)


def _hermit(owl_file: Path) -> bool:
    import contextlib
    import io

    import owlready2

    world = owlready2.World()
    world.get_ontology(owl_file.as_uri()).load()
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            owlready2.sync_reasoner_hermit(world, infer_property_values=False)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    return True


@pytest.mark.slow
def test_seeds_export_passes_the_ontology_quality_gate(tmp_path, seed_store):
    from conftest import SHARED

    out = tmp_path / "seeds.ttl"
    run_kg("export", "--format", "ttl", "--out", str(out), "--store", str(seed_store))
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "ontology_check.py"), "ontology/emkg.ttl", str(out),
         "--shapes", "ontology/emkg-shapes.ttl"], capture_output=True, text=True, cwd=root,
        timeout=600)
    print(result.stdout[-4000:])
    assert " 0 failed" in result.stdout.strip().splitlines()[-1]


def test_validate_and_stats_report_on_the_seeds(seed_store):
    validated = run_kg("validate", "--store", str(seed_store), check=False)
    assert "Conforms: True" in validated.stdout, validated.stdout[-3000:]
    stats = run_kg("stats", "--store", str(seed_store))
    assert "emkg:Official" in stats.stdout and "== Wikidata links" in stats.stdout
    assert "  graphs\t5" in stats.stdout  # the five seeds, summarised
    listed = run_kg("stats", "--store", str(seed_store), "--per-article").stdout
    assert sum("/graph/" in line for line in listed.splitlines()) == 5


def test_import_refreshes_the_summary_counts(tmp_path):
    from kg import summaries

    data = tmp_path / "extra.ttl"
    data.write_text("""@prefix emkg: <https://w3id.org/emkg/ontology#> .
<https://example.org/person/1> a emkg:Official .
<https://example.org/person/2> a emkg:Official .
""", encoding="utf-8")
    store_dir = tmp_path / "s"
    run_kg("import", str(data), "--store", str(store_dir))
    rows = list(store.open_read_only(store_dir).query(f"""
        PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?n WHERE {{ GRAPH <{summaries.SUMMARY_GRAPH}> {{
            ?partition void:class <https://w3id.org/emkg/ontology#Official> ; void:entities ?n }} }}"""))
    assert [int(r["n"].value) for r in rows] == [2]


POST_DATED = ("استقبلت الدكتورة نادية فؤاد، وزيرة التضامن الاجتماعي، اليوم وفد المنظمة الدولية للهجرة "
              "لبحث سبل دعم ضحايا الاتجار بالبشر.\n")
POST_UNDATED = ("أكدت الدكتورة نادية فؤاد، وزيرة التضامن الاجتماعي، أن الوزارة تتابع تشغيل دار الإيواء "
                "الجديدة للفتيات ضحايا الاتجار بالبشر.\n")


def test_posts_and_statuses_are_dated_by_their_articles_publication(tmp_path):
    """A post is reported on its article's publication date (emkg:reportedOn); an article with
    no known date gives none. The saved queries that order posts by that date see it."""
    from endpoint.rewrite import inline_bindings
    from endpoint.savedqueries import bind, load_all
    from kg import paths

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "dated.txt").write_text(POST_DATED, encoding="utf-8")
    (articles / "dated.meta.yaml").write_text("published: 2025-02-10\n", encoding="utf-8")
    (articles / "undated.txt").write_text(POST_UNDATED, encoding="utf-8")
    run_kg("build", str(articles), "--store", str(tmp_path / "store"), "--no-link")
    data = store.open_read_only(tmp_path / "store")
    rows = {(row["article"].value.rsplit("/", 1)[-1].split("-")[0], row["kind"].value.rsplit("#", 1)[-1],
             row["date"].value if row["date"] else None) for row in data.query("""
        PREFIX emkg: <https://w3id.org/emkg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?article ?kind ?date WHERE {
          ?fact a ?kind ; prov:hadPrimarySource ?article .
          FILTER(?kind IN (<http://www.w3.org/ns/org#Membership>, emkg:StatusReport))
          OPTIONAL { ?fact emkg:reportedOn ?date } }""")}
    assert ("dated", "Membership", "2025-02-10") in rows
    assert ("undated", "Membership", None) in rows and ("undated", "StatusReport", None) in rows
    assert not any(kind == "Membership" and date is None for article, kind, date in rows
                   if article == "dated")
    official = next(iter(data.query("""SELECT ?o WHERE { ?m <http://www.w3.org/ns/org#member> ?o }""")))["o"]
    saved = load_all(paths.QUERIES_DIR)
    timeline = saved["timeline-of-entity"]
    when = [row["when"].value for row in data.query(
        inline_bindings(timeline.sparql, bind(timeline, {"entity": official.value}))) if row["when"]]
    assert "2025-02-10" in when
