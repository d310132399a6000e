"""The `pappus` console script: each command parses its options and calls library code.

Every Pappus error is caught here and printed to stderr (exit code 2); Ctrl-C exits 130.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pappus.commands.common import cli_errors

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Pappus: olympiad geometry.",
    pretty_exceptions_show_locals=False,
)


@app.command()
def demo() -> None:
    """Run the main job end to end (placeholder until the pipeline lands)."""
    typer.echo("pappus demo")


@app.command()
def validate(
    args: Annotated[list[str], typer.Argument(
        metavar="FILE|NAME",
        help="Problem files, then optionally the names of the problems to check.")],
    json_out: Annotated[str | None, typer.Option(
        "--json", metavar="OUT",
        help="Write [{name, status, message}, ...] to OUT ('-' for stdout).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the numeric diagrams.")] = 0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1,
                                      help="Worker processes.")] = 1,
) -> None:
    """Parse, realize and numerically check the goal of every problem.

    Each problem gets a status: ok, parse_error, unrealizable or goal_false.

    Exit code: 0 all ok, 1 some unrealizable or false, 2 some do not parse.
    """
    from pappus.commands import validate as command

    with cli_errors():
        code = command.run(args, json_out, seed, jobs)
    raise typer.Exit(code)


@app.command()
def draw(
    file: Annotated[str, typer.Argument(help="A problem file.")],
    out: Annotated[str, typer.Option("--out", "-o", metavar="OUT.svg|OUT.png",
                                     help="The figure to write; format from the suffix.")],
    name: Annotated[str | None, typer.Argument(
        help="The problem to draw (optional if the file holds one).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the numeric diagram.")] = 0,
    dpi: Annotated[int, typer.Option(min=20, max=1200, help="PNG resolution.")] = 200,
    highlight: Annotated[bool, typer.Option(
        "--highlight/--no-highlight", help="Highlight the goal's objects.")] = True,
) -> None:
    """Draw a problem's figure: labelled points, its lines and circles, the goal highlighted."""
    from pappus.commands import draw as command

    with cli_errors():
        command.run(file, name, out, seed=seed, dpi=dpi, highlight_goal=highlight)


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


def main() -> None:
    """Entry point of the `pappus` console script."""
    app()
