"""The summary graph: counts over the whole default graph, computed once per build by the store.

Two saved queries (statistics-per-class, who-met-whom) and the SPARQL service description
aggregate over every triple; on 100,000 articles that costs seconds per request. `kg build` and
`kg add` therefore run one SPARQL Update (`refresh_update()`) after loading, which replaces the
named graph SUMMARY_GRAPH with:

    <…/summary/default-graph> a void:Dataset      void:triples, void:entities (distinct
                                                  subjects), void:classes, void:classPartition
    <…/summary/class/HASH>   a void:Dataset       void:class, void:entities,
                                                  emkg:entitiesLinkedToWikidata
    <…/summary/pair/HASH>    a emkg:CoParticipation   emkg:firstParticipant, emkg:secondParticipant
                                                  (the pair's IRIs in code-point order),
                                                  emkg:sharedMeetings

SUMMARY_GRAPH is a well-known IRI under the ontology's IRI, not under the (configurable) data
base: a saved query must name it without knowing the base, and no article id can collide with
it. Node IRIs are hashes of what they describe (the class IRI; the two participant IRIs in
code-point order), so the same input always gives the same quads. No date is recorded: a clock
reading would make two builds of the same input differ.
"""
from __future__ import annotations

from pyoxigraph import Store

from kg.vocab import EMKG, ONTOLOGY_IRI

SUMMARY_GRAPH = ONTOLOGY_IRI + "/summary"
DATASET_NODE = SUMMARY_GRAPH + "/default-graph"
VOID = "http://rdfs.org/ns/void#"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

_PREFIXES = f"""PREFIX void: <{VOID}>
PREFIX emkg: <{EMKG}>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


def _hashed_node(kind: str, key_expression: str) -> str:
    """SPARQL expression minting `{SUMMARY_GRAPH}/{kind}/{first 20 hex digits of SHA-1(key)}`."""
    return f'IRI(CONCAT("{SUMMARY_GRAPH}/{kind}/", SUBSTR(SHA1({key_expression}), 1, 20)))'


def _into(template: str) -> str:
    return f"INSERT {{ GRAPH <{SUMMARY_GRAPH}> {{ {template} }} }}"


def refresh_update() -> str:
    """One SPARQL Update that drops the summary graph and recomputes it from the default graph."""
    dataset = f"<{DATASET_NODE}>"
    operations = [
        f"DROP SILENT GRAPH <{SUMMARY_GRAPH}>",
        _into(f"{dataset} a void:Dataset ; void:triples ?n .")
        + " WHERE { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } }",
        _into(f"{dataset} void:entities ?n .")
        + " WHERE { SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o } }",
        _into(f"{dataset} void:classes ?n .")
        + " WHERE { SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c } }",
        _into(f"{dataset} void:classPartition ?part . ?part a void:Dataset ; void:class ?c ; "
              "void:entities ?n ; emkg:entitiesLinkedToWikidata ?linked .")
        + f""" WHERE {{
  {{ SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c }} GROUP BY ?c }}
  OPTIONAL {{ SELECT ?c (COUNT(DISTINCT ?s) AS ?wd) WHERE {{
      ?s owl:sameAs ?item FILTER(STRSTARTS(STR(?item), "{WIKIDATA_ENTITY}")) ?s a ?c }}
    GROUP BY ?c }}
  BIND(COALESCE(?wd, 0) AS ?linked)
  BIND({_hashed_node("class", "STR(?c)")} AS ?part)
}}""",
        _into("?pair a emkg:CoParticipation ; emkg:firstParticipant ?a ; "
              "emkg:secondParticipant ?b ; emkg:sharedMeetings ?n .")
        + f""" WHERE {{
  {{ SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?n) WHERE {{
      ?m emkg:hasParticipant ?a , ?b FILTER(STR(?a) < STR(?b)) }}
    GROUP BY ?a ?b }}
  BIND({_hashed_node("pair", 'CONCAT(STR(?a), " ", STR(?b))')} AS ?pair)
}}""",
    ]
    return _PREFIXES + " ;\n".join(operations)


def refresh(store: Store) -> None:
    """Replace the summary graph of an embedded (writable) store."""
    store.update(refresh_update())


def in_summary(nquads_line: str) -> bool:
    """Whether a canonical N-Quads line (kg.store.canonical_nquads) is in the summary graph."""
    return nquads_line.endswith(f" <{SUMMARY_GRAPH}> .\n")


def outside_summary(nquads_lines) -> list[str]:
    """The lines that are not in the summary graph: what `kg add` must keep (the summary's
    counts change with every add)."""
    return [line for line in nquads_lines if not in_summary(line)]


# -- reading it back (the service description) --------------------------------------------------

TOTALS_QUERY = f"""PREFIX void: <{VOID}>
SELECT ?triples ?entities WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{
  <{DATASET_NODE}> void:triples ?triples ; void:entities ?entities }} }}"""

CLASSES_QUERY = f"""PREFIX void: <{VOID}>
SELECT ?c ?n WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{
  <{DATASET_NODE}> void:classPartition ?part . ?part void:class ?c ; void:entities ?n }} }}
ORDER BY ?c"""
