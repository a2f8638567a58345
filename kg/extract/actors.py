"""People, posts (memberships), organisations and places, from rules in kg/rules/actors.yaml.

Everything is matched on normalised text (kg.normalize) and mapped back to original offsets.
Known organisations and places come from the gazetteer (longest match wins); unknown
organisations from a head noun plus its complement; people from an honorific + name, a name next
to a post ("NAME، TITLE" / "TITLE، NAME" / "TITLE NAME"), and surname-only back-references.
Posts become Membership facts: the person, the organisation the title names, the title as printed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kg.extract.mentions import FactMention, Mention
from kg.normalize import Normalized, normalize, original_span, search_key
from kg.paths import RULES_DIR
from kg.records import Article, Lit

WORD = r"[\w\u0600-\u06ff]+"
NAME_TOKEN = re.compile(r"[\u0621-\u064a]+")
CONJ = "\u0648"  # waw
PREPS = ("\u0628", "\u0644")  # baa, lam (attached prepositions)
MAX_NAME_TOKENS = 4
TAA_MARBUTA_NORMALISED = "\u0647"  # haa: search keys write taa marbuta as haa
#: preposition + article opening a word ("بالوفد", "للمهاجرين"): such a word ends a name
PREP_ARTICLE = ("\u0628\u0627\u0644", "\u0644\u0644", "\u0643\u0627\u0644", "\u0641\u0627\u0644")  # bal, lil, kal, fal
COMPOUND_NAME_WORDS = frozenset({"\u0639\u0628\u062f", "\u0627\u0628\u0648"})  # abd, abu


@dataclass(frozen=True)
class ActorRules:
    honorifics: dict[str, str | None]
    heads: tuple[tuple[str, str, str | None], ...]  # (normalised phrase, role, gender)
    org_heads: tuple[str, ...]
    stop_words: frozenset[str]
    verbs: frozenset[str]
    not_in_names: frozenset[str]
    generic: tuple[str, ...]
    orgs: tuple[dict, ...]
    places: tuple[dict, ...]
    org_pattern: re.Pattern
    place_pattern: re.Pattern
    variant_of: dict[str, tuple[str, str]]  # normalised variant -> (kind, id)
    minister_of: dict[str, str]  # normalised complement -> org id


def _alternation(phrases) -> str:
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True) if p)


@lru_cache(maxsize=4)
def load_actor_rules(path: str | None = None) -> ActorRules:
    """Load and validate kg/rules/actors.yaml; errors name the file and the section."""
    file = Path(path) if path else RULES_DIR / "actors.yaml"
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{file}: cannot load: {exc}") from None
    for section in ("honorifics", "title_heads", "org_heads", "organizations", "places"):
        if section not in data:
            raise ValueError(f"{file}: missing section {section!r}")
    variant_of: dict[str, tuple[str, str]] = {}
    minister_of: dict[str, str] = {}
    for index, org in enumerate(data["organizations"]):
        if "id" not in org or not org.get("variants"):
            raise ValueError(f"{file}: organizations[{index}] needs id and variants")
        for v in org["variants"]:
            variant_of[search_key(v)] = ("organization", org["id"])
        for m in org.get("minister", []):
            minister_of[search_key(m)] = org["id"]
    for index, place in enumerate(data["places"]):
        if "id" not in place or not place.get("variants"):
            raise ValueError(f"{file}: places[{index}] needs id and variants")
        for v in place["variants"]:
            variant_of[search_key(v)] = (place.get("kind", "country"), place["id"])
    for place in data["places"]:
        for adjective in place.get("adjectives", []):
            for head in ("الحكومة", "حكومة"):
                variant_of[search_key(f"{head} {adjective}")] = ("organization", f"government-{place['id']}")
    for variant, value in list(variant_of.items()):
        if variant.startswith("\u0627\u0644"):  # alef lam: after the preposition lam it is written لل
            variant_of.setdefault("\u0644" + variant[1:], value)
    orgs_alt = _alternation(k for k, (kind, _) in variant_of.items() if kind == "organization")
    places_alt = _alternation(k for k, (kind, _) in variant_of.items() if kind != "organization")
    return ActorRules(
        honorifics={search_key(k): v for k, v in data["honorifics"]["words"].items()},
        heads=tuple((search_key(h["phrase"]), h["role"], h.get("gender"))
                    for h in sorted(data["title_heads"]["heads"], key=lambda h: -len(h["phrase"]))),
        org_heads=tuple(search_key(w) for w in data["org_heads"]["words"]),
        stop_words=frozenset(search_key(w) for w in data["org_heads"]["stop_words"]),
        verbs=frozenset(search_key(w) for w in data.get("verbs", {}).get("words", [])),
        not_in_names=frozenset(search_key(w) for w in data["org_heads"].get("not_in_names", [])),
        generic=tuple(search_key(w) for w in data["org_heads"]["generic"]),
        orgs=tuple(data["organizations"]), places=tuple(data["places"]),
        org_pattern=re.compile(rf"(?<!\w)(?:[{CONJ}{''.join(PREPS)}]|{CONJ}[{''.join(PREPS)}])?({orgs_alt})(?!\w)"),
        place_pattern=re.compile(rf"(?<!\w)(?:[{CONJ}{''.join(PREPS)}]|{CONJ}[{''.join(PREPS)}])?({places_alt})(?!\w)"),
        variant_of=variant_of, minister_of=minister_of)


# ---------------------------------------------------------------------------------------------
@dataclass
class _Zone:
    start: int
    norm: Normalized

    def span(self, a: int, b: int) -> tuple[int, int]:
        s, e = original_span(self.norm, a, b)
        return self.start + s, self.start + e


class _Collector:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.mentions: list[Mention] = []
        self.facts: list[FactMention] = []
        self.taken: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def mention(self, kind: str, start: int, end: int, rule: str, key: str | None = None,
                attrs: tuple = (), text: str | None = None) -> Mention:
        m = Mention(f"a{len(self.mentions) + 1}", kind, text or self.article.text[start:end],
                    start, end, rule, key, attrs)
        self.mentions.append(m)
        self.taken.append((start, end))
        return m


def _strip_affix(text: str, start: int) -> tuple[str, int]:
    """Drop an attached conjunction/preposition (و، ب، ل، وب، ول) from a normalised name."""
    for prefix in (CONJ + "\u0628", CONJ + "\u0644", CONJ, "\u0628", "\u0644"):
        if text.startswith(prefix) and len(text) > len(prefix) + 2:
            rest = text[len(prefix):]
            if rest.startswith("\u0627\u0644") or prefix == CONJ:
                return rest, start + len(prefix)
    return text, start


def extract_actors(article: Article, rules: ActorRules | None = None
                   ) -> tuple[tuple[Mention, ...], tuple[FactMention, ...]]:
    """Mentions of people, organisations and places, and Membership facts, of one article."""
    rules = rules or load_actor_rules()
    out = _Collector(article)
    zones = [_Zone(z.start, normalize(article.text[z.start:z.end])) for z in article.content_zones()]
    for zone in zones:
        _gazetteer(zone, rules, out)
    for zone in zones:
        _unknown_orgs(zone, rules, out)
    for zone in zones:
        _people(zone, rules, out)
    _surname_references(zones, out)
    mentions = _short_forms(out.mentions)
    mentions.sort(key=lambda m: m.start)
    out.mentions[:] = mentions
    return tuple(out.mentions), tuple(out.facts)


PARENT_MARKER = "\u0627\u0644\u062a\u0627\u0628\u0639\u0647 "  # "التابعه ": "affiliated to"


def _foreign_demonyms(rules: ActorRules) -> frozenset[str]:
    """Normalised demonym adjectives of every country but Egypt ("الإيطالية", "الدنماركي" …)."""
    return frozenset(normalize(adj).text for place in rules.places if place.get("id") != "egypt"
                     for adj in place.get("adjectives", []))


def _egyptian_body_of_another_country(text: str, end: int, ident: str, rules: ActorRules,
                                      demonyms: frozenset[str]) -> bool:
    """An Egyptian gazetteer body followed by a foreign demonym ("وزارة الداخلية الإيطالية")."""
    following = text[end:end + 40].split()[:1]
    egyptian = any(o.get("id") == ident and o.get("country") == "egypt" for o in rules.orgs)
    return egyptian and bool(following) and following[0].rstrip("،,.") in demonyms


def _gazetteer(zone: _Zone, rules: ActorRules, out: _Collector) -> None:
    demonyms = _foreign_demonyms(rules)
    for pattern in (rules.org_pattern, rules.place_pattern):
        for m in pattern.finditer(zone.norm.text):
            kind, ident = rules.variant_of[m.group(1)]
            if kind == "organization" and _egyptian_body_of_another_country(
                    zone.norm.text, m.end(1), ident, rules, demonyms):
                continue  # left to the unknown-organisation pattern, which keeps the demonym
            start, end = zone.span(m.start(1), m.end(1))
            inner = PARENT_MARKER in m.group(1) or (kind == "country" and not out.free(start, end))
            if out.free(start, end) or inner:
                prefix = "org" if kind == "organization" else "place"
                printed = out.article.text[start:end]
                if m.group(1).startswith("\u0644\u0644"):  # lam-lam: restore the article ال
                    printed = "\u0627" + printed[1:]
                out.mention(kind if kind in ("organization", "country", "city") else "place",
                            start, end, f"gazetteer-{prefix}", f"{prefix}:{ident}", text=printed)
                if PARENT_MARKER in m.group(1):
                    _parent(zone, rules, out, m.start(1) + m.group(1).index(PARENT_MARKER), m.end(1))


def _parent(zone: _Zone, rules: ActorRules, out: _Collector, a: int, b: int) -> None:
    """The body named after "التابعة لـ" inside a longer name is a (parent) organisation too."""
    for m in rules.org_pattern.finditer(zone.norm.text, a + len(PARENT_MARKER), b):
        kind, ident = rules.variant_of[m.group(1)]
        start, end = zone.span(m.start(1), m.end(1))
        printed = out.article.text[start:end]
        if m.group(1).startswith("\u0644\u0644"):
            printed = "\u0627" + printed[1:]
        out.mention("organization", start, end, "parent-organization", f"org:{ident}", text=printed)


def _title_at(text: str, pos: int, rules: ActorRules) -> tuple[str, str, str | None] | None:
    """The post opening at `pos`: a head phrase, its last word possibly feminine (وزير → وزيرة)."""
    for phrase, role, gender in rules.heads:
        if not text.startswith(phrase, pos):
            continue
        end = pos + len(phrase)
        if end < len(text) and text[end] == TAA_MARBUTA_NORMALISED:
            end += 1
        if end == len(text) or not text[end].isalnum():
            return text[pos:end], role, gender
    return None


_BOUNDARY = re.compile(r"[,.;:!?\"()\n]|\s-\s")


DEFINITE_PREFIXES = ("\u0627\u0644", "\u0644\u0644", "\u0628\u0627\u0644", "\u0648\u0627\u0644",
                     "\u0648\u0644\u0644", "\u0643\u0627\u0644")  # ال لل بال وال ولل كال
LAM_PREFIXES = ("\u0644", "\u0648\u0644")  # ل ول: "لصندوق", "ولمكافحة" open a new genitive chain
NEGATION_NOUN = "\u063a\u064a\u0631"  # ghayr
PLACE_PREPOSITIONS = ("\u0641\u064a", "\u0644\u062f\u064a")  # في، لدي (لدى)


def chain_end(text: str, pos: int, rules: ActorRules, definite: bool, max_words: int = 14) -> tuple[int, int]:
    """End of the genitive chain starting at `pos` (the words of a name or a post), and its length.

    Before a definite word any word may follow (an idafa chain: "صندوق دعم مشروعات …"); after
    one, only definite words (ال، لل، بال، وال …) or a new chain opened by ل / ول; a stop word, a
    verb or punctuation ends it.
    """
    end, count = pos, 0
    for w in NAME_TOKEN.finditer(text, pos):
        if text[end:w.start()].strip() or count == max_words:
            break
        word = w.group(0)
        if word in rules.stop_words or word in rules.verbs or word in rules.not_in_names \
                or word in rules.honorifics:
            break
        if word.startswith(CONJ) and _title_at(text, w.start() + 1, rules):
            break  # "… والمدير التنفيذي لـ…": a second post begins
        if word == NEGATION_NOUN:  # "الهجرة غير الشرعية": غير binds the next word to the name
            end, count = w.end(), count + 1
            continue
        if word.startswith(DEFINITE_PREFIXES):
            definite = True
        elif definite and word.startswith(LAM_PREFIXES) and len(word) > 3:
            definite = False
        elif definite:
            break
        end, count = w.end(), count + 1
    return end, count


def _place_tail(text: str, end: int, rules: ActorRules) -> int:
    """Extend a post over a trailing "في مصر" / "بالقاهرة" / "لدى اليابان" naming a known place."""
    m = re.match(r"\s+(?:(?:" + "|".join(PLACE_PREPOSITIONS) + r")\s+|\u0628)(" + WORD + r"(?:\s" + WORD + r")?)", text[end:])
    if not m:
        return end
    words = m.group(1).split()
    for n in (2, 1):
        candidate = " ".join(words[:n])
        if rules.variant_of.get(candidate, ("",))[0] in ("country", "city", "place"):
            return end + m.start(1) + len(candidate)
    return end


def _title_end(text: str, pos: int, rules: ActorRules) -> int:
    """Where a post that starts at `pos` ends: a comma, a full stop, a line, or a new sentence part."""
    match = _BOUNDARY.search(text, pos)
    end = match.start() if match else len(text)
    for marker in (" لبحث", " لمناقشه", " بمقر", " بحضور", " والوفد", " وذلك", " في اطار"):
        cut = text.find(marker, pos, end)
        if cut != -1:
            end = cut
    head = _title_at(text, pos, rules)
    if head:  # the post's words follow the grammar of a name; a stray verb or clause ends it
        cursor = pos + len(head[0])
        while cursor < end:
            stop, count = chain_end(text, cursor, rules, head[0].startswith("\u0627\u0644"))
            stop = _place_tail(text, stop, rules)
            following = re.match(r"\s+" + CONJ, text[stop:end])
            if following and _title_at(text, stop + following.end(), rules):
                cursor = stop + following.end() + len(_title_at(text, stop + following.end(), rules)[0])
                continue
            end = min(end, stop) if stop > pos + len(head[0]) or count else end
            break
    words = text[pos:end].rstrip().split(" ")
    while len(words) > 1 and len(words[-1]) <= 1:  # a stray preposition ("بـ :")
        words.pop()
    return pos + len(" ".join(words))


def _split_titles(text: str, start: int, end: int, rules: ActorRules) -> list[tuple[int, int, str, str | None]]:
    """A post span may hold two posts joined by و ("معاون الوزيرة والمدير التنفيذي لـ…")."""
    parts, cursor = [], start
    for m in re.finditer(r"\s" + CONJ, text[start:end]):
        at = start + m.end()
        if _title_at(text, at, rules):
            parts.append((cursor, start + m.start()))
            cursor = at
    parts.append((cursor, end))
    out = []
    for a, b in parts:
        head = _title_at(text, a, rules)
        if head:
            out.append((a, b, head[1], head[2]))
    return out


def _name_after(text: str, pos: int, rules: ActorRules) -> tuple[int, int] | None:
    """A person's name of 2-4 words starting at `pos`, stopping at punctuation or a post."""
    tokens = []
    for m in NAME_TOKEN.finditer(text, pos):
        between = text[tokens[-1][1] if tokens else pos:m.start()]
        if between.strip():
            break
        compound = tokens and text[tokens[-1][0]:tokens[-1][1]] in COMPOUND_NAME_WORDS
        if _title_at(text, m.start(), rules) or m.group(0) in rules.stop_words \
                or m.group(0) in rules.honorifics or m.group(0) in rules.verbs \
                or len(tokens) == MAX_NAME_TOKENS or (len(tokens) == 3 and not compound):
            break
        if any(text.startswith(h, m.start()) for h in rules.org_heads) \
                or m.group(0).startswith(PREP_ARTICLE) or m.group(0) in rules.not_in_names:
            break
        tokens.append((m.start(), m.end()))
    if not tokens:
        return None
    return tokens[0][0], tokens[-1][1]


