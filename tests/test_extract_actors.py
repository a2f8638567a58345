"""People, posts, organisations and places on sentences we wrote in the seeds' genre."""
from __future__ import annotations

import dataclasses
import shutil

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import paths
from kg.extract import actors
from kg.extract.actor_rules import RULE_FILES
from kg.normalize import search_key
from kg.records import Article, Zone


def article(text: str, ident: str = "t") -> Article:
    return Article(ident, f"/x/{ident}.txt", text, "0" * 64, zones=(Zone("body", 0, len(text)),))


def extracted(text: str, rules=None):
    mentions, facts = actors.extract_actors(article(text), rules)
    by_id = {m.id: m for m in mentions}
    people = {m.text: dict(m.attrs) for m in mentions if m.kind == "person"}
    orgs = {m.text: m.key for m in mentions if m.kind == "organization"}
    posts = [(by_id[dict(f.roles)["org:member"]].text,
              next(v.value for p, v in f.values if p == "emkg:titleAsPrinted"),
              by_id[dict(f.roles)["org:organization"]].text if "org:organization" in dict(f.roles) else None)
             for f in facts if f.cls == "Membership"]
    return people, orgs, posts, mentions


def test_honorific_name_and_two_posts_joined_by_waw():
    people, orgs, posts, _ = extracted(
        "وحضر اللقاء الدكتور سامي فؤاد، مساعد وزير الخارجية للشؤون القنصلية والمدير التنفيذي "
        "لصندوق رعاية المصريين بالخارج.")
    assert people["سامي فؤاد"]["gender"] == "male"
    assert [p[1] for p in posts] == ["مساعد وزير الخارجية للشؤون القنصلية",
                                     "المدير التنفيذي لصندوق رعاية المصريين بالخارج"]
    assert posts[0][2] == "وزارة الخارجية"
    assert posts[1][2] == "صندوق رعاية المصريين بالخارج"


def test_gender_comes_from_the_honorific_not_a_masculine_title():
    people, _, posts, _ = extracted("واستقبلت المهندسة ليلى منصور، المدير العام لهيئة تنمية الصعيد، الوفد.")
    assert people["ليلى منصور"] == {"honorific": "المهندسة", "gender": "female"}
    assert posts[0][2] == "هيئة تنمية الصعيد"


def test_name_without_honorific_before_and_after_a_post():
    people, _, posts, _ = extracted(
        "التقى حسن عبد الله وزير العمل، أمس، سفيرة اليابان، أكيكو تاناكا، لبحث التعاون.")
    assert {"حسن عبد الله", "أكيكو تاناكا"} <= set(people)
    titles = {p[0]: (p[1], p[2]) for p in posts}
    assert titles["حسن عبد الله"] == ("وزير العمل", "وزارة العمل")
    assert titles["أكيكو تاناكا"][0] == "سفيرة اليابان"
    assert titles["أكيكو تاناكا"][1] == "اليابان"  # the state as printed, standing for its government


def test_conjunction_and_preposition_are_not_part_of_names():
    people, _, _, _ = extracted("بحضور كل من السيدة منى رشدي، وكريم البنا، مدير مكتب المنظمة، وبالسفيرة هالة فهمي.")
    assert {"منى رشدي", "كريم البنا", "هالة فهمي"} <= set(people)
    assert not any(name.startswith(("و", "ب")) for name in people)


def test_clauses_and_particles_are_not_people():
    people, _, _, _ = extracted("وأكد ممثل المنظمة، التي تعمل في مصر منذ عقود، قد تلقى دعوة رسمية.")
    assert people == {}


def test_unknown_organisation_by_head_noun_and_anaphors_skipped():
    _, orgs, _, _ = extracted("وقعت الوزارة مع صندوق دعم المرأة الريفية اتفاقا، وأكد المجلس أن العمل مستمر.")
    assert "صندوق دعم المرأة الريفية" in orgs
    assert not any(name.startswith("المجلس") for name in orgs)


def test_generic_bodies_are_not_named_organisations():
    _, orgs, _, _ = extracted("بالتعاون مع مؤسسات المجتمع المدني وشركاء التنمية.")
    assert orgs == {}


