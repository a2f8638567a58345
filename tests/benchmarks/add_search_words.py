"""Give a store built before the word index its emkg:searchWord triples (default graph only).

The build writes, for every node, one emkg:searchWord per distinct word of its emkg:searchKey
values (kg/graph.py, with kg.normalize.search_words). This script writes the same triples into
the default graph of an existing embedded store (a new build directory, switched atomically), so a
benchmark can time label-search on a store that took an hour to build without rebuilding it. The
article graphs are left as they were; the saved queries read the default graph only.

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
from kg.normalize import search_words  # noqa: E402
from kg.vocab import EMKG  # noqa: E402

SEARCH_KEY = ox.NamedNode(EMKG + "searchKey")
SEARCH_WORD = ox.NamedNode(EMKG + "searchWord")


def word_quads(store: ox.Store):
    """(node, emkg:searchWord, word) for every word of every search key in the default graph."""
    for quad in store.quads_for_pattern(None, SEARCH_KEY, None, ox.DefaultGraph()):
        for word in search_words(quad.object.value):
            yield ox.Quad(quad.subject, SEARCH_WORD, ox.Literal(word), ox.DefaultGraph())


def main() -> None:
    store_dir = Path(sys.argv[1])
    backend = EmbeddedBackend(store_dir)
    entities = backend.load_entities()  # a new build directory must keep kg add's index
    with kg_store.new_build(store_dir, from_current=True) as build:
        quads = list(word_quads(build.store))  # read everything before writing
        build.store.bulk_extend(quads)
        pipeline.save_entities(entities, build.path / ENTITIES_FILE)
    print(f"{len(quads)} search words added; store: {kg_store.current_path(store_dir)}")


if __name__ == "__main__":
    main()
