"""Meetings from the rules of kg/rules/meetings.yaml, on short articles written for these tests,
and `same_event` on two reports of one meeting (seeds 000 and 001)."""
from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given, settings, strategies as st

from kg.extract.meetings import (MeetingInfo, extract_meetings, meeting_info, rule_set,
                                 same_event)
from kg.extract.mentions import Mention
from kg.normalize import search_key
from kg.reading import read_article
from kg.records import Article, ArticleMeta, Zone


# ---------------------------------------------------------------------------------------------
# Helpers shared with test_extract_programmes.py and test_extract_shelters.py

def make_article(body: str, headline: str | None = None, published: str | None = None,
                 article_id: str = "t") -> Article:
    """An article whose zones are the headline (first line, if given) and the body paragraphs."""
    text = f"{headline}\n{body}" if headline else body
    zones = [Zone("headline", 0, len(headline))] if headline else []
    offset = len(headline) + 1 if headline else 0
    zones.append(Zone("body", offset, len(text)))
    return Article(id=article_id, path=f"{article_id}.txt", text=text,
                   sha256=hashlib.sha256(text.encode()).hexdigest(),
                   meta=ArticleMeta(published=published), zones=tuple(zones))


def find_mentions(text: str, specs: list[tuple[str, str]]) -> list[Mention]:
    """Mentions of every occurrence of each (kind, name); "ال" names are also found after the
    preposition "لل" (the mention then starts after the first lam). Longer names win overlaps."""
    found = []
    for kind, name in specs:
        forms = [(name, 0)]
        if name.startswith("\u0627\u0644"):  # alef lam
            forms.append(("\u0644\u0644" + name[2:], 1))  # lam lam
        for form, skip in forms:
            for m in re.finditer(re.escape(form), text):
                found.append((m.start() + skip, m.end(), kind, name))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, str, str]] = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return [Mention(id=f"m{i}", kind=k, text=n, start=s, end=e, rule_id="test")
            for i, (s, e, k, n) in enumerate(kept, 1)]


def roles_by_text(facts, mentions, new=()):
    """{fact id: {predicate: [mention text …]}} for readable assertions."""
    by_id = {m.id: m for m in (*mentions, *new)}
    return {f.id: {p: [by_id[i].text if i in by_id else i for q, i in f.roles if q == p]
                   for p, _ in f.roles}
            for f in facts}


def values_of(fact, predicate):
    return [v.value for p, v in fact.values if p == predicate]


def run(extract, body, specs, headline=None, published=None):
    article = make_article(body, headline, published)
    mentions = find_mentions(article.text, specs)
    new, facts = extract(article, mentions, None)
    return article, mentions, new, facts


# ---------------------------------------------------------------------------------------------
# New texts

UNHCR = ("استقبل الدكتور بدر عبد العاطي، وزير الخارجية، اليوم الأحد، السيد فيليبو غراندي، "
         "المفوض السامي للأمم المتحدة لشؤون اللاجئين، بمقر وزارة الخارجية بالقاهرة، لبحث أوضاع "
         "اللاجئين السودانيين في مصر وسبل دعم الدول المضيفة.")
UNHCR_SPECS = [("person", "بدر عبد العاطي"), ("person", "فيليبو غراندي"),
               ("organization", "وزارة الخارجية"), ("city", "القاهرة"), ("country", "مصر")]


def test_reception_host_guest_place_date_and_topic():
    article, mentions, _, facts = run(extract_meetings, UNHCR, UNHCR_SPECS, published="2024-03-10")
    assert len(facts) == 1
    roles = roles_by_text(facts, mentions)["mt1"]
    assert roles["emkg:hasHost"] == ["بدر عبد العاطي"]
    assert roles["emkg:hasGuest"] == ["فيليبو غراندي"]
    assert roles["emkg:tookPlaceIn"] == ["القاهرة"]
    assert values_of(facts[0], "emkg:placeAsPrinted") == ["بمقر وزارة الخارجية بالقاهرة"]
    assert values_of(facts[0], "emkg:dateAsPrinted") == ["اليوم الأحد"]
    assert values_of(facts[0], "emkg:date") == ["2024-03-10"]  # a Sunday
    assert any("اللاجئين السودانيين" in t for t in values_of(facts[0], "emkg:topic"))


def test_relative_date_without_anchor_is_kept_as_printed_only():
    body = UNHCR.replace("اليوم الأحد", "أمس الثلاثاء")
    _, _, _, facts = run(extract_meetings, body, UNHCR_SPECS, published=None)
    assert values_of(facts[0], "emkg:dateAsPrinted") == ["أمس الثلاثاء"]
    assert values_of(facts[0], "emkg:date") == []


