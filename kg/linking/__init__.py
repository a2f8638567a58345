"""Link entities to Wikidata, offline-first: no link rather than a wrong one.

Accepted links are written as `owl:sameAs wd:Q…` (the graph writer turns the node attribute
`emkg:wikidata` into that triple, with `emkg:linkScore`, `emkg:linkMethod` and `emkg:linkDate`).
We chose owl:sameAs because researchers join on it (SERVICE queries, Wikidata's own redirects use
it) and because we only assert a link the table's evidence supports.

Candidates come from a checked-in table (kg.linking.table); kg.linking.scoring filters them by
type and context and scores them (kg.linking.context reads the entity's posts, organisations and
countries from the resolution). Partial matches never link: "مكتب المنظمة الدولية للهجرة في مصر"
(a country office) is not IOM. Reviewer decisions in kg/data/link-decisions.yaml override both
ways. Every candidate considered — accepted, rejected or left nil — is also returned as an
`emkg:LinkCandidate` node (candidateFor, candidateItem, score, method, decision, date) so that a
person can review it in the graph. Dates are those of the evidence (the table row's or the
decision's `verified`/`date`), never the clock, so rebuilds give identical N-Quads.
"""
from __future__ import annotations

from dataclasses import replace

from kg.linking.context import Context, context_of, gazetteer, index
from kg.linking.scoring import MARGIN, THRESHOLD, Candidate, choose, label_matches, score
from kg.linking.table import DATA, DECISIONS, TABLE, Decision, Item, as_decision, load_decisions, load_table
from kg.normalize import search_key
from kg.records import Label, Lit, Node, Resolution

__all__ = ["DATA", "DECISIONS", "TABLE", "THRESHOLD", "MARGIN", "LINKABLE", "Candidate", "Decision",
           "Item", "candidates", "link", "load_decisions", "load_table"]

WD = "http://www.wikidata.org/entity/"
LINKABLE = frozenset({"Official", "Organization", "Country", "City", "Place"})
#: Linking order: places, then organisations (an Official's context uses their links).
ORDER = {"Country": 0, "City": 1, "Place": 1, "Organization": 2, "Official": 3}


def candidates(node: Node, table: tuple[Item, ...], context: Context | None = None) -> list[Candidate]:
    """The table's candidates for one node, scored and decided (no context: nothing known)."""
    labels = tuple(label.text for label in node.labels)
    context = context or Context()
    found = [score(node.cls, labels, item, weight, matched, context)
             for item, weight, matched in label_matches(labels, node.cls, table)]
    return choose(found)


def reviewed(node: Node, decisions: dict, found: list[Candidate]) -> list[Candidate] | None:
    """Candidates as a reviewer decided them, or None when no decision covers the node."""
    for label in node.labels:
        key = (node.cls, search_key(label.text))
        if key not in decisions:
            continue
        decision = as_decision(decisions[key])
        others = [replace(c, score=0.0, decision="rejected",
                          method=f"reviewer decision: {decision.qid or 'never link'}")
                  for c in found if c.qid != decision.qid]
        if decision.qid is None:
            return others
        chosen = Candidate(decision.qid, 1.0, "accepted", "reviewer decision", label.text, decision.date)
        return [chosen] + others
    return None


#: P31 values an online candidate must have (any of) for each class; Organization: any non-excluded.
ONLINE_TYPES = {"Official": {"Q5"}, "Country": {"Q6256", "Q3624078", "Q7275"},
                "City": {"Q515", "Q1549591", "Q5119", "Q200250", "Q1637706"}}
NOT_ORGANIZATION = {"Q5", "Q6256", "Q3624078", "Q515", "Q5119"}


def decide_online(node: Node, client) -> tuple[str | None, float, str, str]:
    """Search Wikidata for the node's labels; accept one typed item whose label matches exactly.

    Returns (qid, score, method, date); the date is the item's last revision as read (from the
    answer, so a rebuild from the cache gives the same graph), "" when the answer has none.
    """
    from kg.linking.online import WikidataError

    keys = {search_key(label.text) for label in node.labels}
    try:
        ids = sorted({qid for label in node.labels for qid in client.search(label.text, label.lang)})
        entities = client.entities(ids)
    except WikidataError as exc:
        return None, 0.0, f"online lookup failed: {exc}", ""
    matches = []
    for qid, entity in sorted(entities.items()):
        types = set(entity["p31"])
        wanted = ONLINE_TYPES.get(node.cls)
        if (wanted and not types & wanted) or (node.cls == "Organization" and types & NOT_ORGANIZATION):
            continue
        if keys & {search_key(text) for text in entity["labels"]}:
            matches.append(qid)
    if len(matches) != 1:
        return None, 0.0, "online: no unique exact match" if not matches else "online: ambiguous", ""
    return (matches[0], 0.9, "online search, exact normalised label and type",
            entities[matches[0]].get("modified", ""))


