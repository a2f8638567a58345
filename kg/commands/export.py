"""`kg export`, `kg validate`, `kg stats`, `kg import`: the store's data out, checked, counted, in."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click
from pyoxigraph import DefaultGraph, NamedNode, RdfFormat

from kg import paths, store, summaries
from kg.vocab import ONTOLOGY_IRI
from kg.commands.build import _store_option

FORMATS = {
    "ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG, "rdfxml": RdfFormat.RDF_XML, "jsonld": RdfFormat.JSON_LD,
}
DATASET_FORMATS = {"nq", "trig"}
EXTRA_EXTENSIONS = {"owl": RdfFormat.RDF_XML, "xml": RdfFormat.RDF_XML,
                    "json": RdfFormat.JSON_LD}


def default_graph_rdflib(store_dir: Path):
    """The default graph (the merged view) as an rdflib Graph, via N-Triples."""
    import rdflib

    data = open_store(store_dir).dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def open_store(store_dir: Path):
    try:
        return store.open_read_only(store_dir)
    except store.StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command()
@click.option("--format", "fmt", type=click.Choice(sorted([*FORMATS, "owl"])), default="ttl",
              show_default=True, help="owl = ontology + individuals as one RDF/XML file for Protégé.")
@click.option("--out", type=click.Path(path_type=Path), help="Output file (default: stdout).")
@_store_option
def export(fmt: str, out: Path | None, store_dir: Path) -> None:
    """Export the graph (default graph; nq/trig include the per-article graphs).

    Every format but owl streams from the store to the file (memory does not grow with the
    graph); owl goes through rdflib and holds the default graph in memory.
    """
    if fmt == "owl":
        data = _owl_document(store_dir)
        if out:
            out.write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
    else:
        source = open_store(store_dir)
        kwargs = {} if fmt in DATASET_FORMATS else {"from_graph": DefaultGraph()}
        if out:
            source.dump(output=str(out), format=FORMATS[fmt], **kwargs)
        else:
            sys.stdout.buffer.flush()
            source.dump(output=sys.stdout.buffer, format=FORMATS[fmt], **kwargs)
            sys.stdout.buffer.flush()
    if out:
        click.echo(f"wrote {out} ({out.stat().st_size} bytes)", err=True)


def _owl_document(store_dir: Path) -> bytes:
    """The ontology and every individual (declared owl:NamedIndividual) as RDF/XML."""
    from kg import ontology

    import rdflib

    data = default_graph_rdflib(store_dir)
    for subject in set(data.subjects(rdflib.RDF.type, None)):  # Protégé and owlready2 list them
        data.add((subject, rdflib.RDF.type, rdflib.OWL.NamedIndividual))
    merged = ontology.ontology_graph() + data
    for prefix, ns in ontology.ontology_graph().namespaces():
        merged.bind(prefix, ns, replace=True)
    with tempfile.TemporaryDirectory() as tmp:
        return ontology.write_rdfxml(merged, Path(tmp) / "export.owl").read_bytes()


@click.command()
@_store_option
def validate(store_dir: Path) -> None:
    """Validate the store's data against the SHACL shapes (ontology/emkg-shapes.ttl)."""
    import pyshacl

    from kg import ontology

    conforms, _, text = pyshacl.validate(default_graph_rdflib(store_dir),
                                         shacl_graph=str(paths.SHAPES_TTL),
                                         ont_graph=ontology.ontology_graph(), inference="rdfs")
    click.echo(text)
    sys.exit(0 if conforms else 1)


#: Named graphs that are not articles' live under the ontology IRI (the summary graph) or urn:emkg:
#: (a remote store's build marker).
PER_GRAPH = "per article (quads in its named graph)"
STATS_QUERIES = {
    "per class": """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class }
                    GROUP BY ?class ORDER BY DESC(?n)""",
    PER_GRAPH: f"""SELECT ?graph (COUNT(*) AS ?n)
                    WHERE {{ GRAPH ?graph {{ ?s ?p ?o }}
                            FILTER(!STRSTARTS(STR(?graph), "{ONTOLOGY_IRI}")
                                   && !STRSTARTS(STR(?graph), "urn:emkg:")) }}
                    GROUP BY ?graph ORDER BY ?graph""",
    "labels per language": """SELECT ?language (COUNT(*) AS ?n)
                    WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l
                            BIND(LANG(?l) AS ?language) } GROUP BY ?language""",
    "Wikidata links": """SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o
                    FILTER(STRSTARTS(STR(?o), "http://www.wikidata.org/entity/")) }""",
    "meetings with an unresolved date": """PREFIX emkg: <https://w3id.org/emkg/ontology#>
                    SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a emkg:Meeting ;
                    emkg:dateAsPrinted ?d FILTER NOT EXISTS { ?m emkg:date ?x } }""",
}


@click.command()
@_store_option
@click.option("--per-article", is_flag=True,
              help="List every article's graph (default: a summary and the five smallest).")
def stats(store_dir: Path, per_article: bool) -> None:
    """Counts per class, per article, per label language; Wikidata links; unresolved dates."""
    source = open_store(store_dir)
    for title, query in STATS_QUERIES.items():
        click.echo(f"== {title}")
        rows = [tuple(_short(term) for term in row) for row in source.query(query)]
        if title == PER_GRAPH and not per_article:
            rows = _graph_summary(rows)
        for row in rows:
            click.echo("  " + "\t".join(row))


def _graph_summary(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Graphs, quads per graph (min, median, max) and the five smallest graphs (an article whose
    graph is small may have lost its facts to a reading problem)."""
    if not rows:
        return [("graphs", "0")]
    sizes = sorted((int(n), graph) for graph, n in rows)
    middle = sizes[len(sizes) // 2][0]
    summary = [("graphs", str(len(sizes))),
               ("quads per graph (min, median, max)", f"{sizes[0][0]}, {middle}, {sizes[-1][0]}")]
    return summary + [(f"small: {graph}", str(n)) for n, graph in sizes[:5]]


def _short(term) -> str:
    if term is None:
        return "-"
    value = term.value
    for prefix, ns in (("emkg:", "https://w3id.org/emkg/ontology#"),
                       ("org:", "http://www.w3.org/ns/org#"), ("oa:", "http://www.w3.org/ns/oa#")):
        if value.startswith(ns):
            return prefix + value[len(ns):]
    return value


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_store_option
@click.option("--graph", "graph_iri", default=None,
              help="Load triples into this named graph (default: the default graph).")
def import_rdf(files: tuple[Path, ...], store_dir: Path, graph_iri: str | None) -> None:
    """Load RDF files (any common syntax) into the store, atomically."""
    to_graph = NamedNode(graph_iri) if graph_iri else None
    fresh = not store.exists(store_dir)
    try:
        with store.new_build(store_dir, from_current=not fresh) as target:
            for path in files:
                ext = path.suffix.lstrip(".").lower()
                fmt = RdfFormat.from_extension(ext) or EXTRA_EXTENSIONS.get(ext)
                if fmt is None:
                    raise click.ClickException(f"{path}: unknown RDF syntax (extension {path.suffix})")
                kwargs = {"to_graph": to_graph} if to_graph and fmt not in (
                    RdfFormat.N_QUADS, RdfFormat.TRIG) else {}
                try:
                    target.store.bulk_load(path=str(path), format=fmt, **kwargs)
                except SyntaxError as exc:
                    raise click.ClickException(f"{path}: {exc}") from exc
            summaries.refresh(target.store)  # the counts include what was imported
    except OSError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"imported {len(files)} file(s) into {store.current_path(store_dir)}", err=True)
