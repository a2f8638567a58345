"""People and their posts (Membership facts) on short articles written for these tests."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kg.extract import extract_article
from test_extract_meetings import make_article

HEALTH = ("استقبل الدكتور خالد عبد الغفار وزير الصحة والسكان، اليوم الأحد، السفيرة ماريا فرنانديز "
          "سفيرة إسبانيا لدى مصر، بمقر الوزارة بالقاهرة.")
ATTENDEES = ("وشهدت الدكتورة رانيا المشاط، وزيرة التخطيط والتنمية الاقتصادية، توقيع الاتفاق بحضور كل من "
             "السيد حنا سينجر المنسق المقيم للأمم المتحدة في مصر، والسيدة جميلة لوكاس ممثلة منظمة "
             "الأمم المتحدة للطفولة (اليونيسف) في مصر.")
UNHCR = ("والتقى المستشار عمر مروان، وزير العدل، السيد هيرفيه دي ليس ممثل المفوضية السامية للأمم "
         "المتحدة لشؤون اللاجئين في مصر.")
TWO_POSTS = ("وقال المهندس طارق سليمان، مساعد وزيرة الهجرة والمدير التنفيذي لصندوق رعاية العاملين "
             "بالخارج، إن العمل مستمر.")


def people(text: str) -> dict[str, dict]:
    """name -> person mention attributes, and the posts (title, role, organisation) of each."""
    extraction = extract_article(make_article(text))
    by_id = {m.id: m for m in extraction.mentions}
    found = {m.text: {**dict(m.attrs), "posts": set()} for m in extraction.mentions if m.kind == "person"}
    for fact in extraction.facts:
        if fact.cls != "Membership":
            continue
        roles, values = dict(fact.roles), dict(fact.values)
        person, org = by_id[roles["org:member"]], by_id[roles["org:organization"]]
        found[person.text]["posts"].add((values["emkg:titleAsPrinted"].value,
                                         values["emkg:roleId"].value, org.key or org.text))
    return found


def test_honorifics_give_gender_and_posts_name_their_organisation():
    found = people(HEALTH)
    assert found["خالد عبد الغفار"]["gender"] == "male"
    assert found["ماريا فرنانديز"]["gender"] == "female"
    assert ("وزير الصحة والسكان", "minister", "org:moh") in found["خالد عبد الغفار"]["posts"]
    titles = {(t, r) for t, r, _ in found["ماريا فرنانديز"]["posts"]}
    assert ("سفيرة إسبانيا لدى مصر", "ambassador") in titles


def test_attendee_list_after_bihudur_kull_min():
    found = people(ATTENDEES)
    assert {"رانيا المشاط", "حنا سينجر", "جميلة لوكاس"} <= set(found)
    assert found["جميلة لوكاس"]["gender"] == "female"
    assert any(org == "org:unicef" and role == "representative"
               for _, role, org in found["جميلة لوكاس"]["posts"])
    assert any(role == "resident_coordinator" for _, role, _ in found["حنا سينجر"]["posts"])


def test_unhcr_representative_and_minister_between_commas():
    found = people(UNHCR)
    assert any(org == "org:unhcr" for _, _, org in found["هيرفيه دي ليس"]["posts"])
    assert any(role == "minister" for _, role, _ in found["عمر مروان"]["posts"])


def test_two_titles_joined_by_waw_belong_to_one_person():
    found = people(TWO_POSTS)
    posts = found["طارق سليمان"]["posts"]
    assert {role for _, role, _ in posts} == {"assistant_minister", "executive_director"}
    assert any(org.startswith("صندوق رعاية العاملين") for _, role, org in posts
               if role == "executive_director")


def test_surname_back_reference_is_the_same_person():
    text = ("التقت السفيرة سها جندي وزيرة الدولة للهجرة بالسيد لوران دي بوك رئيس بعثة المنظمة "
            "الدولية للهجرة في مصر. وأضاف \"دي بوك\" أن التعاون مستمر.")
    extraction = extract_article(make_article(text))
    names = [m.text for m in extraction.mentions if m.kind == "person"]
    assert "سها جندي" in names
    assert not any(len(n.split()) == 1 for n in names if n not in {"دي بوك"})


def test_masculine_title_does_not_override_female_honorific():
    found = people("واستقبلت الدكتورة هالة السعيد وزير التخطيط وفدا من البنك الدولي.")
    assert found["هالة السعيد"]["gender"] == "female"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text_is_handled(text):
    extraction = extract_article(make_article(text or " "))
    for m in extraction.mentions:
        assert 0 <= m.start <= m.end <= len(extraction.article.text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["الدكتورة", "وزير", "،", "و", "مكتب", "لجنة", "في مصر", "السيد",
                                 "أحمد", ".", "بحضور كل من", "التابعة للأمم المتحدة"]), max_size=60))
def test_genre_word_soup_is_handled(words):
    extraction = extract_article(make_article(" ".join(words) or " "))
    assert all(m.text for m in extraction.mentions)


def test_governor_post_names_the_governorate_and_demonyms_are_not_names():
    found = people("والتقى السفير الألماني بالوفد. وقال اللواء محمد الشريف، محافظ الإسكندرية، "
                   "إن العمل مستمر.")
    assert set(found) == {"محمد الشريف"}
    assert found["محمد الشريف"]["posts"] == {("محافظ الإسكندرية", "governor", "محافظة الإسكندرية")}


def test_a_post_after_a_name_is_not_given_to_the_words_after_it():
    found = people("وأكدت السيدة حنان حمدان، ممثلة المفوضية السامية للأمم المتحدة لشؤون اللاجئين "
                   "في مصر، أهمية الدعم.")
    assert set(found) == {"حنان حمدان"}


def test_a_post_naming_a_body_by_its_head_noun_refers_to_the_body_named_before():
    found = people("وشاركت المفوضية السامية للأمم المتحدة لشؤون اللاجئين في الاجتماع. وأكدت السيدة "
                   "حنان حمدان، ممثلة المفوضية في مصر، أهمية الدعم.")
    assert {org for _, _, org in found["حنان حمدان"]["posts"]} == {"org:unhcr"}


def test_post_then_name_closed_by_a_comma():
    found = people("وقال وزير الداخلية الإيطالي ماتيو بيانتيدوسي، إن التعاون مثمر. وأكدت وزيرة "
                   "التضامن الاجتماعي اليوم، أهمية الدعم.")
    assert set(found) == {"ماتيو بيانتيدوسي"}
    assert found["ماتيو بيانتيدوسي"]["posts"] == {
        ("وزير الداخلية الإيطالي", "minister", "وزارة الداخلية الإيطالية")}


def posts_of(found: dict, name: str) -> set[tuple[str, str]]:
    """(role, organisation key or label) of one person's posts."""
    return {(role, org) for _, role, org in found[name]["posts"]}


