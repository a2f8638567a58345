"""Resolution: one node per real person, organisation, place and event across articles.

`Resolver.add(extraction)` resolves one article against everything seen before and returns that
article's nodes and statements; it keeps only an index of entities (keys, classes, names), so a
build streams through any number of articles. Keys are deterministic for a given article order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.mentions import MENTION_CLASSES, Extraction, FactMention, Mention
from kg.normalize import search_key
from kg.programme_names import (
    NAMED_PROGRAMME, ProgrammeName, format_period, programme_merge_reason, programme_name)
from kg.records import Citation, Label, Lit, Node, Ref, Resolution, Statement

KIND_PREFIX = {"Official": "official", "Organization": "organization", "Country": "place",
               "City": "place", "Place": "place"}
MAX_SURNAME_DISTANCE = 1


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@dataclass
class Resolver:
    """Incremental resolver; `existing` seeds it with (key, class, labels) from a built store."""

    existing: object = None
    classes: dict[str, str] = field(default_factory=dict)
    people: dict[str, list[str]] = field(default_factory=dict)  # first name key -> person keys
    meetings: list = field(default_factory=list)  # MeetingInfo of meetings seen so far
    meeting_keys: list[str] = field(default_factory=list)
    posts: dict[str, set[str]] = field(default_factory=dict)  # person key -> organisation keys

    def __post_init__(self) -> None:
        for key, cls, labels in self.existing or ():
            self.classes[key] = cls
            if cls == "Official":
                self._index_person(key)
            if key.startswith(NAMED_PROGRAMME):
                for label in labels:
                    name = programme_name(cls, label)
                    if name is not None:
                        self._register_programme(key, name)

    # -- entities ------------------------------------------------------------------------------
    def _index_person(self, key: str) -> None:
        tokens = key.split(":", 1)[1].split()
        if tokens:
            self.people.setdefault(tokens[0], []).append(key)

    def _person_key(self, text: str, orgs: frozenset[str] = frozenset()) -> tuple[str, str | None]:
        tokens = search_key(text).split()
        exact = f"official:{' '.join(tokens)}"
        if exact in self.classes or len(tokens) < 2:
            return exact, None
        for other in self.people.get(tokens[0], []):
            other_tokens = other.split(":", 1)[1].split()
            if len(other_tokens) == len(tokens) and other_tokens[:-1] == tokens[:-1]:
                distance = edit_distance(other_tokens[-1], tokens[-1])
                shared = sorted(self.posts.get(other, set()) & orgs)
                if distance <= MAX_SURNAME_DISTANCE and shared:
                    return other, (f"'{text}' spelled within {distance} letter of an earlier "
                                   f"mention with the same first name and a post at {shared[0]}")
        return exact, None

    def _entity_key(self, mention: Mention, by_surname: dict[str, str],
                    orgs: frozenset[str] = frozenset()) -> tuple[str, str | None]:
        cls = MENTION_CLASSES.get(mention.kind, "Place")
        if cls == "Official":
            tokens = search_key(mention.text).split()
            if len(tokens) == 1:
                for surname, key in by_surname.items():
                    if edit_distance(surname, tokens[0]) <= MAX_SURNAME_DISTANCE:
                        return key, f"surname-only mention '{mention.text}' of a person named in the same article"
            return self._person_key(mention.text, orgs)
        government_of = mention.attr("government_of")
        if cls == "Organization" and government_of and government_of.startswith("place:"):
            return f"organization:government-{government_of.split(':', 1)[1]}", None
        ident = mention.key.split(":", 1)[-1] if mention.key else search_key(mention.text)
        return f"{KIND_PREFIX.get(cls, 'place')}:{ident}", None

    # -- one article ---------------------------------------------------------------------------
    def add(self, extraction: Extraction) -> Resolution:
        article = extraction.article
        nodes: dict[str, Node] = {}
        key_of: dict[str, str] = {}
        by_surname: dict[str, str] = {}
        post_orgs = self._post_orgs(extraction)
        people_first = sorted(extraction.mentions,
                              key=lambda m: (len(search_key(m.text).split()) < 2, m.start))
        for mention in people_first:
            cls = MENTION_CLASSES.get(mention.kind, "Place")
            key, reason = self._entity_key(mention, by_surname, post_orgs.get(mention.id, frozenset()))
            key_of[mention.id] = key
            if cls == "Official" and len(search_key(mention.text).split()) >= 2:
                by_surname.setdefault(search_key(mention.text).split()[-1], key)
            if key not in self.classes:
                self.classes[key] = cls
                if cls == "Official":
                    self._index_person(key)
            cite = Citation(article.id, mention.start, mention.end, article.text[mention.start:mention.end])
            attrs = tuple(sorted((f"emkg:{k}", Lit(v, "ar") if k == "honorific" else Lit(v))
                                 for k, v in mention.attrs if k in ("honorific", "gender")))
            english = english_names().get(mention.key or "")
            labels = (Label(mention.text, "ar"),) + ((Label(english, "en", "pref"),) if english else ())
            nodes[key] = _merge(nodes.get(key), Node(
                key, self.classes[key], labels, (cite,), attrs, (reason,) if reason else ()))
        for mention_id, orgs in post_orgs.items():
            self.posts.setdefault(key_of[mention_id], set()).update(orgs)
        statements: list[Statement] = []
        fact_key = {f.id: self._fact_key(article.id, f, key_of) for f in extraction.facts}
        for fact in extraction.facts:
            key = fact_key[fact.id]
            cite = Citation(article.id, fact.start, fact.end, article.text[fact.start:fact.end])
            label = fact.name or _fact_label(fact, key_of, nodes) or cite.quote[:80]
            reason = self._merge_reason.get(key)
            nodes[key] = _merge(nodes.get(key), Node(key, fact.cls, (Label(label, "ar"),), (cite,),
                                                     (), (reason,) if reason else ()))
            for predicate, ref in fact.roles:
                target = key_of.get(ref) or fact_key.get(ref)
                if target:
                    statements.append(Statement(key, predicate, Ref(target), cite, fact.rule_id))
            for predicate, value in fact.values:
                statements.append(Statement(key, predicate, value, cite, fact.rule_id))
        return Resolution(tuple(nodes[k] for k in sorted(nodes)), tuple(statements))

    _merge_reason: dict = field(default_factory=dict)
    programmes: dict = field(default_factory=dict)  # (class, base name) -> named keys, in order
    programme_periods: dict = field(default_factory=dict)  # named key -> periods printed with it
    hotline_numbers: dict = field(default_factory=dict)  # named key -> hotline numbers printed

    def _register_programme(self, key: str, name: ProgrammeName) -> None:
        for base in filter(None, (name.base, name.alias)):
            keys = self.programmes.setdefault((name.cls, base), [])
            if key not in keys:
                keys.append(key)
        if name.cls == "Hotline" and name.base.isdigit():
            self.hotline_numbers.setdefault(key, set()).add(name.base)
        periods = self.programme_periods.setdefault(key, set())
        if name.period:
            periods.add(name.period)

    def _named_programme_key(self, name: ProgrammeName) -> str | None:
        """The named key a programme name resolves to; None when a short form could be any of
        several programmes printed with different periods."""
        candidates = self.programmes.get((name.cls, name.base), [])
        if name.cls == "Hotline" and name.base.isdigit():
            return self._hotline_key(name, candidates)
        if name.period:
            same = [k for k in candidates if name.period in self.programme_periods[k]]
            if same:
                return same[0]
            if len(candidates) == 1 and not self.programme_periods[candidates[0]]:
                return candidates[0]
            return f"{NAMED_PROGRAMME}{name.cls}/{name.base} {format_period(name.period)}"
        if len(candidates) > 1:
            return None
        return candidates[0] if candidates else f"{NAMED_PROGRAMME}{name.cls}/{name.base}"

    def _hotline_key(self, name: ProgrammeName, by_number: list[str]) -> str:
        """A numbered hotline: the one with its number, else the one printed with its name and
        no number yet, else a new one."""
        if by_number:
            return by_number[0]
        named = self.programmes.get((name.cls, name.alias), []) if name.alias else []
        if len(named) == 1 and not self.hotline_numbers.get(named[0]):
            return named[0]
        return f"{NAMED_PROGRAMME}{name.cls}/{name.base}"

    def _programme_key(self, fact: FactMention) -> str | None:
        """A programme with a proper name: one key across articles (the rule noted as its merge
        reason, the same whatever came before, so `kg add` stays idempotent); None for
        descriptions and ambiguous short forms (keyed per article)."""
        name = programme_name(fact.cls, fact.name or "")
        key = self._named_programme_key(name) if name else None
        if key is None:
            return None
        self._register_programme(key, name)
        self._merge_reason[key] = programme_merge_reason(name, fact.name or "")
        return key

    def _post_orgs(self, extraction: Extraction) -> dict[str, frozenset[str]]:
        """Person mention id -> keys of the organisations its posts (Membership facts) name."""
        by_id = {m.id: m for m in extraction.mentions}
        found: dict[str, set[str]] = {}
        for fact in extraction.facts:
            roles = dict(fact.roles)
            person, org = roles.get("org:member"), by_id.get(roles.get("org:organization", ""))
            if fact.cls == "Membership" and person in by_id and org is not None:
                found.setdefault(person, set()).add(self._entity_key(org, {})[0])
        by_name: dict[str, set[str]] = {}  # the same name printed again shares its posts
        for mention_id, orgs in found.items():
            by_name.setdefault(search_key(by_id[mention_id].text), set()).update(orgs)
        return {m.id: frozenset(by_name[search_key(m.text)]) for m in extraction.mentions
                if m.kind == "person" and search_key(m.text) in by_name}

    def _fact_key(self, article_id: str, fact: FactMention, key_of: dict[str, str]) -> str:
        prefix = {"Meeting": "meeting", "Membership": "membership", "StatusReport": "status",
                  "Shelter": "shelter"}.get(fact.cls, "programme")
        key = f"{prefix}:{article_id}/{fact.id}"
        if prefix == "programme":
            return self._programme_key(fact) or key
        if fact.cls == "Membership":
            roles = dict(fact.roles)
            title = next((v.value for p, v in fact.values if p == "emkg:titleAsPrinted"), "")
            key = (f"membership:{key_of.get(roles.get('org:member'), '')}|"
                   f"{key_of.get(roles.get('org:organization'), '')}|{search_key(title)}|{article_id}")
        if fact.cls == "Meeting":
            from kg.extract.meetings import meeting_info, same_event

            info = meeting_info(article_id, fact, key_of)
            for earlier, earlier_key in zip(self.meetings, self.meeting_keys):
                reason = same_event(earlier, info)
                if reason:
                    self._merge_reason[earlier_key] = reason
                    return earlier_key
            self.meetings.append(info)
            self.meeting_keys.append(key)
        return key


@lru_cache(maxsize=1)
def english_names() -> dict[str, str]:
    """Gazetteer key ("org:iom", "place:egypt") → English name, from the gazetteer rule files."""
    from kg.extract.actors import load_actor_rules

    rules = load_actor_rules()
    names = {f"org:{o['id']}": o["en"] for o in rules.orgs if o.get("en")}
    names.update({f"place:{p['id']}": p["en"] for p in rules.places if p.get("en")})
    return names


def _fact_label(fact: FactMention, key_of: dict[str, str], nodes: dict[str, Node]) -> str | None:
    if fact.cls != "Meeting":
        return None
    names = [nodes[key_of[m]].labels[0].text for p, m in fact.roles
             if p in ("emkg:hasHost", "emkg:hasGuest") and m in key_of and key_of[m] in nodes]
    return "لقاء " + " و".join(dict.fromkeys(names)) if names else None


def _merge(old: Node | None, new: Node) -> Node:
    if old is None:
        return new
    return Node(old.key, old.cls, tuple(dict.fromkeys(old.labels + new.labels)),
                tuple(dict.fromkeys(old.citations + new.citations)),
                tuple(dict.fromkeys(old.attrs + new.attrs)),
                tuple(dict.fromkeys(old.merge_reasons + new.merge_reasons)))


def resolve(extractions, rules=None, existing=None) -> Resolution:
    """Resolve extractions in order (convenience over Resolver)."""
    resolver = Resolver(existing=existing)
    nodes: dict[str, Node] = {}
    statements: list[Statement] = []
    for extraction in extractions:
        part = resolver.add(extraction)
        for node in part.nodes:
            nodes[node.key] = _merge(nodes.get(node.key), node)
        statements.extend(part.statements)
    return Resolution(tuple(nodes[k] for k in sorted(nodes)), tuple(statements))
