"""Precision and recall of Wikidata links against a verified table (wikidata-verified.tsv)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from kg.normalize import search_key
from kg.records import Resolution

#: Rows of the verified table for things an article really talks about (not page noise).
SCORED_ROLES = ("core-person", "core-org", "core-place")
#: The table's role suffix → the classes an entity of that role has in our graph.
ROLE_CLASSES = {"person": ("Official",), "org": ("Organization",), "place": ("Country", "City", "Place")}


@dataclass(frozen=True)
class LinkScores:
    correct: tuple[str, ...]  # "label → Q…"
    wrong: tuple[str, ...]
    missed: tuple[str, ...]
    unjudged: tuple[str, ...] = ()  # links the verified table says nothing about (neither entity nor id)

    @property
    def precision(self) -> float | None:
        made = len(self.correct) + len(self.wrong)
        return len(self.correct) / made if made else None

    @property
    def recall(self) -> float | None:
        expected = len(self.correct) + len(self.missed)
        return len(self.correct) / expected if expected else None

    def lines(self) -> list[str]:
        fmt = lambda v: "  -  " if v is None else f"{v:.3f}"  # noqa: E731
        out = [f"Wikidata links: precision {fmt(self.precision)}  recall {fmt(self.recall)}  "
               f"({len(self.correct)} correct, {len(self.wrong)} wrong, {len(self.missed)} missed; "
               f"{len(self.unjudged)} more links the verified table does not cover)"]
        out += [f"  wrong: {w}" for w in self.wrong] + [f"  missed: {m}" for m in self.missed]
        return out


def link_scores(resolution: Resolution, verified: Path) -> LinkScores:
    """Score the links on `resolution`'s nodes: a link is correct when the verified table maps one
    of the node's labels to that id, wrong when it maps them to another id or maps that id to
    other names; a link to an id the table does not know, for an entity it does not know, is
    unjudged (counted apart). A verified entity the graph holds but did not link is missed."""
    rows = [r for r in csv.DictReader(verified.open(encoding="utf-8"), delimiter="\t")]
    by_form: dict[tuple[str, str], str] = {}
    for row in rows:
        kind = ROLE_CLASSES.get(row["role"].split("-")[-1])
        for form in row["surface_ar_in_seed"].split("/"):
            form = form.split("(")[0].strip()
            for cls in kind or ():
                if form:
                    by_form.setdefault((cls, search_key(form)), row["qid"])
    scored = {row["qid"] for row in rows if row["role"] in SCORED_ROLES}
    known_ids = {row["qid"] for row in rows}
    correct, wrong, missed, unjudged = [], [], [], []
    for node in resolution.nodes:
        keys = {search_key(label.text) for label in node.labels}
        expected = {by_form[(node.cls, k)] for k in keys if (node.cls, k) in by_form}
        linked = dict(node.attrs).get("emkg:wikidata")
        label = node.labels[0].text if node.labels else node.key
        if linked is not None and not expected and linked.value not in known_ids:
            unjudged.append(f"{label} → {linked.value}")
        elif linked is not None:
            (correct if linked.value in expected else wrong).append(f"{label} → {linked.value}")
        elif expected & scored and node.cls in ("Official", "Organization", "Country", "City"):
            missed.append(f"{label} ({node.cls}) should link to {', '.join(sorted(expected))}")
    return LinkScores(*(tuple(sorted(set(found))) for found in (correct, wrong, missed, unjudged)))