def test_headline_only_meeting_and_no_second_meeting_from_the_headline():
    headline = "وزيرة الهجرة سها جندي تلتقي سفير إيطاليا ميكيلي كواروني"
    specs = [("person", "سها جندي"), ("person", "ميكيلي كواروني"), ("country", "إيطاليا")]
    body_without = "وأكدت الوزيرة أهمية فتح مسارات للهجرة الشرعية للشباب المصري."
    _, mentions, _, facts = run(extract_meetings, body_without, specs, headline=headline)
    assert len(facts) == 1
    assert roles_by_text(facts, mentions)["mt1"]["emkg:hasHost"] == ["سها جندي"]
    assert roles_by_text(facts, mentions)["mt1"]["emkg:hasGuest"] == ["ميكيلي كواروني"]
    body_with = ("التقت السفيرة سها جندي، وزيرة الهجرة، السفير ميكيلي كواروني، سفير إيطاليا "
                 "بالقاهرة، لبحث برامج التدريب المهني للشباب.")
    _, _, _, facts = run(extract_meetings, body_with, specs, headline=headline)
    assert [f.id for f in facts] == ["mt1"]
    assert facts[0].start > len(headline)  # cited from the body, not the headline


def test_visit_abroad_with_delegation_members_who_are_not_hosts():
    body = ("زار السفير أحمد عادل، مساعد وزير الخارجية للهجرة، العاصمة الإيطالية روما، يرافقه "
            "الدكتورة منى حسن، مديرة إدارة الهجرة، والمستشار كريم سامي.")
    specs = [("person", "أحمد عادل"), ("person", "منى حسن"), ("person", "كريم سامي"),
             ("city", "روما"), ("country", "الإيطالية")]
    _, mentions, _, facts = run(extract_meetings, body, specs)
    roles = roles_by_text(facts, mentions)["mt1"]
    assert roles["emkg:hasGuest"] == ["أحمد عادل"]
    assert roles["emkg:hasDelegationMember"] == ["منى حسن", "كريم سامي"]
    assert "emkg:hasHost" not in roles
    assert roles["emkg:tookPlaceIn"] == ["روما"]


def test_attendee_list_in_the_next_paragraph_attaches_to_the_meeting():
    body = ("التقت الدكتورة هالة السيد، رئيسة المجلس القومي للطفولة والأمومة، السيدة إيلينا "
            "بانوفا، المنسقة المقيمة للأمم المتحدة في مصر.\n"
            "جاء ذلك بحضور كل من الأستاذة نهى علي، مديرة البرامج، والدكتور سامح فؤاد، مستشار "
            "المجلس.\n"
            "وتناول اللقاء سبل حماية الأطفال غير المصحوبين من المهاجرين.")
    specs = [("person", "هالة السيد"), ("person", "إيلينا بانوفا"), ("person", "نهى علي"),
             ("person", "سامح فؤاد"), ("organization", "المجلس القومي للطفولة والأمومة"),
             ("organization", "الأمم المتحدة"), ("country", "مصر")]
    _, mentions, _, facts = run(extract_meetings, body, specs)
    assert len(facts) == 1
    roles = roles_by_text(facts, mentions)["mt1"]
    assert roles["emkg:hasHost"] == ["هالة السيد"]
    assert roles["emkg:hasGuest"] == ["إيلينا بانوفا"]
    assert roles["emkg:hasAttendee"] == ["نهى علي", "سامح فؤاد"]
    assert values_of(facts[0], "emkg:placeAsPrinted") == []  # "في مصر" is her title, not a place
    assert any("الأطفال غير المصحوبين" in t for t in values_of(facts[0], "emkg:topic"))


def test_study_visit_organiser_host_country_and_supporter():
    body = ("شارك المجلس القومي للمرأة ضمن وفد مصري في زيارة دراسية نظمتها منظمة العمل الدولية "
            "واستضافتها ألمانيا، بدعم من الاتحاد الأوروبي. ومثل المجلس خلال الزيارة الدكتورة "
            "سلوى بكر.")
    specs = [("organization", "المجلس القومي للمرأة"), ("organization", "منظمة العمل الدولية"),
             ("country", "ألمانيا"), ("organization", "الاتحاد الأوروبي"),
             ("person", "سلوى بكر")]
    _, mentions, new, facts = run(extract_meetings, body, specs)
    roles = roles_by_text(facts, mentions, new)["mt1"]
    assert roles["emkg:hasParticipant"] == ["المجلس القومي للمرأة"]
    assert roles["emkg:organisedBy"] == ["منظمة العمل الدولية"]
    assert roles["emkg:hasHost"] == ["ألمانيا"]
    assert roles["emkg:supportedBy"] == ["الاتحاد الأوروبي"]
    assert roles["emkg:hasDelegationMember"] == ["سلوى بكر"]
    host_mention = next(m for m in new if m.text == "ألمانيا")
    assert host_mention.kind == "organization"  # a country acting as host: its government
    assert "ألمانيا" in roles["emkg:tookPlaceIn"]


