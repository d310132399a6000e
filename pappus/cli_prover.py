"""`pappus` commands on problems and proofs: validate, draw, constructions, prove, solve,
bench, check.

Declared here, registered on the app in pappus/cli.py (which fixes their order in --help).
"""

from __future__ import annotations

from typing import Annotated

import typer

from pappus.commands.common import DialectOption, cli_errors

FILE_HELP = "A problem file (or imo_ag_30, jgex_ag_231: the packaged benchmark sets)."


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


def constructions(
    names: Annotated[list[str] | None, typer.Argument(
        metavar="[NAME...]", help="Only these constructions.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead.")] = False,
) -> None:
    """List the constructions of the problem language: usage and the facts each asserts."""
    from pappus.commands import constructions as command

    with cli_errors():
        command.run(names or [], as_json)


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
