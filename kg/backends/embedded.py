"""The embedded Oxigraph store (kg.store's DIR/builds/<id> + `current` link) as a backend."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg import pipeline, store, summaries

ENTITIES_FILE = "entities.json"


@dataclass(frozen=True)
class EmbeddedBackend:
    """Builds go into a fresh directory, switched to `current` only when everything succeeded."""

    store_dir: Path

    def describe(self) -> str:
        return f"store directory {self.store_dir}"

    def exists(self) -> bool:
        return store.exists(self.store_dir)

    def entities_path(self) -> Path:
        return store.current_path(self.store_dir) / ENTITIES_FILE

    def load_entities(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        return pipeline.load_entities(self.entities_path())

    def replace_all(self, nquads: Path, entities: dict) -> str:
        """Bulk-load the file into a new build, summarise it (kg.summaries), switch to it."""
        with store.new_build(self.store_dir) as target:
            store.bulk_load_nquads(target.store, nquads)
            summaries.refresh(target.store)
            pipeline.save_entities(entities, target.path / ENTITIES_FILE)
        return f"store: {store.current_path(self.store_dir)}"

    def add(self, nquads: Path, entities: dict, graph_iris: list[str]) -> str:
        """Copy the current build, replace the given article graphs with the file's, switch."""
        with store.new_build(self.store_dir, from_current=True) as target:
            for graph_iri in graph_iris:
                store.retract_graph(target.store, graph_iri)
            store.bulk_load_nquads(target.store, nquads)
            summaries.refresh(target.store)
            pipeline.save_entities(entities, target.path / ENTITIES_FILE)
        return f"store: {store.current_path(self.store_dir)}"

    def refresh_summary(self) -> str:
        """Recompute the summary graph (kg.summaries) in a copy of the current build, switch."""
        entities = self.load_entities()
        with store.new_build(self.store_dir, from_current=True) as target:
            summaries.refresh(target.store)
            pipeline.save_entities(entities, target.path / ENTITIES_FILE)
        return f"store: {store.current_path(self.store_dir)}"

    def canonical_nquads(self) -> list[str]:
        return store.canonical_nquads(store.open_read_only(self.store_dir))
