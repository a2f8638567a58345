"""Text helpers shared by the meetings, programmes and shelters extractors: events rule files
(kg/rules/meetings.yaml, programmes.yaml, shelters.yaml), paragraphs of the content zones with
their offset maps, rule hits, sentence and phrase bounds, mentions in a span, and actor mentions
for countries named as actors.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from kg.dates import DateMention, find_dates
from kg.extract.mentions import FactMention, Mention
from kg.normalize import Normalized, normalize, original_span, search_key
from kg.paths import RULES_DIR
from kg.records import Article, Lit

# ---------------------------------------------------------------------------------------------
# Text helpers shared by meetings, programmes and shelters: rules, paragraphs, hits, spans.

_RULE_KEYS = frozenset({"id", "label", "description", "phrases", "regex", "examples"})
_SENTENCE_MARKS = re.compile(r"[.!?\n]")
_PHRASE_MARKS = re.compile(r"[.!?\n,;:()\"]|\s-\s")
_WORD_CHARS = re.compile(r"\w+")


@dataclass(frozen=True)
class Rule:
    """One rule of an events rule file: a pattern over normalised text plus interpreter options."""

    id: str
    label: str
    pattern: re.Pattern[str]
    options: tuple[tuple[str, object], ...] = ()

    def option(self, name: str, default: object = None) -> object:
        return dict(self.options).get(name, default)


@dataclass(frozen=True)
class RuleSet:
    """The rules of one file, in file order."""

    name: str
    rules: tuple[Rule, ...]

    def labelled(self, *labels: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.label in labels)

    def with_option(self, name: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.option(name) is not None)

    def stops(self) -> tuple[Rule, ...]:
        """Markers that end a list of participants (every rule with `stop: true`)."""
        return tuple(r for r in self.rules if r.option("stop"))


@dataclass(frozen=True)
class TextContext:
    """One article, its mentions (in text order) and one events rule set."""

    article: Article
    mentions: tuple[Mention, ...]
    rules: RuleSet

    def text(self, start: int, end: int) -> str:
        return self.article.text[start:end]


def text_context(article: Article, mentions: Sequence[Mention], rules: object,
                 name: str) -> TextContext:
    return TextContext(article, tuple(sorted(mentions, key=lambda m: (m.start, m.end))),
                       rule_set(rules, name))


def number_of(numbers: dict | None, token: str) -> int | None:
    """An integer written in digits or as one of the number words of a rule's `numbers`."""
    if token.isdigit():
        return int(token)
    return {norm_key(str(k)): v for k, v in (numbers or {}).items()}.get(norm_key(token))


def norm_key(text: str) -> str:
    """The normalised matching form of a phrase (kg.normalize.search_key)."""
    return search_key(text)


def phrase_pattern(phrases: Sequence[str], where: str) -> re.Pattern[str]:
    """Whole-word alternation of normalised phrases; an attached و or ف may precede them."""
    keys = sorted({norm_key(p) for p in phrases if norm_key(p)}, key=len, reverse=True)
    if not keys:
        raise ValueError(f"{where}: 'phrases' is empty")
    body = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)
    return re.compile(r"(?<!\w)[\u0648\u0641]?(?:" + body + r")(?!\w)")  # waw, feh


def _rule_from_yaml(raw: object, where: str) -> Rule:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("label"):
        raise ValueError(f"{where}: every rule needs an 'id' and a 'label'")
    where = f"{where}: rule {raw['id']!r}"
    if ("phrases" in raw) == ("regex" in raw):
        raise ValueError(f"{where}: give exactly one of 'phrases' or 'regex'")
    try:
        pattern = (phrase_pattern(raw["phrases"], where) if "phrases" in raw
                   else re.compile(raw["regex"]))
    except re.error as exc:
        raise ValueError(f"{where}: bad regex: {exc}") from None
    options = tuple(sorted((k, v) for k, v in raw.items() if k not in _RULE_KEYS))
    return Rule(str(raw["id"]), str(raw["label"]), pattern, options)


