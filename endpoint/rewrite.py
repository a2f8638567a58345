"""Query-text rewrites: a row cap as LIMIT, and bound variables written into the text.

Both work on a copy of the query whose strings, comments and IRIs are blanked to spaces of the
same length, so positions found there are positions in the original text.
"""
from __future__ import annotations

import functools
import re

from endpoint.guards import blanked, decode_escapes

_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")

_SELECT_FORM = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*SELECT\b", re.IGNORECASE)
_KEYWORD = r"(?<![?$\w:])"  # a keyword, not part of a variable or a prefixed name
_SELECT = re.compile(_KEYWORD + r"SELECT\b", re.IGNORECASE)
_PROJECTION_END = re.compile(r"[{]|" + _KEYWORD + r"(?:WHERE|FROM)\b", re.IGNORECASE)
_LIMIT = re.compile(_KEYWORD + r"LIMIT\s+(\d+)", re.IGNORECASE)
_VALUES = re.compile(_KEYWORD + r"VALUES\b", re.IGNORECASE)
_STRUCTURAL = frozenset("\"'\\{}()<>#\n\r")
_BRACKET = re.compile(r"[(){}]")
_BRACE = re.compile(r"[{}]")
_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


def _group_end(text: str, start: int) -> int | None:
    """Index just after the first `{...}` group opened at parenthesis depth 0 from `start`."""
    parens, braces = 0, 0
    for match in _BRACKET.finditer(text, start):
        char = match.group(0)
        if char == "(" and braces == 0:
            parens += 1
        elif char == ")" and braces == 0:
            parens -= 1
        elif char == "{" and (braces or parens == 0):
            braces += 1
        elif char == "}" and braces:
            braces -= 1
            if braces == 0:
                return match.end()
    return None


def _outside_braces(text: str) -> str:
    """`text` with everything inside braces blanked (keeps positions)."""
    pieces, depth, cursor = [], 0, 0
    for match in _BRACE.finditer(text):
        if match.group(0) == "{":
            if depth == 0:
                pieces.append(text[cursor:match.start()])
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                pieces.append(" " * (match.end() - len("".join(pieces))))
                cursor = match.end()
    if depth:
        pieces.append(" " * (len(text) - len("".join(pieces))))
    else:
        pieces.append(text[cursor:])
    return "".join(pieces)


def _escapes_are_plain(query: str) -> bool:
    """True when no \\u escape stands for a character that changes the query's structure."""
    return all(decode_escapes(m.group(0)) not in _STRUCTURAL for m in _ESCAPE.finditer(query))


@functools.lru_cache(maxsize=1024)
def cap_select(query: str, row_limit: int) -> tuple[str, bool] | None:
    """A SELECT query that returns at most row_limit + 1 rows, and whether it was changed.

    None when the query is not a SELECT this rewrite understands (the caller then counts rows
    as they stream). A query whose own LIMIT is within the cap is returned unchanged.
    """
    if not _escapes_are_plain(query):
        return None
    text = blanked(query)
    form = _SELECT_FORM.match(text)
    end = _group_end(text, form.end()) if form else None
    if end is None:
        return None
    tail = _outside_braces(text[end:])
    lowered = tail.lower()  # keyword regexes are slow; look for the words first
    values = _VALUES.search(tail) if "values" in lowered else None
    stop = end + (values.start() if values else len(tail))
    limit = _LIMIT.search(tail, 0, stop - end) if "limit" in lowered else None
    cap = row_limit + 1
    if limit is None:
        return f"{query[:stop]}\nLIMIT {cap}\n{query[stop:]}", True
    if int(limit.group(1)) <= row_limit:
        return query, False
    digits = slice(end + limit.start(1), end + limit.end(1))
    return f"{query[:digits.start]}{cap}{query[digits.stop:]}", True


def term_text(term) -> str:
    """A pyoxigraph NamedNode or Literal in SPARQL syntax (N-Triples form)."""
    return str(term)


def _projections(text: str) -> list[tuple[int, int]]:
    """(start, end) of every SELECT clause's projection list."""
    spans = []
    for match in _SELECT.finditer(text):
        end = _PROJECTION_END.search(text, match.end())
        spans.append((match.end(), end.start() if end else len(text)))
    return spans


def inline_bindings(query: str, bindings: dict) -> str:
    """The query with each bound variable replaced by its term, as pyoxigraph substitutions do.

    A bound variable projected by SELECT becomes `(term AS ?v)`; in GROUP BY / ORDER BY it becomes
    `(term)`; elsewhere the bare term.
    """
    values = {getattr(v, "value", v): term_text(t) for v, t in bindings.items()}
    if not values:
        return query
    text = blanked(query)
    projections = _projections(text)
    top_level = _outside_braces(text)
    pieces, cursor = [], 0
    for match in _VARIABLE.finditer(text):
        term = values.get(match.group(1))
        if term is None:
            continue
        start = match.start()
        projected = next((s for s, e in projections if s <= start < e), None)
        if projected is not None and _depth(text, projected, start) == 0:
            replacement = f"({term} AS {match.group(0)})"
        elif top_level[start] != " " and _depth(top_level, 0, start) == 0:
            replacement = f"({term})"
        else:
            replacement = term
        pieces += [query[cursor:start], replacement]
        cursor = match.end()
    return "".join(pieces) + query[cursor:]


def _depth(text: str, start: int, end: int) -> int:
    """Parenthesis depth at `end`, counted from `start`."""
    segment = text[start:end]
    return segment.count("(") - segment.count(")")
