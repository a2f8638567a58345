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
from typing import Iterable, Sequence

from kg.dates import publication_anchor
from kg.extract.event_text import (  # noqa: F401  (names other extractors import from here)
    AGENT_KINDS, PLACE_KINDS, Hit, Paragraph, Rule, RuleSet, TextContext, actor_mention,
    body_first, clause_start, date_mentions, find_all, load_rule_file, mention_key, mentions_in,
    norm_key, number_of, paragraphs, phrase_end, rule_set, same_name, sentence_end, span_end,
    status_report, text_context, topic_overlap)
from kg.extract.meeting_events import MeetingInfo, meeting_info, same_event
from kg.extract.meeting_roles import (
    Draft, MeetingContext, add_dates, agent_or_country, object_topic, place_value, role_markers, segment_place,
    subject_and_object, topics)
from kg.extract.mentions import FactMention, Mention
from kg.records import Article, Lit

RULE_FILE = "meetings"


# ---------------------------------------------------------------------------------------------
# One trigger -> one draft

#: A bare definite title right after the verb ("كما استقبل المحافظ …", "وتفقدت الوزيرة …"):
#: the person the article already named with that post, i.e. the first meeting's subject.
_TITLE_ANAPHOR = re.compile(
    r"^\s*\u0627\u0644(?:\u0648\u0632\u064a\u0631|\u0633\u0641\u064a\u0631|\u0645\u062d\u0627\u0641\u0638|"  # al- + wazir, safir, muhafiz
    r"\u0645\u062f\u064a\u0631|\u0631\u064a\u064a\u0633|\u0645\u0633\u062a\u0634\u0627\u0631|"  # mudir, rayis, mustashar
    r"\u0645\u0641\u0648\u0636|\u0645\u0645\u062b\u0644|\u0645\u0646\u0633\u0642)\u0647?(?!\w)")  # mufawwad, mumaththil, munassiq; taa marbuta


def _anaphoric_subject(par: Paragraph, trigger: Hit, previous: Draft | None,
                       role: str) -> str | None:
    """The earlier meeting's agent in `role` when the verb is followed by a bare title."""
    if previous is None or not _TITLE_ANAPHOR.match(par.norm.text[par.local(trigger.end):]):
        return None
    return next((m for p, m in previous.roles if p == role), None)


def _draft_at(ctx: MeetingContext, par: Paragraph, trigger: Hit, until: int,
              new: list[Mention], previous: Draft | None = None) -> Draft | None:
    """The meeting of one trigger; its markers and topics run `until` the next trigger."""
    rule = trigger.rule
    stops = sorted({h.start for h in find_all(ctx.rules.stops(), par, trigger.end,
                                              sentence_end(par, trigger.end))})
    region_end = min([s for s in stops if s > trigger.end] + [sentence_end(par, trigger.end)])
    subject, obj = subject_and_object(ctx, par, trigger, region_end)
    draft = Draft(start=clause_start(par, trigger.start),
                   end=sentence_end(par, trigger.end), rule_id=rule.id)
    subject_role = rule.option("subject_role", "emkg:hasHost")
    if subject is not None:
        draft.add_role(subject_role, agent_or_country(ctx, subject, rule.id, new).id)
    else:
        earlier = _anaphoric_subject(par, trigger, previous, subject_role)
        if earlier is not None:
            draft.add_role(subject_role, earlier)
    if obj is not None and rule.option("object_role") != "none":
        if obj.kind in PLACE_KINDS and rule.option("object_place", False):
            draft.add_role("emkg:tookPlaceIn", obj.id)
            draft.add_value("emkg:placeAsPrinted", Lit(obj.text, "ar"))
        elif obj.kind in AGENT_KINDS:
            draft.add_role(rule.option("object_role", "emkg:hasGuest"), obj.id)
            if rule.option("topic_after_object"):
                object_topic(ctx, par, draft, obj, until)
    for hit in find_all(ctx.rules.labelled("emkg:placeAsPrinted"), par, trigger.end, draft.end):
        if hit.start < draft.end:
            place_value(ctx, par, hit, draft.end, draft)
            break
    segment_place(ctx, par, draft, draft.start, draft.end)
    add_dates(ctx, draft, draft.start, draft.end)
    role_markers(ctx, par, draft, trigger.end, until, new)
    topics(ctx, par, draft, trigger.end, until)
    return draft if draft.roles or draft.values else None