def test_talks_with_the_subject_before_ma_and_no_meeting_from_the_sides_discussing():
    body = ("بحث الدكتور محمد جبران، وزير العمل، مع السفير يورغن شولتس، سفير ألمانيا بالقاهرة، "
            "فرص تشغيل الشباب المصري في ألمانيا.\n"
            "وبحث الجانبان سبل التعاون مع منظمة العمل الدولية.")
    specs = [("person", "محمد جبران"), ("person", "يورغن شولتس"), ("country", "ألمانيا"),
             ("organization", "منظمة العمل الدولية"), ("city", "القاهرة")]
    _, mentions, _, facts = run(extract_meetings, body, specs)
    assert roles_by_text(facts, mentions) == {
        "mt1": {"emkg:hasHost": ["محمد جبران"], "emkg:hasGuest": ["يورغن شولتس"]}}


def test_visit_by_qamat_bi_ziyara_and_a_meeting_reported_inside_a_statement():
    body = ("قامت السيدة إيفا هيرتسوغ، نائبة المفوض السامي، بزيارة إلى مركز خدمات اللاجئين في "
            "مدينة السادس من أكتوبر.\n"
            "وفي سياق آخر، أكدت السفيرة نبيلة مكرم، وزيرة الهجرة، خلال لقائها السيد نوبوأكي "
            "إيتو، سفير اليابان، أهمية برامج التدريب المهني.")
    specs = [("person", "إيفا هيرتسوغ"), ("city", "السادس من أكتوبر"), ("person", "نبيلة مكرم"),
             ("person", "نوبوأكي إيتو"), ("country", "اليابان")]
    _, mentions, _, facts = run(extract_meetings, body, specs)
    roles = roles_by_text(facts, mentions)
    assert roles["mt1"] == {"emkg:hasGuest": ["إيفا هيرتسوغ"],
                            "emkg:tookPlaceIn": ["السادس من أكتوبر"]}
    assert roles["mt2"] == {"emkg:hasHost": ["نبيلة مكرم"], "emkg:hasGuest": ["نوبوأكي إيتو"]}


def test_an_organisation_in_an_opening_phrase_is_not_the_host():
    body = ("وفي إطار جهود منظمة اليونيسف في مصر، التقت الدكتورة رندة فارس، ممثلة المنظمة، "
            "الدكتور خالد عبد الغفار، وزير الصحة.\n"
            "المنظمة الدولية للهجرة تستقبل وفدا من سفارة إيطاليا.")
    specs = [("organization", "منظمة اليونيسف"), ("country", "مصر"), ("person", "رندة فارس"),
             ("person", "خالد عبد الغفار"), ("organization", "المنظمة الدولية للهجرة"),
             ("organization", "سفارة إيطاليا")]
    _, mentions, _, facts = run(extract_meetings, body, specs)
    roles = roles_by_text(facts, mentions)
    assert roles["mt1"] == {"emkg:hasHost": ["رندة فارس"], "emkg:hasGuest": ["خالد عبد الغفار"]}
    assert roles["mt2"] == {"emkg:hasHost": ["المنظمة الدولية للهجرة"],
                            "emkg:hasGuest": ["سفارة إيطاليا"]}


def test_clutter_zones_never_produce_meetings(tmp_path):
    path = tmp_path / "embassy.txt"
    path.write_text(
        "سفير هولندا يبحث مع مديرة الهجرة سبل التعاون\n\n"
        "وأكدت وزارة التضامن الاجتماعي استمرار برامج الحماية للعائدين.\n\n"
        "إقرأ أيضاً:\n\n"
        "التقى وزير الخارجية سامح شكري السفير الياباني أوكا هيروشي لبحث التعاون.\n",
        encoding="utf-8")
    article = read_article(path)
    text = article.text
    specs = [("person", "سامح شكري"), ("person", "أوكا هيروشي")]
    mentions = find_mentions(text, specs)
    _, facts = extract_meetings(article, mentions, None)
    assert all(f.end <= text.index("إقرأ") for f in facts)
    assert not any(f.rule_id == "meeting-meet" for f in facts)


# ---------------------------------------------------------------------------------------------
# same_event

def _info(article_id, hosts, guests, participants=None, date=None, weekdays=(), topics=()):
    return MeetingInfo(article_id, frozenset(hosts), frozenset(guests),
                       frozenset(participants or set(hosts) | set(guests)), date,
                       frozenset(weekdays), tuple(topics))


