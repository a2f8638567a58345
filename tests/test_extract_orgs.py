"""Organisations and places: gazetteer variants, unknown bodies from head nouns, governments."""
from __future__ import annotations

from kg.extract import extract_article
from kg.extract.actors import extract_actors, load_actor_rules
from test_extract_actors import rules_without
from test_extract_meetings import make_article

FUND_SENTENCE = "ووقع صندوق دعم مشروعات الجمعيات والمنظمات الأهلية بروتوكول تعاون مع محافظة أسوان."


def orgs(text: str) -> list[tuple[str, str | None]]:
    extraction = extract_article(make_article(text))
    return [(m.text, m.key) for m in extraction.mentions if m.kind == "organization"]


def test_word_order_and_wording_variants_are_one_gazetteer_entry():
    keys = {key for _, key in orgs(
        "أشادت اللجنة التنسيقية الوطنية لمكافحة ومنع الهجرة غير الشرعية والاتجار بالأشخاص بجهود "
        "اللجنة الوطنية التنسيقية لمكافحة ومنع الهجرة غير الشرعية والاتجار بالبشر.")}
    assert keys == {"org:nccpim_tip"}


def test_usual_bodies_of_the_genre():
    found = dict(orgs("بحثت المفوضية السامية للأمم المتحدة لشؤون اللاجئين مع منظمة الأمم المتحدة "
                      "للطفولة ووزارة الخارجية ملف اللاجئين."))
    assert {"org:unhcr", "org:unicef"} <= set(found.values())


def test_unknown_committee_and_fund_are_found_from_head_nouns():
    found = orgs("وأعلنت اللجنة العليا لتنسيق شؤون العائدين خطة جديدة، كما وقع صندوق تنمية الريف "
                 "الإقليمي اتفاقا مع مؤسسات المجتمع المدني.")
    texts = {text for text, key in found if key is None}
    assert "اللجنة العليا لتنسيق شؤون العائدين" in texts
    assert "صندوق تنمية الريف الإقليمي" in texts
    assert not any("المجتمع المدني" in text for text, _ in found)


def test_a_different_fund_stays_a_different_organisation():
    found = orgs("وأكد صندوق مكافحة الهجرة غير الشرعية وحماية المهاجرين والشهود استمرار دعمه.")
    assert found and all(key != "org:ngo_fund" for _, key in found)


def test_seed_fund_still_found_without_its_gazetteer_entry(tmp_path):
    full, _ = extract_actors(make_article(FUND_SENTENCE))
    without, _ = extract_actors(make_article(FUND_SENTENCE), rules_without(tmp_path, "ngo_fund"))
    assert any(m.key == "org:ngo_fund" for m in full)
    assert any(m.kind == "organization" and m.key is None
               and m.text == "صندوق دعم مشروعات الجمعيات والمنظمات الأهلية" for m in without)


def test_country_acting_as_a_party_is_a_government_and_demonyms_are_places():
    extraction = extract_article(make_article(
        "وأكدت الحكومة الدنماركية دعمها، فيما استضافت اليونان اجتماعا للسفارة الإيطالية."))
    keys = {m.key for m in extraction.mentions}
    assert {"org:government-denmark", "place:greece"} <= keys


def test_non_content_zones_are_not_read():
    article = make_article("استقبلت وزيرة الهجرة الوفد.")
    article = type(article)(id=article.id, path=article.path, text=article.text,
                            sha256=article.sha256, meta=article.meta, zones=())
    assert extract_article(article).mentions == ()


def test_a_foreign_ministry_is_not_the_egyptian_one():
    found = orgs("وبحث وفد من وزارة الداخلية الإيطالية مع ممثلي وزارة الداخلية سبل مكافحة التهريب.")
    assert ("وزارة الداخلية الإيطالية", None) in found
    assert any(key == "org:moi" for _, key in found)


def test_an_unknown_body_ends_before_an_honorific():
    found = orgs("كما حضر المجلس الأستاذ صبري عثمان، وشاركت هيئة تنمية الصعيد الأستاذة منى فؤاد.")
    assert not any("الأستاذ" in text for text, _ in found)
    assert ("هيئة تنمية الصعيد", None) in found


def test_local_directorate_ends_with_its_governorate():
    found = orgs("وأعلنت مديرية التضامن الاجتماعي بمحافظة الغربية عن قافلة توعية في مدينة طنطا.")
    assert ("مديرية التضامن الاجتماعي بمحافظة الغربية", None) in found


def test_dhawi_binds_the_next_word_and_only_embassies_name_a_state():
    found = orgs("ووقعت سفارة كندا، والمجلس الأعلى لرعاية ذوي الهمم، وجمعية أسوان للتنمية بروتوكولا مع "
                 "جمعية مصر للتنمية.")
    assert {("سفارة كندا", None), ("المجلس الأعلى لرعاية ذوي الهمم", None),
            ("جمعية أسوان للتنمية", None)} <= set(found)
    assert not any(text.startswith("جمعية مصر") for text, _ in found)


def test_governorates_cities_and_countries_of_the_genre():
    extraction = extract_article(make_article(
        "وزار الوفد محافظات سوهاج وقنا والأقصر ومحافظة البحيرة، ثم توجه إلى الأردن وتونس، "
        "وعقد الاجتماع بمقر الوزارة بالعاصمة الإدارية الجديدة."))
    keys = {m.key for m in extraction.mentions if m.kind in ("city", "country", "place")}
    assert {"place:sohag", "place:qena", "place:luxor", "place:beheira", "place:jordan",
            "place:tunisia", "place:new_capital"} <= keys


