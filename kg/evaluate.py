"""Score a Resolution against a gold file in the schema of seeds-gold.yaml.

Alignment (documented choices):
- Names are compared by `kg.normalize.search_key` with a leading honorific dropped and
  parenthesised English notes removed. A gold entity matches a node of a compatible class when a
  gold surface form equals a node label, or, for long names (>= 2 words and >= 10 letters), when
  one is a run of whole words of the other. A node aligns to the gold entities it matches best
  (exact before contained, longer before shorter). A ministry the gold gives only as implied by a
  minister's title is named by that title with the word minister replaced by ministry.
- Programmes and shelters match by Jaccard similarity >= SIMILARITY_THRESHOLD of their content
  words (search keys, the article al- and the prefixes wa/bi/li stripped, function words dropped);
  a programme whose gold period differs from the node's startYear/endYear does not match.
- A gold meeting matches a Meeting node whose participants (hasHost, hasGuest, hasAttendee,
  hasDelegationMember, organisedBy, hasParticipant) include the gold host and the counterpart or
  visitor (or the organiser when no host is given); a country office may be represented by its
  parent organisation.
- A membership (official, organisation) matches a Membership node with org:member and
  org:organization aligned to them.
Recall counts MUST and SHOULD items; MAY items never count against either score. A node of an
article that matches no gold item of any level for that article is a false positive.

Violations (must_not): a false-positive node labelled with an Arabic name quoted in the article's
must_not prose or embedded related story, or with a generic name marked must_not; a node cited only
from clutter zones, or named only in them; a date on a meeting that the gold dates otherwise (or
leaves undated); a place on a meeting the gold says has none; a planned total other than the
gold's; a same_event group found as unlinked meetings; a canonical entity split into several nodes;
two distinct entities (or a meta.distinct_pairs pair) merged into one node.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from kg.evaluate_gold import (LEVELS, PLACE_CLASSES, Canonical, GoldItem, article_prefix,
                              canonical_entities, content_words, forbidden_phrases, generic_items,
                              gold_items, jaccard, name_key, name_match_strength)
from kg.records import CONTENT_ZONES, Article, Lit, Ref, Resolution

#: Jaccard threshold for programme/shelter names: a short label such as "الخط الساخن 15115"
#: shares two of three words with its gold name; unrelated programmes of one article share
#: at most a third of their words (see the two strategies of tests/corpus c08).
SIMILARITY_THRESHOLD = 0.4
CLASSES = ("Official", "Organization", "Membership", "Meeting", "Programme", "Shelter", "Place")
PROGRAMME_CLASSES = frozenset({
    "Programme", "Strategy", "ActionPlan", "Campaign", "Hotline", "Partnership", "Project",
    "ReferralMechanism", "ServiceProgramme", "TrainingProgramme"})
FAMILY = {**{c: "Programme" for c in PROGRAMME_CLASSES}, **{c: "Place" for c in PLACE_CLASSES},
          "Official": "Official", "Organization": "Organization", "Meeting": "Meeting",
          "Shelter": "Shelter", "Membership": "Membership", "org:Membership": "Membership"}
PARTICIPANT_PREDICATES = frozenset({
    "emkg:hasParticipant", "emkg:hasHost", "emkg:hasGuest", "emkg:hasAttendee",
    "emkg:hasDelegationMember", "emkg:organisedBy"})
SAME_EVENT_PREDICATES = frozenset({"emkg:sameEventAs", "owl:sameAs"})


# ---------------------------------------------------------------------------------------------
# The resolved graph, indexed for scoring

class _Graph:
    """Nodes, statements and the articles citing them, with name keys of every label."""

    def __init__(self, resolution: Resolution, articles: dict[str, Article]) -> None:
        self.nodes = {n.key: n for n in resolution.nodes}
        self.out: dict[str, list] = defaultdict(list)
        self.citations: dict[str, list] = defaultdict(list)
        for node in resolution.nodes:
            self.citations[node.key].extend(node.citations)
        for st in resolution.statements:
            self.out[st.subject].append((st.predicate, st.object))
            self.citations[st.subject].append(st.citation)
        self.articles = articles
        self.keys = {k: tuple(dict.fromkeys(name_key(lb.text) for lb in n.labels if lb.lang != "en"))
                     for k, n in self.nodes.items()}

    def family(self, key: str) -> str | None:
        return FAMILY.get(self.nodes[key].cls)

    def in_article(self, article_id: str) -> set[str]:
        return {k for k, cites in self.citations.items() if k in self.nodes
                and any(c.article_id == article_id for c in cites)}

    def only_clutter(self, key: str, article_id: str) -> bool:
        """True when every citation of the node in the article lies outside headline/body."""
        article = self.articles.get(article_id)
        cites = [c for c in self.citations[key] if c.article_id == article_id]
        if article is None or not cites or not article.zones:
            return False
        content = [z for z in article.zones if z.kind in CONTENT_ZONES]
        return not any(z.start <= c.start and c.end <= z.end for c in cites for z in content)

    def clutter_only_name(self, key: str, article_id: str) -> str | None:
        """A label of the node that the article prints in its clutter zones but not in headline/body."""
        article = self.articles.get(article_id)
        if article is None:
            return None
        zones = {kind: " | ".join(name_key(article.text[z.start:z.end]) for z in article.zones
                                  if (z.kind in CONTENT_ZONES) == (kind == "content"))
                 for kind in ("content", "clutter")}
        for own in self.keys[key]:
            if f" {own} " in f" {zones['clutter']} " and f" {own} " not in f" {zones['content']} ":
                return own
        return None

    def targets(self, key: str, predicates: frozenset[str]) -> set[str]:
        return {o.key for p, o in self.out[key] if p in predicates and isinstance(o, Ref)}

    def literals(self, key: str, predicate: str) -> set[str]:
        node = self.nodes[key]
        values = {lit.value for name, lit in node.attrs if name == predicate}
        return values | {o.value for p, o in self.out[key] if p == predicate and isinstance(o, Lit)}

    def texts(self, key: str) -> tuple[str, ...]:
        return tuple(lb.text for lb in self.nodes[key].labels)


def align(graph: _Graph, canon: dict[str, Canonical]) -> dict[str, set[str]]:
    """canonical id -> keys of the nodes that match it best (see the module docstring)."""
    aligned: dict[str, set[str]] = defaultdict(set)
    for key, node in graph.nodes.items():
        scored = [(max((name_match_strength(a, b) for a in graph.keys[key] for b in c.keys), default=(0, 0)), cid)
                  for cid, c in canon.items() if node.cls in c.classes]
        best = max((s for s, _ in scored), default=(0, 0))
        for strength, cid in scored:
            if best[0] and strength == best:
                aligned[cid].add(key)
    return aligned


# ---------------------------------------------------------------------------------------------
# The report

@dataclass(frozen=True)
class Finding:
    item: GoldItem
    nodes: tuple[str, ...]

    @property
    def found(self) -> bool:
        return bool(self.nodes)


@dataclass(frozen=True)
class FalsePositive:
    article: str
    cls: str
    key: str
    label: str


@dataclass(frozen=True)
class ClassScore:
    cls: str
    found: tuple[int, int, int]  # MUST, SHOULD, MAY items found
    total: tuple[int, int, int]
    true_nodes: int
    all_nodes: int

    @property
    def recall(self) -> float | None:
        total = self.total[0] + self.total[1]
        return (self.found[0] + self.found[1]) / total if total else None

    @property
    def precision(self) -> float | None:
        return self.true_nodes / self.all_nodes if self.all_nodes else None


@dataclass(frozen=True)
class Report:
    scores: tuple[ClassScore, ...]
    findings: tuple[Finding, ...]
    false_positives: tuple[FalsePositive, ...]
    violations: tuple[str, ...]
    skipped: tuple[str, ...] = field(default=())

    def recall(self, level: str | None = None) -> float | None:
        items = [f for f in self.findings if f.item.level in ((level,) if level else ("MUST", "SHOULD"))]
        return sum(f.found for f in items) / len(items) if items else None

    def precision(self) -> float | None:
        true, total = sum(s.true_nodes for s in self.scores), sum(s.all_nodes for s in self.scores)
        return true / total if total else None

    def misses(self, level: str | None = None) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.found and f.item.level != "MAY"
                     and (level is None or f.item.level == level))


class _Scorer:
    """Scores one article's gold items against the graph."""

    def __init__(self, graph: _Graph, canon: dict[str, Canonical], aligned: dict[str, set[str]]):
        self.graph, self.canon, self.aligned = graph, canon, aligned

    def party_nodes(self, cid: str | None) -> set[str]:
        if cid is None:
            return set()
        nodes = set(self.aligned.get(cid, ()))
        entry = self.canon.get(cid)
        if entry is not None and entry.office and entry.parent:
            nodes |= self.aligned.get(entry.parent, set())
        return nodes

    def of_family(self, keys: set[str], family: str) -> set[str]:
        return {k for k in keys if self.graph.family(k) == family}

    def match(self, item: GoldItem, here: set[str]) -> set[str]:
        """Nodes of the article that match the gold item."""
        g = self.graph
        if item.ref is not None:
            return self.party_nodes(item.ref) & here
        if item.cls in ("Official", "Organization", "Place"):
            return {k for k in self.of_family(here, item.cls)
                    if any(name_match_strength(a, b)[0] for a in g.keys[k] for b in item.names)}
        if item.cls in ("Programme", "Shelter"):
            return {k for k in self.of_family(here, item.cls) if self._similar(k, item)}
        if item.cls == "Meeting":
            return {k for k in self.of_family(here, "Meeting")
                    if all(self.party_nodes(p) & g.targets(k, PARTICIPANT_PREDICATES) for p in item.parties)}
        if item.cls == "Membership":
            member, org = self.party_nodes(item.member), self.party_nodes(item.organization)
            return {k for k in self.of_family(here, "Membership")
                    if member & g.targets(k, frozenset({"org:member"}))
                    and org & g.targets(k, frozenset({"org:organization"}))}
        return set()

    def _similar(self, key: str, item: GoldItem) -> bool:
        words = [content_words(t) for t in self.graph.texts(key)]
        gold = [content_words(n) for n in item.names]
        if max((jaccard(a, b) for a in words for b in gold), default=0.0) < SIMILARITY_THRESHOLD:
            return False
        for value, predicate in zip(item.period, ("emkg:startYear", "emkg:endYear")):
            years = self.graph.literals(key, predicate)
            if value is not None and years and str(value) not in years:
                return False
        return True


