"""Organisations: known bodies from the gazetteer (Aho-Corasick, longest match wins), the parent
named after "التابعة لـ", unknown bodies from a head noun plus its genitive chain, and short forms
of a body named in full in the same article."""
from __future__ import annotations

import re

from kg.extract.actor_rules import ALEF_LAM, PLACE_KINDS, ActorRules, find_phrases
from kg.extract.collector import Collector, ZoneText
from kg.extract.mentions import Mention
from kg.extract.phrases import DEFINITE_PREFIXES, NAME_TOKEN, chain_end
from kg.normalize import normalize, search_key

#: " بمحافظه X" / " في محافظه X Y"
_GOVERNORATE_TAIL = re.compile(r" (\u0628|\u0641\u064a )\u0645\u062d\u0627\u0641\u0638\u0647 "
                               r"([\u0621-\u064a]+(?: [\u0621-\u064a]+)?)")
COMMAS_AND_STOP = "\u060c,."  # Arabic comma, comma, full stop
EMBASSY = "\u0633\u0641\u0627\u0631\u0647"  # safara (normalised): "embassy"
_QUOTED = re.compile(r'"([^"\n]{2,40})"')
MINISTRY = "\u0648\u0632\u0627\u0631\u0629"  # wizara: "ministry"
PARENT_MARKER = "\u0627\u0644\u062a\u0627\u0628\u0639\u0647 "  # "التابعه ": "affiliated to"


def printed_name(out: Collector, start: int, end: int, matched: str, rules: ActorRules) -> str:
    """A gazetteer name as printed; after the preposition lam the article is restored ("للمنظمة" ->
    "المنظمة", "للجنة" -> "اللجنة")."""
    printed = out.article.text[start:end]
    original = rules.lam_forms.get(matched)
    if original is None:
        return printed
    return (ALEF_LAM if original.startswith(ALEF_LAM + "\u0644") else "\u0627") + printed[1:]  # alef lam lam


def _egyptian_body_of_another_country(text: str, end: int, ident: str, rules: ActorRules) -> bool:
    """An Egyptian gazetteer body followed by a foreign demonym ("وزارة الداخلية الإيطالية")."""
    following = text[end:end + 40].split()[:1]
    egyptian = any(o.get("id") == ident and o.get("country") == "egypt" for o in rules.orgs)
    return egyptian and bool(following) and following[0].rstrip(COMMAS_AND_STOP) in rules.demonyms


def known_bodies(zone: ZoneText, rules: ActorRules, out: Collector) -> None:
    """Gazetteer organisations of one zone."""
    text = zone.norm.text
    for _, a, b, variant in find_phrases(text, rules.org_automaton):
        ident = rules.variant_of[variant][1]
        if _egyptian_body_of_another_country(text, b, ident, rules):
            continue  # left to the unknown-organisation pattern, which keeps the demonym
        start, end = zone.span(a, b)
        inner = PARENT_MARKER in variant
        if out.free(start, end) or inner:
            out.mention("organization", start, end, "gazetteer-org", f"org:{ident}",
                        text=printed_name(out, start, end, variant, rules))
            if inner:
                _parent(zone, rules, out, a + variant.index(PARENT_MARKER) + len(PARENT_MARKER), b)


def _parent(zone: ZoneText, rules: ActorRules, out: Collector, a: int, b: int) -> None:
    """The body named after "التابعة لـ" inside a longer name is a (parent) organisation too."""
    for _, s, e, variant in find_phrases(zone.norm.text[a:b], rules.org_automaton):
        start, end = zone.span(a + s, a + e)
        out.mention("organization", start, end, "parent-organization",
                    f"org:{rules.variant_of[variant][1]}", text=printed_name(out, start, end, variant, rules))