def test_name_after_a_post_without_comma_needs_a_known_first_name():
    found = people("وأكدت وزيرة التضامن الاجتماعي مايا مرسي أهمية الدعم المقدم للأسر الأولى بالرعاية.")
    assert set(found) == {"مايا مرسي"}
    assert posts_of(found, "مايا مرسي") == {("minister", "org:moss")}
    assert people("وأكد وزير العمل ضرورة تعزيز التعاون بين الجانبين في ملف العمالة.") == {}


def test_a_post_printed_before_an_honorific_belongs_to_that_person():
    found = people("وقال مساعد وزير الخارجية للشؤون القنصلية والمصريين في الخارج السفير عمرو الجويلي "
                   "إن التنسيق مع السفارات مستمر.")
    assert posts_of(found, "عمرو الجويلي") == {("assistant_minister", "org:mofa")}


def test_after_a_meeting_verb_the_post_and_the_honorific_person_are_two_people():
    found = people("واستقبل وزير الخارجية السفير أحمد عادل لبحث ترتيبات المؤتمر.")
    assert found["أحمد عادل"]["posts"] == set()


def test_name_final_ali_is_a_name_not_the_preposition():
    found = people("واستقبلت الدكتورة منى علي، وكيلة وزارة التضامن الاجتماعي، وفد المنظمة.")
    assert posts_of(found, "منى علي") == {("undersecretary", "org:moss")}
    found = people("وحصلت الدكتورة منى رشدي على جائزة التميز الحكومي.")
    assert set(found) == {"منى رشدي"}


def test_ticker_scores_and_common_nouns_after_an_honorific_are_not_people():
    assert people("الزمالك يفوز علي سموحه بهدفين") == {}
    assert people("وتلقت الوزيرة اتصالا من نظيرها الإيطالي لبحث ملف الهجرة.") == {}


