"""A small retrying HTTP client for remote SPARQL stores; URLs in its messages carry no credentials.

Connection errors, timeouts, 429 and 5xx answers are retried with exponential backoff; any other
non-2xx answer, or running out of attempts, raises `RemoteStoreError` naming the method, the URL
(user and password removed) and the HTTP status.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import unquote, urlsplit, urlunsplit

import requests

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
AUTH_ENV = "KG_STORE_AUTH"


class RemoteStoreError(OSError):
    """A remote store refused a request or could not be reached; the message names the URL."""


@dataclass(frozen=True)
class Credentials:
    """HTTP basic credentials; repr hides the password so it never reaches a log."""

    user: str
    password: str = field(repr=False)

    def as_requests_auth(self) -> tuple[str, str]:
        return (self.user, self.password)


def split_credentials(url: str) -> tuple[str, Credentials | None]:
    """`http://user:pw@host/x` → (`http://host/x`, Credentials); URLs without userinfo pass as is."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, None
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, Credentials(unquote(parts.username), unquote(parts.password or ""))


def parse_auth(value: str | None, option: str = "--store-auth") -> Credentials | None:
    """`user:password` (from an option or $KG_STORE_AUTH) → Credentials."""
    value = value if value is not None else os.environ.get(AUTH_ENV)
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user:
        raise ValueError(f"{option} (or ${AUTH_ENV}) must be USER:PASSWORD")
    return Credentials(user, password)


def redact(url: str) -> str:
    """The URL with any user:password removed, for messages."""
    return split_credentials(url)[0]


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry a failed request."""

    attempts: int = 6
    backoff_s: float = 0.5
    max_backoff_s: float = 30.0
    timeout_s: float = 600.0
    connect_timeout_s: float = 10.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        return min(self.max_backoff_s, self.backoff_s * 2 ** (attempt - 1))


def _reason(exc: Exception) -> str:
    """The short cause of a connection failure (`[Errno 111] Connection refused`), or its type."""
    found = re.findall(r"\[Errno [^\]]+\][^'\")]*", str(exc))
    return found[-1].strip() if found else type(exc).__name__


def _describe(response: requests.Response) -> str:
    body = " ".join(response.text[:300].split())
    return f"HTTP {response.status_code} {response.reason}" + (f": {body}" if body else "")


@dataclass(frozen=True)
class HttpClient:
    """One session to one store, with credentials and a retry policy."""

    credentials: Credentials | None = None
    policy: RetryPolicy = RetryPolicy()
    session: requests.Session = field(default_factory=requests.Session, repr=False, compare=False)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)

    def request(self, method: str, url: str, *, ok_statuses: frozenset[int] = frozenset(),
                **kwargs) -> requests.Response:
        """Send with retries; a 2xx answer or one of `ok_statuses` is returned, anything else raises.

        `data` must be bytes or a callable returning a fresh body (a file is reopened per attempt).
        """
        body = kwargs.pop("data", None)
        where = f"{method} {redact(url)}"
        last = ""
        for attempt in range(1, self.policy.attempts + 1):
            try:
                response = self.session.request(
                    method, url, data=body() if callable(body) else body,
                    auth=self.credentials.as_requests_auth() if self.credentials else None,
                    timeout=(self.policy.connect_timeout_s, self.policy.timeout_s), **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                last = f"cannot reach the store: {_reason(exc)}"
            else:
                if response.ok or response.status_code in ok_statuses:
                    return response
                last = _describe(response)
                if response.status_code not in RETRIED_STATUSES:
                    raise RemoteStoreError(f"{where}: {last}")
            if attempt < self.policy.attempts:
                self.sleep(self.policy.delay(attempt))
        raise RemoteStoreError(f"{where}: {last} (gave up after {self.policy.attempts} attempts)")

    def close(self) -> None:
        self.session.close()