def _names(ctx: MeetingContext, draft: Draft, *predicates: str) -> frozenset[str]:
    return frozenset(ctx.keys[i] for i in draft.mention_ids(*predicates) if i in ctx.keys)


def _is_repeat(ctx: MeetingContext, draft: Draft, earlier: Draft, refers_back: bool) -> bool:
    """A later sentence about the same meeting: its host and guest were already known (or, for
    a trigger that refers back, "خلال لقائهما", it names no host or guest of its own)."""
    mine = _names(ctx, draft, "emkg:hasHost", "emkg:hasGuest")
    known = _names(ctx, earlier)
    return (bool(mine) or refers_back) and all(
        any(_same_agent(name, other) for other in known) for name in mine)


def _same_agent(a: str, b: str) -> bool:
    """Two mention keys of one agent: equal, or one name is part of the other ("مرسي" after
    "مايا مرسي")."""
    if a == b:
        return True
    kind_a, _, name_a = a.partition(":")
    kind_b, _, name_b = b.partition(":")
    words_a, words_b = name_a.split(), name_b.split()
    return (kind_a == kind_b == "person" and bool(words_a) and bool(words_b)
            and (set(words_a) <= set(words_b) or set(words_b) <= set(words_a)))


def _merge_into(target: Draft, extra: Draft) -> None:
    for predicate, mention_id in extra.roles:
        target.add_role(predicate, mention_id)
    for predicate, value in extra.values:
        target.add_value(predicate, value)


def _scan(ctx: MeetingContext, pars: Iterable[Paragraph], new: list[Mention]) -> list[Draft]:
    drafts: list[Draft] = []
    triggers = ctx.rules.labelled("emkg:Meeting")
    for par in pars:
        hits = find_all(triggers, par, par.start)
        for index, trigger in enumerate(hits):
            until = hits[index + 1].start if index + 1 < len(hits) else par.end
            draft = _draft_at(ctx, par, trigger, until, new, drafts[0] if drafts else None)
            if draft is None:
                continue
            if drafts and _is_repeat(ctx, draft, drafts[-1], bool(trigger.rule.option("refers_back"))):
                _merge_into(drafts[-1], draft)
            elif draft.roles:
                drafts.append(draft)
        if drafts and not hits:  # later paragraphs: attendee lists, topics of the last meeting
            role_markers(ctx, par, drafts[-1], par.start, par.end, new, later=True)
            topics(ctx, par, drafts[-1], par.start, par.end)
    return drafts


PARTICIPANT_ROLES = ("emkg:hasHost", "emkg:hasGuest", "emkg:hasAttendee", "emkg:hasDelegationMember",
                     "emkg:organisedBy", "emkg:hasParticipant")


def _reported_enough(draft: Draft) -> bool:
    """A meeting needs two participants, or one and the place it was held (a visit)."""
    agents = draft.mention_ids(*PARTICIPANT_ROLES)
    return len(agents) >= 2 or (len(agents) == 1 and bool(draft.mention_ids("emkg:tookPlaceIn")))


def extract_meetings(article: Article, mentions: Sequence[Mention], rules: object = None
                     ) -> tuple[tuple[Mention, ...], tuple[FactMention, ...]]:
    """Meetings of one article (body first; the headline only when the body reports none)."""
    ordered = tuple(sorted(mentions, key=lambda m: (m.start, m.end)))
    ctx = MeetingContext(article, ordered, rule_set(rules, RULE_FILE), publication_anchor(article),
                   {m.id: mention_key(m) for m in ordered})
    pars = paragraphs(article)
    new: list[Mention] = []
    drafts = [d for d in _scan(ctx, [p for p in pars if p.kind == "body"], new)
              if _reported_enough(d)]
    if not drafts:
        drafts = [d for d in _scan(ctx, [p for p in pars if p.kind == "headline"], new)
                  if _reported_enough(d)]
    used = {m for d in drafts for m in d.mention_ids()}
    new = [m for m in new if m.id in used]  # no actor minted for a meeting that was dropped
    facts = tuple(
        FactMention(id=f"mt{n}", cls="Meeting", start=d.start, end=d.end, rule_id=d.rule_id,
                    name=None, roles=tuple(d.roles), values=tuple(d.values))
        for n, d in enumerate(drafts, 1))
    return tuple(new), facts



__all__ = ["extract_meetings", "same_event", "meeting_info", "MeetingInfo", "topic_overlap",
           "Paragraph", "Hit", "Rule", "RuleSet", "TextContext", "rule_set", "load_rule_file"]
