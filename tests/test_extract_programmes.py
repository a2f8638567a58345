"""Programmes and status reports from the rules of kg/rules/programmes.yaml, on short texts
written for these tests."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kg.extract.programmes import extract_programmes
from test_extract_meetings import make_article, roles_by_text, run, seed_run, values_of


def _by_cls(facts, cls):
    return [f for f in facts if f.cls == cls]


def _statuses(facts, fact_id):
    return [v.value for f in facts
            if f.cls == "StatusReport" and ("emkg:statusOf", fact_id) in f.roles
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


def test_hotline_name_ends_at_its_number_and_its_launcher_owns_it():
    body = ("أطلقت وزارة التضامن الاجتماعي الخط الساخن 16021 لتلقي بلاغات ضحايا الاتجار بالبشر "
            "على مدار الساعة.\n"
            "وأكد المجلس أن خط نجدة الطفل ١٦٠٠٠ تلقى آلاف البلاغات.")
    _, mentions, _, facts = run(extract_programmes, body,
                                [("organization", "وزارة التضامن الاجتماعي")])
    ministry_line, child_line = _by_cls(facts, "Hotline")
    assert ministry_line.name == "الخط الساخن 16021"
    assert child_line.name == "خط نجدة الطفل ١٦٠٠٠"
    assert roles_by_text(facts, mentions)[ministry_line.id]["emkg:ownedBy"] == [
        "وزارة التضامن الاجتماعي"]
    assert _statuses(facts, ministry_line.id) == ["emkg:Launched"]


def test_memorandum_signatories_are_partners():
    body = ("ووقعت وزارة الهجرة ومنظمة العمل الدولية مذكرة تفاهم لتدريب الشباب العائدين على "
            "المهن المطلوبة.\n"
            "كما شهدت الوزيرة توقيع بروتوكول تعاون بين وزارة التضامن الاجتماعي ومنظمة اليونيسف "
            "لحماية الأطفال غير المصحوبين.")
    specs = [("organization", "وزارة الهجرة"), ("organization", "منظمة العمل الدولية"),
             ("organization", "وزارة التضامن الاجتماعي"), ("organization", "منظمة اليونيسف")]
    _, mentions, _, facts = run(extract_programmes, body, specs)
    memorandum, protocol = _by_cls(facts, "Partnership")
    roles = roles_by_text(facts, mentions)
    assert roles[memorandum.id]["emkg:hasPartner"] == ["وزارة الهجرة", "منظمة العمل الدولية"]
    assert memorandum.name.startswith("مذكرة تفاهم لتدريب الشباب")
    assert roles[protocol.id]["emkg:hasPartner"] == ["وزارة التضامن الاجتماعي", "منظمة اليونيسف"]
    assert protocol.name == "بروتوكول تعاون بين وزارة التضامن الاجتماعي ومنظمة اليونيسف"
    assert _statuses(facts, protocol.id) == ["emkg:Established"]


def test_funded_project_with_budget_and_implementer():
    body = ("ويأتي ذلك ضمن مشروع تعزيز قدرات إدارة الحدود الذي تنفذه المنظمة الدولية للهجرة "
            "بتمويل من الاتحاد الأوروبي بتكلفة 12 مليون يورو.\n"
            "وناقش المجلس مشروع قانون اللجوء.\n"
            "وتحدث عن مشروعات الطرق الجديدة.")
    specs = [("organization", "المنظمة الدولية للهجرة"), ("organization", "الاتحاد الأوروبي")]
    _, mentions, _, facts = run(extract_programmes, body, specs)
    (project,) = _by_cls(facts, "Project")  # no draft law, no road works
    roles = roles_by_text(facts, mentions)[project.id]
    assert project.name == "مشروع تعزيز قدرات إدارة الحدود"
    assert roles["emkg:implementedBy"] == ["المنظمة الدولية للهجرة"]
    assert roles["emkg:fundedBy"] == ["الاتحاد الأوروبي"]
    assert values_of(project, "emkg:figure") == ["12 مليون يورو"]


def test_quoted_campaign_and_programme_and_known_initiative():
    body = ("أطلقت اللجنة الوطنية حملة «بلدك أولى بيك» للتوعية بمخاطر الهجرة غير الشرعية.\n"
            "وقالت إن برنامج \"مودة\" يستهدف الشباب المقبلين على الزواج.\n"
            "وأشاد بالمبادرة الرئاسية حياة كريمة في قرى الصعيد.")
    _, mentions, _, facts = run(extract_programmes, body, [("organization", "اللجنة الوطنية")])
    (campaign,) = _by_cls(facts, "Campaign")
    assert campaign.name == "حملة «بلدك أولى بيك»"
    assert roles_by_text(facts, mentions)[campaign.id]["emkg:ownedBy"] == ["اللجنة الوطنية"]
    (programme,) = _by_cls(facts, "Programme")
    assert programme.name == "برنامج \"مودة\""
    assert values_of(programme, "emkg:targetGroup") == ["الشباب المقبلين"]
    (initiative,) = _by_cls(facts, "Project")
    assert initiative.name == "المبادرة الرئاسية حياة كريمة"


def test_periods_printed_after_a_name_join_it():
    body = ("استعرضت الوزيرة الاستراتيجية الوطنية لمكافحة الهجرة غير الشرعية والاتجار بالبشر "
            "(٢٠١٦-٢٠٢٦).\n"
            "وتتضمن الخطة الوطنية لمكافحة الاتجار بالبشر للفترة 2022-2026 أربعة محاور.")
    _, _, _, facts = run(extract_programmes, body, [])
    (strategy,) = _by_cls(facts, "Strategy")
    (plan,) = _by_cls(facts, "ActionPlan")
    assert strategy.name.endswith("(٢٠١٦-٢٠٢٦)")
    assert (values_of(strategy, "emkg:startYear"), values_of(strategy, "emkg:endYear")) == (
        ["2016"], ["2026"])
    assert plan.name.endswith("للفترة 2022-2026")
    assert values_of(plan, "emkg:pillarCount") == ["4"]


def test_rehabilitation_programmes_need_a_group_they_serve():
    body = ("وتنفذ الوزارة برنامج إعادة تأهيل ودمج ضحايا الاتجار بالبشر بالتعاون مع المنظمة "
            "الدولية للهجرة.\n"
            "كما أطلقت الغرفة التجارية برنامج دعم الصادرات.")
    specs = [("organization", "المنظمة الدولية للهجرة")]
    _, mentions, _, facts = run(extract_programmes, body, specs)
    (service,) = _by_cls(facts, "ServiceProgramme")
    assert service.name == "برنامج إعادة تأهيل ودمج ضحايا الاتجار بالبشر"
    assert roles_by_text(facts, mentions)[service.id]["emkg:hasPartner"] == [
        "المنظمة الدولية للهجرة"]


def test_a_fund_named_as_an_organisation_is_no_project():
    body = "وأكد المدير التنفيذي لصندوق دعم مشروعات الجمعيات الأهلية لحماية الأطفال أهمية التعاون."
    specs = [("organization", "صندوق دعم مشروعات الجمعيات الأهلية")]
    assert run(extract_programmes, body, specs)[3] == ()


def test_plans_mechanisms_caravans_and_national_programmes():
    body = ("وناقش الاجتماع خطة الاستجابة الإقليمية للاجئين السودانيين التي أطلقتها المفوضية.\n"
            "وتعمل الوزارة وفق الآلية الوطنية لإحالة ضحايا الاتجار بالبشر.\n"
            "وانطلقت اليوم قافلة توعوية بمخاطر الهجرة غير الشرعية في قرى المنوفية.\n"
            "وأكد أن البرنامج القومي لحماية الأطفال من العمالة يستهدف 50 ألف طفل.\n"
            "وانطلقت قافلة طبية إلى القرى، وأشاد بأداء المنتخب القومي.")
    _, mentions, _, facts = run(extract_programmes, body, [("organization", "المفوضية")])
    assert [f.cls for f in facts if f.cls != "StatusReport"] == [
        "ActionPlan", "ReferralMechanism", "Campaign", "Programme"]
    plan, mechanism, caravan, national = (f for f in facts if f.cls != "StatusReport")
    assert roles_by_text(facts, mentions)[plan.id]["emkg:ownedBy"] == ["المفوضية"]
    assert values_of(plan, "emkg:targetGroup") == ["لاجئين السودانيين"]
    assert mechanism.name == "الآلية الوطنية لإحالة ضحايا الاتجار بالبشر"
    assert caravan.name.startswith("قافلة توعوية بمخاطر الهجرة")
    assert values_of(national, "emkg:figure") == ["50 ألف طفل"]


def test_cooperation_programme_between_two_states_and_its_implementer():
    body = ("ويأتي ذلك في إطار برنامج التعاون بين مصر وألمانيا في مجال الهجرة، والذي ينفذه "
            "المركز المصري الألماني للوظائف والهجرة.")
    specs = [("country", "مصر"), ("country", "ألمانيا"),
             ("organization", "المركز المصري الألماني للوظائف والهجرة")]
    _, mentions, new, facts = run(extract_programmes, body, specs)
    (partnership,) = _by_cls(facts, "Partnership")
    assert partnership.name == "برنامج التعاون بين مصر وألمانيا"
    roles = roles_by_text(facts, mentions, new)[partnership.id]
    assert roles["emkg:hasPartner"] == ["مصر", "ألمانيا"]
    assert roles["emkg:implementedBy"] == ["المركز المصري الألماني للوظائف والهجرة"]


def test_initiative_named_by_its_purpose_and_services_for_a_group():
    body = ("وأطلقت وزارة الشباب والرياضة مبادرة لتوعية الشباب بمخاطر الهجرة غير الشرعية.\n"
            "واتفق الجانبان على توسيع خدمات الدعم النفسي والاجتماعي للأطفال بلا مأوى.\n"
            "وأشاد بمبادرة من الوزير لتطوير خدمات العملاء.")
    _, mentions, _, facts = run(extract_programmes, body,
                                [("organization", "وزارة الشباب والرياضة")])
    (initiative,) = _by_cls(facts, "Project")
    assert initiative.name == "مبادرة لتوعية الشباب بمخاطر الهجرة غير الشرعية"
    assert roles_by_text(facts, mentions)[initiative.id]["emkg:ownedBy"] == [
        "وزارة الشباب والرياضة"]
    (service,) = _by_cls(facts, "ServiceProgramme")
    assert service.name.startswith("خدمات الدعم النفسي والاجتماعي")


def test_services_named_by_what_they_do_need_a_group():
    body = ("وتقدم المنظمة العودة الطوعية المساعدة وإعادة الإدماج للمهاجرين العالقين.\n"
            "كما ناقش الجانبان وضع خارطة طريق لمكافحة الهجرة غير الشرعية.\n"
            "وتحدث عن التمكين السياسي للأحزاب وخارطة طريق تطوير الطرق.")
    _, _, _, facts = run(extract_programmes, body, [])
    (service,) = _by_cls(facts, "ServiceProgramme")
    assert service.name.startswith("العودة الطوعية المساعدة وإعادة الإدماج")
    assert values_of(service, "emkg:targetGroup") == ["مهاجرين العالقين"]
    (roadmap,) = _by_cls(facts, "ActionPlan")
    assert roadmap.name == "خارطة طريق لمكافحة الهجرة غير الشرعية"


def test_a_partnership_reported_twice_is_one_even_with_a_partner_added_by_a_marker():
    body = ("وأشاد بالشراكة القائمة بين المنظمة الدولية للهجرة ومملكة الدنمارك بالتعاون مع "
            "الحكومة المصرية.\n"
            "وقدمت الشراكة بين الدنمارك والمنظمة الدولية للهجرة منذ عام 2018 الدعم لأكثر من "
            "1000 مهاجر.\n"
            "وأكد المجلس القومي للمرأة تعزيز الخط الساخن للمجلس.")
    specs = [("organization", "المنظمة الدولية للهجرة"), ("country", "مملكة الدنمارك"),
             ("country", "الدنمارك"), ("organization", "الحكومة المصرية"),
             ("organization", "المجلس القومي للمرأة")]
    _, _, _, facts = run(extract_programmes, body, specs)
    (partnership,) = _by_cls(facts, "Partnership")
    assert values_of(partnership, "emkg:sinceYear") == ["2018"]
    (hotline,) = _by_cls(facts, "Hotline")
    assert values_of(hotline, "emkg:targetGroup") == []  # "للمرأة" is the council's name


def test_an_intention_to_launch_is_planned_not_launched():
    body = "وتعتزم الوزارة إطلاق حملة توعية وطنية جديدة للتحذير من مخاطر الهجرة غير الشرعية."
    _, _, _, facts = run(extract_programmes, body, [])
    (campaign,) = _by_cls(facts, "Campaign")
    assert _statuses(facts, campaign.id) == ["emkg:Planned"]


def test_quoted_names_after_a_preposition_or_a_descriptor_and_names_ending_before_a_verb():
    body = ("أعلنت السفارة عن تمويل جديد لبرنامج «فرص» الذي تنفذه منظمة العمل الدولية.\n"
            "واستعرضت الوزيرة برنامج الدعم النقدي «تكافل وكرامة» الذي يستفيد منه 5 ملايين أسرة.\n"
            "وأكدت دعمها لمبادرة «بلدي أمانة» لحماية الأطفال المتنقلين.\n"
            "وأوضح أن الخطة التنفيذية للاستراتيجية الوطنية شملت 34 نشاطا.")
    _, mentions, _, facts = run(extract_programmes, body,
                                [("organization", "منظمة العمل الدولية")])
    jobs, cash = _by_cls(facts, "Programme")
    assert jobs.name == "برنامج «فرص»"
    assert roles_by_text(facts, mentions)[jobs.id]["emkg:implementedBy"] == ["منظمة العمل الدولية"]
    assert cash.name == "برنامج الدعم النقدي «تكافل وكرامة»"
    assert values_of(cash, "emkg:figure") == ["5 ملايين أسرة"]
    (initiative,) = _by_cls(facts, "Project")
    assert initiative.name == "مبادرة «بلدي أمانة»"
    (plan,) = _by_cls(facts, "ActionPlan")
    assert plan.name == "الخطة التنفيذية للاستراتيجية الوطنية"


def test_a_lone_definite_project_is_a_back_reference_not_a_new_programme():
    body = ("وأوضح أن المشروع، الذي تنفذه المنظمة الدولية للهجرة، يستهدف الشباب.\n"
            "وأكد أهمية مشروع قانون مكافحة الهجرة غير الشرعية الجديد.")
    assert run(extract_programmes, body, [("organization", "المنظمة الدولية للهجرة")])[3] == ()


def test_two_governments_are_partners_and_a_strategic_adjective_is_no_strategy():
    body = ("وأكد الجانبان أهمية الشراكة الاستراتيجية والشاملة بين مصر والاتحاد الأوروبي في ملف "
            "الهجرة.\n"
            "ودعت الوزارة إلى الإبلاغ عبر الاتصال بالخط الساخن 16021.")
    specs = [("country", "مصر"), ("organization", "الاتحاد الأوروبي")]
    _, mentions, new, facts = run(extract_programmes, body, specs)
    assert _by_cls(facts, "Strategy") == []
    (partnership,) = _by_cls(facts, "Partnership")
    roles = roles_by_text(facts, mentions, new)[partnership.id]
    assert roles == {"emkg:hasPartner": ["مصر", "الاتحاد الأوروبي"]}
    (hotline,) = _by_cls(facts, "Hotline")
    assert hotline.name == "الخط الساخن 16021"


def test_a_list_of_programmes_is_split_but_a_compound_with_one_complement_is_not():
    body = ("وتنفذ الوزارة برنامج تأهيل العائدين وبرنامج التمكين الاقتصادي للمرأة الريفية.\n"
            "وأطلقت الوزارة حملة «اعرف حقك» ومبادرة «مستقبلنا في بلدنا».\n"
            "بما يتماشى مع الاستراتيجية الوطنية وخطة العمل لحماية الطفل 2024-2026.")
    _, _, _, facts = run(extract_programmes, body, [])
    returnees, women = _by_cls(facts, "ServiceProgramme")
    assert returnees.name == "برنامج تأهيل العائدين"
    assert women.name.startswith("برنامج التمكين الاقتصادي")
    campaign, initiative = _by_cls(facts, "Campaign") + _by_cls(facts, "Project")
    assert [campaign.name, initiative.name] == ["حملة «اعرف حقك»", "مبادرة «مستقبلنا في بلدنا»"]
    assert _statuses(facts, campaign.id) == _statuses(facts, initiative.id) == ["emkg:Launched"]
    (strategy,) = _by_cls(facts, "Strategy")
    assert _by_cls(facts, "ActionPlan") == []
    assert strategy.name.endswith("2024-2026")


def test_quoted_names_opening_with_their_head_and_hotline_numbers_after_the_name():
    body = ("وزيرة التضامن تطلق «حملة 16 يوما» لمناهضة العنف ضد المرأة.\n"
            "وأشاد بجهود الدولة ضمن «مبادرة حياة كريمة» في القرى.\n"
            "ويمكن الإبلاغ عبر الخط الساخن (16021) أو خط نجدة الطفل رقم 16000.")
    _, _, _, facts = run(extract_programmes, body, [])
    (campaign,) = _by_cls(facts, "Campaign")
    assert campaign.name == "«حملة 16 يوما»"
    (initiative,) = _by_cls(facts, "Project")
    assert initiative.name == "«مبادرة حياة كريمة»"
    assert [h.name for h in _by_cls(facts, "Hotline")] == ["الخط الساخن (16021)",
                                                             "خط نجدة الطفل رقم 16000"]


def test_the_launching_verb_gives_owner_and_status_across_a_minister_and_a_date():
    body = ("أطلقت الدكتورة مايا مرسي، وزيرة التضامن الاجتماعي، اليوم الاثنين، حملة «بلدك أولى "
            "بيك» للتوعية بمخاطر الهجرة غير الشرعية.")
    specs = [("person", "مايا مرسي"), ("organization", "وزيرة التضامن الاجتماعي")]
    _, mentions, _, facts = run(extract_programmes, body, specs)
    (campaign,) = _by_cls(facts, "Campaign")
    assert roles_by_text(facts, mentions)[campaign.id]["emkg:ownedBy"] == [
        "وزيرة التضامن الاجتماعي"]  # the actors stage names the ministry on its minister's post
    assert _statuses(facts, campaign.id) == ["emkg:Launched"]


def test_headline_present_tense_signing_and_launching():
    headline = "مصر والاتحاد الأوروبي يوقعان مذكرة تفاهم لدعم إدارة الهجرة"
    body = "وتدشن الوزارة غدا حملة توعوية جديدة في المدارس."
    _, _, _, facts = run(extract_programmes, body, [], headline=headline)
    (memorandum,) = _by_cls(facts, "Partnership")
    assert _statuses(facts, memorandum.id) == ["emkg:Established"]
    (campaign,) = _by_cls(facts, "Campaign")
    assert _statuses(facts, campaign.id) == ["emkg:Launched"]


def test_programmes_a_meeting_discussed_are_linked_to_it():
    from kg.extract import extract_article

    body = ("استقبلت الدكتورة مايا مرسي وزيرة التضامن الاجتماعي السيد كارلوس أوليفر كروز رئيس "
            "بعثة المنظمة الدولية للهجرة في مصر.\n"
            "وناقش الجانبان الاستراتيجية الوطنية لمكافحة الهجرة غير الشرعية 2024-2026.\n"
            "وتواصل الوزارة تنفيذ البرامج التوعوية للشباب في القرى.")
    facts = extract_article(make_article(body)).facts
    (meeting,) = [f for f in facts if f.cls == "Meeting"]
    (strategy,) = _by_cls(facts, "Strategy")
    (campaign,) = _by_cls(facts, "Campaign")
    assert ("emkg:discussedAt", meeting.id) in strategy.roles
    assert all(p != "emkg:discussedAt" for p, _ in campaign.roles)  # no discussion verb


def test_capacity_building_programmes_and_training_workshops():
    body = ("ونفذت المفوضية برنامجا لبناء قدرات العاملين في مراكز استقبال اللاجئين.\n"
            "كما نظمت اليونيسف ورشة عمل تدريبية للأخصائيين الاجتماعيين حول إدارة الحالات.\n"
            "وعقدت اللجنة ورشة عمل حول التحديات الراهنة.")
    _, _, _, facts = run(extract_programmes, body, [])
    assert [f.name for f in _by_cls(facts, "TrainingProgramme")] == [
        "برنامجا لبناء قدرات العاملين في مراكز استقبال اللاجئين",
        "ورشة عمل تدريبية للأخصائيين الاجتماعيين حول إدارة الحالات"]


def test_heads_after_the_preposition_li():
    body = ("وأكدت أن افتتاح المركز يأتي تنفيذا للاستراتيجية الوطنية لمكافحة الهجرة غير الشرعية "
            "والاتجار بالبشر 2016-2026، ووفقا لآلية الإحالة الوطنية.")
    _, _, _, facts = run(extract_programmes, body, [])
    (strategy,) = _by_cls(facts, "Strategy")
    assert values_of(strategy, "emkg:startYear") == ["2016"]
    assert len(_by_cls(facts, "ReferralMechanism")) == 1


def test_a_hotline_belonging_to_a_council():
    body = "ويمكن التواصل مع الخط الساخن التابع للمجلس القومي للمرأة على مدار الساعة."
    _, mentions, _, facts = run(extract_programmes, body,
                                [("organization", "المجلس القومي للمرأة")])
    (hotline,) = _by_cls(facts, "Hotline")
    assert hotline.name == "الخط الساخن التابع للمجلس القومي للمرأة"
    assert roles_by_text(facts, mentions)[hotline.id]["emkg:ownedBy"] == ["المجلس القومي للمرأة"]


def test_a_name_cut_by_its_word_count_does_not_end_on_a_preposition():
    body = ("ونفذت المنظمة برنامج تدريبي للعاملين في مراكز الإيواء حول إدارة الحالات الفردية "
            "والأسرية في المحافظات الحدودية.")  # the tenth word after the head is "في"
    (training,) = _by_cls(run(extract_programmes, body, [])[3], "TrainingProgramme")
    assert training.name == ("برنامج تدريبي للعاملين في مراكز الإيواء حول إدارة الحالات "
                             "الفردية والأسرية")


def test_a_strategy_printed_with_its_end_year_only():
    body = "وأشارت إلى الاستراتيجية الوطنية للسكان حتى عام 2030 وما تتضمنه من برامج."
    (strategy,) = _by_cls(run(extract_programmes, body, [])[3], "Strategy")
    assert strategy.name.endswith("حتى عام 2030")
    assert values_of(strategy, "emkg:startYear") == []
    assert values_of(strategy, "emkg:endYear") == ["2030"]


def test_a_period_from_a_year_until_a_year_keeps_both_years():
    body = "وأقرت اللجنة الخطة الوطنية لحماية الأطفال من 2023 حتى 2030 بعد مناقشتها."
    (plan,) = _by_cls(run(extract_programmes, body, [])[3], "ActionPlan")
    assert (values_of(plan, "emkg:startYear"), values_of(plan, "emkg:endYear")) == (
        ["2023"], ["2030"])
