"""Arabic normalisation: one test per step, offset-map properties, glued words."""
from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.normalize import (
    ALL_CHARACTERS,
    Normalized,
    ascii_digits,
    collapse_spaces,
    decompose_presentation_forms,
    identity,
    normalize,
    normalize_text,
    original_span,
    remove_diacritics,
    remove_invisibles,
    search_key,
    split_glued,
    unify_letters,
    unify_punctuation,
    unify_spaces,
)


def test_diacritics_and_tatweel_removed_with_offsets():
    norm = remove_diacritics("مُحَمَّـدٌ")
    assert norm.text == "محمد"
    assert norm.to_original == (0, 2, 4, 8, 10)


def test_superscript_alef_removed():
    assert remove_diacritics("هٰذا").text == "هذا"


@pytest.mark.parametrize(
    "written, expected",
    [
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمال", "امال"),
        ("ٱلهجرة", "الهجره"),
        ("مرسى", "مرسي"),
        ("مسؤول", "مسوول"),
        ("رئيس", "رييس"),
        ("ﺑﻴﺮﻭﺕ", "ﺑﻴﺮﻭﺕ"),  # presentation forms are another step
        ("سیاست کشور", "سياست كشور"),
        ("ھجرة", "هجره"),
    ],
)
def test_unify_letters(written, expected):
    assert unify_letters(written).text == expected


def test_presentation_forms_decomposed_and_lam_alef_expands():
    norm = decompose_presentation_forms("ﺑﻴﺮﻭﺕ ﻻ")
    assert norm.text == "بيروت لا"
    assert norm.to_original[-3:] == (6, 6, 7)


def test_digits_become_ascii():
    assert ascii_digits("١٥/٣/٢٠٢٣ و۱۴۰۲").text == "15/3/2023 و1402"


def test_punctuation_variants():
    assert unify_punctuation("«قال» “نعم”، ‘لا’؛ لماذا؟").text == "\"قال\" \"نعم\", 'لا'; لماذا?"


def test_ellipsis_expands_to_three_dots_sharing_one_offset():
    norm = unify_punctuation("قال…")
    assert norm.text == "قال..."
    assert norm.to_original == (0, 1, 2, 3, 3, 3, 4)
    assert original_span(norm, 3, 4) == (3, 4)


def test_invisibles_removed_and_wide_spaces_unified():
    assert remove_invisibles("مصر\u200f\u200b الجديدة\u202b").text == "مصر الجديدة"
    assert unify_spaces("مصر\u00a0الجديدة").text == "مصر الجديدة"


def test_collapse_spaces_keeps_line_breaks():
    norm = collapse_spaces(identity("أ  \tب\r\nج"))
    assert norm.text == "أ ب\r\nج"
    assert norm.to_original == (0, 1, 4, 5, 6, 7, 8)


def test_normalize_composes_every_step():
    original = "«المُنظّمة\u00a0\u00a0الدوليـة للهجرة» في ٢٠٢٤"
    norm = normalize(original)
    assert norm.text == '"المنظمه الدوليه للهجره" في 2024'
    start = norm.text.index("الدوليه")
    begin, end = original_span(norm, start, start + len("الدوليه"))
    assert original[begin:end] == "الدوليـة"


@pytest.mark.parametrize(
    "one, other",
    [
        ("مايا مرسى", "مايا مرسي"),
        ("المنظمة الدولية للهجرة", "المنظمه الدوليه للهجره"),
        ("المنظمة الدولية للهجرة", "المُنظّمة  الدولية  للهجرة"),
        ("الأمم المتحدة", "الامم المتحده"),
        ("«إيمان» سعدة", "ايمان سعده"),
        ("UNHCR", "unhcr"),
    ],
)
def test_search_key_equal_across_spellings(one, other):
    assert search_key(one) == search_key(other)


def test_search_key_keeps_different_names_apart():
    assert search_key("سعدة") != search_key("صعدة")
    assert search_key("صندوق مكافحة الهجرة") != search_key("صندوق دعم الهجرة")


def test_original_span_includes_dropped_marks_and_rejects_bad_spans():
    original = "قالَ الوزيرُ اليوم"
    norm = normalize(original)
    start = norm.text.index("الوزير")
    begin, end = original_span(norm, start, start + len("الوزير"))
    assert original[begin:end] == "الوزيرُ"
    with pytest.raises(ValueError, match="outside"):
        original_span(norm, 3, len(norm.text) + 1)


