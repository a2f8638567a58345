"""Programmes (strategies, plans, campaigns, hotlines, partnerships, mechanisms, services) and
their reported status, by the rules of kg/rules/programmes.yaml.

`extract_programmes(article, mentions, rules)` returns (new_mentions, facts): a FactMention per
programme (cls = Strategy, ActionPlan, Campaign, Hotline, Partnership, Project, Programme,
ReferralMechanism, ServiceProgramme, TrainingProgramme; name as printed; roles emkg:ownedBy /
fundedBy / implementedBy / hasPartner / supportedBy; values emkg:startYear / endYear /
sinceYear / pillarCount / figure / targetGroup) and a StatusReport fact per reported status
(emkg:statusOf → the programme fact id). New mentions are governments of countries named as
parties ("الشراكة بين الدنمارك و…"). What surrounds a name (agents, periods, target groups) is
read by kg.extract.programme_parts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from kg.extract.event_text import (
    AGENT_KINDS, Hit, Paragraph, TextContext, actor_mention, body_first, clause_start, find_all,
    mentions_in, norm_key, number_of, paragraphs, phrase_end, rule_set, same_name, sentence_end,
    status_report, text_context)
from kg.extract.mentions import FactMention, Mention
from kg.extract.programme_parts import (
    definite, discussed_at, drop_overridden, inside_organisation, listed_agents, lone_definite_head,
    marked_agents, name_start, rules_labelled, rules_with, short_form, subject_agents,
    subject_clause, target_groups, trailing_period, trim_trailing)
from kg.records import Article, Lit

RULE_FILE = "programmes"
_INT = "xsd:integer"
_STATUS_GAP_WORDS = 2
_OWNER_GAP = 4  # characters between a hotline head and its owner ("لل" …)
_NUMBER = re.compile(r"\d{3,6}(?!\d)")  # a hotline's number ends its name
#: a hotline's number printed right after its name: " (16000)", " رقم 16000"
_NUMBER_AFTER = re.compile(
    r"\s*(?:\(\s*)?(?:\u0631\u0642\u0645\s+)?\d{3,6}(?!\d)(?:\s*\))?")  # reh qaf meem: "raqm"


@dataclass
class _Draft:
    cls: str
    start: int
    end: int
    rule_id: str
    name: str
    roles: list[tuple[str, str]] = field(default_factory=list)
    values: list[tuple[str, Lit]] = field(default_factory=list)
    status: list[tuple[str, str, int, int]] = field(default_factory=list)  # status, printed, span
    headline: bool = False
    parties: list[str] = field(default_factory=list)  # mention ids of a partnership's parties

    def add(self, predicate: str, value: Lit) -> None:
        if (predicate, value) not in self.values:
            self.values.append((predicate, value))


def _name_end(ctx: TextContext, par: Paragraph, hit: Hit) -> int:
    """Where a programme's name ends: the head itself (option `name: match`), else the next
    comma, cut phrase or `max_words`; a hotline's number (`ends_at_number`) closes its name."""
    if hit.rule.option("name") == "match":
        return hit.end
    end = phrase_end(par, hit.end, int(hit.rule.option("max_words", 12)))
    cuts = [h.start for h in find_all(rules_with(ctx.rules, "cut"), par, hit.end, end)]
    end = min([c for c in cuts if c > hit.end] + [end])
    end = max(trim_trailing(ctx, par, rules_with(ctx.rules, "trim"), hit.end, end), hit.end)
    if hit.rule.option("ends_at_number"):
        number = _NUMBER.search(par.norm.text, par.local(hit.start), par.local(end))
        after = None if number else _NUMBER_AFTER.match(par.norm.text, par.local(end))
        end = par.orig(number.end()) if number else par.orig(after.end()) if after else end
    return end


def _period(ctx: TextContext, par: Paragraph, start: int, end: int) -> tuple[int, int] | None:
    for hit in find_all(rules_labelled(ctx.rules, "emkg:startYear"), par, start, end):
        if hit.end <= end:
            groups = hit.match.groupdict()
            first, last = groups.get("start") or groups.get("start2"), \
                groups.get("end") or groups.get("end2")
            return int(first), int(last)
    return None


