"""Where the project's data folders are (override with environment variables)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _dir(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value) if value else default


ONTOLOGY_DIR = _dir("KG_ONTOLOGY_DIR", ROOT / "ontology")
QUERIES_DIR = _dir("KG_QUERIES_DIR", ROOT / "queries")
RULES_DIR = _dir("KG_RULES_DIR", Path(__file__).resolve().parent / "rules")
SEEDS_DIR = ROOT / "seeds"
DEFAULT_STORE = _dir("KG_STORE", ROOT / "var" / "store")

ONTOLOGY_TTL = ONTOLOGY_DIR / "emkg.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "emkg-shapes.ttl"
