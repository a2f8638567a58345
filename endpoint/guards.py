"""Static guards run on the query text before anything is evaluated, whatever executes it.

SPARQL processes \\u escapes before parsing, so every check decodes them first and ignores
string literals and comments (a SERVICE target is an IRI, so IRIs are kept).
"""
from __future__ import annotations

import re

from endpoint.errors import ServiceRefused, UpdateRefused

UPDATE_WORDS = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
QUERY_FORM = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE)
KINDS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
_ESCAPES = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SCAN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*', re.DOTALL)
_SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?(<[^>]*>|[?$]\w+|\S+)", re.IGNORECASE)
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"


def decode_escapes(query: str) -> str:
    """The query with its \\uXXXX and \\UXXXXXXXX escapes replaced by the characters."""
    return _ESCAPES.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)


def without_strings_and_comments(text: str) -> str:
    """Blank out string literals and comments; keep IRIs (a SERVICE target is an IRI)."""
    return _SCAN.sub(lambda m: m.group(0) if m.group(0).startswith("<") else " ", text)


def blanked(text: str) -> str:
    """The text with strings, comments and IRIs replaced by spaces of the same length."""
    return _SCAN.sub(lambda m: " " * len(m.group(0)), text)


def service_targets(query: str) -> list[str]:
    """The SERVICE targets of a query, after escapes, ignoring strings and comments."""
    stripped = without_strings_and_comments(decode_escapes(query))
    if "service" not in stripped.lower():  # the regex is slow; most queries have no SERVICE
        return []
    return [m.group(1) for m in _SERVICE.finditer(stripped)]


def query_kind(query: str) -> str | None:
    """"select", "ask" or "graph" from the query form after the prologue; None if unknown."""
    match = QUERY_FORM.match(without_strings_and_comments(decode_escapes(query)))
    return KINDS[match.group(1).upper()] if match else None


def check_static(query: str, service_allowlist: tuple[str, ...] | list[str] = ()) -> None:
    """Refuse updates and SERVICE calls outside the allow-list before anything is evaluated."""
    stripped = without_strings_and_comments(decode_escapes(query))
    if UPDATE_WORDS.match(stripped):
        raise UpdateRefused(READ_ONLY)
    allowed = {f"<{iri}>" for iri in service_allowlist}
    targets = [m.group(1) for m in _SERVICE.finditer(stripped)] if "service" in stripped.lower() else []
    for target in targets:
        if target not in allowed:
            raise ServiceRefused(
                f"SERVICE {target} is not allowed: federated queries are off unless the server "
                "is started with --allow-service for that endpoint", service=target.strip("<>"))
