"""The parts of one meeting: participants and their roles (host, guest, attendees, delegation,
organiser, supporter), place, dates and topics, read around a trigger with the markers of
kg/rules/meetings.yaml."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from kg.extract.event_text import (
    AGENT_KINDS, PLACE_KINDS, Hit, Paragraph, RuleSet, actor_mention, clause_start, date_mentions,
    find_all, mentions_in, norm_key, phrase_end, span_end)
from kg.extract.mentions import Mention
from kg.records import Article, Lit

_COMMA = re.compile(r"[,;]")
#: Words that introduce the guest side of a verb-first sentence whose host is named only by a
#: title ("استقبلت وزيرة الهجرة وفدا من المفوضية …"): the agent after them is not the subject.
_GUEST_LEAD = re.compile(
    r"(?<!\w)[\u0648]?[\u0628\u0644]?(?:\u0648\u0641\u062f|\u0648\u0641\u062f\u0627|\u0648\u0641\u0648\u062f|"  # wafd, wafdan, wufud
    r"\u0645\u0645\u062b\u0644\u064a|\u0645\u0645\u062b\u0644\u064a\u0646|\u0645\u0645\u062b\u0644\u0648|"  # mumaththili, -in, -u
    r"\u0646\u0638\u064a\u0631\u0647|\u0646\u0638\u064a\u0631\u062a\u0647|\u0646\u0638\u064a\u0631\u0647\u0627)(?!\w)")  # nazirahu, naziratahu, naziraha
#: An organisation right after these words is the other side of the meeting ("وفدا من منظمة
#: العمل الدولية", "ممثلي الهلال الأحمر", "سفير ألمانيا" -> the German government).
_LEADS_TO_ORG = re.compile(
    r"(?<!\w)(?:\u0648\u0641\u062f|\u0648\u0641\u062f\u0627|\u0645\u0645\u062b\u0644\u064a|"  # wafd, wafdan, mumaththili
    r"\u0645\u0645\u062b\u0644\u064a\u0646|\u0645\u0645\u062b\u0644\u0648|\u0633\u0641\u064a\u0631|"  # mumaththilin, mumaththilu, safir
    r"\u0633\u0641\u064a\u0631\u0647|\u0633\u0641\u0627\u0631\u0647)"  # safira, sifara
    r"\s+(?:(?:\u0645\u0646|\u0639\u0646)\s+)?(?:\u0644)?$")  # min, an; lam
_ENVOY_SPAN = re.compile(r"\u0633\u0641(?:\u064a\u0631|\u0627\u0631)\u0647?\s")  # safir(a), sifara: "سفير ألمانيا" as the government
#: "في جنيف" / "بالقاهرة" / "في العاصمة الإيطالية روما" as a segment of its own (after a comma,
#: the sentence start or a date): the place of the meeting, not part of a title.
_PLACE_SEGMENT = re.compile(
    r"^\s*[\u0648]?(?:\u0641\u064a\s+|\u0628)"  # waw, fi, beh
    r"(?:(?:\u0627\u0644\u0639\u0627\u0635\u0645\u0647|\u0645\u062f\u064a\u0646\u0647)(?:\s+\S+)?\s+)?$")  # al-asima, madina
_TOPIC_MAX_WORDS = 14
_PLACE_MAX_WORDS = 8


@dataclass
class Draft:
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
class MeetingContext:
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


def subject_and_object(ctx: MeetingContext, par: Paragraph, trigger: Hit,
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
    lead = _GUEST_LEAD.search(par.norm.text, par.local(trigger.end), par.local(subject.start))
    if lead and par.norm.text[par.local(trigger.end):lead.start()].split():
        return None, subject  # the host is a title only; the agent after "وفد من" is the guest
    rest = [m for m in after if m.start >= subject.end]
    word = trigger.rule.option("subject_before")
    if word:  # "بحث X مع Y": X must stand before the word, Y after it
        found = re.search(r"(?<!\w)" + re.escape(norm_key(str(word))) + r"(?!\w)",
                          par.norm.text[par.local(trigger.end):])
        pivot = par.orig(par.local(trigger.end) + found.start()) if found else par.end
        if subject.end > pivot:
            return None, None
        rest = [m for m in after if m.start >= pivot]
    obj = _first(rest, frozenset({"person"})) or _led_org(par, rest)
    if obj is None and (subject.kind == "organization" or trigger.rule.option("object_org")):
        obj = _first(rest, frozenset({"organization"}))
    if obj is None and trigger.rule.option("object_place"):
        obj = _first(rest, frozenset({"city", "place"})) or _first(rest, frozenset({"country"}))
    return subject, obj



def _led_org(par: Paragraph, mentions: Sequence[Mention]) -> Mention | None:
    """The first organisation named right after a delegation or envoy word."""
    for mention in mentions:
        if mention.kind == "organization":
            head = par.norm.text[max(0, par.local(mention.start) - 30):par.local(mention.start)]
            own = par.norm.text[par.local(mention.start):par.local(mention.end)]
            if _LEADS_TO_ORG.search(head) or _ENVOY_SPAN.match(own):
                return mention
    return None


def agent_or_country(ctx: MeetingContext, mention: Mention, rule_id: str,
                      new: list[Mention]) -> Mention:
    return actor_mention(ctx.mentions, mention, rule_id, new, "mt")


def place_value(ctx: MeetingContext, par: Paragraph, hit: Hit, limit: int,
                 draft: Draft) -> None:
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


def segment_place(ctx: MeetingContext, par: Paragraph, draft: Draft, start: int,
                  end: int) -> None:
    """A place named in a segment of its own ("، في جنيف،", "أمس الثلاثاء في جنيف"): where the
    meeting took place, when no place marker gave one."""
    if draft.mention_ids("emkg:tookPlaceIn") or any(
            p == "emkg:placeAsPrinted" for p, _ in draft.values):
        return
    dates = date_mentions(ctx.article, None, start, end)
    for place in mentions_in(ctx.mentions, start, end):
        if place.kind not in PLACE_KINDS:
            continue
        head = par.norm.text[par.local(start):par.local(place.start)]
        cut = max(head.rfind(","), head.rfind(";"))
        begin = par.orig(par.local(start) + cut + 1) if cut >= 0 else start
        begin = max([begin] + [d.end for d in dates if begin <= d.end <= place.start])
        tail = par.norm.text[par.local(place.end):par.local(end)]
        closed = not tail.strip() or tail.lstrip()[:1] in ",;.-"
        if closed and _PLACE_SEGMENT.match(par.norm.text[par.local(begin):par.local(place.start)]):
            draft.add_role("emkg:tookPlaceIn", place.id)
            draft.add_value("emkg:placeAsPrinted",
                            Lit(ctx.article.text[begin:place.end].strip(" ,\u060c"), "ar"))
            return


def role_markers(ctx: MeetingContext, par: Paragraph, draft: Draft, start: int, until: int,
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
            agent = agent_or_country(ctx, mention, hit.rule.id, new)
            draft.add_role(role, agent.id)
            if role == "emkg:hasHost" and mention.kind in PLACE_KINDS:
                draft.add_role("emkg:tookPlaceIn", mention.id)
                draft.add_value("emkg:placeAsPrinted", Lit(mention.text, "ar"))


def topics(ctx: MeetingContext, par: Paragraph, draft: Draft, start: int, until: int) -> None:
    for hit in find_all(ctx.rules.labelled("emkg:topic"), par, start, until):
        end = phrase_end(par, hit.end, _TOPIC_MAX_WORDS)
        text = ctx.article.text[hit.end:end].strip(" ,.:\u060c")  # arabic comma
        if len(text.split()) >= 2:
            draft.add_value("emkg:topic", Lit(text, "ar"))


#: First words of a phrase after the one met that is an occasion, a time or a place, not a topic
#: (normalised: على هامش, في إطار, خلال, اليوم, أمس, وذلك, بحضور, بمقر …).
_NOT_TOPIC_STARTS = frozenset({
    "\u0639\u0644\u064a", "\u0641\u064a", "\u062e\u0644\u0627\u0644",  # ala, fi, khilal
    "\u0627\u0644\u064a\u0648\u0645", "\u0627\u0645\u0633",  # al-yawm, ams
    "\u0648\u0630\u0644\u0643", "\u0628\u062d\u0636\u0648\u0631",  # wa-dhalika, bi-hudur
    "\u0628\u0645\u0642\u0631", "\u0639\u0628\u0631", "\u0645\u0646"})  # bi-maqarr, abr, min


def object_topic(ctx: MeetingContext, par: Paragraph, draft: Draft, obj: Mention,
                 limit: int) -> None:
    """"بحث X مع Y، title، سبل …": the words after the one met (and the title set off by commas
    after the name) say what was discussed."""
    rest = par.norm.text[par.local(obj.end):par.local(limit)]
    offset = len(rest) - len(rest.lstrip())
    if rest[offset:offset + 1] == ",":
        closing = rest.find(",", offset + 1)
        if closing < 0:
            return
        offset = closing + 1
    start = par.orig(par.local(obj.end) + offset)
    end = min(phrase_end(par, start, _TOPIC_MAX_WORDS), limit)
    text = ctx.article.text[start:end].strip(" ,.:\u060c")  # arabic comma
    words = norm_key(text).split()
    starts_with_name = any(m.start <= start + 1 for m in mentions_in(ctx.mentions, start, end))
    if len(words) >= 2 and words[0] not in _NOT_TOPIC_STARTS and not starts_with_name:
        draft.add_value("emkg:topic", Lit(text, "ar"))


def add_dates(ctx: MeetingContext, draft: Draft, start: int, end: int) -> None:
    for found in date_mentions(ctx.article, ctx.anchor, start, end):
        draft.add_value("emkg:dateAsPrinted", Lit(found.as_written, "ar"))
        if found.iso:
            draft.add_value("emkg:date", Lit(found.iso, None, "xsd:date"))