def test_ambassadors_with_particles_in_their_names_and_the_eu_ambassador():
    found = people("وشاركت سفيرة هولندا لدى القاهرة إيلين فان دير بلوم في افتتاح مركز الخدمات. "
                   "وأشاد سفير الاتحاد الأوروبي لدى مصر كريستيان برجر بالتعاون القائم.")
    assert posts_of(found, "إيلين فان دير بلوم") == {("ambassador", "org:government-netherlands")}
    assert found["إيلين فان دير بلوم"]["gender"] == "female"
    assert posts_of(found, "كريستيان برجر") == {("ambassador", "org:eu")}


def test_governors_name_their_governorate_even_when_only_the_governorate_is_known():
    found = people("وقال اللواء أسامة القاضي محافظ المنيا إن المحافظة تدعم المبادرة. وأكد الدكتور "
                   "طارق رحمي، محافظ الغربية، توفير مقرات التدريب.")
    assert posts_of(found, "أسامة القاضي") == {("governor", "محافظة المنيا")}
    assert posts_of(found, "طارق رحمي") == {("governor", "محافظة الغربية")}


def test_a_prime_minister_named_by_demonym_belongs_to_that_government():
    found = people("وأكد رئيس الوزراء الإيطالي، ماريو دراغي، أن بلاده تدعم جهود مصر.")
    assert posts_of(found, "ماريو دراغي") == {("prime_minister", "org:government-italy")}


def test_an_ambassador_named_by_demonym_before_the_name():
    found = people("كما التقت وزيرة الهجرة بالسفير الإيطالي ميكيلي كواروني لبحث ملف العمالة الموسمية. "
                   "وأكد السفير الإيطالي أهمية التعاون.")
    assert set(found) == {"ميكيلي كواروني"}
    assert posts_of(found, "ميكيلي كواروني") == {("ambassador", "org:government-italy")}


def test_posts_ending_in_a_construct_or_followed_by_an_honorific():
    found = people("وأوضح المتحدث الرسمي باسم وزارة الخارجية السفير تميم خلاف أن الوزارة تتابع الأوضاع. "
                   "وأشار رئيس مجلس الوزراء الدكتور مصطفى مدبولي إلى أهمية المبادرة.")
    assert posts_of(found, "تميم خلاف") == {("spokesperson", "org:mofa")}
    assert posts_of(found, "مصطفى مدبولي") == {("prime_minister", "org:cabinet")}


def test_a_list_of_attendees_with_posts_ends_each_post_before_the_next_honorific():
    found = people("ورافقها كل من اللواء جمال نور الدين محافظ كفر الشيخ والدكتور أحمد صبري مدير مديرية "
                   "الصحة بالمحافظة، واستقبل محمد جبران وزير العمل وفدا برئاسة إريك أوشلان مدير مكتب "
                   "المنظمة في القاهرة.")
    assert posts_of(found, "جمال نور الدين") == {("governor", "محافظة كفر الشيخ")}
    assert {role for role, _ in posts_of(found, "أحمد صبري")} == {"director"}
    assert "إريك أوشلان" in found and not any(name.startswith("برئاسة") for name in found)


def test_words_before_a_post_without_a_comma_are_a_name_only_after_a_known_first_name():
    found = people("وفي هذا السياق أوضحت وزيرة التضامن أن الوزارة مستمرة. وقدم الشكر لكل من ساهم في "
                   "إنجاح المبادرة رئيس اللجنة. وقالت نيفين القباج وزيرة التضامن إن الدعم مستمر.")
    assert set(found) == {"نيفين القباج"}
    assert posts_of(found, "نيفين القباج") == {("minister", "org:moss")}


def test_gender_from_a_known_first_name_before_a_masculine_title():
    found = people("وقالت رشا عبد العزيز، المدير التنفيذي لمؤسسة النور، إن المبادرة مستمرة. "
                   "وزار السفير مقر الوزارة.")
    assert set(found) == {"رشا عبد العزيز"}
    assert found["رشا عبد العزيز"]["gender"] == "female"


