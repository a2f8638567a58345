"""Page clutter: the rules of kg/rules/clutter.yaml and the zones they give the lines of an article
(headline, body, sub-headings, and clutter such as tickers, related stories, tags, share buttons,
source lines, bylines, captions, clocks). `kg.reading` reads files; this module decides zones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from kg.normalize import normalize, original_span, search_key
from kg.paths import RULES_DIR
from kg.records import Article, Zone

CLUTTER_RULES = RULES_DIR / "clutter.yaml"


# ---------------------------------------------------------------------------------------------
# Clutter rules

@dataclass(frozen=True)
class ClutterRule:
    """One validated rule of kg/rules/clutter.yaml (see the file's header for the fields)."""

    id: str
    zone: str
    description: str
    where: str = "anywhere"
    line_is: frozenset[str] = frozenset()
    starts_with: tuple[str, ...] = ()
    regex: re.Pattern[str] | None = None
    all_words_in: frozenset[str] = frozenset()
    max_words: int | None = None
    long_unpunctuated: tuple[int, int] | None = None
    extent: str = "line"
    bare_extent: str = "line"
    capture: str | None = None
    meta: str | None = None  # the ArticleMeta field the captured value feeds (outlet, author)
    publication: bool = False
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layout:
    """The thresholds of the `layout` section of kg/rules/clutter.yaml."""

    subheading_max_words: int
    final_marks: str
    run_max_words: int
    headline_max_words: int
    headline_list_min_lines: int


@dataclass(frozen=True)
class ClutterRules:
    layout: Layout
    rules: tuple[ClutterRule, ...]


RULE_ZONES = frozenset({"ticker", "related", "tags", "share", "source", "masthead", "dateline",
                        "subheading", "caption"})
META_FIELDS = frozenset({"outlet", "author"})
EXTENTS = frozenset({"line", "to_end", "run"})
_RULE_KEYS = frozenset({"id", "zone", "description", "where", "match", "extent", "bare_extent",
                        "capture", "meta", "publication", "examples"})
_MATCHERS = frozenset({"line_is", "starts_with", "regex", "all_words_in", "max_words",
                       "long_unpunctuated"})


def _rule_problem(raw: dict) -> str | None:
    """The first thing wrong with a raw rule mapping, or None."""
    match, examples = raw.get("match"), raw.get("examples")
    checks = (
        (not set(raw) - _RULE_KEYS, f"unknown keys {sorted(set(raw) - _RULE_KEYS)}"),
        (raw.get("zone") in RULE_ZONES, f"zone {raw.get('zone')!r} not in {sorted(RULE_ZONES)}"),
        (bool(raw.get("description")), "needs a description"),
        (raw.get("where", "anywhere") in {"header", "anywhere"}, "where must be header or anywhere"),
        (raw.get("meta") in META_FIELDS | {None} and (raw.get("meta") is None or raw.get("capture")),
         f"meta must be one of {sorted(META_FIELDS)} and needs a capture"),
        (not {raw.get("extent", "line"), raw.get("bare_extent", "line")} - EXTENTS,
         f"extent must be one of {sorted(EXTENTS)}"),
        (isinstance(match, dict) and bool(match) and not set(match) - _MATCHERS,
         f"match needs some of {sorted(_MATCHERS)} and nothing else"),
        (isinstance(examples, dict) and set(examples) == {"match", "no_match"},
         "examples need 'match' and 'no_match' lists"),
    )
    return next((message for ok, message in checks if not ok), None)


def _rule_from_yaml(raw: object, where: str) -> ClutterRule:
    if not isinstance(raw, dict) or not raw.get("id"):
        raise ValueError(f"{where}: every rule needs a mapping with an 'id'")
    rid = raw["id"]
    problem = _rule_problem(raw)
    if problem:
        raise ValueError(f"{where}: rule {rid}: {problem}")
    match = raw["match"]
    try:
        regex = re.compile(match["regex"]) if "regex" in match else None
    except re.error as exc:
        raise ValueError(f"{where}: rule {rid}: bad regex: {exc}") from None
    if raw.get("capture") and (regex is None or raw["capture"] not in regex.groupindex):
        raise ValueError(f"{where}: rule {rid}: capture {raw['capture']!r} is not a regex group")
    long_line = match.get("long_unpunctuated")
    return ClutterRule(
        id=rid, zone=raw["zone"], description=raw["description"],
        where=raw.get("where", "anywhere"),
        line_is=frozenset(_trimmed(search_key(p)) for p in match.get("line_is", ())),
        starts_with=tuple(search_key(p) for p in match.get("starts_with", ())),
        regex=regex,
        all_words_in=frozenset(search_key(w) for w in match.get("all_words_in", ())),
        max_words=match.get("max_words"),
        long_unpunctuated=(long_line["min_words"], long_line["max_marks"]) if long_line else None,
        extent=raw.get("extent", "line"),
        bare_extent=raw.get("bare_extent", raw.get("extent", "line")),
        capture=raw.get("capture"), meta=raw.get("meta"),
        publication=bool(raw.get("publication", False)),
        examples_match=tuple(raw["examples"]["match"] or ()),
        examples_no_match=tuple(raw["examples"]["no_match"] or ()),
    )


def load_clutter_rules(path: str | Path = CLUTTER_RULES) -> ClutterRules:
    """Load and validate a clutter rule file; ValueError names the file and the rule id."""
    where = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        layout = Layout(**data["layout"])
        rules = tuple(_rule_from_yaml(raw, where) for raw in data["rules"])
    except (yaml.YAMLError, OSError, KeyError, TypeError) as exc:
        raise ValueError(f"{where}: cannot load clutter rules: {exc}") from None
    ids = [rule.id for rule in rules]
    duplicates = sorted({rid for rid in ids if ids.count(rid) > 1})
    if duplicates:
        raise ValueError(f"{where}: duplicate rule ids {duplicates}")
    return ClutterRules(layout, rules)


@lru_cache(maxsize=1)
def default_rules() -> ClutterRules:
    return load_clutter_rules(CLUTTER_RULES)


_LEADING = re.compile(r"^[\s\u2022\u00b7\u25aa\u25ba\u25c4*#>|\-]+")  # bullets, dashes
_SENTENCE_MARKS = re.compile(r"[.,;?!]")


def _trimmed(key: str) -> str:
    return key.rstrip(" :.-")


def _line_key(line: str) -> str:
    return _LEADING.sub("", search_key(line))


def _starts_with(key: str, phrase: str) -> bool:
    return key.startswith(phrase) and (len(key) == len(phrase) or not key[len(phrase)].isalnum())


def _match_words(rule: ClutterRule, key: str, marks: str) -> bool:
    """The word-count matchers: all_words_in, max_words, long_unpunctuated."""
    words = key.split()
    if rule.all_words_in and words and all(w.strip(".,:") in rule.all_words_in for w in words):
        return True
    if rule.max_words is not None and len(words) <= rule.max_words:
        return True
    if rule.long_unpunctuated:
        min_words, max_marks = rule.long_unpunctuated
        if len(words) >= min_words and not key.endswith(tuple(marks)):
            return len(_SENTENCE_MARKS.findall(key)) <= max_marks
    return False


def match_rule(rule: ClutterRule, key: str, marks: str) -> tuple[bool, bool, str | None]:
    """(matched, bare, captured value) of one rule on one normalised line key."""
    if _trimmed(key) in rule.line_is:
        return True, True, None
    phrase = next((p for p in rule.starts_with if _starts_with(key, p)), None)
    if phrase is not None:
        return True, not _trimmed(key[len(phrase):]).strip(" :.-"), None
    found = rule.regex.search(key) if rule.regex else None
    if found:
        if not rule.capture:
            return True, False, None
        span = capture_span(found, rule.capture)
        return True, False, found.string[span[0]:span[1]].strip() if span else None
    if rule.all_words_in or rule.max_words is not None or rule.long_unpunctuated:
        return _match_words(rule, key, marks), False, None
    return False, False, None


# ---------------------------------------------------------------------------------------------
# Zones

@dataclass(frozen=True)
class ZoneDecision:
    """A zone and why: a clutter rule id, or "layout:…" for headline, body and sub-headings."""

    zone: Zone
    rule_id: str
    publication: bool = False  # a byline whose date is the story's publication date
    value: str | None = None  # captured value (the outlet of a source line, a byline's name)
    meta: str | None = None  # the ArticleMeta field `value` feeds


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    key: str  # search key, bullets dropped: what rules see
    words: int


_LINE = re.compile(r"[^\r\n]+")


def _lines(text: str) -> list[_Line]:
    lines = []
    for found in _LINE.finditer(text):
        raw = found.group()
        key = _line_key(raw)
        if key:
            start = found.start() + len(raw) - len(raw.lstrip())
            lines.append(_Line(start, found.start() + len(raw.rstrip()), key, len(key.split())))
    return lines


def _first_rule(rules: ClutterRules, line: _Line, in_header: bool):
    for rule in rules.rules:
        if rule.where == "header" and not in_header:
            continue
        matched, bare, value = match_rule(rule, line.key, rules.layout.final_marks)
        if matched:
            return rule, bare, value
    return None


def _extent_end(rules: ClutterRules, lines: list[_Line], index: int, extent: str) -> int:
    """The last line a zone covers: its own, the article's last, or the last of a run of short
    lines that no rule claims for itself."""
    if extent == "to_end":
        return len(lines) - 1
    last = index
    while (extent == "run" and last + 1 < len(lines)
           and lines[last + 1].words <= rules.layout.run_max_words
           and _first_rule(rules, lines[last + 1], in_header=False) is None):
        last += 1
    return last


def capture_span(found: re.Match[str], name: str) -> tuple[int, int] | None:
    """The span of group `name`, else of the first other named group that took part (a rule's
    regex may have alternatives, each with its own group)."""
    for group in (name, *found.re.groupindex):
        if found.group(group) is not None:
            return found.span(group)
    return None


def _captured(text: str, line: _Line, rule: ClutterRule, fallback: str | None) -> str | None:
    """The captured value as printed in the original line (the rule's regex sees normalised text)."""
    if not rule.capture or rule.regex is None:
        return fallback

    norm = normalize(text[line.start:line.end])
    found = rule.regex.search(norm.text)
    if not found:
        return fallback
    span = capture_span(found, rule.capture)
    if span is None:
        return fallback
    begin, end = original_span(norm, *span)
    return text[line.start + begin:line.start + end].strip()


def _layout_kind(rules: ClutterRules, line: _Line, flat: str, in_header: bool,
                 headline_key: str | None) -> str:
    layout = rules.layout
    if in_header:
        long_or_sentence = line.words > layout.headline_max_words or flat.endswith(".")
        return "body" if long_or_sentence else "headline"
    if line.key == headline_key:
        return "repeated-headline"
    short = line.words <= layout.subheading_max_words and "," not in line.key
    return "subheading" if short and not flat.endswith(tuple(layout.final_marks)) else "body"


def classify_lines(text: str, rules: ClutterRules | None = None) -> tuple[ZoneDecision, ...]:
    """Give every non-blank line of `text` a zone (see kg/rules/clutter.yaml)."""


    rules = rules or default_rules()
    lines = _lines(text)
    decisions: list[ZoneDecision] = []
    in_header, headline_key, index = True, None, 0
    while index < len(lines):
        line = lines[index]
        flat = normalize(text[line.start:line.end]).text
        hit = _first_rule(rules, line, in_header)
        if hit:
            rule, bare, value = hit
            extent = rule.bare_extent if bare else rule.extent
            if extent == "to_end" and not any(d.zone.kind == "body" for d in decisions):
                extent = "run"  # a sidebar above the story: its heading cannot swallow the story
            last = _extent_end(rules, lines, index, extent)
            zone = Zone(rule.zone, line.start, lines[last].end)
            value = _captured(text, line, rule, value)
            decisions.append(ZoneDecision(zone, rule.id, rule.publication, value, rule.meta))
            index = last + 1
            continue
        kind = _layout_kind(rules, line, flat, in_header, headline_key)
        headline_key = line.key if kind == "headline" else headline_key
        in_header = False
        zone_kind = "subheading" if kind == "repeated-headline" else kind
        decisions.append(ZoneDecision(Zone(zone_kind, line.start, line.end), f"layout:{kind}"))
        index += 1
    return _trailing_subheadings_to_body(_headline_list(decisions, rules.layout))


def _headline_list(decisions: list[ZoneDecision], layout: Layout) -> list[ZoneDecision]:
    """Several headline-like lines before the first paragraph are a list of other stories'
    headlines (a ticker) followed by the story's own headline: the last of them."""
    first_body = next((i for i, d in enumerate(decisions) if d.zone.kind == "body"), len(decisions))
    titles = [i for i, d in enumerate(decisions[:first_body])
              if d.rule_id in ("layout:headline", "layout:subheading")]
    if len(titles) < layout.headline_list_min_lines:
        return decisions
    changed = {i: ("ticker", "layout:headline-list") for i in titles[:-1]}
    changed[titles[-1]] = ("headline", "layout:headline")
    return [replace(d, zone=replace(d.zone, kind=changed[i][0]), rule_id=changed[i][1])
            if i in changed else d for i, d in enumerate(decisions)]


def _trailing_subheadings_to_body(decisions: list[ZoneDecision]) -> tuple[ZoneDecision, ...]:
    """A sub-heading sits between paragraphs: one after the last body paragraph is body."""
    last_body = max((i for i, d in enumerate(decisions) if d.zone.kind == "body"), default=-1)
    return tuple(
        replace(d, zone=replace(d.zone, kind="body"), rule_id="layout:body")
        if i > last_body and d.rule_id == "layout:subheading" else d
        for i, d in enumerate(decisions)
    )


def _preview(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"  # ellipsis


def clutter_report(article: Article) -> list[str]:
    """One line per clutter zone the reader set aside, for `kg extract` to print."""
    return [
        f"{d.zone.kind:<10} {d.zone.start}-{d.zone.end} [{d.rule_id}] "
        f"{_preview(article.text[d.zone.start:d.zone.end])}"
        for d in classify_lines(article.text)
        if d.zone.kind not in {"headline", "body"}
    ]
