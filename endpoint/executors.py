"""Where queries run: the embedded read-only store, or a remote SPARQL endpoint (`--upstream`).

Both take a `QueryJob` that already passed the static guards and return an `Answer`: the body
in the negotiated format, its row count, and the time taken. The row cap is a LIMIT of cap + 1
written into SELECT queries (`endpoint.rewrite.cap_select`), so a result over the cap is detected
by counting the serialised rows, never cut silently.

Bound parameters (saved queries, pages) are written into the query text as RDF terms
(`endpoint.rewrite.inline_bindings`, the terms serialised by pyoxigraph, so nothing a user typed
is pasted as SPARQL). pyoxigraph's `substitutions` bind a variable only after the pattern is
evaluated: on a 10,000-article store, provenance-of-fact took 11.3 s with substitutions and 19 ms
with the IRI in the text, and a filter on a substituted variable did not filter at all.

Embedded timeout: the query runs on a pool thread (threads are kept, so a request pays no thread
start); the request thread waits up to the time limit. Result bytes stream through a sink that
stops at the deadline. A thread stuck inside one evaluation step (pyoxigraph cannot be cancelled)
sets STUCK, and the worker recycles itself after answering.
"""
from __future__ import annotations

import itertools
import queue
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

import pyoxigraph as ox

from endpoint import formats
from endpoint.errors import (EndpointError, QuerySyntaxError, QueryTimeout, RowLimitExceeded)
from endpoint.rewrite import cap_select, inline_bindings

#: Set when a query thread could not be stopped; the worker then recycles itself.
STUCK = threading.Event()


@dataclass(frozen=True)
class QueryJob:
    """A guarded query and how its answer must look."""

    text: str
    accept: str | None = None
    format_param: str | None = None
    substitutions: dict = field(default_factory=dict)
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    timeout: float = 30.0
    row_limit: int = 100_000

    def media_type(self, kind: str) -> str:
        return formats.negotiate(self.accept, self.format_param, kind)


@dataclass(frozen=True)
class Answer:
    """A query's answer, serialised."""

    kind: str  # "select" | "ask" | "graph"
    media_type: str
    body: bytes
    size: int  # rows, triples, or 1 for ASK
    elapsed: float = 0.0


class Cancelled(Exception):
    """The query passed its deadline while its result streamed."""


def row_limit_error(size: int, row_limit: int, what: str = "rows") -> RowLimitExceeded:
    return RowLimitExceeded(
        f"the query returns more than {row_limit} {what}; add a LIMIT or narrow it "
        "(no partial result is sent)", row_limit=row_limit)


def check_size(size: int, row_limit: int, what: str = "rows") -> int:
    if size > row_limit:
        raise row_limit_error(size, row_limit, what)
    return size


def graph_body(triples: list, media_type: str) -> bytes:
    """Triples in an RDF format (N-Quads and TriG put them in the default graph)."""
    fmt = formats.GRAPH_RDF_FORMATS[media_type]
    items = triples
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    return ox.serialize(items, format=fmt) or b""


def translate(exc: BaseException) -> BaseException:
    """pyoxigraph's exceptions as the endpoint's errors."""
    if isinstance(exc, EndpointError):
        return exc
    if isinstance(exc, SyntaxError):
        return QuerySyntaxError(f"malformed query: {str(exc) or 'the query could not be parsed'}")
    if isinstance(exc, Cancelled):
        return QueryTimeout("the query was stopped at the time limit")
    if isinstance(exc, (ValueError, TypeError)):
        return QuerySyntaxError(f"the query cannot be evaluated: {exc}")
    return exc


# -- the pool of query threads -------------------------------------------------------------------
class _Task:
    def __init__(self, work: Callable[[], Any]) -> None:
        self.work, self.done, self.box = work, threading.Event(), {}

    def run(self) -> None:
        try:
            self.box["result"] = self.work()
        except BaseException as exc:  # noqa: BLE001 - handed to the request thread
            _drop_locals(exc)
            self.box["error"] = exc
        self.done.set()


