"""`kg summarise`: recompute the summary graph (kg/summaries.py) of a store without rebuilding it.

`kg build` and `kg add` keep the summary current; this is for stores built before the summary
graph existed (their statistics-per-class and who-met-whom answers are empty until then), or
changed by other means (`kg import`).
"""
from __future__ import annotations

import time

import click

from kg import backends
from kg.commands.build import _build_store_option, _open


@click.command()
@_build_store_option
def summarise(store_spec: str, **remote) -> None:
    """Recompute the summary graph (VoID counts, co-participation pairs) of an existing store."""
    started = time.monotonic()
    backend = _open(store_spec, remote)
    try:
        where = backend.refresh_summary() if backend.exists() else None
    except backends.RemoteStoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if where is None:
        raise click.UsageError(f"--store {backend.describe()}: nothing to summarise; run `kg build`")
    click.echo(f"summary graph recomputed in {time.monotonic() - started:.1f}s; {where}", err=True)
