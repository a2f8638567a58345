"""People: an honorific + name, a name next to a post ("NAME، TITLE" / "TITLE، NAME" / "TITLE
NAME،"), and surname-only back-references in quotes. Each post found with a name becomes a
Membership (kg.extract.posts)."""
from __future__ import annotations

import re

from kg.extract.actor_rules import ALEF_LAM, CONJ, ActorRules, find_phrases
from kg.extract.collector import Collector, ZoneText
from kg.extract.mentions import Mention
from kg.extract.phrases import NAME_TOKEN, PREP_ARTICLE, WORD, bounds_name, strip_affix, title_at, title_starts
from kg.extract.places import place_tail
from kg.extract.posts import add_membership, add_posts, title_end
from kg.normalize import search_key

MAX_NAME_TOKENS = 4
ALI = "\u0639\u0644\u064a"  # ain lam yaa: the name Ali, or the preposition على once normalised
COMPOUND_NAME_WORDS = frozenset({"\u0639\u0628\u062f", "\u0627\u0628\u0648"})  # abd, abu
#: particles inside foreign and Arab names: the word after them belongs to the name too
NAME_PARTICLES = COMPOUND_NAME_WORDS | frozenset({
    "\u0641\u0627\u0646", "\u062f\u064a", "\u062f\u064a\u0631", "\u062f\u0648",  # fan, di, dir, du
    "\u0628\u0646", "\u0628\u0646\u062a"})  # bin, bint
TANWEEN_ENDINGS = ("\u064b", "\u0627\u064b", "\u064b\u0627")  # an accusative noun, not a name
POST_OPENERS = "\u060c,."  # a post looked back from opens after a space or one of these
_QUOTED_WORD = re.compile(r'"(' + WORD + r')"')
COMMAS = ("\u060c", ",")  # Arabic comma, comma
AMBASSADOR_HONORIFICS = frozenset({"\u0627\u0644\u0633\u0641\u064a\u0631",  # al-safir
                                   "\u0627\u0644\u0633\u0641\u064a\u0631\u0647"})  # al-safira (normalised)
NAME_CLOSERS = (*COMMAS, ".", "\n", ":")


def name_after(text: str, pos: int, rules: ActorRules) -> tuple[int, int] | None:
    """A person's name of 2-4 words starting at `pos`, stopping at punctuation or a post."""
    tokens: list[tuple[int, int]] = []
    for m in NAME_TOKEN.finditer(text, pos):
        if text[tokens[-1][1] if tokens else pos:m.start()].strip():
            break
        word = m.group(0)
        compound = tokens and text[tokens[-1][0]:tokens[-1][1]] in NAME_PARTICLES
        if word == ALI and tokens and _closes_name(text, m.end(), rules):
            tokens.append((m.start(), m.end()))  # "منى علي،": a name-final Ali, not the preposition
            break
        if word.startswith(CONJ) and tokens and (word[1:] in rules.honorifics or title_at(text, m.start() + 1, rules)):
            break  # "أحمد حسن والسيدة منى خليل": a second person begins
        surname = word in rules.noun_honorifics and len(tokens) == 1 \
            and strip_affix(text[tokens[0][0]:tokens[0][1]], 0, rules.first_names)[0] in rules.first_names
        if title_at(text, m.start(), rules) or (bounds_name(word, rules) and not surname) \
                or len(tokens) == MAX_NAME_TOKENS or (len(tokens) == 3 and not compound):
            break
        if text.startswith(rules.org_heads, m.start()) \
                or (word.startswith(PREP_ARTICLE) and word not in rules.first_names
                    and not _glued_surname(text, m, tokens, rules)) \
                or word in rules.institution_nouns:
            break
        tokens.append((m.start(), m.end()))
    if not tokens:
        return None
    return tokens[0][0], tokens[-1][1]


def _glued_surname(text: str, word: re.Match, tokens: list[tuple[int, int]], rules: ActorRules) -> bool:
    """"لورا بالاتيني": a word opening like بال/لل after a known first name is a surname when a
    name's end follows it (punctuation, a post, a verb or a stop word)."""
    if len(tokens) != 1 or text[tokens[0][0]:tokens[0][1]] not in rules.first_names \
            or word.group(0) in rules.stop_words:
        return False
    nxt = NAME_TOKEN.match(text, word.end() + 1)
    return _closes_name(text, word.end(), rules) or bool(nxt and nxt.group(0) in rules.stop_words)


