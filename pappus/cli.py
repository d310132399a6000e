"""The `pappus` console script: each command parses its options and calls library code.

Every Pappus error is caught here and printed to stderr, with its exit code: 2 for bad
input or usage, 1 for a clean negative answer (a false goal, an unrealizable problem);
Ctrl-C exits 130. README.md, "Exit codes", has the convention for every command.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pappus.commands.common import DialectOption, cli_errors

FILE_HELP = "A problem file (or imo_ag_30, jgex_ag_231: the packaged benchmark sets)."

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Pappus: olympiad geometry.",
    pretty_exceptions_show_locals=False,
)


@app.command()
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


@app.command()
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


@app.command()
def validate(
    args: Annotated[list[str], typer.Argument(
        metavar="FILE|NAME",
        help="Problem files (or imo_ag_30, jgex_ag_231: the packaged sets), then optionally "
             "the names of the problems to check.")],
    json_out: Annotated[str | None, typer.Option(
        "--json", metavar="OUT",
        help="Write [{name, status, message}, ...] to OUT ('-' for stdout).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the numeric diagrams.")] = 0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1,
                                      help="Worker processes.")] = 1,
    dialect: DialectOption = "alphageometry",
) -> None:
    """Parse, realize and numerically check the goal of every problem.

    Each problem gets a status: ok, parse_error, unrealizable or goal_false.

    Exit code: 0 all ok, 1 some unrealizable or false, 2 some do not parse.
    """
    from pappus.commands import validate as command

    with cli_errors():
        code = command.run(args, json_out, seed, jobs, dialect)
    raise typer.Exit(code)


@app.command()
def draw(
    file: Annotated[str, typer.Argument(help=FILE_HELP)],
    out: Annotated[str, typer.Option("--out", "-o", metavar="OUT.svg|OUT.png",
                                     help="The figure to write; format from the suffix.")],
    name: Annotated[str | None, typer.Argument(
        help="The problem to draw (optional if the file holds one).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the numeric diagram.")] = 0,
    dpi: Annotated[int, typer.Option(min=20, max=1200, help="PNG resolution.")] = 200,
    highlight: Annotated[bool, typer.Option(
        "--highlight/--no-highlight", help="Highlight the goal's objects.")] = True,
    dialect: DialectOption = "alphageometry",
) -> None:
    """Draw a problem's figure: labelled points, its lines and circles, the goal highlighted.

    Exit code: 0 written (a false goal only warns), 1 unrealizable, 2 bad input.
    """
    from pappus.commands import draw as command

    with cli_errors():
        command.run(file, name, out, seed=seed, dpi=dpi, highlight_goal=highlight,
                    dialect=dialect)


@app.command()
def constructions(
    names: Annotated[list[str] | None, typer.Argument(
        metavar="[NAME...]", help="Only these constructions.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead.")] = False,
) -> None:
    """List the constructions of the problem language: usage and the facts each asserts."""
    from pappus.commands import constructions as command

    with cli_errors():
        command.run(names or [], as_json)


@app.command()
def prove(
    file: Annotated[str, typer.Argument(help=FILE_HELP)],
    name: Annotated[str | None, typer.Argument(
        help="The problem to prove (optional if the file holds one).")] = None,
    timeout: Annotated[float, typer.Option(min=0, help="Seconds the prover may run.")] = 120.0,
    json_out: Annotated[str | None, typer.Option(
        "--json", metavar="OUT",
        help="Write the proof JSON to OUT ('-' for stdout); for an unproved problem, its "
             "status and stop reason with no steps.")] = None,
    draw_out: Annotated[str | None, typer.Option(
        "--draw", metavar="OUT.svg|OUT.png", help="Draw the problem's figure.")] = None,
    html_out: Annotated[str | None, typer.Option(
        "--html", metavar="OUT.html",
        help="Write the proof page: the figure beside the numbered steps, one file, "
             "no network.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the numeric diagram.")] = 0,
    dialect: DialectOption = "alphageometry",
) -> None:
    """Prove one problem and print the readable proof.

    Exit code: 0 proved, 1 not proved (also a false goal, an unrealizable problem), 2 bad input.
    """
    from pappus.commands import prove as command

    with cli_errors():
        code = command.run(file, name, timeout=timeout, seed=seed, json_out=json_out,
                           draw_out=draw_out, dialect=dialect, html_out=html_out)
    raise typer.Exit(code)


@app.command()
def solve(
    file: Annotated[str, typer.Argument(help=FILE_HELP)],
    name: Annotated[str | None, typer.Argument(
        help="The problem to solve (optional if the file holds one).")] = None,
    proposer: Annotated[str, typer.Option(
        help="Where auxiliary clauses come from: heuristic, random, model (a trained "
             "model; needs the 'neural' extra) or ensemble (model and heuristic).")]
    = "heuristic",
    model: Annotated[str | None, typer.Option(
        metavar="DIR", help="With --proposer model|ensemble: the model folder (written by "
                            "`pappus train`; default: the shipped checkpoint).")] = None,
    timeout: Annotated[float, typer.Option(
        min=0, help="Seconds for the whole problem, DD+AR included.")] = 300.0,
    max_calls: Annotated[int, typer.Option(
        min=1, help="Prover calls (saturations of a node; DD+AR counts as one).")] = 1024,
    beam: Annotated[int, typer.Option(min=1, help="Nodes kept per level.")] = 8,
    depth: Annotated[int, typer.Option(min=1, help="Most auxiliary clauses.")] = 3,
    proposals: Annotated[int | None, typer.Option(
        min=1, help="Candidate clauses asked of the proposer per node below the root "
                    "(default: sized to --max-calls).")] = None,
    strategy: Annotated[str, typer.Option(
        help="best-first (the most promising clause sequences first, at any depth) or "
             "beam (level by level, --beam nodes a level).")] = "best-first",
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1,
                                      help="Worker processes growing nodes.")] = 1,
    json_out: Annotated[str | None, typer.Option(
        "--json", metavar="OUT",
        help="Write the proof JSON (with its auxiliary clauses) to OUT ('-' for stdout).")]
    = None,
    draw_out: Annotated[str | None, typer.Option(
        "--draw", metavar="OUT.svg|OUT.png",
        help="Draw the figure, auxiliary points included.")] = None,
    html_out: Annotated[str | None, typer.Option(
        "--html", metavar="OUT.html",
        help="Write the proof page: the figure beside the numbered steps, one file, "
             "no network.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the diagram and the proposer.")] = 0,
    dialect: DialectOption = "alphageometry",
) -> None:
    """Prove one problem, adding auxiliary points by search where DD+AR alone falls short.

    Prints the proof with an "Auxiliary constructions" section, or the stop reason.
    Exit code: 0 proved, 1 not proved, 2 bad input.
    """
    from neural.search import SearchConfig
    from pappus.commands import solve as command

    with cli_errors():
        config = _search_config(proposer=proposer, timeout=timeout, max_calls=max_calls,
                                beam=beam, depth=depth, proposals=proposals,
                                strategy=strategy, workers=jobs, seed=seed, model=model)
        assert isinstance(config, SearchConfig)
        code = command.run(file, name, config, json_out=json_out, draw_out=draw_out,
                           dialect=dialect, html_out=html_out)
    raise typer.Exit(code)


def _search_config(**options: object) -> object:
    """A SearchConfig, or a CommandLineError naming the bad option."""
    from neural.proposers import make_proposer
    from neural.search import SearchConfig
    from pappus.commands.common import CommandLineError

    try:
        config = SearchConfig(**options)  # type: ignore[arg-type]
    except ValueError as exc:
        raise CommandLineError(f"error: {exc}") from None
    # an unknown proposer, a missing model or extra fails here, clearly
    make_proposer(config.proposer, **config.proposer_options())
    return config


@app.command()
def bench(
    files: Annotated[list[str], typer.Argument(
        metavar="FILE...", help="Problem files (or imo_ag_30, jgex_ag_231: the packaged sets).")],
    timeout: Annotated[float, typer.Option(
        min=0, help="Seconds per problem; a worker still busy after the grace period "
                    "too is killed and the problem counted as a timeout.")] = 120.0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1,
                                      help="Problems proved in parallel.")] = 1,
    out: Annotated[str, typer.Option(
        "--out", "-o", metavar="DIR",
        help="Folder for results.csv, proofs/ and summary.json.")] = "bench-results",
    names: Annotated[str | None, typer.Option(
        metavar="N1,N2", help="Only these problems (comma-separated names).")] = None,
    grace: Annotated[float | None, typer.Option(
        min=0, help="Seconds past --timeout before a worker is killed "
                    "(default: 10% of the timeout, at least 2 s).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the numeric diagrams.")] = 0,
    search: Annotated[str | None, typer.Option(
        metavar="PROPOSER",
        help="Where DD+AR fails, search for auxiliary points (heuristic, random, model or "
             "ensemble); "
             "--timeout is then each problem's whole search.")] = None,
    max_calls: Annotated[int, typer.Option(
        min=1, help="With --search: prover calls per problem.")] = 1024,
    model: Annotated[str | None, typer.Option(
        metavar="DIR", help="With --search model|ensemble: the model folder (default: the "
                            "shipped checkpoint).")] = None,
    dialect: DialectOption = "alphageometry",
) -> None:
    """Prove every problem of FILE..., each in a worker process under a hard time limit.

    Writes DIR/results.csv (a row per problem), DIR/proofs/NAME.json and DIR/summary.json.

    Prints a table per file, then `solved X/Y`. Ctrl-C stops and keeps what was written.

    Exit code: 0 the run finished (whatever it solved), 2 some problem does not parse.
    """
    from pappus.commands import bench as command

    selected = tuple(n.strip() for n in (names or "").split(",") if n.strip())
    config = command.BenchConfig(tuple(files), out=out, timeout=timeout, jobs=jobs,
                                 names=selected, grace=grace, seed=seed, search=search,
                                 max_calls=max_calls, dialect=dialect, model=model)
    with cli_errors():
        code = command.run(config)
    raise typer.Exit(code)


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH...",
        help="Proof JSON files, folders to search for *.json, or dataset directories.")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1,
                                      help="Worker processes.")] = 1,
) -> None:
    """Check proofs with the independent checker.

    A dataset directory (one with manifest.json or data/*.parquet) is checked record by
    record. Prints one line per invalid proof or record, then `checked N/M valid`.
    Exit code: 0 all valid, 1 some invalid or unreadable, 2 a missing path or nothing found.
    """
    from pappus.commands import check as command

    with cli_errors():
        code = command.run(paths, jobs)
    raise typer.Exit(code)


@app.command()
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


@app.command()
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


@app.command()
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


@app.command()
def train(
    data: Annotated[list[str], typer.Option(
        "--data", metavar="DIR", help="A dataset directory (repeat for several).")],
    out: Annotated[str, typer.Option("--out", "-o", metavar="MODEL_DIR",
                                     help="Where the model and its files go.")],
    device: Annotated[str, typer.Option(help="auto (CUDA if there is one), cpu or cuda.")]
    = "auto",
    size: Annotated[str, typer.Option(
        help="Model size: tiny (~0.15M parameters), mini (~0.9M), small (~4.9M), "
             "medium (~14M), large (~26M).")] = "mini",
    steps: Annotated[int, typer.Option(min=1, help="Optimizer steps in all.")] = 2000,
    batch_size: Annotated[int, typer.Option(min=1, help="Examples a step.")] = 32,
    lr: Annotated[float, typer.Option(min=0, help="Peak learning rate.")] = 1e-3,
    eval_every: Annotated[int, typer.Option(
        min=1, help="Steps between validation losses and checkpoints.")] = 250,
    needed_only: Annotated[bool, typer.Option(
        "--needed-only", help="Only records whose auxiliary clauses are needed.")] = False,
    augment: Annotated[int, typer.Option(
        min=0, help="Other premise orders of each training record (the same figure "
                    "under other point names).")] = 0,
    dropout: Annotated[float, typer.Option(min=0, max=0.9, help="Dropout rate.")] = 0.0,
    per_figure: Annotated[int, typer.Option(
        min=0, help="Most training records of one premise set (0: no limit).")] = 0,
    seed: Annotated[int, typer.Option(help="Seed: same seed and data, same model.")] = 0,
    resume: Annotated[bool, typer.Option(
        help="Continue the run in MODEL_DIR from its last checkpoint (same options).")]
    = False,
) -> None:
    """Train the proposer model on the verified records of --data (needs the 'neural'
    extra): it learns to write the next auxiliary clause given the premises, the goal
    and the clauses before.

    Trains on the datasets' train split and reports the loss on their validation split.
    Writes model.safetensors, config.json, tokenizer.json and loss.png into MODEL_DIR;
    prints a JSON summary on stdout. Ctrl-C keeps the last checkpoint; --resume goes on.
    """
    from pappus.commands import train as command

    options = dict(device=device, size=size, steps=steps, batch_size=batch_size, lr=lr,
                   min_lr=min(lr, 1e-4), eval_every=eval_every, needed_only=needed_only,
                   augment=augment, dropout=dropout, per_figure=per_figure, seed=seed)
    with cli_errors():
        code = command.run(data, out, options, resume)
    raise typer.Exit(code)


@app.command()
def loop(
    out: Annotated[str, typer.Option("--out", "-o", metavar="RUN_DIR",
                                     help="The run folder (state, data, models, reports).")],
    rounds: Annotated[int, typer.Option(min=0, help="Rounds after round 0.")] = 5,
    calls: Annotated[int | None, typer.Option(
        min=1, help="Prover calls a problem (pool search and evaluation); default: the "
                    "config's.")] = None,
    config: Annotated[str, typer.Option(
        "--config", help="Named settings: small (2 CPU cores, ~6 CPU-hours for 5 rounds) "
                         "or gpu.")] = "small",
    model: Annotated[str | None, typer.Option(
        "--model", metavar="DIR", help="Start from this trained model instead of "
                                       "training one in round 0.")] = None,
    seed: Annotated[int | None, typer.Option(help="Run seed (default 0).")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Processes for generation and search.")] = None,
    resume: Annotated[bool, typer.Option(
        help="Continue the run in RUN_DIR from its last finished step.")] = False,
) -> None:
    """Expert iteration on verified proofs (needs the 'neural' extra): each round, search
    fresh hard problems with the current model, check every proof, fine-tune on the
    corpus plus the checked proofs, and evaluate on a frozen test pool and the benchmark
    problems DD+AR misses, all at the same prover-call budget.

    Writes table.md, curve.png and trust.md into RUN_DIR and prints the rows as JSON.
    Ctrl-C keeps every finished step; --resume continues with the same result.
    """
    from pappus.commands import loop as command

    overrides = dict(calls=calls, base_model=model, seed=seed, workers=workers)
    with cli_errors():
        code = command.run(out, rounds, config, overrides, resume)
    raise typer.Exit(code)


def main() -> None:
    """Entry point of the `pappus` console script."""
    app()


if __name__ == "__main__":
    main()