def _satisfies(ctx: TextContext, par: Paragraph, hit: Hit, end: int) -> bool:
    needs = hit.rule.option("needs")
    if not needs:
        return True
    name_key = norm_key(ctx.article.text[hit.start:end])
    stop = sentence_end(par, end)
    checks = {
        "period": lambda: _period(ctx, par, hit.start, end) is not None,
        "words": lambda: any(norm_key(w) in name_key.split() for w in hit.rule.option("words", [])),
        "owner": lambda: any(m.kind == "organization"
                             for m in mentions_in(ctx.mentions, hit.end, end)),
        "domain": lambda: re.search(str(hit.rule.option("domain", "$^")), name_key) is not None,
        "marker": lambda: bool(marked_agents(ctx, par, rules_with(ctx.rules, "role"), end, stop)),
    }
    return any(checks[n]() for n in needs if n in checks)


def _parties(ctx: TextContext, draft: _Draft, hit: Hit, end: int, new: list[Mention]) -> None:
    found = [m for m in mentions_in(ctx.mentions, hit.end, end + 80)
             if m.kind in AGENT_KINDS | {"country"}]
    parties = []
    for mention in found:
        gap = norm_key(ctx.article.text[(parties[-1].end if parties else hit.end):mention.start])
        if len(gap.split()) > 1 or (parties and gap not in ("\u0648", "")):  # waw
            break
        parties.append(mention)
    words = {norm_key(w) for w in hit.rule.option("funder_words", [])}
    agents = [actor_mention(ctx.mentions, m, draft.rule_id, new, "pg") for m in parties[:2]]
    funders = [m.kind == "country" or bool(dict(a.attrs).get("government_of"))
               or bool(words & set(norm_key(m.text).split())) for m, a in zip(parties, agents)]
    for mention, agent, funder in zip(parties, agents, funders):
        if all(funders):  # two states (or a state and the EU): partners, neither implements
            draft.roles.append(("emkg:hasPartner", agent.id))
        else:
            draft.roles.append(("emkg:fundedBy" if funder else "emkg:implementedBy", agent.id))
        draft.parties.append(agent.id)
        draft.end = max(draft.end, mention.end)
    draft.name = ctx.article.text[draft.start:draft.end]


def _signatories(ctx: TextContext, par: Paragraph, draft: _Draft, hit: Hit,
                 new: list[Mention]) -> None:
    """An agreement's partners: the agents after "بين" / "مع" right after its head (its name
    then ends with the last of them) and the bodies that signed it ("وقعت X وY مذكرة …")."""
    after = listed_agents(ctx, hit.end, sentence_end(par, hit.end), 2,
                          leads=hit.rule.option("party_leads", []))
    before = subject_agents(ctx, par, rules_with(ctx.rules, "subject_verb"), hit.start,
                            kinds=frozenset({"organization", "country"}))
    for mention in (*before, *after):
        agent = actor_mention(ctx.mentions, mention, draft.rule_id, new, "pg")
        if ("emkg:hasPartner", agent.id) not in draft.roles:
            draft.roles.append(("emkg:hasPartner", agent.id))
            draft.parties.append(agent.id)
    if after:
        draft.end = after[-1].end
        draft.name = ctx.article.text[draft.start:draft.end]


def _listed_next(ctx: TextContext, hit: Hit, following: Sequence[Hit], end: int) -> int:
    """A list ("برنامج تأهيل العائدين وبرنامج التمكين …") ends a name before the next head; a
    compound with one complement ("الاستراتيجية الوطنية وخطة العمل لمكافحة …") does not."""
    for other in following:
        if not hit.end < other.start < end:
            continue
        gap = len(norm_key(ctx.text(hit.end, other.start)).split())
        if gap >= 2 or (gap == 1 and other.rule.option("cls") == hit.rule.option("cls")):
            return other.start
    return end


def _class_of(hit: Hit) -> str:
    """The rule's `cls`, or the class its `cls_by_word` gives the first such word matched."""
    by_word = {norm_key(str(k)): str(v) for k, v in (hit.rule.option("cls_by_word") or {}).items()}
    for word in re.findall(r"\w+", hit.match.group(0)):
        bare = word[2:] if word.startswith("\u0627\u0644") else word  # alef lam
        if bare in by_word:
            return by_word[bare]
    return str(hit.rule.option("cls"))


