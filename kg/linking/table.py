"""The checked-in data the linker trusts: known Wikidata items and reviewer decisions.

kg/data/wikidata-items.tsv has one row per item: id, ontology class (the hard type filter),
Arabic and English labels (the first of each is the item's own label, the rest aliases), its
P31 types, its country (P17 for bodies and places, P27 for people), the positions it holds
(P39) and its employers (P108 or the body of a P39 position), the date the row was verified
and the evidence. Multi-valued cells are separated by "|". Rows of class `Position` describe
posts (P39 values) so that a printed title can be recognised; they are never linked to nodes.
"""
from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kg.normalize import search_key

DATA = Path(__file__).resolve().parents[1] / "data"
TABLE = DATA / "wikidata-items.tsv"
DECISIONS = DATA / "link-decisions.yaml"
COLUMNS = ("qid", "class", "labels_ar", "labels_en", "p31", "country", "positions", "employer",
           "verified", "evidence")


@dataclass(frozen=True)
class Item:
    qid: str
    cls: str
    labels_ar: tuple[str, ...]
    labels_en: tuple[str, ...]
    evidence: str
    p31: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    employer: tuple[str, ...] = ()
    verified: str = ""  # ISO date the row was checked against its evidence

    @property
    def labels(self) -> tuple[str, ...]:
        return self.labels_ar + self.labels_en


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision for one (class, label): link to `qid`, or never link (None)."""

    qid: str | None
    date: str = ""


def _cells(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


def _qids(path: Path, number: int, column: str, value: str | None) -> tuple[str, ...]:
    ids = _cells(value)
    for qid in ids:
        if not is_qid(qid):
            raise ValueError(f"{path}: row {number}: column {column}: bad Wikidata id {qid!r}")
    return ids


def is_qid(text: str) -> bool:
    return text.startswith("Q") and text[1:].isdigit() and len(text) > 1


def _date(path: Path, where: str, value: str | None) -> str:
    value = str(value or "").strip()
    if value:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{path}: {where}: date {value!r} is not YYYY-MM-DD") from None
    return value


def parse_row(path: Path, number: int, row: dict) -> Item:
    """One table row as an Item; a bad row names the file, the row and the column."""
    qid = (row.get("qid") or "").strip()
    if not is_qid(qid):
        raise ValueError(f"{path}: row {number}: bad Wikidata id {qid!r}")
    if not (row.get("evidence") or "").strip():
        raise ValueError(f"{path}: row {number}: {qid} has no evidence")
    return Item(qid, (row.get("class") or "").strip(), _cells(row.get("labels_ar")),
                _cells(row.get("labels_en")), row["evidence"].strip(),
                p31=_qids(path, number, "p31", row.get("p31")),
                country=_qids(path, number, "country", row.get("country")),
                positions=_qids(path, number, "positions", row.get("positions")),
                employer=_qids(path, number, "employer", row.get("employer")),
                verified=_date(path, f"row {number}: column verified", row.get("verified")))


@lru_cache(maxsize=4)
def load_table(path: Path = TABLE) -> tuple[Item, ...]:
    """The table of known items; a malformed row names the file and line."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    items = tuple(parse_row(path, number, row) for number, row
                  in enumerate(csv.DictReader(lines, delimiter="\t"), start=2))
    seen: set[str] = set()
    for item in items:
        if item.qid in seen:
            raise ValueError(f"{path}: {item.qid} appears twice")
        seen.add(item.qid)
    return items


@lru_cache(maxsize=4)
def load_decisions(path: Path = DECISIONS) -> dict[tuple[str, str], Decision]:
    """Reviewer decisions: (class, search key of a label) → Decision."""
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[tuple[str, str], Decision] = {}
    for index, entry in enumerate(raw.get("decisions", []) or []):
        try:
            key = (entry["class"], search_key(entry["label"]))
            qid = entry.get("qid") or None
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}: decision {index}: needs class, label and qid (or qid: null)") from exc
        if qid is not None and not is_qid(str(qid)):
            raise ValueError(f"{path}: decision {index}: bad Wikidata id {qid!r}")
        out[key] = Decision(qid, _date(path, f"decision {index}", entry.get("date")))
    return out


def as_decision(value) -> Decision:
    """Decisions given as plain ids (or None) are accepted too, undated."""
    return value if isinstance(value, Decision) else Decision(value or None)