def _people(zone: _Zone, rules: ActorRules, out: _Collector) -> None:
    text = zone.norm.text
    honorific_alt = _alternation(rules.honorifics)
    # 1) honorific + name (+ post)
    for m in re.finditer(rf"(?<!\w)(?:{CONJ}|\u0628|{CONJ}\u0628)?({honorific_alt})\s+", text):
        name = _name_after(text, m.end(), rules)
        if not name:
            continue
        honorific = m.group(1)
        if text.startswith("\u0627\u0644", name[0]):  # alef lam: "السفير الألماني" is no name
            continue
        _person_with_post(zone, rules, out, name, honorific, "person-honorific")
    # 2) NAME، POST / NAME POST (no honorific): a post, looking back for a 2-3 word name
    for head_match in re.finditer(r"(?<=[،,.])\s*|(?<=\s)", text):
        pos = head_match.end()
        if not _title_at(text, pos, rules):
            continue
        # look back for a 2-3 word name just before (optionally before a comma/full stop)
        back = text[:pos].rstrip()
        back = back[:-1].rstrip() if back.endswith(("،", ",", ".")) else back
        segment_start = max(back.rfind(mark) for mark in ("،", ",", ".", "\n", ":")) + 1
        words = [w for w in NAME_TOKEN.finditer(back) if w.start() >= segment_start][-3:]
        cand = [w for w in words if w.end() <= len(back)]
        if cand and cand[0].group(0).startswith(CONJ) and len(cand[0].group(0)) > 3:
            cand[0] = re.compile(r"[\u0621-\u064a]+").match(back, cand[0].start() + 1)
        while cand and (cand[0].group(0) in rules.stop_words or _title_at(back, cand[0].start(), rules)
                        or cand[0].group(0) in rules.honorifics or cand[0].group(0) in rules.verbs):
            cand = cand[1:]
        before = back[:cand[0].start()].split()[-1:] if cand else []
        if before and (_title_at(before[0], 0, rules) or before[0] in rules.honorifics):
            continue  # the words belong to a post or follow an honorific (handled above)
        if len(cand) < 2 or back[cand[0].start():cand[-1].end()].count(" ") != len(cand) - 1:
            continue
        a, b = cand[0].start(), cand[-1].end()
        if any(back[a:b].startswith(h) for h in rules.org_heads) or any(
                w.group(0) in rules.stop_words for w in cand):
            continue
        start, end = zone.span(a, b)
        if out.free(start, end) and _looks_like_name(back[a:b], rules):
            _person_with_post(zone, rules, out, (a, b), None, "person-before-post")
    # 3) POST، NAME  /  POST NAME (a post followed by a name)
    for pos in range(len(text)):
        if pos and text[pos - 1].isalnum():
            continue
        head = _title_at(text, pos, rules)
        if not head:
            continue
        end = _title_end(text, pos, rules)
        after = end + 1 if end < len(text) and text[end] in "،," else end
        name = _name_after(text, after + (1 if after < len(text) and text[after] == " " else 0), rules)
        if not name:
            continue
        # "POST، NAME" or, without the comma, "POST NAME،" (the name closed by a comma)
        comma_after_post = text[end:end + 1] in ("،", ",")
        if not comma_after_post and text[name[1]:name[1] + 1] not in ("،", ","):
            continue
        post_start = zone.span(pos, pos)[0]
        if any(m.kind == "person" and 0 <= post_start - m.end <= 2 for m in out.mentions):
            continue  # "NAME، POST، …": the post already belongs to the name before it
        start, stop = zone.span(*name)
        closed = name[1] == len(text) or text[name[1]:name[1] + 1] in ("،", ",", ".", "\n", ":")
        bare, _ = _strip_affix(text[name[0]:name[1]], name[0])
        if out.free(start, stop) and closed and _looks_like_name(bare, rules):
            person = _add_person(zone, out, name, None, head[2], "person-after-post")
            _add_posts(zone, rules, out, person, pos, end)


