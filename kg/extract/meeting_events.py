"""Two reports of one event: `same_event(a, b)` says why two Meeting facts from different articles
are one meeting (or None); `meeting_info` builds what it compares from a Meeting fact."""
from __future__ import annotations

from dataclasses import dataclass

from kg.dates import find_dates
from kg.extract.event_text import TOPIC_OVERLAP, topic_overlap
from kg.extract.mentions import FactMention


@dataclass(frozen=True)
class MeetingInfo:
    """What `same_event` compares: resolved entity keys per role, dates and topics."""

    article_id: str
    hosts: frozenset[str]
    guests: frozenset[str]
    participants: frozenset[str] = frozenset()  # every participant key, hosts and guests included
    date: str | None = None  # ISO, when resolved
    weekdays: frozenset[int] = frozenset()  # ISO weekday numbers of the printed dates
    topics: tuple[str, ...] = ()



def same_event(a: MeetingInfo, b: MeetingInfo) -> str | None:
    """Why two meetings from different articles are one event, or None. Same host and same
    counterpart; different dates never merge; both undated needs all participants equal and a
    high topic overlap."""
    if a.article_id == b.article_id or not (a.hosts & b.hosts) or not (a.guests & b.guests):
        return None
    who = f"same host and guest ({', '.join(sorted(a.hosts & b.hosts | a.guests & b.guests))})"
    if a.date and b.date:
        return f"{who}, same date {a.date}" if a.date == b.date else None
    if a.date or b.date:
        if len(a.weekdays | b.weekdays) > 1:
            return None
        return f"{who}, one report dated {a.date or b.date}, the other undated"
    if a.weekdays != b.weekdays:
        return None
    overlap = topic_overlap(a.topics, b.topics)
    if a.participants == b.participants and overlap >= TOPIC_OVERLAP:
        return f"{who}, both undated, all participants equal, topic overlap {overlap:.2f}"
    return None


def meeting_info(article_id: str, fact: FactMention, key_of: dict[str, str]) -> MeetingInfo:
    """A `MeetingInfo` of one Meeting fact, with mention ids mapped to resolved keys."""
    def keys(*predicates: str) -> frozenset[str]:
        return frozenset(key_of[m] for p, m in fact.roles if p in predicates and m in key_of)

    participant_roles = ("emkg:hasHost", "emkg:hasGuest", "emkg:hasAttendee",
                         "emkg:hasDelegationMember", "emkg:organisedBy", "emkg:hasParticipant")
    dates = [v.value for p, v in fact.values if p == "emkg:date"]
    return MeetingInfo(
        article_id=article_id, hosts=keys("emkg:hasHost"), guests=keys("emkg:hasGuest"),
        participants=keys(*participant_roles), date=dates[0] if dates else None,
        weekdays=_weekdays_of(v.value for p, v in fact.values if p == "emkg:dateAsPrinted"),
        topics=tuple(v.value for p, v in fact.values if p == "emkg:topic"))



def _weekdays_of(printed) -> frozenset[int]:
    """ISO weekday numbers named in printed date phrases."""
    return frozenset(m.weekday_number for text in printed for m in find_dates(text)
                     if m.weekday_number is not None)
