"""`pappus generate`: write a dataset of verified, unique theorems."""

from __future__ import annotations

import typer

from generator.config import GeneratorConfig
from generator.pipeline import RunSummary, generate
from pappus.commands.common import INTERRUPTED_EXIT_CODE

FAILURES_SHOWN = 3


def benchmark_files() -> tuple[str, ...]:
    """The packaged benchmark problem files, which generated records must not state."""
    from pappus.problems import BENCHMARK_SETS, benchmark_file

    return tuple(str(benchmark_file(name)) for name in BENCHMARK_SETS)


def summary_lines(summary: RunSummary, config: GeneratorConfig, out: str) -> list[str]:
    """What the run did, for stdout: this run's records, time and rate (a resumed run's
    own, not the dataset's), then rejections by reason and failed samples, if any."""
    aux = summary.with_aux / summary.written if summary.written > 0 else 0.0
    dup = summary.duplicates / summary.candidates if summary.candidates else 0.0
    rejected = sum(summary.rejected.values())
    lines = [
        f"wrote {summary.written} theorems to {out} ({summary.total} in the dataset) from "
        f"{summary.samples} samples in {summary.seconds:.1f} s "
        f"({summary.per_core_hour(config.workers):,.0f} per core-hour, {aux:.0%} with "
        f"auxiliary points, {dup:.0%} duplicates dropped, {rejected} rejected)"]
    manifest = f"{out.rstrip('/')}/manifest.json"
    if rejected:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(summary.rejected.items()))
        lines.append(f"rejected by verification (a prover bug; see {manifest}): {reasons}")
    if summary.failed:
        n = len(summary.failed)
        shown = "; ".join(f"sample {f['sample']} (seed {f['seed']}): {f['error']}"
                          for f in summary.failed[:FAILURES_SHOWN])
        more = f"; and {n - FAILURES_SHOWN} more" if n > FAILURES_SHOWN else ""
        lines.append(f"{n} sample{'s' if n > 1 else ''} failed (see {manifest}): "
                     f"{shown}{more}")
    return lines


def run(config: GeneratorConfig, out: str, resume: bool, progress: bool = True) -> int:
    config.validate()  # every option, before anything is written (exit 2 with a hint)
    summary = generate(config, out, resume=resume, progress=progress)
    for line in summary_lines(summary, config, out):
        typer.echo(line)
    if summary.interrupted:
        typer.echo(f"interrupted: complete shards are kept; continue with "
                   f"`pappus generate --out {out} --resume` and the same settings", err=True)
        return INTERRUPTED_EXIT_CODE
    return 0