def _looks_like_name(text: str, rules: ActorRules) -> bool:
    """2-4 words, none a stop word or a verb, and a first name that is not a definite noun."""
    words = text.split()
    return (2 <= len(words) <= MAX_NAME_TOKENS and not words[0].startswith("\u0627\u0644")
            and not any(w in rules.stop_words or w in rules.verbs or w in rules.not_in_names
                        or w.startswith(PREP_ARTICLE) for w in words))


def _add_person(zone: _Zone, out: _Collector, name: tuple[int, int], honorific: str | None,
                title_gender: str | None, rule: str) -> Mention:
    raw = zone.norm.text[name[0]:name[1]]
    stripped, a = _strip_affix(raw, name[0])
    start, end = zone.span(a, name[1])
    words = out.article.text[start:end].split()
    if len(words) > 2 and words[-1].endswith(("\u064b", "\u0627\u064b", "\u064b\u0627")):
        end = start + len(" ".join(words[:-1]))  # an accusative noun with tanween, not a name
    gender = None
    attrs = []
    if honorific is not None:
        gender = out_honorific_gender(honorific)
        attrs.append(("honorific", out.article.text[zone.span(*_find(zone, honorific, name[0]))[0]:
                                                      zone.span(*_find(zone, honorific, name[0]))[1]]))
    gender = gender or title_gender
    if gender:
        attrs.append(("gender", gender))
    return out.mention("person", start, end, rule, None, tuple(attrs))


