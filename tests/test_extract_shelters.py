"""Shelters from the rules of kg/rules/shelters.yaml, on short texts written for these tests."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kg.extract.shelters import extract_shelters
from test_extract_meetings import make_article, roles_by_text, run, seed_run, values_of


def _shelters(facts):
    return [f for f in facts if f.cls == "Shelter"]


def _status(facts, fact_id):
    return [v.value for f in facts if ("emkg:statusOf", fact_id) in f.roles
            for p, v in f.values if p == "emkg:reportedStatus"]


def test_existing_womens_shelter_run_by_an_ngo():
    body = ("وتضم محافظة الجيزة مركز إيواء للنساء المعنفات تديره جمعية الهلال الأحمر المصري "
            "بالتعاون مع المجلس القومي للمرأة.")
    specs = [("city", "الجيزة"), ("organization", "جمعية الهلال الأحمر المصري"),
             ("organization", "المجلس القومي للمرأة")]
    _, mentions, _, facts = run(extract_shelters, body, specs)
    (shelter,) = _shelters(facts)
    roles = roles_by_text(facts, mentions)[shelter.id]
    assert roles["emkg:operatedBy"] == ["جمعية الهلال الأحمر المصري"]
    assert "المجلس القومي للمرأة" in roles["emkg:supportedBy"]
    assert values_of(shelter, "emkg:targetGroup") == ["نساء المعنفات"]


def test_planned_total_is_a_target_not_an_increment():
    body = ("وتخطط الوزارة للتوسع في دور الإيواء بالتنسيق مع المحافظين لتصل إلى خمس دور إيواء "
            "بحلول عام 2026، فضلا عن ملاجئ إضافية للأطفال.")
    _, _, _, facts = run(extract_shelters, body, [])
    (planned,) = _shelters(facts)  # "دور الإيواء" and "ملاجئ إضافية" are generic plurals
    assert values_of(planned, "emkg:plannedTotal") == ["5"]
    assert planned.name == "خمس دور إيواء"
    assert _status(facts, planned.id) == ["emkg:Planned"]


def test_eastern_digit_total():
    body = "وسيتم التوسع في الملاجئ ليصل إلى ٧ مراكز إيواء في المحافظات الحدودية."
    (planned,) = _shelters(run(extract_shelters, body, [])[3])
    assert values_of(planned, "emkg:plannedTotal") == ["7"]


def test_first_childrens_shelter_established_in_a_governorate():
    body = ("افتتحت منظمة اليونيسف أول مأوى للأطفال غير المصحوبين بذويهم في محافظة أسوان، "
            "بدعم من سفارة هولندا.")
    specs = [("organization", "منظمة اليونيسف"), ("city", "أسوان"),
             ("organization", "سفارة هولندا")]
    _, mentions, _, facts = run(extract_shelters, body, specs)
    (shelter,) = _shelters(facts)
    roles = roles_by_text(facts, mentions)[shelter.id]
    assert _status(facts, shelter.id) == ["emkg:Established"]
    assert values_of(shelter, "emkg:targetGroup") == ["أطفال غير المصحوبين بذويهم"]
    assert roles["emkg:locatedIn"] == ["أسوان"]
    assert roles["emkg:supportedBy"] == ["سفارة هولندا"]


def test_shelter_being_completed_with_supporters():
    body = ("وناقش الاجتماع الخطوات النهائية نحو إنجاز الملجأ الثالث لضحايا الاتجار من الرجال، "
            "والذي سيتم تجهيزه وتشغيله قريبا بدعم من المنظمة الدولية للهجرة والاتحاد الأوروبي.")
    specs = [("organization", "المنظمة الدولية للهجرة"), ("organization", "الاتحاد الأوروبي")]
    _, mentions, _, facts = run(extract_shelters, body, specs)
    (shelter,) = _shelters(facts)
    assert shelter.name.startswith("الملجأ الثالث")
    assert _status(facts, shelter.id) == ["emkg:BeingCompleted"]
    assert roles_by_text(facts, mentions)[shelter.id]["emkg:supportedBy"] == [
        "المنظمة الدولية للهجرة", "الاتحاد الأوروبي"]


def test_foreign_reception_centre_is_located_abroad():
    body = ("واطلع الوفد المصري على مركز استقبال المهاجرين في اليونان، كما زار مركز إيواء "
            "للقاصرين في القاهرة.")
    specs = [("country", "اليونان"), ("city", "القاهرة")]
    _, mentions, _, facts = run(extract_shelters, body, specs)
    foreign, local = _shelters(facts)
    roles = roles_by_text(facts, mentions)
    assert roles[foreign.id]["emkg:locatedIn"] == ["اليونان"]
    assert roles[local.id]["emkg:locatedIn"] == ["القاهرة"]


def test_generic_plurals_and_other_centres_are_not_shelters():
    body = ("وتعمل مراكز الإيواء في إطار الآلية الوطنية، وسيتم إنشاء ملاجئ إضافية، وزار الوفد مركز "
            "التنمية الشبابية ومراكز الاستقبال.")
    assert _shelters(run(extract_shelters, body, [])[3]) == []


@settings(max_examples=150, deadline=None)
@given(text=st.text(min_size=1, max_size=300))
def test_any_unicode_text_never_crashes(text):
    new, facts = extract_shelters(make_article(text), [], None)
    assert new == () and all(0 <= f.start <= f.end <= len(text) for f in facts)


def test_seed_shelters(seeds_dir):
    _, mentions, _, facts = seed_run(seeds_dir, "002", extract_shelters)
    existing, second, planned = _shelters(facts)  # never a fourth from "مراكز الإيواء"
    roles = roles_by_text(facts, mentions)
    assert _status(facts, existing.id) == ["emkg:Existing"]
    assert roles[existing.id]["emkg:operatedBy"] == ["وزارة التضامن الاجتماعي"]
    assert any("تحت سن 18" in g for g in values_of(existing, "emkg:targetGroup"))
    assert _status(facts, second.id) == ["emkg:BeingCompleted"]
    assert roles[second.id]["emkg:supportedBy"] == ["اللجنة الوطنية"]
    assert values_of(planned, "emkg:plannedTotal") == ["7"]
    _, _, _, facts = seed_run(seeds_dir, "004", extract_shelters)
    (first,) = _shelters(facts)
    assert _status(facts, first.id) == ["emkg:Established"]
    for stem in ("000", "001", "003"):
        assert _shelters(seed_run(seeds_dir, stem, extract_shelters)[3]) == []


def test_a_shelter_in_the_headline_and_the_body_is_one_shelter():
    headline = "افتتاح مركز إيواء للنساء ضحايا العنف في الإسكندرية"
    body = "افتتحت وزيرة التضامن مركز إيواء للنساء ضحايا العنف بمحافظة الإسكندرية."
    (shelter,) = _shelters(run(extract_shelters, body, [("city", "الإسكندرية")], headline)[3])
    assert shelter.start > len(headline)


def test_capacity_cuts_the_name_and_the_opener_runs_the_shelter():
    body = ("وافتتحت وزارة التضامن الاجتماعي دار إيواء للنساء المعنفات بمحافظة بني سويف بطاقة "
            "استيعابية 30 سيدة.")
    specs = [("organization", "وزارة التضامن الاجتماعي"), ("city", "بني سويف")]
    _, mentions, _, facts = run(extract_shelters, body, specs)
    (shelter,) = _shelters(facts)
    assert shelter.name == "دار إيواء للنساء المعنفات بمحافظة بني سويف"
    assert values_of(shelter, "emkg:figure") == ["30 سيدة"]
    roles = roles_by_text(facts, mentions)[shelter.id]
    assert roles["emkg:operatedBy"] == ["وزارة التضامن الاجتماعي"]
    assert roles["emkg:locatedIn"] == ["بني سويف"]
    assert _status(facts, shelter.id) == ["emkg:Established"]


def test_an_intention_makes_a_shelter_planned_not_established():
    body = ("وتعتزم الوزارة إنشاء مأوى للأطفال بلا مأوى في الإسكندرية بدعم من منظمة اليونيسف.\n"
            "وأوضح أنه جار الانتهاء من مركز استضافة وتوجيه المرأة في أسيوط، والمقرر افتتاحه "
            "الشهر المقبل.")
    specs = [("city", "الإسكندرية"), ("organization", "منظمة اليونيسف"), ("city", "أسيوط")]
    _, mentions, _, facts = run(extract_shelters, body, specs)
    children, women = _shelters(facts)  # "بلا مأوى" is who it serves, not a second shelter
    assert values_of(children, "emkg:targetGroup") == ["أطفال بلا مأوى"]
    assert _status(facts, children.id) == ["emkg:Planned"]
    assert roles_by_text(facts, mentions)[children.id]["emkg:supportedBy"] == ["منظمة اليونيسف"]
    assert women.name == "مركز استضافة وتوجيه المرأة في أسيوط"
    assert _status(facts, women.id) == ["emkg:BeingCompleted"]


def test_new_set_is_not_a_planned_total_and_a_total_in_the_singular_is():
    body = ("وأعلنت الوزارة افتتاح ثلاث دور إيواء جديدة للأطفال بلا مأوى.\n"
            "وتخطط الحكومة للتوسع في ملاجئ الطوارئ لتصل إلى 12 ملجأ بحلول 2026.")
    new_set, total = _shelters(run(extract_shelters, body, [])[3])
    assert new_set.name.startswith("ثلاث دور إيواء جديدة")
    assert values_of(new_set, "emkg:plannedTotal") == []
    assert values_of(total, "emkg:plannedTotal") == ["12"]
    assert total.name == "12 ملجأ"


def test_a_back_reference_and_a_service_word_are_not_new_shelters():
    body = ("افتتحت الجمعية بيتا آمنا للناجيات من العنف في القاهرة.\n"
            "ويضم المأوى عيادة نفسية، كما يوفر دار الإيواء الوجبات.\n"
            "وطالبت المنظمة بتوفير مأوى وغذاء للاجئين، وتوفير المأوى والدواء.")
    (shelter,) = _shelters(run(extract_shelters, body, [("city", "القاهرة")])[3])
    assert shelter.name.startswith("بيتا آمنا للناجيات")


def test_a_complaints_centre_is_no_shelter():
    body = "وخصصت المحافظة مركز استقبال الشكاوى لتلقي طلبات المواطنين."
    assert _shelters(run(extract_shelters, body, [])[3]) == []


def test_named_shelter_safe_haven_and_a_total_counted_after_its_noun():
    body = ("وافتتحت الجمعية دار «الأمل» لرعاية الفتيات ضحايا العنف.\n"
            "وطالبت المنظمة بتوفير ملاذ آمن للناجيات من الاتجار.\n"
            "وتستهدف الخطة التوسع ليصل عدد مراكز الإيواء إلى 12 مركزا بحلول 2030.")
    named, haven, total = _shelters(run(extract_shelters, body, [])[3])
    assert named.name.startswith("دار «الأمل» لرعاية الفتيات")
    assert haven.name.startswith("ملاذ آمن للناجيات")
    assert values_of(total, "emkg:plannedTotal") == ["12"]
    assert total.name == "مراكز الإيواء إلى 12 مركزا"


def test_a_bare_total_is_named_by_the_plural_before_it():
    body = ("وتعمل الوزارة على التوسع في دور الإيواء ليصل العدد إلى سبع بحلول عام 2027.\n"
            "وارتفع عدد المستفيدين ليصل العدد إلى 500.")
    facts = run(extract_shelters, body, [])[3]
    (plan,) = _shelters(facts)  # the count of beneficiaries is no total of shelters
    assert plan.name == "دور الإيواء"
    assert values_of(plan, "emkg:plannedTotal") == ["7"]
    assert _status(facts, plan.id) == ["emkg:Planned"]


def test_new_shelter_capacity_and_girls_under_eighteen_and_works_under_way():
    body = ("وأوضحت أن المأوى الجديد تبلغ طاقته الاستيعابية 60 سريرا ومخصص للفتيات أقل من 18 "
            "عاما.\n"
            "ويجري حاليا إنشاء دار إيواء للنساء المعنفات في سوهاج بالشراكة مع هيئة الأمم المتحدة "
            "للمرأة.")
    specs = [("city", "سوهاج"), ("organization", "هيئة الأمم المتحدة للمرأة")]
    _, mentions, _, facts = run(extract_shelters, body, specs)
    new, women = _shelters(facts)
    assert new.name == "المأوى الجديد"
    assert values_of(new, "emkg:figure") == ["60 سريرا"]
    assert values_of(new, "emkg:targetGroup") == ["فتيات أقل من 18 عاما"]
    assert _status(facts, women.id) == ["emkg:BeingCompleted"]
    assert roles_by_text(facts, mentions)[women.id]["emkg:supportedBy"] == [
        "هيئة الأمم المتحدة للمرأة"]


def test_two_shelters_of_one_list_share_the_verb_but_not_the_target_group():
    body = "وافتتحت الوزيرة دار إيواء للنساء المعنفات ومركز استضافة للأطفال بلا مأوى في الجيزة."
    _, _, _, facts = run(extract_shelters, body, [("city", "الجيزة")])
    women, children = _shelters(facts)
    assert women.name == "دار إيواء للنساء المعنفات"
    assert values_of(women, "emkg:targetGroup") == ["نساء المعنفات"]
    assert values_of(children, "emkg:targetGroup") == ["أطفال بلا مأوى"]
    assert _status(facts, women.id) == _status(facts, children.id) == ["emkg:Established"]


def test_the_opening_verb_gives_operator_and_status_across_a_minister_and_a_date():
    body = ("افتتحت الدكتورة مايا مرسي، وزيرة التضامن الاجتماعي، اليوم، دار إيواء للنساء "
            "المعنفات في بني سويف.")
    specs = [("person", "مايا مرسي"), ("organization", "وزيرة التضامن الاجتماعي"),
             ("city", "بني سويف")]
    _, mentions, _, facts = run(extract_shelters, body, specs)
    (shelter,) = _shelters(facts)
    assert roles_by_text(facts, mentions)[shelter.id]["emkg:operatedBy"] == [
        "وزيرة التضامن الاجتماعي"]  # the actors stage names the ministry on its minister's post
    assert _status(facts, shelter.id) == ["emkg:Established"]


def test_headline_present_tense_opening():
    headline = "وزيرة التضامن تفتتح دار إيواء للفتيات في أسوان"
    _, _, _, facts = run(extract_shelters, "وأكدت الوزيرة أهمية الحماية.", [("city", "أسوان")],
                         headline=headline)
    (shelter,) = _shelters(facts)
    assert _status(facts, shelter.id) == ["emkg:Established"]


def test_the_centre_named_again_brings_its_capacity_and_funders():
    body = ("افتتحت الوزيرة أول مركز لاستضافة وحماية ضحايا الاتجار من الرجال.\n"
            "وقالت إن المركز يتسع لـ 30 مستفيدا، مشيرة إلى أن المركز أنشئ بتمويل من الاتحاد "
            "الأوروبي.\n"
            "وزار الوفد المركز القومي للبحوث.")
    specs = [("organization", "الاتحاد الأوروبي"), ("organization", "المركز القومي للبحوث")]
    _, mentions, _, facts = run(extract_shelters, body, specs)
    (shelter,) = _shelters(facts)
    assert values_of(shelter, "emkg:figure") == ["30 مستفيدا"]
    assert roles_by_text(facts, mentions)[shelter.id]["emkg:supportedBy"] == ["الاتحاد الأوروبي"]


def test_a_shelter_under_construction_named_before_its_status():
    body = "وتفقد المحافظ دار إيواء للفتيات قيد الإنشاء في مدينة أسوان الجديدة."
    facts = run(extract_shelters, body, [])[3]
    (shelter,) = _shelters(facts)
    assert shelter.name == "دار إيواء للفتيات"
    assert _status(facts, shelter.id) == ["emkg:BeingCompleted"]
