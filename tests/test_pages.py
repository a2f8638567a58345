"""HTML pages and Linked Data entity pages over the hand-written UI store (real Oxigraph on disk)."""
from __future__ import annotations

import json
import re

import pyoxigraph
import pytest

from endpoint.app import create_app

ID = "https://w3id.org/emkg/id/"
MORSI = "/id/official/maya-morsi-11111111"
SCRIPT = "/id/official/script-44444444"
ARTICLE = "/id/article/ui-001-abcdef12"
RDFS_LABEL = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def html(client, path: str, **headers) -> str:
    response = client.get(path, headers={"Accept": "text/html", **headers})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_index_has_editor_gallery_and_local_assets_only(ui_client):
    page = html(ui_client, "/")
    assert 'id="sparql"' in page and 'id="results"' in page
    assert page.count('class="saved"') >= 12
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith(("/", "?", "#")) for s in sources)  # no CDN
    assert ui_client.get("/static/ui/ui.js").status_code == 200
    assert ui_client.get("/static/ui/ui.css").status_code == 200


def test_gallery_page_shows_titles_in_both_languages(ui_client):
    page = html(ui_client, "/queries")
    assert "Search by name" in page
    assert '<bdi class="title-ar" lang="ar" dir="rtl">' in page
    assert 'href="/?query=label-search"' in page


def test_gallery_has_a_json_twin(ui_client):
    response = ui_client.get("/queries", headers={"Accept": "application/json"})
    assert response.mimetype == "application/json"
    assert response.json == ui_client.get("/queries.json").json


def test_entity_page_html(ui_client):
    response = ui_client.get(MORSI, headers={"Accept": "text/html"})
    assert response.headers["Vary"] == "Accept"
    page = response.get_data(as_text=True)
    assert '<bdi lang="ar" dir="rtl" class="label-ar">\u0645\u0627\u064a\u0627' in page  # maya
    assert "Maya Morsi" in page
    assert 'href="http://www.wikidata.org/entity/Q6796453"' in page
    assert "\u0648\u0632\u064a\u0631\u0629 \u0627\u0644\u062a\u0636\u0627\u0645\u0646" in page
    # wazirat al-tadamun: the post as printed
    assert 'href="/id/meeting/morsi-cruz-99999999"' in page
    assert f'href="{ARTICLE}?span=ui-001-s1#span-ui-001-s1"' in page


def test_organisation_page_lists_programmes_and_shelters(ui_client):
    page = html(ui_client, "/id/organization/moss-55555555")
    section = page.split("Programmes and shelters", 1)[1].split("</table>", 1)[0]
    assert 'href="/id/programme/nsc-bbbbbbbb"' in section and "emkg:ownedBy" in section
    assert 'href="/id/shelter/moss-girls-aaaaaaaa"' in section and "emkg:operatedBy" in section
    shelter = html(ui_client, "/id/shelter/moss-girls-aaaaaaaa")
    assert "emkg:Existing" in shelter.split("Status reported", 1)[1]


def test_entity_page_draws_the_neighbourhood_as_svg(ui_client):
    page = html(ui_client, MORSI)
    svg = re.search(r"<svg class=\"neighbourhood\".*?</svg>", page, re.S).group(0)
    assert svg.count("<line") == 3  # Cruz, Saada and the third attendee
    assert 'href="/id/official/carlos-oliver-cruz-22222222"' in svg
    assert "\u0643\u0627\u0631\u0644\u0648\u0633" in svg  # kaaf-alef-raa-laam-waw-siin: Carlos


