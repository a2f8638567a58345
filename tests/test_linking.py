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


def test_link_scores_count_wrong_and_missing_links(tmp_path):
    from kg.linking.evaluation import link_scores

    table = tmp_path / "verified.tsv"
    table.write_text("key\trole\tsurface_ar_in_seed\tqid\n"
                     "yemen\tcore-place\tاليمن\tQ805\n"
                     "iom\tcore-org\tالمنظمة الدولية للهجرة (IOM)\tQ472311\n",
                     encoding="utf-8")
    wrong = replace_attrs(node("Country", "اليمن"), "Q57652")
    right = replace_attrs(node("Organization", "المنظمه الدوليه للهجره"), "Q472311")
    scores = link_scores(Resolution(nodes=(wrong, right, node("Country", "اليمن"))), table)
    assert (len(scores.correct), len(scores.wrong), len(scores.missed)) == (1, 1, 1)
    assert scores.precision == scores.recall == 0.5


def replace_attrs(entity: Node, qid: str) -> Node:
    from dataclasses import replace

    from kg.records import Lit
    return replace(entity, attrs=(("emkg:wikidata", Lit(qid)),))


def test_seed_links_are_exactly_the_verified_ids(seeds_dir, gold_path):
    from kg.commands.evaluate import run_pipeline
    from kg.linking.evaluation import link_scores

    _, resolution, errors = run_pipeline(sorted(seeds_dir.glob("*.txt")))
    assert errors == []
    resolution = linking.link(resolution)
    scores = link_scores(resolution, gold_path.with_name("wikidata-verified.tsv"))
    print("\n".join(scores.lines()))
    assert scores.wrong == () and scores.precision == 1.0 and scores.recall == 1.0
    links = {n.labels[0].text: dict(n.attrs)["emkg:wikidata"].value
             for n in resolution.nodes if "emkg:wikidata" in dict(n.attrs)}
    assert links.get("ميت فريدريكسن") == "Q5015"
    assert "Q472311" in links.values() and "Q458" in links.values()
    unlinked = {n.labels[0].text for n in resolution.nodes
                if n.cls == "Official" and "emkg:wikidata" not in dict(n.attrs)}
    assert {"مايا مرسي", "كارلوس أوليفر كروز", "أحمد سعدة"} <= unlinked


def test_a_new_spelling_of_a_known_entity_links_to_the_same_id(tmp_path):
    from kg.commands.evaluate import run_pipeline

    article = tmp_path / "new_001.txt"
    article.write_text(
        "وزيرة التضامن تستقبل وفد الهجرة الدولية\n"
        "استقبلت الدكتورة مايا مرسى، وزيرة التضامن الاجتماعى، وفدا من المنظمة الدولية للهجرة "
        "التابعة للأمم المتحدة برئاسة السيد كارلوس كروز، بحضور ممثلين عن الاتحاد الأوروبى.\n",
        encoding="utf-8")
    _, resolution, errors = run_pipeline([article])
    assert errors == []
    links = {dict(n.attrs)["emkg:wikidata"].value for n in linking.link(resolution).nodes
             if "emkg:wikidata" in dict(n.attrs)}
    assert {"Q472311", "Q458", "Q1065"} <= links
