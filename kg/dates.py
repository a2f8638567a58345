"""Dates in Arabic news: absolute (Gregorian), Hijri and relative mentions, and their resolution.

`find_dates` works on normalised text (kg.normalize: Eastern digits become ASCII, hamza and taa
marbuta spellings are unified) and reports spans in the ORIGINAL text. Relative mentions
("أمس الثلاثاء", "غدا") get a date only from `resolve` with a known publication date (the anchor);
without one they keep their weekday text and `iso` stays None: a date is never invented.

Hijri dates are converted with the tabular (arithmetic, civil-epoch) Islamic calendar; real
month starts follow moon sighting and may differ by one day (±1). When the text gives the
weekday too and it matches the day before or after, that day is taken instead.
"""
from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from kg.normalize import normalize, original_span
from kg.paths import RULES_DIR

CALENDAR_RULES = RULES_DIR / "calendar.yaml"
KINDS = ("absolute", "relative", "hijri")
HIJRI_NOTE = "Hijri date converted with the tabular Islamic calendar (may differ by one day)"
_ISLAMIC_EPOCH = 227015  # proleptic Gregorian ordinal of 1 Muharram 1 AH (16 July 622, Julian)


@dataclass(frozen=True)
class DateMention:
    """A date as written in an article, with its ISO date when known."""

    as_written: str
    start: int
    end: int
    iso: str | None
    weekday: str | None  # the weekday word as written ("الثلاثاء"), if any
    kind: str  # absolute | relative | hijri
    weekday_number: int | None = None  # ISO: 1 = Monday … 7 = Sunday
    days: int | None = None  # relative: offset from the publication date, when it has one
    ymd: tuple[int | None, int, int] | None = None  # absolute/hijri: (year or None, month, day)
    note: str | None = None
    month_side: str | None = None  # a month without a year: "next", "past" or "current" as printed


@dataclass(frozen=True)
class Calendar:
    """The compiled calendar words of kg/rules/calendar.yaml."""

    months: dict[str, int]  # normalised Gregorian month name -> number
    hijri_months: dict[str, int]
    weekdays: dict[str, int]  # normalised weekday -> ISO number
    relative: dict[str, tuple[int, bool]]  # normalised word -> (days, needs_weekday)
    month_sides: dict[str, str]  # normalised word after a month -> next | past | current
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (kind of pattern, regex)


def _norm(word: str) -> str:
    return " ".join(normalize(word).text.split())


