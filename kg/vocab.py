"""Namespaces and IRI minting: the only place that builds IRIs for individuals."""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from functools import lru_cache

ONTOLOGY_IRI = "https://w3id.org/emkg/ontology"
EMKG = ONTOLOGY_IRI + "#"
DEFAULT_BASE = "https://w3id.org/emkg/id/"

PREFIXES: dict[str, str] = {
    "emkg": EMKG,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
}

KINDS = frozenset(
    {"official", "organization", "meeting", "programme", "shelter", "place", "membership",
     "status", "article", "span", "link", "graph", "role"}
)

# Arabic letter -> ASCII, for readable slugs only (identity comes from the hash).
_ROMAN = {
    "\u0627": "a", "\u0623": "a", "\u0625": "i", "\u0622": "a", "\u0671": "a",  # alef forms
    "\u0628": "b", "\u062a": "t", "\u062b": "th", "\u062c": "g", "\u062d": "h", "\u062e": "kh",
    "\u062f": "d", "\u0630": "dh", "\u0631": "r", "\u0632": "z", "\u0633": "s", "\u0634": "sh",
    "\u0635": "s", "\u0636": "d", "\u0637": "t", "\u0638": "z", "\u0639": "", "\u063a": "gh",
    "\u0641": "f", "\u0642": "q", "\u0643": "k", "\u0644": "l", "\u0645": "m", "\u0646": "n",
    "\u0647": "h", "\u0629": "a", "\u0648": "w", "\u064a": "y", "\u0649": "a", "\u0626": "e",
    "\u0624": "o", "\u0621": "", "\u06cc": "y", "\u06a9": "k", "\u067e": "p", "\u06af": "g",
}


def base_iri(base: str | None = None) -> str:
    """The data base IRI: the argument, else $KG_BASE_IRI, else the default; ends with / or #."""
    value = base or os.environ.get("KG_BASE_IRI") or DEFAULT_BASE
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+[/#]$", value):
        raise ValueError(f"base IRI must be absolute and end with '/' or '#': {value!r}")
    return value


def expand(curie: str) -> str:
    """Expand a CURIE such as 'emkg:Official' to a full IRI."""
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES or not local:
        raise ValueError(f"unknown CURIE {curie!r}")
    return PREFIXES[prefix] + local


def romanize(text: str) -> str:
    """A readable ASCII slug of a (mostly Arabic) string; not a transliteration standard."""
    out = []
    for ch in unicodedata.normalize("NFKC", text.lower()):
        if ch in _ROMAN:
            out.append(_ROMAN[ch])
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
        elif ch.isspace() or ch in "-_/":
            out.append("-")
    slug = re.sub(r"-{2,}", "-", "".join(out)).strip("-")
    return slug[:60].strip("-")


@lru_cache(maxsize=262_144)
def slug(key: str) -> str:
    """Deterministic slug: readable part plus 8 hex digits of the key's SHA-1 (cached: a build
    mints the same entity's IRI once per mention)."""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    readable = romanize(key.split(":", 1)[-1])
    return f"{readable}-{digest}" if readable else digest


def mint(kind: str, key: str, base: str | None = None) -> str:
    """The IRI of an individual of `kind` identified by `key` (stable across runs/machines)."""
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}")
    return f"{base_iri(base)}{kind}/{slug(key)}"


def graph_iri(article_id: str, base: str | None = None) -> str:
    """The named graph holding what one article asserts."""
    return f"{base_iri(base)}graph/{article_id}"
