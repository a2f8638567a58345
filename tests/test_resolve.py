"""Resolution: one node per person / organisation / meeting across spellings and articles."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract_article
from kg.normalize import search_key
from kg.reading import read_article
from kg.resolve import Resolver, edit_distance, resolve
from test_extract_meetings import make_article


def _resolve_texts(*texts: str, existing=None):
    extractions = [extract_article(make_article(t, article_id=f"a{i}")) for i, t in enumerate(texts)]
    return resolve(extractions, None, existing)


def _officials(resolution) -> dict[str, object]:
    return {n.key: n for n in resolution.nodes if n.cls == "Official"}


@pytest.fixture(scope="module")
def seed_resolution(seeds_dir):
    articles = [read_article(p) for p in sorted(Path(seeds_dir).glob("*.txt"))]
    return resolve([extract_article(a) for a in articles])


def test_edit_distance():
    assert edit_distance("سعده", "سعاده") == 1
    assert edit_distance("", "abc") == 3 and edit_distance("kitten", "sitting") == 3


def test_seed_deputy_minister_is_one_node_with_both_posts(seed_resolution):
    people = [n for n in seed_resolution.nodes if n.cls == "Official"
              and search_key(n.labels[0].text).startswith(search_key("أحمد س"))]
    assert len(people) == 1 and people[0].merge_reasons
    key = people[0].key
    roles = {s.object.value for s in seed_resolution.statements if s.predicate == "emkg:titleAsPrinted"
             and any(t.subject == s.subject and t.predicate == "org:member" and t.object.key == key
                     for t in seed_resolution.statements)}
    assert any(search_key("نائب وزير") in search_key(r) or search_key("معاون وزير") in search_key(r)
               for r in roles)
    assert any(search_key("لصندوق") in search_key(r) for r in roles)


def test_seed_fund_named_four_ways_is_one_node(seed_resolution):
    funds = [n for n in seed_resolution.nodes if n.cls == "Organization"
             and any(search_key(l.text).startswith(search_key("صندوق دعم مشر")) for l in n.labels)]
    assert len(funds) == 1 and len(funds[0].labels) >= 3


def test_one_meeting_reported_by_two_outlets_is_one_node(seed_resolution):
    merged = [n for n in seed_resolution.nodes if n.cls == "Meeting" and n.merge_reasons]
    assert len(merged) == 1
    assert {c.article_id[:3] for c in merged[0].citations} == {"000", "001"}


def test_surname_reference_and_spelling_variant_across_articles():
    res = _resolve_texts(
        "التقت الدكتورة ليلى منصور مديرة مكتب المفوضية في أسوان بالوفد. وأضافت \"منصور\" أن العمل مستمر.",
        "وشاركت الدكتورة ليلى منسور مديرة مكتب المفوضية في أسوان في الاجتماع.")
    people = _officials(res)
    assert len(people) == 1
    (node,) = people.values()
    assert len(node.merge_reasons) == 2 and {c.article_id for c in node.citations} == {"a0", "a1"}


def test_different_people_stay_distinct():
    res = _resolve_texts("استقبل السفير محمد حسن الوفد.", "استقبل السفير محمود حسين الوفد.",
                         "استقبل السفير محمد عادل الوفد.")
    assert len(_officials(res)) == 3


def test_memberships_link_person_and_organisation():
    res = _resolve_texts("وقالت السيدة نجلاء فهمي، وزيرة الصحة والسكان، إن الحملة بدأت.")
    memberships = [n.key for n in res.nodes if n.cls == "Membership"]
    assert len(memberships) == 1
    objects = {s.predicate: s.object for s in res.statements if s.subject == memberships[0]}
    assert objects["org:member"].key in _officials(res)
    assert objects["org:organization"].key == "organization:moh"
    assert objects["emkg:titleAsPrinted"].value == "وزيرة الصحة والسكان"


def test_existing_entities_are_reused():
    first = _resolve_texts("التقى السفير كريم الشناوي بالوفد.")
    existing = [(n.key, n.cls, tuple(l.text for l in n.labels)) for n in first.nodes]
    second = _resolve_texts("وقال السفير كريم الشناوى، إن الاجتماع مثمر.", existing=existing)
    assert set(_officials(second)) == set(_officials(first))


def test_resolution_is_deterministic_and_incremental_matches_batch():
    texts = ("التقت السفيرة سارة يوسف رئيسة بعثة المنظمة الدولية للهجرة في مصر بالوفد.",
             "وأكدت السفيرة سارة يوسيف أهمية التعاون مع وزارة الخارجية.")
    assert _resolve_texts(*texts) == _resolve_texts(*texts)
    resolver = Resolver()
    parts = [resolver.add(extract_article(make_article(t, article_id=f"a{i}"))) for i, t in enumerate(texts)]
    assert {n.key for p in parts for n in p.nodes} == {n.key for n in _resolve_texts(*texts).nodes}


def test_near_spellings_without_a_shared_post_stay_distinct():
    res = _resolve_texts("وقال السفير محمد حسن، مساعد وزير الخارجية، إن الاجتماع مثمر.",
                         "وقال الدكتور محمد حسين، وزير الصحة والسكان، إن الحملة مستمرة.")
    assert len(_officials(res)) == 2
