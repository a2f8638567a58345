"""What the graph says around an entity, in Wikidata's terms, for context scoring.

An Official's context comes from their posts (org:Membership): the organisations' countries and
Wikidata ids (employers), the positions named by the printed titles (table rows of class
Position) and the country a title names first ("سفير الدنمارك في مصر" → Denmark). An
Organization's country comes from the gazetteer (kg/rules/organisations.yaml, places.yaml),
from a government's key (organization:government-denmark), from emkg:jurisdiction, or from a country or demonym in its
name ("وزارة الداخلية الإيطالية" → Italy). A City's country comes from the gazetteer.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.linking.table import Item
from kg.normalize import search_key
from kg.records import Lit, Node, Ref, Resolution

GOVERNMENT_PREFIX = "organization:government-"


@dataclass(frozen=True)
class Context:
    """Facts about an entity as Wikidata ids; empty sets mean "unknown", never "none"."""

    countries: frozenset[str] = frozenset()
    positions: frozenset[str] = frozenset()
    employers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Post:
    organization: str | None
    title: str | None


@dataclass(frozen=True)
class Gazetteer:
    """Country names of the rules file, as place ids and Wikidata ids."""

    org_country: dict[str, str]  # gazetteer organisation id → place id
    place_country: dict[str, str]  # city place id → country place id
    country_words: dict[str, str]  # normalised name or demonym → place id
    country_qid: dict[str, str]  # country place id → Q-id (from the table)
    longest: int  # words in the longest name


@lru_cache(maxsize=4)
def gazetteer(table: tuple[Item, ...]) -> Gazetteer:
    from kg.extract.actors import load_actor_rules

    rules = load_actor_rules()
    countries = [p for p in rules.places if p.get("kind") == "country"]
    words = {search_key(word): p["id"] for p in countries
             for word in (p.get("variants") or []) + (p.get("adjectives") or [])}
    items = [item for item in table if item.cls == "Country"]
    qids: dict[str, str] = {}
    for place in countries:
        names = {search_key(v) for v in place.get("variants") or []} | {search_key(place.get("en", ""))}
        match = [i.qid for i in items if names & {search_key(label) for label in i.labels}]
        if match:
            qids[place["id"]] = sorted(match, key=lambda q: int(q[1:]))[0]
    return Gazetteer({o["id"]: o["country"] for o in rules.orgs if o.get("country")},
                     {p["id"]: p["country"] for p in rules.places if p.get("country")},
                     words, qids, max((len(w.split()) for w in words), default=0))


def countries_named(text: str, gaz: Gazetteer, first_only: bool = False) -> list[str]:
    """Place ids of the countries a text names (by name or demonym), in order of appearance."""
    words = search_key(text).split()
    places: list[str] = []
    for start in range(len(words)):
        for size in range(min(gaz.longest, len(words) - start), 0, -1):  # longest phrase first
            place = gaz.country_words.get(" ".join(words[start:start + size]))
            if place:
                places.append(place)
                break
    places = list(dict.fromkeys(places))
    return places[:1] if first_only else places


@dataclass(frozen=True)
class GraphIndex:
    """The statements of one resolution that context scoring reads."""

    posts: dict[str, tuple[Post, ...]]  # person key → posts
    jurisdictions: dict[str, frozenset[str]]  # organisation key → place keys


def index(resolution: Resolution) -> GraphIndex:
    members: dict[str, str] = {}
    orgs: dict[str, str] = {}
    titles: dict[str, str] = {}
    jurisdictions: dict[str, set[str]] = {}
    for st in resolution.statements:
        value = st.object.key if isinstance(st.object, Ref) else st.object.value
        if st.predicate == "org:member":
            members[st.subject] = value
        elif st.predicate == "org:organization":
            orgs[st.subject] = value
        elif st.predicate == "emkg:titleAsPrinted" and isinstance(st.object, Lit):
            titles[st.subject] = value
        elif st.predicate == "emkg:jurisdiction":
            jurisdictions.setdefault(st.subject, set()).add(value)
    posts: dict[str, list[Post]] = {}
    for membership, person in sorted(members.items()):
        post = Post(orgs.get(membership), titles.get(membership))
        if post not in posts.setdefault(person, []):
            posts[person].append(post)
    return GraphIndex({k: tuple(v) for k, v in posts.items()},
                      {k: frozenset(v) for k, v in jurisdictions.items()})


def organization_countries(node: Node, graph: GraphIndex, gaz: Gazetteer) -> set[str]:
    """Place ids of the country an organisation belongs to."""
    places: set[str] = set()
    ident = node.key.split(":", 1)[-1]
    if node.key.startswith(GOVERNMENT_PREFIX):
        places.add(node.key[len(GOVERNMENT_PREFIX):])
    if ident in gaz.org_country:
        places.add(gaz.org_country[ident])
    places |= {key.split(":", 1)[-1] for key in graph.jurisdictions.get(node.key, ())}
    for label in node.labels:
        places.update(countries_named(label.text, gaz))
    return places


def _qids(places, gaz: Gazetteer) -> frozenset[str]:
    return frozenset(gaz.country_qid[p] for p in places if p in gaz.country_qid)


def context_of(node: Node, nodes: dict[str, Node], graph: GraphIndex, gaz: Gazetteer,
               positions: tuple[Item, ...], links: dict[str, str],
               table: dict[str, Item]) -> Context:
    """The entity's context; `links` holds the ids already accepted for other nodes."""
    if node.cls == "Organization":
        return Context(countries=_qids(organization_countries(node, graph, gaz), gaz))
    if node.cls in ("City", "Place"):
        place = gaz.place_country.get(node.key.split(":", 1)[-1])
        return Context(countries=_qids([place] if place else [], gaz))
    if node.cls != "Official":
        return Context()
    countries: set[str] = set()
    held: set[str] = set()
    employers: set[str] = set()
    for post in graph.posts.get(node.key, ()):
        org = nodes.get(post.organization) if post.organization else None
        if org is not None:
            countries |= _qids(organization_countries(org, graph, gaz), gaz)
            if org.key in links:
                employers.add(links[org.key])
                countries.update(table[links[org.key]].country if links[org.key] in table else ())
        if post.title:
            countries |= _qids(countries_named(post.title, gaz, first_only=True), gaz)
            for item in positions_in(post.title, positions):
                held.add(item.qid)
                countries.update(item.country)
    return Context(frozenset(countries), frozenset(held), frozenset(employers))


def positions_in(title: str, positions: tuple[Item, ...]) -> list[Item]:
    """Position items one of whose labels the title contains as whole words."""
    padded = f" {search_key(title)} "
    return [item for item, keys in position_keys(positions) if any(f" {key} " in padded for key in keys)]


@lru_cache(maxsize=4)
def position_keys(positions: tuple[Item, ...]) -> tuple[tuple[Item, tuple[str, ...]], ...]:
    return tuple((item, tuple(search_key(label) for label in item.labels)) for item in positions)
