"""A remote SPARQL 1.1 store, written through the Graph Store HTTP Protocol and SPARQL Update.

Layout in the remote dataset (the same quads as the embedded store, plus two bookkeeping graphs
outside the data namespace, which no saved query reads):

    default graph + one named graph per article    the knowledge graph, as `kg build` writes it
    <urn:emkg:kg:build>                             the marker: state (complete / building /
                                                    adding), build id, quads loaded, time
    <urn:emkg:kg:entities>                          the entity index `kg add` resolves against,
                                                    one JSON row per entity

Loading streams the N-Quads file in chunks of at most `chunk_bytes` (memory stays bounded by the
chunk, not the corpus): `quads` POSTs each chunk as application/n-quads to the dataset's GSP
endpoint (Oxigraph, Fuseki); `oxigraph-bulk` does the same with Oxigraph server's
`?no_transaction` (its bulk loader: faster, a chunk is not atomic); `update` sends each chunk as
one `INSERT DATA` (any SPARQL 1.1 Update endpoint). All are idempotent, so a retried or rerun
chunk converges. The marker and the entity index are read with CONSTRUCT queries and written
with SPARQL Update or chunk loads, so the `update` method needs only the query and update
endpoints. See docs/remote-stores.md for what a failure at each step leaves behind.
"""
from __future__ import annotations

import hashlib
import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from kg import summaries
from kg.backends.http import HttpClient, RemoteStoreError

INTERNAL = "urn:emkg:kg:"
MARKER_GRAPH = INTERNAL + "build"
ENTITIES_GRAPH = INTERNAL + "entities"
STATE, BUILD_ID, QUADS, UPDATED = (INTERNAL + name for name in ("state", "buildId", "quads", "updated"))
ENTITY_ROW = INTERNAL + "row"
LOAD_METHODS = ("quads", "oxigraph-bulk", "update")
# per method: larger POSTs load faster (bench_remote_load.py); INSERT DATA text is kept smaller
# because servers limit the size of an update request
DEFAULT_CHUNK_BYTES = {"quads": 32 << 20, "oxigraph-bulk": 32 << 20, "update": 8 << 20}
NQUADS = "application/n-quads"
NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Endpoints:
    """Where to send SPARQL queries, updates and Graph Store Protocol requests."""

    query: str
    update: str
    gsp: str


def derive_endpoints(base: str, query: str | None = None, update: str | None = None,
                     gsp: str | None = None) -> Endpoints:
    """Oxigraph's layout under `base` (/query, /update, /store), each overridable."""
    root = base.rstrip("/")
    return Endpoints(query or f"{root}/query", update or f"{root}/update", gsp or f"{root}/store")


def nquads_chunks(path: Path, max_bytes: int) -> Iterator[bytes]:
    """Whole N-Quads lines of `path`, grouped into chunks of at most `max_bytes` (a longer line
    is a chunk of its own)."""
    chunk: list[bytes] = []
    size = 0
    with open(path, "rb") as source:
        for line in source:
            if chunk and size + len(line) > max_bytes:
                yield b"".join(chunk)
                chunk, size = [], 0
            chunk.append(line)
            size += len(line)
    if chunk:
        yield b"".join(chunk)


def insert_data(chunk: bytes) -> str:
    """One SPARQL `INSERT DATA` holding the chunk's quads, grouped by graph in first-seen order."""
    groups: dict[str, list[str]] = {}
    for quad in parse(chunk, format=RdfFormat.N_QUADS):
        key = "" if isinstance(quad.graph_name, DefaultGraph) else str(quad.graph_name)
        groups.setdefault(key, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    parts = [("\n".join(triples) if not graph else f"GRAPH {graph} {{\n" + "\n".join(triples) + "\n}")
             for graph, triples in groups.items()]
    return "INSERT DATA {\n" + "\n".join(parts) + "\n}"


def retract_update(graph_iri: str) -> str:
    """Remove an article's graph and its default-graph copies no other named graph asserts
    (the remote twin of kg.store.retract_graph)."""
    g = f"<{graph_iri}>"
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }} ;\n"
            f"DROP SILENT GRAPH {g}")


def marker_ntriples(state: str, build_id: str, quads: int) -> bytes:
    subject = f"<{MARKER_GRAPH}>"
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    lines = [f'{subject} <{STATE}> "{state}" .', f'{subject} <{BUILD_ID}> "{build_id}" .',
             f'{subject} <{QUADS}> "{quads}"^^<http://www.w3.org/2001/XMLSchema#integer> .',
             f'{subject} <{UPDATED}> "{now}"^^<http://www.w3.org/2001/XMLSchema#dateTime> .']
    return ("\n".join(lines) + "\n").encode("utf-8")