def test_the_minister_in_a_post_is_the_ministry_the_article_names():
    found = people("وأكدت وزارة التضامن الاجتماعي استمرار الدعم. وقال الدكتور هشام عبد العزيز، مساعد "
                   "الوزيرة للحماية الاجتماعية، إن البرنامج يتوسع.")
    assert posts_of(found, "هشام عبد العزيز") == {("assistant_minister", "org:moss")}


def test_a_post_naming_no_identifiable_body_is_no_membership():
    extraction = extract_article(make_article(
        "وقال الدكتور هشام عبد العزيز، مساعد الوزير للحماية الاجتماعية، إن البرنامج يتوسع."))
    assert [m.text for m in extraction.mentions if m.kind == "person"] == ["هشام عبد العزيز"]
    assert not [f for f in extraction.facts if f.cls == "Membership"]


def test_people_listed_after_kull_min_without_honorifics():
    found = people("وشهد التوقيع كل من السفير عمرو الجويلي، وياسمين فؤاد وزيرة البيئة، وخالد عبد الغفار "
                   "وزير الصحة. وبحضور كل من أحمد فؤاد ومنى سالم، مديرة البرامج بوزارة التضامن، "
                   "وممثلي الوزارات المعنية.")
    assert set(found) == {"عمرو الجويلي", "ياسمين فؤاد", "خالد عبد الغفار", "أحمد فؤاد", "منى سالم"}
    assert posts_of(found, "خالد عبد الغفار") == {("minister", "org:moh")}
    assert posts_of(found, "منى سالم") == {("director", "org:moss")}
    assert found["أحمد فؤاد"]["posts"] == set()


def test_counterparts_named_by_demonym_are_people():
    found = people("التقى الوزير نظيره اليوناني جورج جيرابتريتيس بمقر الوزارة. واستقبلت الوزيرة نظيرتها "
                   "الإيطالية، إيلينا بينتو، أمس. والتقى الوزير نظيره الألماني لبحث التعاون.")
    assert set(found) == {"جورج جيرابتريتيس", "إيلينا بينتو"}
    assert found["إيلينا بينتو"]["gender"] == "female"


def test_verbal_nouns_after_an_honorific_are_not_names():
    text = ("وأكد الوزير أهمية التعاون مع المنظمة. وأكدت الوزيرة ضرورة توفير الحماية للأطفال. "
            "وأكدت السفيرة دعم بلادها للمبادرة. وقال الوزير سامح شكري إن الحوار مستمر.")
    assert set(people(text)) == {"سامح شكري"}


def test_a_hyphenated_name_is_one_name():
    found = people("وأكدت ناتاليا ويندر-روسي، ممثلة اليونيسف في مصر، أن المنظمة ستواصل دعم الأطفال.")
    assert posts_of(found, "ناتاليا ويندر-روسي") == {("representative", "org:unicef")}


def test_first_names_opening_with_waw_or_a_preposition_keep_that_letter():
    found = people("واستقبل الدكتور وائل عبد الحميد، مدير مكتب المنظمة الدولية للهجرة بالقاهرة، الوفد. "
                   "وقالت السيدة وفاء بكري إن العمل مستمر. وأكد المستشار كالفو بيريز، سفير الاتحاد "
                   "الأوروبي لدى مصر، دعم الاتحاد.")
    assert {"وائل عبد الحميد", "وفاء بكري", "كالفو بيريز"} <= set(found)
    assert not {"ائل عبد الحميد", "فاء بكري"} & set(found)
    assert found["وفاء بكري"]["gender"] == "female"


def test_a_glued_conjunction_is_still_dropped_before_a_name():
    found = people("وحضر اللقاء أحمد فؤاد، مدير البرامج، ووليد رشاد، مدير المشروعات بالمنظمة الدولية للهجرة.")
    assert "وليد رشاد" in found and "ووليد رشاد" not in found


def test_a_name_ends_before_an_event_noun_or_a_time_word():
    found = people("وبدأت السفيرة نبيلة مكرم زيارة رسمية إلى روما. وترأست الدكتورة هالة السعيد جلسة "
                   "العمل الأولى. ويستقبل الدكتور بدر عبد العاطي غدا الأربعاء وزير خارجية اليونان. "
                   "وتلتقي الدكتورة سها جندي الخميس المقبل ممثلي الجالية. وعقدت الدكتورة مايا مرسي "
                   "اجتماعا مع ممثلي المنظمة.")
    assert {"نبيلة مكرم", "هالة السعيد", "بدر عبد العاطي", "سها جندي", "مايا مرسي"} <= set(found)
    assert not any(word in name for name in found for word in ("زيارة", "جلسة", "غدا", "الخميس", "اجتماعا"))