@pytest.mark.parametrize("accept, fmt, rdf_format", [
    ("text/turtle", "ttl", pyoxigraph.RdfFormat.TURTLE),
    ("application/ld+json", "jsonld", pyoxigraph.RdfFormat.JSON_LD),
    ("application/n-triples", "nt", pyoxigraph.RdfFormat.N_TRIPLES),
])
def test_entity_rdf_by_negotiation(ui_client, accept, fmt, rdf_format):
    by_accept = ui_client.get(MORSI, headers={"Accept": accept})
    by_param = ui_client.get(MORSI + f"?format={fmt}")
    assert by_accept.mimetype == by_param.mimetype == accept
    assert by_accept.headers["Vary"] == "Accept"
    triples = list(pyoxigraph.parse(by_accept.data, format=rdf_format))
    subject = pyoxigraph.NamedNode(ID + MORSI.removeprefix("/id/"))
    labels = {t.object for t in triples if t.subject == subject and t.predicate == RDFS_LABEL}
    assert pyoxigraph.Literal("Maya Morsi", language="en") in labels
    assert any(t.object == subject for t in triples)  # incoming: the meeting, the membership


def test_browser_accept_header_prefers_html(ui_client):
    response = ui_client.get(MORSI, headers={
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert response.mimetype == "text/html"


def test_unknown_entity_and_format(ui_client):
    assert ui_client.get("/id/official/nobody-00000000").status_code == 404
    not_an_iri = ui_client.get("/id/official/a%3Eb%20c")
    assert not_an_iri.status_code == 404 and not_an_iri.json["error"]["type"] == "not_found"
    assert ui_client.get(MORSI + "?format=pdf").status_code == 406
    assert ui_client.get(MORSI, headers={"Accept": "image/png"}).status_code == 406


def test_article_page_highlights_the_cited_span(ui_client):
    page = html(ui_client, ARTICLE + "?span=ui-001-s3")
    chosen = re.findall(r'<mark id="([^"]+)" class="chosen"[^>]*>([^<]*)</mark>', page)
    assert chosen == [("span-ui-001-s3", "\u0623\u062d\u0645\u062f \u0633\u0639\u062f\u0629")]
    assert 'class="article-text" dir="rtl" lang="ar"' in page  # RTL block in an LTR page
    assert '<html lang="en" dir="ltr">' in page


def test_article_page_without_text_lists_the_quotes(ui_store, ui_data_dir):
    app = create_app({"STORE_DIR": str(ui_store), "TESTING": True,
                      "ARTICLES_DIR": str(ui_data_dir)})  # the text file is not there
    page = html(app.test_client(), ARTICLE + "?span=ui-001-s2")
    assert "article-text" not in page
    assert re.search(r'<li id="span-ui-001-s2" class="chosen"[^>]*>[^<]*<mark>'
                     r"\u0643\u0627\u0631\u0644\u0648\u0633", page)


@pytest.mark.parametrize("path", [SCRIPT, MORSI, ARTICLE, "/id/meeting/morsi-cruz-99999999"])
def test_markup_in_names_and_text_is_escaped(ui_client, path):
    page = html(ui_client, path)
    assert "<script>alert" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page or "&lt;b&gt;" in page


def test_javascript_iris_are_never_links(ui_client):
    page = html(ui_client, SCRIPT)
    assert "javascript:alert(2)" in page and 'href="javascript:' not in page


def test_markup_label_in_rdf_is_data_not_markup(ui_client):
    data = json.loads(ui_client.get(SCRIPT, headers={"Accept": "application/ld+json"}).data)
    values = {v["@value"] for node in data for key, vs in node.items() if key.endswith("#label")
              for v in vs}
    assert "<script>alert(1)</script>" in values and "<b>Samir</b>" in values


def test_base_iri_is_configurable(make_ui_store):
    base = "https://example.org/kg/"
    store = make_ui_store(base=base)
    client = create_app({"STORE_DIR": str(store), "TESTING": True, "BASE_IRI": base}).test_client()
    page = html(client, MORSI)
    assert f"<code>{base}official/maya-morsi-11111111</code>" in page
    assert 'href="/id/meeting/morsi-cruz-99999999"' in page
    default = create_app({"STORE_DIR": str(store), "TESTING": True}).test_client()
    assert default.get(MORSI).status_code == 404  # the default base names no resource here


def test_ui_test_data_conforms_to_the_project_shapes(ui_data_dir):
    """The hand-written store stays in the data model's shape (ontology/emkg-shapes.ttl)."""
    import pyshacl
    import rdflib

    from kg import paths

    dataset = rdflib.Dataset()
    dataset.parse(ui_data_dir / "sample.trig", format="trig")
    default = rdflib.Graph()
    for triple in dataset.default_graph:
        default.add(triple)
    conforms, _, report = pyshacl.validate(
        default, shacl_graph=rdflib.Graph().parse(paths.SHAPES_TTL),
        ont_graph=rdflib.Graph().parse(paths.ONTOLOGY_TTL), inference="none")
    assert conforms, report


# --- hubs: an entity named in thousands of facts still gets a page of bounded size -------------

HUB = ID + "organization/hub-ministry-00000000"


@pytest.fixture(scope="module")
def hub_client(tmp_path_factory):
    """A store where one ministry has 1,200 posts and 10,050 mentions (more than a page shows)."""
    from endpoint import pages

    org, emkg = "http://www.w3.org/ns/org#", "https://w3id.org/emkg/ontology#"
    hub = pyoxigraph.NamedNode(HUB)
    quads = [pyoxigraph.Quad(hub, RDFS_LABEL, pyoxigraph.Literal("وزارة المحور", language="ar"))]
    for i in range(1200):
        post = pyoxigraph.NamedNode(f"{ID}membership/hub-post-{i:05d}")
        person = pyoxigraph.NamedNode(f"{ID}official/person-{i:05d}")
        quads += [pyoxigraph.Quad(post, pyoxigraph.NamedNode(org + "organization"), hub),
                  pyoxigraph.Quad(post, pyoxigraph.NamedNode(org + "member"), person),
                  pyoxigraph.Quad(person, RDFS_LABEL, pyoxigraph.Literal(f"person {i}", language="en"))]
    for i in range(pages.OUTGOING_TRIPLES + 50):
        quads.append(pyoxigraph.Quad(hub, pyoxigraph.NamedNode(emkg + "mentionedIn"),
                                     pyoxigraph.NamedNode(f"{ID}span/hub-{i:06d}")))
    target = tmp_path_factory.mktemp("hub-store") / "store"
    build = target / "builds" / "hub"
    build.parent.mkdir(parents=True)
    store = pyoxigraph.Store(str(build))
    store.bulk_extend(quads)
    store.flush()
    del store
    (target / "current").symlink_to(build)
    return create_app({"STORE_DIR": str(target), "TESTING": True}).test_client()


def test_hub_page_is_cut_and_says_so(hub_client):
    from endpoint import pages

    response = hub_client.get("/id/organization/hub-ministry-00000000",
                              headers={"Accept": "text/html"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["X-Description-Cut"] == (
        f"outgoing={pages.OUTGOING_TRIPLES}, incoming={pages.INCOMING_TRIPLES}")
    posts = re.search(r"<h2>Posts over time.*?</section>", page, re.DOTALL).group(0)
    assert posts.count("<tr><td>") == pages.SECTION_ROWS
    assert 'class="more"' in posts  # the cut is said, with a way to the full list
    assert page.count("/id/span/hub-") <= pages.SECTION_ROWS  # 10,050 mentions are no table
    assert f"{pages.OUTGOING_TRIPLES}+ values in all" in page
    assert len(page) < 300_000


def test_hub_rdf_document_is_cut_at_the_limits_and_says_so(hub_client):
    from endpoint import pages

    response = hub_client.get("/id/organization/hub-ministry-00000000?format=nt")
    lines = response.get_data(as_text=True).splitlines()
    assert response.headers["X-Description-Cut"].startswith("outgoing=")
    assert sum(" <https://w3id.org/emkg/id/organization/hub-ministry-00000000> ." in line
               for line in lines) == pages.INCOMING_TRIPLES
    assert len(lines) == pages.OUTGOING_TRIPLES + pages.INCOMING_TRIPLES


def test_small_entity_is_not_cut(ui_client):
    response = ui_client.get(MORSI, headers={"Accept": "text/turtle"})
    assert "X-Description-Cut" not in response.headers