def _find(zone: _Zone, honorific: str, before: int) -> tuple[int, int]:
    at = zone.norm.text.rfind(honorific, 0, before)
    return at, at + len(honorific)


def out_honorific_gender(honorific: str) -> str | None:
    return load_actor_rules().honorifics.get(honorific)


def _person_with_post(zone: _Zone, rules: ActorRules, out: _Collector, name: tuple[int, int],
                      honorific: str | None, rule: str) -> None:
    start, end = zone.span(*name)
    if not out.free(start, end):
        return
    text = zone.norm.text
    after = name[1]
    while after < len(text) and text[after] in " ،,.":
        after += 1
    head = _title_at(text, after, rules)
    person = _add_person(zone, out, name, honorific, head[2] if head and not honorific else None, rule)
    if head:
        _add_posts(zone, rules, out, person, after, _title_end(text, after, rules))


def _add_posts(zone: _Zone, rules: ActorRules, out: _Collector, person: Mention, a: int, b: int) -> None:
    text = zone.norm.text
    for s, e, role, _gender in _split_titles(text, a, b, rules):
        start, end = zone.span(s, e)
        org = _org_of_title(zone, rules, out, s, e)
        roles = (("org:member", person.id),) + ((("org:organization", org.id),) if org else ())
        title = out.article.text[start:end].strip()
        out.facts.append(FactMention(
            f"p{len(out.facts) + 1}", "Membership", min(person.start, start), end, "post-after-name",
            None, roles, (("emkg:titleAsPrinted", Lit(title, "ar")), ("emkg:roleId", Lit(role)))))


