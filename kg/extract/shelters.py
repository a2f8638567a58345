"""Shelters, reception centres and planned sets of shelters, by the rules of kg/rules/shelters.yaml.

`extract_shelters(article, mentions, rules)` returns (new_mentions, facts): a `Shelter`
FactMention per shelter named in the singular ("مركز إيواء لضحايا الاتجار", "الملجأ الثاني",
"أول مأوى") or per planned total ("لتصل إلى سبعة ملاجئ طوارئ": emkg:plannedTotal 7, a target
total), or per counted set of new shelters ("ثلاث دور إيواء جديدة", never a planned total),
with roles emkg:operatedBy / supportedBy / locatedIn and values emkg:targetGroup /
plannedTotal / figure (capacity), plus a StatusReport fact (emkg:statusOf → the shelter) per
reported status. Generic plurals ("مراكز الإيواء", "ملاجئ إضافية") and service words ("توفير
المأوى") are not shelters; a definite head without an ordinal ("دار الإيواء") after a shelter
refers back to it. A shelter named with a foreign place is located there (emkg:locatedIn).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from kg.extract.event_text import (
    PLACE_KINDS, Hit, Paragraph, TextContext, body_first, clause_start, find_all, mentions_in,
    norm_key, number_of, paragraphs, phrase_end, same_name, sentence_end, status_report,
    text_context)
from kg.extract.mentions import FactMention, Mention
from kg.extract.programme_parts import (
    definite, drop_overridden, inside_organisation, lone_definite_head, name_start,
    rules_labelled, rules_with, short_form, subject_clause, target_groups, trim_trailing)
from kg.records import Article, Lit

RULE_FILE = "shelters"
_STATUS_GAP_WORDS = 3
_TARGET_WINDOW = 80  # characters after the name where its target group may be stated
_PLACE_GAP_WORDS = 2  # "في" / "بمحافظة" between a shelter's name and its place


@dataclass
class _Draft:
    start: int
    end: int
    rule_id: str
    name: str
    roles: list[tuple[str, str]] = field(default_factory=list)
    values: list[tuple[str, Lit]] = field(default_factory=list)
    status: list[tuple[str, str, int]] = field(default_factory=list)  # status, printed, start
    headline: bool = False
    refers_back: bool = False  # a definite head without an ordinal: "دار الإيواء", "المأوى"
    bound: int | None = None  # where the next shelter of a list begins

    def add_role(self, predicate: str, mention_id: str) -> None:
        if (predicate, mention_id) not in self.roles:
            self.roles.append((predicate, mention_id))

    def add(self, predicate: str, value: Lit) -> None:
        if (predicate, value) not in self.values:
            self.values.append((predicate, value))


def _shelter_at(ctx: TextContext, par: Paragraph, hit: Hit, next_head: int) -> _Draft | None:
    if inside_organisation(ctx.mentions, hit.start):
        return None
    if hit.rule.option("count_set"):
        count = number_of(hit.rule.option("numbers"), hit.match.group("n"))
        start = par.orig(hit.match.start("n"))
        end = min(_name_end(ctx, par, hit), max(next_head, hit.end))
        return _Draft(start, end, hit.rule.id, ctx.text(start, end).strip()) if count else None
    if hit.rule.option("planned_total"):
        total = number_of(hit.rule.option("numbers"), hit.match.group("n"))
        if not total:
            return None
        named = [hit.match.start(g) for g in ("n", "what") if hit.match.groupdict().get(g)]
        start = par.orig(min(named))  # "سبعة ملاجئ"; "عدد مراكز الإيواء إلى 12 مركزا"
        draft = _Draft(start, hit.end, hit.rule.id, ctx.text(start, hit.end))
        if hit.rule.option("named_before"):
            noun = _named_before(ctx, par, hit)
            if noun is None:
                return None
            draft = _Draft(noun[0], hit.end, hit.rule.id, ctx.text(*noun))
        draft.add("emkg:plannedTotal", Lit(str(total), None, "xsd:integer"))
        draft.status.append(("emkg:Planned", ctx.text(hit.start, hit.end), hit.start))
        return draft
    start = name_start(par, hit)
    end = min(_name_end(ctx, par, hit), max(next_head, hit.end))
    draft = _Draft(start, end, hit.rule.id, ctx.text(start, end).strip())
    ordinals = {norm_key(str(w)) for w in hit.rule.option("ordinals", [])}
    draft.refers_back = definite(ctx.text(hit.start, hit.end)) and not ordinals & set(
        norm_key(draft.name).split())
    return draft


def _named_before(ctx: TextContext, par: Paragraph, hit: Hit) -> tuple[int, int] | None:
    """The last plural shelter noun (`named_before`) earlier in the total's sentence."""
    begin, end = par.local(clause_start(par, hit.start)), par.local(hit.start)
    found = list(re.finditer(str(hit.rule.option("named_before")), par.norm.text[begin:end]))
    if not found:
        return None
    return par.orig(begin + found[-1].start()), par.orig(begin + found[-1].end())


