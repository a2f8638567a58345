"""Score a Resolution against a gold file in the schema of seeds-gold.yaml.

Alignment (documented choices):
- Names are compared by `kg.normalize.search_key` with a leading honorific dropped and
  parenthesised English notes removed. A gold entity matches a node of a compatible class when a
  gold surface form equals a node label, or, for long names (>= 2 words and >= 10 letters), when
  one is a run of whole words of the other. A node aligns to the gold entities it matches best
  (exact before contained, longer before shorter).
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
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from kg.records import CONTENT_ZONES, Article, Lit, Node, Ref, Resolution

try:  # the shared normaliser; a tiny fallback keeps the scorer usable without it
    from kg.normalize import search_key
except ImportError:  # pragma: no cover
    def search_key(text: str) -> str:
        return " ".join(text.split()).casefold()

SIMILARITY_THRESHOLD = 0.4
LEVELS = ("MUST", "SHOULD", "MAY")
CLASSES = ("Official", "Organization", "Membership", "Meeting", "Programme", "Shelter", "Place")
PROGRAMME_CLASSES = frozenset({
    "Programme", "Strategy", "ActionPlan", "Campaign", "Hotline", "Partnership", "Project",
    "ReferralMechanism", "ServiceProgramme", "TrainingProgramme"})
PLACE_CLASSES = frozenset({"Place", "Country", "City"})
FAMILY = {**{c: "Programme" for c in PROGRAMME_CLASSES}, **{c: "Place" for c in PLACE_CLASSES},
          "Official": "Official", "Organization": "Organization", "Meeting": "Meeting",
          "Shelter": "Shelter", "Membership": "Membership", "org:Membership": "Membership"}
PARTICIPANT_PREDICATES = frozenset({
    "emkg:hasParticipant", "emkg:hasHost", "emkg:hasGuest", "emkg:hasAttendee",
    "emkg:hasDelegationMember", "emkg:organisedBy"})
SAME_EVENT_PREDICATES = frozenset({"emkg:sameEventAs", "owl:sameAs"})

HONORIFICS = frozenset(search_key(w) for w in (
    "\u0627\u0644\u062F\u0643\u062A\u0648\u0631",  # alef-lam-dal-kaf-teh-waw-reh: al-doktor
    "\u0627\u0644\u062F\u0643\u062A\u0648\u0631\u0629",  # ... teh marbuta: al-doktora
    "\u0627\u0644\u0633\u064A\u062F",  # alef-lam-seen-yeh-dal: al-sayyid
    "\u0627\u0644\u0633\u064A\u062F\u0629",  # ... teh marbuta: al-sayyida
    "\u0627\u0644\u0623\u0633\u062A\u0627\u0630",  # alef-lam-alef hamza-seen-teh-alef-thal: al-ustadh
    "\u0627\u0644\u0623\u0633\u062A\u0627\u0630\u0629",  # ... teh marbuta: al-ustadha
    "\u0627\u0644\u0633\u0641\u064A\u0631",  # alef-lam-seen-feh-yeh-reh: al-safir
    "\u0627\u0644\u0633\u0641\u064A\u0631\u0629",  # ... teh marbuta: al-safira
    "\u0627\u0644\u0645\u0647\u0646\u062F\u0633",  # alef-lam-meem-heh-noon-dal-seen: al-muhandis
    "\u0627\u0644\u0645\u0647\u0646\u062F\u0633\u0629",  # ... teh marbuta: al-muhandisa
    "\u0627\u0644\u0644\u0648\u0627\u0621",  # alef-lam-lam-waw-alef-hamza: al-liwa
    "\u0627\u0644\u0645\u0633\u062A\u0634\u0627\u0631",  # alef-lam-meem-seen-teh-sheen-alef-reh
    "\u0627\u0644\u0645\u0633\u062A\u0634\u0627\u0631\u0629",  # ... teh marbuta: al-mustashara
))
FUNCTION_WORDS = frozenset(search_key(w) for w in (
    "\u0641\u064A",  # feh-yeh: fi
    "\u0645\u0646",  # meem-noon: min
    "\u0639\u0644\u0649",  # ain-lam-alef maksura: ala
    "\u0625\u0644\u0649",  # alef hamza below-lam-alef maksura: ila
    "\u0645\u0639",  # meem-ain: ma'a
    "\u0639\u0646",  # ain-noon: an
    "\u0628\u064A\u0646",  # beh-yeh-noon: bayna
))
WORD_PREFIXES = tuple(search_key(p) for p in (
    "\u0648\u0627\u0644",  # waw-alef-lam: wa-al
    "\u0628\u0627\u0644",  # beh-alef-lam: bi-al
    "\u0644\u0644",  # lam-lam: li-l
    "\u0627\u0644",  # alef-lam: al
    "\u0648",  # waw: wa
))
_ARABIC_RUN = re.compile("[\u0621-\u064A\u0660-\u0669][\u0621-\u064A\u0660-\u0669 ]*")
_PARENS = re.compile(r"\(([^)]*)\)")
_WORD = re.compile(r"\w+")
_ARTICLE_REF = re.compile(r"^\s*(\w+)")
_IDENTICAL = re.compile(r"identical to (\w+)")


# ---------------------------------------------------------------------------------------------
# Names

def name_key(text: str) -> str:
    """The comparable form of a name: search key, notes in parentheses and dots dropped, no honorific."""
    flat = search_key(_PARENS.sub(" ", text).replace("...", " ").replace("\u2026", " "))
    words = re.sub(r"[\u00AB\u00BB\"'\u201C\u201D,.:;]", " ", flat).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def name_alternatives(text: str) -> tuple[str, ...]:
    """The names a gold string offers: parts split on ' / ' plus Arabic text inside parentheses."""
    inner = [m for m in _PARENS.findall(text) if _ARABIC_RUN.search(m)]
    parts = [p for chunk in [_PARENS.sub(" ", text), *inner] for p in chunk.split(" / ")]
    keys = (name_key(p) for p in parts if _ARABIC_RUN.search(p))
    return tuple(dict.fromkeys(k for k in keys if k))


def name_match_strength(a: str, b: str) -> tuple[int, int]:
    """(2, len) for equal keys, (1, len of the shorter) for a long name inside the other, else (0, 0)."""
    if not a or not b:
        return (0, 0)
    if a == b:
        return (2, len(a))
    short, long_ = sorted((a, b), key=len)
    if len(short.split()) >= 2 and len(short) >= 10 and f" {short} " in f" {long_} ":
        return (1, len(short))
    return (0, 0)


def content_words(text: str) -> frozenset[str]:
    """Words of a programme or shelter name for the Jaccard comparison."""
    words = set()
    for word in _WORD.findall(search_key(_PARENS.sub(" ", text))):
        for prefix in WORD_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                word = word[len(prefix):]
                break
        if len(word) > 1 and word not in FUNCTION_WORDS:
            words.add(word)
    return frozenset(words)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def arabic_phrases(value: object) -> tuple[str, ...]:
    """Every run of Arabic words in a (nested) gold value, as name keys."""
    if isinstance(value, dict):
        return tuple(p for v in value.values() for p in arabic_phrases(v))
    if isinstance(value, list):
        return tuple(p for v in value for p in arabic_phrases(v))
    if not isinstance(value, str):
        return ()
    runs = (name_key(run) for run in _ARABIC_RUN.findall(search_key(value)))
    return tuple(r for r in runs if r)


# ---------------------------------------------------------------------------------------------
# Gold items

@dataclass(frozen=True)
class GoldItem:
    """One scored fact of one article."""

    article: str
    cls: str
    ident: str
    level: str
    names: tuple[str, ...] = ()  # name keys (places, programmes, shelters)
    ref: str | None = None  # canonical id (officials, organizations)
    parties: tuple[str, ...] = ()  # canonical ids a meeting's participants must include
    member: str | None = None
    organization: str | None = None
    period: tuple[int | None, int | None] = (None, None)
    count: int | None = None
    date: tuple[bool, str | None] = (False, None)  # (date given in gold, iso)
    place_null: bool = False


@dataclass(frozen=True)
class Canonical:
    ident: str
    cls: str  # "Official" or "Organization"
    keys: frozenset[str]
    parent: str | None
    classes: frozenset[str]
    office: bool
    files: frozenset[str] = frozenset()  # article prefixes the gold names it in


def article_prefix(file_ref: str) -> str:
    """'000_d1ff.txt', '000', '002 (headline)' -> '000'."""
    match = _ARTICLE_REF.match(str(file_ref))
    return match.group(1).split("_")[0] if match else str(file_ref)


def _level(entry: dict, default: str = "MUST") -> str:
    level = str(entry.get("level", default))
    return level if level in LEVELS else "MUST_NOT"


def _canonicals(gold: dict) -> dict[str, Canonical]:
    found: dict[str, Canonical] = {}
    for cls, section in (("Official", "canonical_officials"), ("Organization", "canonical_organizations")):
        for entry in gold.get(section) or ():
            forms = [f["form"] if isinstance(f, dict) else str(f) for f in entry.get("surface_forms") or ()]
            keys = {k for form in forms if not form.lstrip().startswith("(") for k in name_alternatives(form)}
            kind = str(entry.get("type", ""))
            classes = {cls} | (PLACE_CLASSES if "country" in kind else set())
            files = {article_prefix(f) for form in entry.get("surface_forms") or () if isinstance(form, dict)
                     for f in form.get("files") or ()}
            found[entry["id"]] = Canonical(entry["id"], cls, frozenset(keys), entry.get("parent"),
                                           frozenset(classes), "office" in kind, frozenset(files))
    return found


def _seed_entries(gold: dict) -> dict[str, dict]:
    return {article_prefix(s["file"]): s for s in gold.get("seeds") or ()}


def _section(seeds: dict[str, dict], seed: dict, name: str) -> list:
    value = seed.get(name) or []
    if isinstance(value, str):
        match = _IDENTICAL.search(value)
        return _section(seeds, seeds[match.group(1)], name) if match and match.group(1) in seeds else []
    return [v for v in value if isinstance(v, dict)]


def _party(value: object, canon: dict[str, Canonical]) -> str | None:
    match = _ARTICLE_REF.match(str(value)) if value else None
    return match.group(1) if match and match.group(1) in canon else None


def _meeting_item(seeds, prefix: str, entry: dict, canon) -> GoldItem:
    source = entry
    if "same_as" in entry and not any(k in entry for k in ("host", "organiser", "visitor")):
        other, _, mid = str(entry["same_as"]).partition(":")
        source = next((m for m in _section(seeds, seeds.get(other, {}), "meetings") if m.get("id") == mid), entry)
    host = _party(source.get("host"), canon)
    partner = _party(source.get("counterpart"), canon) or _party(source.get("visitor"), canon)
    organiser = _party(source.get("organiser"), canon)
    parties = tuple(p for p in ((host, partner) if host else (organiser, partner)) if p)
    date = source.get("date")
    given = isinstance(date, dict) and "iso" in date
    return GoldItem(prefix, "Meeting", f"{prefix}:{entry.get('id')}", _level(entry),
                    parties=parties, date=(given, date.get("iso") if given else None),
                    place_null="place" in source and source["place"] is None)


def _programme_item(prefix: str, cls: str, entry: dict) -> GoldItem:
    period = entry.get("period") or {}
    since = entry.get("since") or {}
    start = period.get("start") if isinstance(period, dict) else None
    end = period.get("end") if isinstance(period, dict) else None
    if start is None and isinstance(since, dict):
        start = since.get("year")
    count = entry.get("count") if isinstance(entry.get("count"), int) else None
    return GoldItem(prefix, cls, f"{prefix}:{entry.get('id')}", _level(entry),
                    names=name_alternatives(str(entry.get("name_ar", ""))),
                    period=(start, end), count=count)


def _memberships(prefix: str, entry: dict, canon_entry: dict) -> list[GoldItem]:
    orgs = [entry.get("org")] + re.findall(r"org: (\w+)", " ".join(map(str, entry.get("roles") or ())))
    orgs += [r.get("org") for r in canon_entry.get("roles") or ()
             if prefix in {article_prefix(f) for f in r.get("files") or ()}]
    return [GoldItem(prefix, "Membership", f"{prefix}:{entry['ref']}@{org}", _level(entry),
                     member=entry["ref"], organization=org)
            for org in dict.fromkeys(o for o in orgs if o)]


def gold_items(gold: dict) -> list[GoldItem]:
    """Every scored item of every article in the gold, MUST/SHOULD/MAY."""
    canon, seeds = _canonicals(gold), _seed_entries(gold)
    officials = {e["id"]: e for e in gold.get("canonical_officials") or ()}
    items: list[GoldItem] = []
    for prefix, seed in seeds.items():
        for entry in _section(seeds, seed, "officials"):
            if "ref" in entry:
                items.append(GoldItem(prefix, "Official", f"{prefix}:{entry['ref']}", _level(entry), ref=entry["ref"]))
                items += _memberships(prefix, entry, officials.get(entry["ref"], {}))
        for entry in _section(seeds, seed, "organizations"):
            if "ref" in entry:
                items.append(GoldItem(prefix, "Organization", f"{prefix}:{entry['ref']}", _level(entry), ref=entry["ref"]))
        items += [_meeting_item(seeds, prefix, e, canon) for e in _section(seeds, seed, "meetings") if "id" in e]
        for section, cls in (("programmes", "Programme"), ("shelters", "Shelter")):
            items += [_programme_item(prefix, cls, e) for e in _section(seeds, seed, section) if "name_ar" in e]
        for entry in _section(seeds, seed, "places"):
            items.append(GoldItem(prefix, "Place", f"{prefix}:{entry.get('name_ar')}", _level(entry),
                                  names=name_alternatives(str(entry.get("name_ar", "")))))
    return items


def generic_items(gold: dict) -> list[GoldItem]:
    """Unnamed-entity entries ({generic: ...}): MAY items, or forbidden names (level MUST_NOT)."""
    seeds = _seed_entries(gold)
    items = []
    for prefix, seed in seeds.items():
        for section, cls in (("officials", "Official"), ("organizations", "Organization")):
            for entry in _section(seeds, seed, section):
                if "generic" in entry:
                    names = arabic_phrases(str(entry["generic"]))
                    items.append(GoldItem(prefix, cls, f"{prefix}:generic", _level(entry, "MAY"), names=names))
    return items


def forbidden_phrases(gold: dict) -> dict[str, tuple[str, ...]]:
    """Per article prefix: Arabic names quoted in must_not prose and in an embedded related story."""
    return {prefix: tuple(dict.fromkeys(arabic_phrases(seed.get("must_not") or [])
                                        + arabic_phrases(seed.get("embedded_related_article") or {})))
            for prefix, seed in _seed_entries(gold).items()}


def _canonical_keys(gold: dict) -> dict[str, Canonical]:
    """Canonical entities with the organisation names written in the articles' entries added."""
    canon = _canonicals(gold)
    seeds = _seed_entries(gold)
    extra: dict[str, set[str]] = defaultdict(set)
    for seed in seeds.values():
        for entry in _section(seeds, seed, "organizations"):
            written = entry.get("as_written") or []
            for form in [written] if isinstance(written, str) else written:
                if "ref" in entry and not str(form).lstrip().startswith("("):
                    extra[entry["ref"]].update(name_alternatives(str(form)))
    return {cid: Canonical(c.ident, c.cls, c.keys | extra[cid], c.parent, c.classes, c.office, c.files)
            for cid, c in canon.items()}


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


def evaluate(gold: dict, articles: Iterable[Article], resolution: Resolution) -> Report:
    """Score `resolution` (built from `articles`) against a gold dict in the seeds-gold schema."""
    by_id = {a.id: a for a in articles}
    graph, canon = _Graph(resolution, by_id), _canonical_keys(gold)
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
            if graph.only_clutter(key, article_id):
                violations.append(f"{prefix}: {family} {_label(graph, key)!r} is cited only from page clutter")
    violations += _same_event_violations(gold, findings, graph)
    for cid, entry in canon.items():
        keys = {k for k in aligned.get(cid, ()) if graph.nodes[k].cls == entry.cls}
        if len(keys) > 1:
            violations.append(f"{cid} is split into {len(keys)} nodes: "
                              + ", ".join(sorted(_label(graph, k) for k in keys)))
    scores = tuple(ClassScore(c, tuple(v[0]), tuple(v[1]), v[2], v[3]) for c, v in counts.items())
    skipped = tuple(str(s["file"]) for s in gold.get("seeds") or () if article_prefix(s["file"]) not in ids)
    return Report(scores, tuple(findings), tuple(false_positives), tuple(dict.fromkeys(violations)), skipped)
