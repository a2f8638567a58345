"""read → extract (in parallel) → resolve → link → quads, streamed to an N-Quads file.

Extraction runs in worker processes (ordered results, so the output equals a one-process run);
resolution and RDF writing run in this process, article by article, so memory holds the entity
index but never the whole corpus.
"""
from __future__ import annotations

import importlib
import multiprocessing
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from tqdm import tqdm

from kg import graph, reading, vocab
from kg.records import Article, ArticleError, Resolution


@dataclass
class BuildReport:
    """What a pipeline run did: counts and the files that failed, with reasons."""

    articles: int = 0
    quads: int = 0
    failures: list[ArticleError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def _optional(module: str):
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise


def article_paths(paths: Sequence[Path | str]) -> list[Path]:
    """Files to read: directories expand to their *.txt files, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    return out


def _extract_one(path: Path):
    """Worker: read and extract one article; errors come back as values, never raised."""
    from kg.extract import extract_article

    try:
        article = reading.read_article(path)
    except ArticleError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the build
        return ArticleError(str(path), f"cannot read: {type(exc).__name__}: {exc}")
    try:
        return extract_article(article)
    except Exception as exc:  # noqa: BLE001
        return ArticleError(str(path), f"extraction failed: {type(exc).__name__}: {exc}")


def extractions(paths: Sequence[Path], jobs: int = 0, progress: bool = True) -> Iterator:
    """Extraction (or ArticleError) per path, in path order."""
    jobs = jobs or os.cpu_count() or 1
    bar = tqdm(total=len(paths), unit="article", desc="extract", file=sys.stderr,
               disable=not progress)
    try:
        if jobs == 1 or len(paths) < 2 * jobs:
            for path in paths:
                yield _extract_one(path)
                bar.update()
        else:
            ctx = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
            with ctx.Pool(jobs) as pool:
                for result in pool.imap(_extract_one, paths, chunksize=16):
                    yield result
                    bar.update()
    finally:
        bar.close()


def make_resolver(existing=None):
    """The incremental resolver (kg.resolve), seeded with entities already in a store."""
    from kg import resolve

    return resolve.Resolver(existing=existing) if existing is not None else resolve.Resolver()


def resolved_articles(results: Iterable, resolver, report: BuildReport,
                      link: bool = True, link_client=None) -> Iterator[tuple[Article, Resolution]]:
    """Resolve each extraction in order; failures are recorded, not raised."""
    linking = _optional("kg.linking") if link else None
    for result in results:
        if isinstance(result, ArticleError):
            report.failures.append(result)
            continue
        resolution = resolver.add(result)
        if linking is not None:
            resolution = linking.link(resolution, client=link_client)
        report.articles += 1
        yield result.article, resolution


def write_quads(pairs: Iterable[tuple[Article, Resolution]], out: Path, base: str | None,
                report: BuildReport, entities: dict[str, tuple[str, tuple[str, ...]]]) -> None:
    """Stream every article's quads into one N-Quads file; collect the entity index.

    `entities` maps node key → (class, labels) for every node written, so that `kg add` can
    later resolve new articles against them.
    """
    from kg.store import write_nquads

    base = vocab.base_iri(base)
    classes: dict[str, str] = {key: cls for key, (cls, _) in entities.items()}

    def quads():
        for article, resolution in pairs:
            for node in resolution.nodes:
                classes[node.key] = node.cls
                known = entities.get(node.key, (node.cls, ()))[1]
                labels = tuple(dict.fromkeys(known + tuple(lab.text for lab in node.labels)))
                entities[node.key] = (node.cls, labels)
            yield from graph.to_quads(resolution, [article], base, classes)

    report.quads += write_nquads(quads(), out)


def save_entities(entities: dict, path: Path) -> None:
    import json

    rows = [{"key": k, "cls": c, "labels": list(labels)} for k, (c, labels) in sorted(entities.items())]
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8")
    os.replace(tmp, path)


def load_entities(path: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    import json

    if not path.exists():
        return {}
    return {row["key"]: (row["cls"], tuple(row["labels"]))
            for row in json.loads(path.read_text(encoding="utf-8"))}