def test_a_governorate_name_that_is_a_common_word_needs_mohafaza():
    extraction = extract_article(make_article("وأشادت الدول الغربية بجهود مصر في المنطقة الشرقية."))
    assert not {m.key for m in extraction.mentions} & {"place:gharbia", "place:sharqia"}


def test_every_gazetteer_variant_is_found_with_its_key_in_a_sentence():
    rules = load_actor_rules()
    missed = []
    for prefix, entries in (("org", rules.orgs), ("place", rules.places)):
        for entry in entries:
            for variant in entry["variants"]:
                mentions, _ = extract_actors(make_article(f"وشارك في الاجتماع ممثلون عن {variant} أمس."))
                if not any(m.key == f"{prefix}:{entry['id']}" for m in mentions):
                    missed.append(variant)
    assert missed == []


def test_unknown_villages_from_their_head_noun():
    extraction = extract_article(make_article(
        "ونظمت الوزارة قافلة توعية في قرية الحرجة بمركز ساحل سليم، ثم في عزبة ميت الكرما، "
        "وأكدت أن قرية الأطفال تحولت إلى قرية صغيرة."))
    villages = [m.text for m in extraction.mentions if m.rule_id == "unknown-village"]
    assert villages == ["قرية الحرجة", "عزبة ميت الكرما"]


def test_an_adjective_like_new_ends_an_unknown_body():
    assert orgs("وأعلن المحافظ عن افتتاح مكتب جديد للتضامن في المدينة.") == []


def test_boards_and_ad_hoc_committees_are_not_named_bodies():
    assert orgs("وأكد مجلس الإدارة أن الصندوق يدعم المشروعات، وتم تشكيل لجنة فنية لمتابعة التنفيذ.") == []


def test_a_committee_after_the_preposition_lam_keeps_its_article_and_key():
    found = orgs("وثمن المستشار أحمد خليل رئيس الأمانة الفنية للجنة الوطنية التنسيقية، جهود الشركاء، "
                 "وقدم الشكر للمنظمة الدولية للهجرة.")
    assert ("اللجنة الوطنية التنسيقية", "org:nccpim_tip") in found
    assert ("المنظمة الدولية للهجرة", "org:iom") in found


def test_a_ministry_named_from_a_post_leaves_out_the_portfolio():
    found = orgs("وقال السفير خالد البقلي، مساعد وزير الخارجية لشؤون الهجرة واللاجئين، إن التنسيق مستمر.")
    assert ("وزارة الخارجية", "org:mofa") in found


def test_an_indefinite_noun_phrase_is_no_body_but_an_embassy_of_a_known_state_is():
    assert orgs("وتعاونت الوزارة مع جمعية أهلية تعمل في مجال رعاية الأطفال.") == []
    assert orgs("وزارت سفارة هولندا مقر الجمعية.") == [("سفارة هولندا", None)]


def test_a_ministry_quoted_by_its_portfolio_in_a_headline():
    found = orgs("«التضامن» تبحث مع «اليونيسف» توسيع برامج الحماية")
    assert found == [("وزارة التضامن", "org:moss"), ("اليونيسف", "org:unicef")]


def test_a_post_printed_without_a_name_still_names_its_body():
    mentions, _ = extract_actors(make_article(
        "التقت وزيرة التضامن الاجتماعي اليوم سفيرة الدنمارك بالقاهرة لبحث التعاون، وأشاد محافظ "
        "المنيا بالمبادرة التي تنفذ في محافظة الغربية."))
    keys = {m.key for m in mentions if m.kind == "organization"}
    assert {"org:moss", "org:government-denmark"} <= keys
    texts = {m.text for m in mentions if m.kind == "organization"}
    assert "محافظة الغربية" not in texts


def test_a_bare_post_restating_a_named_minister_adds_no_body_and_stops_before_a_strategy():
    article = make_article(
        "التقت الدكتورة مايا مرسي، وزيرة التضامن الاجتماعي، ممثلة المفوضية. وناقشت وزيرة التضامن "
        "الاجتماعي خطط الدعم. وأطلقت وزيرة الهجرة الاستراتيجية الوطنية لمكافحة الهجرة غير الشرعية.")
    mentions, facts = extract_actors(article)
    moss = [m for m in mentions if m.key == "org:moss"]
    assert len(moss) == 1 and any(f.cls == "Membership" for f in facts)
    migration = [m for m in mentions if m.kind == "organization" and m.rule_id == "ministry-from-title"
                 and "الهجرة" in m.text and m.key != "org:moss"]
    assert migration and all(article.text[m.start:m.end] == "وزيرة الهجرة" for m in migration)


def test_shelters_and_care_homes_are_not_organisations():
    mentions, _ = extract_actors(make_article(
        "ويعمل المركز القومي لاستضافة المرأة المعنفة تحت إشراف الوزارة، وتضم مؤسسة الرعاية الاجتماعية "
        "للبنات بالعجوزة 50 فتاة، وافتتحت الوزيرة دار إيواء للنساء المعنفات بمحافظة الإسكندرية، "
        "بالتعاون مع جمعية حماية ضحايا الاتجار بالبشر."))
    orgs = [m.text for m in mentions if m.kind == "organization"]
    assert not any(word in name for name in orgs for word in ("لاستضافة", "الرعاية الاجتماعية", "إيواء"))
    assert any(name.startswith("جمعية حماية ضحايا") for name in orgs)