def test_same_event_rules():
    a = _info("a", {"p:morsi"}, {"p:cruz"}, topics=["تعزيز التعاون في دعم المهاجرين"])
    b = _info("b", {"p:morsi"}, {"p:cruz"}, topics=["تعزيز التعاون في دعم المهاجرين والعائدين"])
    assert same_event(a, b) is not None
    assert same_event(a, _info("a", {"p:morsi"}, {"p:cruz"}, topics=a.topics)) is None
    assert same_event(a, _info("b", {"p:morsi"}, {"p:other"}, topics=a.topics)) is None
    assert same_event(a, _info("b", {"p:morsi"}, {"p:cruz"}, topics=["افتتاح معرض الكتاب"])) is None
    dated = _info("b", {"p:morsi"}, {"p:cruz"}, date="2024-05-02", weekdays={4})
    assert "undated" in same_event(a, dated)
    assert same_event(dated, _info("c", {"p:morsi"}, {"p:cruz"}, date="2024-05-09")) is None
    assert same_event(dated, _info("c", {"p:morsi"}, {"p:cruz"}, date="2024-05-02")) is not None
    other_weekday = _info("c", {"p:morsi"}, {"p:cruz"}, weekdays={2}, topics=a.topics)
    assert same_event(dated, other_weekday) is None
    fewer = _info("b", {"p:morsi"}, {"p:cruz"}, participants={"p:morsi"}, topics=a.topics)
    assert same_event(a, fewer) is None  # both undated: all participants must match


_MOSS, _IOM, _ERC = "وزارة التضامن الاجتماعي", "منظمة الهجرة الدولية", "الهلال الأحمر المصري"
_COMMITTEE = "اللجنة الوطنية التنسيقية لمكافحة ومنع الهجرة غير الشرعية والاتجار بالبشر"
_PEOPLE_000 = ["مايا مرسي", "كارلوس أوليفر كروز", "آمال إمام", "دينا الصيرفي", "أحمد سعدة",
               "أميرة تاج الدين"]
#: Names in the seeds, as the people/organisation/place extractor is expected to find them.
SEED_NAMES = {
    "000": [("person", n) for n in _PEOPLE_000] + [("organization", _IOM), ("organization", _ERC),
                                                   ("organization", _MOSS), ("country", "مصر")],
    "002": [("person", "مايا مرسي"), ("person", "نائلة جبر"), ("person", "أحمد سعدة"),
            ("organization", _COMMITTEE.replace("الوطنية التنسيقية", "التنسيقية الوطنية")),
            ("organization", _COMMITTEE.replace("الوطنية التنسيقية", "التنسيقية الوطنية")
             .replace("بالبشر", "بالأشخاص")),
            ("organization", "اللجنة الوطنية"), ("organization", _MOSS),
            ("city", "العاصمة الإدارية الجديدة"), ("organization", "جمعية " + _ERC)],
    "003": [("organization", _MOSS), ("organization", _COMMITTEE), ("country", "اليونان"),
            ("organization", "الاتحاد الأوروبي"), ("person", "أحمد سعادة")],
    "004": [("organization", "المنظمة الدولية للهجرة"), ("city", "القاهرة"),
            ("person", "ميت فريدريكسن"), ("person", "سها جندي"), ("person", "سفيند أولينج"),
            ("person", "كارلوس أوليفر كروز"), ("country", "الدنمارك"),
            ("organization", "مملكة الدنمارك"), ("organization", "الحكومة الدنماركية"),
            ("organization", "المجلس القومي لحقوق الإنسان"),
            ("organization", "المجلس القومي للمرأة"), ("country", "مصر")],
}
SEED_NAMES["001"] = SEED_NAMES["000"]


def seed_run(seeds_dir, stem, extract):
    """(article, mentions, new mentions, facts) of one seed read by kg.reading."""
    article = read_article(next(seeds_dir.glob(f"{stem}_*.txt")))
    mentions = find_mentions(article.text, SEED_NAMES[stem])
    new, facts = extract(article, mentions, None)
    return article, mentions, new, facts


def _seed_meeting(seeds_dir, stem):
    article, mentions, _, facts = seed_run(seeds_dir, stem, extract_meetings)
    key_of = {m.id: f"{m.kind}:" + search_key(m.text) for m in mentions}
    return [meeting_info(article.id, f, key_of) for f in facts if f.cls == "Meeting"]


def test_two_outlets_one_meeting_and_a_different_meeting_apart(seeds_dir):
    (first,), (second,), (third,) = (_seed_meeting(seeds_dir, s) for s in ("000", "001", "002"))
    assert len(first.participants) == 6 and first.participants == second.participants
    assert same_event(first, second) is not None
    assert same_event(first, third) is None


def test_seed_meetings_roles_and_must_nots(seeds_dir):
    runs = {stem: seed_run(seeds_dir, stem, extract_meetings) for stem in SEED_NAMES}
    assert all(len(facts) == 1 for _, _, _, facts in runs.values())  # no ticker/related meetings
    roles = {stem: roles_by_text(r[3], r[1], r[2])["mt1"] for stem, r in runs.items()}
    assert "emkg:tookPlaceIn" not in roles["000"]  # no place is stated in 000
    assert roles["002"]["emkg:tookPlaceIn"] == ["العاصمة الإدارية الجديدة"]
    assert roles["003"]["emkg:hasHost"] == ["اليونان"]
    assert roles["003"]["emkg:organisedBy"] == [_COMMITTEE]
    assert roles["003"]["emkg:supportedBy"] == ["الاتحاد الأوروبي"]
    assert roles["004"]["emkg:hasHost"] == ["المنظمة الدولية للهجرة"]
    assert roles["004"]["emkg:hasDelegationMember"] == ["سها جندي", "سفيند أولينج"]
    fact_004 = runs["004"][3][0]
    assert values_of(fact_004, "emkg:dateAsPrinted") == ["أمس الثلاثاء"]
    assert values_of(fact_004, "emkg:date") == []  # its publication date is derived, not printed