def _closes_name(text: str, pos: int, rules: ActorRules) -> bool:
    """What follows `pos` ends a name: punctuation, the end, a post, an honorific or a verb."""
    rest = text[pos:pos + 40].lstrip(" ")
    if not rest or rest[0] in NAME_CLOSERS or rest[0] in "\n)\"":
        return True
    nxt = NAME_TOKEN.match(rest)
    return bool(nxt) and (title_at(rest, 0, rules) is not None or nxt.group(0) in rules.honorifics
                          or nxt.group(0) in rules.verbs)


def evidenced_name(text: str, name: tuple[int, int], rules: ActorRules) -> tuple[int, int] | None:
    """The part of `name` a known first name vouches for: the first name, the next word (a
    surname or father's name), then only further known first names or the second half of a
    compound ("عبد الغفار")."""
    words = list(NAME_TOKEN.finditer(text, name[0], name[1]))
    first = strip_affix(words[0].group(0), 0, rules.first_names)[0] if words else ""
    if len(words) < 2 or first not in rules.first_names:
        return None
    end = words[1].end()
    for previous, word in zip(words[1:], words[2:]):
        if word.group(0) in rules.first_names or previous.group(0) in NAME_PARTICLES \
                or word.group(0) in NAME_PARTICLES:
            end = word.end()
        else:
            break
    return name[0], end


def _looks_like_name(text: str, rules: ActorRules) -> bool:
    """2-4 words, none a stop word or a verb, and a first name that is not a definite noun."""
    words = text.split()
    return (2 <= len(words) <= MAX_NAME_TOKENS
            and (not words[0].startswith(ALEF_LAM) or words[0] in rules.first_names)  # أليساندرو
            and not any(w in rules.stop_words or w in rules.verbs or w in rules.not_in_names
                        or w in rules.institution_nouns
                        or (w.startswith(PREP_ARTICLE) and not _glued_last(words, w, rules)) for w in words))


def _glued_last(words: list[str], word: str, rules: ActorRules) -> bool:
    """"لورا بالاتيني": a بال/لل word closing a two-word name opened by a known first name."""
    return len(words) == 2 and word == words[1] and words[0] in rules.first_names


def _add_person(zone: ZoneText, rules: ActorRules, out: Collector, name: tuple[int, int],
                honorific: tuple[int, int] | None, title_gender: str | None, rule: str) -> Mention:
    """A person mention for normalised `name`, with the honorific printed before it (if any)."""
    _, a = strip_affix(zone.norm.text[name[0]:name[1]], name[0], rules.first_names)
    start, end = zone.span(a, name[1])
    words = out.article.text[start:end].split()
    if len(words) > 2 and words[-1].endswith(TANWEEN_ENDINGS):
        end = start + len(" ".join(words[:-1]))
    attrs = []
    gender = None
    if honorific is not None:
        word = zone.norm.text[honorific[0]:honorific[1]]
        gender = rules.honorifics.get(rules.honorific_of_lam.get(word, word))
        h_start, h_end = zone.span(*honorific)
        attrs.append(("honorific", _printed_honorific(out.article.text[h_start:h_end], word, rules)))
    first = search_key(words[0]) if words else ""
    gender = gender or rules.first_names.get(first) or title_gender  # "دينا الصيرفي، المدير …": female
    if gender:
        attrs.append(("gender", gender))
    return out.mention("person", start, end, rule, None, tuple(attrs))


def _printed_honorific(printed: str, word: str, rules: ActorRules) -> str:
    """The honorific as printed, written without the preposition lam glued to it ("للسيدة" -> "السيدة")."""
    honorific = rules.honorific_of_lam.get(word)
    if honorific is None:
        return printed
    return ALEF_LAM + printed[2 - (len(honorific) - len(word)):]


def person_with_post(zone: ZoneText, rules: ActorRules, out: Collector, name: tuple[int, int],
                      honorific: tuple[int, int] | None, rule: str) -> None:
    """A person and, when a post follows the name, that post's Membership facts."""
    start, end = zone.span(*name)
    if not out.free(start, end):
        return
    text = zone.norm.text
    after = name[1]
    while after < len(text) and text[after] in " " + POST_OPENERS:
        after += 1
    head = title_at(text, after, rules)
    person = _add_person(zone, rules, out, name, honorific, head[2] if head and not honorific else None, rule)
    if head:
        add_posts(zone, rules, out, person, after, title_end(text, after, rules))


