"""Candidates for one entity, their scores and the linker's decision on each.

A candidate is a table item of the entity's class with a label equal to one of the entity's
labels after Arabic normalisation. Hard filters then reject it (decision "rejected", score 0):
an Official needs a human (P31 Q5), a Country a country (Q6256 or Q3624078), a ministry or
government an item of the same country; and the context must not contradict it (a different
country, a different office). A surviving candidate scores its label match (1.0 the item's own
label, 0.95 an alias; a person's name alone only PERSON_NAME, since names are shared) plus
CONTEXT_BONUS for each agreeing fact (country, position, employer), at most 1.0. The best is
"accepted" when it reaches THRESHOLD and beats the runner-up by MARGIN; otherwise every
surviving candidate stays "nil" (no link; kept for review).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from kg.linking.context import Context
from kg.linking.table import Item
from kg.normalize import search_key

THRESHOLD = 0.9
MARGIN = 0.05
PERSON_NAME = 0.75
CONTEXT_BONUS = 0.15
#: P31 values an item must have (any of) to be linked to an entity of each class.
REQUIRED_TYPES = {"Official": frozenset({"Q5"}), "Country": frozenset({"Q6256", "Q3624078"})}
#: Words that open the name of a government body (normalised): a ministry, a government.
GOVERNMENT_HEADS = tuple(search_key(w) for w in (
    "\u0648\u0632\u0627\u0631\u0629",  # waw zay alef ra teh-marbuta: "ministry"
    "\u062d\u0643\u0648\u0645\u0629",  # hah kaf waw meem teh-marbuta: "government"
    "ministry", "government"))


@dataclass(frozen=True)
class Candidate:
    qid: str
    score: float
    decision: str  # "accepted", "rejected" or "nil"
    method: str  # how it was found and why it was decided so
    matched: str = ""  # the entity's label that matched
    date: str = ""  # when the evidence (table row or reviewer decision) was verified


@lru_cache(maxsize=4)
def label_index(table: tuple[Item, ...]) -> dict[tuple[str, str], tuple[tuple[Item, float], ...]]:
    """(class, normalised label) → (item, label weight) pairs, built once per table."""
    index: dict[tuple[str, str], dict[str, tuple[Item, float]]] = {}
    for item in table:
        own = item.labels_ar[:1] + item.labels_en[:1]
        for label in item.labels:
            weight = 1.0 if label in own else 0.95
            found = index.setdefault((item.cls, search_key(label)), {})
            if item.qid not in found or found[item.qid][1] < weight:
                found[item.qid] = (item, weight)
    return {key: tuple(found.values()) for key, found in index.items()}


def label_matches(labels: tuple[str, ...], cls: str, table: tuple[Item, ...]) -> list[tuple[Item, float, str]]:
    """(item, label weight, matched label) for items of `cls` sharing a normalised label."""
    index = label_index(table)
    found: dict[str, tuple[Item, float, str]] = {}
    for text in labels:
        for item, weight in index.get((cls, search_key(text)), ()):
            if item.qid not in found or found[item.qid][1] < weight:
                found[item.qid] = (item, weight, text)
    return sorted(found.values(), key=lambda t: (-t[1], t[0].qid))


def is_government_body(labels: tuple[str, ...]) -> bool:
    return any(search_key(text).startswith(GOVERNMENT_HEADS) for text in labels)


def type_problem(cls: str, labels: tuple[str, ...], item: Item, context: Context) -> str | None:
    """Why the item cannot be this entity whatever its score, or None."""
    required = REQUIRED_TYPES.get(cls)
    if required and not required & set(item.p31):
        return f"type: {cls} needs P31 {' or '.join(sorted(required))}, item has {', '.join(item.p31) or 'none'}"
    if cls == "Organization" and is_government_body(labels):
        if not item.country or not context.countries & set(item.country):
            return ("type: a government body needs an item of the same country "
                    f"(article: {', '.join(sorted(context.countries)) or 'unknown'}; "
                    f"item: {', '.join(item.country) or 'unknown'})")
    return None


def compare(context: Context, item: Item) -> tuple[list[str], list[str]]:
    """(agreeing facts, contradicting facts) between the entity's context and the item."""
    agree, contradict = [], []
    for name, ours, theirs, hard in (("country", context.countries, item.country, True),
                                     ("position", context.positions, item.positions, True),
                                     ("employer", context.employers, item.employer, False)):
        if not ours or not theirs:
            continue
        shared = sorted(ours & set(theirs))
        if shared:
            agree.append(f"{name} {', '.join(shared)}")
        elif hard:
            contradict.append(f"{name}: article {', '.join(sorted(ours))}, item {', '.join(theirs)}")
    return agree, contradict


def score(cls: str, labels: tuple[str, ...], item: Item, weight: float, matched: str,
          context: Context) -> Candidate:
    """One candidate, scored; rejected when a hard filter or the context rules it out."""
    problem = type_problem(cls, labels, item, context)
    agree, contradict = compare(context, item)
    if problem or contradict:
        reason = problem or f"context contradicts: {'; '.join(contradict)}"
        return Candidate(item.qid, 0.0, "rejected", reason, matched, item.verified)
    base = PERSON_NAME if cls == "Official" else weight
    value = round(min(1.0, base + CONTEXT_BONUS * len(agree)), 2)
    label = "own label" if weight == 1.0 else "alias"
    method = f"offline table, exact normalised {label}" + (f"; context agrees: {', '.join(agree)}"
                                                           if agree else "; no context")
    return Candidate(item.qid, value, "nil", method, matched, item.verified)


def choose(found: list[Candidate]) -> list[Candidate]:
    """Decide: accept the best surviving candidate if confident and clear, else leave all nil."""
    alive = sorted((c for c in found if c.decision != "rejected"), key=lambda c: (-c.score, c.qid))
    rejected = [c for c in found if c.decision == "rejected"]
    if not alive:
        return rejected
    best, rest = alive[0], alive[1:]
    if best.score < THRESHOLD:
        why = f"below threshold {THRESHOLD}"
        return [replace(c, method=f"{c.method}; {why}") for c in alive] + rejected
    if rest and best.score - rest[0].score < MARGIN:
        why = f"runner-up {rest[0].qid} within margin {MARGIN}"
        return [replace(c, method=f"{c.method}; {why}") for c in alive] + rejected
    losers = [replace(c, decision="rejected", method=f"{c.method}; {best.qid} scored higher")
              for c in rest]
    return [replace(best, decision="accepted")] + losers + rejected
