"""`pappus draw`: the figure of one problem, as SVG or PNG."""

from __future__ import annotations

import typer

from .common import answer_about, check_writable, pick_source


def run(
    file: str,
    name: str | None,
    out: str,
    *,
    seed: int = 0,
    dpi: int = 200,
    highlight_goal: bool = True,
    dialect: str = "alphageometry",
) -> None:
    """Realize problem `name` of `file` and draw it to `out` (format from the suffix)."""
    from symbolic import figure

    figure.check_format(out)  # before any work
    out_path = check_writable(out)
    source = pick_source(file, name, "draw", dialect)
    problem = source.parse()

    from symbolic.diagram import realize

    with answer_about(source):  # an unrealizable problem: exit 1, like validate
        diagram = realize(problem, seed, require_goal=False)
    if problem.goal is not None and not diagram.goal_holds():
        typer.echo(f"warning: the goal {problem.goal} does not hold in this figure", err=True)
    figure.draw(diagram, out_path, highlight_goal=highlight_goal, dpi=dpi)
    typer.echo(f"wrote {out_path}", err=True)