def _programme_at(ctx: TextContext, par: Paragraph, hit: Hit, new: list[Mention],
                  following: Sequence[Hit] = ()) -> _Draft | None:
    if inside_organisation(ctx.mentions, hit.start):
        return None
    end = _listed_next(ctx, hit, following, _name_end(ctx, par, hit))
    after = None if _period(ctx, par, hit.start, end) else trailing_period(
        par, rules_with(ctx.rules, "after_name"), end)
    end = after[2] if after else end
    if not _satisfies(ctx, par, hit, end):
        return None
    start = name_start(par, hit)
    draft = _Draft(cls=_class_of(hit), start=start, end=end, rule_id=hit.rule.id,
                   name=ctx.article.text[start:end])
    if hit.rule.option("parties"):
        _parties(ctx, draft, hit, end, new)
        if not draft.roles:
            return None
    if hit.rule.option("signatories"):
        _signatories(ctx, par, draft, hit, new)
    period = after[:2] if after else _period(ctx, par, hit.start, end)
    for predicate, year in zip(("emkg:startYear", "emkg:endYear"), period or ()):
        if year is not None:
            draft.add(predicate, Lit(str(year), None, _INT))
    inside = [m for m in mentions_in(ctx.mentions, hit.end, end) if m.kind == "organization"]
    if hit.rule.option("owner_after"):
        inside = [m for m in inside if m.start - hit.end <= _OWNER_GAP][:1]
    if inside and not hit.rule.option("parties") and not hit.rule.option("signatories"):
        draft.roles.append(("emkg:ownedBy", inside[0].id))
        if hit.rule.option("owner_after"):
            number = _NUMBER.search(par.norm.text, par.local(inside[0].end), par.local(end))
            draft.end = par.orig(number.end()) if number else inside[0].end
            draft.name = ctx.article.text[draft.start:draft.end]
    _pillars(ctx, par, draft)
    return draft


def _pillars(ctx: TextContext, par: Paragraph, draft: _Draft) -> None:
    stop = sentence_end(par, draft.end)
    for hit in find_all(rules_labelled(ctx.rules, "emkg:pillarCount"), par, draft.end, stop):
        count = number_of(hit.rule.option("numbers"), hit.match.group("n"))
        if hit.end <= stop and count:
            draft.add("emkg:pillarCount", Lit(str(count), None, _INT))
            return


def _owner_markers(ctx: TextContext, par: Paragraph, draft: _Draft) -> None:
    stop = sentence_end(par, draft.end)
    for hit in find_all(rules_with(ctx.rules, "takes"), par, draft.start, stop):
        orgs = [m for m in mentions_in(ctx.mentions, hit.end, stop) if m.kind == "organization"]
        if hit.start <= draft.end + 2 and orgs and not draft.roles:
            draft.roles.append(("emkg:ownedBy", orgs[0].id))


def _agents_around(ctx: TextContext, par: Paragraph, draft: _Draft, stop: int,
                   new: list[Mention]) -> None:
    """The body launching or running it just before the name owns it ("أطلقت الوزارة حملة");
    markers after the name ("بتمويل من", "بالتعاون مع", "تنفذه") give funders, partners and
    implementers, up to `stop` (the next programme or the sentence end)."""
    taken = {i for _, i in draft.roles}
    subject = subject_clause(ctx, par, rules_with(ctx.rules, "subject_verb"), draft.start)
    owners = [a for a in subject[1] if a.kind == "organization"] if subject else []
    if owners and draft.cls != "Partnership" and not any(
            p == "emkg:ownedBy" for p, _ in draft.roles) and owners[0].id not in taken:
        draft.roles.append(("emkg:ownedBy", owners[0].id))
        taken.add(owners[0].id)
    if subject and not draft.status:  # "أطلقت الوزيرة …، اليوم، حملة": the verb's status
        _verb_status(ctx, par, draft, subject[0])
    for predicate, mention in marked_agents(ctx, par, rules_with(ctx.rules, "role"), draft.end,
                                            stop):
        agent = actor_mention(ctx.mentions, mention, draft.rule_id, new, "pg")
        if agent.id not in taken:
            draft.roles.append((predicate, agent.id))
            taken.add(agent.id)


