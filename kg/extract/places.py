"""Places: countries, cities and other places of the gazetteer (kg/rules/places.yaml), and the
place words that end a post ("رئيس بعثة المنظمة في مصر", "سفيرة هولندا لدى القاهرة")."""
from __future__ import annotations

import re

from kg.extract.actor_rules import PLACE_KINDS, ActorRules, find_phrases
from kg.extract.collector import Collector, ZoneText
from kg.extract.organisations import printed_name
from kg.extract.phrases import DEFINITE_PREFIXES, NAME_TOKEN, WORD, bounds_name, title_at

PLACE_PREPOSITIONS = ("\u0641\u064a", "\u0644\u062f\u064a")  # في، لدي (لدى)
VILLAGE_PREFIXES = ("\u0628", "\u0648", "\u0644")  # ب، و، ل glued to the head noun
ABROAD = "\u0627\u0644\u062e\u0627\u0631\u062c"  # al-kharij: "abroad" ("المصريين في الخارج")
_TAIL = re.compile(r"\s+(?:(?:" + "|".join(PLACE_PREPOSITIONS) + r")\s+|\u0628)(" + WORD + r"(?:\s" + WORD + r")?)")


def known_places(zone: ZoneText, rules: ActorRules, out: Collector) -> None:
    """Gazetteer places of one zone; a country inside an organisation's name is a place too."""
    for _, a, b, variant in find_phrases(zone.norm.text, rules.place_automaton):
        kind, ident = rules.variant_of[variant]
        start, end = zone.span(a, b)
        if out.free(start, end) or kind == "country":
            out.mention(kind if kind in ("country", "city") else "place", start, end,
                        "gazetteer-place", f"place:{ident}", text=printed_name(out, start, end, variant, rules))


def unknown_villages(zone: ZoneText, rules: ActorRules, out: Collector) -> None:
    """A village the gazetteer does not know: "قرية الحرجة", "عزبة ميت الكرما"."""
    text = zone.norm.text
    for head in NAME_TOKEN.finditer(text):
        word = head.group(0)
        bare = word[1:] if word[:1] in VILLAGE_PREFIXES and word[1:] in rules.village_heads else word
        if bare not in rules.village_heads:
            continue
        name = _village_name(text, head.end(), rules)
        if name is None:
            continue
        start, end = zone.span(head.end() - len(bare), name)
        if out.free(start, end):
            out.mention("place", start, end, "unknown-village")


def _village_name(text: str, pos: int, rules: ActorRules) -> int | None:
    """End of a village's name after its head noun: one definite word, or an indefinite word and
    the word after it (a construct)."""
    words = []
    for m in NAME_TOKEN.finditer(text, pos):
        if text[(words[-1].end() if words else pos):m.start()] != " " or len(words) == 2:
            break
        words.append(m)
    if not words or any(bounds_name(w.group(0), rules) or w.group(0) in rules.village_not_names
                        or title_at(text, w.start(), rules) for w in words[:1]):
        return None
    first = words[0].group(0)
    if first.startswith(DEFINITE_PREFIXES) or len(words) == 1:
        return words[0].end()
    second = words[1].group(0)
    if bounds_name(second, rules) or second in rules.village_not_names or not second.startswith("\u0627\u0644"):
        return None
    return words[1].end()


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
