"""`pappus generate`: write a dataset of verified, unique theorems."""

from __future__ import annotations

import typer

from generator.config import GeneratorConfig
from generator.pipeline import generate
from pappus.commands.common import CommandLineError


def run(config: GeneratorConfig, out: str, resume: bool, progress: bool = True) -> int:
    if config.count < 1:
        raise CommandLineError("--count must be at least 1")
    if config.aux_fraction is not None and not 0 <= config.aux_fraction <= 1:
        raise CommandLineError("--aux-fraction must be between 0 and 1")
    if config.backend not in ("local", "ray"):
        raise CommandLineError(f"unknown backend {config.backend!r}: use local or ray")
    summary = generate(config, out, resume=resume, progress=progress)
    rate = summary.written / summary.seconds * 3600 / max(config.workers, 1) \
        if summary.seconds else 0.0
    aux = summary.with_aux / summary.written if summary.written else 0.0
    dup = summary.duplicates / summary.candidates if summary.candidates else 0.0
    typer.echo(
        f"wrote {summary.written} theorems to {out} from {summary.samples} samples in "
        f"{summary.seconds:.1f} s ({rate:,.0f} per core-hour, {aux:.0%} with auxiliary "
        f"points, {dup:.0%} duplicates dropped)")
    if summary.interrupted:
        typer.echo(f"interrupted: complete shards are kept; continue with "
                   f"`pappus generate --out {out} --resume` and the same settings", err=True)
        return 130
    return 0
