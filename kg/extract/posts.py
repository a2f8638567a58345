"""Posts: where a title printed after a head phrase ends, how two titles joined by و split, and the
organisation each title names. Each post becomes a Membership fact (person, organisation, title
as printed, normalised role)."""
from __future__ import annotations

import re
from itertools import takewhile

from kg.extract.actor_rules import CONJ, ActorRules
from kg.extract.collector import Collector, ZoneText
from kg.extract.mentions import FactMention, Mention
from kg.extract.organisations import MINISTRY, short_reference
from kg.extract.phrases import DEFINITE_PREFIXES, NAME_TOKEN, chain_end, title_at, title_starts
from kg.extract.places import place_tail
from kg.normalize import search_key
from kg.records import Lit

BI = "\u0628"  # baa: "in" glued to the body's name
MINISTRY_KEY = "\u0648\u0632\u0627\u0631\u0647"  # wizara as a search key (taa marbuta -> haa)
THE_MINISTER = "\u0627\u0644\u0648\u0632\u064a\u0631"  # al-wazir ("مساعد الوزير", "معاون الوزيرة")
GOVERNORATE = "\u0645\u062d\u0627\u0641\u0638\u0629"  # muhafaza: "governorate"
GOVERNOR_ROLES = frozenset({"governor", "deputy_governor"})
MINISTER_ROLES = frozenset({"minister", "deputy_minister", "assistant_minister", "aide_to_minister"})
_BOUNDARY = re.compile(r"[,.;:!?\"()\n]|\s-\s")
#: words that open a new part of the sentence after a post
#: " لبحث", " لمناقشه", " بمقر", " بحضور", " والوفد", " وذلك", " في اطار"
CLAUSE_MARKERS = (" \u0644\u0628\u062d\u062b", " \u0644\u0645\u0646\u0627\u0642\u0634\u0647", " \u0628\u0645\u0642\u0631",
                  " \u0628\u062d\u0636\u0648\u0631", " \u0648\u0627\u0644\u0648\u0641\u062f",
                  " \u0648\u0630\u0644\u0643", " \u0641\u064a \u0627\u0637\u0627\u0631")
_FOLLOWING_CONJ = re.compile(r"\s+" + CONJ)
_ACRONYM = re.compile(r" \([\u0621-\u064aA-Za-z]+(?: [\u0621-\u064aA-Za-z]+)?\)")  # " (يونيسف)", " (UNICEF)"
#: a trailing "في مصر" / "بمصر", or "المنتهيه ولايته" (outgoing) and what follows
_TRAILING_PLACE = re.compile("\\s+(?:\u0641\u064a|\u0628)\\s*\u0645\u0635\u0631$"
                             "|\\s+\u0627\u0644\u0645\u0646\u062a\u0647\u064a\u0647 \u0648\u0644\u0627\u064a\u062a\u0647.*$")


def title_end(text: str, pos: int, rules: ActorRules) -> int:
    """Where a post that starts at `pos` ends: a comma, a full stop, a line, or a new sentence part."""
    match = _BOUNDARY.search(text, pos)
    while match and _ACRONYM.match(text, match.start() - 1):  # "(يونيسف)" is part of the post
        match = _BOUNDARY.search(text, _ACRONYM.match(text, match.start() - 1).end())
    end = match.start() if match else len(text)
    for marker in CLAUSE_MARKERS:
        cut = text.find(marker, pos, end)
        if cut != -1:
            end = cut
    head = title_at(text, pos, rules)
    if head:  # the post's words follow the grammar of a name; a stray verb or clause ends it
        cursor = pos + len(head[0])
        while cursor < end:
            stop, count = chain_end(text, cursor, rules, head[0].split(" ")[-1].startswith(DEFINITE_PREFIXES))
            stop = place_tail(text, _acronym_tail(text, _body_tail(text, stop, rules)), rules)
            following = _FOLLOWING_CONJ.match(text, stop, end)
            second = following and title_at(text, following.end(), rules)
            if second:
                cursor = following.end() + len(second[0])
                continue
            end = min(end, stop) if stop > pos + len(head[0]) or count or _honorific_at(text, stop, rules) else end
            break
    words = text[pos:end].rstrip().split(" ")
    kept = len(head[0].split(" ")) + 1 if head else 1  # the head and its first complement
    words = words[:kept] + list(takewhile(lambda w: w not in rules.post_enders, words[kept:]))
    while len(words) > 1 and len(words[-1]) <= 1:  # a stray preposition ("بـ :")
        words.pop()
    return pos + len(" ".join(words))


def _acronym_tail(text: str, end: int) -> int:
    """Extend a post over the acronym printed after its body's name ("… للطفولة (اليونيسف)")."""
    m = _ACRONYM.match(text, end)
    return m.end() if m else end


