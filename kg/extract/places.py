"""Places: countries, cities and other places of the gazetteer (kg/rules/places.yaml), and the
place words that end a post ("رئيس بعثة المنظمة في مصر", "سفيرة هولندا لدى القاهرة")."""
from __future__ import annotations

import re

from kg.extract.actor_rules import PLACE_KINDS, ActorRules, find_phrases
from kg.extract.collector import Collector, ZoneText
from kg.extract.organisations import printed_name
from kg.extract.phrases import WORD

PLACE_PREPOSITIONS = ("\u0641\u064a", "\u0644\u062f\u064a")  # في، لدي (لدى)
ABROAD = "\u0627\u0644\u062e\u0627\u0631\u062c"  # al-kharij: "abroad" ("المصريين في الخارج")
_TAIL = re.compile(r"\s+(?:(?:" + "|".join(PLACE_PREPOSITIONS) + r")\s+|\u0628)(" + WORD + r"(?:\s" + WORD + r")?)")


def known_places(zone: ZoneText, rules: ActorRules, out: Collector) -> None:
    """Gazetteer places of one zone; a country inside an organisation's name is a place too."""
    for _, a, b, variant in find_phrases(zone.norm.text, rules.place_automaton):
        kind, ident = rules.variant_of[variant]
        start, end = zone.span(a, b)
        if out.free(start, end) or kind == "country":
            out.mention(kind if kind in ("country", "city") else "place", start, end,
                        "gazetteer-place", f"place:{ident}", text=printed_name(out, start, end, variant))


def place_tail(text: str, end: int, rules: ActorRules) -> int:
    """Extend a post over a trailing "في مصر" / "بالقاهرة" / "لدى اليابان" naming a known place."""
    m = _TAIL.match(text, end)
    if not m:
        return end
    words = m.group(1).split()
    for n in (2, 1):
        candidate = " ".join(words[:n])
        if rules.variant_of.get(candidate, ("",))[0] in PLACE_KINDS or candidate == ABROAD:
            return m.start(1) + len(candidate)
    return end