def _org_of_title(zone: _Zone, rules: ActorRules, out: _Collector, s: int, e: int) -> Mention | None:
    start, end = zone.span(s, e)
    inside = [m for m in out.mentions if m.kind == "organization" and start <= m.start and m.end <= end]
    if inside:
        return inside[0]
    text = zone.norm.text[s:e]
    head = _title_at(zone.norm.text, s, rules)
    complement = text[len(head[0]):].strip() if head else ""
    complement = re.sub(r"\s+(?:في|ب)\s*مصر$|\s+المنتهيه ولايته.*$", "", complement)
    if head and head[1] in ("minister", "deputy_minister", "assistant_minister", "aide_to_minister"):
        key = next((k for k in sorted(rules.minister_of, key=len, reverse=True)
                    if complement.startswith(k)), None)
        printed = _feminine_demonyms(_printed_complement(out.article.text[start:end]), rules)
        demonyms = _foreign_demonyms(rules)
        if any(word in demonyms for word in complement.split()):
            key = None  # another country's ministry ("وزير الداخلية الإيطالي")
        if key:
            return out.mention("organization", start, end, "ministry-from-title",
                               f"org:{rules.minister_of[key]}", text=MINISTRY + " " + printed)
        if printed:
            return out.mention("organization", start, end, "ministry-from-title", None,
                               text=MINISTRY + " " + " ".join(printed.split()[:3]))
    short = _short_reference(out, complement.split()[:1], start)
    if short is not None:
        return out.mention("organization", start, end, "org-short-reference", short.key,
                           text=short.text)
    cities = [m for m in out.mentions if m.kind == "city" and start <= m.start and m.end <= end]
    if head and head[1] == "governor" and cities:
        return out.mention("organization", start, end, "governorate-from-title", None,
                           text=GOVERNORATE + " " + cities[0].text)
    countries = [m for m in out.mentions if m.kind == "country" and start <= m.start and m.end <= end]
    if head and head[1] in ("ambassador", "prime_minister") and countries:
        country = countries[0]
        return out.mention("organization", start, end, "government-from-title",
                           f"org:government-{country.key.split(':', 1)[1]}",
                           text=country.text)  # the state as printed acts as the government
    return None


