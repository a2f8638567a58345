"""Link entities to Wikidata, offline-first: no link rather than a wrong one.

Accepted links are written as `owl:sameAs wd:Q…` (the graph writer turns the node attribute
`emkg:wikidata` into that triple, with `emkg:linkScore` and `emkg:linkMethod`). We chose
owl:sameAs because researchers join on it (SERVICE queries, Wikidata's own redirects use it) and
because we only assert a link the table's evidence supports.

Candidates come from a checked-in table (kg/data/wikidata-items.tsv: id, class, Arabic and English
labels, evidence). A candidate must (1) have the entity's ontology class — a hard type filter —
and (2) match one of the entity's labels exactly after Arabic normalisation (kg.normalize.search_key).
Partial matches never link: "مكتب المنظمة الدولية للهجرة في مصر" (a country office) is not IOM.
The best candidate must score at least THRESHOLD and beat the runner-up by MARGIN; otherwise the
entity stays unlinked (NIL). Reviewer decisions in kg/data/link-decisions.yaml override both ways.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from kg.normalize import search_key
from kg.records import Lit, Node, Resolution

DATA = Path(__file__).resolve().parents[1] / "data"
TABLE = DATA / "wikidata-items.tsv"
DECISIONS = DATA / "link-decisions.yaml"
THRESHOLD = 0.9
MARGIN = 0.05
LINKABLE = frozenset({"Official", "Organization", "Country", "City", "Place"})


@dataclass(frozen=True)
class Item:
    qid: str
    cls: str
    labels_ar: tuple[str, ...]
    labels_en: tuple[str, ...]
    evidence: str


@dataclass(frozen=True)
class Candidate:
    item: Item
    score: float
    matched: str


@lru_cache(maxsize=4)
def load_table(path: Path = TABLE) -> tuple[Item, ...]:
    """The table of known items; a malformed row names the file and line."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    items = []
    for number, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        qid = (row.get("qid") or "").strip()
        if not qid.startswith("Q") or not qid[1:].isdigit():
            raise ValueError(f"{path}: row {number}: bad Wikidata id {qid!r}")
        if not (row.get("evidence") or "").strip():
            raise ValueError(f"{path}: row {number}: {qid} has no evidence")
        split = lambda v: tuple(s.strip() for s in (v or "").split("|") if s.strip())  # noqa: E731
        items.append(Item(qid, row["class"].strip(), split(row["labels_ar"]),
                          split(row["labels_en"]), row["evidence"].strip()))
    return tuple(items)


@lru_cache(maxsize=4)
def load_decisions(path: Path = DECISIONS) -> dict[tuple[str, str], str | None]:
    """Reviewer decisions: (class, search key of a label) → Q-id, or None for "never link"."""
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[tuple[str, str], str | None] = {}
    for index, entry in enumerate(raw.get("decisions", []) or []):
        try:
            key = (entry["class"], search_key(entry["label"]))
            out[key] = entry.get("qid") or None
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{path}: decision {index}: needs class, label and qid (or qid: null)") from exc
    return out


def candidates(node: Node, table: tuple[Item, ...]) -> list[Candidate]:
    """Items of the node's class whose labels equal one of the node's labels, scored."""
    keys = {search_key(label.text): label.text for label in node.labels}
    found: dict[str, Candidate] = {}
    for item in table:
        if item.cls != node.cls:
            continue
        for weight, labels in ((1.0, item.labels_ar[:1] + item.labels_en[:1]),
                               (0.95, item.labels_ar[1:] + item.labels_en[1:])):
            for label in labels:
                if search_key(label) in keys:
                    best = found.get(item.qid)
                    if best is None or best.score < weight:
                        found[item.qid] = Candidate(item, weight, keys[search_key(label)])
    return sorted(found.values(), key=lambda c: (-c.score, c.item.qid))


def decide(node: Node, table: tuple[Item, ...], decisions: dict) -> tuple[str | None, float, str]:
    """(Q-id or None, score, method) for one node."""
    for label in node.labels:
        key = (node.cls, search_key(label.text))
        if key in decisions:
            qid = decisions[key]
            return (qid, 1.0, "reviewer decision") if qid else (None, 0.0, "reviewer decision")
    found = candidates(node, table)
    if not found or found[0].score < THRESHOLD:
        return None, 0.0, "no confident candidate"
    if len(found) > 1 and found[0].score - found[1].score < MARGIN:
        return None, found[0].score, "ambiguous: runner-up too close"
    return found[0].item.qid, found[0].score, "offline table, exact normalised label"


#: P31 values an online candidate must have (any of) for each class; Organization: any non-excluded.
ONLINE_TYPES = {"Official": {"Q5"}, "Country": {"Q6256", "Q3624078", "Q7275"},
                "City": {"Q515", "Q1549591", "Q5119", "Q200250", "Q1637706"}}
NOT_ORGANIZATION = {"Q5", "Q6256", "Q3624078", "Q515", "Q5119"}


def decide_online(node: Node, client) -> tuple[str | None, float, str]:
    """Search Wikidata for the node's labels; accept one typed item whose label matches exactly."""
    from kg.linking.online import WikidataError

    keys = {search_key(label.text) for label in node.labels}
    try:
        ids = sorted({qid for label in node.labels for qid in client.search(label.text, label.lang)})
        entities = client.entities(ids)
    except WikidataError as exc:
        return None, 0.0, f"online lookup failed: {exc}"
    matches = []
    for qid, entity in sorted(entities.items()):
        types = set(entity["p31"])
        wanted = ONLINE_TYPES.get(node.cls)
        if (wanted and not types & wanted) or (node.cls == "Organization" and types & NOT_ORGANIZATION):
            continue
        if keys & {search_key(text) for text in entity["labels"]}:
            matches.append(qid)
    if len(matches) != 1:
        return None, 0.0, "online: no unique exact match" if not matches else "online: ambiguous"
    return matches[0], 0.9, "online search, exact normalised label and type"


def link(resolution: Resolution, table: tuple[Item, ...] | None = None,
         decisions: dict | None = None, client=None) -> Resolution:
    """The resolution with accepted Wikidata links added to its entity nodes.

    `client` (a kg.linking.online.WikidataClient) is asked only about entities the table and
    the decisions leave unlinked.
    """
    table = load_table() if table is None else table
    decisions = load_decisions() if decisions is None else decisions
    nodes = []
    for node in resolution.nodes:
        if node.cls in LINKABLE and not any(name == "emkg:wikidata" for name, _ in node.attrs):
            qid, score, method = decide(node, table, decisions)
            if qid is None and client is not None and method != "reviewer decision":
                qid, score, method = decide_online(node, client)
            if qid:
                node = replace(node, attrs=node.attrs + (
                    ("emkg:wikidata", Lit(qid)),
                    ("emkg:linkScore", Lit(f"{score:.2f}", datatype="xsd:decimal")),
                    ("emkg:linkMethod", Lit(method))))
        nodes.append(node)
    return replace(resolution, nodes=tuple(nodes))
