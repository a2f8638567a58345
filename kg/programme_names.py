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

from kg.normalize import normalize_text, search_key

#: Key prefix of programmes resolved by name ("programme:named/Strategy/…"); the rest keyed per article.
NAMED_PROGRAMME = "programme:named/"
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
#: Words that end a construct chain before any definite word (normalised spelling).
FUNCTION_WORDS = frozenset({
    "\u0641\u064A",  # feh yeh: fi
    "\u0645\u0646",  # meem noon: min
    "\u0639\u0644\u064A",  # ain lam yeh: ala
    "\u0627\u0644\u064A",  # alef lam yeh: ila
    "\u0639\u0646",  # ain noon: an
    "\u0645\u0639",  # meem ain: maa
    "\u0628\u064A\u0646",  # beh yeh noon: bayna
    "\u062D\u0648\u0644",  # hah waw lam: hawla
    "\u0636\u062F",  # dad dal: didd
    "\u062E\u0644\u0627\u0644",  # khah lam alef lam: khilal
    "\u0646\u062D\u0648",  # noon hah waw: nahwa
    "\u0639\u0628\u0631",  # ain beh reh: abra
    "\u062A\u062D\u062A",  # teh hah teh: taht
    "\u0648",  # waw: wa
})
#: Plural heads: "البرامج التوعوية …" are several programmes, never one named programme.
PLURAL_HEADS = frozenset({
    "\u0628\u0631\u0627\u0645\u062C",  # beh reh alef meem jeem: baramij
    "\u062D\u0645\u0644\u0627\u062A",  # hah meem lam alef teh: hamalat
    "\u0645\u0628\u0627\u062F\u0631\u0627\u062A",  # meem beh alef dal reh alef teh: mubadarat
    "\u0645\u0634\u0631\u0648\u0639\u0627\u062A",  # meem sheen reh waw ain alef teh: mashruat
    "\u0645\u0634\u0627\u0631\u064A\u0639",  # meem sheen alef reh yeh ain: mashari
    "\u062E\u0637\u0637",  # khah tah tah: khutat
    "\u0627\u0633\u062A\u0631\u0627\u062A\u064A\u062C\u064A\u0627\u062A",  # alef seen teh reh alef teh yeh jeem yeh alef teh: istratijiyat
    "\u062E\u0637\u0648\u0637",  # khah tah waw tah: khutut
    "\u062E\u062F\u0645\u0627\u062A",  # khah dal meem alef teh: khadamat
    "\u0627\u0646\u0634\u0637\u0647",  # alef noon sheen tah heh: anshita
    "\u062F\u0648\u0631\u0627\u062A",  # dal waw reh alef teh: dawrat
    "\u0634\u0631\u0627\u0643\u0627\u062A",  # sheen reh alef kaf alef teh: sharakat
    "\u0627\u0644\u064A\u0627\u062A",  # alef lam yeh alef teh: aliyyat
    "\u062C\u0647\u0648\u062F",  # jeem heh waw dal: juhud
    "\u0635\u0646\u0627\u062F\u064A\u0642",  # sad noon alef dal yeh qaf: sanadiq
})
#: Modifiers that add nothing specific to a head ("خطة العمل التنفيذية", "الحملة القومية"),
#: without their article; a name needs MIN_NAME_WORDS words besides them (its head counts).
GENERIC_MODIFIERS = frozenset({
    "\u0648\u0637\u0646\u064A\u0647",  # waw tah noon yeh heh: wataniyya
    "\u0648\u0637\u0646\u064A",  # waw tah noon yeh: watani
    "\u0642\u0648\u0645\u064A\u0647",  # qaf waw meem yeh heh: qawmiyya
    "\u0642\u0648\u0645\u064A",  # qaf waw meem yeh: qawmi
    "\u062A\u0646\u0641\u064A\u0630\u064A\u0647",  # teh noon feh yeh thal yeh heh: tanfidhiyya
    "\u062A\u0646\u0641\u064A\u0630\u064A",  # teh noon feh yeh thal yeh: tanfidhi
    "\u0634\u0627\u0645\u0644\u0647",  # sheen alef meem lam heh: shamila
    "\u0634\u0627\u0645\u0644",  # sheen alef meem lam: shamil
    "\u0645\u062A\u0643\u0627\u0645\u0644\u0647",  # meem teh kaf alef meem lam heh: mutakamila
    "\u0645\u062A\u0643\u0627\u0645\u0644",  # meem teh kaf alef meem lam: mutakamil
    "\u0639\u0627\u0645\u0647",  # ain alef meem heh: amma
    "\u0639\u0627\u0645",  # ain alef meem: amm
    "\u0631\u064A\u064A\u0633\u064A\u0647",  # reh yeh yeh seen yeh heh: raisiyya
    "\u0631\u064A\u064A\u0633\u064A",  # reh yeh yeh seen yeh: raisi
    "\u0627\u0633\u062A\u0631\u0627\u062A\u064A\u062C\u064A\u0647",  # alef seen teh reh alef teh yeh jeem yeh heh: istratijiyya
    "\u0627\u0633\u062A\u0631\u0627\u062A\u064A\u062C\u064A",  # alef seen teh reh alef teh yeh jeem yeh: istratiji
    "\u0639\u0645\u0644",  # ain meem lam: amal ("خطة العمل")
    "\u0645\u0634\u062A\u0631\u0643\u0647",  # meem sheen teh reh kaf heh: mushtaraka
    "\u0645\u0634\u062A\u0631\u0643",  # meem sheen teh reh kaf: mushtarak
    "\u062A\u0648\u0639\u0648\u064A\u0647",  # teh waw ain waw yeh heh: tawawiyya
    "\u062A\u0648\u0639\u0648\u064A",  # teh waw ain waw yeh: tawawi
    "\u0627\u0639\u0644\u0627\u0645\u064A\u0647",  # alef ain lam alef meem yeh heh: ilamiyya
    "\u0627\u0639\u0644\u0627\u0645\u064A",  # alef ain lam alef meem yeh: ilami
    "\u062A\u062F\u0631\u064A\u0628\u064A\u0647",  # teh dal reh yeh beh yeh heh: tadribiyya
    "\u062A\u062F\u0631\u064A\u0628\u064A",  # teh dal reh yeh beh yeh: tadribi
    "\u0633\u0627\u062E\u0646",  # seen alef khah noon: sakhin ("الخط الساخن")
    "\u0627\u0648\u0644\u064A",  # alef waw lam yeh: ula
    "\u062B\u0627\u0646\u064A\u0647",  # theh alef noon yeh heh: thaniya
    "\u062B\u0627\u0644\u062B\u0647",  # theh alef lam theh heh: thalitha
})
#: Bodies named by a bare definite noun ("خطة عمل اللجنة"): which one depends on the article.
ANAPHORIC_BODIES = frozenset({
    "\u0627\u0644\u0648\u0632\u0627\u0631\u0647",  # alef lam waw zain alef reh heh: al-wizara
    "\u0627\u0644\u0645\u0646\u0638\u0645\u0647",  # alef lam meem noon zah meem heh: al-munazzama
    "\u0627\u0644\u0644\u062C\u0646\u0647",  # alef lam lam jeem noon heh: al-lajna
    "\u0627\u0644\u0645\u062C\u0644\u0633",  # alef lam meem jeem lam seen: al-majlis
    "\u0627\u0644\u062D\u0643\u0648\u0645\u0647",  # alef lam hah kaf waw meem heh: al-hukuma
    "\u0627\u0644\u062F\u0648\u0644\u0647",  # alef lam dal waw lam heh: al-dawla
    "\u0627\u0644\u0645\u062D\u0627\u0641\u0638\u0647",  # alef lam meem hah alef feh zah heh: al-muhafaza
    "\u0627\u0644\u062C\u0645\u0639\u064A\u0647",  # alef lam jeem meem ain yeh heh: al-jamiyya
    "\u0627\u0644\u0645\u0648\u0633\u0633\u0647",  # alef lam meem waw seen seen heh: al-muassasa
    "\u0627\u0644\u0647\u064A\u064A\u0647",  # alef lam heh yeh yeh heh: al-hayaa
    "\u0627\u0644\u0645\u0631\u0643\u0632",  # alef lam meem reh kaf zain: al-markaz
    "\u0627\u0644\u0635\u0646\u062F\u0648\u0642",  # alef lam sad noon dal waw qaf: al-sunduq
    "\u0627\u0644\u062C\u0647\u0627\u0632",  # alef lam jeem heh alef zain: al-jihaz
    "\u0627\u0644\u0628\u0639\u062B\u0647",  # alef lam beh ain theh heh: al-bitha
    "\u0627\u0644\u0633\u0641\u0627\u0631\u0647",  # alef lam seen feh alef reh heh: al-sifara
    "\u0627\u0644\u0645\u0641\u0648\u0636\u064A\u0647",  # alef lam meem feh waw dad yeh heh: al-mufawwadiyya
    "\u0627\u0644\u0648\u0643\u0627\u0644\u0647",  # alef lam waw kaf alef lam heh: al-wakala
    "\u0627\u0644\u0627\u062F\u0627\u0631\u0647",  # alef lam alef dal alef reh heh: al-idara
    "\u0627\u0644\u0645\u062F\u064A\u0631\u064A\u0647",  # alef lam meem dal yeh reh yeh heh: al-mudiriyya
})
#: Words that make a name relative to its article ("الخطة الجديدة", "هذه الاستراتيجية").
RELATIVE_WORDS = frozenset({
    "\u0627\u0644\u062C\u062F\u064A\u062F\u0647",  # alef lam jeem dal yeh dal heh: al-jadida
    "\u0627\u0644\u062C\u062F\u064A\u062F",  # alef lam jeem dal yeh dal: al-jadid
    "\u0627\u0644\u062D\u0627\u0644\u064A\u0647",  # alef lam hah alef lam yeh heh: al-haliyya
    "\u0627\u0644\u062D\u0627\u0644\u064A",  # alef lam hah alef lam yeh: al-hali
    "\u0627\u0644\u0645\u0642\u0628\u0644\u0647",  # alef lam meem qaf beh lam heh: al-muqbila
    "\u0627\u0644\u0645\u0642\u0628\u0644",  # alef lam meem qaf beh lam: al-muqbil
    "\u0627\u0644\u0645\u0627\u0636\u064A\u0647",  # alef lam meem alef dad yeh heh: al-madiya
    "\u0627\u0644\u0645\u0627\u0636\u064A",  # alef lam meem alef dad yeh: al-madi
    "\u0627\u0644\u0633\u0627\u0628\u0642\u0647",  # alef lam seen alef beh qaf heh: al-sabiqa
    "\u0627\u0644\u0633\u0627\u0628\u0642",  # alef lam seen alef beh qaf: al-sabiq
    "\u0627\u0644\u0645\u0630\u0643\u0648\u0631\u0647",  # alef lam meem thal kaf waw reh heh: al-madhkura
    "\u0627\u0644\u0645\u0630\u0643\u0648\u0631",  # alef lam meem thal kaf waw reh: al-madhkur
    "\u0647\u0630\u0647",  # heh thal heh: hadhihi
    "\u0647\u0630\u0627",  # heh thal alef: hadha
    "\u0630\u0644\u0643",  # thal lam kaf: dhalika
    "\u062A\u0644\u0643",  # teh lam kaf: tilka
})
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
