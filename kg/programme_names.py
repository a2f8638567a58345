"""Programme names that identify one programme across articles (used by kg.resolve).

A strategy's full title, a campaign's quoted name, a hotline's number name one real programme;
"حملة توعية" or "برنامج تدريبي" describe one and are left to each article. A name is reduced to
its class, its normalised words (the first word's article dropped) and the period of years that
ends it, so "الاستراتيجية … 2016-2026" and its short form can be told to be one programme.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kg.normalize import normalize_text, search_key

#: Key prefix of programmes resolved by name ("programme:named/Strategy/…"); the rest keyed per article.
NAMED_PROGRAMME = "programme:named/"
WORD_LISTS = Path(__file__).resolve().parent / "rules" / "programme_names.yaml"
#: Classes whose "names" are mostly descriptions ("إعادة تأهيل الضحايا"): merged only when quoted.
DESCRIBED_CLASSES = frozenset({"ServiceProgramme", "TrainingProgramme"})
MIN_NAME_WORDS = 3  # "حملة توعية", "الاستراتيجية الوطنية": too generic to be one programme
#: Prefixes of a first word that carry the definite article (the preposition is dropped too).
DEFINITE_PREFIXES = (
    "\u0648\u0628\u0627\u0644",  # waw beh alef lam: "wa-bi-l"
    "\u0648\u0644\u0644",  # waw lam lam: "wa-li-l"
    "\u0628\u0627\u0644",  # beh alef lam: "bi-l"
    "\u0648\u0627\u0644",  # waw alef lam: "wa-l"
    "\u0641\u0627\u0644",  # feh alef lam: "fa-l"
    "\u0643\u0627\u0644",  # kaf alef lam: "ka-l"
    "\u0644\u0644",  # lam lam: "li-l"
    "\u0627\u0644",  # alef lam: "al-"
)
_ALEF_LAM = "\u0627\u0644"  # alef lam: "al-"
_PREPOSITION_LETTERS = ("\u0644", "\u0628")  # lam, beh: "li-", "bi-" end a construct chain
_LISTS = ("function_words", "plural_heads", "generic_modifiers", "anaphoric_bodies",
          "relative_words")


def load_word_lists(path: Path = WORD_LISTS) -> dict[str, frozenset[str]]:
    """The word lists of kg/rules/programme_names.yaml, checked: each list present, each entry one
    word already in normalised spelling; errors name the file and the list."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the word lists: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: must map list names to lists of words")
    unknown = sorted(set(data) - set(_LISTS))
    if unknown:
        raise ValueError(f"{path}: unknown lists {unknown}")
    lists = {}
    for name in _LISTS:
        words = data.get(name)
        if not isinstance(words, list) or not words:
            raise ValueError(f"{path}: list '{name}' is missing or empty")
        for word in words:
            if not isinstance(word, str) or search_key(word) != word or " " in word:
                raise ValueError(f"{path}: list '{name}': {word!r} is not one word in "
                                 f"normalised spelling (write {search_key(str(word))!r})")
        lists[name] = frozenset(words)
    return lists


_WORDS = load_word_lists()
FUNCTION_WORDS = _WORDS["function_words"]  # end a construct chain before any definite word
PLURAL_HEADS = _WORDS["plural_heads"]  # a name starting so names several programmes
GENERIC_MODIFIERS = _WORDS["generic_modifiers"]  # do not count towards MIN_NAME_WORDS
ANAPHORIC_BODIES = _WORDS["anaphoric_bodies"]  # a bare "al-wizara": which one depends on the article
RELATIVE_WORDS = _WORDS["relative_words"]  # al-jadida, hadhihi: relative to the article
_LI_AL = "\u0644\u0644"  # lam lam: "li-l", the article after the preposition "li"
_BI_AL = ("\u0628\u0627\u0644", "\u0648\u0627\u0644")  # beh alef lam, waw alef lam: "bi-l", "wa-l"
_HOTLINE_NUMBER = re.compile(r"(?<!\d)\d{3,6}(?!\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")
#: a hotline's number as printed, with "رقم" and brackets: " رقم ١٦٠٠٠", " (16000)"
_PRINTED_NUMBER = re.compile(
    "\\s*\\(?\\s*(?:\u0631\u0642\u0645\\s*)?"  # reh qaf meem: "raqm"
    "[0-9\u0660-\u0669\u06F0-\u06F9]{3,6}\\s*\\)?")  # western, arabic-indic, persian digits
_QUOTED = re.compile(r'"[^"]*\w\w[^"]*"')
_MARKS = re.compile("[\u064B-\u065F\u0670\u0640]")  # harakat, superscript alef, tatweel
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")


@dataclass(frozen=True)
class ProgrammeName:
    """What identifies a named programme: its class, its name without period (first article
    dropped, normalised) or a hotline's number, and the period printed with it."""

    cls: str
    base: str
    period: tuple[int | None, int] | None = None
    alias: str | None = None  # a numbered hotline's name without its number, if a name itself


@lru_cache(maxsize=1)
def _period_rules() -> tuple:
    """The rules of kg/rules/programmes.yaml that read a programme's period of years."""
    from kg.extract.event_text import rule_set

    return rule_set(None, "programmes").labelled("emkg:startYear", "emkg:endYear")


