"""The actor rule files (kg/rules/honorifics, titles, organisations, places, person_patterns .yaml),
validated on load and compiled into Aho-Corasick automata over normalised text.

Every phrase is compared after Arabic normalisation (kg.normalize.search_key). A loading error
names the file and the rule (section id or gazetteer entry) at fault.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
import yaml

from kg.normalize import search_key
from kg.paths import RULES_DIR

CONJ = "\u0648"  # waw
PREPS = ("\u0628", "\u0644")  # baa, lam (attached prepositions)
#: what may be glued before a gazetteer name: و، ب، ل، وب، ول
NAME_PREFIXES = ("", CONJ, *PREPS, *(CONJ + p for p in PREPS))
HONORIFIC_PREFIXES = ("", CONJ, "\u0628", CONJ + "\u0628")  # "، و، ب، وب"
ALEF_LAM = "\u0627\u0644"  # the article ال
GOVERNMENT_HEADS = ("\u0627\u0644\u062d\u0643\u0648\u0645\u0629", "\u062d\u0643\u0648\u0645\u0629")  # al-hukuma, hukuma: "government"

#: file name -> sections it must hold (a dict section with an id, or a list of gazetteer entries)
RULE_FILES = {
    "honorifics.yaml": ("honorifics",),
    "titles.yaml": ("title_heads",),
    "organisations.yaml": ("org_heads", "organizations"),
    "places.yaml": ("places", "village_heads"),
    "person_patterns.yaml": ("verbs", "name_limits", "list_markers", "counterparts"),
}
PLACE_KINDS = frozenset({"country", "city", "place"})
FIRST_NAMES = Path(__file__).resolve().parents[1] / "data" / "first-names.tsv"


@dataclass(frozen=True)
class ActorRules:
    honorifics: dict[str, str | None]  # normalised honorific -> gender
    honorific_of_lam: dict[str, str]  # an honorific after the preposition lam ("للسيده") -> the honorific
    heads: tuple[tuple[str, str, str | None], ...]  # (normalised phrase, role, gender), longest first
    heads_by_word: dict[str, tuple[tuple[str, str, str | None], ...]]  # first word -> heads
    org_heads: tuple[str, ...]
    shelter_words: tuple[str, ...]  # a body named with one is a shelter ("… لاستضافة المرأة المعنفة")
    post_enders: frozenset[str]  # a post never runs over these ("… الاستراتيجية الوطنية")
    stop_words: frozenset[str]
    verbs: frozenset[str]
    object_verbs: frozenset[str]  # verbs whose subject is the post and object the next person
    first_names: dict[str, str]  # normalised first name -> gender
    not_in_names: frozenset[str]
    institution_nouns: frozenset[str]  # never part of a person's name (with the common nouns)
    noun_honorifics: frozenset[str]  # "الوزير": a name after it needs a first name or a comma
    generic: tuple[str, ...]
    orgs: tuple[dict, ...]
    places: tuple[dict, ...]
    variant_of: dict[str, tuple[str, str]]  # normalised variant (also after lam) -> (kind, id)
    lam_forms: dict[str, str]  # variant written after the preposition lam -> the variant
    minister_of: dict[str, str]  # normalised complement -> org id
    org_automaton: ahocorasick.Automaton  # values: (prefix length, variant)
    place_automaton: ahocorasick.Automaton
    honorific_automaton: ahocorasick.Automaton
    org_head_automaton: ahocorasick.Automaton
    title_automaton: ahocorasick.Automaton  # values: (key length, (phrase, role, gender))
    list_marker_automaton: ahocorasick.Automaton  # "كل من", "رافقها" …: a list of people follows
    counterparts: dict[str, str]  # "نظيره", "نظيرتها" … -> gender of the counterpart
    demonyms: frozenset[str]  # normalised adjectives of every country but Egypt
    feminine_of: dict[str, str]  # normalised masculine demonym -> printed feminine one
    country_of_demonym: dict[str, dict]  # normalised demonym -> its place entry
    village_heads: frozenset[str]  # "قريه", "عزبه" …: an unknown village's name follows
    village_not_names: frozenset[str]


def _read(file: Path) -> dict:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{file}: cannot load: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{file}: expected a mapping of sections")
    for section in RULE_FILES[file.name]:
        if section not in data:
            raise ValueError(f"{file}: missing section {section!r}")
    return data


def _section(file: Path, data: dict, name: str, *keys: str) -> dict:
    """A rule section: a mapping with an id, its required keys and well-formed examples."""
    section = data[name]
    if not isinstance(section, dict) or not section.get("id"):
        raise ValueError(f"{file}: section {name!r} needs an id")
    for key in keys:
        if not section.get(key):
            raise ValueError(f"{file}: rule {section['id']!r} needs {key!r}")
    examples = section.get("examples") or {}
    if not isinstance(examples, dict) or set(examples) - {"match", "no_match"}:
        raise ValueError(f"{file}: rule {section['id']!r}: examples take only match / no_match")
    return section


def _entries(file: Path, data: dict, name: str) -> list[dict]:
    """Gazetteer entries: each a mapping with an id and a non-empty list of variants."""
    entries = data[name]
    if not isinstance(entries, list):
        raise ValueError(f"{file}: {name!r} must be a list")
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"{file}: {name}[{index}]"
        if not isinstance(entry, dict) or "id" not in entry or not entry.get("variants"):
            raise ValueError(f"{where} needs id and variants")
        if entry["id"] in seen:
            raise ValueError(f"{file}: rule {entry['id']!r} appears twice")
        if not all(isinstance(v, str) and v.strip() for v in entry["variants"]):
            raise ValueError(f"{file}: rule {entry['id']!r}: every variant must be a non-empty string")
        if name == "places" and entry.get("kind", "country") not in PLACE_KINDS:
            raise ValueError(f"{file}: rule {entry['id']!r}: kind must be one of {sorted(PLACE_KINDS)}")
        seen.add(entry["id"])
    return entries


def _heads(file: Path, section: dict) -> tuple[tuple[str, str, str | None], ...]:
    heads = []
    for index, head in enumerate(section["heads"]):
        if not isinstance(head, dict) or not head.get("phrase") or not head.get("role"):
            raise ValueError(f"{file}: rule {section['id']!r}: heads[{index}] needs phrase and role")
        if head.get("gender") not in (None, "male", "female"):
            raise ValueError(f"{file}: rule {section['id']!r}: heads[{index}] gender must be male/female/null")
        heads.append((search_key(head["phrase"]), head["role"], head.get("gender")))
    return tuple(sorted(heads, key=lambda h: -len(h[0])))


def _variants(orgs: list[dict], places: list[dict]) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    variant_of: dict[str, tuple[str, str]] = {}
    minister_of: dict[str, str] = {}
    for org in orgs:
        for v in org["variants"]:
            variant_of[search_key(v)] = ("organization", org["id"])
        for m in org.get("minister", []):
            minister_of[search_key(m)] = org["id"]
    for place in places:
        for v in place["variants"]:
            variant_of[search_key(v)] = (place.get("kind", "country"), place["id"])
    for place in places:
        for adjective in place.get("adjectives", []):
            for head in GOVERNMENT_HEADS:
                variant_of[search_key(f"{head} {adjective}")] = ("organization", f"government-{place['id']}")
    return variant_of, minister_of


def _lam_forms(variant_of: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Every definite variant as written after the preposition lam -> the variant."""
    return {lam_form(v): v for v in variant_of if v.startswith(ALEF_LAM) and lam_form(v) not in variant_of}


