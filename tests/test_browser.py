"""The UI in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright for Python)."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from endpoint.app import create_app

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def ui_server(ui_store, ui_data_dir):
    """The real app over the UI store, served by werkzeug on a free port of 127.0.0.1."""
    from werkzeug.serving import make_server

    app = create_app({"STORE_DIR": str(ui_store), "ARTICLES_DIR": str(ui_data_dir / "articles")})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def page(browser):
    """A fresh page that records every dialog (an alert would mean injected script ran)."""
    context = browser.new_context()
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    assert page.dialogs == [], f"a dialog fired: {page.dialogs}"
    context.close()


def test_run_a_saved_query_from_the_gallery(ui_server, page, artifacts_dir):
    base, _ = ui_server
    page.goto(base + "/")
    page.wait_for_selector("body[data-ready='yes']")
    page.click("button.saved[data-name='posts-of-official']")
    assert "org:member $official" in page.input_value("#sparql")
    assert page.locator("#highlight .tok-param").first.inner_text() == "$official"
    page.fill("#params input[name='official']",
              "https://w3id.org/emkg/id/official/ahmed-saada-33333333")
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    assert page.locator("#results tbody tr").count() == 2
    assert "NGO Support Fund" in page.inner_text("#results")
    csv_link = page.get_attribute("#downloads a[data-format='csv']", "href")
    assert csv_link.startswith("/queries/posts-of-official?") and "format=csv" in csv_link
    page.screenshot(path=str(artifacts_dir / "ui-saved-query.png"), full_page=True)


def test_edit_and_run_a_query(ui_server, page, artifacts_dir):
    base, app = ui_server
    if not any(rule.rule == "/sparql" for rule in app.url_map.iter_rules()):
        pytest.skip("the /sparql protocol endpoint (endpoint/sparql.py) does not exist yet")
    page.goto(base + "/?query=statistics-per-class")
    page.wait_for_selector("body[data-ready='yes']")
    page.fill("#sparql", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                         "SELECT ?label WHERE { ?s rdfs:label ?label FILTER(LANG(?label) = 'en') }"
                         " ORDER BY ?label")
    assert page.get_attribute("#query-title", "data-edited") == "yes"
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    text = page.inner_text("#results")
    assert "Maya Morsi" in text and "<b>Samir</b>" in text  # shown as text, not as markup
    assert page.locator("#results b").count() == 0
    page.screenshot(path=str(artifacts_dir / "ui-edited-query.png"), full_page=True)


def test_entity_page_and_its_source_article(ui_server, page, artifacts_dir):
    base, _ = ui_server
    page.goto(base + "/id/official/ahmed-saada-33333333")
    assert page.locator("h1 bdi[lang='ar']").inner_text().startswith("\u0623\u062d\u0645\u062f")
    assert page.locator("svg.neighbourhood circle").count() == 4
    page.screenshot(path=str(artifacts_dir / "ui-entity.png"), full_page=True)
    page.click("a.source-link >> nth=0")
    page.wait_for_selector("mark.chosen")
    assert page.url.startswith(base + "/id/article/ui-001-abcdef12?span=")
    assert page.locator("mark.chosen").inner_text() in {
        "\u0623\u062d\u0645\u062f \u0633\u0639\u062f\u0629",  # the name
        "\u0645\u0639\u0627\u0648\u0646 \u0648\u0632\u064a\u0631\u0629 \u0627\u0644\u062a\u0636"
        "\u0627\u0645\u0646 \u0627\u0644\u0627\u062c\u062a\u0645\u0627\u0639\u064a",  # a post
        "\u0627\u0644\u0645\u062f\u064a\u0631 \u0627\u0644\u062a\u0646\u0641\u064a\u0630\u064a "
        "\u0644\u0635\u0646\u062f\u0648\u0642 \u062f\u0639\u0645 \u0645\u0634\u0631\u0648\u0639"
        "\u0627\u062a \u0627\u0644\u062c\u0645\u0639\u064a\u0627\u062a \u0648\u0627\u0644\u0645"
        "\u0624\u0633\u0633\u0627\u062a \u0627\u0644\u0623\u0647\u0644\u064a\u0629",
        "\u0627\u0633\u062a\u0642\u0628\u0644\u062a \u0627\u0644\u062f\u0643\u062a\u0648\u0631"
        "\u0629 \u0645\u0627\u064a\u0627 \u0645\u0631\u0633\u064a",  # the meeting sentence
    }
    direction = page.locator(".article-text").evaluate("e => getComputedStyle(e).direction")
    assert direction == "rtl"
    page.screenshot(path=str(artifacts_dir / "ui-article.png"), full_page=True)


def test_page_with_script_in_names_runs_no_script(ui_server, page, artifacts_dir):
    base, _ = ui_server
    page.goto(base + "/id/official/script-44444444")
    page.goto(base + "/id/article/ui-001-abcdef12")
    page.goto(base + "/id/meeting/morsi-cruz-99999999")
    assert "<script>alert(1)</script>" in page.inner_text("body")
    page.goto(base + "/?query=label-search")
    page.wait_for_selector("body[data-ready='yes']")
    page.fill("#params input[name='q']", "script")
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    assert "<script>alert(1)</script>" in page.inner_text("#results")
    page.screenshot(path=str(artifacts_dir / "ui-escaped.png"), full_page=True)


def test_add_prefixes_declares_only_the_missing_ones(ui_server, page):
    base, _ = ui_server
    page.goto(base + "/?query=statistics-per-class")
    page.wait_for_selector("body[data-ready='yes']")
    page.click("#add-prefixes")
    text = page.input_value("#sparql")
    assert text.count("PREFIX emkg:") == 1 and "PREFIX sem: <http://semanticweb.cs.vu.nl/" in text
    assert page.locator("#highlight .tok-keyword", has_text="PREFIX").count() == text.count("PREFIX")
