"""The application factory."""
from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from flask import Flask

from endpoint.errors import register_error_handlers
from kg import paths

#: Blueprints registered when their module exists: "module:attribute".
BLUEPRINTS = (
    "endpoint.sparql:blueprint",
    "endpoint.saved:blueprint",
    "endpoint.pages:blueprint",
)

DEFAULTS: dict[str, Any] = {
    "STORE_DIR": str(paths.DEFAULT_STORE),
    "UPSTREAM": None,  # URL of a remote SPARQL endpoint instead of the embedded store
    "QUERY_TIMEOUT": 30.0,  # seconds
    "ROW_LIMIT": 100_000,
    "MAX_CONTENT_LENGTH": 1_000_000,  # bytes of request body (413 beyond)
    "SERVICE_ALLOWLIST": (),  # SERVICE IRIs a query may federate to; empty = none
    "QUERIES_DIR": str(paths.QUERIES_DIR),
    "BASE_IRI": None,
    "QUERY_LOG": None,  # path of the JSON-lines query log; None = stderr logger only
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app; config from defaults, then KG_* environment variables, then test_config."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    for key in DEFAULTS:
        env = os.environ.get(f"KG_{key}")
        if env is not None:
            app.config[key] = _coerce(DEFAULTS[key], env)
    if test_config:
        app.config.update(test_config)
    app.json.ensure_ascii = False  # Arabic stays readable in JSON
    register_error_handlers(app)
    for target in BLUEPRINTS:
        module_name, _, attr = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        app.register_blueprint(getattr(module, attr))
    return app


def _coerce(default: Any, value: str) -> Any:
    if isinstance(default, bool):
        return value.lower() in {"1", "true", "yes"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, tuple):
        return tuple(v for v in value.split() if v)
    return value
