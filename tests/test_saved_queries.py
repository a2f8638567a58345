"""Saved queries: the files themselves, the API over a hand-written store, and the seeds' graph."""
from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
from pathlib import Path

import pyoxigraph
import pytest

from endpoint.app import create_app
from endpoint.rewrite import inline_bindings
from endpoint.savedqueries import (SavedQueryError, bind, load_all, load_query, split_header,
                                   used_parameters)
from kg import paths, summaries
from kg.normalize import search_key, search_words

QUERIES = load_all(paths.QUERIES_DIR)
ID = "https://w3id.org/emkg/id/"
MORSI = ID + "official/maya-morsi-11111111"
SAADA = ID + "official/ahmed-saada-33333333"
MOSS = ID + "organization/moss-55555555"


def rows(client, name: str, **params) -> list[dict]:
    response = client.get(f"/queries/{name}", query_string=params,
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [{k: v["value"] for k, v in b.items()} for b in response.json["results"]["bindings"]]


# --- the files ---------------------------------------------------------------------------------

def test_there_are_at_least_twelve_saved_queries():
    assert len(QUERIES) >= 12


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_saved_query_is_complete_and_runs_with_its_examples_written_in(name):
    query = QUERIES[name]
    assert query.title["ar"].strip() and query.title["en"].strip()
    assert any("\u0600" <= ch <= "\u06ff" for ch in query.title["ar"])  # Arabic block
    assert used_parameters(query.sparql) == {p.name for p in query.parameters}
    values = {p.name: p.example for p in query.parameters if p.example is not None}
    results = pyoxigraph.Store().query(inline_bindings(query.sparql, bind(query, values)))
    assert list(results) == [] or query.name == "statistics-per-class"


def write_rq(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.rq"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, fragment", [
    ("#+ title: {en: Only English}\nSELECT * WHERE { ?s ?p ?o }\n", "title"),
    ("#+ title: {en: A, ar: ب}\nSELECT $x WHERE { $x ?p ?o }\n", "undeclared"),
    ("#+ title: {en: A, ar: ب}\n#+ parameters: {x: {type: iri}}\nSELECT * WHERE { ?s ?p ?o }\n",
     "unused"),
    ("#+ title: {en: A, ar: ب}\n#+ parameters: {x: {type: colour}}\nSELECT $x WHERE { $x ?p ?o }\n",
     "type"),
    ("#+ title: {en: A, ar: ب}\n#+ parameters: {x: {type: iri}}\nSELECT $x ?x WHERE { $x ?p ?o }\n",
     "same variable"),
    ("#+ title: {en: A, ar: ب}\n#+ parameters: {x: {type: date, default: 2023-02-30}}\n"
     "SELECT $x WHERE { ?s ?p $x }\n", "YAML"),
    ("#+ title: [unclosed\nSELECT * WHERE { ?s ?p ?o }\n", "YAML"),
    ("#+ title: {en: A, ar: ب}\n#+ parameters: {x: {type: string, derived_from: y}}\n"
     "SELECT ?o WHERE { ?s ?p $x }\n", "derived_from"),
    ("#+ title: {en: A, ar: ب}\n#+ parameters: {x: {type: iri, example: 'http://e/x'}}\n"
     "SELECT ?o WHERE { $x ?p ?o FILTER(?o > ) }\n", "does not run"),
    ("#+ title: {en: A, ar: ب}\n#+ parameters: {x: {type: iri}}\nSELECT $x WHERE { $x ?p ?o }\n",
     "example"),
    ("#+ title: {en: A, ar: ب}\nSELECT ?s WHERE { ?s ?p }\n", "does not run"),
])
def test_loader_rejects_bad_files_naming_them(tmp_path, text, fragment):
    path = write_rq(tmp_path, text)
    with pytest.raises(SavedQueryError) as err:
        load_query(path)
    assert str(path) in str(err.value) and fragment in str(err.value)


def test_header_ends_at_first_line_without_the_marker():
    header, body = split_header("#+ a: 1\n#+ b: 2\nSELECT * { ?s ?p ?o }\n#+ not header\n")
    assert header == "a: 1\nb: 2\n"
    assert body.startswith("SELECT") and "#+ not header" in body


# --- the API over the hand-written store -------------------------------------------------------

def test_catalogue_lists_every_query_with_both_titles(ui_client):
    listed = {q["name"]: q for q in ui_client.get("/queries.json").json["queries"]}
    assert set(listed) == set(QUERIES)
    assert all(q["title"]["ar"] and q["title"]["en"] for q in listed.values())
    source = ui_client.get("/queries/label-search.rq")
    assert source.mimetype == "application/sparql-query"
    assert source.get_data(as_text=True) == QUERIES["label-search"].text


def test_label_search_is_insensitive_to_hamza_and_taa_marbuta(ui_client):
    found = rows(ui_client, "label-search", q="\u0627\u062d\u0645\u062f \u0633\u0639\u062f\u0647")
    # alef-haa-miim-daal siin-ayn-daal-haa: "احمد سعده" without hamza, with haa for taa marbuta
    assert [r["entity"] for r in found] == [SAADA]
    assert found[0]["label_en"] == "Ahmed Saada"


def test_saved_queries_read_the_default_graph_only(ui_client):
    assert rows(ui_client, "label-search", q="ghost only") == []
    stats = {r["class"].rsplit("#", 1)[-1]: r for r in rows(ui_client, "statistics-per-class")}
    assert stats["Official"]["individuals"] == "4"


def test_posts_of_official_gives_both_posts(ui_client):
    found = rows(ui_client, "posts-of-official", official=SAADA)
    assert {r["organization_en"] for r in found} == {"Ministry of Social Solidarity",
                                                      "NGO Support Fund"}


def test_officials_of_organization(ui_client):
    found = rows(ui_client, "officials-of-organization", org=MOSS)
    assert {r["label_en"] for r in found} == {"Maya Morsi", "Ahmed Saada"}
    assert all(r["reported"] == "2023-03-15" for r in found)


def test_meetings_of_person_respects_the_date_range(ui_client):
    assert [r["role"] for r in rows(ui_client, "meetings-of-person", person=MORSI)] == [
        "https://w3id.org/emkg/ontology#hasHost"]
    assert rows(ui_client, "meetings-of-person", person=MORSI, **{"from": "2023-03-16"}) == []
    assert len(rows(ui_client, "meetings-of-person", person=MORSI, to="2023-03-15")) == 1


def test_who_met_whom_counts_shared_meetings(ui_client):
    pairs = rows(ui_client, "who-met-whom", person=MORSI)
    assert len(pairs) == 3 and all(MORSI in (r["a"], r["b"]) for r in pairs)  # only her pairs
    partners = {r["a_label_en"] if r["b"] == MORSI else r["b_label_en"] for r in pairs}
    assert "Carlos Oliver Cruz" in partners and "Ahmed Saada" in partners
    assert all(r["meetings"] == "1" for r in pairs)
    assert len(rows(ui_client, "who-met-whom")) == 6  # four participants, one meeting


def test_organizations_met_by_official(ui_client):
    found = rows(ui_client, "organizations-met-by-official", official=MORSI)
    assert "IOM Egypt" in {r["label_en"] for r in found}
    assert "Ministry of Social Solidarity" not in {r["label_en"] for r in found}  # her own


def test_shelters_by_status_and_target_group(ui_client):
    existing = "https://w3id.org/emkg/ontology#Existing"
    assert len(rows(ui_client, "shelters-by-status", status=existing)) == 1
    assert rows(ui_client, "shelters-by-status",
                status="https://w3id.org/emkg/ontology#Planned") == []
    girls = rows(ui_client, "shelters-by-status", target="\u0627\u0644\u0641\u062a\u064a\u0627\u062a")
    assert [r["label_en"] for r in girls] == ["Existing shelter"]  # alef-laam-faa-taa-yaa-alef-taa


def test_programmes_by_owner_funder_and_period(ui_client):
    assert len(rows(ui_client, "programmes", owner=MOSS, from_year="2020", to_year="2021")) == 1
    assert rows(ui_client, "programmes", from_year="2027", to_year="2030") == []
    assert rows(ui_client, "programmes", funder=MOSS) == []
    assert rows(ui_client, "programmes", funder=ID + "organization/eu-88888888")[0][
        "start_year"] == "2016"


def test_provenance_of_a_post(ui_client):
    found = rows(ui_client, "provenance-of-fact", fact=ID + "membership/saada-fund")
    assert len(found) == 1
    assert found[0]["quote"].startswith("\u0627\u0644\u0645\u062f\u064a\u0631")  # al-mudir
    assert (found[0]["start"], found[0]["end"]) == ("255", "316")
    assert found[0]["outlet"] in {"El Watan", "\u0627\u0644\u0648\u0637\u0646"}  # al-watan


def test_timeline_and_articles_of_an_entity(ui_client):
    timeline = rows(ui_client, "timeline-of-entity", entity=MORSI)
    assert {r["kind"] for r in timeline} == {"meeting", "post reported"}
    articles = rows(ui_client, "articles-mentioning-entity", entity=MORSI)
    assert [r["article"] for r in articles] == [ID + "article/ui-001-abcdef12"]


def test_entities_without_wikidata_and_statistics(ui_client):
    unlinked = {r["label_en"] for r in rows(ui_client, "entities-without-wikidata")}
    assert "Carlos Oliver Cruz" in unlinked and "Maya Morsi" not in unlinked
    stats = {r["class"].rsplit("#", 1)[-1]: r for r in rows(ui_client, "statistics-per-class")}
    assert stats["Official"]["individuals"] == "4" and stats["Official"]["with_wikidata"] == "1"


def test_meetings_list_by_dates(ui_client):
    assert len(rows(ui_client, "meetings-list", **{"from": "2023-03-01", "to": "2023-03-31"})) == 1
    assert rows(ui_client, "meetings-list", to="2022-12-31") == []


@pytest.mark.parametrize("fmt, media", [("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                                        ("json", "application/sparql-results+json"),
                                        ("xml", "application/sparql-results+xml")])
def test_every_result_format_by_parameter_and_by_accept(ui_client, fmt, media):
    by_param = ui_client.get("/queries/posts-of-official", query_string={
        "official": SAADA, "format": fmt})
    by_accept = ui_client.get("/queries/posts-of-official", query_string={"official": SAADA},
                              headers={"Accept": media})
    assert by_param.status_code == by_accept.status_code == 200
    assert by_param.mimetype == by_accept.mimetype == media
    assert "NGO Support Fund" in by_param.get_data(as_text=True)
    if fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(by_param.get_data(as_text=True))))) == 2


