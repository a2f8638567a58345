"""People, posts (memberships), organisations and places of one article: the entry point
`extract_actors`, running the per-topic extractors in order on normalised content zones.

Rules are data (kg/rules/honorifics, titles, organisations, places, person_patterns .yaml, loaded
by kg.extract.actor_rules). Known organisations and places come from the gazetteer (longest match
wins, kg.extract.organisations / places); unknown organisations from a head noun plus its
complement; people from an honorific + name, a name next to a post, and surname-only
back-references (kg.extract.people), lists and counterparts (kg.extract.attendees). Posts become
Membership facts (kg.extract.posts).
"""
from __future__ import annotations

from kg.extract.actor_rules import ActorRules, load_actor_rules
from kg.extract.attendees import counterparts, listed_people
from kg.extract.collector import Collector, ZoneText
from kg.extract.mentions import FactMention, Mention
from kg.extract.organisations import known_bodies, quoted_ministries, short_forms, unknown_bodies
from kg.extract.people import find_people, surname_references
from kg.extract.places import known_places, unknown_villages
from kg.extract.posts import bodies_of_bare_posts
from kg.normalize import normalize
from kg.records import Article

__all__ = ["ActorRules", "extract_actors", "load_actor_rules"]


def extract_actors(article: Article, rules: ActorRules | None = None
                   ) -> tuple[tuple[Mention, ...], tuple[FactMention, ...]]:
    """Mentions of people, organisations and places, and Membership facts, of one article."""
    rules = rules or load_actor_rules()
    out = Collector(article)
    zones = [ZoneText(z.start, normalize(article.text[z.start:z.end])) for z in article.content_zones()]
    for zone in zones:
        known_bodies(zone, rules, out)
        known_places(zone, rules, out)
    for zone in zones:
        unknown_bodies(zone, rules, out)
        unknown_villages(zone, rules, out)
        quoted_ministries(zone, rules, out)
    for zone in zones:
        find_people(zone, rules, out)
        listed_people(zone, rules, out)
        counterparts(zone, rules, out)
    for zone in zones:
        bodies_of_bare_posts(zone, rules, out)
    surname_references(zones, out)
    mentions = short_forms(out.mentions)
    mentions.sort(key=lambda m: m.start)
    return tuple(mentions), tuple(out.facts)