def entity_row(key: str, cls: str, labels: tuple[str, ...]) -> str:
    """One entity's index triple (N-Triples, no graph); the same entity always gives the same line."""
    from pyoxigraph import Literal

    row = json.dumps({"key": key, "cls": cls, "labels": list(labels)}, ensure_ascii=False)
    subject = f"<{INTERNAL}entity:{hashlib.sha1(key.encode('utf-8')).hexdigest()}>"
    return f"{subject} <{ENTITY_ROW}> {Literal(row)}"


def write_entity_index(entities: dict[str, tuple[str, tuple[str, ...]]], path: Path) -> None:
    """The entity index as N-Quads in ENTITIES_GRAPH: one JSON row per entity, sorted by key."""
    with open(path, "w", encoding="utf-8") as out:
        for key, (cls, labels) in sorted(entities.items()):
            out.write(f"{entity_row(key, cls, labels)} <{ENTITIES_GRAPH}> .\n")


def read_entity_index(path: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Rows written by write_entity_index, back from an N-Triples download of ENTITIES_GRAPH."""
    entities = {}
    for triple in parse(path=str(path), format=RdfFormat.N_TRIPLES):
        if triple.predicate.value == ENTITY_ROW:
            row = json.loads(triple.object.value)
            known = entities.get(row["key"], (row["cls"], ()))[1]  # two rows: an add was cut short
            entities[row["key"]] = (row["cls"], tuple(dict.fromkeys(known + tuple(row["labels"]))))
    return entities


def _new_build_id() -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + f"-{time.monotonic_ns() % 1_000_000:06d}"


@dataclass(frozen=True)
class RemoteBackend:
    """`kg build` / `kg add` into a remote SPARQL 1.1 store (see the module docstring)."""

    endpoints: Endpoints
    client: HttpClient
    method: str = "quads"
    chunk_bytes: int = DEFAULT_CHUNK_BYTES["quads"]
    progress: bool = False  # a tqdm bar of bytes sent, on stderr
    # the index as last read by load_entities, so that `add` uploads only the rows that changed
    read_index: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.method not in LOAD_METHODS:
            raise ValueError(f"load method must be one of {', '.join(LOAD_METHODS)}: {self.method!r}")
        if self.chunk_bytes < 1024:
            raise ValueError(f"chunk size must be at least 1 KiB: {self.chunk_bytes}")

    # -- what the commands call ------------------------------------------------------------

    def describe(self) -> str:
        return f"remote store {self.endpoints.gsp} (updates: {self.endpoints.update})"

    def exists(self) -> bool:
        """Whether a build was loaded here (its marker graph exists)."""
        return self.marker_state() is not None

    def marker_state(self) -> str | None:
        """complete / building / adding, or None when no build was ever loaded here."""
        with tempfile.TemporaryDirectory(prefix="kg-remote-") as tmp:
            path = Path(tmp) / "marker.nt"
            self._construct_graph(MARKER_GRAPH, path)
            states = [t.object.value for t in parse(path=str(path), format=RdfFormat.N_TRIPLES)
                      if t.predicate.value == STATE]
        return states[0] if states else None

    def load_entities(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        with tempfile.TemporaryDirectory(prefix="kg-remote-") as tmp:
            path = Path(tmp) / "entities.nt"
            self._construct_graph(ENTITIES_GRAPH, path)
            entities = read_entity_index(path)
        self.read_index.clear()
        self.read_index.update(entities)
        return entities

    def replace_all(self, nquads: Path, entities: dict) -> str:
        """A full build: empty the dataset, load every chunk, the entity index, then the marker."""
        build_id = _new_build_id()
        self._update("DROP ALL")
        self._put_marker("building", build_id, 0)
        loaded = self.load_nquads(nquads)
        self._update(summaries.refresh_update())
        self._replace_entity_index(entities)
        self._put_marker("complete", build_id, loaded)
        return f"{self.describe()}, build {build_id}"

    def add(self, nquads: Path, entities: dict, graph_iris: list[str]) -> str:
        """Replace the given article graphs with the file's quads; rerunning converges."""
        state = self.marker_state()
        if state is None or state == "building":
            raise RemoteStoreError(f"{self.endpoints.gsp}: " + (
                "no build here yet; run `kg build --store URL` first" if state is None else
                "the last `kg build` into this store did not finish; rerun it"))
        if not self.read_index:
            self.load_entities()
        build_id = _new_build_id()
        self._put_marker("adding", build_id, 0)
        for start in range(0, len(graph_iris), 50):
            self._update(" ;\n".join(retract_update(g) for g in graph_iris[start:start + 50]))
        loaded = self.load_nquads(nquads)
        self._update(summaries.refresh_update())
        self._update_entity_index(entities)
        self._put_marker("complete", build_id, loaded)
        return f"{self.describe()}, add {build_id}"

    def refresh_summary(self) -> str:
        """Recompute the summary graph (kg.summaries) with one SPARQL Update."""
        self._update(summaries.refresh_update())
        return f"{self.describe()}: summary graph recomputed"

    def load_nquads(self, nquads: Path) -> int:
        """Stream the file into the store chunk by chunk; returns the number of lines sent."""
        import sys

        from tqdm import tqdm

        count = 0
        bar = tqdm(total=nquads.stat().st_size, unit="B", unit_scale=True, desc="upload",
                   file=sys.stderr, disable=not self.progress)
        for chunk in nquads_chunks(nquads, self.chunk_bytes):
            if self.method != "update":
                self.client.request("POST", self._load_url(), data=chunk,
                                    headers={"Content-Type": NQUADS})
            else:
                self._update(insert_data(chunk))
            count += chunk.count(b"\n")
            bar.update(len(chunk))
        bar.close()
        return count

    def canonical_nquads(self) -> list[str]:
        """Every data quad (bookkeeping graphs left out) as a sorted N-Quads line, in the same
        form as kg.store.canonical_nquads."""
        from kg.store import canonical_nquads

        with tempfile.TemporaryDirectory(prefix="kg-remote-") as tmp:
            path = Path(tmp) / "dump.nq"
            _save(self.client.request("GET", self.endpoints.gsp, headers={"Accept": NQUADS},
                                      stream=True), path)
            store = Store()
            store.extend(q for q in parse(path=str(path), format=RdfFormat.N_QUADS)
                         if not _internal(q))
            return canonical_nquads(store)

    # -- requests ----------------------------------------------------------------------------

    def _load_url(self) -> str:
        if self.method != "oxigraph-bulk":
            return self.endpoints.gsp
        return self.endpoints.gsp + ("&" if "?" in self.endpoints.gsp else "?") + "no_transaction"

    def _update(self, text: str) -> None:
        self.client.request("POST", self.endpoints.update, data=text.encode("utf-8"),
                            headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def _put_marker(self, state: str, build_id: str, quads: int) -> None:
        triples = marker_ntriples(state, build_id, quads).decode("utf-8")
        self._update(f"DROP SILENT GRAPH <{MARKER_GRAPH}> ;\n"
                     f"INSERT DATA {{ GRAPH <{MARKER_GRAPH}> {{\n{triples}}} }}")

    def _replace_entity_index(self, entities: dict) -> None:
        self._update(f"DROP SILENT GRAPH <{ENTITIES_GRAPH}>")
        with tempfile.TemporaryDirectory(prefix="kg-remote-") as tmp:
            path = Path(tmp) / "entities.nq"
            write_entity_index(entities, path)
            self.load_nquads(path)

    def _update_entity_index(self, entities: dict) -> None:
        """Replace only the rows that differ from the index load_entities read: new rows first,
        then the old ones go, so an interruption never leaves an entity without a row."""
        changed = {k: v for k, v in entities.items() if self.read_index.get(k) != v}
        with tempfile.TemporaryDirectory(prefix="kg-remote-") as tmp:
            path = Path(tmp) / "entities.nq"
            write_entity_index(changed, path)
            self.load_nquads(path)
        stale = [entity_row(k, *self.read_index[k]) for k in changed if k in self.read_index]
        for start in range(0, len(stale), 500):
            rows = " .\n".join(stale[start:start + 500])
            self._update(f"DELETE DATA {{ GRAPH <{ENTITIES_GRAPH}> {{\n{rows} .\n}} }}")
        self.read_index.update(changed)

    def _construct_graph(self, graph_iri: str, path: Path) -> None:
        """Stream one named graph's triples (none when it does not exist) to `path` as N-Triples."""
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
        response = self.client.request("POST", self.endpoints.query, data=query.encode("utf-8"),
                                       headers={"Content-Type": "application/sparql-query; charset=utf-8",
                                                "Accept": NTRIPLES}, stream=True)
        _save(response, path)


def _save(response, path: Path) -> None:
    """Write a streamed answer to `path` block by block."""
    with response, open(path, "wb") as out:
        for block in response.iter_content(chunk_size=1 << 20):
            out.write(block)


def _internal(quad: Quad) -> bool:
    graph = quad.graph_name
    return isinstance(graph, NamedNode) and graph.value.startswith(INTERNAL)
