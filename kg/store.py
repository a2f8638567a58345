"""The one module that writes the on-disk Oxigraph store.

Layout of a store directory (`--store DIR`):

    DIR/builds/<build-id>/   one complete Oxigraph store per successful build
    DIR/current              symlink to the build being served, switched atomically

A build writes into a fresh `builds/<id>.partial` directory and only renames it and switches
`current` after everything succeeded, so a failed or killed build (kill -9 included) leaves the
previous store intact and servable. `add`/`import` copy the current store (Store.backup),
modify the copy and switch the same way.
"""
from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from pyoxigraph import Quad, RdfFormat, Store

CURRENT = "current"
BUILDS = "builds"
KEEP_BUILDS = 2  # the current build and the one before it


class StoreError(OSError):
    """A store directory that cannot be used; the message names it."""


def current_path(store_dir: Path | str) -> Path:
    """The build directory `current` points to."""
    link = Path(store_dir) / CURRENT
    if not link.is_symlink() and not link.exists():
        raise StoreError(f"{store_dir}: no built store here (run `kg build --store {store_dir}`)")
    return link.resolve()


def exists(store_dir: Path | str) -> bool:
    return (Path(store_dir) / CURRENT).exists()


def open_read_only(store_dir: Path | str) -> Store:
    """The current build, opened read-only (several processes may do this at once)."""
    path = current_path(store_dir)
    try:
        return Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the store read-only: {exc}") from exc


def _new_build_dir(store_dir: Path) -> Path:
    builds = store_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    return builds / f"{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000:06d}"


def _switch(store_dir: Path, build: Path) -> None:
    """Point `current` at `build` atomically, then drop builds older than the previous one."""
    tmp_link = store_dir / f".{CURRENT}.{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(os.path.relpath(build, store_dir), tmp_link)
    os.replace(tmp_link, store_dir / CURRENT)
    _prune(store_dir, keep=build)


def _prune(store_dir: Path, keep: Path) -> None:
    builds = sorted((p for p in (store_dir / BUILDS).iterdir() if p.is_dir()),
                    key=lambda p: p.name)
    finished = [p for p in builds if not p.name.endswith(".partial")]
    for old in finished[:-KEEP_BUILDS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    for partial in (p for p in builds if p.name.endswith(".partial")):
        pid = partial.name.split("-")[1] if partial.name.count("-") >= 2 else ""
        if not (pid.isdigit() and process_alive(int(pid))):
            shutil.rmtree(partial, ignore_errors=True)


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (one we may not signal counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Build:
    """A store being written and its (partial) directory."""

    store: Store
    path: Path


@contextmanager
def new_build(store_dir: Path | str, from_current: bool = False) -> Iterator[Build]:
    """A writable store in a fresh directory; switched to `current` only if the block succeeds."""
    store_dir = Path(store_dir)
    final = _new_build_dir(store_dir)
    partial = final.with_name(final.name + ".partial")
    if from_current:
        source = Store.read_only(str(current_path(store_dir)))
        source.backup(str(partial))
        del source
        store = Store(str(partial))
    else:
        store = Store(str(partial))
    try:
        yield Build(store, partial)
        store.flush()
        store.optimize()
    except BaseException:
        del store
        shutil.rmtree(partial, ignore_errors=True)
        raise
    del store
    os.rename(partial, final)
    _switch(store_dir, final)


def bulk_load_nquads(store: Store, path: Path) -> None:
    """Load an N-Quads file with Oxigraph's bulk loader (the fast path)."""
    store.bulk_load(path=str(path), format=RdfFormat.N_QUADS)


def write_nquads(quads: Iterable[Quad], path: Path) -> int:
    """Stream quads to an N-Quads file; returns how many lines were written."""
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for quad in quads:
            out.write(_nquad_line(quad))
            count += 1
    return count


def _nquad_line(quad: Quad) -> str:
    graph = "" if quad.graph_name.__class__.__name__ == "DefaultGraph" else f" {quad.graph_name}"
    return f"{quad.subject} {quad.predicate} {quad.object}{graph} .\n"


def retract_graph(store: Store, graph_iri: str) -> None:
    """Remove a named graph and its default-graph copies that no other named graph asserts."""
    from pyoxigraph import DefaultGraph, NamedNode

    graph = NamedNode(graph_iri)
    if not store.contains_named_graph(graph):
        return
    for quad in list(store.quads_for_pattern(None, None, None, graph)):
        others = [q for q in store.quads_for_pattern(quad.subject, quad.predicate, quad.object)
                  if q.graph_name != graph and not isinstance(q.graph_name, DefaultGraph)]
        if not others:
            store.remove(Quad(quad.subject, quad.predicate, quad.object, DefaultGraph()))
    store.remove_graph(graph)


def canonical_nquads(store: Store) -> list[str]:
    """Every quad as an N-Quads line, sorted: equal lists mean equal stores."""
    return sorted(_nquad_line(q) for q in store)
