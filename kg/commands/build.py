"""`kg build` and `kg add`: articles → a new store build, switched in atomically.

`--store` is a directory (the embedded Oxigraph store) or an http(s) URL (a remote SPARQL 1.1
store, see kg/backends/remote.py and docs/remote-stores.md).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import click

from kg import backends, paths, pipeline, store, vocab
from kg.backends.remote import LOAD_METHODS

#: Temporary directories of builds: kg-build-<pid>-<random>.
TEMP_PREFIX = "kg-build-"


def _store_option(f):
    """--store DIR for commands that read the embedded store (export, validate, stats, link)."""
    return click.option("--store", "store_dir", type=click.Path(path_type=Path),
                        default=paths.DEFAULT_STORE, show_default=True,
                        help="Store directory (holds builds/ and the `current` link).")(f)


def _build_store_option(f):
    """--store DIR or URL, plus the remote-store options, for `kg build` and `kg add`."""
    f = _remote_options(f)
    return click.option("--store", "store_spec", default=str(paths.DEFAULT_STORE), show_default=True,
                        help="Store directory (holds builds/ and the `current` link), or the base URL "
                             "of a remote SPARQL store (http[s]://HOST:PORT; Oxigraph's /query, "
                             "/update and /store are derived from it).")(f)


def _remote_options(f):
    """Options only a remote --store URL uses (applied bottom-up: listed in reverse)."""
    f = click.option("--retries", type=click.IntRange(min=0), default=5, show_default=True,
                     help="Remote store: retries (exponential backoff) on connection errors and 5xx.")(f)
    f = click.option("--chunk-mb", type=click.FloatRange(min=0.01), default=None,
                     help="Remote store: size of each uploaded chunk (default 32 MB, 8 MB for update).")(f)
    f = click.option("--load-method", type=click.Choice(LOAD_METHODS), default="quads", show_default=True,
                     help="Remote store: POST N-Quads chunks to the GSP endpoint (oxigraph-bulk: with Oxigraph's "
                          "?no_transaction), or send INSERT DATA updates.")(f)
    for name, what in (("--gsp-endpoint", "Graph Store Protocol"), ("--update-endpoint", "SPARQL Update"),
                       ("--query-endpoint", "SPARQL query")):
        f = click.option(name, default=None, help=f"Remote store: {what} URL, when not BASE{_SUFFIX[name]}.")(f)
    return click.option("--store-auth", default=None, envvar="KG_STORE_AUTH", show_envvar=True,
                        help="Remote store: USER:PASSWORD for HTTP basic auth (or user:pw@ in the URL).")(f)


_SUFFIX = {"--query-endpoint": "/query", "--update-endpoint": "/update", "--gsp-endpoint": "/store"}


def _open(store_spec: str, remote: dict) -> backends.Backend:
    """The backend for --store, with the remote options collected by click."""
    options = backends.RemoteOptions(
        auth=remote["store_auth"], query_endpoint=remote["query_endpoint"],
        update_endpoint=remote["update_endpoint"], gsp_endpoint=remote["gsp_endpoint"],
        method=remote["load_method"],
        chunk_bytes=int(remote["chunk_mb"] * 1024 * 1024) if remote["chunk_mb"] else None,
        attempts=remote["retries"] + 1, progress=sys.stderr.isatty())
    try:
        return backends.open_backend(store_spec, options)
    except ValueError as exc:
        raise click.UsageError(f"--store {backends.redact(store_spec)}: {exc}") from exc


def _base_option(f):
    return click.option("--base", default=None, envvar="KG_BASE_IRI",
                        help="Base IRI of the individuals (default https://w3id.org/emkg/id/).")(f)


def _report(report: pipeline.BuildReport, started: float | None) -> None:
    took = f" in {time.monotonic() - started:.1f}s" if started is not None else ""
    click.echo(f"{report.articles} article(s) built, {report.quads} quads written{took}", err=True)
    if report.failures:
        click.echo(f"{len(report.failures)} file(s) could not be built:", err=True)
        for failure in report.failures:
            click.echo(f"  {failure}", err=True)


def _wikidata_options(f):
    f = click.option("--online", is_flag=True,
                     help="Also ask Wikidata's API about entities the offline table cannot link.")(f)
    f = click.option("--wikidata-api", default=None, help="Wikidata API URL (default: the public one).")(f)
    return click.option("--wikidata-cache", type=click.Path(path_type=Path),
                        default=paths.ROOT / "var" / "wikidata-cache", show_default=True,
                        help="On-disk cache of Wikidata answers; reused offline.")(f)


def _client(online: bool, api: str | None, cache: Path):
    """The Wikidata client: live when --online, else cache-only when a cache exists."""
    from kg.linking.online import DEFAULT_API, WikidataClient

    if not online and not cache.exists():
        return None
    return WikidataClient(api=api or DEFAULT_API, cache_dir=cache, offline=not online)


def _run(paths_in: list[Path], backend: backends.Backend, base: str | None, jobs: int, link: bool,
         existing: dict | None, client=None) -> tuple[pipeline.BuildReport, str]:
    report = pipeline.BuildReport()
    files = pipeline.article_paths(paths_in)
    entities = dict(existing or {})
    resolver = pipeline.make_resolver(
        [(k, c, labels) for k, (c, labels) in entities.items()] if existing else None)
    _sweep_stale_temporaries()
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as tmp:
        nq = Path(tmp) / "data.nq"
        results = pipeline.extractions(files, jobs=jobs, progress=sys.stderr.isatty())
        pairs = pipeline.resolved_articles(results, resolver, report, link=link, link_client=client)
        pipeline.write_quads(pairs, nq, base, report, entities, jobs=jobs)
        try:
            if existing is None:
                where = backend.replace_all(nq, entities)
            else:
                graphs = [vocab.graph_iri(article_id, base) for article_id in _article_ids(files)]
                where = backend.add(nq, entities, graphs)
        except backends.RemoteStoreError as exc:
            _report(report, None)
            raise click.ClickException(str(exc)) from exc
    return report, where


def _sweep_stale_temporaries() -> None:
    """Remove the temporary N-Quads of earlier builds whose process is gone (kill -9, power
    loss): one 100,000-article build leaves 16 GB there."""
    for leftover in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*-*"):
        pid = leftover.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if leftover.is_dir() and pid.isdigit() and not store.process_alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _article_ids(files: list[Path]) -> list[str]:
    return [f.stem for f in files]


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@_build_store_option
@_base_option
@click.option("--jobs", "-j", default=0, help="Extraction processes (default: all cores).")
@click.option("--no-link", is_flag=True, help="Skip Wikidata linking.")
@_wikidata_options
def build(inputs: tuple[Path, ...], store_spec: str, base: str | None, jobs: int,
          no_link: bool, online: bool, wikidata_api: str | None, wikidata_cache: Path,
          **remote) -> None:
    """Build the graph from articles (default: seeds/) into a new store, switched atomically."""
    started = time.monotonic()
    backend = _open(store_spec, remote)
    report, where = _run(list(inputs) or [paths.SEEDS_DIR], backend, base, jobs, not no_link, None,
                         _client(online, wikidata_api, wikidata_cache))
    _report(report, started)
    click.echo(where, err=True)
    sys.exit(0 if report.ok else 1)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_build_store_option
@_base_option
@click.option("--no-link", is_flag=True, help="Skip Wikidata linking.")
@_wikidata_options
def add(files: tuple[Path, ...], store_spec: str, base: str | None, no_link: bool, online: bool,
        wikidata_api: str | None, wikidata_cache: Path, **remote) -> None:
    """Add articles to an existing store without rebuilding (idempotent)."""
    started = time.monotonic()
    backend = _open(store_spec, remote)
    try:
        if not backend.exists():
            raise click.UsageError(f"--store {backend.describe()}: no store yet; run `kg build` first")
        existing = backend.load_entities()
    except backends.RemoteStoreError as exc:
        raise click.ClickException(str(exc)) from exc
    report, _ = _run(list(files), backend, base, 1, not no_link, existing,
                     _client(online, wikidata_api, wikidata_cache))
    _report(report, started)
    sys.exit(0 if report.ok else 1)