def _verb_status(ctx: TextContext, par: Paragraph, draft: _Draft, verb: Hit) -> None:
    for hit in find_all(rules_labelled(ctx.rules, "emkg:reportedStatus"), par, verb.start,
                        verb.end):
        if hit.rule.option("position") == "before":
            draft.status.append((str(hit.rule.option("status")), ctx.text(hit.start, hit.end),
                                 hit.start, hit.end))
            return


def _targets(ctx: TextContext, par: Paragraph, draft: _Draft, stop: int) -> None:
    for group in target_groups(ctx, par, rules_labelled(ctx.rules, "emkg:targetGroup"), draft.start,
                               stop, skip_names=True):
        draft.add("emkg:targetGroup", Lit(group, "ar"))


def _without_mentions(ctx: TextContext, start: int, end: int) -> str:
    """The text of [start, end) with the mentions inside it left out ("أطلقت الوزارة حملة")."""
    pieces, last = [], start
    for mention in mentions_in(ctx.mentions, start, end):
        pieces.append(ctx.text(last, mention.start))
        last = mention.end
    return "".join(pieces) + ctx.text(last, end)


def _statuses(ctx: TextContext, par: Paragraph, draft: _Draft) -> None:
    window = (clause_start(par, draft.start), min(sentence_end(par, draft.end), draft.end + 30))
    for hit in find_all(rules_labelled(ctx.rules, "emkg:reportedStatus"), par, *window):
        if hit.rule.option("position") == "before" and hit.end <= draft.start:
            gap = _without_mentions(ctx, hit.end, draft.start)
            fits = (len(norm_key(gap).split()) <= _STATUS_GAP_WORDS
                    and not re.search(r"[.,\u060c]", gap))
        else:
            fits = (hit.rule.option("position") == "after"
                    and draft.start <= hit.start <= draft.end + 2)
        if fits:
            printed = ctx.article.text[hit.start:hit.end]
            draft.status.append((str(hit.rule.option("status")), printed, hit.start, hit.end))
    statuses = rules_labelled(ctx.rules, "emkg:reportedStatus")
    draft.status[:] = drop_overridden(draft.status, statuses)


def _figures(ctx: TextContext, par: Paragraph, draft: _Draft, start: int, end: int) -> None:
    counted = rules_labelled(ctx.rules, "emkg:figure", "emkg:sinceYear")
    for hit in find_all(counted, par, start, end):
        if hit.end > end:
            continue
        if hit.rule.label == "emkg:sinceYear":
            draft.add("emkg:sinceYear", Lit(hit.match.group("year"), None, _INT))
        elif "figure" in hit.match.groupdict():
            first, last = hit.match.span("figure")
            draft.add("emkg:figure", Lit(ctx.article.text[par.orig(first):par.orig(last)], "ar"))
        else:
            draft.add("emkg:figure", Lit(ctx.article.text[hit.start:hit.end], "ar"))


def _same(ctx: TextContext, a: _Draft, b: _Draft, new: Sequence[Mention]) -> bool:
    """Two mentions of one programme in one article: same class and same name, or (partnerships)
    the same parties."""
    if a.cls != b.cls:
        return False
    named = (same_name(a.name, b.name, a.headline or b.headline)
             or short_form(a.name, b.name) or short_form(b.name, a.name))
    if a.cls != "Partnership" or not a.parties or not b.parties:
        # a partnership named without its parties ("مذكرة التفاهم") refers to one named before
        return named or (a.cls == "Partnership" and definite(b.name))
    by_id = {m.id: m for m in (*ctx.mentions, *new)}
    names = lambda d: {norm_key(by_id[i].text) if i in by_id else i for i in d.parties}
    left, right = names(a), names(b)
    return all(any(x.endswith(y) or y.endswith(x) for y in right) for x in left)


