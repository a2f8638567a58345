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
