"""Arabic normalisation as small pure functions, each keeping an offset map to the original.

Every step maps a `Normalized` to a `Normalized`; `to_original[i]` is the index in the ORIGINAL
text of normalised character i, plus one trailing entry equal to len(original).

Choices (documented here, relied on by the extractors):
- Diacritics (harakat, shadda, sukun, superscript alef, Quranic marks) and tatweel are removed.
- Alef forms (hamza above/below, madda, wasla) become bare alef; alef maqsura becomes yaa;
  taa marbuta becomes haa; hamza on waw / on yaa become waw / yaa (standalone hamza is kept).
- Persian/Urdu letters used by some sites (yeh, keheh, heh doachashmee, heh goal, ae) map to
  their Arabic counterparts; presentation forms (ligatures such as lam-alef) are decomposed.
- Eastern Arabic and Persian digits become ASCII digits.
- Quotes become `"` or `'`; Arabic comma, semicolon, question mark, percent and decimal marks
  become their ASCII counterparts; dashes become "-"; the ellipsis becomes "...".
- Zero-width and bidi control characters are removed; no-break and other wide spaces become a
  space; runs of spaces and tabs become one space (line breaks are kept as they are).
Glued words ("هذاالمجال") are NOT split by `normalize`; call `split_glued` explicitly.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import reduce
from typing import Callable, Iterable, Mapping


@dataclass(frozen=True)
class Normalized:
    """A normalised text and, per character, its index in the original (plus a trailing end)."""

    text: str
    to_original: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.to_original) != len(self.text) + 1:
            raise ValueError(
                f"to_original has {len(self.to_original)} entries for {len(self.text)} chars"
            )


def identity(text: str) -> Normalized:
    """The unnormalised text with the identity offset map."""
    return Normalized(text, tuple(range(len(text) + 1)))


def original_span(norm: Normalized, start: int, end: int) -> tuple[int, int]:
    """The span of the original text that normalised [start, end) came from."""
    if not 0 <= start <= end <= len(norm.text):
        raise ValueError(f"span {start}..{end} outside normalised text of {len(norm.text)} chars")
    begin = norm.to_original[start]
    if end == start:
        return begin, begin
    finish = norm.to_original[end]
    last = norm.to_original[end - 1]
    if finish <= last:  # the span ends inside an expansion ("..." from one ellipsis)
        finish = last + 1
    return begin, finish


# ---------------------------------------------------------------------------------------------
# Character maps (data). Values are replacement strings: "" deletes, longer strings expand.

def _range_map(first: int, last: int, value: str) -> dict[str, str]:
    return {chr(cp): value for cp in range(first, last + 1)}


DIACRITICS: dict[str, str] = {
    **_range_map(0x064B, 0x065F, ""),  # fathatan .. wavy hamza below (harakat, shadda, sukun)
    "\u0670": "",  # superscript alef
    **_range_map(0x0610, 0x061A, ""),  # Quranic honorific signs and small marks
    **_range_map(0x06D6, 0x06DC, ""),  # Quranic small high ligatures
    **_range_map(0x06DF, 0x06E4, ""),  # small high rounded zero .. small high madda
    "\u06E7": "", "\u06E8": "",  # small high yeh, small high noon
    **_range_map(0x06EA, 0x06ED, ""),  # empty centre stops, small low meem
    "\u0640": "",  # tatweel
}

LETTERS: dict[str, str] = {
    "\u0623": "\u0627",  # alef with hamza above -> alef
    "\u0625": "\u0627",  # alef with hamza below -> alef
    "\u0622": "\u0627",  # alef with madda -> alef
    "\u0671": "\u0627",  # alef wasla -> alef
    "\u0672": "\u0627",  # alef with wavy hamza above -> alef
    "\u0673": "\u0627",  # alef with wavy hamza below -> alef
    "\u0649": "\u064A",  # alef maqsura -> yeh
    "\u0629": "\u0647",  # teh marbuta -> heh
    "\u0624": "\u0648",  # waw with hamza above -> waw
    "\u0626": "\u064A",  # yeh with hamza above -> yeh
    "\u06CC": "\u064A",  # farsi yeh -> yeh
    "\u06CD": "\u064A",  # yeh with tail -> yeh
    "\u06D0": "\u064A",  # e (pashto yeh) -> yeh
    "\u06D2": "\u064A",  # yeh barree -> yeh
    "\u06A9": "\u0643",  # keheh -> kaf
    "\u06AA": "\u0643",  # swash kaf -> kaf
    "\u06BE": "\u0647",  # heh doachashmee -> heh
    "\u06C0": "\u0647",  # heh with yeh above -> heh
    "\u06C1": "\u0647",  # heh goal -> heh
    "\u06C2": "\u0647",  # heh goal with hamza above -> heh
    "\u06C3": "\u0647",  # teh marbuta goal -> heh
    "\u06D5": "\u0647",  # ae -> heh
}

DIGITS: dict[str, str] = {
    **{chr(0x0660 + d): str(d) for d in range(10)},  # arabic-indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # extended (persian) digits
}

PUNCTUATION: dict[str, str] = {
    "\u00AB": '"', "\u00BB": '"',  # guillemets
    "\u201C": '"', "\u201D": '"', "\u201E": '"', "\u201F": '"',  # double quotes
    "\u2033": '"', "\u301D": '"', "\u301E": '"',  # double prime, CJK double quotes
    "\u2018": "'", "\u2019": "'", "\u201A": "'", "\u201B": "'", "\u2032": "'",  # single quotes
    "\u060C": ",",  # arabic comma
    "\u061B": ";",  # arabic semicolon
    "\u061F": "?",  # arabic question mark
    "\u06D4": ".",  # arabic full stop
    "\u066A": "%",  # arabic percent sign
    "\u066B": ".",  # arabic decimal separator
    "\u066C": ",",  # arabic thousands separator
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",  # minus sign
    "\u2026": "...",  # ellipsis
}

INVISIBLES: dict[str, str] = {
    "\u00AD": "",  # soft hyphen
    "\u061C": "",  # arabic letter mark
    **_range_map(0x200B, 0x200F, ""),  # zero width space/non-joiner/joiner, LRM, RLM
    **_range_map(0x202A, 0x202E, ""),  # bidi embeddings and overrides
    **_range_map(0x2060, 0x2064, ""),  # word joiner, invisible operators
    **_range_map(0x2066, 0x2069, ""),  # bidi isolates
    "\uFEFF": "",  # zero width no-break space (BOM)
}

SPACES: dict[str, str] = {
    "\u00A0": " ", "\u1680": " ", "\u202F": " ", "\u205F": " ", "\u3000": " ",
    **_range_map(0x2000, 0x200A, " "),  # en quad .. hair space
}


def _presentation_forms() -> dict[str, str]:
    """Arabic presentation forms A and B (e.g. lam-alef ligatures) -> their NFKC letters."""
    table: dict[str, str] = {}
    for cp in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)):
        char = chr(cp)
        folded = unicodedata.normalize("NFKC", char)
        if folded != char:
            table[char] = folded.strip() if folded.strip() else ""
    return table


PRESENTATION_FORMS: dict[str, str] = _presentation_forms()


# ---------------------------------------------------------------------------------------------
# The engine: apply one character map, carrying the offsets.

def _char_class(table: Mapping[str, str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(table)) + "]")


def splice(norm: Normalized, edits: Iterable[tuple[int, int, str]]) -> Normalized:
    """Replace each text[start:end] by a string (edits sorted, not overlapping); every replacement
    character maps to the original offset of `start` (an insertion when start == end)."""
    text, offsets = norm.text, norm.to_original
    pieces: list[str] = []
    new_offsets: list[int] = []
    last = 0
    for start, end, replacement in edits:
        pieces.append(text[last:start])
        new_offsets.extend(offsets[last:start])
        pieces.append(replacement)
        new_offsets.extend([offsets[start]] * len(replacement))
        last = end
    if not pieces:
        return norm
    pieces.append(text[last:])
    new_offsets.extend(offsets[last:])
    return Normalized("".join(pieces), tuple(new_offsets))


@dataclass(frozen=True)
class CharMap:
    """A character table split for speed: one-to-one replacements keep every offset and run
    through str.translate; deletions and expansions go through `splice`."""

    table: Mapping[str, str]
    one_to_one: dict[int, str]
    changing: re.Pattern[str] | None

    @classmethod
    def of(cls, table: Mapping[str, str]) -> "CharMap":
        changing = {c: v for c, v in table.items() if len(v) != 1}
        return cls(table, {ord(c): v for c, v in table.items() if len(v) == 1},
                   _char_class(changing) if changing else None)


def map_chars(norm: Normalized, table: Mapping[str, str] | CharMap) -> Normalized:
    """Replace each character found in `table` by its value; expansions share one offset."""
    chars = table if isinstance(table, CharMap) else CharMap.of(table)
    translated = norm.text.translate(chars.one_to_one)
    if translated != norm.text:
        norm = Normalized(translated, norm.to_original)
    if chars.changing is None:
        return norm
    found = chars.changing.finditer(norm.text)
    return splice(norm, ((m.start(), m.end(), chars.table[m.group()]) for m in found))


_RUN_OF_SPACES = re.compile(r"[ \t]{2,}|\t")


def collapse_spaces(norm: Normalized) -> Normalized:
    """Runs of spaces and tabs become one space (mapped to the run's first character)."""
    return splice(norm, ((m.start(), m.end(), " ") for m in _RUN_OF_SPACES.finditer(norm.text)))


def _as_normalized(value: str | Normalized) -> Normalized:
    return value if isinstance(value, Normalized) else identity(value)


def _step(table: Mapping[str, str]) -> Callable[[str | Normalized], Normalized]:
    chars = CharMap.of(table)

    def apply(value: str | Normalized) -> Normalized:
        return map_chars(_as_normalized(value), chars)

    return apply


decompose_presentation_forms = _step(PRESENTATION_FORMS)
remove_invisibles = _step(INVISIBLES)
remove_diacritics = _step(DIACRITICS)
unify_letters = _step(LETTERS)
ascii_digits = _step(DIGITS)
unify_punctuation = _step(PUNCTUATION)
unify_spaces = _step(SPACES)

#: The character steps of `normalize`, in order.
CHARACTER_STEPS: tuple[Mapping[str, str], ...] = (
    PRESENTATION_FORMS, INVISIBLES, SPACES, DIACRITICS, LETTERS, DIGITS, PUNCTUATION,
)


def _compose_tables(tables: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """One table equal to applying `tables` in order (every step is character by character)."""
    tables = tuple(tables)
    keys = set().union(*tables)

    def through(char: str) -> str:
        return reduce(lambda text, table: "".join(table.get(c, c) for c in text), tables, char)

    return {key: through(key) for key in keys if through(key) != key}


ALL_CHARACTERS: dict[str, str] = _compose_tables(CHARACTER_STEPS)
_ALL = CharMap.of(ALL_CHARACTERS)
_ALL_TRANSLATION = str.maketrans(ALL_CHARACTERS)


def normalize(text: str) -> Normalized:
    """All character steps (in CHARACTER_STEPS order), then runs of spaces collapsed."""
    return collapse_spaces(map_chars(identity(text), _ALL))


def normalize_text(text: str) -> str:
    """`normalize(text).text` without the offset map (faster, for keys and comparisons)."""
    return _RUN_OF_SPACES.sub(" ", text.translate(_ALL_TRANSLATION))


_QUOTES = re.compile(r"[\"']")
_ANY_SPACE = re.compile(r"\s+")


def search_key(text: str) -> str:
    """The matching key of a name: normalised, quotes dropped, one space between words, casefolded."""
    flat = _QUOTES.sub("", normalize_text(text))
    return _ANY_SPACE.sub(" ", flat).strip().casefold()


_WORD = re.compile(r"\w+")


def search_words(key: str) -> list[str]:
    """The distinct words of a search key (runs of letters and digits, so punctuation and
    brackets separate words too), in order: what the label index (emkg:searchWord) holds."""
    return list(dict.fromkeys(_WORD.findall(key)))


def longest_search_word(text: str) -> str:
    """The longest word of a text's search key (the first of equal length): the most selective
    word to look up in the label index before matching the whole text."""
    return max(search_words(search_key(text)), key=len, default="")


# ---------------------------------------------------------------------------------------------
# Glued words: "هذاالمجال" -> "هذا المجال", "التحريرعلى" -> "التحرير على".

#: Function words that may be glued to the FRONT of the next word (normalised spelling).
GLUED_PREFIXES: tuple[str, ...] = (
    "\u0647\u0630\u0627",  # haa-thal-alef: hatha
    "\u0647\u0630\u0647",  # haa-thal-haa: hathihi
    "\u0639\u0644\u064A",  # ain-lam-yeh: ala (maqsura normalised)
    "\u0627\u0644\u064A",  # alef-lam-yeh: ila (normalised)
    "\u0641\u064A",  # feh-yeh: fi
    "\u0645\u0646",  # meem-noon: min
    "\u0639\u0646",  # ain-noon: an
    "\u0627\u0644\u062A\u064A",  # alef-lam-teh-yeh: allati
    "\u0627\u0644\u0630\u064A",  # alef-lam-thal-yeh: alladhi
)

#: Function words that may be glued to the END of the previous word. Short ones like "في" and
#: "من", and "الى", are left out on purpose: many real words end with them (الثقافي، المؤمن،
#: الاجمالي). "مع" is not a prefix either (معالجات).
GLUED_SUFFIXES: tuple[str, ...] = (
    "\u0639\u0644\u064A",  # ain-lam-yeh: ala
    "\u0647\u0630\u0627",  # haa-thal-alef: hatha
    "\u0647\u0630\u0647",  # haa-thal-haa: hathihi
    "\u0627\u0644\u062A\u064A",  # alef-lam-teh-yeh: allati
    "\u0627\u0644\u0630\u064A",  # alef-lam-thal-yeh: alladhi
)

_DEFINITE = "\u0627\u0644"  # alef-lam: the article "al-"
_MIN_DEFINITE_WORD = 5  # "ال" plus at least three letters
_MIN_DEFINITE_HEAD = 6  # before a glued suffix: longer, since adjectives end in -علي (التفاعلي)
_ARABIC_WORD = re.compile("[\u0621-\u064A]+")  # hamza .. yeh


def _glue_point(word: str, vocabulary: frozenset[str]) -> int | None:
    """Where to insert a space in `word`, or None. Conservative: the other part must look like a
    definite noun of 3+ letters, or be a known word of `vocabulary`."""
    if word in vocabulary:
        return None
    for prefix in GLUED_PREFIXES:
        rest = word[len(prefix):]
        if word.startswith(prefix) and rest and (
            rest in vocabulary or (rest.startswith(_DEFINITE) and len(rest) >= _MIN_DEFINITE_WORD)
        ):
            return len(prefix)
    for suffix in GLUED_SUFFIXES:
        head = word[: len(word) - len(suffix)]
        if word.endswith(suffix) and head and (
            head in vocabulary or (head.startswith(_DEFINITE) and len(head) >= _MIN_DEFINITE_HEAD)
        ):
            return len(head)
    return None


def split_glued(value: str | Normalized, vocabulary: Iterable[str] = ()) -> Normalized:
    """Insert a space where a function word is glued to a word; the space maps to the original
    index of the second part's first letter. Works on normalised text (call `normalize` first);
    `vocabulary` (any spelling) makes the split also apply to known words without "ال"."""
    norm = _as_normalized(value)
    known = frozenset(normalize_text(word) for word in vocabulary)
    edits = []
    for match in _ARABIC_WORD.finditer(norm.text):
        point = _glue_point(match.group(), known)
        if point is not None:
            edits.append((match.start() + point, match.start() + point, " "))
    return splice(norm, edits)