def _body_tail(text: str, end: int, rules: ActorRules) -> int:
    """Extend a post over "بوزارة …" / "بالمجلس القومي …" naming the body it is held in
    ("مديرة البرامج بوزارة التضامن")."""
    if not (text.startswith(" " + BI, end) and text.startswith(rules.org_heads, end + 2)):
        return end
    stop, count = chain_end(text, end + 1, rules, False)
    return stop if count > 1 else end


def _honorific_at(text: str, pos: int, rules: ActorRules) -> bool:
    """The next word is an honorific ("رئيس مجلس الوزراء الدكتور …"): a name follows the post."""
    word = NAME_TOKEN.match(text, pos + 1 if text[pos:pos + 1] == " " else pos)
    return bool(word) and word.group(0) in rules.honorifics


def split_titles(text: str, start: int, end: int, rules: ActorRules) -> list[tuple[int, int, str, str | None]]:
    """A post span may hold two posts joined by و ("معاون الوزيرة والمدير التنفيذي لـ…")."""
    parts, cursor = [], start
    for m in re.finditer(r"\s" + CONJ, text[start:end]):
        at = start + m.end()
        if title_at(text, at, rules):
            parts.append((cursor, start + m.start()))
            cursor = at
    parts.append((cursor, end))
    out = []
    for a, b in parts:
        head = title_at(text, a, rules)
        if head:
            out.append((a, b, head[1], head[2]))
    return out


def add_posts(zone: ZoneText, rules: ActorRules, out: Collector, person: Mention, a: int, b: int) -> None:
    """Membership facts for the post(s) printed at normalised [a, b) of the zone."""
    text = zone.norm.text
    for s, e, role, _gender in split_titles(text, a, b, rules):
        start, end = zone.span(s, e)
        add_membership(out, person, start, end, role, org_of_title(zone, rules, out, s, e))


def add_membership(out: Collector, person: Mention, start: int, end: int, role: str,
                   org: Mention | None) -> None:
    """A Membership fact: `person` holds the post printed at original [start, end) in `org`; a
    post naming no organisation the article identifies is no Membership (person, post, body)."""
    if org is None:
        return
    roles = (("org:member", person.id),) + ((("org:organization", org.id),) if org else ())
    title = out.article.text[start:end].strip()
    out.facts.append(FactMention(
        f"p{len(out.facts) + 1}", "Membership", min(person.start, start), end, "post-after-name",
        None, roles, (("emkg:titleAsPrinted", Lit(title, "ar")), ("emkg:roleId", Lit(role)))))


def org_of_title(zone: ZoneText, rules: ActorRules, out: Collector, s: int, e: int) -> Mention | None:
    """The organisation a post names: one found inside it, a ministry from a minister's title, the
    body a bare head noun refers to, a governorate, or a state's government."""
    start, end = zone.span(s, e)
    inside = [m for m in out.mentions if m.kind == "organization" and start <= m.start and m.end <= end]
    if inside:
        return inside[0]
    head = title_at(zone.norm.text, s, rules)
    if not head:
        return None
    complement = _TRAILING_PLACE.sub("", zone.norm.text[s:e][len(head[0]):].strip())
    if head[1] in MINISTER_ROLES:
        ministry = (_the_ministry(out, start, end) if head[0].split(" ")[-1].startswith(THE_MINISTER)
                    else _ministry(rules, out, complement, start, end))
        if ministry:
            return ministry
    short = short_reference(out, complement.split()[:1], start)
    if short is not None:
        return out.mention("organization", start, end, "org-short-reference", short.key, text=short.text)
    within = [m for m in out.mentions if start <= m.start and m.end <= end]
    if head[1] in GOVERNOR_ROLES:
        governorate = _governorate(rules, within, complement)
        if governorate:
            return out.mention("organization", start, end, "governorate-from-title", None, text=governorate)
    countries = [m for m in within if m.kind == "country"]
    if head[1] in ("ambassador", "prime_minister") and countries:
        country = countries[0]
        return out.mention("organization", start, end, "government-from-title",
                           f"org:government-{country.key.split(':', 1)[1]}",
                           text=country.text)  # the state as printed acts as the government
    state = next((rules.country_of_demonym[w] for w in complement.split()[:2] if w in rules.country_of_demonym), None)
    if head[1] in ("ambassador", "prime_minister") and state:  # "رئيسة الوزراء الدنماركية"
        return out.mention("organization", start, end, "government-from-title",
                           f"org:government-{state['id']}", text=state["variants"][0])
    return None


