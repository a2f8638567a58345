"""shelters-by-status, organizations-met-by-official and entities-without-wikidata read the
summary graph (kg/summaries.py); their rows must equal those of the texts they replaced, kept here
as the reference, which read every status report, post and mention of the default graph.

`through` is a SAMPLE (any co-participant holding a post in the organisation), so it is compared
by checking that the value given is such a person, not by equality. Rows tied on (status, date)
at the 1,000-row cut may be picked differently by either text; the stores here stay under it."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Variable

from endpoint.rewrite import inline_bindings
from endpoint.savedqueries import bind, load_all
from kg import paths, store
from kg.normalize import search_key
from test_summaries import PICK_POST, shelter_store  # noqa: F401 (fixture)

EMKG = "https://w3id.org/emkg/ontology#"
QUERIES = load_all(paths.QUERIES_DIR)

#: queries/shelters-by-status.rq before the summary graph held the tallies.
OLD_SHELTERS_BY_STATUS = r'''
PREFIX emkg: <https://w3id.org/emkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT $status $target ?shelter (SAMPLE(?ar) AS ?label_ar) (SAMPLE(?en) AS ?label_en) ?reported_status ?reported
       (SAMPLE(?group) AS ?target_group) (SAMPLE(?operator_label) AS ?operator) (SAMPLE(?total) AS ?planned_total)
WHERE {
  {  # the page: at most 1,000 rows in status order, the most recently reported first within a status
    SELECT ?shelter ?reported_status ?reported (SAMPLE(?matching_group) AS ?group)
    WHERE {
      # each property comes from its own subquery (one scan, joined by hash), not from one index
      # lookup per shelter or report
      { SELECT ?shelter WHERE { ?shelter a emkg:Shelter } }
      OPTIONAL {
        SELECT ?shelter ?reported_status ?reported
        WHERE {
          { SELECT ?report ?shelter WHERE { ?report emkg:statusOf ?shelter } }
          { SELECT ?report ?reported_status WHERE { ?report emkg:reportedStatus ?reported_status } }
          OPTIONAL { SELECT ?report ?reported WHERE { ?report emkg:reportedOn ?reported } }
        }
      }
      FILTER(COALESCE(COALESCE(?reported_status, emkg:NoStatus) = $status, true))  # no status given: keep all
      OPTIONAL { SELECT ?shelter ?matching_group WHERE { ?shelter emkg:targetGroup ?matching_group } }
      FILTER(COALESCE(IF(sameTerm($target, $target),  # no target given: keep all, normalise nothing
         CONTAINS(LCASE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE(STR(?matching_group), ""),
         "[\u0622\u0623\u0625\u0671]", "\u0627"), "\u0629", "\u0647"), "\u0649", "\u064A"), "[\u064B-\u0652\u0640]", "")), $target),
         true), true))
    }
    GROUP BY ?shelter ?reported_status ?reported
    ORDER BY ?reported_status DESC(?reported)
    LIMIT 1000
  }
  OPTIONAL { ?shelter emkg:operatedBy ?op . ?op rdfs:label ?operator_label FILTER(LANG(?operator_label) = "ar") }
  OPTIONAL { ?shelter emkg:plannedTotal ?total }
  OPTIONAL { ?shelter rdfs:label ?ar FILTER(LANG(?ar) = "ar") }
  OPTIONAL { ?shelter rdfs:label ?en FILTER(LANG(?en) = "en") }
}
GROUP BY $status $target ?shelter ?reported_status ?reported
ORDER BY ?reported_status ?shelter
'''

#: queries/organizations-met-by-official.rq before the summary graph held the post pairs.
OLD_ORGANIZATIONS_MET_BY_OFFICIAL = r'''
PREFIX emkg: <https://w3id.org/emkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT $official ?organization (SAMPLE(?ar) AS ?label_ar) (SAMPLE(?en) AS ?label_en)
       (SAMPLE(?count) AS ?meetings) (SAMPLE(?via_) AS ?through)
WHERE {
  {
    SELECT ?organization (COUNT(DISTINCT ?meeting) AS ?count) (SAMPLE(?via) AS ?via_)
    WHERE {
      ?meeting emkg:hasParticipant $official , ?other .  # every role is also hasParticipant
      ?meeting a emkg:Meeting .
      FILTER(?other != $official)
      {  # each other participant's organisations, once: itself, or those it holds a post in
        SELECT DISTINCT ?other ?organization ?via
        WHERE {
          {
            SELECT DISTINCT ?other
            WHERE {
              ?meeting emkg:hasParticipant $official , ?other .
              FILTER(?other != $official)
            }
          }
          {
            ?other a emkg:Organization .
            BIND(?other AS ?organization)
          } UNION {
            {  # every (member, organisation) pair, from two scans joined by hash: one index
               # lookup per post of every co-participant costs more when the official is busy
              SELECT DISTINCT ?other ?organization
              WHERE {
                { SELECT ?membership ?other WHERE { ?membership org:member ?other } }
                { SELECT ?membership ?organization WHERE { ?membership org:organization ?organization } }
              }
            }
            BIND(?other AS ?via)
          }
        }
      }
      MINUS {  # the official's own organisations, found once
        SELECT DISTINCT ?organization WHERE { ?own org:member $official ; org:organization ?organization }
      }
    }
    GROUP BY ?organization
  }
  OPTIONAL { ?organization rdfs:label ?ar FILTER(LANG(?ar) = "ar") }
  OPTIONAL { ?organization rdfs:label ?en FILTER(LANG(?en) = "en") }
}
GROUP BY $official ?organization
ORDER BY DESC(?meetings) ?organization
'''

#: queries/entities-without-wikidata.rq before the summary graph held the mention counts.
OLD_ENTITIES_WITHOUT_WIKIDATA = r'''
PREFIX emkg: <https://w3id.org/emkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>

SELECT ?entity ?class (SAMPLE(?ar) AS ?label_ar) (SAMPLE(?en) AS ?label_en) (SAMPLE(?count) AS ?mentions)
WHERE {
  {
    SELECT ?entity ?class ?count
    WHERE {
      {
        SELECT ?entity ?class WHERE {
          VALUES ?class { emkg:Official emkg:Organization emkg:Place emkg:Country emkg:City }
          ?entity a ?class .
          FILTER NOT EXISTS { ?entity owl:sameAs ?item FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/")) }
        }
      }
      OPTIONAL { SELECT ?entity (COUNT(?span) AS ?n) WHERE { ?entity emkg:mentionedIn ?span } GROUP BY ?entity }
      BIND(COALESCE(?n, 0) AS ?count)
    }
    ORDER BY DESC(?count) ?entity
    LIMIT 1000
  }
  OPTIONAL { ?entity rdfs:label ?ar FILTER(LANG(?ar) = "ar") }
  OPTIONAL { ?entity rdfs:label ?en FILTER(LANG(?en) = "en") }
}
GROUP BY ?entity ?class
ORDER BY DESC(?mentions) ?entity
'''

OLD_TEXTS = {"shelters-by-status": OLD_SHELTERS_BY_STATUS,
             "organizations-met-by-official": OLD_ORGANIZATIONS_MET_BY_OFFICIAL,
             "entities-without-wikidata": OLD_ENTITIES_WITHOUT_WIKIDATA}
#: Each query's ORDER BY, as columns.
ORDER_KEYS = {"shelters-by-status": ("reported_status", "shelter"),
              "organizations-met-by-official": ("meetings", "organization"),
              "entities-without-wikidata": ("mentions", "entity")}

#: Whether a `through` value is a co-participant of the official holding a post in the organisation.
VALID_THROUGH = f"""ASK {{ ?meeting <{EMKG}hasParticipant> ?official , ?through .
  ?post <http://www.w3.org/ns/org#member> ?through ;
        <http://www.w3.org/ns/org#organization> ?organization }}"""


def _rows(data, sparql: str, name: str, params: dict) -> list[dict]:
    solutions = data.query(inline_bindings(sparql, bind(QUERIES[name], params)))
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in solutions]


def _matching_groups(data, row: dict, params: dict) -> list:
    """The shelter's target groups, only those containing the target when one is given."""
    groups = [r["g"] for r in data.query(
        f"SELECT ?g WHERE {{ <{row['shelter'].value}> <{EMKG}targetGroup> ?g }}")]
    target = params.get("target")
    return [g for g in groups if target is None or search_key(target) in search_key(g.value)]


def _without(rows: list[dict], column: str) -> list[dict]:
    return [{k: v for k, v in row.items() if k != column} for row in rows]


def _in_any_order(rows: list[dict]) -> list[str]:
    return sorted(str(sorted((k, str(v)) for k, v in row.items())) for row in rows)


def assert_same_as_old(store_dir: Path, name: str, **params) -> list[dict]:
    """The rewritten saved query's rows equal the old text's, in the order of the documented
    sort keys (rows equal on them, such as one shelter's reports of one status on two dates,
    come in either order); returns them."""
    data = store.open_read_only(store_dir)
    new = _rows(data, QUERIES[name].sparql, name, params)
    old = _rows(data, OLD_TEXTS[name], name, params)
    assert len(new) < 1000, "ties at the cut could make the two texts differ"
    keys = ORDER_KEYS[name]
    assert [[row.get(k) for k in keys] for row in new] == [[row.get(k) for k in keys] for row in old]
    if name == "entities-without-wikidata":
        assert new == old and new, "no SAMPLE here: the same rows in the same order"
        return new
    if name != "organizations-met-by-official":  # target_group is a SAMPLE: any matching one
        assert _in_any_order(_without(new, "target_group")) == _in_any_order(_without(old, "target_group"))
        for row in new:
            assert ("target_group" in row) == bool(_matching_groups(data, row, params)), row
            if "target_group" in row:
                assert row["target_group"] in _matching_groups(data, row, params), row
        return new
    assert _without(new, "through") == _without(old, "through")  # one row per organisation
    for row, reference in zip(new, old):
        assert ("through" in row) == ("through" in reference), row
        if "through" in row:
            assert bool(data.query(inline_bindings(VALID_THROUGH, {
                Variable(k): row[k] for k in ("official", "through", "organization")}))), row
    return new


def shelter_cases(data) -> list[dict]:
    """No filter, each reported status, no status at all, and a target group's word."""
    statuses = [row["s"].value for row in data.query(
        f"SELECT DISTINCT ?s WHERE {{ ?r <{EMKG}reportedStatus> ?s }} ORDER BY ?s")]
    return ([{}] + [{"status": s} for s in statuses] + [{"status": EMKG + "NoStatus"}]
            + [{"target": "\u0627\u0644\u0623\u0637\u0641\u0627\u0644"}])  # al-atfal: children


def official_cases(data) -> list[dict]:
    """Every participant of a meeting."""
    return [{"official": row["x"].value} for row in data.query(
        f"SELECT DISTINCT ?x WHERE {{ ?m <{EMKG}hasParticipant> ?x }} ORDER BY ?x")]


def _check_all(store_dir: Path) -> tuple[list, list]:
    data = store.open_read_only(store_dir)
    shelters = [assert_same_as_old(store_dir, "shelters-by-status", **params)
                for params in shelter_cases(data)]
    organisations = [assert_same_as_old(store_dir, "organizations-met-by-official", **params)
                     for params in official_cases(data)]
    assert_same_as_old(store_dir, "entities-without-wikidata")
    return shelters, organisations


def test_rewritten_queries_give_the_old_rows_on_a_small_corpus(shelter_store):  # noqa: F811
    shelters, organisations = _check_all(shelter_store)
    every = shelters[0]
    assert any("reported" in row for row in every) and any("reported" not in row for row in every)
    assert len({row["reported_status"].value for row in every if "reported_status" in row}) >= 3
    assert any(len(rows) for rows in shelters[1:])
    assert any("through" in row for rows in organisations for row in rows)
    assert any("through" not in row for rows in organisations for row in rows)


@pytest.mark.slow
def test_rewritten_queries_give_the_old_rows_on_the_seeds(seed_store):
    shelters, organisations = _check_all(seed_store)
    assert any("reported_status" in row for row in shelters[0])
    assert any("through" in row for rows in organisations for row in rows)
