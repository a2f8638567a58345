"""Every example of every extraction rule file holds through the engine that reads it.

Actor rule files (honorifics, titles, organisations, person_patterns .yaml) are checked through
kg.extract.actors on a one-sentence article;
events files (`rules:` lists: meetings, programmes, shelters, …) through their pattern on the
normalised sentence. Page-clutter rules (kg/rules/clutter.yaml) are checked in test_reading.py.
"""
from __future__ import annotations

import pytest
import yaml

from kg.extract.actors import extract_actors, load_actor_rules
from kg.extract.meetings import load_rule_file
from kg.extract.phrases import title_at
from kg.normalize import normalize
from kg.paths import RULES_DIR
from test_extract_meetings import make_article

#: actor rule file -> its sections with examples
ACTOR_SECTIONS = {"honorifics.yaml": ("honorifics",), "titles.yaml": ("title_heads",),
                  "organisations.yaml": ("org_heads",), "person_patterns.yaml": ("verbs", "name_limits", "list_markers", "counterparts"),
                  "places.yaml": ("village_heads",)}


def _found(section: str, sentence: str) -> bool:
    """Whether the actors stage finds in `sentence` what `section` is for."""
    rules = load_actor_rules()
    if section in ("verbs", "name_limits"):
        words = rules.verbs if section == "verbs" else rules.stop_words
        return any(word in words for word in normalize(sentence).text.split())
    if section == "title_heads":
        text = normalize(sentence).text
        return any(title_at(text, i, rules) for i in range(len(text)) if i == 0 or text[i - 1] == " ")
    mentions, _ = extract_actors(make_article(sentence))
    if section == "counterparts":
        return any(m.rule_id == "person-counterpart" for m in mentions)
    if section == "list_markers":
        return any(m.rule_id == "person-in-list" for m in mentions)
    if section == "village_heads":
        return any(m.rule_id == "unknown-village" for m in mentions)
    if section == "honorifics":
        return any(m.kind == "person" and m.attr("honorific") for m in mentions)
    return any(m.kind == "organization" and m.key is None for m in mentions)


def _actor_cases():
    for file, sections in ACTOR_SECTIONS.items():
        data = yaml.safe_load((RULES_DIR / file).read_text(encoding="utf-8"))
        for section in sections:
            examples = data[section].get("examples") or {}
            for kind in ("match", "no_match"):
                for n, sentence in enumerate(examples.get(kind, [])):
                    yield pytest.param((file, section), kind == "match", sentence,
                                       id=f"{file}:{data[section]['id']}:{kind}{n}")


def _events_cases():
    for path in sorted(RULES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or path.stem == "clutter":
            continue
        for spec in data["rules"]:
            examples = spec.get("examples") or {}
            for kind in ("match", "no_match"):
                for n, sentence in enumerate(examples.get(kind, [])):
                    yield pytest.param((path.stem, spec["id"]), kind == "match", sentence,
                                       id=f"{path.stem}:{spec['id']}:{kind}{n}")


def _events_rule(file_stem: str, rule_id: str):
    rules = {r.id: r for r in load_rule_file(str(RULES_DIR / f"{file_stem}.yaml")).rules}
    return rules[rule_id]


@pytest.mark.parametrize("rule,should_match,sentence", [*_actor_cases(), *_events_cases()])
def test_rule_example(rule, should_match, sentence):
    file_stem, rule_id = rule
    if file_stem in ACTOR_SECTIONS:
        found = _found(rule_id, sentence)
    else:
        found = bool(_events_rule(file_stem, rule_id).pattern.search(normalize(sentence).text))
    file = file_stem if file_stem.endswith(".yaml") else f"{file_stem}.yaml"
    assert found is should_match, f"kg/rules/{file} rule {rule_id}: {sentence!r}"
