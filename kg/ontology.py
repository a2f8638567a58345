"""The ontology: load it, render it as RDF/XML for Protégé, reason over data with HermiT.

`python -m kg.ontology` regenerates ontology/emkg.owl (RDF/XML) from ontology/emkg.ttl, the source;
the rendering is deterministic, and tests keep the committed file isomorphic to the source and
byte-identical to a fresh render. The exporter calls `ontology_graph()`, `render_rdfxml(path)` and
`consistent, explanation = check_consistency(data_paths)`.
"""
from __future__ import annotations

import contextlib
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import rdflib
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF

from kg import paths

OWL_XML_PATH = paths.ONTOLOGY_DIR / "emkg.owl"


def ontology_graph(path: Path | None = None) -> rdflib.Graph:
    """The ontology as an rdflib Graph (from the Turtle source)."""
    return rdflib.Graph().parse(str(path or paths.ONTOLOGY_TTL), format="turtle")


class _OrderedGraph(rdflib.Graph):
    """A Graph that lists its subjects, and each subject's statements, in a fixed order.

    rdflib's RDF/XML writer walks `subjects()` and `predicate_objects(s)`, which otherwise follow
    hash order. The order here puts the ontology header first and rdf:type first within a subject
    (some OWL parsers misread a header whose owl:versionIRI precedes its rdf:type owl:Ontology).
    """

    def subjects(self, predicate=None, object=None, unique=False):  # noqa: A002 (rdflib's name)
        if predicate is not None or object is not None:
            yield from super().subjects(predicate, object, unique)
            return
        headers = set(super().subjects(RDF.type, OWL.Ontology))
        yield from sorted(set(super().subjects()),
                          key=lambda s: (s not in headers, isinstance(s, rdflib.BNode), str(s)))

    def predicate_objects(self, subject=None, unique=False):
        yield from sorted(super().predicate_objects(subject, unique),
                          key=lambda po: (po[0] != RDF.type, str(po[0]), _literal_order(po[1])))


def _literal_order(node: rdflib.term.Node) -> tuple[str, str, str]:
    return (getattr(node, "language", None) or "", str(getattr(node, "datatype", None) or ""),
            str(node))


def write_rdfxml(graph: rdflib.Graph, destination: Path) -> Path:
    """Write `graph` as RDF/XML: header first, rdf:type first within each subject, stable order."""
    ordered = _OrderedGraph()
    for prefix, namespace in graph.namespaces():
        ordered.bind(prefix, namespace, replace=True)
    for triple in graph:
        ordered.add(triple)
    destination.parent.mkdir(parents=True, exist_ok=True)
    ordered.serialize(destination=str(destination), format="xml", encoding="utf-8")
    return destination


def with_canonical_blank_nodes(graph: rdflib.Graph) -> rdflib.Graph:
    """A copy of `graph` whose blank-node ids depend only on the content, for stable renderings."""
    canonical = rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        canonical.bind(prefix, namespace, replace=True)
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical


def render_rdfxml(destination: Path | None = None) -> Path:
    """Regenerate the RDF/XML rendering of the ontology (ontology/emkg.owl by default).

    The output is byte-identical from run to run, so the committed file only changes with the source.
    """
    return write_rdfxml(with_canonical_blank_nodes(ontology_graph()), destination or OWL_XML_PATH)


@dataclass(frozen=True)
class Consistency:
    """HermiT's verdict; unpacks as `(consistent, explanation)` for callers that want a pair."""

    consistent: bool
    unsatisfiable: tuple[str, ...] = ()
    explanation: str = ""

    def __iter__(self):
        return iter((self.consistent, self.explanation))


def check_consistency(data_paths: Iterable[Path] = (), ontology: Path | None = None) -> Consistency:
    """Load the ontology plus data files into owlready2 and run HermiT.

    `consistent, explanation = check_consistency(paths)` works; `.unsatisfiable` lists class IRIs.

    Data files may be in any RDF syntax rdflib reads; they are merged with the ontology into one
    RDF/XML document first (owlready2 does not read Turtle).
    """
    import owlready2

    merged = ontology_graph(ontology)
    for data_path in data_paths:
        merged.parse(str(data_path))
    with tempfile.TemporaryDirectory(prefix="emkg-hermit-") as tmp:
        owl_file = write_rdfxml(merged, Path(tmp) / "merged.owl")
        world = owlready2.World()
        world.get_ontology(owl_file.as_uri()).load()
        captured = io.StringIO()
        try:
            with contextlib.redirect_stderr(captured):
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return Consistency(False, (), str(exc) or "HermiT: the ontology with this data is inconsistent")
        unsat = tuple(sorted(str(c.iri) for c in world.inconsistent_classes()
                             if not str(c.iri).startswith(str(OWL))))
        explanation = "unsatisfiable classes: " + ", ".join(unsat) if unsat else "consistent"
        return Consistency(not unsat, unsat, explanation)


if __name__ == "__main__":  # pragma: no cover
    print(render_rdfxml())