def _drop_locals(exc: BaseException | None) -> None:
    """Free the frames' locals here: pyoxigraph results must be dropped on their own thread."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__


class QueryThreads:
    """Daemon threads that run queries; a new one starts only when none is idle."""

    def __init__(self) -> None:
        self._tasks: queue.SimpleQueue[_Task] = queue.SimpleQueue()
        self._idle = 0
        self._lock = threading.Lock()

    def submit(self, work: Callable[[], Any]) -> _Task:
        task = _Task(work)
        with self._lock:
            start = self._idle == 0
            self._idle -= 0 if start else 1
        if start:
            threading.Thread(target=self._serve, name="sparql-query", daemon=True).start()
        self._tasks.put(task)
        return task

    def _serve(self) -> None:
        while True:
            self._tasks.get().run()
            with self._lock:
                self._idle += 1


THREADS = QueryThreads()


class _Sink:
    """A write target for pyoxigraph's serialisers that stops the query at cancellation."""

    def __init__(self, cancelled: threading.Event) -> None:
        self.parts: list[bytes] = []
        self.cancelled = cancelled

    def write(self, data) -> int:
        if self.cancelled.is_set():
            raise Cancelled()
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


# -- the embedded store --------------------------------------------------------------------------
class EmbeddedExecutor:
    """Queries on the embedded read-only pyoxigraph store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def run(self, job: QueryJob) -> Answer:
        started = time.monotonic()
        cancelled = threading.Event()
        task = THREADS.submit(lambda: self._evaluate(job, cancelled))
        if not task.done.wait(job.timeout):
            cancelled.set()
            if not task.done.wait(0.2):
                STUCK.set()
            raise QueryTimeout(f"the query ran longer than the {job.timeout:g} s limit and was "
                               "stopped", timeout_seconds=job.timeout)
        if "error" in task.box:
            error = task.box["error"]
            raise (QueryTimeout("the query was stopped at the time limit")
                   if cancelled.is_set() else translate(error))
        answer: Answer = task.box["result"]
        return Answer(answer.kind, answer.media_type, answer.body, answer.size,
                      time.monotonic() - started)

    def _kwargs(self, job: QueryJob) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"base_iri": job.base_iri} if job.base_iri else {}
        if job.default_graph:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graph]
        if job.named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
        return kwargs

    def _evaluate(self, job: QueryJob, cancelled: threading.Event) -> Answer:
        kwargs = self._kwargs(job)
        text = inline_bindings(job.text, job.substitutions)
        capped = cap_select(text, job.row_limit)
        try:
            result = self.store.query(capped[0] if capped else text, **kwargs)
        except SyntaxError:
            if not capped or not capped[1]:
                raise
            capped, result = None, self.store.query(text, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            media = job.media_type("ask")
            return Answer("ask", media, formats.ask_body(bool(result), media), 1)
        if isinstance(result, ox.QueryTriples):
            return self._graph(result, job, cancelled)
        media = job.media_type("select")
        if capped is None:  # not rewritable: count while streaming, then run again to serialise
            check_size(self._count(result, job.row_limit, cancelled), job.row_limit)
            result = self.store.query(text, **kwargs)
        sink = _Sink(cancelled)
        result.serialize(output=sink, format=formats.SELECT_FORMATS[media])
        body = b"".join(sink.parts)
        return Answer("select", media, body, check_size(formats.count_rows(body, media),
                                                        job.row_limit))

    @staticmethod
    def _count(solutions, row_limit: int, cancelled: threading.Event) -> int:
        size = 0
        for _ in solutions:
            size += 1
            if cancelled.is_set():
                raise Cancelled()
            if size > row_limit:
                break
        return size

    @staticmethod
    def _graph(result, job: QueryJob, cancelled: threading.Event) -> Answer:
        media = job.media_type("graph")
        triples = []
        for triple in result:
            if cancelled.is_set():
                raise Cancelled()
            triples.append(triple)
            check_size(len(triples), job.row_limit, "triples")
        return Answer("graph", media, graph_body(triples, media), len(triples))

    # -- for pages: unguarded reads of the default graph
    def solutions(self, sparql: str, bindings: dict) -> list[dict]:
        results = self.store.query(inline_bindings(sparql, bindings))
        names = [v.value for v in results.variables]
        return [{n: row[n] for n in names} for row in results]

    def triples(self, subject=None, predicate=None, object_=None,
                limit: int | None = None) -> list[ox.Triple]:
        quads = self.store.quads_for_pattern(subject, predicate, object_, ox.DefaultGraph())
        return [q.triple for q in itertools.islice(quads, limit)]
