"""`kg serve`: the Flask app under gunicorn (sync workers), read-only over the embedded store."""
from __future__ import annotations

import os
from pathlib import Path

import click

from kg import paths, store


def _app_factory(config: dict):
    from endpoint import create_app

    return create_app(config)


@click.command()
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=paths.DEFAULT_STORE,
              show_default=True, help="Store directory built by `kg build`.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=0, type=int, help="gunicorn sync workers (default: cores).")
@click.option("--timeout", "query_timeout", default=30.0, show_default=True, type=float,
              help="Query time limit in seconds.")
@click.option("--row-limit", default=100_000, show_default=True, type=int,
              help="Most rows a query may return (more is an error, never a silent cut).")
@click.option("--allow-service", multiple=True, metavar="IRI",
              help="A SERVICE endpoint queries may federate to (repeatable; default none).")
@click.option("--query-log", type=click.Path(path_type=Path), default=None,
              help="Append one JSON line per query to this file (default: stderr).")
@click.option("--base", default=None, envvar="KG_BASE_IRI", help="Base IRI of the individuals.")
def serve(store_dir: Path, host: str, port: int, workers: int, query_timeout: float,
          row_limit: int, allow_service: tuple[str, ...], query_log: Path | None,
          base: str | None) -> None:
    """Serve the SPARQL endpoint, saved queries, UI and entity pages (read-only)."""
    from gunicorn.app.base import BaseApplication

    if not store.exists(store_dir):
        raise click.UsageError(f"--store {store_dir}: no built store (run `kg build` first)")
    config = {"STORE_DIR": str(store_dir), "QUERY_TIMEOUT": query_timeout,
              "ROW_LIMIT": row_limit, "SERVICE_ALLOWLIST": tuple(allow_service),
              "QUERY_LOG": str(query_log) if query_log else None, "BASE_IRI": base}
    os.environ["KG_UNDER_GUNICORN"] = "1"

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers or os.cpu_count() or 1)
            self.cfg.set("worker_class", "sync")
            self.cfg.set("timeout", int(query_timeout) + 30)
            self.cfg.set("graceful_timeout", 5)
            self.cfg.set("accesslog", None)

        def load(self):
            return _app_factory(config)

    click.echo(f"serving {store.current_path(store_dir)} on http://{host}:{port}/sparql", err=True)
    Server().run()