MINISTRY = "\u0648\u0632\u0627\u0631\u0629"  # wizara: "ministry"


def _short_reference(out: _Collector, words: list[str], before: int) -> Mention | None:
    """The body a bare definite head noun ("اللجنة", "المفوضية") refers to: the nearest named
    organisation of the article opening with that noun (before the post if any, else after)."""
    if not words or not words[0].startswith("\u0627\u0644") or len(words[0]) < 4:  # alef lam
        return None
    named = [m for m in out.mentions if m.kind == "organization" and m.rule_id != "org-short-reference"
             and len(m.text.split()) > 1 and normalize(m.text).text.split()[0] == words[0]]
    earlier = [m for m in named if m.end <= before]
    return earlier[-1] if earlier else (named[0] if named else None)
GOVERNORATE = "\u0645\u062d\u0627\u0641\u0638\u0629"  # muhafaza: "governorate"


def _feminine_demonyms(printed: str, rules: ActorRules) -> str:
    """Masculine demonyms made feminine to agree with وزارة ("الداخلية الإيطالي" -> "… الإيطالية")."""
    feminine_of = {normalize(adj).text: place["adjectives"][0] for place in rules.places
                   for adj in place.get("adjectives", [])[1:2]}
    return " ".join(feminine_of.get(normalize(word).text, word) for word in printed.split())


