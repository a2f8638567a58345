"""The summary graph: counts over the whole default graph, computed once per build by the store.

Six saved queries (statistics-per-class, who-met-whom, shelters-by-status,
organizations-met-by-official, officials-of-organization, entities-without-wikidata) and the
SPARQL service description aggregate over every triple; on 100,000 articles that costs seconds
per request. `kg build` and `kg add` therefore run one SPARQL Update (`refresh_update()`) after
loading, which replaces the named graph SUMMARY_GRAPH with:

    <…/summary/default-graph> a void:Dataset      void:triples, void:entities (distinct
                                                  subjects), void:classes, void:classPartition
    <…/summary/class/HASH>   a void:Dataset       void:class, void:entities,
                                                  emkg:entitiesLinkedToWikidata
    <…/summary/pair/HASH>    a emkg:CoParticipation   emkg:firstParticipant, emkg:secondParticipant
                                                  (the pair's IRIs in code-point order),
                                                  emkg:sharedMeetings
    <…/summary/shelter-status/HASH> a emkg:ShelterStatusTally   emkg:tallyShelter,
                                                  emkg:tallyStatus, emkg:statusRank,
                                                  emkg:tallyDate (absent when the reports have
                                                  no emkg:reportedOn), emkg:statusReports,
                                                  emkg:pageOrder (shelters-by-status's order)
    <…/summary/member/HASH>  a emkg:MemberOrganizationPair   emkg:pairMember,
                                                  emkg:pairOrganization, emkg:reportedPosts
    <…/summary/post-title/HASH> a emkg:PostTitleTally   emkg:tallyMember, emkg:tallyOrganization,
                                                  emkg:tallyTitle (absent for untitled posts),
                                                  emkg:tallyPosts, emkg:firstReportedOn and
                                                  emkg:lastReportedOn (absent when undated)
    ENTITY                   emkg:mentionCount    how many spans name it (emkg:mentionedIn)
    SHELTER                  emkg:targetGroupKey  each target group, normalised as shelters-by-
                                                  status compares it with the search text

SUMMARY_GRAPH is a well-known IRI under the ontology's IRI, not under the (configurable) data
base: a saved query must name it without knowing the base, and no article id can collide with
it. Node IRIs are hashes of what they describe (the class IRI; the two participant IRIs in
code-point order; shelter, status and date, where a missing date has its own key; person and
organisation), so the same input always gives the same quads. No date is recorded: a clock
reading would make two builds of the same input differ.
"""
from __future__ import annotations

from pyoxigraph import Store

from kg.vocab import EMKG, ONTOLOGY_IRI

SUMMARY_GRAPH = ONTOLOGY_IRI + "/summary"
#: Which summary content this code writes (emkg:summaryVersion on the dataset node); raised
#: whenever a saved query starts to read something older summaries lack.
#: 1: counts, pairs, shelter tallies, member pairs; 2: post title tallies, page orders, mention
#: counts, target group keys.
VERSION = 2
DATASET_NODE = SUMMARY_GRAPH + "/default-graph"
VOID = "http://rdfs.org/ns/void#"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

