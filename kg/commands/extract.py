"""`kg extract FILE...`: what the extraction finds in articles, each item with its quote."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kg.extract import extract_article
from kg.extract.mentions import Extraction, FactMention, Mention
from kg.reading import ArticleError, iter_articles

QUOTE_MARGIN = 0  # characters of context either side of a fact's cited span


def _quote(text: str, start: int, end: int) -> str:
    """The cited span on one line."""
    return " ".join(text[max(0, start - QUOTE_MARGIN):end + QUOTE_MARGIN].split())


def mention_record(mention: Mention) -> dict:
    """A mention as plain JSON data."""
    return {"id": mention.id, "kind": mention.kind, "text": mention.text, "start": mention.start,
            "end": mention.end, "rule": mention.rule_id, "key": mention.key,
            "attrs": dict(mention.attrs)}


def fact_record(fact: FactMention, text: str) -> dict:
    """A fact as plain JSON data, with the quote it is cited by."""
    return {"id": fact.id, "class": fact.cls, "start": fact.start, "end": fact.end,
            "rule": fact.rule_id, "name": fact.name, "quote": _quote(text, fact.start, fact.end),
            "roles": [list(role) for role in fact.roles],
            "values": [[name, lit.value, lit.lang or lit.datatype] for name, lit in fact.values]}


def extraction_record(extraction: Extraction) -> dict:
    """One article's extraction as plain JSON data."""
    text = extraction.article.text
    return {"article": extraction.article.id,
            "mentions": [mention_record(m) for m in extraction.mentions],
            "facts": [fact_record(f, text) for f in extraction.facts],
            "notes": list(extraction.notes)}


def readable_lines(extraction: Extraction) -> list[str]:
    """One article's extraction as lines a person reads."""
    text = extraction.article.text
    names = {m.id: m.text for m in extraction.mentions}
    lines = [f"== {extraction.article.id}"]
    for m in extraction.mentions:
        extra = ", ".join(f"{k}={v}" for k, v in m.attrs)
        key = f" [{m.key}]" if m.key else ""
        lines.append(f"  {m.kind:<12} {m.text}{key}{'  (' + extra + ')' if extra else ''}")
    for f in extraction.facts:
        roles = "; ".join(f"{p}={names.get(ref, ref)}" for p, ref in f.roles)
        values = "; ".join(f"{p}={lit.value}" for p, lit in f.values)
        title = f" {f.name}" if f.name else ""
        lines.append(f"  {f.cls}{title}: {roles}{' | ' + values if values else ''}")
        lines.append(f"      \u00ab{_quote(text, f.start, f.end)}\u00bb")
    lines.extend(f"  note: {note}" for note in extraction.notes)
    return lines


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article (JSON lines).")
def extract(files: tuple[Path, ...], as_json: bool) -> None:
    """Print the people, organisations, places and facts found in FILE... (no store is touched)."""
    failed = 0
    for article in iter_articles(files):
        if isinstance(article, ArticleError):
            click.echo(f"error: {article}", err=True)
            failed += 1
            continue
        extraction = extract_article(article)
        if as_json:
            click.echo(json.dumps(extraction_record(extraction), ensure_ascii=False, sort_keys=True))
        else:
            click.echo("\n".join(readable_lines(extraction)))
    if failed:
        raise SystemExit(1)
