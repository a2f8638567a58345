"""Bring an existing store's label-search word index (emkg:searchWord) up to today's rule.

The build writes one emkg:searchWord per distinct word of a node's emkg:searchKey values, for
nodes of the classes a reader looks up by name only (kg.graph.NAMED_CLASSES: not posts, status
reports or meetings). This script rewrites the default graph's words of an existing embedded
store to that rule (a new build directory, switched atomically): it adds the missing words of
named nodes and removes those of other nodes. A benchmark can then time label-search on a store
that took an hour to build without rebuilding it. The article graphs are left as they were; the
saved queries read the default graph only.

    python tests/benchmarks/add_search_words.py STORE_DIR
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kg import pipeline, store as kg_store  # noqa: E402
from kg.backends.embedded import ENTITIES_FILE, EmbeddedBackend  # noqa: E402
from kg.graph import NAMED_CLASSES, RDF_TYPE, class_iri  # noqa: E402
from kg.normalize import search_words  # noqa: E402
from kg.vocab import EMKG  # noqa: E402

SEARCH_KEY = ox.NamedNode(EMKG + "searchKey")
SEARCH_WORD = ox.NamedNode(EMKG + "searchWord")


def _named_nodes(store: ox.Store) -> set:
    """Nodes typed (in the default graph) with a class whose names the word index holds."""
    named = set()
    for cls in NAMED_CLASSES:
        named.update(q.subject for q in store.quads_for_pattern(
            None, RDF_TYPE, class_iri(cls), ox.DefaultGraph()))
    return named


def word_changes(store: ox.Store) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to add, quads to remove) that make the default graph's words follow the rule."""
    named = _named_nodes(store)
    wanted = {ox.Quad(q.subject, SEARCH_WORD, ox.Literal(word), ox.DefaultGraph())
              for q in store.quads_for_pattern(None, SEARCH_KEY, None, ox.DefaultGraph())
              if q.subject in named for word in search_words(q.object.value)}
    present = set(store.quads_for_pattern(None, SEARCH_WORD, None, ox.DefaultGraph()))
    return list(wanted - present), list(present - wanted)


def main() -> None:
    store_dir = Path(sys.argv[1])
    backend = EmbeddedBackend(store_dir)
    entities = backend.load_entities()  # a new build directory must keep kg add's index
    with kg_store.new_build(store_dir, from_current=True) as build:
        added, removed = word_changes(build.store)  # read everything before writing
        build.store.bulk_extend(added)
        for quad in removed:
            build.store.remove(quad)
        pipeline.save_entities(entities, build.path / ENTITIES_FILE)
    print(f"{len(added)} search words added, {len(removed)} removed; "
          f"store: {kg_store.current_path(store_dir)}")


if __name__ == "__main__":
    main()
