"""A polite Wikidata API client with an on-disk cache (the offline mode reuses the cache).

wbsearchentities finds candidates by label, wbgetentities reads their labels, aliases and P31
types. Requests carry a descriptive User-Agent and maxlag; they are spaced by a minimum interval,
retried with exponential backoff (honouring Retry-After on 429 and on maxlag errors), and every
failure ends in a WikidataError with a clear message — never in a link. Cache files are written
atomically (temporary file + os.replace), and only successful answers are cached.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

DEFAULT_API = "https://www.wikidata.org/w/api.php"
USER_AGENT = ("emkg/0.1 (Egypt migration knowledge graph; entity linking for researchers; "
              "https://w3id.org/emkg) python-requests")


class WikidataError(RuntimeError):
    """Wikidata could not answer usefully; the message says why."""


@dataclass
class WikidataClient:
    api: str = DEFAULT_API
    cache_dir: Path | None = None
    maxlag: int = 5
    min_interval: float = 1.0
    retries: int = 4
    timeout: float = 10.0
    backoff: float = 1.0
    max_wait: float = 60.0
    offline: bool = False  # answer from the cache only (a miss is a WikidataError, not a request)
    _last: float = field(default=0.0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- public API ----------------------------------------------------------------------------
    def search(self, text: str, language: str = "ar", limit: int = 7) -> list[str]:
        """Q-ids whose label or alias matches `text` (wbsearchentities)."""
        data = self._get({"action": "wbsearchentities", "search": text, "language": language,
                          "uselang": language, "type": "item", "limit": str(limit)})
        return [hit["id"] for hit in data.get("search", []) if "id" in hit]

    def entities(self, ids: list[str]) -> dict[str, dict]:
        """Labels, aliases, P31 values and last-modified date of items (wbgetentities)."""
        if not ids:
            return {}
        data = self._get({"action": "wbgetentities", "ids": "|".join(sorted(ids)),
                          "props": "info|labels|aliases|claims", "languages": "ar|en"})
        out = {}
        for qid, entity in (data.get("entities") or {}).items():
            if "missing" in entity:
                continue
            labels = [v["value"] for v in (entity.get("labels") or {}).values()]
            labels += [a["value"] for group in (entity.get("aliases") or {}).values() for a in group]
            types = [c["mainsnak"]["datavalue"]["value"]["id"]
                     for c in (entity.get("claims") or {}).get("P31", [])
                     if c.get("mainsnak", {}).get("datavalue")]
            modified = entity.get("modified")
            out[qid] = {"labels": labels, "p31": types,
                        "modified": modified[:10] if isinstance(modified, str) else ""}
        return out

    # -- transport -----------------------------------------------------------------------------
    def _cache_path(self, params: dict) -> Path | None:
        if self.cache_dir is None:
            return None
        key = json.dumps(params, sort_keys=True, ensure_ascii=False)
        return Path(self.cache_dir) / f"{hashlib.sha256(key.encode()).hexdigest()}.json"

    def _get(self, params: dict) -> dict:
        params = dict(params, format="json", maxlag=str(self.maxlag))
        cached = self._cache_path(params)
        if cached is not None and cached.exists():
            try:
                return json.loads(cached.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                cached.unlink(missing_ok=True)  # a damaged entry is dropped, then refetched
        data = self._fetch(params)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(tmp, cached)
        return data

    def _pace(self) -> None:
        with self._lock:
            wait = self._last + self.min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()

    def _fetch(self, params: dict) -> dict:
        if self.offline:
            raise WikidataError(f"offline: {params['action']} for this entity is not in the cache")
        problem = "no attempt made"
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(min(self.max_wait, delay))
            self._pace()
            delay = self.backoff * (2 ** attempt)
            try:
                response = requests.get(self.api, params=params, timeout=self.timeout,
                                        headers={"User-Agent": USER_AGENT})
            except requests.Timeout:
                problem = f"no answer within {self.timeout:g} s"
                continue
            except requests.RequestException as exc:
                problem = f"connection failed: {exc}"
                continue
            retry_after = _seconds(response.headers.get("Retry-After"))
            if response.status_code == 429 or response.status_code >= 500:
                problem = f"HTTP {response.status_code}"
                delay = max(delay, retry_after or 0)
                continue
            if response.status_code != 200:
                raise WikidataError(f"Wikidata answered HTTP {response.status_code} for {params['action']}")
            try:
                data = response.json()
            except ValueError as exc:
                raise WikidataError(f"Wikidata's answer to {params['action']} is not JSON: {exc}") from exc
            if not isinstance(data, dict):
                raise WikidataError(f"Wikidata's answer to {params['action']} is not a JSON object")
            error = data.get("error")
            if error:
                if error.get("code") == "maxlag":
                    problem = f"server lagged ({error.get('info', 'maxlag')})"
                    delay = max(delay, retry_after or self.maxlag)
                    continue
                raise WikidataError(f"Wikidata error {error.get('code')}: {error.get('info')}")
            return data
        raise WikidataError(f"Wikidata unavailable after {self.retries + 1} attempts: {problem}")


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
