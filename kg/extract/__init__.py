"""Rule-driven extraction of mentions and facts from one article.

`extract_article` runs the stages in order: people, posts, organisations and places
(kg.extract.actors), then meetings, programmes and shelters (kg.extract.meetings / programmes /
shelters), each reading its rules from kg/rules/*.yaml. Only headline and body zones are read.
"""
from __future__ import annotations

from kg.extract.mentions import Extraction
from kg.records import Article


def extract_article(article: Article, rules: object = None) -> Extraction:
    """Everything one article says, with article-local ids and original-text offsets."""
    from kg.extract import actors, meetings, programmes, shelters

    mentions, facts = actors.extract_actors(article)
    mentions, facts = list(mentions), list(facts)
    for stage in (meetings.extract_meetings, programmes.extract_programmes, shelters.extract_shelters):
        new_mentions, new_facts = stage(article, tuple(mentions), rules)
        mentions.extend(new_mentions)
        facts.extend(new_facts)
    facts = list(programmes.link_discussed(article, facts, rules))  # emkg:discussedAt
    mentions.sort(key=lambda m: (m.start, m.id))
    return Extraction(article, tuple(mentions), tuple(facts))
