"""Reading articles: files, sidecars, per-file errors, and zones (content vs page clutter)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.reading import (
    ArticleError,
    _line_key,
    classify_lines,
    clutter_report,
    default_rules,
    iter_articles,
    load_clutter_rules,
    match_rule,
    read_article,
)

DATA = Path(__file__).parent / "data" / "reading"


def zones_of(article) -> list[tuple[str, str]]:
    return [(z.kind, article.text[z.start:z.end]) for z in article.zones]


def kinds_of(article) -> list[str]:
    return [z.kind for z in article.zones]


# --- clutter rules as data -----------------------------------------------------------------

@pytest.mark.parametrize("rule", default_rules().rules, ids=lambda r: r.id)
def test_every_clutter_rule_matches_its_examples(rule):
    marks = default_rules().layout.final_marks
    assert rule.examples_match, f"{rule.id} has no positive example"
    for example in rule.examples_match:
        assert match_rule(rule, _line_key(example), marks)[0], (rule.id, example)
    for example in rule.examples_no_match:
        assert not match_rule(rule, _line_key(example), marks)[0], (rule.id, example)


RULE = """
layout: {subheading_max_words: 12, final_marks: ".", run_max_words: 6, headline_max_words: 30,
         headline_list_min_lines: 3}
rules:
  - id: my-rule
    zone: %s
    description: a test rule
    match: {%s}
    examples: {match: [], no_match: []}
