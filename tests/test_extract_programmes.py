"""Programmes and status reports from the rules of kg/rules/programmes.yaml, on short texts
written for these tests."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kg.extract.programmes import extract_programmes
from test_extract_meetings import make_article, roles_by_text, run, seed_run, values_of


def _by_cls(facts, cls):
    return [f for f in facts if f.cls == cls]


def _statuses(facts, fact_id):
    return [v.value for f in facts if f.cls == "StatusReport" and ("emkg:statusOf", fact_id) in f.roles
            for p, v in f.values if p == "emkg:reportedStatus"]


def test_strategy_period_and_pillars_stay_with_their_own_strategy():
    body = ("أطلقت الحكومة الاستراتيجية الوطنية لمكافحة الاتجار بالبشر 2022-2026، والتي تقوم على "
            "أربعة محاور رئيسية.\n"
            "كما استعرضت الوزيرة استراتيجية المفوضية السامية للأمم المتحدة لشؤون اللاجئين في مصر، "
            "والتي تقوم على 3 ركائز.")
    specs = [("organization", "المفوضية السامية للأمم المتحدة لشؤون اللاجئين"), ("country", "مصر")]
    _, mentions, _, facts = run(extract_programmes, body, specs)
    national, unhcr = _by_cls(facts, "Strategy")
    assert national.name.endswith("2022-2026")
    assert values_of(national, "emkg:startYear") == ["2022"]
    assert values_of(national, "emkg:endYear") == ["2026"]
    assert values_of(national, "emkg:pillarCount") == ["4"]
    assert values_of(unhcr, "emkg:startYear") == []  # the period is never borrowed
    assert values_of(unhcr, "emkg:pillarCount") == ["3"]
    assert roles_by_text(facts, mentions)[unhcr.id]["emkg:ownedBy"] == [
        "المفوضية السامية للأمم المتحدة لشؤون اللاجئين"]
    assert _statuses(facts, national.id) == ["emkg:Launched"]


def test_compound_strategy_and_plan_is_one_programme():
    body = "بما يتماشى مع الاستراتيجية الوطنية وخطة العمل لحماية الطفل 2023-2030."
    _, _, _, facts = run(extract_programmes, body, [])
    assert [f.cls for f in facts] == ["Strategy"]
    assert values_of(facts[0], "emkg:endYear") == ["2030"]


def test_hotline_owner_and_launch_status():
    body = ("وأعلنت الوزارة إطلاق خط ساخن للمجلس القومي للطفولة والأمومة لتلقي بلاغات الأطفال "
            "غير المصحوبين، وتعزيز البنية التحتية للخط الساخن للمجلس القومي للمرأة.")
    specs = [("organization", "المجلس القومي للطفولة والأمومة"),
             ("organization", "المجلس القومي للمرأة")]
    _, mentions, _, facts = run(extract_programmes, body, specs)
    children, women = _by_cls(facts, "Hotline")
    roles = roles_by_text(facts, mentions)
    assert roles[children.id]["emkg:ownedBy"] == ["المجلس القومي للطفولة والأمومة"]
    assert roles[women.id]["emkg:ownedBy"] == ["المجلس القومي للمرأة"]
    assert _statuses(facts, children.id) == ["emkg:Launched"]
    assert _statuses(facts, women.id) == ["emkg:Strengthened"]


def test_partnership_funder_implementer_start_year_and_separate_figures():
    body = ("وتدعم الشراكة بين اليابان والمفوضية السامية للأمم المتحدة لشؤون اللاجئين منذ عام 2016 "
            "برامج التعليم للاجئين.\n"
            "وقد مكنت هذه الشراكة من مساعدة أكثر من 5000 لاجئ، كما وصلت إلى 300 طفل إضافي.")
    specs = [("country", "اليابان"),
             ("organization", "المفوضية السامية للأمم المتحدة لشؤون اللاجئين")]
    _, mentions, new, facts = run(extract_programmes, body, specs)
    (partnership,) = _by_cls(facts, "Partnership")
    roles = roles_by_text(facts, mentions, new)[partnership.id]
    assert roles["emkg:fundedBy"] == ["اليابان"]
    assert roles["emkg:implementedBy"] == ["المفوضية السامية للأمم المتحدة لشؤون اللاجئين"]
    assert [m.kind for m in new] == ["organization"]  # Japan acting as a funder: its government
    assert values_of(partnership, "emkg:sinceYear") == ["2016"]
    assert sorted(values_of(partnership, "emkg:figure")) == ["300 طفل إضافي", "أكثر من 5000 لاجئ"]


def test_campaign_with_reach_and_awareness_programmes():
    body = ("أطلقت وزارة الشباب والرياضة حملة توعية وطنية ضد الهجرة غير الشرعية التي وصلت إلى "
            "ملايين الشباب في 14 محافظة.\n"
            "وتواصل الوزارة تنفيذ العديد من البرامج التوعوية للشباب في القرى الأكثر تصديرا للهجرة.")
    _, _, _, facts = run(extract_programmes, body, [("organization", "وزارة الشباب والرياضة")])
    campaign, programmes = _by_cls(facts, "Campaign")
    assert campaign.name.startswith("حملة توعية وطنية")
    assert values_of(campaign, "emkg:figure") == ["ملايين الشباب"]
    assert _statuses(facts, campaign.id) == ["emkg:Launched"]
    assert _statuses(facts, programmes.id) == ["emkg:Ongoing"]


def test_referral_mechanism_owned_by_the_approving_committee():
    body = ("وتعمل دور الرعاية في إطار آلية الإحالة الوطنية التي أقرتها اللجنة الوطنية التنسيقية "
            "لمكافحة ومنع الهجرة غير الشرعية والاتجار بالبشر.")
    committee = "اللجنة الوطنية التنسيقية لمكافحة ومنع الهجرة غير الشرعية والاتجار بالبشر"
    _, mentions, _, facts = run(extract_programmes, body, [("organization", committee)])
    (mechanism,) = _by_cls(facts, "ReferralMechanism")
    assert roles_by_text(facts, mentions)[mechanism.id]["emkg:ownedBy"] == [committee]


def test_generic_plurals_are_not_programmes():
    body = ("وأكدت الوزيرة أهمية تعزيز الشراكات مع المجتمع المدني وتطوير الاستراتيجيات الإقليمية "
            "وحملات التفتيش ومراجعة خطط العمل الداخلية.")
    assert run(extract_programmes, body, [])[3] == ()


def test_reintegration_services_planned():
    body = "واتفق الجانبان على إعداد برامج متكاملة لإعادة الإدماج للعائدين من ليبيا."
    _, _, _, facts = run(extract_programmes, body, [("country", "ليبيا")])
    (service,) = _by_cls(facts, "ServiceProgramme")
    assert "إعادة الإدماج" in service.name
    assert _statuses(facts, service.id) == ["emkg:Planned"]


@settings(max_examples=150, deadline=None)
@given(text=st.text(min_size=1, max_size=300))
def test_any_unicode_text_never_crashes(text):
    article = make_article(text)
    new, facts = extract_programmes(article, [], None)
    assert new == () and all(0 <= f.start <= f.end <= len(text) for f in facts)


def test_seed_programmes(seeds_dir):
    for stem in ("000", "001"):
        _, mentions, _, facts = seed_run(seeds_dir, stem, extract_programmes)
        iom, national = _by_cls(facts, "Strategy")
        assert values_of(iom, "emkg:pillarCount") == ["5"]  # "خمسة" in 000, "5" in 001
        assert values_of(iom, "emkg:startYear") == []
        assert (values_of(national, "emkg:startYear"), values_of(national, "emkg:endYear")) == (
            ["2024"], ["2026"])
        assert _by_cls(facts, "ActionPlan") == []  # one compound strategy-and-plan node
    _, mentions, new, facts = seed_run(seeds_dir, "004", extract_programmes)
    (partnership,) = _by_cls(facts, "Partnership")  # reported twice, one programme
    roles = roles_by_text(facts, mentions, new)[partnership.id]
    assert roles["emkg:fundedBy"] == ["مملكة الدنمارك"]
    assert roles["emkg:implementedBy"] == ["المنظمة الدولية للهجرة"]
    assert values_of(partnership, "emkg:sinceYear") == ["2018"]
    assert sorted(values_of(partnership, "emkg:figure")) == ["1000 مهاجر إضافي",
                                                             "أكثر من 1000 مهاجر"]
    assert len(_by_cls(facts, "Hotline")) == 2
    (campaign,) = _by_cls(facts, "Campaign")
    assert values_of(campaign, "emkg:figure") == ["عشرات الملايين من الناس"]
    _, mentions, _, facts = seed_run(seeds_dir, "002", extract_programmes)
    (mechanism,) = _by_cls(facts, "ReferralMechanism")
    assert roles_by_text(facts, mentions)[mechanism.id]["emkg:ownedBy"][0].startswith(
        "اللجنة التنسيقية الوطنية")


def test_a_campaign_in_the_headline_and_the_body_is_one_campaign():
    headline = "إطلاق حملة توعية وطنية لحماية الأطفال من الهجرة غير الشرعية"
    body = ("أطلق المجلس القومي للطفولة والأمومة اليوم حملة توعية وطنية لحماية الأطفال من مخاطر "
            "الهجرة غير الشرعية، بالتعاون مع منظمة اليونيسف.")
    _, _, _, facts = run(extract_programmes, body, [], headline=headline)
    (campaign,) = _by_cls(facts, "Campaign")
    assert campaign.start > len(headline)  # cited from the body


def test_quoted_initiative_with_its_reach():
    body = ("أطلقت وزارة الهجرة مبادرة «مراكب النجاة» للتوعية بمخاطر الهجرة غير الشرعية، "
            "ووصلت إلى أكثر من 3 ملايين مواطن.\n"
            "وأشاد السفير بمبادرة طيبة من الجانبين.")
    _, _, _, facts = run(extract_programmes, body, [("organization", "وزارة الهجرة")])
    (initiative,) = _by_cls(facts, "Project")
    assert "مراكب النجاة" in initiative.name
    assert values_of(initiative, "emkg:figure") == ["أكثر من 3 ملايين مواطن"]
    assert _statuses(facts, initiative.id) == ["emkg:Launched"]