def _after_honorifics(zone: ZoneText, rules: ActorRules, out: Collector) -> None:
    """HONORIFIC NAME (+ POST)."""
    text = zone.norm.text
    for _, a, b, phrase in find_phrases(text, rules.honorific_automaton, space_after=True):
        pos = b
        while pos < len(text) and text[pos].isspace():
            pos += 1
        name = name_after(text, pos, rules)
        if name and text.startswith(ALEF_LAM, name[0]) and phrase in AMBASSADOR_HONORIFICS:
            _ambassador_by_demonym(zone, rules, out, (a, b), pos)
        if not name or (text.startswith(ALEF_LAM, name[0])  # "السفير الألماني" is no name
                        and text[name[0]:name[1]].split(" ")[0] not in rules.first_names):
            continue
        if " " not in text[name[0]:name[1]] and not _closes_name(text, name[1], rules) \
                and text[name[0]:name[1]] not in _surnames(out):
            continue  # "الوزيرة اتصالا من …": one word not closed like a name
        phrase = rules.honorific_of_lam.get(phrase, phrase)
        if phrase in rules.noun_honorifics and text[name[1]:name[1] + 1] not in COMMAS:
            name = evidenced_name(text, name, rules)
            if name is None:
                continue
        person_with_post(zone, rules, out, name, (a, b), "person-honorific")


def _ambassador_by_demonym(zone: ZoneText, rules: ActorRules, out: Collector,
                           honorific: tuple[int, int], pos: int) -> None:
    """HONORIFIC DEMONYM NAME ("السفير الإيطالي بالقاهرة ميكيلي كواروني"): an ambassador of that
    state, when a known first name or a closing comma vouches for the name."""
    text = zone.norm.text
    word = NAME_TOKEN.match(text, pos)
    state = rules.country_of_demonym.get(word.group(0)) if word else None
    if state is None:
        return
    title_stop = place_tail(text, word.end(), rules)
    after = title_stop + (1 if text[title_stop:title_stop + 1] in COMMAS else 0)
    after += 1 if text[after:after + 1] == " " else 0
    name = name_after(text, after, rules)
    if not name or " " not in text[name[0]:name[1]] or text.startswith(ALEF_LAM, name[0]):
        return
    if text[name[1]:name[1] + 1] not in COMMAS:
        name = evidenced_name(text, name, rules)
    if not name or not out.free(*zone.span(*name)):
        return
    person = _add_person(zone, rules, out, name, honorific, None, "person-honorific-demonym")
    start, end = zone.span(honorific[0], title_stop)
    government = out.mention("organization", start, end, "government-from-title",
                             f"org:government-{state['id']}", text=state["variants"][0])
    add_membership(out, person, start, end, "ambassador", government)


def _before_posts(zone: ZoneText, rules: ActorRules, out: Collector, titles: dict) -> None:
    """NAME، POST / NAME POST (no honorific): from a post, look back for a 2-3 word name."""
    text = zone.norm.text
    for pos in sorted(titles):
        if not pos or not (text[pos - 1].isspace() or text[pos - 1] in POST_OPENERS):
            continue
        back = text[:pos].rstrip()
        back = back[:-1].rstrip() if back.endswith(tuple(POST_OPENERS)) else back
        segment_start = max(back.rfind(mark) for mark in NAME_CLOSERS) + 1
        cand = list(NAME_TOKEN.finditer(back, segment_start))[-3:]
        joined = [i for i, w in enumerate(cand) if i and w.group(0)[:1] == CONJ and w.group(0)[1:] in rules.first_names]
        cand = cand[joined[-1]:] if joined else cand  # "أحمد فؤاد ومنى سالم، مديرة": the last of two
        if cand and cand[0].group(0).startswith(CONJ) and len(cand[0].group(0)) > 3 \
                and cand[0].group(0) not in rules.first_names:
            cand[0] = NAME_TOKEN.match(back, cand[0].start() + 1)
        while cand and (cand[0].group(0) in rules.stop_words or title_at(back, cand[0].start(), rules)
                        or cand[0].group(0) in rules.honorifics or cand[0].group(0) in rules.verbs):
            cand = cand[1:]
        if len(cand) == 3 and cand[0].group(0).startswith(ALEF_LAM) and cand[1].group(0) in rules.first_names:
            cand = cand[1:]  # "وحضر الاجتماع أحمد فؤاد، مدير …": a definite noun, then the name
        before = back[:cand[0].start()].split()[-1:] if cand else []
        if before and (title_at(before[0], 0, rules) or before[0] in rules.honorifics):
            continue  # the words belong to a post or follow an honorific (handled above)
        if len(cand) < 2 or back[cand[0].start():cand[-1].end()].count(" ") != len(cand) - 1:
            continue
        a, b = cand[0].start(), cand[-1].end()
        if back.startswith(rules.org_heads, a) or any(
                w.group(0) in rules.stop_words for w in cand):
            continue
        separated = text[:pos].rstrip().endswith(tuple(POST_OPENERS))
        if not separated and strip_affix(cand[0].group(0), 0, rules.first_names)[0] not in rules.first_names:
            continue  # "NAME POST" without a comma: only a known first name vouches for NAME
        start, end = zone.span(a, b)
        if out.free(start, end) and _looks_like_name(back[a:b], rules):
            person_with_post(zone, rules, out, (a, b), None, "person-before-post")