def decide(node: Node, context: Context, table: tuple[Item, ...], decisions: dict, client=None) -> list[Candidate]:
    """Every candidate for one node with its decision (at most one "accepted")."""
    found = candidates(node, table, context)
    by_reviewer = reviewed(node, decisions, found)
    if by_reviewer is not None:
        return by_reviewer
    # online answers carry labels and types only: never enough to name a person
    if client is not None and node.cls != "Official" and not any(c.decision == "accepted" for c in found):
        qid, value, method, date = decide_online(node, client)
        if qid:
            found = [Candidate(qid, value, "accepted", method, date=date)] + [
                replace(c, decision="rejected", method=f"{c.method}; online search chose {qid}")
                for c in found if c.qid != qid]
    return found


def link_attrs(chosen: Candidate) -> tuple[tuple[str, Lit], ...]:
    attrs = (("emkg:wikidata", Lit(chosen.qid)),
             ("emkg:linkScore", Lit(f"{chosen.score:.2f}", datatype="xsd:decimal")),
             ("emkg:linkMethod", Lit(chosen.method)))
    return attrs + ((("emkg:linkDate", Lit(chosen.date, datatype="xsd:date")),) if chosen.date else ())


def candidate_node(entity: Node, candidate: Candidate) -> Node:
    """An emkg:LinkCandidate record (default graph only: it cites no article)."""
    attrs = (("emkg:candidateFor", Lit(entity.key)),
             ("emkg:candidateItem", Lit(WD + candidate.qid, datatype="xsd:anyURI")),
             ("emkg:linkScore", Lit(f"{candidate.score:.2f}", datatype="xsd:decimal")),
             ("emkg:linkMethod", Lit(candidate.method)),
             ("emkg:linkDecision", Lit(candidate.decision)))
    if candidate.date:
        attrs += (("emkg:linkDate", Lit(candidate.date, datatype="xsd:date")),)
    label = Label(f"Wikidata candidate {candidate.qid} ({candidate.decision})", "en", "pref")
    return Node(f"{entity.key}|{candidate.qid}|{candidate.decision}", "LinkCandidate", (label,), attrs=attrs)


def link(resolution: Resolution, table: tuple[Item, ...] | None = None,
         decisions: dict | None = None, client=None) -> Resolution:
    """The resolution with accepted Wikidata links added to its entity nodes and every candidate
    considered appended as an emkg:LinkCandidate node.

    `client` (a kg.linking.online.WikidataClient) is asked only about entities the table and
    the decisions leave unlinked.
    """
    table = load_table() if table is None else table
    decisions = load_decisions() if decisions is None else decisions
    items = {item.qid: item for item in table}
    positions = tuple(item for item in table if item.cls == "Position")
    nodes = {node.key: node for node in resolution.nodes}
    graph, gaz = index(resolution), gazetteer(table)
    links = {node.key: dict(node.attrs)["emkg:wikidata"].value for node in resolution.nodes
             if "emkg:wikidata" in dict(node.attrs)}
    updated: dict[str, Node] = {}
    records: list[Node] = []
    todo = [n for n in resolution.nodes if n.cls in LINKABLE and n.key not in links]
    for node in sorted(todo, key=lambda n: (ORDER[n.cls], n.key)):
        context = context_of(node, nodes, graph, gaz, positions, links, items)
        found = decide(node, context, table, decisions, client)
        chosen = next((c for c in found if c.decision == "accepted"), None)
        if chosen is not None:
            links[node.key] = chosen.qid
            updated[node.key] = replace(node, attrs=node.attrs + link_attrs(chosen))
        records += [candidate_node(node, c) for c in found]
    return replace(resolution, nodes=tuple(updated.get(n.key, n) for n in resolution.nodes)
                   + tuple(records))