def lam_form(variant: str) -> str:
    """A definite name after the preposition lam: "المنظمه" -> "للمنظمه", "اللجنه" -> "للجنه"."""
    rest = variant[len(ALEF_LAM):]
    return ("\u0644" if rest.startswith("\u0644") else "\u0644\u0644") + rest  # lam / lam lam


def automaton(phrases, prefixes: tuple[str, ...] = ("",)) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton of `phrases`, each also with every glued prefix; values are
    (prefix length, phrase)."""
    auto = ahocorasick.Automaton()
    for phrase in phrases:
        if not phrase:
            continue
        for prefix in prefixes:
            key = prefix + phrase
            if key not in auto or auto.get(key)[0] > len(prefix):
                auto.add_word(key, (len(prefix), phrase))
    if len(auto) == 0:
        auto.add_word("\x00", (0, "\x00"))  # an empty automaton cannot be searched
    auto.make_automaton()
    return auto


def is_word_char(ch: str) -> bool:
    """What the regular-expression class \\w accepts."""
    return ch.isalnum() or ch == "_"


def find_phrases(text: str, auto: ahocorasick.Automaton, space_after: bool = False
                 ) -> list[tuple[int, int, int, str]]:
    """Leftmost-longest, non-overlapping whole-word matches of `auto` in `text`, as
    (start with prefix, phrase start, phrase end, phrase); with `space_after` a space must follow."""
    best: dict[int, tuple[int, int, str]] = {}
    for last, (prefix_len, phrase) in auto.iter(text):
        end = last + 1
        start = end - prefix_len - len(phrase)
        if start and is_word_char(text[start - 1]):
            continue
        if space_after and not (end < len(text) and text[end].isspace()):
            continue
        if end < len(text) and is_word_char(text[end]):
            continue
        if start not in best or end > best[start][0]:
            best[start] = (end, prefix_len, phrase)
    hits, cursor = [], 0
    for start in sorted(best):
        if start < cursor:
            continue
        end, prefix_len, phrase = best[start]
        hits.append((start, start + prefix_len, end, phrase))
        cursor = end
    return hits


def title_automaton(heads: tuple[tuple[str, str, str | None], ...]) -> ahocorasick.Automaton:
    """Every post head, also with a final haa (a feminine last word: وزير -> وزيره); a phrase
    printed as such wins over a shorter one plus haa."""
    auto = ahocorasick.Automaton()
    for suffix in ("", "\u0647"):  # haa
        for head in heads:
            key = head[0] + suffix
            if key not in auto:
                auto.add_word(key, (len(key), head))
    auto.make_automaton()
    return auto


def _demonyms(places: list[dict]) -> tuple[frozenset[str], dict[str, str]]:
    foreign = frozenset(search_key(adj) for place in places if place.get("id") != "egypt"
                        for adj in place.get("adjectives", []))
    feminine_of = {search_key(adj): place["adjectives"][0] for place in places
                   for adj in place.get("adjectives", [])[1:2]}
    return foreign, feminine_of


def load_first_names(file: Path = FIRST_NAMES) -> dict[str, str]:
    """Known first names (name<TAB>gender lines, # comments), normalised."""
    names: dict[str, str] = {}
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, gender = line.partition("\t")
        if gender.strip() not in ("male", "female"):
            raise ValueError(f"{file}:{number}: expected name<TAB>male|female, got {line!r}")
        names[search_key(name)] = gender.strip()
    return names


@lru_cache(maxsize=4)
def load_actor_rules(rules_dir: str | None = None) -> ActorRules:
    """Load and validate the actor rule files of `rules_dir` (default kg/rules)."""
    folder = Path(rules_dir) if rules_dir else RULES_DIR
    files = {name: folder / name for name in RULE_FILES}
    data = {name: _read(path) for name, path in files.items()}
    honorifics = _section(files["honorifics.yaml"], data["honorifics.yaml"], "honorifics", "words")
    titles = _section(files["titles.yaml"], data["titles.yaml"], "title_heads", "heads")
    org_heads = _section(files["organisations.yaml"], data["organisations.yaml"], "org_heads", "words")
    verbs = _section(files["person_patterns.yaml"], data["person_patterns.yaml"], "verbs", "words")
    limits = _section(files["person_patterns.yaml"], data["person_patterns.yaml"], "name_limits", "stop_words")
    markers = _section(files["person_patterns.yaml"], data["person_patterns.yaml"], "list_markers", "words")
    counterparts = _section(files["person_patterns.yaml"], data["person_patterns.yaml"], "counterparts", "words")
    orgs = _entries(files["organisations.yaml"], data["organisations.yaml"], "organizations")
    places = _entries(files["places.yaml"], data["places.yaml"], "places")
    villages = _section(files["places.yaml"], data["places.yaml"], "village_heads", "words")
    variant_of, minister_of = _variants(orgs, places)
    lam_forms = _lam_forms(variant_of)
    variant_of.update({lam: variant_of[variant] for lam, variant in lam_forms.items()})
    heads = _heads(files["titles.yaml"], titles)
    by_word: dict[str, list] = {}
    for head in heads:
        by_word.setdefault(head[0].split(" ")[0], []).append(head)
    honorific_words = {search_key(k): v for k, v in honorifics["words"].items()}
    org_head_words = tuple(search_key(w) for w in org_heads["words"])
    demonyms, feminine_of = _demonyms(places)
    return ActorRules(
        honorifics=honorific_words, heads=heads,
        honorific_of_lam={lam_form(h): h for h in honorific_words if h.startswith(ALEF_LAM)},
        heads_by_word={word: tuple(items) for word, items in by_word.items()},
        org_heads=org_head_words,
        shelter_words=tuple(search_key(w) for w in org_heads.get("shelter_words", [])),
        post_enders=frozenset(search_key(w) for w in titles.get("post_enders", [])),
        stop_words=frozenset(search_key(w) for w in limits["stop_words"]),
        verbs=frozenset(search_key(w) for w in verbs["words"]),
        object_verbs=frozenset(search_key(w) for w in verbs.get("object_verbs", [])),
        first_names=load_first_names(),
        not_in_names=frozenset(search_key(w) for w in limits.get("not_in_names", [])),
        institution_nouns=frozenset(search_key(w) for w in limits.get("institution_nouns", [])
                                    + limits.get("common_nouns", []) + limits.get("event_nouns", [])
                                    + limits.get("time_words", [])),
        noun_honorifics=frozenset(search_key(w) for w in limits.get("noun_honorifics", [])),
        generic=tuple(search_key(w) for w in org_heads.get("generic", [])),
        orgs=tuple(orgs), places=tuple(places), variant_of=variant_of, minister_of=minister_of,
        lam_forms=lam_forms,
        org_automaton=automaton((k for k, (kind, _) in variant_of.items() if kind == "organization"),
                                NAME_PREFIXES),
        place_automaton=automaton((k for k, (kind, _) in variant_of.items() if kind != "organization"),
                                  NAME_PREFIXES),
        honorific_automaton=automaton([*honorific_words, *(lam_form(h) for h in honorific_words
                                                           if h.startswith(ALEF_LAM))], HONORIFIC_PREFIXES),
        org_head_automaton=automaton(org_head_words, NAME_PREFIXES[:4] + (CONJ + "\u0628",)),
        title_automaton=title_automaton(heads),
        list_marker_automaton=automaton(search_key(w) for w in markers["words"]),
        counterparts={search_key(w): g for w, g in counterparts["words"].items()},
        demonyms=demonyms, feminine_of=feminine_of,
        country_of_demonym={search_key(adj): place for place in places for adj in place.get("adjectives", [])},
        village_heads=frozenset(search_key(w) for w in villages["words"]),
        village_not_names=frozenset(search_key(w) for w in villages.get("not_names", [])))
