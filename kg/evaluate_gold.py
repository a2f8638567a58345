"""Reading gold files in the schema of seeds-gold.yaml: name keys, canonical entities, scored items."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

try:  # the shared normaliser; a tiny fallback keeps the scorer usable without it
    from kg.normalize import search_key
except ImportError:  # pragma: no cover
    def search_key(text: str) -> str:
        return " ".join(text.split()).casefold()

LEVELS = ("MUST", "SHOULD", "MAY")
PLACE_CLASSES = frozenset({"Place", "Country", "City"})
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
WILDCARD = "*"
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
    """The names a gold string offers: parts split on ' / ' plus Arabic text inside parentheses.
    An ellipsis ("مكتب ... في مصر") becomes a wildcard "*" for `name_match_strength`."""
    text = text.replace("...", f" {WILDCARD} ").replace("\u2026", f" {WILDCARD} ")
    inner = [m for m in _PARENS.findall(text) if _ARABIC_RUN.search(m)]
    parts = [p for chunk in [_PARENS.sub(" ", text), *inner] for p in chunk.split(" / ")]
    keys = (name_key(p) for p in parts if _ARABIC_RUN.search(p))
    return tuple(dict.fromkeys(k for k in keys if k))


def name_match_strength(a: str, b: str) -> tuple[int, int]:
    """(2, len) for equal keys or a gold pattern "head * tail" that a label fills, (1, len of the
    shorter) for a long name inside the other, else (0, 0)."""
    if not a or not b:
        return (0, 0)
    if WILDCARD in a or WILDCARD in b:
        pattern, other = (b, a) if WILDCARD in b else (a, b)
        head, _, tail = (part.strip() for part in pattern.partition(WILDCARD))
        fills = other.startswith(f"{head} ") and other.endswith(f" {tail}") and len(other) > len(head) + len(tail) + 2
        return (2, len(other)) if fills else (0, 0)
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


MINISTER_WORDS = frozenset(search_key(w) for w in (
    "\u0648\u0632\u064A\u0631",  # waw-zain-yeh-reh: wazir (minister)
    "\u0648\u0632\u064A\u0631\u0629",  # ... teh marbuta: wazira
))
MINISTRY_WORD = search_key("\u0648\u0632\u0627\u0631\u0629")  # waw-zain-alef-reh-teh marbuta: wizara


def ministry_from_title(title: str) -> str | None:
    """'وزيرة الهجرة ...' -> the key of 'وزارة الهجرة ...': the ministry a minister's title implies."""
    words = name_key(title).split()
    return " ".join([MINISTRY_WORD, *words[1:]]) if len(words) > 1 and words[0] in MINISTER_WORDS else None


def canonical_entities(gold: dict) -> dict[str, Canonical]:
    """Canonical entities with the organisation names written in the articles' entries added, and
    the ministry named by a minister's title (for ministries the gold gives only as implied)."""
    canon = _canonicals(gold)
    seeds = _seed_entries(gold)
    extra: dict[str, set[str]] = defaultdict(set)
    for official in gold.get("canonical_officials") or ():
        for role in official.get("roles") or ():
            implied = ministry_from_title(str(role.get("title_ar", "")))
            if implied and role.get("org") in canon:
                extra[role["org"]].add(implied)
    for seed in seeds.values():
        for entry in _section(seeds, seed, "organizations"):
            written = entry.get("as_written") or []
            for form in [written] if isinstance(written, str) else written:
                if "ref" in entry and not str(form).lstrip().startswith("("):
                    extra[entry["ref"]].update(name_alternatives(str(form)))
    return {cid: Canonical(c.ident, c.cls, c.keys | extra[cid], c.parent, c.classes, c.office, c.files)
            for cid, c in canon.items()}
