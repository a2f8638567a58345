"""Meetings, visits and receptions: triggers and participant roles read from kg/rules/meetings.yaml.

`extract_meetings(article, mentions, rules)` returns (new_mentions, facts): one `Meeting`
FactMention per meeting reported in the body (the headline only when the body reports none),
with roles emkg:hasHost / hasGuest / hasAttendee / hasDelegationMember / organisedBy /
supportedBy / hasParticipant / tookPlaceIn (mention ids) and values emkg:topic,
emkg:placeAsPrinted, emkg:dateAsPrinted, emkg:date (only when resolved).

`same_event(a, b)` says why two Meeting facts from different articles are one event, or None.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from kg.dates import DateMention, find_dates, publication_anchor
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


RULE_FILE = "meetings"
AGENT_KINDS = frozenset({"person", "organization"})
PLACE_KINDS = frozenset({"country", "city", "place"})
_COMMA = re.compile(r"[,;]")
_TOPIC_MAX_WORDS = 14
_PLACE_MAX_WORDS = 8


@dataclass
class _Draft:
    """A meeting being assembled (mutable while one article is read)."""

    start: int
    end: int
    rule_id: str
    roles: list[tuple[str, str]] = field(default_factory=list)
    values: list[tuple[str, Lit]] = field(default_factory=list)

    def add_role(self, predicate: str, mention_id: str) -> None:
        if mention_id not in {m for _, m in self.roles}:
            self.roles.append((predicate, mention_id))

    def add_value(self, predicate: str, value: Lit) -> None:
        if (predicate, value) not in self.values:
            self.values.append((predicate, value))

    def mention_ids(self, *predicates: str) -> set[str]:
        return {m for p, m in self.roles if not predicates or p in predicates}


@dataclass(frozen=True)
class _Context:
    article: Article
    mentions: tuple[Mention, ...]
    rules: RuleSet
    anchor: object = None  # the publication date relative dates count from (kg.dates)
    keys: dict[str, str] = field(default_factory=dict)  # mention id -> mention_key


# ---------------------------------------------------------------------------------------------
# Participants

def _first(mentions: Sequence[Mention], kinds: frozenset[str]) -> Mention | None:
    return next((m for m in mentions if m.kind in kinds), None)


def _persons_else_orgs(mentions: Sequence[Mention]) -> list[Mention]:
    persons = [m for m in mentions if m.kind == "person"]
    return persons or [m for m in mentions if m.kind == "organization"]


def _subject_and_object(ctx: _Context, par: Paragraph, trigger: Hit,
                        region_end: int) -> tuple[Mention | None, Mention | None]:
    """(subject, object) agents of a trigger: "X تلتقي Y" when an agent precedes the verb in
    its clause, else verb-first "التقت X، title، Y" (the object is the next person)."""
    begin = clause_start(par, trigger.start)
    before = [m for m in mentions_in(ctx.mentions, begin, trigger.start)
              if m.kind == "person" or (m.kind == "organization" and not _COMMA.search(
                  par.norm.text[par.local(m.end):par.local(trigger.start)]))]
    after = [m for m in mentions_in(ctx.mentions, trigger.end, region_end)
             if m.kind in AGENT_KINDS | PLACE_KINDS]
    if before:
        subject = _first(before, frozenset({"person"})) or before[0]
        return subject, _first(after, frozenset({"person"})) or _first(after, AGENT_KINDS)
    if trigger.rule.option("subject_side") == "before":
        return None, _first(after, frozenset({"person"})) or _first(after, AGENT_KINDS)
    subject = _first(after, AGENT_KINDS)
    if subject is None:
        return None, None
    rest = [m for m in after if m.start >= subject.end]
    word = trigger.rule.option("subject_before")
    if word:  # "بحث X مع Y": X must stand before the word, Y after it
        found = re.search(r"(?<!\w)" + re.escape(norm_key(str(word))) + r"(?!\w)",
                          par.norm.text[par.local(trigger.end):])
        pivot = par.orig(par.local(trigger.end) + found.start()) if found else par.end
        if subject.end > pivot:
            return None, None
        rest = [m for m in after if m.start >= pivot]
    obj = _first(rest, frozenset({"person"}))
    if obj is None and subject.kind == "organization":
        obj = _first(rest, frozenset({"organization"}))
    if obj is None and trigger.rule.option("object_place"):
        obj = _first(rest, frozenset({"city", "place"})) or _first(rest, frozenset({"country"}))
    return subject, obj


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


def _agent_or_country(ctx: _Context, mention: Mention, rule_id: str,
                      new: list[Mention]) -> Mention:
    return actor_mention(ctx.mentions, mention, rule_id, new, "mt")


def _place_value(ctx: _Context, par: Paragraph, hit: Hit, limit: int,
                 draft: _Draft) -> None:
    """emkg:placeAsPrinted from a place marker; emkg:tookPlaceIn only for a place mention in it."""
    stops = [h.start for h in find_all(ctx.rules.stops(), par, hit.end, limit)]
    end = min([phrase_end(par, hit.end, _PLACE_MAX_WORDS), limit] + stops)
    places = [m for m in mentions_in(ctx.mentions, hit.start, end) if m.kind in PLACE_KINDS]
    if places:
        end = max(end, places[-1].end) if places[-1].end <= limit else end
        draft.add_role("emkg:tookPlaceIn", places[-1].id)
    text = ctx.article.text[hit.start:end].strip(" ,\u060c")  # arabic comma
    if text:
        draft.add_value("emkg:placeAsPrinted", Lit(text, "ar"))


def _role_markers(ctx: _Context, par: Paragraph, draft: _Draft, start: int, until: int,
                  new: list[Mention], later: bool = False) -> None:
    """Attendees, delegation members, organisers, hosts and supporters named after markers
    (in a later paragraph only the markers whose rule allows `later`)."""
    rules = [r for r in ctx.rules.with_option("role") if not later or r.option("later", True)]
    markers = find_all(rules, par, start, until)
    boundaries = sorted({h.start for h in find_all(ctx.rules.stops(), par, start, until)})
    for hit in markers:
        role = hit.rule.option("role")
        end = min(until, span_end(par, hit.end, boundaries, hit.rule.option("scope", "sentence")))
        found = [m for m in mentions_in(ctx.mentions, hit.end, end)
                 if m.kind in AGENT_KINDS | PLACE_KINDS]
        if hit.rule.option("takes", "all") == "first":
            found = found[:1]
        else:
            found = _persons_else_orgs(found)
        for mention in found:
            agent = _agent_or_country(ctx, mention, hit.rule.id, new)
            draft.add_role(role, agent.id)
            if role == "emkg:hasHost" and mention.kind in PLACE_KINDS:
                draft.add_role("emkg:tookPlaceIn", mention.id)
                draft.add_value("emkg:placeAsPrinted", Lit(mention.text, "ar"))


def _topics(ctx: _Context, par: Paragraph, draft: _Draft, start: int, until: int) -> None:
    for hit in find_all(ctx.rules.labelled("emkg:topic"), par, start, until):
        end = phrase_end(par, hit.end, _TOPIC_MAX_WORDS)
        text = ctx.article.text[hit.end:end].strip(" ,.:\u060c")  # arabic comma
        if len(text.split()) >= 2:
            draft.add_value("emkg:topic", Lit(text, "ar"))


def _dates(ctx: _Context, draft: _Draft, start: int, end: int) -> None:
    for found in date_mentions(ctx.article, ctx.anchor, start, end):
        draft.add_value("emkg:dateAsPrinted", Lit(found.as_written, "ar"))
        if found.iso:
            draft.add_value("emkg:date", Lit(found.iso, None, "xsd:date"))


# ---------------------------------------------------------------------------------------------
# One trigger -> one draft

def _draft_at(ctx: _Context, par: Paragraph, trigger: Hit, until: int,
              new: list[Mention]) -> _Draft | None:
    """The meeting of one trigger; its markers and topics run `until` the next trigger."""
    rule = trigger.rule
    stops = sorted({h.start for h in find_all(ctx.rules.stops(), par, trigger.end,
                                              sentence_end(par, trigger.end))})
    region_end = min([s for s in stops if s > trigger.end] + [sentence_end(par, trigger.end)])
    subject, obj = _subject_and_object(ctx, par, trigger, region_end)
    draft = _Draft(start=clause_start(par, trigger.start),
                   end=sentence_end(par, trigger.end), rule_id=rule.id)
    if subject is not None:
        draft.add_role(rule.option("subject_role", "emkg:hasHost"),
                       _agent_or_country(ctx, subject, rule.id, new).id)
    if obj is not None and rule.option("object_role") != "none":
        if obj.kind in PLACE_KINDS and rule.option("object_place", False):
            draft.add_role("emkg:tookPlaceIn", obj.id)
            draft.add_value("emkg:placeAsPrinted", Lit(obj.text, "ar"))
        elif obj.kind in AGENT_KINDS:
            draft.add_role(rule.option("object_role", "emkg:hasGuest"), obj.id)
    for hit in find_all(ctx.rules.labelled("emkg:placeAsPrinted"), par, trigger.end, draft.end):
        if hit.start < draft.end:
            _place_value(ctx, par, hit, draft.end, draft)
            break
    _dates(ctx, draft, draft.start, draft.end)
    _role_markers(ctx, par, draft, trigger.end, until, new)
    _topics(ctx, par, draft, trigger.end, until)
    return draft if draft.roles else None


def _names(ctx: _Context, draft: _Draft, *predicates: str) -> frozenset[str]:
    return frozenset(ctx.keys[i] for i in draft.mention_ids(*predicates) if i in ctx.keys)


def _is_repeat(ctx: _Context, draft: _Draft, earlier: _Draft) -> bool:
    """A later sentence about the same meeting: its host and guest were already known."""
    mine = _names(ctx, draft, "emkg:hasHost", "emkg:hasGuest")
    return bool(mine) and mine <= _names(ctx, earlier)


def _merge_into(target: _Draft, extra: _Draft) -> None:
    for predicate, mention_id in extra.roles:
        target.add_role(predicate, mention_id)
    for predicate, value in extra.values:
        target.add_value(predicate, value)


def _scan(ctx: _Context, pars: Iterable[Paragraph], new: list[Mention]) -> list[_Draft]:
    drafts: list[_Draft] = []
    triggers = ctx.rules.labelled("emkg:Meeting")
    for par in pars:
        hits = find_all(triggers, par, par.start)
        for index, trigger in enumerate(hits):
            until = hits[index + 1].start if index + 1 < len(hits) else par.end
            draft = _draft_at(ctx, par, trigger, until, new)
            if draft is None:
                continue
            if drafts and _is_repeat(ctx, draft, drafts[-1]):
                _merge_into(drafts[-1], draft)
            else:
                drafts.append(draft)
        if drafts and not hits:  # later paragraphs: attendee lists, topics of the last meeting
            _role_markers(ctx, par, drafts[-1], par.start, par.end, new, later=True)
            _topics(ctx, par, drafts[-1], par.start, par.end)
    return drafts


def extract_meetings(article: Article, mentions: Sequence[Mention], rules: object = None
                     ) -> tuple[tuple[Mention, ...], tuple[FactMention, ...]]:
    """Meetings of one article (body first; the headline only when the body reports none)."""
    ordered = tuple(sorted(mentions, key=lambda m: (m.start, m.end)))
    ctx = _Context(article, ordered, rule_set(rules, RULE_FILE), publication_anchor(article),
                   {m.id: mention_key(m) for m in ordered})
    pars = paragraphs(article)
    new: list[Mention] = []
    drafts = _scan(ctx, [p for p in pars if p.kind == "body"], new)
    if not drafts:
        new = []
        drafts = _scan(ctx, [p for p in pars if p.kind == "headline"], new)
    facts = tuple(
        FactMention(id=f"mt{n}", cls="Meeting", start=d.start, end=d.end, rule_id=d.rule_id,
                    name=None, roles=tuple(d.roles), values=tuple(d.values))
        for n, d in enumerate(drafts, 1))
    return tuple(new), facts


# ---------------------------------------------------------------------------------------------
# Two reports of one event

@dataclass(frozen=True)
class MeetingInfo:
    """What `same_event` compares: resolved entity keys per role, dates and topics."""

    article_id: str
    hosts: frozenset[str]
    guests: frozenset[str]
    participants: frozenset[str] = frozenset()  # every participant key, hosts and guests included
    date: str | None = None  # ISO, when resolved
    weekdays: frozenset[int] = frozenset()  # ISO weekday numbers of the printed dates
    topics: tuple[str, ...] = ()


TOPIC_OVERLAP = 0.5
_WORD = re.compile(r"\w+")


def topic_overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard overlap of the normalised topic words of two meetings (0.0 when either is empty)."""
    words_a = {w for t in a for w in _WORD.findall(norm_key(t)) if len(w) > 2}
    words_b = {w for t in b for w in _WORD.findall(norm_key(t)) if len(w) > 2}
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / len(words_a | words_b)