def test_normalized_rejects_a_short_offset_map():
    with pytest.raises(ValueError, match="entries"):
        Normalized("abc", (0, 1, 2))


@pytest.mark.parametrize(
    "glued, split",
    [
        ("في هذاالمجال", "في هذا المجال"),
        ("ميدان التحريرعلى الفور", "ميدان التحرير علي الفور"),
        ("عقد فيالقاهرة", "عقد في القاهره"),
        ("وصل منالمطار", "وصل من المطار"),
    ],
)
def test_split_glued_function_words(glued, split):
    assert split_glued(normalize(glued)).text == split


@pytest.mark.parametrize(
    "word",
    ["منال", "فيالق", "الثقافي", "المؤمن", "الأعلى", "عليها", "منظمة", "التحرير", "هذا",
     "معالجات", "معالجتها", "الإجمالي", "الانتقالي", "التفاعلي", "معالي"],
)
def test_split_glued_leaves_real_words_alone(word):
    norm = normalize(word)
    assert split_glued(norm) is norm


def test_split_glued_uses_a_vocabulary_for_words_without_article():
    norm = normalize("فيمصر")
    assert split_glued(norm).text == "فيمصر"
    split = split_glued(norm, vocabulary={"مصر"})
    assert split_glued(norm, vocabulary={"مِصْر"}) == split
    assert split.text == "في مصر"
    assert split.to_original == (0, 1, 2, 2, 3, 4, 5)


def _check_offset_map(original: str, norm: Normalized) -> None:
    offsets = norm.to_original
    assert len(offsets) == len(norm.text) + 1
    assert offsets[-1] == len(original)
    assert all(0 <= a <= b <= len(original) for a, b in zip(offsets, offsets[1:]))
    for index, char in enumerate(norm.text):
        source = original[offsets[index]]
        if source not in ALL_CHARACTERS and not source.isspace():
            assert char == source, (index, char, source)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_offset_map_properties_for_any_text(original):
    _check_offset_map(original, normalize(original))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fast_text_form_equals_the_mapped_form_and_is_idempotent(original):
    once = normalize(original).text
    assert normalize_text(original) == once
    assert normalize(once).text == once


ARABISH = st.text(alphabet=st.sampled_from(list("ابتةىيأإآؤئ ًٌٍَُِّْـ\u200f\u00a0«»،؟٠١٢ \t\nفهذاعلىالمن")))


@settings(max_examples=300, deadline=None)
@given(ARABISH)
def test_offset_map_properties_on_arabic_like_text(original):
    _check_offset_map(original, normalize(original))
    _check_offset_map(original, split_glued(normalize(original)))
    key = search_key(original)
    assert key == key.strip() and "  " not in key


@settings(max_examples=200, deadline=None)
@given(ARABISH, st.data())
def test_original_span_lies_inside_the_original(original, data):
    norm = normalize(original)
    start = data.draw(st.integers(0, len(norm.text)))
    end = data.draw(st.integers(start, len(norm.text)))
    begin, finish = original_span(norm, start, end)
    assert 0 <= begin <= finish <= len(original)


@pytest.mark.slow
def test_five_megabytes_of_random_text_normalize(capsys):
    rng = random.Random(7)
    alphabet = "ابتةىأإـًّ \u200f«»٣" + "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(200))
    original = "".join(rng.choice(alphabet) for _ in range(5_000_000))
    began = time.perf_counter()
    norm = normalize(original)
    with capsys.disabled():
        print(f"\nnormalize: 5 MB in {time.perf_counter() - began:.2f}s")
    assert norm.to_original[-1] == len(original)


def test_search_words_split_on_spaces_and_punctuation():
    from kg.normalize import longest_search_word, search_words

    assert search_words("<script>alert(1)</script>") == ["script", "alert", "1"]
    assert search_words("\u062e\u0637 \u0633\u0627\u062e\u0646/16000") == [
        "\u062e\u0637", "\u0633\u0627\u062e\u0646", "16000"]  # khaa-taa; siin-alef-khaa-noon
    assert longest_search_word("\u0623\u062d\u0645\u062f \u0633\u0639\u062f\u0627\u0648\u064a") == (
        "\u0633\u0639\u062f\u0627\u0648\u064a")  # ahmad sadawi: the longer word, normalised
