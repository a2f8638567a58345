"""People named without honorific in lists ("بحضور كل من …", "ورافقها …": an item is a person when
a known first name opens it; a post after the name is that person's) and counterparts named by
demonym ("نظيره اليوناني جورج جيرابتريتيس")."""
from __future__ import annotations

import re

from kg.extract.actor_rules import CONJ, ActorRules, find_phrases
from kg.extract.collector import Collector, ZoneText
from kg.extract.people import COMMAS, evidenced_name, name_after, person_with_post
from kg.extract.phrases import NAME_TOKEN, strip_affix

_SENTENCE_END = re.compile(r"[.!?:\n]")
_ITEM_SEPARATOR = re.compile(r"[,\u060c]\s*|\s(?=" + CONJ + r"[\u0621-\u064a])")


def listed_people(zone: ZoneText, rules: ActorRules, out: Collector) -> None:
    """People named in the items of every list of one zone."""
    text = zone.norm.text
    for _, _, end, _ in find_phrases(text, rules.list_marker_automaton, space_after=True):
        stop = _SENTENCE_END.search(text, end)
        items = _ITEM_SEPARATOR.finditer(text[:stop.start() if stop else len(text)], end + 1)
        for pos in (end + 1, *(item.end() for item in items)):
            _listed_person(zone, rules, out, pos)


def _listed_person(zone: ZoneText, rules: ActorRules, out: Collector, pos: int) -> None:
    text = zone.norm.text
    word = NAME_TOKEN.match(text, pos)
    if word is None or strip_affix(word.group(0), 0)[0] in rules.honorifics:
        return  # honorific + name is found by the honorific pattern
    name = name_after(text, pos, rules)
    name = evidenced_name(text, name, rules) if name else None
    if name is not None:
        person_with_post(zone, rules, out, name, None, "person-in-list")


def counterparts(zone: ZoneText, rules: ActorRules, out: Collector) -> None:
    """COUNTERPART DEMONYM NAME: a foreign counterpart, when a known first name opens the name or
    a comma closes it."""
    text = zone.norm.text
    for word in NAME_TOKEN.finditer(text):
        gender = rules.counterparts.get(word.group(0))
        demonym = NAME_TOKEN.match(text, word.end() + 1) if gender else None
        if demonym is None or demonym.group(0) not in rules.country_of_demonym:
            continue
        pos = demonym.end() + (2 if text[demonym.end():demonym.end() + 1] in COMMAS else 1)
        name = name_after(text, pos, rules)
        if name and text[name[1]:name[1] + 1] not in COMMAS:
            name = evidenced_name(text, name, rules)
        if name and out.free(*zone.span(*name)):
            start, end = zone.span(*name)
            out.mention("person", start, end, "person-counterpart", None, (("gender", gender),))
