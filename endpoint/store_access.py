"""The read-only store, opened once per process and kept in app.extensions."""
from __future__ import annotations

from flask import Flask

from endpoint.errors import EndpointError
from kg import store as kg_store


class StoreUnavailable(EndpointError, OSError):
    status, type = 503, "store_unavailable"


def get_store(app: Flask):
    """The embedded store under app.config["STORE_DIR"] (opened read-only on first use)."""
    if "kg_store" not in app.extensions:
        try:
            app.extensions["kg_store"] = kg_store.open_read_only(app.config["STORE_DIR"])
        except OSError as exc:
            raise StoreUnavailable(str(exc)) from exc
    return app.extensions["kg_store"]