"""


@pytest.mark.parametrize(
    "zone, match, message",
    [
        ("nonsense", "max_words: 2", "zone 'nonsense'"),
        ("tags", "regex: '(unclosed'", "bad regex"),
        ("tags", "color: red", "match needs"),
    ],
)
def test_bad_rule_files_name_the_file_and_rule(tmp_path, zone, match, message):
    path = tmp_path / "clutter.yaml"
    path.write_text(RULE % (zone, match), encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        load_clutter_rules(path)
    assert str(path) in str(info.value) and "my-rule" in str(info.value)


def test_duplicate_rule_ids_are_refused(tmp_path):
    path = tmp_path / "clutter.yaml"
    rule = (RULE % ("tags", "max_words: 2")).split("rules:\n")[1]
    path.write_text((RULE % ("tags", "max_words: 2")) + rule, encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate rule ids.*my-rule"):
        load_clutter_rules(path)


# --- zones on articles written for these tests -----------------------------------------------

def test_page_with_ticker_masthead_clock_and_related_blocks():
    article = read_article(DATA / "unhcr_ticker.txt")
    zones = zones_of(article)
    assert kinds_of(article)[:5] == ["masthead", "dateline", "masthead", "ticker", "headline"]
    assert zones[4][1].startswith("وزير الخارجية يستقبل ممثلة المفوضية")
    assert ("masthead", "كتب: محمود حسن") in zones
    assert ("subheading", "دعم الأسر الأكثر احتياجا") in zones
    assert ("related", "اقرأ أيضا: وزيرة التضامن تفتتح دار رعاية جديدة في المنيا") in zones
    body = [text for kind, text in zones if kind == "body"]
    assert len(body) == 3 and body[-1].startswith("واختتم اللقاء")
    assert ("tags", "الوسوم\nاللاجئين\nالمفوضية\nوزارة الخارجية") in zones
    assert [t for k, t in zones if k == "share"] == ["شارك على فيسبوك", "واتساب"]
    kind, related = zones[-1]
    assert kind == "related" and related.startswith("موضوعات متعلقة")
    assert related.endswith("وفق الجدول الزمني المحدد.")  # the embedded story is not content


def test_source_line_becomes_the_outlet_hint_when_there_is_no_sidecar():
    article = read_article(DATA / "unicef_story.txt")
    assert article.meta.outlet_ar == "وكالة أنباء الشرق الأوسط"
    assert kinds_of(article) == ["headline", "dateline", "body", "body", "source", "tags"]
    assert article.meta.title == "اليونيسف ووزارة الصحة تطلقان حملة لتطعيم أطفال المناطق الحدودية"


def test_sidecar_outlet_wins_over_the_source_line(tmp_path):
    (tmp_path / "a.txt").write_text((DATA / "unicef_story.txt").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    (tmp_path / "a.meta.yaml").write_text("outlet: {ar: الشروق, en: Shorouk}\n", encoding="utf-8")
    meta = read_article(tmp_path / "a.txt").meta
    assert (meta.outlet_ar, meta.outlet_en) == ("الشروق", "Shorouk")


def test_article_without_headline_starts_with_body_and_a_short_last_line_is_body():
    text = ("استقبلت وزيرة التضامن الاجتماعي، اليوم، وفد منظمة اليونيسف، وبحثت معه برامج "
            "حماية الأطفال في المحافظات الحدودية.\n\nوأكد الجانبان أهمية التعاون.\n\n"
            "والله ولي التوفيق\n")
    kinds = [d.zone.kind for d in classify_lines(text)]
    assert kinds == ["body", "body", "body"]


def test_inline_read_also_keeps_the_story_after_it():
    text = ("السفارة الإيطالية تنظم ورشة عن الهجرة الآمنة\n"
            "نظمت السفارة الإيطالية في القاهرة، أمس، ورشة عمل حول الهجرة الآمنة.\n"
            "إقرأ أيضاً: سفير اليابان يزور مركز إيواء اللاجئين\n"
            "وشارك في الورشة ممثلون عن وزارة الهجرة، والمنظمة الدولية للهجرة.\n")
    assert [d.zone.kind for d in classify_lines(text)] == ["headline", "body", "related", "body"]


def test_header_only_rules_do_not_fire_inside_the_story():
    text = ("وزير العمل يلتقي وفد منظمة العمل الدولية\n"
            "التقى وزير العمل، اليوم، وفد منظمة العمل الدولية، وبحثا برامج التدريب.\n"
            "رئيس مجلس الإدارة\n"
            "وأكد الوزير أن الوزارة تدعم الشراكة، وتتابع تنفيذ البرامج.\n")
    kinds = [d.zone.kind for d in classify_lines(text)]
    assert kinds == ["headline", "body", "subheading", "body"]


def test_clutter_report_names_each_zone_and_rule():
    report = clutter_report(read_article(DATA / "unhcr_ticker.txt"))
    assert any(line.startswith("ticker") and "[headline-ticker]" in line for line in report)
    assert any("[related-block]" in line and "موضوعات متعلقة" in line for line in report)
    assert not any(line.startswith(("body", "headline")) for line in report)


# --- seeds as extra checks ------------------------------------------------------------------

def test_seed_header_clutter(seeds_dir):
    article = read_article(seeds_dir / "000_d1ff1b40d051aaac.txt")
    assert kinds_of(article)[:6] == ["masthead", "dateline", "masthead", "masthead", "ticker",
                                     "headline"]
    assert set(kinds_of(article)[6:]) == {"body"}


def test_seed_tail_clutter_and_missing_headline(seeds_dir):
    article = read_article(seeds_dir / "001_5f90b431b6455930.txt")
    kinds = kinds_of(article)
    assert kinds[0] == "body" and "headline" not in kinds
    assert kinds.count("subheading") == 3
    assert kinds[-3:] == ["source", "tags", "related"]
    assert "«المشاط»" in article.text[article.zones[-1].start:article.zones[-1].end]


def test_seed_relative_age_and_repeated_headline(seeds_dir):
    article = read_article(seeds_dir / "002_e6e572e2e0350415.txt")
    assert kinds_of(article)[:3] == ["headline", "dateline", "subheading"]
    assert kinds_of(article)[-2:] == ["source", "share"]


# --- files, sidecars and errors -------------------------------------------------------------

def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_bom_dropped_crlf_kept_and_offsets_index_the_text(tmp_path):
    raw = "\ufeffعنوان الخبر عن الهجرة الآمنة\r\nنص الخبر، وفيه تفاصيل اللقاء.\r\n"
    article = read_article(write(tmp_path / "crlf.txt", raw.encode("utf-8")))
    assert article.text == raw[1:]
    assert article.id == "crlf"
    assert article.sha256 == hashlib.sha256(raw[1:].encode("utf-8")).hexdigest()
    headline, body = article.zones
    assert article.text[headline.start:headline.end] == "عنوان الخبر عن الهجرة الآمنة"
    assert article.text[body.start:body.end] == "نص الخبر، وفيه تفاصيل اللقاء."


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty file"),
        (b"  \n\r\n", "empty file"),
        ("نص\x00".encode("utf-8"), "NUL byte at byte offset 4"),
        (bytes(range(1, 9)) * 50, "mostly control characters"),
        ("نص عربي".encode("utf-8") + b"\xff\xfe", "invalid byte 0xff at byte offset 13"),
        ("نص عربي".encode("cp1256"), "not UTF-8"),
    ],
)
def test_bad_files_give_clear_errors(tmp_path, data, message):
    path = write(tmp_path / "bad.txt", data)
    with pytest.raises(ArticleError, match=message) as info:
        read_article(path)
    assert info.value.path == str(path)


def test_too_large_file_and_configurable_limit(tmp_path):
    path = write(tmp_path / "big.txt", ("خبر طويل جدا. " * 100).encode("utf-8"))
    with pytest.raises(ArticleError, match="too large"):
        read_article(path, max_bytes=1000)
    assert read_article(path, max_bytes=10_000).id == "big"


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(ArticleError, match="cannot read"):
        read_article(tmp_path / "absent.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ArticleError, match="cannot read"):
        read_article(folder)


@pytest.mark.parametrize(
    "sidecar, message, line",
    [
        ("outlet: [unclosed\npublished: 2023-01-01\n", "malformed YAML", 2),
        ("outlet: الأهرام\nwriter: فلان\n", r"unknown sidecar keys \['writer'\]", None),
        ("published: 2023-02-30\n", "bad date for 'published'", None),
        ("published: yesterday\n", "bad date for 'published'", None),
        ("outlet: {ar: الأهرام, fr: Ahram}\n", "outlet", None),
        ("- a list\n", "must be a mapping", None),
        ("published_derived: perhaps\n", "true or false", None),
    ],
)
def test_bad_sidecars_name_the_sidecar(tmp_path, sidecar, message, line):
    path = write(tmp_path / "story.txt", "عنوان\nنص الخبر.\n".encode("utf-8"))
    (tmp_path / "story.meta.yaml").write_text(sidecar, encoding="utf-8")
    with pytest.raises(ArticleError, match=message) as info:
        read_article(path)
    assert info.value.path.endswith("story.meta.yaml")
    assert info.value.line == line


def test_sidecar_fields(tmp_path):
    path = write(tmp_path / "story.txt", "عنوان الخبر هنا اليوم\nنص الخبر.\n".encode("utf-8"))
    (tmp_path / "story.meta.yaml").write_text(
        "outlet: الأهرام\naddress: https://example.org/9\npublished: 2023-03-15\n"
        "published_derived: true\ntitle: عنوان آخر\n", encoding="utf-8")
    meta = read_article(path).meta
    assert (meta.outlet_ar, meta.outlet_en, meta.address) == ("الأهرام", None, "https://example.org/9")
    assert (meta.published, meta.published_derived, meta.title) == ("2023-03-15", True, "عنوان آخر")


def test_iter_articles_reports_bad_files_and_keeps_going(tmp_path):
    write(tmp_path / "a_good.txt", "عنوان أول للخبر\nنص الخبر الأول.\n".encode("utf-8"))
    write(tmp_path / "b_empty.txt", b"")
    write(tmp_path / "c_binary.txt", b"\x89PNG\x00\x00")
    write(tmp_path / "d_good.txt", "عنوان ثان للخبر\nنص الخبر الثاني.\n".encode("utf-8"))
    write(tmp_path / "notes.md", b"not an article")
    results = list(iter_articles([tmp_path, tmp_path / "missing.txt"]))
    assert [type(r).__name__ for r in results] == [
        "Article", "ArticleError", "ArticleError", "Article", "ArticleError"]
    assert [r.id for r in results if not isinstance(r, ArticleError)] == ["a_good", "d_good"]
    assert "b_empty.txt" in str(results[1]) and "missing.txt" in str(results[4])


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path):
    path = write(tmp_path / "locked.txt", "نص".encode("utf-8"))
    path.chmod(0)
    with pytest.raises(ArticleError, match="cannot read"):
        read_article(path)


# --- any text ---------------------------------------------------------------------------------

LINES = st.lists(
    st.sampled_from(["", "شارك", "إقرأ أيضاً:", "منذ 4 شهور", "كلمات دلالية: الهجرة", "أنباء اليوم",
                     "المصدر: الوطن", "وزيرة التضامن تلتقي سفير الدنمارك في القاهرة",
                     "التقت الوزيرة، اليوم، السفير وبحثا التعاون.", "  \u00a0 ", "\r"])
    | st.text(max_size=40),
    max_size=20,
)


@settings(max_examples=200, deadline=None)
@given(LINES)
def test_zones_are_ordered_disjoint_and_inside_the_text(lines):
    text = "\n".join(lines)
    decisions = classify_lines(text)
    previous_end = 0
    for decision in decisions:
        zone = decision.zone
        assert previous_end <= zone.start < zone.end <= len(text)
        assert text[zone.start:zone.end].strip() == text[zone.start:zone.end]
        previous_end = zone.end


def test_a_list_of_other_headlines_above_the_story_is_a_ticker():
    article = read_article(DATA / "embassy_headline_list.txt")
    zones = zones_of(article)
    assert kinds_of(article) == ["ticker", "ticker", "ticker", "ticker", "headline", "body",
                                 "body", "share", "share", "share"]
    assert zones[4][1] == "السفارة الإيطالية تمول برنامجا لإعادة إدماج العائدين في الفيوم"


def test_a_deck_under_the_headline_is_not_a_ticker():
    article = read_article(DATA / "shelter_deck.txt")
    assert kinds_of(article) == ["headline", "subheading", "body", "subheading", "body", "share"]


def test_a_file_over_five_megabytes_is_refused_by_default_and_others_still_read(tmp_path):
    write(tmp_path / "a_big.txt", "خبر ".encode("utf-8") * (5 * 1024 * 1024 // 7 + 1000))
    write(tmp_path / "b_small.txt", "عنوان الخبر القصير هنا\nنص الخبر.\n".encode("utf-8"))
    big, small = iter_articles([tmp_path])
    assert isinstance(big, ArticleError) and "too large" in big.reason
    assert small.id == "b_small"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_any_bytes_give_an_article_or_a_clear_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("any") / "any.txt"
    path.write_bytes(data)
    result = next(iter_articles([path]))
    if isinstance(result, ArticleError):
        assert result.path == str(path) and result.reason
    else:
        assert all(0 <= z.start < z.end <= len(result.text) for z in result.zones)


@pytest.mark.slow
def test_nearly_five_megabytes_of_article_text_read_in_reasonable_time(tmp_path, capsys):
    import time

    paragraph = ("وأكدت ممثلة المفوضية أهمية توسيع برامج الحماية، وتقديم الخدمات للأسر.\n\n"
                 "دعم الأسر الأكثر احتياجا\n\n")
    path = write(tmp_path / "long.txt", (paragraph * 28_000).encode("utf-8"))
    began = time.perf_counter()
    article = read_article(path)
    with capsys.disabled():
        print(f"\nread_article: {path.stat().st_size} bytes, {len(article.zones)} zones "
              f"in {time.perf_counter() - began:.2f}s")
    assert article.zones


def test_clock_above_the_headline_and_time_stamp_below_it():
    decisions = classify_lines((DATA / "story_timestamp.txt").read_text(encoding="utf-8"))
    assert [(d.zone.kind, d.rule_id, d.publication) for d in decisions] == [
        ("dateline", "live-clock", False), ("headline", "layout:headline", False),
        ("dateline", "story-timestamp", True), ("body", "layout:body", False)]


# --- page dumps written for these tests: clutter around a short story -------------------------

PAGES = {
    "page_unicef_clutter.txt": {
        "headline": "وزيرة التضامن تستقبل ممثلة اليونيسف لبحث حماية الأطفال المهاجرين",
        "body": ("استقبلت الدكتورة مايا مرسي", "وتناول اللقاء برامج", "وأكدت الوزيرة حرص"),
        "author": "سارة عبد الحميد", "outlet": "وكالة أنباء الشرق الأوسط", "host": "مايا مرسي",
        "clutter": ("الأهلي", "الذهب", "سارة عبد الحميد", "محمد السيد", "نشرتنا", "نسخ الرابط",
                    "وزير الخارجية يلتقي نظيره الإيطالي", "الكلمات الدالة", "جميع الحقوق"),
    },
    "page_embassy_clutter.txt": {
        "headline": "السفير المصري في روما يلتقي المدير الإقليمي لمنظمة الهجرة الدولية",
        "body": ("التقى السفير عمرو الجويلي", "وبحث الجانبان سبل"),
        "author": "محمد عبد الله", "outlet": None, "host": "عمرو الجويلي",
        "clutter": ("محافظ الجيزة", "السنغال", "بيراميدز", "وزيرة البيئة", "جانب من اللقاء",
                    "Tags", "واتساب", "محمد عبد الله"),
    },
    "page_sports_first.txt": {
        "headline": "وزير العمل يبحث مع سفير اليونان تشغيل العمالة المصرية الموسمية",
        "body": ("بحث محمد جبران، وزير العمل",),
        "author": "هبة حسام", "outlet": None, "host": "محمد جبران",
        "clutter": ("الأهلي", "الزمالك", "صورة أرشيفية", "تليجرام", "واتساب", "هبة حسام"),
    },
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_dump_keeps_the_story_and_sets_the_clutter_aside(name):
    expected = PAGES[name]
    article = read_article(DATA / name)
    content = [(k, t) for k, t in zones_of(article) if k in ("headline", "body")]
    assert content[0] == ("headline", expected["headline"])
    body = [t for k, t in content if k == "body"]
    assert len(body) == len(expected["body"])
    assert all(text.startswith(start) for text, start in zip(body, expected["body"]))
    assert not any(word in text for _, text in content for word in expected["clutter"])
    assert article.meta.author == expected["author"]
    assert article.meta.outlet_ar == expected["outlet"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_nothing_from_the_clutter_becomes_a_fact(name):
    from kg.extract import extract_article

    expected = PAGES[name]
    article = read_article(DATA / name)
    extraction = extract_article(article)
    content = article.content_zones()

    def inside(start, end):
        return any(z.start <= start and end <= z.end for z in content)

    assert all(inside(m.start, m.end) for m in extraction.mentions)
    assert all(inside(f.start, f.end) for f in extraction.facts)
    names = {m.text for m in extraction.mentions}
    assert expected["author"] not in names
    assert expected["host"] in {m.text for m in extraction.mentions if m.kind == "person"}
    meetings = [f for f in extraction.facts if f.cls == "Meeting"]
    assert len(meetings) == 1


def test_a_related_heading_above_the_story_does_not_swallow_it():
    text = ("الأكثر قراءة\nمحافظ أسوان يفتتح مدرسة جديدة\nوزيرة الهجرة تلتقي سفير اليابان\n"
            "التقت الوزيرة سفير اليابان بالقاهرة لبحث برامج التدريب المهني للشباب.\n"
            "مقالات ذات صلة\nوزير الري يتابع موقف السدود\n")
    kinds = [d.zone.kind for d in classify_lines(text)]
    assert kinds[0] == "related" and "body" in kinds
    assert kinds[-1] == "related"  # below the story the heading still takes all after it


@pytest.mark.parametrize("line,kind", [
    ("عاجل | رئيس الوزراء يتفقد مشروعات الإسكان", "ticker"),
    ("صورة من اللقاء", "caption"),
    ("تصوير - أحمد حسن", "caption"),
    ("اشترك في نشرتنا البريدية لتصلك أهم الأخبار", "share"),
    ("الكلمات الدالة: الهجرة غير الشرعية", "tags"),
    ("كتبت: آية دعبس", "masthead"),
])
def test_clutter_lines_inside_a_story(line, kind):
    text = ("وزيرة التضامن تلتقي ممثل المفوضية\n"
            "التقت وزيرة التضامن ممثل المفوضية لبحث أوضاع اللاجئين.\n"
            f"{line}\nوأكد الجانبان أهمية التعاون.\n")
    decisions = classify_lines(text)
    assert [d.zone.kind for d in decisions] == ["headline", "body", kind, "body"]


def test_byline_name_is_author_metadata_and_the_sidecar_wins(tmp_path):
    story = "كتبت - منى ياسين\nالتقت الوزيرة ممثلة اليونيسف لبحث حماية الأطفال.\n"
    path = tmp_path / "a.txt"
    path.write_text(story, encoding="utf-8")
    assert read_article(path).meta.author == "منى ياسين"
    (tmp_path / "a.meta.yaml").write_text("author: سارة محمود\n", encoding="utf-8")
    assert read_article(path).meta.author == "سارة محمود"
