"""Wikidata linking: exact normalised labels, hard type filter, margin, reviewer decisions."""
from __future__ import annotations

import pytest

from kg import linking
from kg.normalize import search_key
from kg.records import Citation, Label, Node, Resolution

CITE = (Citation("t", 0, 1, "x"),)


def node(cls: str, *labels: str) -> Node:
    return Node(f"{cls.lower()}:{labels[0]}", cls, tuple(Label(text, "ar") for text in labels), CITE)


def linked(*nodes: Node, **kwargs) -> dict[str, str | None]:
    result = linking.link(Resolution(nodes=nodes), **kwargs)
    return {n.labels[0].text: dict(n.attrs).get("emkg:wikidata").value
            if "emkg:wikidata" in dict(n.attrs) else None for n in result.nodes}


def test_known_entities_link_whatever_the_spelling():
    result = linked(node("Organization", "المنظمة الدولية للهجرة التابعة للأمم المتحدة"),
                    node("Organization", "منظمه الهجره الدوليه"),
                    node("Official", "ميتا فريدريكسن"),
                    node("Country", "مملكة الدنمارك"))
    assert result == {"المنظمة الدولية للهجرة التابعة للأمم المتحدة": "Q472311",
                      "منظمه الهجره الدوليه": "Q472311", "ميتا فريدريكسن": "Q5015",
                      "مملكة الدنمارك": "Q35"}


def test_mette_frederiksen_never_gets_the_stale_id():
    result = linked(node("Official", "ميت فريدريكسن"))
    assert result["ميت فريدريكسن"] == "Q5015"
    assert "Q57652" not in {item.qid for item in linking.load_table()}


def test_type_filter_is_hard():
    # a person named like a country, an organisation named like a city: no link
    assert linked(node("Official", "اليمن"))["اليمن"] is None
    assert linked(node("Organization", "القاهرة"))["القاهرة"] is None


def test_partial_names_and_unknown_people_stay_unlinked():
    result = linked(node("Organization", "مكتب المنظمة الدولية للهجرة في مصر"),
                    node("Official", "مايا مرسي"), node("Official", "كارلوس أوليفر كروز"))
    assert set(result.values()) == {None}


def test_ambiguous_candidates_give_no_link():
    items = (linking.Item("Q1", "Country", ("مملكة الشمال",), (), "test"),
             linking.Item("Q2", "Country", ("مملكة الشمال",), (), "test"))
    assert linked(node("Country", "مملكة الشمال"), table=items, decisions={})["مملكة الشمال"] is None


def test_reviewer_decisions_override_both_ways():
    decisions = {("Country", search_key("اليمن")): None,
                 ("Organization", search_key("جمعية الأمل")): "Q123"}
    result = linked(node("Country", "اليمن"), node("Organization", "جمعية الأمل"), decisions=decisions)
    assert result == {"اليمن": None, "جمعية الأمل": "Q123"}


def test_table_rows_without_evidence_are_rejected(tmp_path):
    bad = tmp_path / "items.tsv"
    bad.write_text("qid\tclass\tlabels_ar\tlabels_en\tevidence\nQ9\tCountry\tبلد\tLand\t\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="row 2: Q9 has no evidence"):
        linking.load_table(bad)
