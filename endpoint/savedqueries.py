"""Saved queries: `queries/NAME.rq` files with a `#+` YAML header, loaded, validated and bound.

Header lines start with ``#+``; the rest of the file is SPARQL. Parameters appear in the SPARQL
as ``$name`` variables (plain result variables use ``?``). `bind` turns request values into typed
RDF terms (an invalid value is a ParameterError naming the parameter); the executors then write
each term into the query in place of its variable (`endpoint.rewrite.inline_bindings`: the term as
pyoxigraph serialises it, so no user text is pasted as SPARQL). pyoxigraph's own `substitutions`
bind only after evaluation (no index use, filters on the variable see it unbound), which is why
they are not used to run queries. Every parameter is also a SELECT column (and a GROUP BY key in
grouped queries), as `substitutions` require for the parse check; an optional parameter with
``default: null`` stays unbound and the query tests it with ``COALESCE(test-using-$param, true)``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml
from pyoxigraph import Literal, NamedNode, Store, Variable

from endpoint.rewrite import inline_bindings
from kg.normalize import longest_search_word, search_key

PARAM_TYPES = frozenset({"iri", "string", "integer", "date", "year"})
NORMALIZERS = {"search_key": search_key, "longest_word": longest_search_word}
XSD = "http://www.w3.org/2001/XMLSchema#"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_MISSING = object()


class SavedQueryError(ValueError):
    """A saved-query file that cannot be used; the message names the file."""


class ParameterError(ValueError):
    """A request value that does not fit its parameter; `parameter` names it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"parameter {parameter!r}: {message}")
        self.parameter = parameter


@dataclass(frozen=True)
class Parameter:
    """One typed parameter of a saved query."""

    name: str
    type: str
    description: str = ""
    example: str | None = None
    default: Any = _MISSING
    normalize: str | None = None
    derived_from: str | None = None  # computed from another parameter's value, never given

    @property
    def required(self) -> bool:
        return self.default is _MISSING and self.derived_from is None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "required": self.required,
                               "description": self.description}
        if self.example is not None:
            out["example"] = self.example
        if not self.required and not self.derived_from:
            out["default"] = self.default
        if self.normalize:
            out["normalize"] = self.normalize
        if self.derived_from:
            out["derived_from"] = self.derived_from
        return out


@dataclass(frozen=True)
class SavedQuery:
    """A saved query as loaded from `path`."""

    name: str
    path: Path
    title: Mapping[str, str]
    description: str
    parameters: tuple[Parameter, ...]
    tags: tuple[str, ...]
    sparql: str
    text: str = field(repr=False, default="")

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": dict(self.title), "description": self.description,
                "parameters": [p.to_json() for p in self.parameters], "tags": list(self.tags),
                "sparql": self.sparql}


def used_parameters(sparql: str) -> frozenset[str]:
    """Names of `$name` variables in a query (comments and strings are not parsed away)."""
    return frozenset(_PARAM_USE.findall(sparql))


def split_header(text: str) -> tuple[str, str]:
    """(YAML header, SPARQL body) of a saved-query file."""
    header, body = [], []
    in_header = True
    for line in text.splitlines(keepends=True):
        if in_header and line.startswith("#+"):
            header.append(line[3:] if line.startswith("#+ ") else line[2:])
        else:
            in_header = False
            body.append(line)
    return "".join(header), "".join(body).strip() + "\n"


def load_query(path: Path) -> SavedQuery:
    """Read and validate one `.rq` file; errors name the file."""
    text = path.read_text(encoding="utf-8")
    header_text, sparql = split_header(text)
    try:
        header = yaml.safe_load(header_text) or {}
    except (yaml.YAMLError, ValueError) as exc:  # PyYAML raises ValueError for dates like 02-30
        raise SavedQueryError(f"{path}: header is not valid YAML: {exc}") from exc
    if not isinstance(header, dict):
        raise SavedQueryError(f"{path}: header must be a mapping")
    title = header.get("title")
    if not isinstance(title, dict) or not all(isinstance(title.get(k), str) and title.get(k)
                                               for k in ("ar", "en")):
        raise SavedQueryError(f"{path}: title needs non-empty 'ar' and 'en'")
    params = tuple(_parameter(path, name, spec)
                   for name, spec in (header.get("parameters") or {}).items())
    _check_derived(path, params)
    _check_uses(path, sparql, params)
    _check_parses(path, sparql, params)
    tags = header.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise SavedQueryError(f"{path}: tags must be a list of strings")
    return SavedQuery(name=path.stem, path=path, title=title,
                      description=str(header.get("description") or "").strip(),
                      parameters=params, tags=tuple(tags), sparql=sparql, text=text)


