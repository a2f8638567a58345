"""read → extract (in parallel) → resolve → link → quads, streamed to an N-Quads file.

Extraction runs in worker processes; resolution runs in this process, article by article (it
depends on every earlier article); turning a resolved article into N-Quads text runs in worker
processes again. Results come back in input order, so the file equals a one-process run's byte
for byte, and at most a window of articles is in flight at any time, so memory holds the entity
index but never the corpus.
"""
from __future__ import annotations

import importlib
import itertools
import multiprocessing
import os
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, Sequence

from tqdm import tqdm

from kg import graph, reading, vocab
from kg.records import Article, ArticleError, Ref, Resolution

#: Articles per task sent to a worker, and tasks in flight per worker (bounds memory).
BATCH = 16
WINDOW_PER_JOB = 4


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


def _map_batch(fn: Callable, batch: list) -> list:
    return [fn(item) for item in batch]


def ordered_map(fn: Callable, items: Iterable, jobs: int, batch: int = BATCH) -> Iterator:
    """`fn` over `items` in `jobs` processes, results in input order, with at most
    WINDOW_PER_JOB batches per process in flight; jobs == 1 maps in this process.

    `items` is consumed lazily by this generator's caller, so it may depend on state the caller
    updates between results (the resolver does).
    """
    if jobs == 1:
        yield from map(fn, items)
        return
    ctx = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    with ctx.Pool(jobs) as pool:
        pending: deque = deque()
        chunks = iter(lambda it=iter(items): list(itertools.islice(it, batch)), [])
        for chunk in chunks:
            pending.append(pool.apply_async(_map_batch, (fn, chunk)))
            if len(pending) >= WINDOW_PER_JOB * jobs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _jobs(jobs: int) -> int:
    return jobs or os.cpu_count() or 1


def extractions(paths: Sequence[Path], jobs: int = 0, progress: bool = True) -> Iterator:
    """Extraction (or ArticleError) per path, in path order."""
    jobs = _jobs(jobs)
    if len(paths) < 2 * jobs:
        jobs = 1
    bar = tqdm(total=len(paths), unit="article", desc="build", file=sys.stderr,
               disable=not progress)
    try:
        for result in ordered_map(_extract_one, paths, jobs):
            yield result
            bar.update()
    finally:
        bar.close()


def make_resolver(existing=None):
    """The incremental resolver (kg.resolve), seeded with entities already in a store."""
    from kg import resolve

    return resolve.Resolver(existing=existing) if existing is not None else resolve.Resolver()


class LinkLater(NamedTuple):
    """An (article, resolution) pair whose offline Wikidata linking is left to the worker that
    writes it (linking reads nothing but the resolution and the checked-in table)."""

    article: Article
    resolution: Resolution


def resolved_articles(results: Iterable, resolver, report: BuildReport,
                      link: bool = True, link_client=None) -> Iterator[tuple[Article, Resolution]]:
    """Resolve each extraction in order; failures are recorded, not raised.

    Without a `link_client`, linking is offline and is deferred: pairs come as LinkLater and
    write_quads links them in its workers (so link(...) first if you consume pairs yourself).
    """
    linking = _optional("kg.linking") if link else None
    for result in results:
        if isinstance(result, ArticleError):
            report.failures.append(result)
            continue
        resolution = resolver.add(result)
        report.articles += 1
        if linking is not None and link_client is None:
            yield LinkLater(result.article, resolution)
            continue
        if linking is not None:
            resolution = linking.link(resolution, client=link_client)
        yield result.article, resolution


def write_quads(pairs: Iterable[tuple[Article, Resolution]], out: Path, base: str | None,
                report: BuildReport, entities: dict[str, tuple[str, tuple[str, ...]]],
                jobs: int = 0) -> None:
    """Stream every article's quads into one N-Quads file; collect the entity index.

    `entities` maps node key → (class, labels) for every node written, so that `kg add` can
    later resolve new articles against them. The N-Quads text of each article is made by
    `jobs` worker processes (this process only resolves and writes).
    """
    base = vocab.base_iri(base)
    classes: dict[str, str] = {key: cls for key, (cls, _) in entities.items()}

    def tasks():
        for pair in pairs:
            article, resolution = pair
            for node in resolution.nodes:
                classes[node.key] = node.cls
                known = entities.get(node.key, (node.cls, ()))[1]
                labels = tuple(dict.fromkeys(known + tuple(lab.text for lab in node.labels)))
                entities[node.key] = (node.cls, labels)
            yield (article, resolution, referenced_classes(resolution, classes), base,
                   isinstance(pair, LinkLater))

    pending = iter(tasks())
    head = list(itertools.islice(pending, 2 * BATCH))  # a few articles: no pool worth starting
    jobs = _jobs(jobs) if len(head) == 2 * BATCH else 1
    with open(out, "w", encoding="utf-8", buffering=1 << 20) as sink:
        for text, count in ordered_map(article_nquads, itertools.chain(head, pending), jobs):
            sink.write(text)
            report.quads += count


def referenced_classes(resolution: Resolution, classes: dict[str, str]) -> dict[str, str]:
    """The classes of the keys the resolution's statements name (all graph.to_quads reads)."""
    keys = {st.subject for st in resolution.statements}
    keys.update(st.object.key for st in resolution.statements if isinstance(st.object, Ref))
    return {key: classes[key] for key in keys if key in classes}


def article_nquads(task: tuple[Article, Resolution, dict[str, str], str, bool]) -> tuple[str, int]:
    """Worker: one resolved article (linked first if asked) as N-Quads text, and its line count."""
    from kg.store import _nquad_line

    article, resolution, classes, base, link = task
    if link:
        from kg.linking import link as link_offline

        resolution = link_offline(resolution)
    lines = [_nquad_line(q) for q in graph.to_quads(resolution, [article], base, classes)]
    return "".join(lines), len(lines)


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
