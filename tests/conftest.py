"""Shared fixtures: the seeds, a store built from them by the real CLI, a real server on 127.0.0.1."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "tests" / "artifacts"


def scored_gold(gold: Path, articles: Path, title: str):
    """The scorer's report of `articles` against `gold`, its table printed; every article read."""
    from kg.commands.evaluate import format_report, score_gold

    report, errors = score_gold(gold, articles)
    print(f"\n== {title} ==\n" + format_report(report))
    assert errors == [], f"{title}: articles that could not be read: {errors}"
    return report


def kg_command() -> list[str]:
    """The installed `kg` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("kg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering {url}")
        try:
            requests.get(url, timeout=2)
            return
        except (requests.ConnectionError, requests.Timeout):  # a busy machine may answer late
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def gold_path() -> Path:
    return SHARED / "spec" / "seeds-gold.yaml"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seeds_dir) -> Path:
    """A store directory built from seeds/ by `kg build` (a real subprocess)."""
    store = tmp_path_factory.mktemp("seed-store") / "store"
    subprocess.run(kg_command() + ["build", str(seeds_dir), "--store", str(store)],
                   check=True, capture_output=True, text=True, timeout=600)
    return store


@pytest.fixture(scope="session")
def live_server(seed_store, tmp_path_factory):
    """`kg serve` on a free port of 127.0.0.1 over the seeds' store; yields the base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("server-log") / "server.log"
    env = dict(os.environ, KG_QUERY_TIMEOUT="5")
    with open(log, "w") as out:
        proc = subprocess.Popen(
            kg_command() + ["serve", "--store", str(seed_store), "--host", "127.0.0.1",
                            "--port", str(port), "--query-log", str(log.with_suffix(".jsonl"))],
            stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/sparql", proc=proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture()
def copy_of_seeds(tmp_path, seeds_dir) -> Path:
    target = tmp_path / "articles"
    shutil.copytree(seeds_dir, target)
    return target


UI_DATA = ROOT / "tests" / "data" / "ui"


def build_ui_store(target: Path, base: str | None = None) -> Path:
    """A store directory in kg.store's layout (target/current -> target/builds/ui) holding the
    hand-written UI test data (optionally under another base IRI)."""
    import pyoxigraph

    from kg import summaries

    text = (UI_DATA / "sample.trig").read_text(encoding="utf-8")
    if base:
        text = text.replace("@base <https://w3id.org/emkg/id/>", f"@base <{base}>")
    build = target / "builds" / "ui"
    build.parent.mkdir(parents=True)
    store = pyoxigraph.Store(str(build))
    store.load(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TRIG)
    summaries.refresh(store)  # what `kg build` adds after loading (kg/summaries.py)
    store.flush()
    del store
    (target / "current").symlink_to(build)
    return target


@pytest.fixture(scope="session")
def ui_store(tmp_path_factory) -> Path:
    """A store built from tests/data/ui/sample.trig (labels with <script> and <b> included)."""
    return build_ui_store(tmp_path_factory.mktemp("ui-store") / "store")


@pytest.fixture()
def ui_client(ui_store):
    """Flask test client of the real app over the UI store, articles from tests/data/ui/articles."""
    from endpoint.app import create_app

    app = create_app({"STORE_DIR": str(ui_store), "TESTING": True,
                      "ARTICLES_DIR": str(UI_DATA / "articles")})
    return app.test_client()


@pytest.fixture(scope="session")
def ui_data_dir() -> Path:
    """tests/data/ui: the UI store's TriG and the article texts it cites."""
    return UI_DATA


@pytest.fixture()
def make_ui_store(tmp_path):
    """Build another UI store, optionally under a different base IRI: make_ui_store(base=...)."""
    return lambda base=None: build_ui_store(tmp_path / "ui-store-alt", base=base)