def same_event(a: MeetingInfo, b: MeetingInfo) -> str | None:
    """Why two meetings from different articles are one event, or None. Same host and same
    counterpart; different dates never merge; both undated needs all participants equal and a
    high topic overlap."""
    if a.article_id == b.article_id or not (a.hosts & b.hosts) or not (a.guests & b.guests):
        return None
    who = f"same host and guest ({', '.join(sorted(a.hosts & b.hosts | a.guests & b.guests))})"
    if a.date and b.date:
        return f"{who}, same date {a.date}" if a.date == b.date else None
    if a.date or b.date:
        if len(a.weekdays | b.weekdays) > 1:
            return None
        return f"{who}, one report dated {a.date or b.date}, the other undated"
    if a.weekdays != b.weekdays:
        return None
    overlap = topic_overlap(a.topics, b.topics)
    if a.participants == b.participants and overlap >= TOPIC_OVERLAP:
        return f"{who}, both undated, all participants equal, topic overlap {overlap:.2f}"
    return None


def meeting_info(article_id: str, fact: FactMention, key_of: dict[str, str]) -> MeetingInfo:
    """A `MeetingInfo` of one Meeting fact, with mention ids mapped to resolved keys."""
    def keys(*predicates: str) -> frozenset[str]:
        return frozenset(key_of[m] for p, m in fact.roles if p in predicates and m in key_of)

    participant_roles = ("emkg:hasHost", "emkg:hasGuest", "emkg:hasAttendee",
                         "emkg:hasDelegationMember", "emkg:organisedBy", "emkg:hasParticipant")
    dates = [v.value for p, v in fact.values if p == "emkg:date"]
    return MeetingInfo(
        article_id=article_id, hosts=keys("emkg:hasHost"), guests=keys("emkg:hasGuest"),
        participants=keys(*participant_roles), date=dates[0] if dates else None,
        weekdays=weekdays_of(v.value for p, v in fact.values if p == "emkg:dateAsPrinted"),
        topics=tuple(v.value for p, v in fact.values if p == "emkg:topic"))


__all__ = ["extract_meetings", "same_event", "meeting_info", "MeetingInfo", "topic_overlap",
           "Paragraph", "Hit", "Rule", "RuleSet", "TextContext", "rule_set", "load_rule_file"]