def _article_ids(gold: dict, articles: dict[str, Article]) -> dict[str, str]:
    """Gold article prefix -> Article.id, for the articles that were given."""
    ids = {}
    for seed in gold.get("seeds") or ():
        stem = str(seed["file"]).rsplit(".", 1)[0]
        if stem in articles:
            ids[article_prefix(seed["file"])] = stem
    return ids


def _attribute_violations(graph: _Graph, finding: Finding) -> list[str]:
    item, problems = finding.item, []
    for key in finding.nodes:
        dates = graph.literals(key, "emkg:date")
        if item.date[0] and dates and item.date[1] not in dates:
            problems.append(f"{item.ident}: date {sorted(dates)} but gold says {item.date[1] or 'no date'}")
        if item.place_null and graph.targets(key, frozenset({"emkg:tookPlaceIn"})):
            problems.append(f"{item.ident}: a place although the article states none")
        totals = graph.literals(key, "emkg:plannedTotal")
        if item.count is not None and totals and str(item.count) not in totals:
            problems.append(f"{item.ident}: planned total {sorted(totals)} but gold says {item.count}")
    return problems


def _label(graph: _Graph, key: str) -> str:
    return next(iter(graph.texts(key)), key)


def _forbidden(graph: _Graph, key: str, phrases: Iterable[str]) -> str | None:
    for own in graph.keys[key]:
        for phrase in phrases:
            if own == phrase or (len(own.split()) >= 2 and f" {own} " in f" {phrase} "):
                return phrase
    return None