def _scan(ctx: TextContext, new: list[Mention]) -> list[_Draft]:
    drafts: list[_Draft] = []
    heads = [r for r in rules_with(ctx.rules, "cls")]
    anaphors = rules_with(ctx.rules, "refers_back")
    for par in body_first(paragraphs(ctx.article)):
        hits = find_all(heads, par, par.start)
        taken, previous = par.start, None
        for index, hit in enumerate(hits):
            draft = (_programme_at(ctx, par, hit, new, hits[index + 1:])
                     if hit.start >= taken else None)
            if draft is None:
                continue
            taken, draft.headline = draft.end, par.kind == "headline"
            _owner_markers(ctx, par, draft)
            _statuses(ctx, par, draft)
            if (not draft.status and previous is not None and previous.end <= hit.start
                    and not ctx.text(previous.end, hit.start).strip()):
                draft.status.extend(previous.status)  # "أطلقت حملة … ومبادرة …": one verb
            previous = draft
            following = [h.start for h in hits[index + 1:] if h.start >= draft.end]
            stop = min(following + [sentence_end(par, draft.end)])
            _figures(ctx, par, draft, draft.start, stop)
            _agents_around(ctx, par, draft, stop, new)
            _targets(ctx, par, draft, stop)
            twin = next((d for d in drafts if _same(ctx, d, draft, new)), None)
            bare = draft.end <= hit.end and hit.rule.option("name") != "match"
            if twin is None and bare and definite(draft.name):
                # a bare definite head ("الخط الساخن") names the last programme of its kind
                twin = next((d for d in reversed(drafts) if d.cls == draft.cls), None)
            if twin is None and not lone_definite_head(draft.name):
                drafts.append(draft)
            elif twin is not None:
                _merge(twin, draft)
        for hit in find_all(anaphors, par, par.start):
            target = next((d for d in reversed(drafts)
                           if d.cls == hit.rule.option("refers_back")), None)
            if target is not None:  # the anaphor's sentence and the next one
                _figures(ctx, par, target, clause_start(par, hit.start),
                         sentence_end(par, sentence_end(par, hit.end) + 1))
    return drafts


def _merge(twin: _Draft, draft: _Draft) -> None:
    """A repeat of `twin`: its values, statuses and the roles `twin` lacks; the fuller name."""
    twin.values.extend(v for v in draft.values if v not in twin.values)
    known = {p for p, _ in twin.roles}  # a repeat adds only roles not yet given
    twin.roles.extend(r for r in draft.roles if r[0] not in known)
    twin.status.extend(draft.status)
    if short_form(twin.name, draft.name):
        twin.start, twin.end, twin.name = draft.start, draft.end, draft.name


def _facts(drafts: Sequence[_Draft], article: Article) -> tuple[FactMention, ...]:
    facts = []
    for n, d in enumerate(drafts, 1):
        fid = f"pg{n}"
        facts.append(FactMention(id=fid, cls=d.cls, start=d.start, end=d.end, rule_id=d.rule_id,
                                 name=d.name.strip(), roles=tuple(d.roles),
                                 values=tuple(d.values)))
        seen = set()
        for status, printed, start, _ in d.status:
            if status in seen:
                continue
            seen.add(status)
            facts.append(status_report(fid, len(seen), status, printed, min(start, d.start),
                                       d.end, "programme-status"))
    return tuple(facts)


def extract_programmes(article: Article, mentions: Sequence[Mention], rules: object = None
                       ) -> tuple[tuple[Mention, ...], tuple[FactMention, ...]]:
    """Programmes and their status reports in the headline and body of one article."""
    ctx = text_context(article, mentions, rules, RULE_FILE)
    new: list[Mention] = []
    drafts = _scan(ctx, new)
    used = {i for d in drafts for _, i in d.roles}
    return tuple(m for m in new if m.id in used), _facts(drafts, article)


#: Classes a meeting may discuss (emkg:discussedAt: Programme ∪ Shelter → Meeting).
DISCUSSED_CLASSES = frozenset({
    "Strategy", "ActionPlan", "Campaign", "Hotline", "Partnership", "Project", "Programme",
    "ReferralMechanism", "ServiceProgramme", "TrainingProgramme", "Shelter"})


def link_discussed(article: Article, facts: Sequence[FactMention], rules: object = None
                   ) -> tuple[FactMention, ...]:
    """All facts of an article, programmes and shelters introduced by a discussion verb
    (rules with option `discussion`) linked emkg:discussedAt its one reported meeting."""
    verbs = rules_with(rule_set(rules, RULE_FILE), "discussion")
    return tuple(discussed_at(facts, paragraphs(article), verbs, DISCUSSED_CLASSES))


__all__ = ["extract_programmes", "link_discussed"]