def _name_end(ctx: TextContext, par: Paragraph, hit: Hit) -> int:
    """The next comma, marker, cut phrase or `max_words` words after a shelter's head."""
    end = max(phrase_end(par, hit.end, int(hit.rule.option("max_words", 9))), hit.end)
    markers = [r for r in rules_labelled(ctx.rules, "emkg:supportedBy", "emkg:operatedBy",
                                         "rdfs:label") if not r.option("trim")]
    cuts = [h.start for h in find_all(markers, par, hit.end, end)]
    end = min([c for c in cuts if c > hit.end] + [end])
    return max(trim_trailing(ctx, par, rules_with(ctx.rules, "trim"), hit.end, end), hit.end)


def _statuses(ctx: TextContext, par: Paragraph, draft: _Draft) -> None:
    sentence = (clause_start(par, draft.start), sentence_end(par, draft.end))
    for hit in find_all(rules_labelled(ctx.rules, "emkg:reportedStatus"), par, *sentence):
        position = hit.rule.option("position")
        if position == "before":
            gap = norm_key(ctx.text(hit.end, draft.start))
            fits = hit.end <= draft.start and len(gap.split()) <= _STATUS_GAP_WORDS \
                and not any(c in gap for c in ".,")
        elif position == "clause":
            fits = hit.end <= draft.start
        else:
            fits = sentence[0] <= hit.start < sentence[1]
        if fits and all(s != hit.rule.option("status") for s, _, _ in draft.status):
            draft.status.append((str(hit.rule.option("status")), ctx.text(hit.start, hit.end),
                                 hit.start))
            if position == "before":
                break
    statuses = rules_labelled(ctx.rules, "emkg:reportedStatus")
    draft.status[:] = drop_overridden(draft.status, statuses)


def _operators_and_supporters(ctx: TextContext, par: Paragraph, draft: _Draft) -> None:
    begin, stop = clause_start(par, draft.start), sentence_end(par, draft.end)
    markers = [r for r in rules_labelled(ctx.rules, "emkg:operatedBy", "emkg:supportedBy")
               if not r.option("subject_verb")]
    subject = subject_clause(ctx, par, rules_with(ctx.rules, "subject_verb"), draft.start)
    for owner in [a for a in subject[1] if a.kind == "organization"][:1] if subject else []:
        draft.add_role("emkg:operatedBy", owner.id)
    if subject and not draft.status:  # "افتتحت الوزيرة …، اليوم، دار إيواء": the verb's status
        verb = subject[0]
        for hit in find_all(rules_labelled(ctx.rules, "emkg:reportedStatus"), par, verb.start,
                            verb.end):
            draft.status.append((str(hit.rule.option("status")), ctx.text(hit.start, hit.end),
                                 hit.start))
            break
    for hit in find_all(markers, par, begin, stop):
        if hit.start >= stop:
            break
        if hit.rule.option("direction") == "before":
            if hit.end > draft.start + 1:
                continue
            orgs = [m for m in mentions_in(ctx.mentions, begin, hit.start)
                    if m.kind == "organization"]
            if orgs:
                draft.add_role("emkg:operatedBy", orgs[-1].id)
        elif hit.start >= draft.start:
            orgs = [m for m in mentions_in(ctx.mentions, hit.end, stop) if m.kind == "organization"]
            if hit.rule.label == "emkg:operatedBy":
                orgs = orgs[:1]
            for org in orgs:
                draft.add_role(hit.rule.label, org.id)


def _target_groups(ctx: TextContext, par: Paragraph, draft: _Draft) -> None:
    limit = min(sentence_end(par, draft.end), draft.end + _TARGET_WINDOW,
                draft.bound if draft.bound is not None and draft.bound >= draft.end else par.end)
    for group in target_groups(ctx, par, rules_labelled(ctx.rules, "emkg:targetGroup"), draft.start,
                               limit):
        draft.add("emkg:targetGroup", Lit(group, "ar"))


def _figures(ctx: TextContext, par: Paragraph, draft: _Draft) -> None:
    """A shelter's capacity as printed ("بطاقة استيعابية 50 سريرا")."""
    stop = sentence_end(par, draft.end)
    for hit in find_all(rules_labelled(ctx.rules, "emkg:figure"), par, draft.start, stop):
        first, last = hit.match.span("figure")
        draft.add("emkg:figure", Lit(ctx.text(par.orig(first), par.orig(last)).strip(), "ar"))