def _same_event_violations(gold: dict, findings: list[Finding], graph: _Graph) -> list[str]:
    by_ident = {f.item.ident: set(f.nodes) for f in findings if f.item.cls == "Meeting"}
    problems = []
    for group in (gold.get("meta") or {}).get("same_event_groups") or ():
        events = [e for e in group.get("events") or () if by_ident.get(e)]
        node_sets = [by_ident[e] for e in events]
        if len(node_sets) < 2 or set.intersection(*node_sets):
            continue
        linked = all(any(graph.targets(k, SAME_EVENT_PREDICATES) & other for k in nodes)
                     or any(graph.targets(k, SAME_EVENT_PREDICATES) & nodes for k in other)
                     for nodes, other in zip(node_sets, node_sets[1:]))
        if not linked:
            problems.append(f"same event split into separate meetings: {', '.join(events)}")
    return problems


def _merge_violations(gold: dict, graph: _Graph, canon: dict[str, Canonical],
                      findings: list[Finding]) -> list[str]:
    """One node carrying the exact names of two distinct canonical entities, or found for both
    items of a meta.distinct_pairs entry."""
    problems = []
    for key, node in graph.nodes.items():
        ids = sorted(cid for cid, c in canon.items() if node.cls in c.classes and c.cls == FAMILY.get(node.cls)
                     and any(name_match_strength(a, b)[0] == 2 for a in graph.keys[key] for b in c.keys))
        related = {(cid, canon[cid].parent) for cid in ids} | {(canon[cid].parent, cid) for cid in ids}
        pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if (a, b) not in related]
        problems += [f"{a} and {b} merged into one node {_label(graph, key)!r}" for a, b in pairs]
    by_ident = {f.item.ident: set(f.nodes) for f in findings}
    for pair in (gold.get("meta") or {}).get("distinct_pairs") or ():
        first, second = (by_ident.get(e, set()) for e in (pair.get("entities") or ["", ""])[:2])
        if first & second:
            problems.append(f"{' and '.join(pair['entities'])} merged into one node")
    return problems


