"""`kg link`: report on Wikidata links; `--review FILE` writes what a person should decide."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from kg import linking, store
from kg.commands.build import _store_option
from kg.records import Citation, Label, Node

ENTITIES = """
PREFIX emkg: <https://w3id.org/emkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?entity ?class ?label ?item WHERE {
  VALUES ?class { emkg:Official emkg:Organization emkg:Country emkg:City emkg:Place }
  ?entity a ?class ; rdfs:label ?label .
  OPTIONAL { ?entity owl:sameAs ?item FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/")) }
} ORDER BY ?entity
"""


def _entities(store_dir: Path) -> dict[str, tuple[str, list[str], str | None]]:
    rows: dict[str, tuple[str, list[str], str | None]] = {}
    for entity, cls, label, item in store.open_read_only(store_dir).query(ENTITIES):
        cls_name = cls.value.rsplit("#", 1)[-1]
        _, labels, linked = rows.get(entity.value, (cls_name, [], None))
        labels.append(label.value)
        rows[entity.value] = (cls_name, labels, item.value.rsplit("/", 1)[-1] if item else linked)
    return rows


@click.command()
@_store_option
@click.option("--review", "review_file", type=click.Path(path_type=Path),
              help="Write a TSV of unlinked entities with their candidates for a person to decide.")
def link(store_dir: Path, review_file: Path | None) -> None:
    """Wikidata links of the built graph (linking itself runs inside `kg build`)."""
    if not store.exists(store_dir):
        raise click.UsageError(f"--store {store_dir}: no built store (run `kg build` first)")
    entities = _entities(store_dir)
    linked = {iri: row for iri, row in entities.items() if row[2]}
    click.echo(f"{len(linked)} of {len(entities)} linkable entities are linked to Wikidata")
    for iri, (cls, labels, qid) in sorted(linked.items(), key=lambda kv: kv[1][2]):
        click.echo(f"  {qid}\t{cls}\t{labels[0]}")
    if review_file is None:
        return
    table = linking.load_table()
    with open(review_file, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t")
        writer.writerow(["entity", "class", "labels", "candidates (qid:score)", "decision"])
        for iri, (cls, labels, qid) in sorted(entities.items()):
            if qid:
                continue
            node = Node(iri, cls, tuple(Label(text, "ar") for text in labels),
                        (Citation("", 0, 0, ""),))
            found = linking.candidates(node, table)
            writer.writerow([iri, cls, " | ".join(labels),
                             " ".join(f"{c.item.qid}:{c.score:.2f}" for c in found), ""])
    click.echo(f"wrote {review_file}: decide, then add entries to kg/data/link-decisions.yaml",
               err=True)
    sys.exit(0)
