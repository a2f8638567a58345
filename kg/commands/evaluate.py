"""`kg eval GOLD.yaml`: read, extract and resolve the gold's articles, then score them."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click
import yaml

from kg import evaluate as scoring
from kg.evaluate import CLASSES, LEVELS, Report
from kg.paths import SEEDS_DIR


def load_gold(path: str | Path) -> dict:
    """The gold file as a dict; ValueError naming the file when it is not a gold mapping."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: cannot read gold file: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("seeds"), list):
        raise ValueError(f"{path}: not a gold file (needs a 'seeds' list)")
    return data


def gold_files(gold: dict) -> list[str]:
    """The article file names the gold annotates (meta.files, else each seed's file)."""
    files = (gold.get("meta") or {}).get("files") or [s["file"] for s in gold["seeds"]]
    return [str(f) for f in files]


def articles_dir(gold_path: Path, gold: dict, given: str | None) -> Path:
    """--articles, else a 'seeds' folder beside the gold, the gold's own folder, or the repo's seeds/."""
    if given:
        return Path(given)
    first = gold_files(gold)[0]
    for candidate in (gold_path.parent / "seeds", gold_path.parent, SEEDS_DIR):
        if (candidate / first).exists():
            return candidate
    return SEEDS_DIR


def run_pipeline(paths: list[Path]):
    """read -> extract -> resolve; returns (articles, resolution, per-file errors)."""
    try:
        from kg.extract import extract_article
        from kg.reading import iter_articles
        from kg.resolve import resolve
    except ImportError as error:
        raise RuntimeError(f"pipeline stage not available: {error}") from error

    articles, errors = [], []
    for item in iter_articles(paths):
        (articles if hasattr(item, "text") else errors).append(item)
    extractions = [extract_article(article) for article in articles]
    return articles, resolve(extractions), errors


def score_gold(gold_path: str | Path, articles: str | Path | None = None) -> tuple[Report, list]:
    """Run the pipeline on the gold's articles and score them; returns the report and read errors."""
    gold_path = Path(gold_path)
    gold = load_gold(gold_path)
    folder = articles_dir(gold_path, gold, None if articles is None else str(articles))
    missing = [name for name in gold_files(gold) if not (folder / name).exists()]
    if missing:
        raise FileNotFoundError(f"{folder}: gold articles not found: {', '.join(missing)}")
    read, resolution, errors = run_pipeline([folder / name for name in gold_files(gold)])
    return scoring.evaluate(gold, read, resolution), errors


def score_links(gold_path: str | Path, articles: str | Path | None = None, verified: Path | None = None):
    """Wikidata link precision/recall on the gold's articles, against `verified` (default: a
    wikidata-verified.tsv beside the gold file); None when there is no such table."""
    from kg import linking
    from kg.linking.evaluation import link_scores

    gold_path = Path(gold_path)
    verified = verified or gold_path.with_name("wikidata-verified.tsv")
    if not verified.exists():
        return None
    gold = load_gold(gold_path)
    folder = articles_dir(gold_path, gold, None if articles is None else str(articles))
    _, resolution, _ = run_pipeline([folder / name for name in gold_files(gold)])
    return link_scores(linking.link(resolution), verified)


def _ratio(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.3f}"


def format_table(report: Report) -> list[str]:
    """One row per class: found/total per level, recall (MUST+SHOULD), precision."""
    head = f"{'class':<13}" + "".join(f"{lv:>9}" for lv in LEVELS) + f"{'recall':>9}{'precision':>11}{'nodes':>7}"
    rows = [head, "-" * len(head)]
    for score in report.scores:
        cells = "".join(f"{f'{f}/{t}':>9}" for f, t in zip(score.found, score.total))
        rows.append(f"{score.cls:<13}{cells}{_ratio(score.recall):>9}{_ratio(score.precision):>11}"
                    f"{score.all_nodes:>7}")
    rows.append("-" * len(head))
    per_level = "  ".join(f"{lv} recall {_ratio(report.recall(lv))}" for lv in LEVELS[:2])
    rows.append(f"all: {per_level}  recall {_ratio(report.recall())}  precision {_ratio(report.precision())}")
    return rows


def format_report(report: Report, show_misses: bool = True) -> str:
    """The table, then misses, false positives and must_not violations, for a person."""
    lines = format_table(report)
    if show_misses:
        misses = [f for cls in CLASSES for f in report.misses() if f.item.cls == cls]
        lines += ["", f"misses ({len(misses)}):"]
        lines += [f"  {f.item.level:<6} {f.item.cls:<12} {f.item.ident}"
                  + (f"  {f.item.names[0]}" if f.item.names else "") for f in misses]
        lines += ["", f"false positives ({len(report.false_positives)}):"]
        lines += [f"  {fp.article:<6} {fp.cls:<12} {fp.label}" for fp in report.false_positives]
    lines += ["", f"must_not violations ({len(report.violations)}):"]
    lines += [f"  {v}" for v in report.violations]
    lines += [f"not scored (article not given): {name}" for name in report.skipped]
    return "\n".join(lines)


def report_json(report: Report) -> dict:
    """The report for machines: scores with recall/precision, findings, false positives, violations."""
    data = asdict(report)
    for score, raw in zip(report.scores, data["scores"]):
        raw.update(recall=score.recall, precision=score.precision)
    data["recall"] = {lv: report.recall(lv) for lv in LEVELS[:2]} | {"all": report.recall()}
    data["precision"] = report.precision()
    return data


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--articles", type=click.Path(exists=True, file_okay=False),
              help="Folder with the gold's articles (default: beside the gold, else seeds/).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--show-misses", is_flag=True, help="List misses and false positives too.")
def evaluate_command(gold: str, articles: str | None, as_json: bool, show_misses: bool) -> None:
    """Score extraction on GOLD.yaml: precision and recall per class and level."""
    try:
        report, errors = score_gold(gold, articles)
    except (ValueError, FileNotFoundError, RuntimeError) as error:
        raise click.ClickException(str(error)) from error
    for error in errors:
        click.echo(f"error: {error}", err=True)
    links = score_links(gold, articles)
    if as_json:
        data = report_json(report)
        if links is not None:
            data["wikidata_links"] = {"precision": links.precision, "recall": links.recall,
                                      "correct": links.correct, "wrong": links.wrong,
                                      "missed": links.missed}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report, show_misses))
        if links is not None:
            click.echo("\n" + "\n".join(links.lines()))


evaluate = evaluate_command  # the name kg/cli.py COMMANDS points at