@pytest.mark.parametrize("params, parameter", [
    ({}, "official"),
    ({"official": "not an iri"}, "official"),
    ({"official": SAADA, "colour": "red"}, "colour"),
])
def test_bad_or_missing_parameter_is_a_400_naming_it(ui_client, params, parameter):
    response = ui_client.get("/queries/posts-of-official", query_string=params)
    assert response.status_code == 400
    assert response.json["error"]["parameter"] == parameter
    assert parameter in response.json["error"]["message"]


@pytest.mark.parametrize("name, params, parameter", [
    ("meetings-list", {"from": "2023-02-30"}, "from"),
    ("programmes", {"from_year": "twenty"}, "from_year"),
    ("programmes", {"to_year": "99"}, "to_year"),
    ("label-search", {"q": "   "}, "q"),
])
def test_typed_parameters_are_checked(ui_client, name, params, parameter):
    response = ui_client.get(f"/queries/{name}", query_string=params)
    assert response.status_code == 400 and response.json["error"]["parameter"] == parameter


def test_unknown_query_and_unacceptable_format(ui_client):
    assert ui_client.get("/queries/no-such-query").status_code == 404
    response = ui_client.get("/queries/statistics-per-class", headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.json["error"]["type"] == "not_acceptable"


@pytest.mark.parametrize("value", [
    '"} UNION { ?entity ?p ?o } #',
    "') } SELECT * WHERE { ?s ?p ?o } LIMIT 1 #",
    '\\" . ?entity ?p ?o . FILTER(true) } } DELETE WHERE { ?s ?p ?o } #',
])
def test_hostile_string_parameter_is_bound_as_one_literal(ui_client, value):
    found = rows(ui_client, "label-search", q=value)
    assert found == []  # had the text reached the query, these would match everything
    echoed = ui_client.get("/queries/label-search", query_string={"q": value, "format": "json"})
    assert echoed.json["head"]["vars"][0] == "q"
    # the literal is still the whole (normalised) value: the query saw one term
    assert rows(ui_client, "statistics-per-class")  # the store is untouched


def test_hostile_iri_parameter_is_refused(ui_client):
    response = ui_client.get("/queries/posts-of-official",
                             query_string={"official": "http://x> } UNION { ?s ?p ?o"})
    assert response.status_code == 400 and response.json["error"]["parameter"] == "official"


def test_hostile_value_that_matches_is_compared_whole(tmp_path):
    store = pyoxigraph.Store()
    hostile = '"} UNION { ?entity ?p ?o } #'
    subject = pyoxigraph.NamedNode(ID + "official/x")
    store.add(pyoxigraph.Quad(subject, pyoxigraph.NamedNode(
        "https://w3id.org/emkg/ontology#searchKey"), pyoxigraph.Literal(search_key(hostile))))
    for word in search_words(search_key(hostile)):
        store.add(pyoxigraph.Quad(subject, pyoxigraph.NamedNode(
            "https://w3id.org/emkg/ontology#searchWord"), pyoxigraph.Literal(word)))
    query = QUERIES["label-search"]
    found = list(store.query(inline_bindings(query.sparql, bind(query, {"q": hostile}))))
    assert [row["entity"] for row in found] == [subject]
    assert found[0]["q"].value == search_key(hostile)


def test_openapi_describes_every_saved_query(ui_client):
    document = ui_client.get("/openapi.json").json
    assert document["openapi"].startswith("3.")
    for name, query in QUERIES.items():
        operation = document["paths"][f"/queries/{name}"]["get"]
        declared = {p["name"]: p for p in operation["parameters"]}
        given = [p for p in query.parameters if not p.derived_from]  # derived: computed
        assert set(declared) == {p.name for p in given} | {"format"}
        assert all(declared[p.name]["required"] == p.required for p in given)
        assert operation["summary"] == query.title["en"]
        assert "400" in operation["responses"]


# --- the seeds' graph (store built by `kg build`) ------------------------------------------------

needs_build = pytest.mark.skipif(importlib.util.find_spec("kg.commands.build") is None,
                                 reason="`kg build` (kg/commands/build.py) does not exist yet")


@pytest.fixture(scope="module")
def seed_client(request):
    store = request.getfixturevalue("seed_store")
    return create_app({"STORE_DIR": str(store), "TESTING": True}).test_client()


def find(client, arabic_name: str, type_suffix: str) -> str:
    found = [r for r in rows(client, "label-search", q=arabic_name)
             if r.get("type", "").endswith(type_suffix)]
    assert found, f"no {type_suffix} named {arabic_name}"
    return found[0]["entity"]


MAYA = "\u0645\u0627\u064a\u0627 \u0645\u0631\u0633\u064a"  # miim-alef-yaa-alef miim-raa-siin-yaa
SAADA_AR = "\u0623\u062d\u0645\u062f \u0633\u0639\u062f\u0629"  # alef-hamza-haa-miim-daal siin-ayn-daal-taa
CRUZ = "\u0643\u0631\u0648\u0632"  # kaaf-raa-waw-zay
MINISTRY = "\u0648\u0632\u0627\u0631\u0629 \u0627\u0644\u062a\u0636\u0627\u0645\u0646"  # wizarat al-tadamun
FUND = "\u0635\u0646\u062f\u0648\u0642"  # sunduq
SOLIDARITY = "\u0627\u0644\u062a\u0636\u0627\u0645\u0646"  # al-tadamun
MIGRATION = "\u0627\u0644\u0647\u062c\u0631\u0629"  # al-hijra


@needs_build
@pytest.mark.slow
def test_seeds_maya_morsi_met_carlos_oliver_cruz(seed_client):
    maya = find(seed_client, MAYA, "Official")
    assert rows(seed_client, "meetings-of-person", person=maya)
    pairs = rows(seed_client, "who-met-whom", person=maya)
    partners = [r["a_label_ar"] if r["b"] == maya else r["b_label_ar"] for r in pairs]
    assert any(CRUZ in (p or "") for p in partners)
    organisations = rows(seed_client, "organizations-met-by-official", official=maya)
    assert any(MIGRATION in (r.get("label_ar") or "") for r in organisations)
    timeline = rows(seed_client, "timeline-of-entity", entity=maya)
    assert "meeting" in {r["kind"] for r in timeline}
    assert len(rows(seed_client, "articles-mentioning-entity", entity=maya)) >= 2  # 000 and 001


@needs_build
@pytest.mark.slow
def test_seeds_ahmed_saada_two_posts(seed_client):
    saada = find(seed_client, SAADA_AR, "Official")
    posts = rows(seed_client, "posts-of-official", official=saada)
    organisations = {r.get("organization_ar") or "" for r in posts}
    assert any(SOLIDARITY in o for o in organisations) and any(FUND in o for o in organisations)
    provenance = rows(seed_client, "provenance-of-fact", fact=saada)
    assert provenance and all(r["quote"] for r in provenance)
    ministry = find(seed_client, MINISTRY, "Organization")
    officials = rows(seed_client, "officials-of-organization", org=ministry)
    assert saada in {r["official"] for r in officials}


@needs_build
@pytest.mark.slow
def test_seeds_shelters_programmes_and_counts(seed_client):
    shelters = rows(seed_client, "shelters-by-status")
    assert len({r["shelter"] for r in shelters}) >= 2  # 002's existing shelter and 004's first
    assert rows(seed_client, "programmes")
    # gold: no seed prints a resolvable meeting date; the page header clock must not become one
    assert rows(seed_client, "meetings-list") == []
    stats = {r["class"].rsplit("#", 1)[-1]: int(r["individuals"])
             for r in rows(seed_client, "statistics-per-class")}
    assert stats["Article"] == 5 and stats["Official"] >= 3
    unlinked = rows(seed_client, "entities-without-wikidata")
    assert all(r["class"].rsplit("#", 1)[-1] in {"Official", "Organization", "Place", "Country",
                                                  "City"} for r in unlinked)


def test_loader_rejects_an_invalid_default_naming_the_parameter(tmp_path):
    path = write_rq(tmp_path, "#+ title: {en: A, ar: ب}\n#+ parameters: {y: {type: year, "
                              "default: 99}}\nSELECT $y WHERE { ?s ?p $y }\n")
    with pytest.raises(SavedQueryError, match=r"parameter 'y'.*default"):
        load_query(path)


# --- bounds: lists that grow with the corpus stop at a documented number of rows --------------

BOUND = 1000
CROWD = BOUND + 6  # one more row than the bound would do; a few more show which ones are cut
EMKG = "https://w3id.org/emkg/ontology#"
BUSY = ID + "official/busy"
BIG_ORG = ID + "organization/big"


def _day(i: int) -> str:
    return (dt.date(2000, 1, 1) + dt.timedelta(days=i)).isoformat()


def _crowd_triples(i: int) -> list[str]:
    """Item i of every kind of list: a post, span, article, meeting, programme, shelter, name."""
    day = f'"{_day(i)}"^^<http://www.w3.org/2001/XMLSchema#date>'
    post, span, article = f"<{ID}membership/m{i}>", f"<{ID}span/s{i}>", f"<{ID}article/a{i}>"
    meeting, shelter, report = f"<{ID}meeting/mt{i}>", f"<{ID}shelter/sh{i}>", f"<{ID}status/r{i}>"
    person = f"<{ID}official/p{i}>"
    status = "Existing" if i % 2 else "Planned"
    return [
        f"{post} a <http://www.w3.org/ns/org#Membership> ; <http://www.w3.org/ns/org#member> <{BUSY}> ;"
        f" <http://www.w3.org/ns/org#organization> <{BIG_ORG}> ; <{EMKG}reportedOn> {day} ;"
        f' <{EMKG}titleAsPrinted> "title {i}" ; <http://www.w3.org/ns/prov#wasDerivedFrom> {span} .',
        f"<{BUSY}> <{EMKG}mentionedIn> {span} .",
        f"{span} a <{EMKG}TextSpan> ; <http://www.w3.org/ns/oa#hasSource> {article} .",
        f"{article} a <{EMKG}Article> ; <{EMKG}published> {day} .",
        f"{meeting} a <{EMKG}Meeting> ; <{EMKG}date> {day} ; <{EMKG}hasHost> <{BUSY}> ;"
        f" <{EMKG}hasParticipant> <{BUSY}> .",
        f"<{ID}programme/p{i}> a <{EMKG}Strategy> ; <{EMKG}startYear> {1000 + i} .",
        f"{shelter} a <{EMKG}Shelter> . {report} a <{EMKG}StatusReport> ; <{EMKG}statusOf> {shelter} ;"
        f" <{EMKG}reportedStatus> <{EMKG}{status}> ; <{EMKG}reportedOn> {day} .",
        f"{person} a <{EMKG}Official> ; <{EMKG}searchKey> \"crowd {'x' * (i % 7)}{i}\" ;"
        f" <{EMKG}searchWord> \"crowd\" , \"{'x' * (i % 7)}{i}\" .",
        *([f"{person} <{EMKG}mentionedIn> {span} ."] if i % 3 else []),
    ]


@pytest.fixture(scope="module")
def crowded_store(tmp_path_factory):
    """An on-disk store with CROWD items in every list a saved query bounds."""
    store = pyoxigraph.Store(str(tmp_path_factory.mktemp("crowded") / "store"))
    text = "\n".join(line for i in range(CROWD) for line in _crowd_triples(i))
    store.bulk_load(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    summaries.refresh(store)  # as every build does: two saved queries read the summary graph
    return store


def run_saved(store, name: str, **params) -> list[dict]:
    query = QUERIES[name]
    solutions = store.query(inline_bindings(query.sparql, bind(query, params)))
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


def _days_kept(found: list[dict], column: str) -> list[str]:
    return [r[column] for r in found]


@pytest.mark.parametrize("name, params, column", [
    ("officials-of-organization", {"org": BIG_ORG}, "reported"),
    ("posts-of-official", {"official": BUSY}, "reported"),
    ("meetings-of-person", {"person": BUSY}, "date"),
    ("meetings-list", {}, "date"),
    ("articles-mentioning-entity", {"entity": BUSY}, "published"),
])
def test_dated_lists_keep_the_most_recent_thousand_listed_oldest_first(crowded_store, name,
                                                                       params, column):
    found = run_saved(crowded_store, name, **params)
    assert _days_kept(found, column) == [_day(i) for i in range(CROWD - BOUND, CROWD)]


def test_timeline_keeps_the_most_recent_thousand_events_listed_oldest_first(crowded_store):
    found = run_saved(crowded_store, "timeline-of-entity", entity=BUSY)
    recent_days = range(CROWD - BOUND // 2, CROWD)  # a post and a meeting on each day
    assert [(r["when"], r["kind"]) for r in found] == [
        (_day(i), kind) for i in recent_days for kind in ("meeting", "post reported")]


def test_provenance_keeps_the_spans_of_the_most_recent_thousand_articles(crowded_store):
    found = run_saved(crowded_store, "provenance-of-fact", fact=BUSY)
    assert len(found) == BOUND
    assert sorted(r["published"] for r in found) == [_day(i) for i in range(CROWD - BOUND, CROWD)]


def test_programmes_keep_the_thousand_earliest_start_years(crowded_store):
    found = run_saved(crowded_store, "programmes", from_year="1000", to_year="2999")
    assert [int(r["start_year"]) for r in found] == list(range(1000, 1000 + BOUND))


def test_shelters_keep_status_order_then_the_most_recent_reports(crowded_store):
    found = run_saved(crowded_store, "shelters-by-status")
    existing = [i for i in range(CROWD) if i % 2]  # emkg:Existing sorts before emkg:Planned
    planned = [i for i in range(CROWD) if not i % 2][-(BOUND - len(existing)):]
    expected = [(EMKG + "Existing", f"{ID}shelter/sh{i}") for i in sorted(existing, key=str)]
    expected += [(EMKG + "Planned", f"{ID}shelter/sh{i}") for i in sorted(planned, key=str)]
    assert [(r["reported_status"], r["shelter"]) for r in found] == expected


def test_entities_without_wikidata_keep_the_thousand_most_cited(crowded_store):
    found = run_saved(crowded_store, "entities-without-wikidata")
    counts = [int(r["mentions"]) for r in found]
    assert len(found) == BOUND and counts == sorted(counts, reverse=True)
    kept = {r["entity"] for r in found}
    left_out = [i for i in range(CROWD) if f"{ID}official/p{i}" not in kept]
    assert all(i % 3 == 0 for i in left_out)  # only entities never mentioned are cut


def test_label_search_keeps_the_two_hundred_shortest_names(crowded_store):
    found = run_saved(crowded_store, "label-search", q="crowd")
    lengths = [len(r["matched"]) for r in found]
    every = sorted(len(f"crowd {'x' * (i % 7)}{i}") for i in range(CROWD))
    assert lengths == every[:200]


def test_label_search_finds_whole_words_through_the_word_index(ui_client):
    saada = rows(ui_client, "label-search", q="\u0633\u0639\u062f\u0629")  # siin-ayn-daal-taa: سعدة
    assert [r["entity"] for r in saada] == [SAADA]
    # part of a word is not a word: the index is looked up by whole words
    assert rows(ui_client, "label-search", q="\u0633\u0639\u062f") == []  # siin-ayn-daal


def test_the_derived_word_is_computed_never_given(ui_client):
    query = QUERIES["label-search"]
    bound = bind(query, {"q": "\u0627\u062d\u0645\u062f \u0633\u0639\u062f\u0627\u0648\u064a"})
    # alef-haa-miim-daal siin-ayn-daal-alef-waw-yeh: the longer word is the one looked up
    assert bound[pyoxigraph.Variable("q_word")].value == "\u0633\u0639\u062f\u0627\u0648\u064a"
    response = ui_client.get("/queries/label-search", query_string={"q": "x", "q_word": "y"})
    assert response.status_code == 400 and response.json["error"]["parameter"] == "q_word"
    catalogue = {q["name"]: q for q in ui_client.get("/queries.json").json["queries"]}
    described = {p["name"]: p for p in catalogue["label-search"]["parameters"]}
    assert described["q_word"]["derived_from"] == "q" and "default" not in described["q_word"]
    operation = ui_client.get("/openapi.json").json["paths"]["/queries/label-search"]["get"]
    assert "q_word" not in {p["name"] for p in operation["parameters"]}