def _parameter(path: Path, name: Any, spec: Any) -> Parameter:
    where = f"{path}: parameter {name!r}"
    if not isinstance(name, str) or not _NAME.match(name):
        raise SavedQueryError(f"{where}: name must match {_NAME.pattern}")
    if not isinstance(spec, dict):
        raise SavedQueryError(f"{where}: must be a mapping")
    unknown = set(spec) - {"type", "default", "example", "description", "normalize",
                           "derived_from"}
    if unknown:
        raise SavedQueryError(f"{where}: unknown keys {sorted(unknown)}")
    if spec.get("type") not in PARAM_TYPES:
        raise SavedQueryError(f"{where}: type must be one of {sorted(PARAM_TYPES)}")
    if spec.get("normalize") not in (None, *NORMALIZERS):
        raise SavedQueryError(f"{where}: unknown normalize {spec['normalize']!r}")
    example = spec.get("example")
    param = Parameter(name=name, type=spec["type"], description=str(spec.get("description", "")),
                      example=None if example is None else str(example),
                      default=spec.get("default", _MISSING) if "default" in spec else _MISSING,
                      normalize=spec.get("normalize"), derived_from=spec.get("derived_from"))
    for value in (param.example, None if param.required else param.default):
        if value is not None:
            try:
                to_term(param, str(value))
            except ParameterError as exc:
                raise SavedQueryError(f"{where}: example/default invalid: {exc}") from exc
    return param


def _check_derived(path: Path, params: tuple[Parameter, ...]) -> None:
    """A derived parameter names a given (not derived) parameter and has no example or default."""
    given = {p.name for p in params if not p.derived_from}
    for param in params:
        if param.derived_from is None:
            continue
        if param.derived_from not in given:
            raise SavedQueryError(f"{path}: parameter {param.name!r}: derived_from must name a "
                                  f"parameter that is given, not {param.derived_from!r}")
        if param.example is not None or param.default is not _MISSING:
            raise SavedQueryError(f"{path}: parameter {param.name!r}: a derived parameter has no "
                                  "example or default (it takes its source's)")


def _check_uses(path: Path, sparql: str, params: tuple[Parameter, ...]) -> None:
    used, declared = used_parameters(sparql), {p.name for p in params}
    if used - declared:
        raise SavedQueryError(f"{path}: uses undeclared parameters {sorted(used - declared)}")
    if declared - used:
        raise SavedQueryError(f"{path}: declares unused parameters {sorted(declared - used)}")
    clashes = sorted(n for n in declared if re.search(rf"\?{n}\b", sparql))
    if clashes:
        raise SavedQueryError(f"{path}: parameters also used as ?variables (same variable): {clashes}")


def _check_parses(path: Path, sparql: str, params: tuple[Parameter, ...]) -> None:
    """Run the query on an empty store with its examples written in, as the executors do; a
    query that does not parse or evaluate fails here, naming the file."""
    missing = [p.name for p in params if p.required and p.example is None]
    if missing:
        raise SavedQueryError(f"{path}: required parameters need an example: {missing}")
    examples = {p.name: str(p.example) for p in params if p.required}
    try:
        subs = {Variable(p.name): to_term(p, examples[p.derived_from] if p.derived_from
                                          else str(p.example if p.required else p.default))
                for p in params if p.required or p.derived_from or p.default is not None}
    except (KeyError, ParameterError) as exc:
        raise SavedQueryError(f"{path}: a derived parameter's source needs an example: {exc}") from exc
    try:
        Store().query(inline_bindings(sparql, subs))  # as the executors run it
    except (SyntaxError, RuntimeError, ValueError) as exc:
        raise SavedQueryError(f"{path}: query does not run with its parameters bound: {exc}") from exc


def load_all(directory: Path) -> dict[str, SavedQuery]:
    """Every `*.rq` in `directory`, by name (file stem), sorted."""
    return {p.stem: load_query(p) for p in sorted(Path(directory).glob("*.rq"))}


def to_term(param: Parameter, raw: str) -> NamedNode | Literal:
    """The RDF term for a request value, checked against the parameter's type."""
    value = raw.strip()
    if param.type == "iri":
        if not _IRI.match(value):
            raise ParameterError(param.name, f"not an absolute IRI: {raw!r}")
        return NamedNode(value)
    if param.type == "string":
        if param.normalize:
            value = NORMALIZERS[param.normalize](value)
        if not value:
            raise ParameterError(param.name, "must not be empty")
        return Literal(value)
    if param.type in ("integer", "year"):
        if not re.fullmatch(r"[+-]?\d{1,9}", value):
            raise ParameterError(param.name, f"not an integer: {raw!r}")
        if param.type == "year" and not 1000 <= int(value) <= 2999:
            raise ParameterError(param.name, f"not a four-digit year: {raw!r}")
        return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))
    try:
        return Literal(dt.date.fromisoformat(value).isoformat(), datatype=NamedNode(XSD + "date"))
    except ValueError:
        raise ParameterError(param.name, f"not an ISO date (YYYY-MM-DD): {raw!r}") from None


def bind(query: SavedQuery, values: Mapping[str, str]) -> dict[Variable, NamedNode | Literal]:
    """Substitutions for a request: given values, else defaults; a missing required one fails."""
    unknown = sorted(set(values) - {p.name for p in query.parameters if not p.derived_from})
    if unknown:
        raise ParameterError(unknown[0], f"not a parameter of {query.name}")
    out: dict[Variable, NamedNode | Literal] = {}
    for param in sorted(query.parameters, key=lambda p: p.derived_from is not None):
        if param.derived_from:  # computed from its source's value, when that was bound
            source = values.get(param.derived_from)
            if Variable(param.derived_from) in out and source:
                out[Variable(param.name)] = to_term(param, source)
            continue
        raw = values.get(param.name)
        if raw is None or raw == "":
            if param.required:
                raise ParameterError(param.name, "is required")
            if param.default is None:
                continue  # optional and unbound: the query tests BOUND()
            raw = str(param.default)
        out[Variable(param.name)] = to_term(param, raw)
    return out