def _after_posts(zone: ZoneText, rules: ActorRules, out: Collector, titles: dict) -> None:
    """POST، NAME / POST NAME، (a post followed by a name closed by punctuation)."""
    text = zone.norm.text
    post_until = 0
    for pos in sorted(titles):
        head = titles[pos]
        if pos < post_until:
            continue
        end = post_until = title_end(text, pos, rules)
        post_start = zone.span(pos, pos)[0]
        if any(m.kind == "person" and 0 <= post_start - m.end <= 2 for m in out.mentions):
            continue  # "NAME، POST، …": the post already belongs to the name before it
        after = end + 1 if end < len(text) and text[end] in COMMAS else end
        after += 1 if after < len(text) and text[after] == " " else 0
        if _post_of_honorific_person(zone, rules, out, pos, end, after):
            continue
        name = name_after(text, after, rules)
        if not name:
            continue
        comma_after_post = text[end:end + 1] in COMMAS
        closed = name[1] == len(text) or text[name[1]:name[1] + 1] in NAME_CLOSERS
        rule = "person-after-post"
        if not comma_after_post and not (closed and text[name[1]:name[1] + 1] in COMMAS):
            name, closed, rule = evidenced_name(text, name, rules), True, "person-after-post-first-name"
            if not name:
                continue
        start, stop = zone.span(*name)
        bare, _ = strip_affix(text[name[0]:name[1]], name[0], rules.first_names)
        if out.free(start, stop) and closed and _looks_like_name(bare, rules):
            person = _add_person(zone, rules, out, name, None, head[2], rule)
            add_posts(zone, rules, out, person, pos, end)


def _post_of_honorific_person(zone: ZoneText, rules: ActorRules, out: Collector, pos: int, end: int,
                              after: int) -> bool:
    """POST HONORIFIC NAME ("مساعد وزير الخارجية السفير عمرو الجويلي"): the post is that person's,
    unless a meeting verb makes the post its subject and the person its object."""
    text = zone.norm.text
    word = NAME_TOKEN.match(text, after)
    if not word or word.group(0) not in rules.honorifics:
        return False
    start = zone.span(word.end(), word.end())[0]
    person = next((m for m in out.mentions if m.kind == "person" and 0 < m.start - start <= 2), None)
    if person is None or any(dict(f.roles).get("org:member") == person.id for f in out.facts):
        return person is not None
    before = text[:pos].split()[-1:]
    verb = before[0] if before else ""
    if verb in rules.object_verbs or (verb.startswith(CONJ) and verb[1:] in rules.object_verbs):
        return True
    add_posts(zone, rules, out, person, pos, end)
    return True


def _surnames(out: Collector) -> set[str]:
    return {search_key(m.text.split()[-1]) for m in out.mentions if m.kind == "person" and " " in m.text}


def find_people(zone: ZoneText, rules: ActorRules, out: Collector) -> None:
    """Every person pattern on one zone, most certain first."""
    titles = title_starts(zone.norm.text, rules)
    _after_honorifics(zone, rules, out)
    _before_posts(zone, rules, out, titles)
    _after_posts(zone, rules, out, titles)


def surname_references(zones: list[ZoneText], out: Collector) -> None:
    """A quoted surname ("دي بوك") of a person named in full in the article is that person."""
    surnames = {m.text.split()[-1]: m for m in out.mentions if m.kind == "person" and len(m.text.split()) > 1}
    keyed = {search_key(k): v for k, v in surnames.items()}
    for zone in zones:
        for m in _QUOTED_WORD.finditer(zone.norm.text):
            start, end = zone.span(m.start(1), m.end(1))
            if keyed.get(m.group(1)) and out.free(start, end):
                out.mention("person", start, end, "surname-reference")
