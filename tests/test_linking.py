"""Wikidata linking: exact normalised labels, hard type filters, context scoring, threshold and
margin, reviewer decisions, candidates kept for review."""
from __future__ import annotations

from dataclasses import replace

import pytest

from kg import linking
from kg.linking.table import Decision
from kg.normalize import search_key
from kg.records import Citation, Label, Lit, Node, Ref, Resolution, Statement

CITE = (Citation("t", 0, 1, "x"),)


def node(cls: str, *labels: str) -> Node:
    prefix = {"Official": "official", "Organization": "organization"}.get(cls, "place")
    return Node(f"{prefix}:{search_key(labels[0])}", cls, tuple(Label(text, "ar") for text in labels), CITE)


def post(person: Node, title: str, org: Node | None = None) -> tuple[Statement, ...]:
    """The statements of one Membership: person, organisation (optional), printed title."""
    membership = f"membership:{person.key}|{org.key if org else ''}|{title}"
    out = [Statement(membership, "org:member", Ref(person.key), CITE[0], "test"),
           Statement(membership, "emkg:titleAsPrinted", Lit(title, lang="ar"), CITE[0], "test")]
    if org is not None:
        out.append(Statement(membership, "org:organization", Ref(org.key), CITE[0], "test"))
    return tuple(out)


def linked_resolution(*nodes: Node, statements=(), **kwargs) -> Resolution:
    return linking.link(Resolution(nodes=nodes, statements=tuple(statements)), **kwargs)


def links_of(result: Resolution) -> dict[str, str | None]:
    return {n.labels[0].text: dict(n.attrs)["emkg:wikidata"].value if "emkg:wikidata" in dict(n.attrs)
            else None for n in result.nodes if n.cls != "LinkCandidate"}


def linked(*nodes: Node, **kwargs) -> dict[str, str | None]:
    return links_of(linked_resolution(*nodes, **kwargs))


def candidates_of(result: Resolution) -> dict[tuple[str, str], dict[str, str]]:
    """(entity key, qid) → the LinkCandidate's attributes."""
    out = {}
    for n in result.nodes:
        if n.cls == "LinkCandidate":
            attrs = {name: lit.value for name, lit in n.attrs}
            out[(attrs["emkg:candidateFor"], attrs["emkg:candidateItem"].rsplit("/", 1)[-1])] = attrs
    return out


def test_known_entities_link_whatever_the_spelling():
    result = linked(node("Organization", "المنظمة الدولية للهجرة التابعة للأمم المتحدة"),
                    node("Organization", "منظمه الهجره الدوليه"),
                    node("Organization", "مفوضية اللاجئين"),
                    node("Country", "مملكة الدنمارك"))
    assert result == {"المنظمة الدولية للهجرة التابعة للأمم المتحدة": "Q472311",
                      "منظمه الهجره الدوليه": "Q472311", "مفوضية اللاجئين": "Q132551",
                      "مملكة الدنمارك": "Q35"}


def test_a_person_links_only_with_context_that_agrees():
    mette = node("Official", "ميتا فريدريكسن")
    alone = linked_resolution(mette)
    assert links_of(alone)["ميتا فريدريكسن"] is None  # a name alone is not enough
    review = candidates_of(alone)[(mette.key, "Q5015")]
    assert review["emkg:linkDecision"] == "nil" and float(review["emkg:linkScore"]) < linking.THRESHOLD
    government = replace(node("Organization", "الحكومة الدنماركية"), key="organization:government-denmark")
    with_post = linked_resolution(mette, government, statements=post(mette, "رئيسة وزراء الدنمارك", government))
    assert links_of(with_post)["ميتا فريدريكسن"] == "Q5015"
    accepted = candidates_of(with_post)[(mette.key, "Q5015")]
    assert accepted["emkg:linkDecision"] == "accepted"
    assert "country Q35" in accepted["emkg:linkMethod"] and "position Q795477" in accepted["emkg:linkMethod"]


def test_a_namesake_whose_context_contradicts_the_item_stays_unlinked():
    # the name of Egypt's prime minister (Q54901515), borne here by a mayor in France
    mayor = node("Official", "مصطفى مدبولي")
    city_hall = node("Organization", "بلدية ليون الفرنسية")
    result = linked_resolution(mayor, city_hall, statements=post(mayor, "رئيس بلدية ليون", city_hall))
    assert links_of(result)["مصطفى مدبولي"] is None
    rejected = candidates_of(result)[(mayor.key, "Q54901515")]
    assert rejected["emkg:linkDecision"] == "rejected" and float(rejected["emkg:linkScore"]) == 0
    assert "country" in rejected["emkg:linkMethod"] and "Q142" in rejected["emkg:linkMethod"]


def test_a_different_office_of_the_same_country_is_a_contradiction_too():
    # Egypt's president is not the prime minister, even with the same name and country
    namesake = node("Official", "مصطفى مدبولي")
    result = linked_resolution(namesake, statements=post(namesake, "رئيس جمهورية مصر العربية"))
    assert links_of(result)["مصطفى مدبولي"] is None
    assert "position" in candidates_of(result)[(namesake.key, "Q54901515")]["emkg:linkMethod"]


