"""Precision and recall of Wikidata links against the verified table (shared/spec/wikidata-verified.tsv).

An entity is expected to link to a verified id when one of its labels, normalised, equals one of
that row's Arabic surface forms (column surface_ar_in_seed, split on " / ", notes in brackets
dropped). A surface form claimed by several rows (مملكة الدنمارك: Q35 and Q756617) accepts any of
them. Only entities of the row's type count (expected_type column: a human is an Official, a
country a Country or Place, a city or governorate a City or Place, anything else an Organization;
a position is never an entity), so "the government of Denmark" is not expected to be Q35. Entities
matching no row are expected to stay unlinked: a link there is a false positive.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from kg.normalize import search_key
from kg.records import Resolution

BRACKETED = re.compile(r"\([^)]*\)")


def surface_forms(cell: str) -> list[str]:
    """The Arabic names in one surface_ar_in_seed cell, without bracketed notes."""
    return [form.strip() for form in BRACKETED.sub("", cell).split("/") if form.strip()]


def classes_for(expected_type: str) -> frozenset[str]:
    """Our ontology classes that may carry an id of this Wikidata type."""
    text = expected_type.lower()
    if "position" in text:
        return frozenset()
    if "human" in text:
        return frozenset({"Official"})
    if "country" in text or "sovereign" in text:
        return frozenset({"Country", "Place"})
    if "city" in text or "governorate" in text:
        return frozenset({"City", "Place"})
    return frozenset({"Organization"})


def expected_ids(verified_tsv: str | Path) -> dict[tuple[str, str], frozenset[str]]:
    """(class, normalised surface form) -> the verified ids it may link to."""
    expected: dict[tuple[str, str], set[str]] = {}
    with open(verified_tsv, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            qid = (row.get("qid") or "").strip()
            if not re.fullmatch(r"Q\d+", qid):
                raise ValueError(f"{verified_tsv}: row {line}: bad qid {qid!r}")
            for cls in classes_for(row.get("expected_type") or ""):
                for form in surface_forms(row.get("surface_ar_in_seed") or ""):
                    expected.setdefault((cls, search_key(form)), set()).add(qid)
    return {key: frozenset(ids) for key, ids in expected.items()}


def link_counts(resolution: Resolution, expected: dict) -> dict[str, list]:
    """True positives, false positives and misses, each a list of (node key, linked id, expected)."""
    counts: dict[str, list] = {"tp": [], "fp": [], "fn": []}
    for node in resolution.nodes:
        linked = next((value.value for name, value in node.attrs if name == "emkg:wikidata"), None)
        wanted = frozenset().union(*(expected.get((node.cls, search_key(label.text)), frozenset())
                                     for label in node.labels))
        if linked and linked in wanted:
            counts["tp"].append((node.key, linked, sorted(wanted)))
        elif linked:
            counts["fp"].append((node.key, linked, sorted(wanted)))
        elif wanted:
            counts["fn"].append((node.key, None, sorted(wanted)))
    return counts


def link_scores(resolution: Resolution, verified_tsv: str | Path) -> dict:
    """{"tp", "fp", "fn", "precision", "recall", "wrong", "missed"} for the resolution's links."""
    counts = link_counts(resolution, expected_ids(verified_tsv))
    tp, fp, fn = (len(counts[name]) for name in ("tp", "fp", "fn"))
    return {"tp": tp, "fp": fp, "fn": fn,
            "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None,
            "wrong": counts["fp"], "missed": counts["fn"]}
