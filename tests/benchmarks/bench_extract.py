"""Extraction speed: articles/second on a synthetic corpus of 10,000 articles recombined from the
sentences of the extraction tests, the people/posts/organisations/places stage alone, and one pass
of a compiled regular expression of the whole gazetteer over the same corpus (printed; no assertion).

    python tests/benchmarks/bench_extract.py [--articles N]
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml  # noqa: E402

from kg.extract import extract_article  # noqa: E402
from kg.extract.actors import extract_actors  # noqa: E402
from kg.normalize import normalize  # noqa: E402
from kg.paths import RULES_DIR  # noqa: E402
from kg.records import Article, Zone  # noqa: E402
from test_extract_people import ATTENDEES, HEALTH, TWO_POSTS, UNHCR  # noqa: E402

EXTRA = (
    "وأكدت الحكومة الدنماركية دعمها، فيما استضافت اليونان اجتماعا للسفارة الإيطالية.",
    "وأعلنت اللجنة العليا لتنسيق شؤون العائدين خطة جديدة، كما وقع صندوق تنمية الريف الإقليمي اتفاقا.",
    "ووقع صندوق دعم مشروعات الجمعيات والمنظمات الأهلية بروتوكول تعاون مع محافظة أسوان.",
    "وتناول اللقاء سبل دعم المهاجرين واللاجئين في مصر وتوفير فرص العمل للشباب.",
)
SENTENCES = (HEALTH, ATTENDEES, UNHCR, TWO_POSTS, *EXTRA)


def corpus(count: int, seed: int = 7) -> list[Article]:
    """`count` articles of 4-8 sentences drawn from SENTENCES."""
    rng = random.Random(seed)
    articles = []
    for i in range(count):
        text = "\n".join(rng.choice(SENTENCES) for _ in range(rng.randint(4, 8)))
        articles.append(Article(id=f"b{i:05d}", path=f"b{i:05d}.txt", text=text,
                                sha256=hashlib.sha256(text.encode()).hexdigest(),
                                zones=(Zone("body", 0, len(text)),)))
    return articles


def gazetteer_regex() -> re.Pattern:
    """All organisation and place variants of the gazetteer (kg/rules/organisations.yaml,
    places.yaml) as one normalised alternation."""
    orgs = yaml.safe_load((RULES_DIR / "organisations.yaml").read_text(encoding="utf-8"))["organizations"]
    places = yaml.safe_load((RULES_DIR / "places.yaml").read_text(encoding="utf-8"))["places"]
    names = {normalize(v).text for entry in orgs + places
             for v in entry.get("variants", []) + entry.get("adjectives", [])}
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    articles = corpus(args.articles)
    extract_article(articles[0])  # load rules once
    t0 = time.perf_counter()
    mentions = sum(len(extract_article(a).mentions) for a in articles)
    extraction_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for a in articles:
        extract_actors(a)
    actors_s = time.perf_counter() - t0
    pattern = gazetteer_regex()
    t0 = time.perf_counter()
    hits = sum(len(pattern.findall(normalize(a.text).text)) for a in articles)
    regex_s = time.perf_counter() - t0
    print(f"articles: {len(articles)}  mentions: {mentions}  gazetteer regex hits: {hits}")
    print(f"extraction:     {len(articles) / extraction_s:10.1f} articles/s  ({extraction_s:.2f} s)")
    print(f"actors stage:   {len(articles) / actors_s:10.1f} articles/s  ({actors_s:.2f} s)")
    print(f"gazetteer regex: {len(articles) / regex_s:10.1f} articles/s  ({regex_s:.2f} s)")
    print(f"ratio extraction/regex time: {extraction_s / regex_s:.1f}x  (actors stage: {actors_s / regex_s:.1f}x)")


if __name__ == "__main__":
    main()