# ---------------------------------------------------------------------------------------------
# Robustness

def _examples(name):
    import yaml
    from kg.paths import RULES_DIR

    raw = yaml.safe_load((RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))["rules"]
    rules = {r.id: r for r in rule_set(None, name).rules}
    for spec in raw:
        for kind in ("match", "no_match"):
            for sentence in (spec.get("examples") or {}).get(kind, []):
                yield pytest.param(rules[spec["id"]], kind == "match", sentence,
                                   id=f"{name}:{spec['id']}:{kind}")


@pytest.mark.parametrize("rule,should_match,sentence",
                         [p for name in ("meetings", "programmes", "shelters") for p in _examples(name)])
def test_events_rule_examples_through_the_events_loader(rule, should_match, sentence):
    """Until the engine's shared example test runs these files too: every example holds."""
    from kg.normalize import normalize

    assert bool(rule.pattern.search(normalize(sentence).text)) is should_match, sentence


@pytest.mark.parametrize("body,message", [
    ("rules:\n  - {id: r1, label: emkg:Meeting, regex: '(unclosed'}\n", "rule 'r1': bad regex"),
    ("rules:\n  - {id: r1, label: emkg:topic}\n", "rule 'r1': give exactly one"),
    ("rules:\n  - {id: r1, label: emkg:topic, phrases: [a]}\n"
     "  - {id: r1, label: emkg:topic, phrases: [b]}\n", "rule 'r1' is defined twice"),
    ("rules: 3\n", "expected a mapping with a 'rules:' list"),
])
def test_a_broken_rule_file_names_the_file_and_the_rule(tmp_path, body, message):
    (tmp_path / "meetings.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(ValueError) as error:
        rule_set(tmp_path, "meetings")
    assert message in str(error.value) and "meetings.yaml" in str(error.value)


def test_rule_file_loads_with_every_kind_of_rule():
    rules = rule_set(None, "meetings")
    labels = {r.label for r in rules.rules}
    assert {"emkg:Meeting", "emkg:hasAttendee", "emkg:hasDelegationMember", "emkg:topic",
            "emkg:placeAsPrinted", "emkg:organisedBy", "emkg:supportedBy"} <= labels


@settings(max_examples=150, deadline=None)
@given(text=st.text(min_size=1, max_size=300),
       spans=st.lists(st.tuples(st.integers(0, 300), st.integers(1, 40),
                                st.sampled_from(["person", "organization", "country", "city"])),
                      max_size=6))
def test_any_unicode_text_and_mentions_never_crash(text, spans):
    article = make_article(text)
    mentions = [Mention(f"m{i}", kind, text[s:s + n], s, min(s + n, len(text)), "fuzz")
                for i, (s, n, kind) in enumerate(spans) if s < len(text)]
    new, facts = extract_meetings(article, mentions, None)
    assert all(0 <= f.start <= f.end <= len(text) for f in facts)
    assert {m.id for m in new}.isdisjoint({m.id for m in mentions})


@pytest.mark.parametrize("body", ["التقت", "استقبل ،،، .", "بحضور كل من", "\u200f\u064b" * 20])
def test_fragments_without_names_give_nothing(body):
    assert extract_meetings(make_article(body), [], None) == ((), ())


@pytest.mark.timeout(60)
def test_one_long_paragraph_of_repeated_reports_is_one_meeting():
    body = " ".join([UNHCR] * 300)  # ~90 KB in one paragraph: bounded searches, no quadratic blow-up
    article = make_article(body, published="2024-03-10")
    _, facts = extract_meetings(article, find_mentions(article.text, UNHCR_SPECS), None)
    assert [f.id for f in facts] == ["mt1"]


# ---------------------------------------------------------------------------------------------
# More ways of reporting a meeting (texts written for these tests)

def test_held_meeting_and_talks_with_long_titles_before_the_meeting_noun():
    body = ("عقد السفير أحمد عادل، مساعد وزير الخارجية لشؤون الهجرة واللاجئين، اجتماعا مع "
            "السيدة ليلى حسن، منسقة برامج العودة الطوعية بالمنظمة الدولية للهجرة.\n"
            "وفي سياق آخر، أجرى الدكتور بدر عبد العاطي، وزير الخارجية، مباحثات مع السيد أحمد "
            "عطاف، وزير الخارجية الجزائري، تناولت ملف الهجرة غير النظامية.")
    specs = [("person", "أحمد عادل"), ("person", "ليلى حسن"), ("person", "بدر عبد العاطي"),
             ("person", "أحمد عطاف"), ("organization", "المنظمة الدولية للهجرة")]
    _, mentions, _, facts = run(extract_meetings, body, specs)
    roles = roles_by_text(facts, mentions)
    assert roles["mt1"] == {"emkg:hasHost": ["أحمد عادل"], "emkg:hasGuest": ["ليلى حسن"]}
    assert roles["mt2"] == {"emkg:hasHost": ["بدر عبد العاطي"], "emkg:hasGuest": ["أحمد عطاف"]}


@pytest.mark.parametrize("body", [
    "تلقت السفيرة سها جندي، وزيرة الهجرة، اتصالا هاتفيا من السيد أنطونيو تاياني، وزير خارجية إيطاليا.",
    "أجرى الوزير سامح شكري اتصالا هاتفيا مع السيد أنطونيو تاياني لبحث أوضاع الجالية.",
    "عقدت الجمعية العمومية للسيد أنطونيو تاياني انتخاباتها أمس بحضور سها جندي.",
])
def test_phone_calls_and_other_uses_of_the_verbs_are_not_meetings(body):
    specs = [("person", "سها جندي"), ("person", "أنطونيو تاياني"), ("person", "سامح شكري")]
    _, _, _, facts = run(extract_meetings, body, specs)
    assert facts == ()


def test_a_host_named_only_by_a_title_is_not_replaced_by_the_guest_delegation():
    body = ("استقبلت وزيرة الهجرة وفدا من المفوضية السامية للأمم المتحدة لشؤون اللاجئين برئاسة "
            "السيدة حنان حمدان، ممثلة المفوضية في مصر، لمناقشة أوضاع اللاجئين.")
    specs = [("organization", "المفوضية السامية للأمم المتحدة لشؤون اللاجئين"),
             ("person", "حنان حمدان"), ("country", "مصر")]
    _, mentions, _, facts = run(extract_meetings, body, specs)
    roles = roles_by_text(facts, mentions)["mt1"]
    assert "emkg:hasHost" not in roles
    assert roles["emkg:hasGuest"] == ["المفوضية السامية للأمم المتحدة لشؤون اللاجئين"]
    assert roles["emkg:hasParticipant"] == ["حنان حمدان"]


def test_a_second_reception_by_the_same_official_named_by_title_is_a_second_meeting():
    body = ("استقبل اللواء إسماعيل كمال، محافظ أسوان، السيد جيريمي هوبكنز، ممثل اليونيسف، "
            "لبحث أوضاع الأطفال الوافدين من السودان.\n"
            "وأكد المحافظ خلال اللقاء استعداد المحافظة لتقديم كل التسهيلات.\n"
            "كما استقبل المحافظ في وقت لاحق ممثلي الهلال الأحمر المصري لمتابعة جهود الإغاثة.")
    specs = [("person", "إسماعيل كمال"), ("person", "جيريمي هوبكنز"),
             ("organization", "اليونيسف"), ("organization", "الهلال الأحمر المصري")]
    _, mentions, _, facts = run(extract_meetings, body, specs)
    roles = roles_by_text(facts, mentions)
    assert len(facts) == 2
    assert roles["mt1"] == {"emkg:hasHost": ["إسماعيل كمال"], "emkg:hasGuest": ["جيريمي هوبكنز"]}
    assert roles["mt2"] == {"emkg:hasHost": ["إسماعيل كمال"],
                            "emkg:hasGuest": ["الهلال الأحمر المصري"]}


def test_one_meeting_reported_in_three_paragraphs_is_one_meeting_with_place_and_date():
    body = ("بحثت الدكتورة مايا مرسي، وزيرة التضامن الاجتماعي، مع السيد جيريمي هوبكنز، ممثل "
            "اليونيسف في مصر، سبل حماية الأطفال غير المصحوبين.\n"
            "جاء ذلك خلال لقائهما اليوم الاثنين بمقر الوزارة بالعاصمة الإدارية الجديدة، بحضور "
            "الدكتورة منى عبد الله، مساعدة الوزيرة.\n"
            "وأكدت مرسي خلال لقائها هوبكنز أهمية توسيع الرعاية البديلة.")
    specs = [("person", "مايا مرسي"), ("person", "جيريمي هوبكنز"), ("person", "منى عبد الله"),
             ("organization", "اليونيسف"), ("country", "مصر"),
             ("city", "العاصمة الإدارية الجديدة"), ("person", "مرسي"), ("person", "هوبكنز")]
    article, mentions, _, facts = run(extract_meetings, body, specs, published="2026-11-23")
    assert len(facts) == 1
    roles = roles_by_text(facts, mentions)["mt1"]
    assert roles["emkg:hasAttendee"] == ["منى عبد الله"]
    assert roles["emkg:tookPlaceIn"] == ["العاصمة الإدارية الجديدة"]
    assert values_of(facts[0], "emkg:date") == ["2026-11-23"]  # a Monday


@pytest.mark.parametrize("body,place", [
    ("اجتمع اللواء محمود توفيق، وزير الداخلية، بالسيد ماتيو بيانتيدوسي، وزير الداخلية الإيطالي، "
     "في روما، لبحث مكافحة شبكات التهريب.", "روما"),
    ("أكد الدكتور بدر عبد العاطي خلال لقائه السيد ماتيو بيانتيدوسي، أمس الثلاثاء في جنيف، "
     "أهمية العودة الطوعية.", "جنيف"),
    ("التقى السيد ماتيو بيانتيدوسي، سفير الاتحاد الأوروبي بالقاهرة، اللواء محمود توفيق.", None),
])
def test_a_place_in_a_segment_of_its_own_is_where_but_a_place_in_a_title_is_not(body, place):
    specs = [("person", "محمود توفيق"), ("person", "ماتيو بيانتيدوسي"),
             ("person", "بدر عبد العاطي"), ("city", "روما"), ("city", "جنيف"),
             ("city", "القاهرة")]
    _, mentions, _, facts = run(extract_meetings, body, specs)
    roles = roles_by_text(facts, mentions)["mt1"]
    assert roles.get("emkg:tookPlaceIn", [None]) == [place]


def test_chaired_committee_meeting_and_joining_a_meeting_organised_by_a_body():
    body = ("ترأست السفيرة نائلة جبر، رئيس اللجنة الوطنية التنسيقية لمكافحة ومنع الهجرة غير "
            "الشرعية والاتجار بالبشر، اجتماع اللجنة الدوري، اليوم الخميس.\n"
            "وفي سياق آخر، شاركت الدكتورة مايا مرسي في الاجتماع الوزاري الإقليمي حول الهجرة الذي "
            "نظمته المنظمة الدولية للهجرة في تونس.")
    committee = "اللجنة الوطنية التنسيقية لمكافحة ومنع الهجرة غير الشرعية والاتجار بالبشر"
    specs = [("person", "نائلة جبر"), ("organization", committee), ("person", "مايا مرسي"),
             ("organization", "المنظمة الدولية للهجرة"), ("country", "تونس")]
    _, mentions, _, facts = run(extract_meetings, body, specs)
    roles = roles_by_text(facts, mentions)
    assert roles["mt1"] == {"emkg:hasHost": ["نائلة جبر"], "emkg:hasParticipant": [committee]}
    assert roles["mt2"] == {"emkg:hasParticipant": ["مايا مرسي"],
                            "emkg:organisedBy": ["المنظمة الدولية للهجرة"]}


@pytest.mark.parametrize("body", [
    "عقد المجلس القومي للمرأة اجتماعا لمناقشة خطة العمل السنوية.",
    "استقبلت الدكتورة مايا مرسي طلبات الجمعيات الأهلية.",
])
def test_a_meeting_with_a_single_participant_and_no_place_is_not_reported(body):
    specs = [("organization", "المجلس القومي للمرأة"), ("person", "مايا مرسي")]
    _, _, _, facts = run(extract_meetings, body, specs)
    assert facts == ()


@pytest.mark.parametrize("body,host,guest", [
    ("أكدت الدكتورة مايا مرسي، وزيرة التضامن الاجتماعي، لدى استقبالها السيدة حنان حمدان، ممثلة "
     "المفوضية، حرص مصر على تقديم الخدمات للاجئين.", "مايا مرسي", "حنان حمدان"),
    ("شهد اللقاء الذي جمع الدكتورة مايا مرسي، وزيرة التضامن الاجتماعي، والسيدة حنان حمدان، "
     "ممثلة المفوضية، التوقيع على اتفاقية لدعم الأسر العائدة.", "مايا مرسي", "حنان حمدان"),
    ("استقبل السفير عمرو رمضان، مساعد وزير الخارجية لحقوق الإنسان، وفدا من منظمة العمل "
     "الدولية، وبحث معه برامج الهجرة الآمنة.", "عمرو رمضان", "منظمة العمل الدولية"),
    ("استقبل وزير الخارجية الدكتور بدر عبد العاطي ممثلي الهلال الأحمر المصري لمتابعة جهود "
     "الإغاثة.", "بدر عبد العاطي", "الهلال الأحمر المصري"),
])
def test_more_ways_to_name_the_two_sides(body, host, guest):
    specs = [("person", "مايا مرسي"), ("person", "حنان حمدان"), ("person", "عمرو رمضان"),
             ("person", "بدر عبد العاطي"), ("organization", "منظمة العمل الدولية"),
             ("organization", "الهلال الأحمر المصري"), ("organization", "وزارة الخارجية"),
             ("country", "مصر")]
    _, mentions, _, facts = run(extract_meetings, body, specs)
    assert len(facts) == 1
    roles = roles_by_text(facts, mentions)["mt1"]
    assert roles["emkg:hasHost"] == [host]
    assert roles["emkg:hasGuest"] == [guest]


def test_a_meeting_with_one_named_side_is_not_reported():
    body = "التقى الدكتور بدر عبد العاطي، بوزارة الخارجية، لبحث ملف الهجرة مع الشباب."
    specs = [("person", "بدر عبد العاطي"), ("organization", "وزارة الخارجية")]
    _, _, _, facts = run(extract_meetings, body, specs)
    assert facts == ()  # one named participant and no place: not reported


def test_a_visit_paid_with_ajrat_ziyara_and_its_companions():
    body = ("أجرت السفيرة نبيلة مكرم زيارة إلى مركز تدريب الشباب في محافظة الفيوم، برفقة ممثلي "
            "المنظمة الدولية للهجرة.")
    specs = [("person", "نبيلة مكرم"), ("city", "الفيوم"),
             ("organization", "المنظمة الدولية للهجرة")]
    _, mentions, _, facts = run(extract_meetings, body, specs)
    roles = roles_by_text(facts, mentions)["mt1"]
    assert roles["emkg:hasGuest"] == ["نبيلة مكرم"]
    assert roles["emkg:tookPlaceIn"] == ["الفيوم"]
    assert roles["emkg:hasDelegationMember"] == ["المنظمة الدولية للهجرة"]


def test_headline_reports_the_meeting_when_the_body_names_only_one_side():
    headline = "وزيرة التضامن مايا مرسي تستقبل سفيرة الدنمارك ماريان كوك"
    body = "استقبلت الدكتورة مايا مرسي اليوم سفيرة الدنمارك لبحث حماية ضحايا الاتجار."
    specs = [("person", "مايا مرسي"), ("person", "ماريان كوك")]
    _, mentions, new, facts = run(extract_meetings, body, specs, headline=headline)
    assert len(facts) == 1 and facts[0].start < len(headline)
    assert roles_by_text(facts, mentions)["mt1"] == {"emkg:hasHost": ["مايا مرسي"],
                                                     "emkg:hasGuest": ["ماريان كوك"]}
    assert new == ()


def test_no_government_actor_is_minted_for_a_dropped_meeting():
    body = "زارت مايا مرسي، بدعم من اليونان، عددا من المراكز."  # one participant, no place
    specs = [("person", "مايا مرسي"), ("country", "اليونان")]
    _, _, new, facts = run(extract_meetings, body, specs)
    assert facts == () and new == ()


def _article_meetings(body, published, article_id, specs):
    article = make_article(body, published=published, article_id=article_id)
    mentions = find_mentions(article.text, specs)
    _, facts = extract_meetings(article, mentions, None)
    key_of = {m.id: f"{m.kind}:" + search_key(m.text) for m in mentions}
    return [meeting_info(article_id, f, key_of) for f in facts]


def test_two_outlets_with_relative_dates_report_one_meeting_and_a_later_one_stays_apart():
    specs = [("person", "بدر عبد العاطي"), ("person", "فيليبو غراندي")]
    youm7 = ("استقبل الدكتور بدر عبد العاطي، وزير الخارجية، اليوم الأحد، السيد فيليبو غراندي، "
             "المفوض السامي لشؤون اللاجئين، لبحث أوضاع اللاجئين السودانيين.")
    ahram = ("التقى وزير الخارجية بدر عبد العاطي أمس الأحد بالمفوض السامي فيليبو غراندي، وتناول "
             "اللقاء دعم الدول المستضيفة للاجئين.")
    later = youm7.replace("اليوم الأحد", "اليوم الأحد الموافق 17 مارس 2024")
    (first,) = _article_meetings(youm7, "2024-03-10", "youm7", specs)
    (second,) = _article_meetings(ahram, "2024-03-11", "ahram", specs)
    (third,) = _article_meetings(later, "2024-03-17", "masrawy", specs)
    assert first.date == second.date == "2024-03-10"
    assert "same date 2024-03-10" in same_event(first, second)
    assert third.date == "2024-03-17" and same_event(first, third) is None


@pytest.mark.parametrize("body,topic", [
    ("بحثت وزارة التضامن الاجتماعي مع المنظمة الدولية للهجرة سبل دعم العائدين من ليبيا.",
     "سبل دعم العائدين من ليبيا"),
    ("بحث الدكتور محمد جبران، وزير العمل، مع السيد يورغن شولتس، سفير ألمانيا، فرص تشغيل "
     "الشباب المصري.", "فرص تشغيل الشباب المصري"),
    ("أجرى الدكتور محمد جبران مباحثات مع السيد يورغن شولتس، سفير ألمانيا، على هامش "
     "اجتماعات منظمة العمل الدولية.", None),
])
def test_what_was_discussed_follows_the_one_met(body, topic):
    specs = [("organization", "وزارة التضامن الاجتماعي"), ("organization", "المنظمة الدولية للهجرة"),
             ("country", "ليبيا"), ("person", "محمد جبران"), ("person", "يورغن شولتس"),
             ("country", "ألمانيا"), ("organization", "منظمة العمل الدولية")]
    _, _, _, facts = run(extract_meetings, body, specs)
    assert values_of(facts[0], "emkg:topic") == ([topic] if topic else [])
