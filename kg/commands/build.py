"""`kg build` and `kg add`: articles → a new store build, switched in atomically."""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import click

from kg import paths, pipeline, store, vocab

ENTITIES_FILE = "entities.json"


def _store_option(f):
    return click.option("--store", "store_dir", type=click.Path(path_type=Path),
                        default=paths.DEFAULT_STORE, show_default=True,
                        help="Store directory (holds builds/ and the `current` link).")(f)


def _base_option(f):
    return click.option("--base", default=None, envvar="KG_BASE_IRI",
                        help="Base IRI of the individuals (default https://w3id.org/emkg/id/).")(f)


def _entities_path(store_dir: Path) -> Path:
    return store.current_path(store_dir) / ENTITIES_FILE


def _report(report: pipeline.BuildReport, started: float) -> None:
    click.echo(f"{report.articles} article(s) built, {report.quads} quads written "
               f"in {time.monotonic() - started:.1f}s", err=True)
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


def _run(paths_in: list[Path], store_dir: Path, base: str | None, jobs: int, link: bool,
         existing: dict | None, client=None) -> pipeline.BuildReport:
    report = pipeline.BuildReport()
    files = pipeline.article_paths(paths_in)
    entities = dict(existing or {})
    resolver = pipeline.make_resolver(
        [(k, c, labels) for k, (c, labels) in entities.items()] if existing else None)
    with tempfile.TemporaryDirectory(prefix="kg-build-") as tmp:
        nq = Path(tmp) / "data.nq"
        results = pipeline.extractions(files, jobs=jobs, progress=sys.stderr.isatty())
        pairs = pipeline.resolved_articles(results, resolver, report, link=link, link_client=client)
        pipeline.write_quads(pairs, nq, base, report, entities)
        with store.new_build(store_dir, from_current=existing is not None) as target:
            for article_id in (_article_ids(files) if existing is not None else ()):
                store.retract_graph(target.store, vocab.graph_iri(article_id, base))
            store.bulk_load_nquads(target.store, nq)
            pipeline.save_entities(entities, target.path / ENTITIES_FILE)
    return report


def _article_ids(files: list[Path]) -> list[str]:
    return [f.stem for f in files]


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@_store_option
@_base_option
@click.option("--jobs", "-j", default=0, help="Extraction processes (default: all cores).")
@click.option("--no-link", is_flag=True, help="Skip Wikidata linking.")
@_wikidata_options
def build(inputs: tuple[Path, ...], store_dir: Path, base: str | None, jobs: int,
          no_link: bool, online: bool, wikidata_api: str | None, wikidata_cache: Path) -> None:
    """Build the graph from articles (default: seeds/) into a new store, switched atomically."""
    started = time.monotonic()
    report = _run(list(inputs) or [paths.SEEDS_DIR], store_dir, base, jobs, not no_link, None,
                  _client(online, wikidata_api, wikidata_cache))
    _report(report, started)
    click.echo(f"store: {store.current_path(store_dir)}", err=True)
    sys.exit(0 if report.ok else 1)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_store_option
@_base_option
@click.option("--no-link", is_flag=True, help="Skip Wikidata linking.")
@_wikidata_options
def add(files: tuple[Path, ...], store_dir: Path, base: str | None, no_link: bool, online: bool,
        wikidata_api: str | None, wikidata_cache: Path) -> None:
    """Add articles to an existing store without rebuilding (idempotent)."""
    started = time.monotonic()
    if not store.exists(store_dir):
        raise click.UsageError(f"--store {store_dir}: no store yet; run `kg build` first")
    existing = pipeline.load_entities(_entities_path(store_dir))
    report = _run(list(files), store_dir, base, 1, not no_link, existing,
                  _client(online, wikidata_api, wikidata_cache))
    _report(report, started)
    sys.exit(0 if report.ok else 1)
