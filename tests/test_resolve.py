"""Resolution: one node per person / organisation / meeting across spellings and articles."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract_article
from kg.normalize import search_key
from kg.reading import read_article
from kg.programme_names import programme_name
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


# -- programmes: one node per named programme across articles ----------------------------------

STRATEGY_LONG = ("أعلنت اللجنة الوطنية التنسيقية لمكافحة ومنع الهجرة غير الشرعية والاتجار بالبشر بدء "
                 "المرحلة الثانية من الاستراتيجية الوطنية لمكافحة الهجرة غير الشرعية 2016-2026، "
                 "بالتعاون مع المنظمة الدولية للهجرة.")
STRATEGY_SHORT = ("وأكدت السفيرة نائلة جبر، رئيسة اللجنة، أن الاستراتيجية الوطنية لمكافحة الهجرة غير "
                  "الشرعية تستهدف القرى الأكثر تصديرا للهجرة في محافظات الدلتا.")


def _programmes(resolution, cls: str) -> list:
    return [n for n in resolution.nodes if n.cls == cls]


def _cited_articles(node) -> set[str]:
    return {c.article_id for c in node.citations}


def test_strategy_short_form_and_form_with_period_are_one_node():
    res = _resolve_texts(STRATEGY_LONG, STRATEGY_SHORT)
    (strategy,) = _programmes(res, "Strategy")
    assert _cited_articles(strategy) == {"a0", "a1"}
    assert len(strategy.merge_reasons) == 2  # one per printed form, the period's named
    assert sum("2016-2026" in reason for reason in strategy.merge_reasons) == 1
    years = {s.predicate: s.object.value for s in res.statements
             if s.subject == strategy.key and s.predicate.endswith("Year")}
    assert (years["emkg:startYear"], years["emkg:endYear"]) == ("2016", "2026")


def test_quoted_campaign_reported_by_two_outlets_is_one_node():
    res = _resolve_texts(
        "أطلقت وزارة الدولة للهجرة وشؤون المصريين بالخارج حملة «اتكلم عربي» لربط أبناء المصريين "
        "بالخارج بوطنهم ولغتهم.",
        "وتواصل وزارة الهجرة الحملة \"اتكلم عربي\" بالتعاون مع المدارس المصرية في دول الخليج.")
    (campaign,) = _programmes(res, "Campaign")
    assert _cited_articles(campaign) == {"a0", "a1"} and campaign.merge_reasons
    assert {label.text for label in campaign.labels} >= {"حملة «اتكلم عربي»"}


def test_hotline_number_in_eastern_and_western_digits_is_one_node():
    res = _resolve_texts(
        "أعلن المجلس القومي للطفولة والأمومة استقبال بلاغات الأطفال المعرضين للخطر عبر خط نجدة "
        "الطفل ١٦٠٠٠ على مدار الساعة.",
        "ودعت وزارة التضامن الاجتماعي المواطنين إلى الإبلاغ عن حالات الاتجار بالأطفال عبر الخط "
        "الساخن 16000.")
    (hotline,) = _programmes(res, "Hotline")
    assert _cited_articles(hotline) == {"a0", "a1"}
    assert hotline.merge_reasons and all("16000" in r for r in hotline.merge_reasons)


def test_hotline_named_then_numbered_is_one_node_and_another_number_is_not():
    res = _resolve_texts(
        "أطلق المجلس القومي للطفولة والأمومة خط نجدة الطفل لتلقي بلاغات الأطفال المعرضين للخطر.",
        "وتلقى خط نجدة الطفل 16000 أكثر من ألف بلاغ خلال الشهر الماضي.",
        "ودعت وزارة التضامن الاجتماعي إلى الإبلاغ عبر الخط الساخن ١٦٠٠٠.",
        "وتلقى خط نجدة الطفل 16021 بلاغات من محافظات الصعيد.")
    hotlines = sorted(_programmes(res, "Hotline"), key=lambda n: len(n.citations))
    assert [_cited_articles(h) for h in hotlines] == [{"a3"}, {"a0", "a1", "a2"}]
    assert all("16021" in r for r in hotlines[0].merge_reasons)
    assert not any("16021" in r for r in hotlines[1].merge_reasons)


def test_campaigns_with_the_same_generic_description_stay_apart():
    res = _resolve_texts(
        "أطلقت وزارة الشباب والرياضة حملة توعية بمخاطر الهجرة غير الشرعية في مراكز الشباب.",
        "وأطلقت وزارة التضامن الاجتماعي حملة توعية بمخاطر الهجرة غير الشرعية في محافظة "
        "كفر الشيخ.")
    campaigns = _programmes(res, "Campaign")
    assert len(campaigns) == 2
    assert all(len(_cited_articles(c)) == 1 and not c.merge_reasons for c in campaigns)


def test_one_name_with_two_periods_is_two_strategies_and_its_short_form_neither():
    res = _resolve_texts(
        STRATEGY_LONG,
        "وأعلنت اللجنة إعداد الاستراتيجية الوطنية لمكافحة الهجرة غير الشرعية 2024-2030، بمشاركة "
        "الوزارات المعنية.",
        STRATEGY_SHORT)
    strategies = _programmes(res, "Strategy")
    assert len(strategies) == 3
    assert sorted(len(_cited_articles(s)) for s in strategies) == [1, 1, 1]
    by_article = {next(iter(_cited_articles(s))): s for s in strategies}
    assert not by_article["a2"].merge_reasons  # the short form: either strategy, so neither
    assert "2016-2026" in by_article["a0"].merge_reasons[0]
    assert "2024-2030" in by_article["a1"].merge_reasons[0]


@pytest.mark.parametrize("cls, printed", [
    ("TrainingProgramme", "برنامج تدريبي"), ("Campaign", "حملة توعية"), ("Programme", "مبادرة"),
    ("Project", "مشروع"), ("Campaign", "الحملة الإعلامية"),
    ("Campaign", "حملة توعية بمخاطر الهجرة غير الشرعية"),
    ("Campaign", "البرامج التوعوية لمكافحة الهجرة غير الشرعية"),
    ("ServiceProgramme", "إعادة تأهيل وإدماج ضحايا الاتجار بالبشر"),
    ("Programme", "برنامج تدريبي لتأهيل الشباب العائدين"),
    ("Hotline", "خط ساخن"),
    ("Strategy", "استراتيجية الوزارة للعام المقبل"), ("ActionPlan", "خطة عمل اللجنة"),
    ("Strategy", "الاستراتيجية الجديدة للوزارة"), ("Project", "مشروع الصندوق لدعم العائدين"),
    ("ActionPlan", "خطة العمل التنفيذية"), ("Campaign", "الحملة القومية للتوعية"),
    ("Strategy", "الخطة الاستراتيجية الشاملة"),
])
def test_descriptions_are_not_programme_names(cls, printed):
    assert programme_name(cls, printed) is None


@pytest.mark.parametrize("first, second", [
    ("الاستراتيجية الوطنية لمكافحة الهجرة غير الشرعية (٢٠١٦-٢٠٢٦)",
     "استراتيجية الوطنية لمكافحة الهجرة غير الشرعية للفترة من 2016 إلى 2026"),
    ("حملة «مراكب النجاة»", "الحملة \"مراكب النجاة\""),
    ("للخطة الوطنية لمكافحة ختان الإناث", "الخطة الوطنية لمكافحة ختان الإناث"),
])
def test_spellings_of_one_name_reduce_to_one_identity(first, second):
    cls = "Campaign" if "حملة" in first else "Strategy"
    assert programme_name(cls, first) == programme_name(cls, second) is not None


def test_programme_in_the_store_index_is_found_again():
    first = _resolve_texts(STRATEGY_LONG)
    existing = [(n.key, n.cls, tuple(l.text for l in n.labels)) for n in first.nodes]
    second = resolve([extract_article(make_article(STRATEGY_SHORT, article_id="b0"))], None, existing)
    (before,), (after,) = _programmes(first, "Strategy"), _programmes(second, "Strategy")
    assert after.key == before.key and after.merge_reasons


def test_resolving_an_article_again_against_its_own_index_changes_nothing():
    article = extract_article(make_article(STRATEGY_LONG + " " + STRATEGY_SHORT, article_id="c0"))
    first = resolve([article])
    existing = [(n.key, n.cls, tuple(l.text for l in n.labels)) for n in first.nodes]
    assert resolve([article], None, existing) == first


@pytest.mark.slow
def test_kg_add_names_an_existing_programme_with_its_iri(tmp_path):
    from kg import store, vocab
    from test_build_cli import run_kg

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "first.txt").write_text("اللجنة الوطنية تبدأ المرحلة الثانية\n" + STRATEGY_LONG,
                                               encoding="utf-8")
    (tmp_path / "second.txt").write_text("رئيسة اللجنة: الاستراتيجية تستهدف القرى\n" + STRATEGY_SHORT,
                                         encoding="utf-8")
    store_dir = tmp_path / "s"
    run_kg("build", str(tmp_path / "in"), "--store", str(store_dir))
    run_kg("add", str(tmp_path / "second.txt"), "--store", str(store_dir))
    query = (f"SELECT DISTINCT ?s ?g WHERE {{ GRAPH ?g {{ ?s a <{vocab.expand('emkg:Strategy')}> }} }}")
    rows = {(r["s"].value, r["g"].value) for r in store.open_read_only(store_dir).query(query)}
    assert len({s for s, _ in rows}) == 1 and len({g for _, g in rows}) == 2


def test_programme_word_lists_are_validated_data_naming_the_file(tmp_path):
    from kg.programme_names import GENERIC_MODIFIERS, load_word_lists

    assert "\u0648\u0637\u0646\u064a\u0647" in GENERIC_MODIFIERS  # wataniyya, article dropped
    bad = tmp_path / "words.yaml"
    bad.write_text("function_words: [في]\nplural_heads: [البرامج]\ngeneric_modifiers: [وطنية]\n"
                   "anaphoric_bodies: [الوزاره]\nrelative_words: [هذه]\n", encoding="utf-8")
    with pytest.raises(ValueError) as err:  # taa marbuta: not the normalised spelling
        load_word_lists(bad)
    assert str(bad) in str(err.value) and "generic_modifiers" in str(err.value)
    bad.write_text("function_words: [في]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="plural_heads"):
        load_word_lists(bad)