def _printed_complement(title: str) -> str:
    """What follows "وزير/وزيرة" in a printed post, up to a purpose ("للتعاون …") or a place."""
    words = title.split()
    index = next((i for i, w in enumerate(words) if w.startswith("\u0648\u0632\u064a\u0631")), None)
    if index is None:
        return ""
    rest = []
    for word in words[index + 1:]:
        if word in ("\u0641\u064a",) or word.startswith("\u0644\u0644"):  # "في", "للـ…"
            break
        rest.append(word)
    return " ".join(rest)


def _unknown_orgs(zone: _Zone, rules: ActorRules, out: _Collector) -> None:
    text = zone.norm.text
    heads = _alternation(rules.org_heads)
    for m in re.finditer(rf"(?<!\w)(?:{CONJ}|\u0628|\u0644|{CONJ}\u0628)?({heads})\s", text):
        a = m.start(1)
        if any(text.startswith(g, a) for g in rules.generic):
            continue
        head = m.group(1)
        b, count = chain_end(text, m.end(1), rules, head.startswith("\u0627\u0644"), max_words=7)
        first = NAME_TOKEN.match(text, m.end(1) + 1)
        if count == 0 or (head.startswith("\u0627\u0644") and not (
                first and first.group(0).startswith(DEFINITE_PREFIXES))):
            continue  # "المجلس أن …", "المركز سيستقبل …": an anaphor, not a name
        start, end = zone.span(a, b)
        if out.free(start, end):
            out.mention("organization", start, end, "unknown-organization")


def _short_forms(mentions: list[Mention]) -> list[Mention]:
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


def _surname_references(zones: list[_Zone], out: _Collector) -> None:
    surnames = {m.text.split()[-1]: m for m in out.mentions if m.kind == "person" and len(m.text.split()) > 1}
    keyed = {search_key(k): v for k, v in surnames.items()}
    for zone in zones:
        for m in re.finditer(r'"(' + WORD + r')"', zone.norm.text):
            person = keyed.get(m.group(1))
            start, end = zone.span(m.start(1), m.end(1))
            if person and out.free(start, end):
                out.mention("person", start, end, "surname-reference")