def _alternation(words) -> str:
    ordered = sorted({_norm(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _numbered(section: dict, where: str, name: str, top: int) -> dict[str, int]:
    if not isinstance(section, dict) or set(section) != set(range(1, top + 1)):
        raise ValueError(f"{where}: '{name}' needs entries 1..{top}")
    return {_norm(word): number for number, words in section.items() for word in words}


_LEFT = r"(?<![^\s\u0648\u0628\u0641(,\"'\-])"  # start, space, waw/beh/feh prefix or punctuation


def _patterns(data: dict, months: str, hijri: str, weekdays: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    qualifiers = _alternation(data["weekday_qualifiers"])
    relative = _alternation(w for entry in data["relative_days"] for w in entry["words"])
    gregorian_marks = _alternation(data["gregorian_marks"])
    hijri_marks = _alternation(data["hijri_marks"])
    sides = _alternation(w for words in data["month_qualifiers"].values() for w in words)
    period = data["period_phrases"]
    periods = (rf"(?:(?:{_alternation(period['parts'])})\s+)?(?:{_alternation(period['units'])})"
               rf"\s+(?:{_alternation(period['qualifiers'])})")
    weekday_prefix = rf"(?:(?:\u064a\u0648\u0645\s+)?(?P<wd>{weekdays})\s*,?\s*(?:\u0627\u0644\u0645\u0648\u0627\u0641\u0642\s*)?)?"  # yawm, al-muwafiq
    day_month = r"(?<!\d)(?P<day>\d{1,2})\s*/?\s*(?:\u0645\u0646\s+)?(?:\u0634\u0647\u0631\s+)?"  # min, shahr
    year = r"(?:\s*[,/]?\s*(?:(?:\u0645\u0646\s+)?(?:\u0639\u0627\u0645|\u0633\u0646\u0647)\s+)?(?P<year>\d{4})(?!\d)"  # min, aam, sana
    sources = {
        "gregorian": rf"{_LEFT}{weekday_prefix}{day_month}(?P<month>{months})(?!\w)"
                     rf"(?:\s*[/(]\s*(?:{months})\s*\)?)?{year}(?:\s*(?:{gregorian_marks})(?!\w))?"
                     rf"|\s+(?P<side>{sides})(?!\w))?",
        "hijri": rf"{_LEFT}{weekday_prefix}{day_month}(?P<month>{hijri})(?!\w)"
                 rf"{year}(?:\s*(?:{hijri_marks})(?!\w))?)?",
        "numeric": rf"{_LEFT}{weekday_prefix}(?<![\d/.\-])(?P<a>\d{{1,4}})(?P<sep>[/.\-])"
                   rf"(?P<b>\d{{1,2}})(?P=sep)(?P<c>\d{{1,4}})(?!\d|[/\-]\d|\.\d)",
        "relative": rf"{_LEFT}(?P<rel>{relative})(?:\s+(?:\u064a\u0648\u0645\s+)?(?P<wd>{weekdays}))?(?!\w)",
        "weekday": rf"{_LEFT}(?:\u064a\u0648\u0645\s+)?(?P<wd>{weekdays})(?:\s+(?:{qualifiers}))?(?!\w)",
        "unresolved": rf"{_LEFT}(?P<phrase>{periods}|{_alternation(data['unresolved'])})(?!\w)",
    }
    return tuple((name, re.compile(source)) for name, source in sources.items())


def load_calendar(path: str | Path = CALENDAR_RULES) -> Calendar:
    """Load and compile the calendar words; ValueError names the file and the section."""
    where = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        months = _numbered(data["gregorian_months"], where, "gregorian_months", 12)
        hijri = _numbered(data["hijri_months"], where, "hijri_months", 12)
        weekdays = _numbered(data["weekdays"], where, "weekdays", 7)
        relative = {
            _norm(word): (int(entry["days"]), bool(entry.get("needs_weekday", False)))
            for entry in data["relative_days"] for word in entry["words"]
        }
        sides = {_norm(word): side for side, words in data["month_qualifiers"].items()
                 for word in words}
        patterns = _patterns(data, _alternation(months), _alternation(hijri), _alternation(weekdays))
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as exc:
        raise ValueError(f"{where}: cannot load calendar words: {exc!r}") from None
    return Calendar(months, hijri, weekdays, relative, sides, patterns)


@lru_cache(maxsize=1)
def default_calendar() -> Calendar:
    return load_calendar(CALENDAR_RULES)


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic

def hijri_to_gregorian(year: int, month: int, day: int) -> datetime.date:
    """Tabular Islamic calendar (civil epoch, 30-year cycle with 11 leap years)."""
    if not (1 <= month <= 12 and 1 <= day <= 30 and year >= 1):
        raise ValueError(f"no Hijri date {year}-{month}-{day}")
    ordinal = (_ISLAMIC_EPOCH - 1 + (year - 1) * 354 + (3 + 11 * year) // 30
               + 29 * (month - 1) + month // 2 + day)
    return datetime.date.fromordinal(ordinal)


def _weekday_fit(date: datetime.date, weekday: int | None) -> tuple[datetime.date, str | None]:
    """Shift a tabular Hijri result by one day when the printed weekday says so."""
    if weekday is None or date.isoweekday() == weekday:
        return date, HIJRI_NOTE
    for shift in (-1, 1):
        moved = date + datetime.timedelta(days=shift)
        if moved.isoweekday() == weekday:
            return moved, f"{HIJRI_NOTE}; shifted {shift:+d} day to match the printed weekday"
    return date, f"{HIJRI_NOTE}; the printed weekday does not match"


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Finding mentions

def _weekday(calendar: Calendar, found: re.Match[str]) -> tuple[str | None, int | None]:
    word = found.group("wd") if "wd" in found.re.groupindex else None
    return (word, calendar.weekdays[" ".join(word.split())]) if word else (None, None)


def _absolute(calendar: Calendar, found: re.Match[str], hijri: bool) -> dict | None:
    table = calendar.hijri_months if hijri else calendar.months
    month = table[" ".join(found.group("month").split())]
    day = int(found.group("day"))
    year = int(found.group("year")) if found.group("year") else None
    _, weekday = _weekday(calendar, found)
    fields = {"kind": "hijri" if hijri else "absolute", "ymd": (year, month, day), "iso": None}
    if year is None:
        side = found.groupdict().get("side")
        side = calendar.month_sides.get(" ".join(side.split())) if side else None
        return {**fields, "note": "no year printed", "month_side": side}
    if hijri:
        try:
            date, note = _weekday_fit(hijri_to_gregorian(year, month, day), weekday)
        except (ValueError, OverflowError):
            return {**fields, "note": "not a valid Hijri date"}
        return {**fields, "iso": date.isoformat(), "note": note}
    date = _safe_date(year, month, day)
    if date is None:
        return {**fields, "note": "not a valid date"}
    mismatch = weekday is not None and date.isoweekday() != weekday
    return {**fields, "iso": date.isoformat(),
            "note": "the printed weekday does not match the date" if mismatch else None}


def _numeric(found: re.Match[str]) -> dict | None:
    a, b, c = found.group("a"), found.group("b"), found.group("c")
    if len(a) == 4 and len(c) <= 2:
        year, month, day = int(a), int(b), int(c)
    elif len(c) == 4 and len(a) <= 2:
        year, month, day = int(c), int(b), int(a)  # day first, as in Egypt
    else:
        return None
    date = _safe_date(year, month, day)
    if date is None:
        return None
    return {"kind": "absolute", "ymd": (year, month, day), "iso": date.isoformat()}


def _relative(calendar: Calendar, found: re.Match[str]) -> dict | None:
    days, needs_weekday = calendar.relative[" ".join(found.group("rel").split())]
    if needs_weekday and not found.group("wd"):
        return None
    return {"kind": "relative", "days": days, "iso": None}


def _fields(calendar: Calendar, name: str, found: re.Match[str]) -> dict | None:
    if name in ("gregorian", "hijri"):
        return _absolute(calendar, found, hijri=name == "hijri")
    if name == "numeric":
        return _numeric(found)
    if name == "relative":
        return _relative(calendar, found)
    note = "relative expression without a day" if name == "unresolved" else "weekday without a date"
    return {"kind": "relative", "iso": None, "note": note}


def find_dates(text: str, start: int = 0, end: int | None = None,
               calendar: Calendar | None = None,
               anchor: datetime.date | str | None = None) -> list[DateMention]:
    """Date mentions in text[start:end], with offsets into `text`, in order, not overlapping;
    each passed through `resolve(mention, anchor)` when an anchor is given."""
    calendar = calendar or default_calendar()
    end = len(text) if end is None else end
    norm = normalize(text[start:end])
    candidates = []
    for name, pattern in calendar.patterns:
        for found in pattern.finditer(norm.text):
            fields = _fields(calendar, name, found) if found.end() > found.start() else None
            if fields is not None:
                candidates.append((found.start(), -(found.end() - found.start()), found, fields))
    mentions = []
    for found, fields in _without_overlaps(candidates):
        first, last = original_span(norm, found.start(), found.end())
        weekday_word, weekday_number = _weekday(calendar, found)
        if weekday_word is not None:
            w_first, w_last = original_span(norm, *found.span("wd"))
            weekday_word = text[start + w_first:start + w_last]
        mentions.append(DateMention(
            as_written=text[start + first:start + last], start=start + first, end=start + last,
            weekday=weekday_word, weekday_number=weekday_number, **fields,
        ))
    mentions = _paired(text, mentions)
    return mentions if anchor is None else [resolve(m, anchor) for m in mentions]


def _without_overlaps(candidates: list) -> list:
    """Non-overlapping candidates in text order: full dates first (so "اليوم السبت الموافق 14
    رمضان 1446 هـ" is the Hijri date, weekday included), then the relative ones around them."""
    full, taken_until = [], -1
    for begin, _, found, fields in sorted(candidates, key=lambda c: c[:2]):
        if fields.get("kind") != "relative" and begin >= taken_until:
            full.append((found, fields))
            taken_until = found.end()
    starts = [found.start() for found, _ in full]
    kept, taken_until = list(full), -1
    for begin, _, found, fields in sorted(candidates, key=lambda c: c[:2]):
        if fields.get("kind") != "relative" or begin < taken_until:
            continue
        index = bisect_left(starts, found.end())  # full dates starting before this one ends
        if index == 0 or full[index - 1][0].end() <= begin:
            kept.append((found, fields))
            taken_until = found.end()
    return sorted(kept, key=lambda pair: pair[0].start())


_PAIRED = re.compile(r"^\s*[,\u060c\-(]?\s*(?:\u0627\u0644\u0645\u0648\u0627\u0641\u0642)?\s*[(]?\s*$")  # al-muwafiq


def _paired(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """A Hijri date printed beside a Gregorian one ("13 رمضان 1446هـ الموافق 13 مارس 2025م"):
    both name one day, the Gregorian exactly, so the Hijri mention takes its date."""
    out = list(mentions)
    for i, (a, b) in enumerate(zip(mentions, mentions[1:])):
        kinds = {a.kind, b.kind}
        if kinds != {"hijri", "absolute"} or not _PAIRED.match(text[a.end:b.start]):
            continue
        hijri, gregorian = (a, b) if a.kind == "hijri" else (b, a)
        if gregorian.iso:
            index = i if hijri is a else i + 1
            out[index] = replace(hijri, iso=gregorian.iso,
                                 note="date of the Gregorian date printed beside it")
    return out


# ---------------------------------------------------------------------------------------------
# Resolution against the publication date

def _weekday_checked(mention: DateMention, date: datetime.date) -> DateMention:
    if mention.weekday_number is not None and date.isoweekday() != mention.weekday_number:
        return replace(mention, iso=None, note=(
            f"weekday mismatch: {mention.weekday} is not {date.isoformat()} (a "
            f"{date.strftime('%A')}); left unresolved"))
    return replace(mention, iso=date.isoformat())


def _as_date(anchor: datetime.date | str) -> datetime.date:
    if isinstance(anchor, datetime.date):
        return anchor
    try:
        return datetime.date.fromisoformat(anchor)
    except (TypeError, ValueError):
        raise ValueError(f"anchor must be a date or YYYY-MM-DD, got {anchor!r}") from None


def resolve(mention: DateMention, anchor: datetime.date | str | None) -> DateMention:
    """The mention with `iso` set when the anchor (publication date) makes it known.

    Relative days need an anchor (and a printed weekday must agree with the result); a day and
    month without a year take the anchor's year. Without an anchor nothing is added."""
    if mention.iso is not None or anchor is None:
        return mention
    anchor = _as_date(anchor)
    if mention.kind == "relative" and mention.days is not None:
        return _weekday_checked(mention, anchor + datetime.timedelta(days=mention.days))
    if mention.kind == "absolute" and mention.ymd and mention.ymd[0] is None:
        date = _year_for(mention, anchor)
        if date is not None:
            resolved = _weekday_checked(mention, date)
            return replace(resolved, note="year taken from the publication date"
                           if resolved.iso else resolved.note)
    return mention


def _year_for(mention: DateMention, anchor: datetime.date) -> datetime.date | None:
    """A day and month without a year in the publication year, or the year after ("المقبل") or
    before ("الماضي") when the date would otherwise fall on the wrong side of publication."""
    _, month, day = mention.ymd
    date = _safe_date(anchor.year, month, day)
    if date is None:
        return None
    if mention.month_side == "next" and date < anchor:
        return _safe_date(anchor.year + 1, month, day)
    if mention.month_side == "past" and date > anchor:
        return _safe_date(anchor.year - 1, month, day)
    return date


# ---------------------------------------------------------------------------------------------
# The publication date of an article

_STORY_DATELINE_WORDS = 4  # "القاهرة في" / "كتب - القاهرة في": at most this many words before
_DATELINE_END = re.compile(r"^\s*[\-:,(\u2013\u2014\u060c]")  # dash, colon, comma, paren


def _story_dateline(text: str, start: int, end: int) -> datetime.date | None:
    """A full date opening a body paragraph ("القاهرة في 12 مارس 2023 - …")."""
    for mention in find_dates(text, start, end)[:1]:
        before = text[start:mention.start].split()
        after = text[mention.end:end]
        if (mention.kind == "absolute" and mention.iso and len(before) <= _STORY_DATELINE_WORDS
                and _DATELINE_END.match(normalize(after).text)):
            return datetime.date.fromisoformat(mention.iso)
    return None


def publication_anchor(article, allow_derived: bool = False) -> datetime.date | None:
    """The date relative dates count from: the sidecar's published date (a date marked
    `published_derived` only with allow_derived=True: it is not printed in the article), else a
    publication byline, else a dateline printed at the start of the story. Never the site's live
    clock and never relative ages such as "منذ 4 شهور"."""
    from kg.zones import classify_lines

    meta = article.meta
    if meta.published and (allow_derived or not meta.published_derived):
        return datetime.date.fromisoformat(meta.published)
    decisions = classify_lines(article.text)
    for decision in decisions:
        zone = decision.zone
        if decision.publication:
            full = [m for m in find_dates(article.text, zone.start, zone.end)
                    if m.kind in ("absolute", "hijri") and m.iso]
            if full:
                return datetime.date.fromisoformat(full[0].iso)
    first_body = next((d.zone for d in decisions if d.zone.kind == "body"), None)
    return _story_dateline(article.text, first_body.start, first_body.end) if first_body else None
