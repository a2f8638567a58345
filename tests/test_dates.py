"""Dates: finding absolute, Hijri and relative mentions; resolving them; the publication anchor."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.dates import (
    find_dates,
    hijri_to_gregorian,
    load_calendar,
    publication_anchor,
    resolve,
)
from kg.reading import read_article

WEDNESDAY = datetime.date(2023, 3, 15)


def only(text: str):
    mentions = find_dates(text)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    "sentence, written, iso",
    [
        ("وقعت الوزارة الاتفاق في 12 مارس 2023 بالقاهرة", "12 مارس 2023", "2023-03-12"),
        ("عقد الاجتماع يوم 3 أيار 2022 في عمان", "3 أيار 2022", "2022-05-03"),
        ("بدأت الحملة في 1 كانون الثاني 2024", "1 كانون الثاني 2024", "2024-01-01"),
        ("في ٢٠ يونيه ٢٠٢٣ اختتمت الورشة", "٢٠ يونيه ٢٠٢٣", "2023-06-20"),
        ("صدر القرار في ١٥/٣/٢٠٢٣ عن الوزارة", "١٥/٣/٢٠٢٣", "2023-03-15"),
        ("تاريخ الوثيقة 2024-05-02 كما ورد", "2024-05-02", "2024-05-02"),
        ("وفي 14 آذار/مارس 2024 م زار الوفد", "14 آذار/مارس 2024 م", "2024-03-14"),
        ("في 9 من شهر سبتمبر عام 2021 انطلقت", "9 من شهر سبتمبر عام 2021", "2021-09-09"),
        ("السبت 02/مارس/2024 - 10:00 ص", "السبت 02/مارس/2024", "2024-03-02"),
    ],
)
def test_absolute_dates(sentence, written, iso):
    mention = only(sentence)
    assert (mention.as_written, mention.kind, mention.iso) == (written, "absolute", iso)
    assert sentence[mention.start:mention.end] == written


def test_weekday_before_a_date_is_kept_and_checked():
    good = only("الأربعاء 15 مارس 2023 استقبل السفير الوفد")
    assert (good.weekday, good.weekday_number, good.iso, good.note) == ("الأربعاء", 3, "2023-03-15",
                                                                         None)
    bad = only("الخميس 15 مارس 2023 استقبل السفير الوفد")
    assert bad.iso == "2023-03-15" and "does not match" in bad.note


@pytest.mark.parametrize(
    "hijri, gregorian",
    [((1447, 5, 7), "2025-10-29"), ((1446, 11, 14), "2025-05-12"), ((1445, 9, 1), "2024-03-11"),
     ((1, 1, 1), "0622-07-19")],
)
def test_tabular_hijri_conversion(hijri, gregorian):
    assert hijri_to_gregorian(*hijri).isoformat() == gregorian


def test_hijri_mentions_with_spelling_variants():
    first = only("الموافق 7 جمادى أول 1447 هـ")
    second = only("الموافق 7 جمادى الأولى 1447هـ")
    assert first.kind == second.kind == "hijri"
    assert first.iso == second.iso == "2025-10-29"
    assert "tabular" in first.note


def test_printed_weekday_corrects_the_tabular_hijri_day():
    mention = only("يوم الخميس ٥ رمضان ١٤٤٥ هـ")
    assert mention.iso == "2024-03-14" and "shifted -1" in mention.note
    assert mention.weekday == "الخميس"


def test_clock_line_gives_a_gregorian_and_a_hijri_mention():
    kinds = [(m.kind, m.iso) for m in find_dates("الأربعاء 29 أكتوبر 2025 10:08 صـ 7 جمادى أول 1447 هـ")]
    assert kinds == [("absolute", "2025-10-29"), ("hijri", "2025-10-29")]


def test_relative_days_stay_unresolved_without_an_anchor():
    mention = only("استقبلت السفيرة الوفد أمس الثلاثاء في مكتبها")
    assert (mention.as_written, mention.kind, mention.iso) == ("أمس الثلاثاء", "relative", None)
    assert (mention.weekday, mention.days) == ("الثلاثاء", -1)
    assert resolve(mention, None) is mention


@pytest.mark.parametrize(
    "sentence, iso",
    [
        ("استقبلت السفيرة الوفد أمس الثلاثاء في مكتبها", "2023-03-14"),
        ("التقى الوزير، اليوم الأربعاء، ممثلة المفوضية", "2023-03-15"),
        ("وتعقد اللجنة اجتماعها غداً في القاهرة", "2023-03-16"),
        ("وتعقد اللجنة اجتماعها غدا الخميس في القاهرة", "2023-03-16"),
        ("وكان الوفد قد وصل أول أمس", "2023-03-13"),
    ],
)
def test_relative_days_resolve_against_the_anchor(sentence, iso):
    assert resolve(only(sentence), WEDNESDAY).iso == iso


def test_find_dates_resolves_when_given_an_anchor_as_date_or_iso_text():
    sentence = "استقبلت السفيرة الوفد أمس الثلاثاء في مكتبها"
    assert [m.iso for m in find_dates(sentence, anchor="2023-03-15")] == ["2023-03-14"]
    assert [m.iso for m in find_dates(sentence, anchor=WEDNESDAY)] == ["2023-03-14"]
    with pytest.raises(ValueError, match="anchor"):
        find_dates(sentence, anchor="15/3/2023")


def test_weekday_that_contradicts_the_anchor_is_not_resolved():
    resolved = resolve(only("التقت الوزيرة اليوم الثلاثاء السفير"), WEDNESDAY)
    assert resolved.iso is None and "mismatch" in resolved.note


@pytest.mark.parametrize(
    "sentence",
    ["وكانت الوزارة قد أعلنت الأسبوع الماضي عن البرنامج", "اجتمع الطرفان الثلاثاء الماضي",
     "وزار الوفد المركز يوم الأحد"],
)
def test_vague_mentions_never_get_a_date(sentence):
    mention = only(sentence)
    assert mention.kind == "relative"
    assert resolve(mention, WEDNESDAY).iso is None


def test_day_and_month_take_the_anchor_year():
    mention = only("وتنطلق الحملة في 20 مايو المقبل")
    assert mention.iso is None and mention.ymd == (None, 5, 20)
    assert resolve(mention, WEDNESDAY).iso == "2023-05-20"


@pytest.mark.parametrize(
    "sentence",
    ["اليوم العالمي لمكافحة الاتجار بالبشر", "نظمت الجمعية أمسية ثقافية", "دعوة إلى الغداء",
     "استراتيجية 2024-2026 للهجرة", "31 فبراير", "شارك 12 متطوعا في الحملة"],
)
def test_things_that_are_not_dates(sentence):
    assert [m for m in find_dates(sentence) if m.iso] == []
    assert all(m.kind == "absolute" and m.note for m in find_dates(sentence))


def test_offsets_respect_the_window():
    text = "مقدمة. زار الوفد المركز في 3 مارس 2024. ثم غادر أمس."
    window = find_dates(text, 7, 40)
    assert [m.as_written for m in window] == ["3 مارس 2024"]
    assert text[window[0].start:window[0].end] == "3 مارس 2024"


def test_bad_calendar_file_is_named(tmp_path):
    path = tmp_path / "calendar.yaml"
    path.write_text("gregorian_months: {1: [يناير]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=str(path)):
        load_calendar(path)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789٠١٢٣٤٥/-. مارسيوأمسغداليومالثلاثاءهـ")) ,
               max_size=60))
def test_any_text_gives_ordered_in_range_mentions(text):
    previous = 0
    for mention in find_dates(text):
        assert previous <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.as_written
        previous = mention.end


# --- the publication anchor -------------------------------------------------------------------

def article_file(tmp_path: Path, text: str, sidecar: str | None = None) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        (tmp_path / "story.meta.yaml").write_text(sidecar, encoding="utf-8")
    return path


STORY = ("الأحد 12 مايو 2025 10:08 ص 14 ذو القعدة 1446 هـ\n"
         "وزيرة الهجرة تستقبل سفير إيطاليا\n"
         "القاهرة في 14 مارس 2023 - استقبلت وزيرة الهجرة، أمس الاثنين، سفير إيطاليا بمقر الوزارة.\n")


def test_anchor_prefers_the_sidecar(tmp_path):
    article = read_article(article_file(tmp_path, STORY, "published: 2023-03-20\n"))
    assert publication_anchor(article) == datetime.date(2023, 3, 20)


def test_anchor_from_the_story_dateline_never_the_live_clock(tmp_path):
    article = read_article(article_file(tmp_path, STORY))
    anchor = publication_anchor(article)
    assert anchor == datetime.date(2023, 3, 14)
    body = next(z for z in article.zones if z.kind == "body")
    relative = [m for m in find_dates(article.text, body.start, body.end) if m.kind == "relative"]
    assert resolve(relative[0], anchor).iso == "2023-03-13"


def test_no_anchor_from_clock_or_relative_age(tmp_path):
    text = ("الأحد 12 مايو 2025 10:08 ص\nمنذ 4 شهور\nوزيرة الهجرة تستقبل سفير إيطاليا\n"
            "استقبلت وزيرة الهجرة، أمس الاثنين، سفير إيطاليا بمقر الوزارة في 14 مارس 2023.\n")
    assert publication_anchor(read_article(article_file(tmp_path, text))) is None


def test_derived_sidecar_date_is_used_only_when_allowed(tmp_path):
    article = read_article(article_file(
        tmp_path, STORY.split("\n", 1)[1].replace("القاهرة في 14 مارس 2023 - ", ""),
        "published: 2023-03-15\npublished_derived: true\n"))
    assert publication_anchor(article) is None
    assert publication_anchor(article, allow_derived=True) == WEDNESDAY


def test_publication_byline_is_an_anchor(tmp_path):
    text = ("وزيرة الهجرة تستقبل سفير إيطاليا\nنشر في: الثلاثاء 14 مارس 2023 - 10:00 ص\n"
            "استقبلت وزيرة الهجرة، أمس الاثنين، سفير إيطاليا بمقر الوزارة.\n")
    assert publication_anchor(read_article(article_file(tmp_path, text))) == datetime.date(2023, 3, 14)


def test_time_stamp_under_the_headline_is_an_anchor_but_the_clock_above_is_not():
    article = read_article(Path(__file__).parent / "data" / "reading" / "story_timestamp.txt")
    anchor = publication_anchor(article)
    assert anchor == datetime.date(2024, 2, 27)
    body = next(z for z in article.zones if z.kind == "body")
    assert [m.iso for m in find_dates(article.text, body.start, body.end, anchor=anchor)] == [
        "2024-02-26"]


def test_seed_relative_dates_stay_unresolved(seeds_dir):
    for name, written in [("002_e6e572e2e0350415", "اليوم الثلاثاء"),
                          ("004_ac352ba459c2ba42", "أمس الثلاثاء")]:
        article = read_article(seeds_dir / f"{name}.txt")
        anchor = publication_anchor(article)
        assert anchor is None
        mentions = [m for z in article.content_zones() for m in find_dates(article.text, z.start, z.end)]
        found = [m for m in mentions if m.as_written == written]
        assert found and resolve(found[0], anchor).iso is None


def test_seed_live_clock_is_not_the_anchor(seeds_dir):
    article = read_article(seeds_dir / "000_d1ff1b40d051aaac.txt")
    assert publication_anchor(article) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.dates(min_value=datetime.date(1900, 1, 1)))
def test_any_unicode_text_and_anchor_never_crash(text, anchor):
    for mention in find_dates(text, anchor=anchor):
        assert mention.kind in ("absolute", "relative", "hijri")
        assert mention.iso is None or datetime.date.fromisoformat(mention.iso)


@pytest.mark.slow
def test_dates_in_two_million_characters_of_text(capsys):
    import time

    text = ("زار الوفد القاهرة أمس الثلاثاء ثم عاد في ١٥/٣/٢٠٢٣ وفي 7 رمضان 1444 هـ. " * 70_000)
    began = time.perf_counter()
    mentions = find_dates(text[:2_000_000])
    with capsys.disabled():
        print(f"\nfind_dates: {len(mentions)} mentions in 2 M chars in {time.perf_counter() - began:.2f}s")
    assert mentions


# --- double dates, periods and months relative to publication --------------------------------

def test_relative_weekday_followed_by_a_hijri_date_is_the_hijri_date():
    mentions = find_dates("زارت الوزيرة المركز اليوم السبت الموافق ١٤ رمضان ١٤٤٦ هـ.")
    assert [(m.kind, m.weekday) for m in mentions] == [("hijri", "السبت")]
    assert mentions[0].iso == "2025-03-15"  # tabular 14 Ramadan is a Friday; the Saturday wins


@pytest.mark.parametrize("sentence", [
    "الخميس 13 رمضان 1446هـ الموافق 13 مارس 2025م",
    "الخميس 13 مارس 2025 (13 رمضان 1446 هـ)",
    "يوم 13 آذار 2025 الموافق 13 رمضان 1446 هجرية",
])
def test_a_hijri_date_printed_beside_a_gregorian_one_takes_its_day(sentence):
    mentions = find_dates(sentence)
    assert sorted(m.kind for m in mentions) == ["absolute", "hijri"]
    assert {m.iso for m in mentions} == {"2025-03-13"}


def test_a_lone_hijri_date_keeps_the_tabular_day():
    hijri = only("في 14 رمضان 1446 هـ")
    assert hijri.iso == "2025-03-14" and "tabular" in hijri.note


@pytest.mark.parametrize("sentence,written", [
    ("وكانت الوزيرة قد التقت السفير مطلع الشهر الجاري", "مطلع الشهر الجاري"),
    ("وتعقد اللجنة اجتماعها الأسبوع المقبل", "الأسبوع المقبل"),
    ("وأطلقت الوزارة الحملة أواخر العام الماضي", "أواخر العام الماضي"),
    ("على أن تبدأ الدورة منتصف الشهر القادم", "منتصف الشهر القادم"),
])
def test_periods_are_kept_whole_and_never_dated(sentence, written):
    mention = only(sentence)
    assert mention.as_written == written
    assert resolve(mention, WEDNESDAY).iso is None


@pytest.mark.parametrize("sentence,iso", [
    ("وتنطلق الحملة في 3 يناير المقبل", "2024-01-03"),
    ("وكانت الحملة قد انطلقت في 20 ديسمبر الماضي", "2022-12-20"),
    ("وانطلقت الحملة في 2 مارس الماضي", "2023-03-02"),
    ("وتنطلق الحملة في 20 تشرين الثاني المقبل", "2023-11-20"),
])
def test_month_qualifiers_choose_the_year_around_publication(sentence, iso):
    assert resolve(only(sentence), WEDNESDAY).iso == iso
