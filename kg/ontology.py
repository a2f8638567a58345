"""The ontology: load it, render it as RDF/XML for Protégé, reason over data with HermiT.

`python -m kg.ontology` regenerates ontology/emkg.owl (RDF/XML) from ontology/emkg.ttl, the source;
a test keeps the two isomorphic.
"""
from __future__ import annotations

import contextlib
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import rdflib
from rdflib.namespace import OWL, RDF

from kg import paths

OWL_XML_PATH = paths.ONTOLOGY_DIR / "emkg.owl"


def ontology_graph(path: Path | None = None) -> rdflib.Graph:
    """The ontology as an rdflib Graph (from the Turtle source)."""
    return rdflib.Graph().parse(str(path or paths.ONTOLOGY_TTL), format="turtle")


def write_rdfxml(graph: rdflib.Graph, destination: Path) -> Path:
    """Write `graph` as RDF/XML with rdf:type statements first (the ontology header first of all).

    Some OWL parsers misread a header whose owl:versionIRI precedes rdf:type owl:Ontology; rdflib
    writes triples of one subject in insertion order, so types go in first.
    """
    ordered = rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        ordered.bind(prefix, namespace, replace=True)
    types = sorted(graph.triples((None, RDF.type, None)),
                   key=lambda t: (t[2] != OWL.Ontology, str(t[0]), str(t[2])))
    for triple in types:
        ordered.add(triple)
    for triple in sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        if triple[1] != RDF.type:
            ordered.add(triple)
    destination.parent.mkdir(parents=True, exist_ok=True)
    ordered.serialize(destination=str(destination), format="xml", encoding="utf-8")
    return destination


def render_rdfxml(destination: Path | None = None) -> Path:
    """Regenerate the RDF/XML rendering of the ontology (ontology/emkg.owl by default)."""
    return write_rdfxml(ontology_graph(), destination or OWL_XML_PATH)


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