def _year(groups: dict, *names: str) -> int | None:
    found = next((groups[n] for n in names if groups.get(n)), None)
    return int(found) if found else None


def split_period(key: str) -> tuple[str, tuple[int | None, int] | None]:
    """A normalised name and the period of years that ends it ("… 2016-2026", "(2024-2026)",
    "للفترة من 2023 إلى 2030", "حتى عام 2030"), or the name and None."""
    best = None
    for rule in _period_rules():
        for match in rule.pattern.finditer(key):
            if match.end() == len(key) and (best is None or match.start() < best.start()):
                best = match
    if best is None:
        return key, None
    groups = best.groupdict()
    end = _year(groups, "end", "end2", "until")
    if end is None:
        return key, None
    return key[:best.start()].rstrip(" -,("), (_year(groups, "start", "start2"), end)


def format_period(period: tuple[int | None, int]) -> str:
    return f"{period[0] or ''}-{period[1]}"


def _hotline_number(key: str) -> str | None:
    numbers = [n for n in _HOTLINE_NUMBER.findall(key) if not _YEAR.fullmatch(n)]
    return numbers[-1] if numbers else None


def _printed_words(printed: str) -> list[str]:
    """The printed words without diacritics and surrounding punctuation (alef forms kept)."""
    words = (_EDGE_PUNCTUATION.sub("", w) for w in _MARKS.sub("", printed).split())
    return [w for w in words if w]


def _definite_prefix(printed_first: str) -> str | None:
    """The article-bearing prefix of a printed first word ("الخط", "للخط"; not "آلية")."""
    return next((p for p in DEFINITE_PREFIXES
                 if printed_first.startswith(p) and len(printed_first) > len(p) + 1), None)


def _construct_definite(words: list[str]) -> bool:
    """An indefinite head made definite by a construct chain ("استراتيجية منظمة الهجرة"), not
    by a preposition or adjective ("حملة توعية بمخاطر …", "برنامج تدريبي لـ…")."""
    for word in words[1:]:
        if word in FUNCTION_WORDS or word.startswith(_PREPOSITION_LETTERS) or word.isdigit():
            return False
        if word.startswith(_ALEF_LAM) and len(word) > 3:
            return True
    return False


def _with_article(word: str) -> str:
    """A word with the article as "ال", its preposition or conjunction dropped ("للوزارة")."""
    if word.startswith(_LI_AL):
        return _ALEF_LAM + word[2:]
    return _ALEF_LAM + word[3:] if word.startswith(_BI_AL) else word


def _relative(words: list[str]) -> bool:
    """A name whose referent depends on its article: a relative word, or a body named by a bare
    definite noun that nothing specifies ("استراتيجية الوزارة للعام المقبل", "خطة عمل اللجنة")."""
    for index, word in enumerate(_with_article(w) for w in words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in RELATIVE_WORDS or (index and word in ANAPHORIC_BODIES
                                      and not following.startswith(_ALEF_LAM)):
            return True
    return False


def _specific_words(words: list[str]) -> int:
    """The head plus the words after it that are not generic modifiers."""
    bare = (w[2:] if w.startswith(_ALEF_LAM) else w for w in words[1:])
    return 1 + sum(w not in GENERIC_MODIFIERS for w in bare)


def programme_name(cls: str, printed: str) -> ProgrammeName | None:
    """The identity of a programme printed as `printed`, or None when it is a description
    rather than a proper name (too short, indefinite, a plural head, a service described)."""
    key = search_key(printed)
    number = _hotline_number(key) if cls == "Hotline" else None
    if number:
        unnumbered = programme_name(cls, _PRINTED_NUMBER.sub("", printed))
        return ProgrammeName(cls, number, alias=unnumbered.base if unnumbered else None)
    base, period = split_period(key)
    words = base.split()
    printed_words = _printed_words(printed)
    if not words or not printed_words:
        return None
    prefix = _definite_prefix(printed_words[0])
    if prefix and words[0].startswith(prefix):
        words[0] = words[0][len(prefix):]
    name = ProgrammeName(cls, " ".join(words), period)
    if _QUOTED.search(normalize_text(printed)):
        return name
    if (cls in DESCRIBED_CLASSES or _specific_words(words) < MIN_NAME_WORDS
            or words[0] in PLURAL_HEADS or not (prefix or _construct_definite(words))
            or _relative(base.split())):
        return None
    return name


def programme_merge_reason(name: ProgrammeName, printed: str) -> str:
    """Why every article naming a programme so cites one node: the identity read from the name
    printed (what the mention says, not what came before it, so adding an article again changes
    nothing)."""
    if name.cls == "Hotline" and name.base.isdigit():
        return (f"hotline '{printed}' resolved by its number {name.base}: every article printing "
                f"this number cites this one hotline")
    without = f" with its period {format_period(name.period)} left out" if name.period else ""
    return (f"{name.cls} '{printed}' resolved by its proper name{without}: every article naming it "
            f"so (spelling, first article and quotes aside) cites this one programme")