def _located_in(ctx: TextContext, par: Paragraph, draft: _Draft) -> None:
    stop = sentence_end(par, draft.end)
    for place in (m for m in mentions_in(ctx.mentions, draft.start, stop) if m.kind in PLACE_KINDS):
        gap = norm_key(ctx.text(draft.end, place.start)) if place.start > draft.end else ""
        if len(gap.split()) <= _PLACE_GAP_WORDS:
            draft.add_role("emkg:locatedIn", place.id)
            return


def _back_reference(ctx: TextContext, par: Paragraph, hit: Hit, target: _Draft) -> None:
    """"المركز يتسع لـ 30 …", "المركز أنشئ بتمويل من …": the capacity and supporters stated
    in the back-reference's sentence belong to the last shelter named."""
    probe = _Draft(hit.start, hit.end, hit.rule.id, "")
    _figures(ctx, par, probe)
    stop = sentence_end(par, hit.end)
    for marker in find_all(rules_labelled(ctx.rules, "emkg:supportedBy"), par, hit.end, stop):
        for org in mentions_in(ctx.mentions, marker.end, stop):
            if org.kind == "organization":
                probe.add_role("emkg:supportedBy", org.id)
    for role in probe.roles:
        target.add_role(*role)
    for value in probe.values:
        target.add(*value)


def _scan(ctx: TextContext) -> list[_Draft]:
    drafts: list[_Draft] = []
    heads = [r for r in rules_labelled(ctx.rules, "emkg:Shelter") if not r.option("refers_back")]
    anaphors = rules_with(ctx.rules, "refers_back")
    for par in body_first(paragraphs(ctx.article)):
        hits, previous = find_all(heads, par, par.start), None
        for index, hit in enumerate(hits):  # a name ends before the next shelter of a list
            bound = hits[index + 1].start if index + 1 < len(hits) else par.end
            draft = _shelter_at(ctx, par, hit, bound)
            if draft is None:
                continue
            draft.bound = bound
            draft.headline = par.kind == "headline"
            _statuses(ctx, par, draft)
            if not draft.status and previous is not None and previous.bound == hit.start:
                draft.status.extend(previous.status)  # "افتتحت دار … ومركز …": one verb
            previous = draft
            _operators_and_supporters(ctx, par, draft)
            _target_groups(ctx, par, draft)
            _figures(ctx, par, draft)
            _located_in(ctx, par, draft)
            twin = _twin(drafts, draft)
            if twin is None and not lone_definite_head(draft.name):
                drafts.append(draft)
            elif twin is not None:
                _merge(twin, draft)
        for hit in find_all(anaphors, par, par.start) if drafts and par.kind != "headline" else ():
            _back_reference(ctx, par, hit, drafts[-1])
    return drafts


def _twin(drafts: Sequence[_Draft], draft: _Draft) -> _Draft | None:
    """The earlier shelter `draft` names again: the same name (loosely, from a headline), its
    first words, or (a lone "المأوى") the last shelter named."""
    twin = next((d for d in drafts if same_name(d.name, draft.name, d.headline or draft.headline)
                 or short_form(draft.name, d.name) or short_form(d.name, draft.name)), None)
    if twin is None and draft.refers_back and drafts:
        return drafts[-1]
    return twin


def _merge(twin: _Draft, draft: _Draft) -> None:
    if short_form(twin.name, draft.name):  # the fuller name labels the shelter
        twin.start, twin.end, twin.name = draft.start, draft.end, draft.name
    for role in draft.roles:
        twin.add_role(*role)
    for value in draft.values:
        twin.add(*value)
    twin.status.extend(s for s in draft.status if s[0] not in {t[0] for t in twin.status})


def _facts(drafts: Sequence[_Draft]) -> tuple[FactMention, ...]:
    facts = []
    for n, d in enumerate(drafts, 1):
        fid = f"sh{n}"
        facts.append(FactMention(id=fid, cls="Shelter", start=d.start, end=d.end,
                                 rule_id=d.rule_id, name=d.name, roles=tuple(d.roles),
                                 values=tuple(d.values)))
        for k, (status, printed, start) in enumerate(d.status, 1):
            facts.append(status_report(fid, k, status, printed, min(start, d.start),
                                       max(d.end, start + len(printed)), "shelter-status"))
    return tuple(facts)


def extract_shelters(article: Article, mentions: Sequence[Mention], rules: object = None
                     ) -> tuple[tuple[Mention, ...], tuple[FactMention, ...]]:
    """Shelters and their status reports in the headline and body of one article."""
    ctx = text_context(article, mentions, rules, RULE_FILE)
    return (), _facts(_scan(ctx))
