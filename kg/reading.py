"""Reading articles: files and sidecars in, `Article` records with zones (content vs clutter) out.

`Article.text` is the decoded file with a leading BOM dropped and line endings kept; every zone
and every later offset indexes it. `Article.sha256` is the SHA-256 of that text in UTF-8.
The clutter rules are data (kg/rules/clutter.yaml); kg.zones interprets them.
"""
from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from kg.records import Article, ArticleError, ArticleMeta
from kg.zones import (  # noqa: F401  (the reader's clutter API, importable from here as before)
    CLUTTER_RULES, ClutterRule, ClutterRules, Layout, ZoneDecision, _line_key, capture_span,
    classify_lines, clutter_report, default_rules, load_clutter_rules, match_rule)

MAX_BYTES = 5 * 1024 * 1024
SIDECAR_KEYS = frozenset({"outlet", "address", "published", "published_derived", "title",
                          "author"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.05


# ---------------------------------------------------------------------------------------------
# Files and sidecars

def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise ArticleError(str(path), "empty file")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ArticleError(str(path), f"binary file (NUL byte at byte offset {nul})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            str(path), f"not UTF-8: invalid byte 0x{data[exc.start]:02x} at byte offset {exc.start}"
        ) from None
    text = text[1:] if text.startswith("\ufeff") else text
    if len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise ArticleError(str(path), "binary file (mostly control characters, not text)")
    if not text.strip():
        raise ArticleError(str(path), "empty file (only whitespace)")
    return text


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ArticleError(str(path), f"file too large: {size} bytes > limit {max_bytes}")
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(str(path), f"cannot read: {exc.strerror or exc}") from None


def sidecar_path(path: Path) -> Path:
    """NAME.txt -> NAME.meta.yaml beside it."""
    return path.with_name(path.stem + ".meta.yaml")


def _outlet(value: object, where: str) -> tuple[str | None, str | None]:
    if isinstance(value, str):
        return value, None
    if isinstance(value, dict) and set(map(str, value)) <= {"ar", "en"}:
        return value.get("ar"), value.get("en")
    extra = sorted(set(map(str, value)) - {"ar", "en"}) if isinstance(value, dict) else value
    raise ArticleError(
        where, f"sidecar key 'outlet' must be a string or a mapping {{ar, en}}; got {extra!r}"
    )


def _iso_date(value: object, where: str) -> str:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ArticleError(where, f"bad date for 'published': {value!r} (want YYYY-MM-DD)") from None


class _SidecarLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as strings (they are checked by `_iso_date`)."""


_SidecarLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_meta(path: Path) -> ArticleMeta:
    """The sidecar of article `path` as ArticleMeta (empty meta when there is no sidecar)."""
    side = sidecar_path(path)
    if not side.exists():
        return ArticleMeta()
    where = str(side)
    try:
        data = yaml.load(side.read_text(encoding="utf-8"), Loader=_SidecarLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ArticleError(where, f"malformed YAML: {getattr(exc, 'problem', exc)}", line) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleError(where, f"cannot read sidecar: {exc}") from None
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise ArticleError(where, "sidecar must be a mapping of keys to values")
    unknown = sorted(set(map(str, data)) - SIDECAR_KEYS)
    if unknown:
        raise ArticleError(where, f"unknown sidecar keys {unknown}; allowed {sorted(SIDECAR_KEYS)}")
    outlet_ar, outlet_en = _outlet(data["outlet"], where) if "outlet" in data else (None, None)
    derived = data.get("published_derived", False)
    if not isinstance(derived, bool):
        raise ArticleError(where, "sidecar key 'published_derived' must be true or false")
    published = data.get("published")
    return ArticleMeta(
        outlet_ar=outlet_ar, outlet_en=outlet_en,
        address=None if data.get("address") is None else str(data["address"]),
        published=None if published is None else _iso_date(published, where),
        published_derived=derived,
        title=None if data.get("title") is None else str(data["title"]),
        author=None if data.get("author") is None else str(data["author"]),
    )


def read_article(path: str | Path, max_bytes: int = MAX_BYTES) -> Article:
    """Read one article and its sidecar; raise ArticleError naming the file on any problem."""
    path = Path(path)
    text = _decode(path, _read_bytes(path, max_bytes))
    meta = read_meta(path)
    decisions = classify_lines(text)
    zones = tuple(d.zone for d in decisions)
    if meta.outlet_ar is None and meta.outlet_en is None:
        meta = replace(meta, outlet_ar=_meta_value(decisions, "outlet"))
    if meta.author is None:
        meta = replace(meta, author=_meta_value(decisions, "author"))
    if meta.title is None:
        headline = next((z for z in zones if z.kind == "headline"), None)
        meta = replace(meta, title=text[headline.start:headline.end] if headline else None)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(id=path.stem, path=str(path), text=text, sha256=digest, meta=meta, zones=zones)


def _meta_value(decisions: Iterable[ZoneDecision], field_name: str) -> str | None:
    """The first value a clutter rule captured for metadata field `field_name` (rule key `meta`)."""
    return next((d.value for d in decisions if d.meta == field_name and d.value), None)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given; directories expand to their *.txt files sorted by name."""
    for item in map(Path, paths):
        yield from sorted(item.glob("*.txt")) if item.is_dir() else (item,)


def iter_articles(paths: Iterable[str | Path], max_bytes: int = MAX_BYTES
                  ) -> Iterator[Article | ArticleError]:
    """Every article under `paths`, or an ArticleError for a file that cannot be read."""
    for path in expand_paths(paths):
        try:
            yield read_article(path, max_bytes)
        except ArticleError as error:
            yield error