def test_ranks_judges_and_honorifics_glued_to_a_preposition():
    found = people("وأكد العقيد محمد فتحي أهمية التوعية. وأصدرت القاضية رشا نبيل حكما في القضية. وحضر "
                   "الوزير المفوض هشام سمير، مدير إدارة الهجرة بوزارة الخارجية، الاجتماع. وتوجهت بالشكر "
                   "للسيدة لورا حداد، رئيسة بعثة المنظمة الدولية للهجرة في مصر، وللواء محمود توفيق، "
                   "وزير الداخلية. والتقى السفير أحمد حسن والسيدة منى خليل.")
    assert found["محمد فتحي"]["honorific"] == "العقيد"
    assert found["رشا نبيل"]["gender"] == "female"
    assert found["هشام سمير"]["honorific"] == "الوزير المفوض"
    assert any(org == "org:mofa" for _, _, org in found["هشام سمير"]["posts"])
    assert found["لورا حداد"]["honorific"] == "السيدة" and found["لورا حداد"]["gender"] == "female"
    assert found["محمود توفيق"]["honorific"] == "اللواء"
    assert any(org == "org:moi" for _, _, org in found["محمود توفيق"]["posts"])
    assert {"أحمد حسن", "منى خليل"} <= set(found)


def test_a_judge_or_dean_without_a_name_is_no_person():
    assert not people("وأصدر القاضي حكما رادعا في القضية، وقال العميد إن الكلية تدعم المبادرة.")


def test_officials_of_un_agencies_with_acronyms_offices_and_glued_surnames():
    found = people("وقالت ممثلة منظمة الأمم المتحدة للطفولة (يونيسف) في مصر جيريمي هوبكنز إن المنظمة تدعم "
                   "الأطفال. وقال مدير مكتب منظمة العمل الدولية بالقاهرة إريك أوشلان إن التعاون مستمر. "
                   "وأشادت رئيسة بعثة المنظمة الدولية للهجرة في مصر لورا بالاتيني بالتعاون.")
    assert ("ممثلة منظمة الأمم المتحدة للطفولة (يونيسف) في مصر", "representative", "org:unicef") \
        in found["جيريمي هوبكنز"]["posts"]
    assert any(org == "org:ilo" for _, _, org in found["إريك أوشلان"]["posts"])
    assert any(org == "org:iom_egypt" for _, _, org in found["لورا بالاتيني"]["posts"])


def test_a_word_opening_with_bal_after_a_name_is_not_a_surname_when_the_sentence_goes_on():
    found = people("وأكد الدكتور أحمد بالوزارة الجديدة أن العمل مستمر.")
    assert not any("بالوزارة" in name for name in found)


def test_eu_commission_officials_and_first_names_opening_like_the_article():
    found = people("والتقت الوزيرة المدير العام لإدارة الجوار والتوسع بالمفوضية الأوروبية، جيرت كوبمان، "
                   "كما التقت الممثلة المقيمة لبرنامج الأمم المتحدة الإنمائي في مصر أليساندرو فراكاسيتي. "
                   "وقالت السيدة إليزابيث مولر، سفيرة ألمانيا، إن بلادها تدعم مصر.")
    assert any(org == "org:eu_commission" for _, _, org in found["جيرت كوبمان"]["posts"])
    assert any(org == "org:undp" for _, _, org in found["أليساندرو فراكاسيتي"]["posts"])
    assert found["إليزابيث مولر"]["gender"] == "female"


def test_a_definite_noun_before_a_known_first_name_is_not_part_of_the_name():
    found = people("وحضر الاجتماع أحمد فؤاد، مدير البرامج بالمنظمة الدولية للهجرة، ووفاء بكري، مديرة "
                   "الاتصال بالمنظمة الدولية للهجرة.")
    assert any(org == "org:iom" for _, _, org in found["أحمد فؤاد"]["posts"])
    assert any(org == "org:iom" for _, _, org in found["وفاء بكري"]["posts"])
    assert not any(name.startswith("الاجتماع") for name in found)
