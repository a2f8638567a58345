"""A parallel build's graph equals a single-process build's (issue 8), and the pipeline's ordered,
windowed process map keeps input order."""
from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from conftest import kg_command
from kg import pipeline, store

HOSTS = ["نبيلة مكرم", "سها جندي", "غادة والي", "هالة السعيد"]
GUESTS = ["لوران دي بوك", "أيمن غرايبة", "جيريمي هوبكنز", "كريستيان برجر"]
TEMPLATES = [
    "استقبلت السفيرة {host}، وزيرة الهجرة والمغتربين المصريين، السيد {guest}، رئيس بعثة المنظمة "
    "الدولية للهجرة في مصر، يوم الأحد الموافق {day} مارس 2023، لبحث برامج الهجرة النظامية.",
    "التقت الدكتورة {host}، وزيرة التضامن الاجتماعي، السيد {guest}، ممثل منظمة اليونيسف في مصر، "
    "لمناقشة حماية الأطفال غير المصحوبين في محافظة أسوان.",
    "وأكد السيد {guest} أن الشراكة مع الحكومة المصرية ساعدت أكثر من {count} مهاجر خلال العام الماضي.",
    "وأطلقت الوزارة حملة توعية وطنية بمخاطر الهجرة غير الشرعية بالتعاون مع الاتحاد الأوروبي.",
]


def write_synthetic(folder: Path, count: int, seed: int = 11) -> None:
    """Short articles that reuse hosts and guests, so later articles merge with earlier ones."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        values = {"host": rng.choice(HOSTS), "guest": rng.choice(GUESTS),
                  "day": rng.choice([5, 12]), "count": rng.randint(100, 900)}
        body = " ".join(t.format(**values) for t in rng.sample(TEMPLATES, 3))
        (folder / f"par_{i:03d}.txt").write_text(f"وزيرة الهجرة تلتقي شركاء التنمية\n{body}\n",
                                                encoding="utf-8")


def _build(corpus: Path, store_dir: Path, jobs: int) -> list[str]:
    subprocess.run(kg_command() + ["build", str(corpus), "--store", str(store_dir), "--jobs",
                                   str(jobs)], check=True, capture_output=True, timeout=600)
    return store.canonical_nquads(store.open_read_only(store_dir))


@pytest.mark.slow
def test_parallel_build_equals_single_process_build(tmp_path, seeds_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in Path(seeds_dir).glob("*.txt"):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    # more articles than two batches per worker, so both pools start and windows turn over
    write_synthetic(corpus, 3 * pipeline.BATCH + 5)
    single = _build(corpus, tmp_path / "one", jobs=1)
    parallel = _build(corpus, tmp_path / "two", jobs=2)
    assert single == parallel
    merges = [line for line in single if "#mergeReason>" in line]
    assert merges, "the corpus should make the resolver merge across articles"


def _square(n: int) -> int:
    return n * n


@pytest.mark.parametrize("jobs", [1, 2])
def test_ordered_map_keeps_input_order(jobs):
    items = list(range(5 * pipeline.BATCH * pipeline.WINDOW_PER_JOB + 3))
    assert list(pipeline.ordered_map(_square, iter(items), jobs)) == [n * n for n in items]


def test_ordered_map_reads_input_lazily():
    """The input is read only a window ahead, so it may depend on results already consumed."""
    read = []

    def items():
        for n in range(10 * pipeline.BATCH * pipeline.WINDOW_PER_JOB):
            read.append(n)
            yield n

    results = pipeline.ordered_map(_square, items(), jobs=2)
    next(results)
    assert len(read) <= 2 * pipeline.BATCH * pipeline.WINDOW_PER_JOB + pipeline.BATCH
    results.close()


def test_export_streams_every_quad_to_the_file(tmp_path, seed_store):
    """`kg export --format nq --out` writes the store's dump straight to the file."""
    out = tmp_path / "all.nq"
    subprocess.run(kg_command() + ["export", "--format", "nq", "--out", str(out), "--store",
                                   str(seed_store)], check=True, capture_output=True, timeout=300)
    written = sorted(out.read_text(encoding="utf-8").splitlines(keepends=True))
    assert written == store.canonical_nquads(store.open_read_only(seed_store))


def test_linking_deferred_to_the_writer_gives_the_same_quads(tmp_path, seeds_dir):
    """Offline linking done by write_quads's workers equals linking each pair as it is resolved."""
    from kg.linking import link

    files = pipeline.article_paths([seeds_dir])

    def written(deferred: bool) -> str:
        report = pipeline.BuildReport()
        pairs = pipeline.resolved_articles(pipeline.extractions(files, jobs=1, progress=False),
                                           pipeline.make_resolver(), report)
        if not deferred:
            pairs = ((article, link(resolution)) for article, resolution in pairs)
        out = tmp_path / f"deferred-{deferred}.nq"
        pipeline.write_quads(pairs, out, None, report, {}, jobs=1)
        return out.read_text(encoding="utf-8")

    deferred, direct = written(True), written(False)
    assert deferred == direct
    assert "owl#sameAs> <http://www.wikidata.org/entity/Q" in direct
