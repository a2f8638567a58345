"""`kg serve`: the Flask app under gunicorn, read-only over the embedded store or an upstream.

Worker model (measured with tests/benchmarks/bench_endpoint.py, see its output): gunicorn
workers, one per core, gthread with 4 threads by default: gthread keeps client connections alive,
which sync cannot. On the 2-core test machine (loaded by other jobs, 5 queries x concurrency
1/4/16, alternating slices) the median ratio to `oxigraph serve-read-only` was 1.17 with gthread
(0.62-1.80; every query >= 1.1 at concurrency 4) and 0.88 with sync (0.23-1.49); 2 or 8 threads
per worker did no better than 4 at concurrency 4.
"""
from __future__ import annotations

import os
from pathlib import Path

import click

from kg import paths, store

WORKER_CLASSES = ("gthread", "sync")


def _app_factory(config: dict):
    from endpoint import create_app

    return create_app(config)


def gunicorn_settings(host: str, port: int, workers: int, worker_class: str, threads: int,
                      query_timeout: float) -> dict:
    """The gunicorn settings `kg serve` uses (the benchmark prints them)."""
    return {"bind": f"{host}:{port}", "workers": workers or os.cpu_count() or 1,
            "worker_class": worker_class, "threads": threads if worker_class == "gthread" else 1,
            "keepalive": 5, "timeout": int(query_timeout) + 30, "graceful_timeout": 5,
            "accesslog": None}


@click.command()
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=paths.DEFAULT_STORE,
              show_default=True, help="Store directory built by `kg build`.")
@click.option("--upstream", default=None, metavar="URL",
              help="Answer queries with this remote SPARQL endpoint (e.g. http://host:7878/query) "
                   "instead of the embedded store; the guards stay.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=0, type=int, help="gunicorn workers (default: cores).")
@click.option("--worker-class", type=click.Choice(WORKER_CLASSES), default="gthread",
              show_default=True, help="gunicorn worker class.")
@click.option("--threads", default=4, show_default=True, type=int,
              help="Threads per gthread worker.")
@click.option("--timeout", "query_timeout", default=30.0, show_default=True, type=float,
              help="Query time limit in seconds.")
@click.option("--row-limit", default=100_000, show_default=True, type=int,
              help="Most rows a query may return (more is an error, never a silent cut).")
@click.option("--allow-service", multiple=True, metavar="IRI",
              help="A SERVICE endpoint queries may federate to (repeatable; default none).")
@click.option("--query-log", type=click.Path(path_type=Path), default=None,
              help="Append one JSON line per query to this file (default: stderr).")
@click.option("--base", default=None, envvar="KG_BASE_IRI", help="Base IRI of the individuals.")
def serve(store_dir: Path, upstream: str | None, host: str, port: int, workers: int,
          worker_class: str, threads: int, query_timeout: float, row_limit: int,
          allow_service: tuple[str, ...], query_log: Path | None, base: str | None) -> None:
    """Serve the SPARQL endpoint, saved queries, UI and entity pages (read-only)."""
    from gunicorn.app.base import BaseApplication

    if upstream is not None and not upstream.startswith(("http://", "https://")):
        raise click.UsageError(f"--upstream {upstream}: give the http(s) URL of a SPARQL endpoint")
    if upstream is None and not store.exists(store_dir):
        raise click.UsageError(f"--store {store_dir}: no built store (run `kg build` first)")
    config = {"STORE_DIR": str(store_dir), "UPSTREAM": upstream, "QUERY_TIMEOUT": query_timeout,
              "ROW_LIMIT": row_limit, "SERVICE_ALLOWLIST": tuple(allow_service),
              "QUERY_LOG": str(query_log) if query_log else None, "BASE_IRI": base}
    settings = gunicorn_settings(host, port, workers, worker_class, threads, query_timeout)
    os.environ["KG_UNDER_GUNICORN"] = "1"

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self):
            return _app_factory(config)

    source = upstream or store.current_path(store_dir)
    if upstream is None:
        _warn_if_summary_outdated(store_dir)
    click.echo(f"serving {source} on http://{host}:{port}/sparql "
               f"({settings['workers']} {worker_class} workers)", err=True)
    Server().run()


def _warn_if_summary_outdated(store_dir: Path) -> None:
    """Say on stderr when the store's summary graph predates this code (serving goes on)."""
    from kg import summaries

    opened = store.open_read_only(store_dir)
    reason = summaries.outdated(opened)
    del opened  # the workers open their own
    if reason:
        click.echo(f"warning: --store {store_dir}: {reason}; run `kg summarise --store "
                   f"{store_dir}`", err=True)
