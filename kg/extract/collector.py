"""What the actor extractors share while reading one article: the normalised content zones and
the mentions and Membership facts found so far (with the original-text spans already taken)."""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.mentions import FactMention, Mention
from kg.normalize import Normalized, original_span
from kg.records import Article


@dataclass(frozen=True)
class ZoneText:
    """One content zone's normalised text and where the zone starts in the article."""

    start: int
    norm: Normalized

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The original-article span of normalised [a, b)."""
        s, e = original_span(self.norm, a, b)
        return self.start + s, self.start + e


@dataclass
class Collector:
    """Mentions and facts of one article, numbered in the order they are found."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    facts: list[FactMention] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        """No mention overlaps the original span [start, end)."""
        return all(end <= s or start >= e for s, e in self.taken)

    def mention(self, kind: str, start: int, end: int, rule: str, key: str | None = None,
                attrs: tuple = (), text: str | None = None) -> Mention:
        m = Mention(f"a{len(self.mentions) + 1}", kind, text or self.article.text[start:end],
                    start, end, rule, key, attrs)
        self.mentions.append(m)
        self.taken.append((start, end))
        return m
