"""What surrounds the name of a programme or a shelter: the agents that own, fund, run or
partner it, a period printed just after the name, and the people it serves.

Shared by kg.extract.programmes and kg.extract.shelters. Every marker is a rule of their rule
files (kg/rules/programmes.yaml, kg/rules/shelters.yaml); this module only knows positions.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Sequence

from kg.extract.event_text import (
    AGENT_KINDS, Hit, Paragraph, Rule, RuleSet, TextContext, clause_start, find_all, mentions_in,
    norm_key)
from kg.extract.mentions import Mention

_SUBSETS: dict[tuple[int, str, tuple[str, ...]], tuple[RuleSet, tuple[Rule, ...]]] = {}


def _subset(rules: RuleSet, how: str, keys: tuple[str, ...]) -> tuple[Rule, ...]:
    """The rules of a set with an option / with a label, computed once per loaded rule set."""
    cached = _SUBSETS.get((id(rules), how, keys))
    if cached is None or cached[0] is not rules:
        chosen = rules.with_option(keys[0]) if how == "option" else rules.labelled(*keys)
        cached = _SUBSETS[(id(rules), how, keys)] = (rules, chosen)
    return cached[1]


def rules_with(rules: RuleSet, option: str) -> tuple[Rule, ...]:
    """`rules.with_option(option)`, cached."""
    return _subset(rules, "option", (option,))


def rules_labelled(rules: RuleSet, *labels: str) -> tuple[Rule, ...]:
    """`rules.labelled(*labels)`, cached."""
    return _subset(rules, "label", labels)


#: Agents of a programme: people and bodies, and countries acting as governments.
PARTY_KINDS = AGENT_KINDS | {"country"}
_WAW = "\u0648"  # waw: "X وY"
_QUOTE_OR_MARK = re.compile(r"[.!?\n;:\"]")


def _gap_words(ctx: TextContext, start: int, end: int) -> list[str]:
    """The normalised words between two offsets (commas count as nothing)."""
    return norm_key(ctx.text(start, end)).replace(",", " ").split()


def listed_agents(ctx: TextContext, start: int, limit: int, lead_words: int = 1,
                  kinds: frozenset[str] = PARTY_KINDS, leads: Iterable[str] | None = None
                  ) -> list[Mention]:
    """Agents named one after another from `start`: at most `lead_words` words before the first
    (exactly one of `leads`, when given), then only و or commas between them."""
    found: list[Mention] = []
    last = start
    wanted = {norm_key(w) for w in leads} if leads is not None else None
    for mention in mentions_in(ctx.mentions, start, limit):
        if mention.start < last or mention.kind not in kinds:
            continue
        if _QUOTE_OR_MARK.search(ctx.text(last, mention.start)):
            break
        gap = _gap_words(ctx, last, mention.start)
        if found:
            if any(word != _WAW for word in gap):
                break
        elif len(gap) > lead_words or (wanted is not None and " ".join(gap) not in wanted):
            break
        found.append(mention)
        last = mention.end
    return found


def subject_clause(ctx: TextContext, par: Paragraph, verbs: Sequence[Rule], head_start: int,
                   max_gap: int = 3) -> tuple[Hit, list[Mention]] | None:
    """The verb before a head and the agents that are its subject ("أطلقت وزارة الهجرة حملة
    …", "وقعت الوزارة والمنظمة مذكرة …"): the verb, at most `max_gap` words, the agents, at
    most `max_gap` words, the head."""
    begin = clause_start(par, head_start)
    hits = [h for h in find_all(verbs, par, begin, head_start) if h.end <= head_start]
    if not hits:
        return None
    verb = hits[-1]
    agents = listed_agents(ctx, verb.end, head_start, max_gap, PARTY_KINDS)
    if not agents or _QUOTE_OR_MARK.search(ctx.text(agents[-1].end, head_start)):
        return None
    if len(_gap_words(ctx, agents[-1].end, head_start)) > max_gap:
        return None
    return verb, agents


def subject_agents(ctx: TextContext, par: Paragraph, verbs: Sequence[Rule], head_start: int,
                   kinds: frozenset[str] = frozenset({"organization"})) -> list[Mention]:
    """The agents of `kinds` among the subject of the verb before a head (`subject_clause`)."""
    found = subject_clause(ctx, par, verbs, head_start)
    return [a for a in found[1] if a.kind in kinds] if found else []


def marked_agents(ctx: TextContext, par: Paragraph, markers: Sequence[Rule], start: int,
                  stop: int) -> list[tuple[str, Mention]]:
    """(predicate, agent) for each agent listed right after a marker ("بتمويل من X وY") found
    between `start` and `stop`; the marker rule's `role` option is the predicate."""
    found = []
    for hit in find_all(markers, par, start, stop):
        if hit.end > stop:
            break
        role = str(hit.rule.option("role"))
        for agent in listed_agents(ctx, hit.end, stop, int(hit.rule.option("lead_words", 1))):
            found.append((role, agent))
    return found


def trailing_period(par: Paragraph, rules: Sequence[Rule], end: int
                    ) -> tuple[int | None, int, int] | None:
    """(start year or None, end year, new end) of a period printed right after a name:
    "(2016-2026)", "للفترة 2024-2026", "من 2023 إلى 2030", "حتى عام 2030" (an end only);
    rules with option `after_name` anchor at `end`."""
    local = par.local(end)
    for rule in rules:
        match = rule.pattern.match(par.norm.text, local)
        if match:
            groups = match.groupdict()
            first = groups.get("start") or groups.get("start2")
            last = groups.get("end") or groups.get("end2") or groups.get("until")
            if last:
                return (int(first) if first else None), int(last), par.orig(match.end())
    return None


def target_groups(ctx: TextContext, par: Paragraph, rules: Sequence[Rule], start: int,
                  stop: int, skip_names: bool = False) -> list[str]:
    """Who a programme or shelter serves, as printed: group `group` of each target rule
    (`skip_names`: none inside an organisation's name, "المجلس القومي للمرأة")."""
    groups = []
    for hit in find_all(rules, par, start, stop):
        if hit.start >= stop:
            break
        if skip_names and inside_organisation(ctx.mentions, hit.start + 1):
            continue
        first, last = hit.match.span("group")
        text = ctx.text(par.orig(first), par.orig(last)).strip()
        if text and text not in groups:
            groups.append(text)
    return groups


def inside_organisation(mentions: Sequence[Mention], start: int) -> bool:
    """Whether `start` lies inside an organisation's name, after its first word ("صندوق دعم
    مشروعات …" is no project; a name the actors read as a body from its head stays)."""
    return any(m.kind == "organization" and m.start < start < m.end for m in mentions)


_ATTACHED = frozenset("\u0648\u0641\u0628")  # waw, feh, beh: "وبرامج", "بالمبادرة"
_LAM = "\u0644"


def name_start(par: Paragraph, hit: Hit) -> int:
    """Where a head's name begins: after an attached و / ف / ب, or a lone ل, that the rule's
    pattern also matches without ("بالمبادرة" → "المبادرة", "لبرنامج" → "برنامج"; "برنامج"
    keeps its ب and "للخط" its لل)."""
    local = par.local(hit.start)
    text = par.norm.text
    for _ in range(2):  # "ولبرنامج"
        first = text[local:local + 2]
        strippable = first[:1] in _ATTACHED or (first[:1] == _LAM and first != _LAM * 2)
        if not strippable or not hit.rule.pattern.match(text[local + 1:]):
            break
        local += 1
    return par.orig(local)


_ARTICLE = "\u0627\u0644"  # alef lam


def _bare_words(name: str) -> list[str]:
    """Normalised words of a name without an attached و / ب / ل / ف and the article."""
    words = []
    for word in norm_key(name).split():
        if len(word) > 3 and word[0] in _ATTACHED | {"\u0644"} and word[1:3] == _ARTICLE:  # lam
            word = word[1:]
        if len(word) > 4 and word.startswith("\u0644\u0644"):  # lam lam: "للخط"
            word = word[2:]
        words.append(word[2:] if word.startswith(_ARTICLE) and len(word) > 3 else word)
    return words


def short_form(short: str, full: str) -> bool:
    """Whether `short` names the same thing as `full` by its first words only ("الخط الساخن"
    after "الخط الساخن 16021", "دار الإيواء" after "دار إيواء للنساء")."""
    head, whole = _bare_words(short), _bare_words(full)
    return 0 < len(head) < len(whole) and whole[:len(head)] == head


def definite(text: str) -> bool:
    """Whether a head carries the article ("دار الإيواء", "الملجأ", "بالمأوى", "للمركز")."""
    return any(word.lstrip("\u0648\u0641\u0628").startswith((_ARTICLE, "\u0644\u0644"))
               for word in norm_key(text).split())  # waw feh beh; lam lam


def lone_definite_head(name: str) -> bool:
    """A name that is one definite word ("المأوى", "الملجأ"): a back-reference or a service."""
    return len(norm_key(name).split()) == 1 and definite(name)


def drop_overridden(statuses: list, rules: Sequence[Rule]) -> list:
    """The reported statuses (tuples whose first item is the status) without those another one
    overrides (a status rule's `overrides`: "تعتزم … إطلاق" is planned, not launched)."""
    present = {entry[0] for entry in statuses}
    overridden = {str(o) for r in rules if r.option("status") in present
                  for o in r.option("overrides", [])}
    return [entry for entry in statuses if entry[0] not in overridden]


def discussed_at(article_facts: Sequence, paragraphs_of: Sequence[Paragraph],
                 verbs: Sequence[Rule], classes: frozenset[str]) -> list:
    """The programme and shelter facts (of `classes`) named in a sentence where a discussion
    verb precedes them ("ناقش الجانبان …", "استعرضت الوزيرة …"), each with the role
    emkg:discussedAt the article's one meeting; facts unchanged when it reports no or several
    meetings."""
    meetings = [f.id for f in article_facts if f.cls == "Meeting"]
    if len(meetings) != 1:
        return list(article_facts)
    out = []
    for fact in article_facts:
        par = next((p for p in paragraphs_of if p.start <= fact.start < p.end), None)
        if fact.cls in classes and par is not None and any(
                h.end <= fact.start for h in find_all(verbs, par, clause_start(par, fact.start),
                                                      fact.start)):
            fact = replace(fact, roles=fact.roles + (("emkg:discussedAt", meetings[0]),))
        out.append(fact)
    return out


def trim_trailing(ctx: TextContext, par: Paragraph, rules: Sequence[Rule], start: int,
                  end: int) -> int:
    """A name's end without trailing function words ("… في", "… و") that a word count left."""
    while end > start:
        last = [h for h in find_all(rules, par, start, end) if h.end >= end and h.start > start]
        if not last:
            return end
        end = last[-1].start
        while end > start and ctx.text(end - 1, end).isspace():
            end -= 1
    return end