def test_an_organisation_of_a_known_country_links_with_its_context():
    cabinet = replace(node("Organization", "مجلس الوزراء المصري"), key="organization:cabinet")
    result = linked_resolution(cabinet)
    assert links_of(result)["مجلس الوزراء المصري"] == "Q4206677"
    assert "country Q79" in candidates_of(result)[(cabinet.key, "Q4206677")]["emkg:linkMethod"]


def test_a_ministry_needs_an_item_of_its_own_country():
    egyptian = linking.Item("Q1", "Organization", ("وزارة الخارجية",), (), "test", country=("Q79",))
    italian = linking.Item("Q2", "Organization", ("وزارة الخارجية",), (), "test", country=("Q38",))
    ours = replace(node("Organization", "وزارة الخارجية"), key="organization:mofa")  # gazetteer: Egypt
    theirs = node("Organization", "وزارة الخارجية الإيطالية", "وزارة الخارجية")
    unknown = replace(node("Organization", "وزارة الخارجية"), key="organization:somewhere")
    table = linking.load_table() + (egyptian, italian)
    result = linked_resolution(ours, theirs, unknown, table=table, decisions={})
    links = {n.key: dict(n.attrs).get("emkg:wikidata") for n in result.nodes if n.cls == "Organization"}
    assert links[ours.key].value == "Q1" and links[theirs.key].value == "Q2"
    assert links[unknown.key] is None  # a ministry of no known country matches neither


def test_type_filter_is_hard():
    # a person named like a country, an organisation named like a city: no candidate at all
    assert linked(node("Official", "اليمن"))["اليمن"] is None
    assert linked(node("Organization", "القاهرة"))["القاهرة"] is None
    # a Country item without a country type (P31) is never linked to a Country
    untyped = (linking.Item("Q7", "Country", ("أرض الشمال",), (), "test"),)
    result = linked_resolution(node("Country", "أرض الشمال"), table=untyped, decisions={})
    assert links_of(result)["أرض الشمال"] is None
    assert candidates_of(result)[("place:" + search_key("أرض الشمال"), "Q7")]["emkg:linkDecision"] == "rejected"


def test_partial_names_and_unknown_people_stay_unlinked():
    result = linked(node("Organization", "مكتب المنظمة الدولية للهجرة في مصر"),
                    node("Official", "مايا مرسي"), node("Official", "كارلوس أوليفر كروز"))
    assert set(result.values()) == {None}


def test_mette_frederiksen_never_gets_the_stale_id():
    assert "Q57652" not in {item.qid for item in linking.load_table()}
    assert "Q28606331" not in {item.qid for item in linking.load_table()}


def test_ambiguous_candidates_give_no_link_and_both_stay_for_review():
    items = (linking.Item("Q1", "Country", ("مملكة الشمال",), (), "test", p31=("Q6256",)),
             linking.Item("Q2", "Country", ("مملكة الشمال",), (), "test", p31=("Q6256",)))
    result = linked_resolution(node("Country", "مملكة الشمال"), table=items, decisions={})
    assert links_of(result)["مملكة الشمال"] is None
    decisions = {qid: attrs["emkg:linkDecision"] for (_, qid), attrs in candidates_of(result).items()}
    assert decisions == {"Q1": "nil", "Q2": "nil"}


def test_reviewer_decisions_override_both_ways_with_their_date():
    decisions = {("Country", search_key("اليمن")): Decision(None, "2026-01-05"),
                 ("Organization", search_key("جمعية الأمل")): Decision("Q123", "2026-02-01")}
    result = linked_resolution(node("Country", "اليمن"), node("Organization", "جمعية الأمل"),
                               decisions=decisions)
    assert links_of(result) == {"اليمن": None, "جمعية الأمل": "Q123"}
    hope = next(n for n in result.nodes if n.labels and n.labels[0].text == "جمعية الأمل")
    assert dict(hope.attrs)["emkg:linkDate"] == Lit("2026-02-01", datatype="xsd:date")
    assert candidates_of(result)[("place:" + search_key("اليمن"), "Q805")]["emkg:linkDecision"] == "rejected"


def test_link_dates_come_from_the_table_not_the_clock():
    result = linked_resolution(node("Country", "اليونان"))
    greece = next(item for item in linking.load_table() if item.qid == "Q41")
    entity = next(n for n in result.nodes if n.cls == "Country")
    assert dict(entity.attrs)["emkg:linkDate"].value == greece.verified
    assert linked_resolution(node("Country", "اليونان")) == result  # the same input, the same output


