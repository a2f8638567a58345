"""Where `kg build` and `kg add` write: the embedded Oxigraph store (default) or a remote
SPARQL 1.1 store. `open_backend(spec)` picks one from the `--store` value.

Both backends offer the same small interface (see `Backend`); the commands never touch
pyoxigraph or HTTP themselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kg.backends.http import RemoteStoreError, redact

REMOTE_SCHEMES = ("http://", "https://")

__all__ = ["Backend", "RemoteOptions", "RemoteStoreError", "is_remote", "open_backend", "redact"]


class Backend(Protocol):
    def describe(self) -> str: ...
    def exists(self) -> bool: ...
    def load_entities(self) -> dict[str, tuple[str, tuple[str, ...]]]: ...
    def replace_all(self, nquads: Path, entities: dict) -> str: ...
    def add(self, nquads: Path, entities: dict, graph_iris: list[str]) -> str: ...
    def canonical_nquads(self) -> list[str]: ...
    def refresh_summary(self) -> str: ...


@dataclass(frozen=True)
class RemoteOptions:
    """Settings that only a remote store uses (all optional)."""

    auth: str | None = None  # USER:PASSWORD; else $KG_STORE_AUTH; else user:pw in the URL
    query_endpoint: str | None = None
    update_endpoint: str | None = None
    gsp_endpoint: str | None = None
    method: str = "quads"
    chunk_bytes: int | None = None
    attempts: int | None = None
    backoff_s: float | None = None
    progress: bool = False


def is_remote(spec: str | Path) -> bool:
    return str(spec).startswith(REMOTE_SCHEMES)


def open_backend(spec: str | Path, options: RemoteOptions | None = None) -> Backend:
    """An http(s) URL opens a remote store; anything else is an embedded store directory."""
    if not is_remote(spec):
        from kg.backends.embedded import EmbeddedBackend

        return EmbeddedBackend(Path(spec))
    return _remote(str(spec), options or RemoteOptions())


def _remote(url: str, options: RemoteOptions) -> Backend:
    from kg.backends import http, remote

    clean, from_url = http.split_credentials(url)
    credentials = http.parse_auth(options.auth) or from_url
    defaults = http.RetryPolicy()
    policy = http.RetryPolicy(
        attempts=options.attempts if options.attempts is not None else defaults.attempts,
        backoff_s=options.backoff_s if options.backoff_s is not None else defaults.backoff_s)
    endpoints = remote.derive_endpoints(
        clean, *(http.split_credentials(u)[0] if u else None for u in
                 (options.query_endpoint, options.update_endpoint, options.gsp_endpoint)))
    return remote.RemoteBackend(endpoints, http.HttpClient(credentials, policy),
                                method=options.method,
                                chunk_bytes=options.chunk_bytes
                                or remote.DEFAULT_CHUNK_BYTES.get(options.method, 1 << 20),
                                progress=options.progress)
