"""The ontology: quality gate, Protégé rendering, HermiT consistency, SHACL shapes."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg import ontology, paths

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "ontology"
CHECKER = ROOT.parent / "shared" / "tools" / "ontology_check.py"


def _quality_gate(*data: Path) -> str:
    command = [sys.executable, str(CHECKER), str(paths.ONTOLOGY_TTL), *map(str, data),
               "--shapes", str(paths.SHAPES_TTL)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    return result.stdout


@pytest.mark.slow
def test_quality_gate_passes_with_shapes():
    output = _quality_gate()
    assert output.strip().splitlines()[-1].endswith(" 0 failed, 1 skipped"), output[-3000:]
    skipped = [line for line in output.splitlines() if line.startswith("SKIP")]
    assert [line.split()[1] for line in skipped] == ["hermit:with-data"], skipped


@pytest.mark.slow
def test_quality_gate_passes_with_good_data_and_skips_nothing():
    output = _quality_gate(DATA / "good.ttl")
    assert output.strip().splitlines()[-1].endswith(" 0 failed, 0 skipped"), output[-3000:]


def test_rdfxml_rendering_matches_turtle_source():
    turtle = ontology.ontology_graph()
    rdfxml = rdflib.Graph().parse(str(ontology.OWL_XML_PATH), format="xml")
    assert isomorphic(turtle, rdfxml), "ontology/emkg.owl is stale: run python -m kg.ontology"


def test_committed_rdfxml_is_what_the_renderer_writes(tmp_path):
    first = ontology.render_rdfxml(tmp_path / "first.owl").read_bytes()
    second = ontology.render_rdfxml(tmp_path / "second.owl").read_bytes()
    assert first == second, "the RDF/XML rendering is not deterministic"
    assert ontology.OWL_XML_PATH.read_bytes() == first, "run python -m kg.ontology"


def test_catalog_maps_ontology_and_version_iri_to_rdfxml():
    text = (paths.ONTOLOGY_DIR / "catalog-v001.xml").read_text(encoding="utf-8")
    graph = ontology.ontology_graph()
    onto = next(graph.subjects(rdflib.RDF.type, rdflib.OWL.Ontology))
    version = next(graph.objects(onto, rdflib.OWL.versionIRI))
    assert f'name="{onto}" uri="emkg.owl"' in text
    assert f'name="{version}" uri="emkg.owl"' in text


def test_every_own_term_has_one_label_per_language_and_a_definition():
    graph = ontology.ontology_graph()
    own = {s for s in graph.subjects(rdflib.RDF.type, None)
           if isinstance(s, rdflib.URIRef) and str(s).startswith("https://w3id.org/emkg/ontology#")
           and (s, rdflib.RDF.type, rdflib.OWL.NamedIndividual) not in graph}
    assert len(own) > 40
    for term in own:
        langs = sorted(label.language for label in graph.objects(term, rdflib.RDFS.label))
        assert langs == ["ar", "en"], (term, langs)
        definitions = sorted(d.language for d in graph.objects(term, rdflib.SKOS.definition))
        assert definitions == ["ar", "en"], (term, definitions)


def test_owlready2_loads_the_rdfxml_rendering_with_every_declared_class():
    import owlready2

    world = owlready2.World()
    loaded = world.get_ontology(ontology.OWL_XML_PATH.as_uri()).load()
    graph = ontology.ontology_graph()
    declared = {str(c) for c in graph.subjects(rdflib.RDF.type, rdflib.OWL.Class)
                if isinstance(c, rdflib.URIRef)}
    assert loaded.base_iri == "https://w3id.org/emkg/ontology#"
    assert {c.iri for c in loaded.classes()} == declared
    person = world["http://xmlns.com/foaf/0.1/Person"]
    assert loaded.Official.is_a == [person] and loaded.Shelter.is_a == [loaded.Place]


@pytest.mark.slow
def test_hermit_finds_ontology_and_good_data_consistent():
    result = ontology.check_consistency([DATA / "good.ttl"])
    assert result.consistent, result
    assert result.unsatisfiable == ()
    consistent, explanation = result
    assert (consistent, explanation) == (True, "consistent")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["bad-country-host.ttl", "bad-official-organization.ttl",
                                  "bad-membership-place.ttl"])
def test_hermit_catches_modelling_mistakes(name):
    consistent, explanation = ontology.check_consistency([DATA / name])
    assert not consistent
    assert explanation


@pytest.mark.slow
def test_hermit_accepts_data_that_only_breaks_shapes():
    """Malformed dates and missing citations are the shapes' business, not the reasoner's."""
    consistent, explanation = ontology.check_consistency([DATA / "bad-shapes.ttl"])
    assert consistent, explanation


def _shacl(data_file: Path) -> tuple[bool, str]:
    data = rdflib.Graph().parse(str(data_file))
    conforms, _, text = pyshacl.validate(data, shacl_graph=str(paths.SHAPES_TTL),
                                         ont_graph=ontology.ontology_graph(), inference="rdfs")
    return conforms, text


def test_good_data_conforms_to_shapes():
    conforms, text = _shacl(DATA / "good.ttl")
    assert conforms, text


def test_bad_data_violates_the_shapes_it_should():
    conforms, text = _shacl(DATA / "bad-shapes.ttl")
    assert not conforms
    assert "cites at least one text span" in text
    assert "rdfs:label in Arabic" in text
    assert "well-formed xsd:date" in text
    assert "xsd:date or the Arabic weekday text" in text
    assert "a programme or shelter cites a text span" in text
    assert "a year is an xsd:integer from 1900 to 2100" in text
    assert "a text span has exactly one source article" in text
    assert "oa:start is not after oa:end" in text
