"""`pappus` commands that make and inspect datasets: demo, generate, stats, show, browse.

Declared here, registered on the app in pappus/cli.py (which fixes their order in --help).
"""

from __future__ import annotations

from typing import Annotated

import typer

from pappus.commands.common import cli_errors


def demo(
    out: Annotated[str, typer.Option("--out", "-o", help="Where to put the demo's outputs.")]
    = "runs/demo",
    count: Annotated[int, typer.Option(min=1, help="Theorems to generate.")] = 200,
) -> None:
    """The main job on a small scale: generate a verified dataset, show its statistics,
    re-check every record with the independent checker, and prove (and check) a benchmark
    problem. Exit code 1 if a check fails."""
    from pappus.commands import demo as command

    with cli_errors():
        code = command.run(out, count)
    raise typer.Exit(code)


def generate(
    out: Annotated[str, typer.Option("--out", "-o", help="Dataset directory.")],
    count: Annotated[int, typer.Option("--count", "-n", help="Theorems to write.")] = 1000,
    seed: Annotated[int, typer.Option(help="Run seed: same seed and settings, same data.")]
    = 0,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1,
                                         help="Worker processes (or Ray CPUs).")] = 1,
    backend: Annotated[str, typer.Option(help="local (process pool) or ray.")] = "local",
    ray_address: Annotated[str | None, typer.Option(
        help="Join this Ray cluster (default: start a local Ray).")] = None,
    preset: Annotated[str | None, typer.Option(
        help="Named settings: aux (training data: only verified theorems that need "
             "auxiliary points). Explicit options override it.")] = None,
    aux_fraction: Annotated[float | None, typer.Option(
        help="Share of theorems that need auxiliary points (0 to 1; default: natural).")]
    = None,
    min_steps: Annotated[int, typer.Option(min=1, help="Minimum deduction steps.")] = 2,
    needed_aux_only: Annotated[bool | None, typer.Option(
        "--needed-aux-only/--any-aux",
        help="Keep auxiliary points only where the prover cannot do without them.",
        show_default=False)] = None,
    sampling: Annotated[str | None, typer.Option(
        help="Sampling profile: default, or aux (shapes that hide facts deduction misses)."
    )] = None,
    min_points: Annotated[int, typer.Option(min=3, help="Fewest points per sample.")] = 8,
    max_points: Annotated[int, typer.Option(min=3, help="Most points per sample.")] = 14,
    max_facts: Annotated[int, typer.Option(
        min=1, help="Facts one sample may derive (the deterministic budget).")] = 20_000,
    timeout: Annotated[float, typer.Option(
        help="Wall-clock safety net per sample (s); reproducible while no sample hits it.")]
    = 120.0,
    resume: Annotated[bool, typer.Option(help="Continue an interrupted run in OUT.")] = False,
    max_samples: Annotated[int | None, typer.Option(
        help="Stop after this many samples even if short of --count.")] = None,
    max_per_sample: Annotated[int, typer.Option(
        min=1, help="Most theorems taken from one sample.")] = 200,
    shard_samples: Annotated[int | None, typer.Option(
        min=1, help="Samples per Parquet shard (default 100; 1000 with --preset aux).")]
    = None,
    neighbours: Annotated[int | None, typer.Option(
        min=0, help="Problems drawn around each sample that gave records, its premises "
                    "kept (default 0; 2 with --preset aux).")] = None,
    decontaminate: Annotated[bool, typer.Option(
        help="Drop records that state an IMO-AG-30 or JGEX-AG-231 problem.")] = True,
) -> None:
    """Generate verified, deduplicated theorems with proofs into Parquet shards.

    Progress shows theorems per second, the duplicate rate and the auxiliary share.
    Ctrl-C keeps every complete shard; --resume continues exactly where it stopped.
    """
    from generator.config import config_from_options
    from pappus.commands import generate as command

    with cli_errors():
        config = config_from_options(
            preset, count=count, seed=seed, workers=workers, backend=backend,
            ray_address=ray_address, aux_fraction=aux_fraction, min_steps=min_steps,
            min_points=min_points, max_points=max_points, saturation_timeout=timeout,
            max_samples=max_samples, max_facts=max_facts, max_per_sample=max_per_sample,
            shard_samples=shard_samples, needed_aux_only=needed_aux_only, sampling=sampling,
            neighbours=neighbours,
            decontaminate=command.benchmark_files() if decontaminate else ())
        code = command.run(config, out, resume)
    raise typer.Exit(code)


def stats(
    path: Annotated[str, typer.Argument(metavar="DIR", help="A dataset directory.")],
    plots: Annotated[str | None, typer.Option(
        "--plots", metavar="OUTDIR",
        help="Write PNG plots there: proof lengths, goal predicates, rules, aux points.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead.")] = False,
    dpi: Annotated[int, typer.Option(min=20, max=1200, help="PNG resolution.")] = 100,
) -> None:
    """Summarize a dataset: counts, goal predicates, proof lengths, rules used.

    Prints records, unique ids, aux share, goal predicate counts, proof length, points and
    premises (min/median/mean/max) and the top rules; `--plots` also writes PNG charts.
    """
    from pappus.commands import stats as command

    with cli_errors():
        code = command.run(path, plots, as_json=as_json, dpi=dpi)
    raise typer.Exit(code)


def show(
    path: Annotated[str, typer.Argument(metavar="DIR", help="A dataset directory.")],
    record_id: Annotated[str, typer.Argument(
        metavar="ID", help="A record's id, or a unique prefix of it.")],
    draw_out: Annotated[str | None, typer.Option(
        "--draw", metavar="OUT.svg|OUT.png",
        help="Draw the full problem (auxiliary points included), the goal highlighted.")] = None,
    html_out: Annotated[str | None, typer.Option(
        "--html", metavar="OUT.html",
        help="Write the proof page: the figure beside the numbered steps, one file, "
             "no network.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the numeric diagram.")] = 0,
    dpi: Annotated[int, typer.Option(min=20, max=1200, help="PNG resolution.")] = 200,
) -> None:
    """Print one record of a dataset: problem, auxiliary clauses, goal, readable proof."""
    from pappus.commands import show as command

    with cli_errors():
        code = command.run(path, record_id, draw_out, seed=seed, dpi=dpi, html_out=html_out)
    raise typer.Exit(code)


def browse(
    path: Annotated[str, typer.Argument(metavar="DIR", help="A dataset directory.")],
    out: Annotated[str, typer.Option("--out", "-o", metavar="SITE_DIR",
                                     help="Where the site goes (new, empty, or an "
                                          "earlier site).")],
    seed: Annotated[int, typer.Option(help="Seed of the figures' diagrams.")] = 0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1,
                                      help="Worker processes laying out figures.")] = 1,
) -> None:
    """Write a static site that browses a dataset: a paged table of the records with
    filters (goal predicate, auxiliary points, proof length, split), each row opening its
    proof page (figure and steps, as `show --html`). Opens from file://, no server.

    Exit code: 0 written, 2 not a dataset or an unusable SITE_DIR.
    """
    from pappus.commands import browse as command

    with cli_errors():
        code = command.run(path, out, seed=seed, workers=jobs)
    raise typer.Exit(code)
