"""`pappus stats`: what a dataset directory holds, as a table, JSON and PNG plots."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .common import CommandLineError


def dataset_dir(path: str) -> Path:
    """`path` as a dataset directory, or a `CommandLineError` saying why it is not one."""
    from generator.dataset import is_dataset_dir

    p = Path(path)
    if not p.exists():
        raise CommandLineError(f"error: {path}: no such directory")
    if not is_dataset_dir(p):
        raise CommandLineError(f"error: {path} is not a dataset directory "
                               "(no manifest.json, no data/*.parquet)")
    return p


def rule_names() -> dict[str, str]:
    """Rule id to rule name, for the table (empty if the rules file cannot be read)."""
    from symbolic.errors import PappusError
    from symbolic.rules import rules_by_id

    try:
        return {rid: rule.name for rid, rule in rules_by_id().items()}
    except (OSError, PappusError):
        return {}


def run(path: str, plots: str | None = None, as_json: bool = False, dpi: int = 100) -> int:
    """Print the statistics of the dataset at `path`; with `plots`, write PNGs there."""
    from generator.dataset_stats import format_stats, plot_stats, summarize

    root = dataset_dir(path)
    stats = summarize(root)
    if as_json:
        typer.echo(json.dumps(stats.to_json(), indent=1))
    else:
        typer.echo(format_stats(stats, rule_names()))
    if plots is not None:
        try:
            written = plot_stats(stats, plots, dpi=dpi)
        except OSError as exc:
            raise CommandLineError(f"error: cannot write plots to {plots}: "
                                   f"{exc.strerror or exc}") from None
        for out in written:
            typer.echo(f"wrote {out}", err=True)
    return 0
