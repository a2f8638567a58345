"""The app's query executor, made once per process and kept in app.extensions.

The embedded read-only store by default; a remote SPARQL endpoint when UPSTREAM is set.
"""
from __future__ import annotations

from flask import Flask

from endpoint.errors import EndpointError
from kg import store as kg_store


class StoreUnavailable(EndpointError, OSError):
    status, type = 503, "store_unavailable"


def get_executor(app: Flask):
    """An EmbeddedExecutor over STORE_DIR, or an UpstreamExecutor for the UPSTREAM URL."""
    if "kg_executor" not in app.extensions:
        if app.config.get("UPSTREAM"):
            from endpoint.upstream import UpstreamExecutor

            app.extensions["kg_executor"] = UpstreamExecutor(app.config["UPSTREAM"],
                                                             float(app.config["QUERY_TIMEOUT"]))
        else:
            from endpoint.executors import EmbeddedExecutor

            app.extensions["kg_executor"] = EmbeddedExecutor(get_store(app))
    return app.extensions["kg_executor"]


def get_store(app: Flask):
    """The embedded store under app.config["STORE_DIR"] (opened read-only on first use)."""
    if "kg_store" not in app.extensions:
        try:
            app.extensions["kg_store"] = kg_store.open_read_only(app.config["STORE_DIR"])
        except OSError as exc:
            raise StoreUnavailable(str(exc)) from exc
    return app.extensions["kg_store"]
