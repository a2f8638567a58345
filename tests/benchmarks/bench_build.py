"""Build benchmark: synthetic corpora of N articles made by recombining our own sentences.

Prints, per corpus size: total build time (`kg build` as a subprocess), articles/second, the load
phase's quads/second and its ratio to pyoxigraph's Store.bulk_load of the same N-Quads file in the
same run, and the peak resident memory of the build's process tree (export not counted).
For medians over repeated runs and endpoint figures use bench_suite.py.

    python tests/benchmarks/bench_build.py --sizes 1000 10000 100000
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.conftest import kg_command  # noqa: E402,F401 (bench_suite imports it from here)

HEADLINES = [
    "وزير العمل يستقبل سفير إيطاليا لبحث الهجرة النظامية",
    "وزيرة التضامن تبحث مع ممثل اليونيسف حماية الأطفال غير المصحوبين",
    "مساعد وزير الخارجية يلتقي رئيس بعثة المفوضية السامية لشؤون اللاجئين",
]
SENTENCES = [
    "التقى الدكتور {name}، وزير العمل،{when} السفير {guest}، سفير إيطاليا في القاهرة، لبحث فرص الهجرة النظامية.",
    "استقبلت الدكتورة {name}، وزيرة التضامن الاجتماعي، السيد {guest}، ممثل منظمة اليونيسف في مصر.",
    "وذلك بحضور كل من الأستاذة {name}، مساعدة وزير الخارجية للشؤون القنصلية، والسيد {guest}، مدير عام الإدارة العامة للهجرة.",
    "واستعرض اللقاء الاستراتيجية الوطنية لمكافحة الهجرة غير الشرعية 2024-2026 وخطة العمل التنفيذية.",
    "كما تمت مناقشة إنشاء مركز إيواء للنساء ضحايا العنف في محافظة أسوان بدعم من الاتحاد الأوروبي.",
    "وأطلقت الوزارة حملة توعية وطنية بمخاطر الهجرة غير الشرعية وصلت إلى مليون شاب في عشر محافظات.",
    "وأكد {guest} أن الشراكة بين المنظمة والحكومة المصرية منذ عام 2019 ساعدت أكثر من 500 مهاجر.",
]
GIVEN = ["أحمد", "منى", "حسن", "سارة", "محمود", "نادية", "كريم", "هالة", "يوسف", "ريم"]
FAMILY = ["عبد الله", "الشريف", "منصور", "فهمي", "الجندي", "سليمان", "رشدي", "البنا"]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]  # Monday first


def make_corpus(folder: Path, count: int, seed: int = 7, dated: float = 0.9) -> None:
    """`count` articles; a share `dated` of them get a meta sidecar with a publication date
    (2019-2025), so posts and status reports carry dates as in real news, and their meeting
    sentence says "today" with that date's weekday, which resolves to the meeting's date. The
    dates come from their own random stream: undated articles read as before."""
    rng, dates = random.Random(seed), random.Random(seed + 1)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        day = None
        if dates.random() < dated:
            day = date(2019, 1, 1) + timedelta(days=dates.randrange(7 * 365))
            (folder / f"syn_{i:06d}.meta.yaml").write_text(f"published: {day.isoformat()}\n",
                                                           encoding="utf-8")
        names = {"name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                 "guest": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                 "when": f" اليوم {WEEKDAYS[day.weekday()]}" if day else ""}
        body = " ".join(s.format(**names) for s in rng.sample(SENTENCES, 4))
        (folder / f"syn_{i:06d}.txt").write_text(f"{rng.choice(HEADLINES)}\n{body}\n", encoding="utf-8")


def bench(size: int, work: Path) -> dict:
    """One build of `size` synthetic articles and the load comparison (see bench_suite)."""
    from bench_suite import build_once, load_once

    corpus = work / f"corpus-{size}"
    make_corpus(corpus, size)
    run = build_once(corpus, work / f"store-{size}", size)
    run.update(load_once(work / f"store-{size}", work))
    return {"articles": size, "build_s": run["build s"], "articles_per_s": run["articles/s"],
            "quads": run["distinct quads"], "load_quads_per_s": run["load quads/s"],
            "bulk_load_quads_per_s": run["bulk_load quads/s"], "ratio": run["load ratio"],
            "peak_rss_mb": run["build tree peak MB"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        for size in args.sizes:
            r = bench(size, Path(tmp))
            print(f"{r['articles']:>7} articles: build {r['build_s']:.1f}s "
                  f"({r['articles_per_s']:.0f} articles/s), {r['quads']} quads; load "
                  f"{r['load_quads_per_s']:.0f} quads/s vs Store.bulk_load "
                  f"{r['bulk_load_quads_per_s']:.0f} quads/s (ratio {r['ratio']:.2f}); "
                  f"peak RSS of the build's process tree {r['peak_rss_mb']:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
