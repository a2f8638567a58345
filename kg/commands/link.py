"""`kg link`: report on Wikidata links; `--review FILE` writes what a person should decide.

The review table lists every linkable entity without an accepted link, with the candidates the
linker kept in the graph (emkg:LinkCandidate nodes, read by the saved query link-candidates):
item, score, decision (nil = not confident, rejected = ruled out) and the reason.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from kg import paths, store
from kg.commands.build import _store_option

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


def _entities(db) -> dict[str, tuple[str, list[str], str | None]]:
    rows: dict[str, tuple[str, list[str], str | None]] = {}
    for entity, cls, label, item in db.query(ENTITIES):
        cls_name = cls.value.rsplit("#", 1)[-1]
        _, labels, linked = rows.get(entity.value, (cls_name, [], None))
        labels.append(label.value)
        rows[entity.value] = (cls_name, labels, item.value.rsplit("/", 1)[-1] if item else linked)
    return rows


def _candidates(db) -> dict[str, list[str]]:
    """Entity IRI → "Q…:score:decision (method)" of its candidates awaiting review."""
    query = (paths.QUERIES_DIR / "link-candidates.rq").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for row in db.query(query):
        qid = row["item"].value.rsplit("/", 1)[-1]
        out.setdefault(row["entity"].value, []).append(
            f"{qid}:{row['score'].value}:{row['link_decision'].value} ({row['method'].value})")
    return out


@click.command()
@_store_option
@click.option("--review", "review_file", type=click.Path(path_type=Path),
              help="Write a TSV of unlinked entities with their candidates for a person to decide.")
def link(store_dir: Path, review_file: Path | None) -> None:
    """Wikidata links of the built graph (linking itself runs inside `kg build`)."""
    if not store.exists(store_dir):
        raise click.UsageError(f"--store {store_dir}: no built store (run `kg build` first)")
    db = store.open_read_only(store_dir)
    entities = _entities(db)
    linked = {iri: row for iri, row in entities.items() if row[2]}
    click.echo(f"{len(linked)} of {len(entities)} linkable entities are linked to Wikidata")
    for iri, (cls, labels, qid) in sorted(linked.items(), key=lambda kv: kv[1][2]):
        click.echo(f"  {qid}\t{cls}\t{labels[0]}")
    if review_file is None:
        return
    candidates = _candidates(db)
    with open(review_file, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t")
        writer.writerow(["entity", "class", "labels", "candidates (qid:score:decision (why))", "decision"])
        for iri, (cls, labels, qid) in sorted(entities.items()):
            if not qid:
                writer.writerow([iri, cls, " | ".join(labels), " ; ".join(candidates.get(iri, [])), ""])
    click.echo(f"wrote {review_file}: decide, then add entries to kg/data/link-decisions.yaml",
               err=True)
    sys.exit(0)