def bodies_of_bare_posts(zone: ZoneText, rules: ActorRules, out: Collector) -> None:
    """A post printed without a name ("وزيرة التضامن الاجتماعي", "سفيرة الدنمارك") still names its
    body (the ministry, the state's government, the agency), so meetings can use it; a governor's
    post is left alone."""
    text = zone.norm.text
    post_until = 0
    for pos, (_, role, _) in sorted(title_starts(text, rules).items()):
        if pos < post_until or role in GOVERNOR_ROLES:
            continue  # "محافظ أسوان يتفقد …" is a visit, not a meeting of the governorate; "محافظة" is a place
        post_until = title_end(text, pos, rules)
        for s, e, _role, _gender in split_titles(text, pos, post_until, rules):
            start, end = zone.span(s, e)
            if any(m.kind == "organization" and start <= m.start and m.end <= end for m in out.mentions):
                continue
            found = len(out.mentions)
            org = org_of_title(zone, rules, out, s, e)
            if org is not None and len(out.mentions) > found and _held_by_someone_named(out, org):
                out.mentions.pop()  # "وناقشت وزيرة التضامن …" restates the minister named before
                out.taken.pop()


def _held_by_someone_named(out: Collector, org: Mention) -> bool:
    """A Membership of the article already names a person holding a post in `org`."""
    by_id = {m.id: m for m in out.mentions}
    held = [by_id.get(dict(f.roles).get("org:organization")) for f in out.facts if f.cls == "Membership"]
    return any(m is not None and m is not org and (m.key == org.key if org.key else m.text == org.text)
               for m in held)


def _governorate(rules: ActorRules, within: list[Mention], complement: str) -> str | None:
    """The governorate a governor's post names: a city or governorate mentioned in it
    ("محافظ الإسكندرية"), or one the gazetteer knows only as "محافظة X" ("محافظ الغربية")."""
    places = [m for m in within if m.kind in ("city", "place")]
    if places:
        printed = places[0].text
        return printed if printed.startswith(GOVERNORATE) else GOVERNORATE + " " + printed
    words = complement.split()
    for n in (2, 1):
        kind, ident = rules.variant_of.get(search_key(GOVERNORATE + " " + " ".join(words[:n])), ("", ""))
        if kind in ("city", "place") and len(words) >= n:
            entry = next(p for p in rules.places if p["id"] == ident)
            return next((v for v in entry["variants"] if v.startswith(GOVERNORATE)), entry["variants"][0])
    return None


def _the_ministry(out: Collector, start: int, end: int) -> Mention | None:
    """"مساعد الوزير": the ministry the article names, the nearest before the post (else after)."""
    named = [m for m in out.mentions if m.kind == "organization" and search_key(m.text).startswith(MINISTRY_KEY)]
    earlier = [m for m in named if m.end <= start]
    ministry = earlier[-1] if earlier else (named[0] if named else None)
    if ministry is None:
        return None
    return out.mention("organization", start, end, "org-short-reference", ministry.key, text=ministry.text)


def _ministry(rules: ActorRules, out: Collector, complement: str, start: int, end: int) -> Mention | None:
    """The ministry a minister's title names: a gazetteer ministry, else one labelled from the title."""
    key = next((k for k in sorted(rules.minister_of, key=len, reverse=True)
                if complement == k or complement.startswith(k + " ")), None)
    printed = _feminine_demonyms(_printed_complement(out.article.text[start:end]), rules)
    if any(word in rules.demonyms for word in complement.split()):
        key = None  # another country's ministry ("وزير الداخلية الإيطالي")
    if key:
        return out.mention("organization", start, end, "ministry-from-title",
                           f"org:{rules.minister_of[key]}", text=MINISTRY + " " + printed)
    if printed:
        return out.mention("organization", start, end, "ministry-from-title", None,
                           text=MINISTRY + " " + " ".join(printed.split()[:3]))
    return None


def _feminine_demonyms(printed: str, rules: ActorRules) -> str:
    """Masculine demonyms made feminine to agree with وزارة ("الداخلية الإيطالي" -> "… الإيطالية")."""
    return " ".join(rules.feminine_of.get(search_key(word), word) for word in printed.split())


def _printed_complement(title: str) -> str:
    """What follows "وزير/وزيرة" in a printed post, up to a portfolio ("للتعاون …", "لشؤون …") or a
    place."""
    words = title.split()
    index = next((i for i, w in enumerate(words) if w.startswith("\u0648\u0632\u064a\u0631")), None)
    if index is None:
        return ""
    rest = []
    for word in words[index + 1:]:
        if word in ("\u0641\u064a",) or word.startswith("\u0644"):  # "في", a portfolio "للـ…"/"لشؤون …"
            break
        rest.append(word)
    return " ".join(rest)