_PREFIXES = f"""PREFIX void: <{VOID}>
PREFIX emkg: <{EMKG}>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX org: <http://www.w3.org/ns/org#>
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
        _into(f"{dataset} emkg:summaryVersion {VERSION} .") + " WHERE {}",
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
        _shelter_status_tallies(),
        _member_organization_pairs(),
        _post_title_tallies(),
        _into("?shelter emkg:targetGroupKey ?key .")
        + " WHERE { SELECT DISTINCT ?shelter ?key WHERE { ?shelter a emkg:Shelter ; "
          f"emkg:targetGroup ?group BIND({TARGET_GROUP_KEY} AS ?key) }} }}",
        _into("?entity emkg:mentionCount ?n .")
        + " WHERE { SELECT ?entity (COUNT(DISTINCT ?span) AS ?n) "
          "WHERE { ?entity emkg:mentionedIn ?span } GROUP BY ?entity }",
    ]
    return _PREFIXES + " ;\n".join(operations)


#: The date part of a tally's hash key: a space, then datatype, language and lexical form; the
#: empty string when there is no date (IRIs hold no space, so no dated key equals an undated one).
_DATE_KEY = 'COALESCE(CONCAT(" ", STR(DATATYPE(?date)), " ", LANG(?date), " ", STR(?date)), "")'


#: A target group as shelters-by-status compares it with the normalised search text: hamza forms
#: to bare alef, taa marbuta to haa, alef maqsura to yaa, no diacritics or tatweel, lower case.
TARGET_GROUP_KEY = (
    'LCASE(REPLACE(REPLACE(REPLACE(REPLACE(STR(?group), "[\\u0622\\u0623\\u0625\\u0671]", "\\u0627"), '
    '"\\u0629", "\\u0647"), "\\u0649", "\\u064A"), "[\\u064B-\\u0652\\u0640]", ""))')

#: shelters-by-status's order as one integer: the status's rank, then the most recent date first,
#: undated (or a date that is not an xsd:date) last: rank * 10^8 + 99,999,999 - YYYYMMDD (or 0).
#: One integer sorts in a fraction of the time a rank and a date take, and needs one scan.
_PAGE_ORDER = ("?rank * 100000000 + 99999999 - "
               "COALESCE(YEAR(?date) * 10000 + MONTH(?date) * 100 + DAY(?date), 0)")


def _shelter_status_tallies() -> str:
    """One node per distinct (shelter, reported status, reported date or none), with the number
    of status reports that said it and the status's rank among all reported statuses in
    code-point order of their IRIs (a query ordering by status sorts integers, not IRIs)."""
    return _into("?tally a emkg:ShelterStatusTally ; emkg:tallyShelter ?shelter ; "
                 "emkg:tallyStatus ?status ; emkg:statusRank ?rank ; emkg:statusReports ?n ; "
                 "emkg:pageOrder ?order . ?tally emkg:tallyDate ?date .") + f""" WHERE {{
  {{ SELECT ?shelter ?status ?date (COUNT(DISTINCT ?report) AS ?n) WHERE {{
      ?report emkg:statusOf ?shelter ; emkg:reportedStatus ?status .
      ?shelter a emkg:Shelter
      OPTIONAL {{ ?report emkg:reportedOn ?date }} }}
    GROUP BY ?shelter ?status ?date }}
  {{ SELECT ?status (SUM(IF(STR(?other) < STR(?status), 1, 0)) AS ?rank) WHERE {{
      {{ SELECT DISTINCT ?status WHERE {{ ?report emkg:reportedStatus ?status }} }}
      {{ SELECT DISTINCT ?other WHERE {{ ?report emkg:reportedStatus ?other }} }} }}
    GROUP BY ?status }}
  BIND({_hashed_node("shelter-status", f'CONCAT(STR(?shelter), " ", STR(?status), {_DATE_KEY})')}
       AS ?tally)
  BIND({_PAGE_ORDER} AS ?order)
}}"""


def _member_organization_pairs() -> str:
    """One node per distinct (person, organisation) of the posts, with the number of posts."""
    return _into("?pair a emkg:MemberOrganizationPair ; emkg:pairMember ?person ; "
                 "emkg:pairOrganization ?organization ; emkg:reportedPosts ?n .") + f""" WHERE {{
  {{ SELECT ?person ?organization (COUNT(DISTINCT ?post) AS ?n) WHERE {{
      ?post org:member ?person ; org:organization ?organization }}
    GROUP BY ?person ?organization }}
  BIND({_hashed_node("member", 'CONCAT(STR(?person), " ", STR(?organization))')} AS ?pair)
}}"""


def _post_title_tallies() -> str:
    """One node per distinct (person, organisation, title as printed or none) of the posts, with
    the number of posts and the earliest and latest dates they were reported on."""
    title_key = 'COALESCE(CONCAT(" ", LANG(?title), " ", STR(?title)), "")'
    return _into("?tally a emkg:PostTitleTally ; emkg:tallyMember ?person ; "
                 "emkg:tallyOrganization ?organization ; emkg:tallyPosts ?n . "
                 "?tally emkg:tallyTitle ?title ; emkg:firstReportedOn ?first . "
                 "?tally emkg:lastReportedOn ?last .") + f""" WHERE {{
  {{ SELECT ?person ?organization ?title (COUNT(DISTINCT ?post) AS ?n) (MIN(?date) AS ?first)
           (MAX(?date) AS ?last) WHERE {{
      ?post org:member ?person ; org:organization ?organization .
      OPTIONAL {{ ?post emkg:titleAsPrinted ?title }}
      OPTIONAL {{ ?post emkg:reportedOn ?date }} }}
    GROUP BY ?person ?organization ?title }}
  BIND({_hashed_node("post-title", f'CONCAT(STR(?person), " ", STR(?organization), {title_key})')}
       AS ?tally)
}}"""


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


# -- reading it back (the service description, `kg serve`) ---------------------------------------

VERSION_QUERY = f"""SELECT ?version WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{
  <{DATASET_NODE}> <{EMKG}summaryVersion> ?version }} }}"""


def outdated(store: Store) -> str | None:
    """Why the store's summary graph is not what this code writes (missing or older), or None."""
    found = [int(row["version"].value) for row in store.query(VERSION_QUERY)]
    if found == [VERSION]:
        return None
    written = f"version {found[0]}" if found else "no version, or none at all"
    return (f"its summary graph is {written}, this code writes version {VERSION}: saved queries "
            "that read it (shelters-by-status, officials-of-organization, "
            "entities-without-wikidata, ...) give incomplete answers until `kg summarise`")

TOTALS_QUERY = f"""PREFIX void: <{VOID}>
SELECT ?triples ?entities WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{
  <{DATASET_NODE}> void:triples ?triples ; void:entities ?entities }} }}"""

CLASSES_QUERY = f"""PREFIX void: <{VOID}>
SELECT ?c ?n WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{
  <{DATASET_NODE}> void:classPartition ?part . ?part void:class ?c ; void:entities ?n }} }}
ORDER BY ?c"""