def evaluate(gold: dict, articles: Iterable[Article], resolution: Resolution) -> Report:
    """Score `resolution` (built from `articles`) against a gold dict in the seeds-gold schema."""
    by_id = {a.id: a for a in articles}
    graph, canon = _Graph(resolution, by_id), canonical_entities(gold)
    aligned = align(graph, canon)
    scorer = _Scorer(graph, canon, aligned)
    ids = _article_ids(gold, by_id)
    phrases = forbidden_phrases(gold)
    findings, false_positives, violations = [], [], []
    counts = {c: [[0, 0, 0], [0, 0, 0], 0, 0] for c in CLASSES}
    items = gold_items(gold) + generic_items(gold)
    for prefix, article_id in ids.items():
        here = graph.in_article(article_id)
        true: set[str] = {k for cid, c in canon.items() if prefix in c.files for k in aligned.get(cid, ())}
        for item in (i for i in items if i.article == prefix):
            nodes = scorer.match(item, here)
            if item.level == "MUST_NOT":
                violations += [f"{prefix}: {item.cls} {_label(graph, k)!r} is a must_not generic" for k in nodes - true]
                continue
            true |= nodes
            if item.ref is None and item.ident.endswith(":generic"):
                continue
            finding = Finding(item, tuple(sorted(nodes)))
            findings.append(finding)
            level = LEVELS.index(item.level)
            counts[item.cls][1][level] += 1
            counts[item.cls][0][level] += finding.found
            violations += [f"{prefix}: {v}" for v in _attribute_violations(graph, finding)]
        for key in sorted(here):
            family = graph.family(key)
            if family not in counts:
                continue
            counts[family][3] += 1
            counts[family][2] += key in true
            if key not in true:
                false_positives.append(FalsePositive(prefix, family, key, _label(graph, key)))
                hit = _forbidden(graph, key, phrases.get(prefix, ()))
                if hit:
                    violations.append(f"{prefix}: {family} {_label(graph, key)!r} comes from must_not ({hit})")
                if graph.clutter_only_name(key, article_id):
                    violations.append(f"{prefix}: {family} {_label(graph, key)!r} is named only in page clutter")
            if graph.only_clutter(key, article_id):
                violations.append(f"{prefix}: {family} {_label(graph, key)!r} is cited only from page clutter")
    violations += _same_event_violations(gold, findings, graph)
    violations += _merge_violations(gold, graph, canon, findings)
    required = {i.ref for i in items if i.level == "MUST" and i.article in ids}
    for cid, entry in canon.items():  # entities some article requires (MUST) must be one node
        keys = {k for k in aligned.get(cid, ()) if graph.nodes[k].cls == entry.cls} if cid in required else ()
        if len(keys) > 1:
            violations.append(f"{cid} is split into {len(keys)} nodes: "
                              + ", ".join(sorted(_label(graph, k) for k in keys)))
    scores = tuple(ClassScore(c, tuple(v[0]), tuple(v[1]), v[2], v[3]) for c, v in counts.items())
    skipped = tuple(str(s["file"]) for s in gold.get("seeds") or () if article_prefix(s["file"]) not in ids)
    return Report(scores, tuple(findings), tuple(false_positives), tuple(dict.fromkeys(violations)), skipped)