@lru_cache(maxsize=None)
def load_rule_file(path: str) -> RuleSet:
    """Load and validate an events rule file; errors name the file and the rule id."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot load rule file: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ValueError(f"{path}: expected a mapping with a 'rules:' list")
    rules = tuple(_rule_from_yaml(raw, path) for raw in data["rules"])
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ValueError(f"{path}: rule {rule.id!r} is defined twice")
        seen.add(rule.id)
    return RuleSet(Path(path).stem, rules)


def rule_set(rules: object, name: str) -> RuleSet:
    """The events rules called `name`: from a RuleSet, a mapping or object holding one (the
    engine's loaded rules), a rules directory, or the default kg/rules/NAME.yaml."""
    if isinstance(rules, RuleSet):
        return rules
    if isinstance(rules, (str, Path)):
        return load_rule_file(str(Path(rules) / f"{name}.yaml"))
    held = rules if isinstance(rules, dict) else getattr(rules, "events", None)
    if isinstance(held, dict) and isinstance(held.get(name), RuleSet):
        return held[name]
    folder = getattr(rules, "rules_dir", None) or RULES_DIR
    return load_rule_file(str(Path(folder) / f"{name}.yaml"))


@dataclass(frozen=True)
class Paragraph:
    """A content zone (or one line of it), normalised, with its original start offset."""

    kind: str
    start: int
    norm: Normalized

    def orig(self, index: int) -> int:
        """Original article offset of normalised index `index` (may be len(text))."""
        return self.start + original_span(self.norm, index, index)[0] if index < len(
            self.norm.text) else self.start + self.norm.to_original[-1]

    def local(self, offset: int) -> int:
        """Normalised index of the first character at or after original `offset`."""
        return bisect_right(self.norm.to_original, offset - self.start - 1, 0,
                            len(self.norm.text))

    @property
    def end(self) -> int:
        return self.orig(len(self.norm.text))


def paragraphs(article: Article) -> tuple[Paragraph, ...]:
    """Every non-blank line of the headline and body zones, in text order."""
    out = []
    for zone in article.content_zones():
        offset = zone.start
        for line in article.text[zone.start:zone.end].splitlines(keepends=True):
            if line.strip():
                out.append(Paragraph(zone.kind, offset, normalize(line.rstrip("\r\n"))))
            offset += len(line)
    return tuple(out)


@dataclass(frozen=True)
class Hit:
    """A rule matched at original offsets [start, end)."""

    rule: Rule
    start: int
    end: int
    match: re.Match[str]


def find_all(rules: Iterable[Rule], par: Paragraph, start: int = 0,
             end: int | None = None) -> list[Hit]:
    """Matches of `rules` in a paragraph between original offsets `start` and `end` (default:
    the paragraph end); at one position the longest match wins, later overlapping ones drop."""
    hits = []
    begin = par.local(start)
    finish = len(par.norm.text) if end is None else max(begin, par.local(end))
    for rule in rules:
        for m in rule.pattern.finditer(par.norm.text, begin, finish):
            if m.end() > m.start():
                hits.append(Hit(rule, par.orig(m.start()), par.orig(m.end()), m))
    hits.sort(key=lambda h: (h.start, -h.end))
    kept: list[Hit] = []
    for hit in hits:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _next_mark(par: Paragraph, offset: int, marks: re.Pattern[str]) -> int:
    found = marks.search(par.norm.text, par.local(offset))
    return par.orig(found.start()) if found else par.end


def sentence_end(par: Paragraph, offset: int) -> int:
    """Original offset of the next sentence mark (or the paragraph end) from `offset`."""
    return _next_mark(par, offset, _SENTENCE_MARKS)


def clause_start(par: Paragraph, offset: int) -> int:
    """Original offset where the sentence holding `offset` begins."""
    head = par.norm.text[: par.local(offset)]
    index = max(head.rfind(mark) for mark in ".!?\n") + 1
    while index < len(head) and head[index].isspace():
        index += 1
    return par.orig(index)


def phrase_end(par: Paragraph, offset: int, max_words: int) -> int:
    """End of the phrase starting at `offset`: the next comma/stop or after `max_words` words."""
    limit = _next_mark(par, offset, _PHRASE_MARKS)
    words = list(_WORD_CHARS.finditer(par.norm.text, par.local(offset), par.local(limit)))
    if len(words) > max_words:
        return par.orig(words[max_words - 1].end())
    return par.orig(words[-1].end()) if words else offset


def span_end(par: Paragraph, offset: int, boundaries: Sequence[int], scope: object) -> int:
    """End of a marker's list: the next boundary marker, else the sentence (or paragraph) end."""
    last = par.end if scope == "paragraph" else sentence_end(par, offset)
    return min([b for b in boundaries if b >= offset] + [last])


def mentions_in(mentions: Sequence[Mention], start: int, end: int) -> list[Mention]:
    """Mentions lying wholly inside [start, end), in text order; `mentions` sorted by start."""
    first = bisect_left(mentions, start, key=lambda m: m.start)
    last = bisect_left(mentions, end, lo=first, key=lambda m: m.start)
    return sorted((m for m in mentions[first:last] if m.end <= end),
                  key=lambda m: (m.start, m.end))


def body_first(pars: Iterable[Paragraph]) -> list[Paragraph]:
    """Body paragraphs, then the headline: a headline repeats what the body reports."""
    return sorted(pars, key=lambda p: p.kind == "headline")


HEADLINE_NAME_OVERLAP = 0.5


def same_name(a: str, b: str, loose: bool) -> bool:
    """Equal normalised names; `loose` (one is from the headline): enough words in common."""
    return norm_key(a) == norm_key(b) or (loose and topic_overlap([a], [b]) >= HEADLINE_NAME_OVERLAP)


def status_report(fact_id: str, number: int, status: str, printed: str, start: int, end: int,
                  rule_id: str) -> FactMention:
    """The StatusReport of programme or shelter `fact_id`: the status and its printed words."""
    return FactMention(
        id=f"{fact_id}-st{number}", cls="StatusReport", start=start, end=end, rule_id=rule_id,
        roles=(("emkg:statusOf", fact_id),),
        values=(("emkg:reportedStatus", Lit(status)), ("emkg:statusAsPrinted", Lit(printed, "ar"))))


def mention_key(mention: Mention) -> str:
    """A comparable identity of a mention inside one article: gazetteer key or normalised name."""
    return mention.key or f"{mention.kind}:{norm_key(mention.text)}"


def date_mentions(article: Article, anchor: object, start: int, end: int) -> list[DateMention]:
    """Dates printed in article.text[start:end] (kg.dates), resolved against `anchor` if any."""
    return find_dates(article.text, start, end, anchor=anchor)


def weekdays_of(printed: Iterable[str]) -> frozenset[int]:
    """ISO weekday numbers named in printed date phrases."""
    return frozenset(m.weekday_number for text in printed for m in find_dates(text)
                     if m.weekday_number is not None)


AGENT_KINDS = frozenset({"person", "organization"})
PLACE_KINDS = frozenset({"country", "city", "place"})


def actor_mention(known: Sequence[Mention], mention: Mention, rule_id: str,
                  new: list[Mention], prefix: str) -> Mention:
    """An agent for `mention`: itself, an organisation mention on the same span, or (a country
    named as an actor: "استضافتها اليونان", "الشراكة بين الدنمارك و…") a new organisation
    mention appended to `new`, with ids PREFIX-m1, PREFIX-m2 …"""
    if mention.kind in AGENT_KINDS:
        return mention
    same_span = next((m for m in (*known, *new) if m.kind == "organization"
                      and m.start == mention.start and m.end == mention.end), None)
    if same_span is not None:
        return same_span
    actor = Mention(id=f"{prefix}-m{len(new) + 1}", kind="organization", text=mention.text,
                    start=mention.start, end=mention.end, rule_id=rule_id, key=None,
                    attrs=(("government_of", mention.key or mention.text),))
    new.append(actor)
    return actor



TOPIC_OVERLAP = 0.5
_WORD = re.compile(r"\w+")


def topic_overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard overlap of the normalised topic words of two meetings (0.0 when either is empty)."""
    words_a = {w for t in a for w in _WORD.findall(norm_key(t)) if len(w) > 2}
    words_b = {w for t in b for w in _WORD.findall(norm_key(t)) if len(w) > 2}
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / len(words_a | words_b)