def unknown_bodies(zone: ZoneText, rules: ActorRules, out: Collector) -> None:
    """Organisations the gazetteer does not know: a head noun ("لجنة", "صندوق" …) and its chain."""
    text = zone.norm.text
    for _, a, head_end, head in find_phrases(text, rules.org_head_automaton, space_after=True):
        if any(text.startswith(g, a) for g in rules.generic):
            continue
        b, count = chain_end(text, head_end, rules, head.startswith(ALEF_LAM), max_words=7)
        first = NAME_TOKEN.match(text, head_end + 1)
        if count == 0 or (head.startswith(ALEF_LAM) and not (
                first and first.group(0).startswith(DEFINITE_PREFIXES))):
            continue  # "المجلس أن …", "المركز سيستقبل …": an anaphor, not a name
        b = _governorate_tail(text, b, rules)
        start, end = zone.span(a, b)
        if not _names_something(text, head_end, b, out, start, end):
            continue  # "جمعية أهلية تعمل …": an indefinite noun phrase, not a name
        if _names_a_shelter(text[a:b], rules):
            continue  # a shelter or a care home: the shelters stage reads it
        if _free_but_places(out, head.endswith(EMBASSY), start, end):
            out.mention("organization", start, end, "unknown-organization")


def _names_a_shelter(name: str, rules: ActorRules) -> bool:
    """A shelter word ("لاستضافة", "الرعاية الاجتماعية" …) appears as whole words in `name`."""
    padded = f" {name} "
    return any(f" {w} " in padded for w in rules.shelter_words)


def _names_something(text: str, a: int, b: int, out: Collector, start: int, end: int) -> bool:
    """A body's name holds a definite word ("صندوق دعم المرأة الريفية") or a known place
    ("سفارة هولندا")."""
    return any(w.group(0).startswith(DEFINITE_PREFIXES) for w in NAME_TOKEN.finditer(text, a, b)) or any(
        m.kind in PLACE_KINDS and start <= m.start and m.end <= end for m in out.mentions)


def _free_but_places(out: Collector, embassy: bool, start: int, end: int) -> bool:
    """No mention overlaps [start, end) but cities and places inside it ("هيئة تنمية الصعيد",
    "… بمحافظة الغربية"); a state only in an embassy's name ("سفارة هولندا")."""
    return all(m.end <= start or m.start >= end
               or (m.kind in PLACE_KINDS and start <= m.start and m.end <= end and (embassy or m.kind != "country"))
               for m in out.mentions)


def _governorate_tail(text: str, end: int, rules: ActorRules) -> int:
    """Extend a body's name over "بمحافظة X" / "في محافظة X" ("مديرية التضامن الاجتماعي بمحافظة
    الغربية"): a local office is named by its governorate."""
    m = _GOVERNORATE_TAIL.match(text, end)
    if not m:
        return end
    words = m.group(2).split()
    two = " ".join(words[:2])
    if len(words) == 2 and rules.variant_of.get(two, ("",))[0] in PLACE_KINDS:
        return m.start(2) + len(two)
    return m.start(2) + len(words[0])


def quoted_ministries(zone: ZoneText, rules: ActorRules, out: Collector) -> None:
    """A ministry named in quotes by its portfolio, as headlines do ("«التضامن» تطلق …")."""
    for m in _QUOTED.finditer(zone.norm.text):
        ident = rules.minister_of.get(search_key(m.group(1)))
        start, end = zone.span(m.start(1), m.end(1))
        if ident and out.free(start, end):
            out.mention("organization", start, end, "quoted-ministry", f"org:{ident}",
                        text=MINISTRY + " " + out.article.text[start:end])


def short_reference(out: Collector, words: list[str], before: int) -> Mention | None:
    """The body a bare definite head noun ("اللجنة", "المفوضية") refers to: the nearest named
    organisation of the article opening with that noun (before the post if any, else after)."""
    if not words or not words[0].startswith(ALEF_LAM) or len(words[0]) < 4:
        return None
    named = [m for m in out.mentions if m.kind == "organization" and m.rule_id != "org-short-reference"
             and len(m.text.split()) > 1 and normalize(m.text).text.split()[0] == words[0]]
    earlier = [m for m in named if m.end <= before]
    return earlier[-1] if earlier else (named[0] if named else None)


def short_forms(mentions: list[Mention]) -> list[Mention]:
    """An unknown organisation whose words all occur in a named one of the same article is that
    body's short form ("اللجنة الوطنية" for the national committee named in full)."""
    known = [m for m in mentions if m.kind == "organization" and m.key]
    out = []
    for m in mentions:
        if m.kind == "organization" and m.key is None:
            words = set(search_key(m.text).split())
            full = next((k for k in known if words <= set(search_key(k.text).split())), None)
            if full is not None:
                m = Mention(m.id, m.kind, m.text, m.start, m.end, "short-form-of-named-body", full.key, m.attrs)
        out.append(m)
    return out