def rules_without(tmp_path, org_id: str):
    """The actor rules with one gazetteer organisation removed (a copy of kg/rules in tmp_path)."""
    _copy_rules(tmp_path)
    data = yaml.safe_load((tmp_path / "organisations.yaml").read_text(encoding="utf-8"))
    data["organizations"] = [o for o in data["organizations"] if o["id"] != org_id]
    (tmp_path / "organisations.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return actors.load_actor_rules(str(tmp_path))


def test_removing_a_gazetteer_entry_still_finds_the_body_as_unknown(tmp_path):
    rules = rules_without(tmp_path, "ngo_fund")
    _, orgs, posts, _ = extracted(
        "وشارك الأستاذ رامي يوسف، المدير التنفيذي لصندوق دعم مشروعات الجمعيات والمؤسسات الأهلية، "
        "في الاجتماع.", rules)
    assert "صندوق دعم مشروعات الجمعيات والمؤسسات الأهلية" in orgs
    assert orgs["صندوق دعم مشروعات الجمعيات والمؤسسات الأهلية"] is None
    assert posts[0][2] == "صندوق دعم مشروعات الجمعيات والمؤسسات الأهلية"


def test_short_form_of_a_named_body_gets_its_key():
    _, orgs, _, mentions = extracted(
        "أطلق المجلس القومي للطفولة والأمومة حملة جديدة. وقالت لجنة التنسيق إن المجلس القومي يتابع.")
    keys = {m.text: m.key for m in mentions if m.kind == "organization"}
    assert keys["المجلس القومي للطفولة والأمومة"] == keys["المجلس القومي"] == "org:nccm"


def test_parent_body_after_taabia_li():
    _, orgs, _, _ = extracted("التقى الوزير مسؤولي المفوضية السامية لشؤون اللاجئين التابعة للأمم المتحدة.")
    assert orgs.get("الأمم المتحدة") == "org:un"


def test_rule_file_examples():
    """Every word-list rule with examples: its words appear in each `match` sentence; `no_match`
    sentences without any of its words (rules whose no_match examples hold their words on
    purpose, like anaphors "المجلس أن" of org_heads, are checked by test_rule_examples.py)."""
    rules = actors.load_actor_rules()
    checks = {("honorifics.yaml", "honorifics"): [*rules.honorifics, *rules.honorific_of_lam],
              ("titles.yaml", "title_heads"): [h[0] for h in rules.heads],
              ("organisations.yaml", "org_heads"): rules.org_heads,
              ("person_patterns.yaml", "verbs"): rules.verbs,
              ("person_patterns.yaml", "name_limits"): rules.stop_words}
    for (file, section), words in checks.items():
        data = yaml.safe_load((paths.RULES_DIR / file).read_text(encoding="utf-8"))
        examples = data[section]["examples"]
        for sentence in examples["match"]:
            assert any(f" {w} " in f" {search_key(sentence)} " or search_key(sentence).count(w)
                       for w in words), (section, sentence)
        for sentence in examples["no_match"] if section != "org_heads" else ():
            key = f" {search_key(sentence)} "
            assert not any(f" {w} " in key for w in words), (section, sentence)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_unicode_text_neither_crashes_nor_hangs(text):
    actors.extract_actors(article(text))


def _copy_rules(tmp_path):
    for name in RULE_FILES:
        shutil.copy(paths.RULES_DIR / name, tmp_path / name)


def test_loader_names_the_file_and_section(tmp_path):
    _copy_rules(tmp_path)
    bad = tmp_path / "titles.yaml"
    bad.write_text("honorifics: {words: {}}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"{bad}: missing section 'title_heads'"):
        actors.load_actor_rules(str(tmp_path))


@pytest.mark.parametrize("file,mutate,message", [
    ("organisations.yaml", lambda d: d["organizations"].append({"id": "x", "variants": []}),
     r"organizations\[\d+\] needs id and variants"),
    ("organisations.yaml", lambda d: d["organizations"].append(dict(d["organizations"][0])),
     "rule 'moss' appears twice"),
    ("places.yaml", lambda d: d["places"].append({"id": "atlantis", "kind": "planet", "variants": ["أطلانطس"]}),
     "rule 'atlantis': kind must be one of"),
    ("titles.yaml", lambda d: d["title_heads"]["heads"].append({"phrase": "مستشار"}),
     r"rule 'title-heads': heads\[\d+\] needs phrase and role"),
    ("honorifics.yaml", lambda d: d["honorifics"].pop("id"), "section 'honorifics' needs an id"),
    ("person_patterns.yaml", lambda d: d["verbs"].update(examples={"maybe": []}),
     "rule 'verbs': examples take only match / no_match"),
])
def test_loader_names_the_file_and_rule(tmp_path, file, mutate, message):
    _copy_rules(tmp_path)
    data = yaml.safe_load((tmp_path / file).read_text(encoding="utf-8"))
    mutate(data)
    (tmp_path / file).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=f"{tmp_path / file}: .*{message}"):
        actors.load_actor_rules(str(tmp_path))