def test_table_rows_without_evidence_or_with_bad_ids_are_rejected(tmp_path):
    bad = tmp_path / "items.tsv"
    bad.write_text("qid\tclass\tlabels_ar\tlabels_en\tevidence\nQ9\tCountry\tبلد\tLand\t\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="row 2: Q9 has no evidence"):
        linking.load_table(bad)
    worse = tmp_path / "items2.tsv"
    worse.write_text("qid\tclass\tlabels_ar\tlabels_en\tcountry\tevidence\nQ9\tCity\tبلد\tLand\tEgypt\tx\n",
                     encoding="utf-8")
    with pytest.raises(ValueError, match="row 2: column country: bad Wikidata id 'Egypt'"):
        linking.load_table(worse)


def test_every_shipped_row_is_typed_dated_and_evidenced():
    table = linking.load_table()
    assert all(item.verified and item.evidence for item in table)
    assert all("Q5" in item.p31 for item in table if item.cls == "Official")
    known = {item.qid for item in table}
    assert all(set(item.positions) <= known for item in table)  # positions are rows of the table


def test_link_scores_count_wrong_missing_and_unjudged_links(tmp_path):
    from kg.linking.evaluation import link_scores

    table = tmp_path / "verified.tsv"
    table.write_text("key\trole\tsurface_ar_in_seed\tqid\n"
                     "yemen\tcore-place\tاليمن\tQ805\n"
                     "iom\tcore-org\tالمنظمة الدولية للهجرة (IOM)\tQ472311\n",
                     encoding="utf-8")
    wrong = replace_attrs(node("Country", "اليمن"), "Q57652")
    right = replace_attrs(node("Organization", "المنظمه الدوليه للهجره"), "Q472311")
    other = replace_attrs(node("Organization", "منظمة العمل الدولية"), "Q54129")
    scores = link_scores(Resolution(nodes=(wrong, right, other, node("Country", "اليمن"))), table)
    assert (len(scores.correct), len(scores.wrong), len(scores.missed), len(scores.unjudged)) == (1, 1, 1, 1)
    assert scores.precision == scores.recall == 0.5


def replace_attrs(entity: Node, qid: str) -> Node:
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


def test_an_article_about_a_namesake_abroad_links_no_one(tmp_path):
    from kg.commands.evaluate import run_pipeline

    home, abroad = tmp_path / "home.txt", tmp_path / "abroad.txt"
    home.write_text("رئيس الوزراء يتابع ملف الهجرة\n"
                    "استقبل الدكتور مصطفى مدبولي، رئيس مجلس الوزراء المصري، ممثلة المفوضية السامية "
                    "للأمم المتحدة لشؤون اللاجئين، بحضور ممثلين عن منظمة اليونيسف.\n", encoding="utf-8")
    abroad.write_text("وفد فرنسي يزور الإسكندرية\n"
                      "استقبلت محافظة الإسكندرية وفدا برئاسة السيد مصطفى مدبولي، رئيس بلدية مدينة ليون "
                      "الفرنسية، لبحث التعاون في مجال الهجرة.\n", encoding="utf-8")
    found = {}
    for article in (home, abroad):
        _, resolution, errors = run_pipeline([article])
        assert errors == []
        found[article.name] = {n.key: dict(n.attrs)["emkg:wikidata"].value
                               for n in linking.link(resolution).nodes if "emkg:wikidata" in dict(n.attrs)}
    assert "Q54901515" in found["home.txt"].values() and "Q132551" in found["home.txt"].values()
    assert "Q54901515" not in found["abroad.txt"].values()


def test_candidates_for_review_are_in_the_built_graph_and_in_the_review_file(tmp_path):
    import subprocess

    from conftest import kg_command
    from kg import paths, store

    articles, db_dir, review = tmp_path / "articles", tmp_path / "store", tmp_path / "review.tsv"
    articles.mkdir()
    (articles / "abroad.txt").write_text(
        "وفد فرنسي يزور الإسكندرية\n"
        "استقبلت محافظة الإسكندرية وفدا برئاسة السيد مصطفى مدبولي، رئيس بلدية مدينة ليون "
        "الفرنسية، لبحث التعاون في مجال الهجرة مع منظمة العمل الدولية.\n", encoding="utf-8")
    for args in (["build", str(articles), "--store", str(db_dir)],
                 ["link", "--store", str(db_dir), "--review", str(review)]):
        done = subprocess.run(kg_command() + args, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    query = (paths.QUERIES_DIR / "link-candidates.rq").read_text(encoding="utf-8")
    found = [{k: row[k].value for k in ("item", "link_decision", "method")}
             for row in store.open_read_only(db_dir).query(query)]
    # rejected when the extractor reads the post abroad, nil (a name alone) when it does not
    assert [f["item"].rsplit("/", 1)[-1] for f in found] == ["Q54901515"]
    assert found[0]["link_decision"] in ("nil", "rejected")
    lines = review.read_text(encoding="utf-8").splitlines()
    assert any("Q54901515:" in line and f":{found[0]['link_decision']} (" in line for line in lines)
    assert not any("Q54129" in line for line in lines)  # the ILO is linked: nothing to review


def test_the_federated_query_is_refused_unless_the_server_allows_wikidata(ui_client):
    response = ui_client.get("/queries/wikidata-federated", headers={"Accept": "application/sparql-results+json"})
    assert 400 <= response.status_code < 500
    assert "https://query.wikidata.org/sparql" in response.get_data(as_text=True)
    assert "--allow-service" in response.get_data(as_text=True)
