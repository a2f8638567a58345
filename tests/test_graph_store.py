"""RDF writing and the on-disk store: provenance, graphs, determinism, atomic builds."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat

from kg import graph, store, vocab
from kg.records import Article, ArticleMeta, Citation, Label, Lit, Node, Ref, Resolution, Statement, Zone

TEXT = "التقى الوزير حسن عادل سفيرة إيطاليا بالقاهرة اليوم.\nوحضر اللقاء مدير المكتب."


def _article() -> Article:
    return Article(id="t001", path="/x/t001.txt", text=TEXT, sha256="ab" * 32,
                   meta=ArticleMeta(outlet_ar="الشروق", published="2024-03-23"),
                   zones=(Zone("body", 0, len(TEXT)),))


def _resolution() -> Resolution:
    minister = Citation("t001", 13, 21, TEXT[13:21])
    meeting = Citation("t001", 0, 44, TEXT[0:44])
    return Resolution(
        nodes=(Node("official:حسن عادل", "Official", (Label("حسن عادل", "ar", "pref"),), (minister,),
                    (("emkg:gender", Lit("male")),)),
               Node("organization:سفارة ايطاليا", "Organization", (Label("سفارة إيطاليا", "ar"),),
                    (meeting,)),
               Node("meeting:t001-1", "Meeting", (Label("لقاء حسن عادل", "ar"),), (meeting,))),
        statements=(Statement("meeting:t001-1", "emkg:hasHost", Ref("official:حسن عادل"), meeting, "r1"),
                    Statement("meeting:t001-1", "emkg:hasGuest", Ref("organization:سفارة ايطاليا"),
                              meeting, "r1"),
                    Statement("meeting:t001-1", "emkg:topic", Lit("التعاون", "ar"), meeting, "r2")))


def _load(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    nq = tmp_path / "data.nq"
    store.write_nquads(graph.to_quads(_resolution(), [_article()]), nq)
    with store.new_build(tmp_path / "store") as build:
        store.bulk_load_nquads(build.store, nq)
    return tmp_path / "store"


def test_facts_cite_spans_with_offsets_quote_and_article_hash(tmp_path):
    s = store.open_read_only(_load(tmp_path))
    rows = list(s.query("""
        PREFIX emkg: <https://w3id.org/emkg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?exact ?start ?end ?hash ?article WHERE {
          ?m a emkg:Meeting ; emkg:hasHost ?h ; prov:wasDerivedFrom ?span ; prov:hadPrimarySource ?article .
          ?span oa:hasSource ?article ; emkg:textSha256 ?hash ;
                oa:hasSelector [ oa:exact ?exact ] , [ oa:start ?start ; oa:end ?end ] }"""))
    assert len(rows) == 1
    exact, start, end, digest, _ = (t.value for t in rows[0])
    assert TEXT[int(start):int(end)] == exact and digest == "ab" * 32


def test_each_fact_is_in_its_article_graph_and_the_default_graph(tmp_path):
    s = store.open_read_only(_load(tmp_path))
    g = NamedNode(vocab.graph_iri("t001"))
    ask = """PREFIX emkg: <https://w3id.org/emkg/ontology#>
             ASK { %s { ?m emkg:hasGuest ?o ; emkg:hasParticipant ?o } }"""
    assert bool(s.query(ask % ""))
    assert bool(s.query(ask % f"GRAPH <{g.value}>"))


def test_search_key_makes_spelling_variants_findable(tmp_path):
    s = store.open_read_only(_load(tmp_path))
    rows = list(s.query('SELECT ?s WHERE { ?s <https://w3id.org/emkg/ontology#searchKey> "سفاره ايطاليا" }'))
    assert len(rows) == 1


def test_word_index_holds_names_of_entities_not_of_meetings(tmp_path):
    s = store.open_read_only(_load(tmp_path))
    rows = s.query("""PREFIX emkg: <https://w3id.org/emkg/ontology#>
        SELECT ?kind (COUNT(?key) AS ?keys) (COUNT(?word) AS ?words) WHERE {
          { ?node emkg:searchKey ?key } UNION { ?node emkg:searchWord ?word }
          ?node a ?class BIND(STRAFTER(STR(?class), "#") AS ?kind) } GROUP BY ?kind""")
    found = {r["kind"].value: (int(r["keys"].value), int(r["words"].value)) for r in rows}
    # a meeting's label repeats its participants' names: searching a name finds the person
    assert found == {"Official": (1, 2), "Organization": (1, 2), "Meeting": (1, 0)}


def test_same_input_gives_identical_canonical_nquads(tmp_path):
    a = store.canonical_nquads(store.open_read_only(_load(tmp_path / "a")))
    b = store.canonical_nquads(store.open_read_only(_load(tmp_path / "b")))
    assert a == b and len(a) > 50


def test_failed_build_leaves_previous_store_current(tmp_path):
    store_dir = _load(tmp_path)
    before = store.current_path(store_dir)
    with pytest.raises(RuntimeError):
        with store.new_build(store_dir) as build:
            build.store.bulk_load(input=b"<http://a> <http://b> <http://c> .", format=RdfFormat.N_TRIPLES)
            raise RuntimeError("interrupted")
    assert store.current_path(store_dir) == before
    assert not list((store_dir / store.BUILDS).glob("*.partial"))
    assert len(store.canonical_nquads(store.open_read_only(store_dir))) > 50


def test_retract_graph_keeps_triples_other_articles_assert(tmp_path):
    store_dir = _load(tmp_path)
    with store.new_build(store_dir, from_current=True) as build:
        store.retract_graph(build.store, vocab.graph_iri("t001"))
    left = store.canonical_nquads(store.open_read_only(store_dir))
    assert not any("graph/t001" in line for line in left)
    assert not any("hasHost" in line for line in left)
