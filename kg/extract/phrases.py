"""Word-level grammar shared by the actor extractors: where a post opens, where a genitive chain
(a name or a post: "صندوق دعم مشروعات …") ends, and glued conjunctions/prepositions.

All functions read normalised text (kg.normalize) and return positions in it.
"""
from __future__ import annotations

import re
from collections.abc import Collection

from kg.extract.actor_rules import CONJ, ActorRules

WORD = r"[\w\u0600-\u06ff]+"
NAME_TOKEN = re.compile(r"[\u0621-\u064a]+(?:-[\u0621-\u064a]+)*")  # a hyphenated name is one word
ALNUM_RUN = re.compile(r"[^\W_]+")
TAA_MARBUTA_NORMALISED = "\u0647"  # haa: search keys write taa marbuta as haa
DEFINITE_PREFIXES = ("\u0627\u0644", "\u0644\u0644", "\u0628\u0627\u0644", "\u0648\u0627\u0644",
                     "\u0648\u0644\u0644", "\u0643\u0627\u0644")  # ال لل بال وال ولل كال
LAM_PREFIXES = ("\u0644", "\u0648\u0644")  # ل ول: "لصندوق", "ولمكافحة" open a new genitive chain
#: nouns bound to the next word inside a name: "الهجرة غير الشرعية", "الأشخاص ذوي الإعاقة"
BINDING_NOUNS = ("\u063a\u064a\u0631", "\u0630\u0648\u064a", "\u0630\u0648\u0627\u062a")  # ghayr, dhawi, dhawat
#: preposition + article opening a word ("بالوفد", "للمهاجرين"): such a word ends a name
PREP_ARTICLE = ("\u0628\u0627\u0644", "\u0644\u0644", "\u0643\u0627\u0644", "\u0641\u0627\u0644")  # bal, lil, kal, fal


def title_at(text: str, pos: int, rules: ActorRules) -> tuple[str, str, str | None] | None:
    """The post opening at `pos`: a head phrase, its last word possibly feminine (وزير → وزيرة)."""
    word = ALNUM_RUN.match(text, pos)
    if not word:
        return None
    first = word.group(0)
    candidates = rules.heads_by_word.get(first, ())
    if first.endswith(TAA_MARBUTA_NORMALISED):
        candidates = candidates + rules.heads_by_word.get(first[:-1], ())
    for phrase, role, gender in sorted(candidates, key=lambda h: -len(h[0])):
        if not text.startswith(phrase, pos):
            continue
        end = pos + len(phrase)
        if end < len(text) and text[end] == TAA_MARBUTA_NORMALISED:
            end += 1
        if end == len(text) or not text[end].isalnum():
            return text[pos:end], role, gender
    return None


def title_starts(text: str, rules: ActorRules) -> dict[int, tuple[str, str, str | None]]:
    """`title_at` for every word start of `text` where a post opens, in one automaton pass."""
    found: dict[int, tuple[str, str, str | None]] = {}
    for last, (length, (_, role, gender)) in rules.title_automaton.iter(text):
        start, end = last + 1 - length, last + 1
        if start and text[start - 1].isalnum() or end < len(text) and text[end].isalnum():
            continue
        if start not in found or len(found[start][0]) < length:
            found[start] = (text[start:end], role, gender)
    return found


def bounds_name(word: str, rules: ActorRules) -> bool:
    """A word that never belongs to a name: a stop word, a verb, a non-name word or an honorific."""
    return (word in rules.stop_words or word in rules.verbs or word in rules.not_in_names
            or word in rules.honorifics)


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
        if bounds_name(word, rules):
            break
        if word.startswith(CONJ) and (title_at(text, w.start() + 1, rules) or word[1:] in rules.honorifics):
            break  # "… والمدير التنفيذي لـ…", "… والدكتور": a second post or person begins
        if word in BINDING_NOUNS:
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


def strip_affix(text: str, start: int, names: Collection[str] = ()) -> tuple[str, int]:
    """Drop an attached conjunction/preposition (و، ب، ل، وب، ول) from a normalised name, unless
    its first word is itself one of the known first `names` ("وائل", "بسمة", "ليلى")."""
    if text.split(" ", 1)[0] in names:
        return text, start
    for prefix in (CONJ + "\u0628", CONJ + "\u0644", CONJ, "\u0628", "\u0644"):
        if text.startswith(prefix) and len(text) > len(prefix) + 2:
            rest = text[len(prefix):]
            if rest.startswith("\u0627\u0644") or prefix == CONJ:
                return rest, start + len(prefix)
    return text, start
