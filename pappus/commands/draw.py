"""`pappus draw`: the figure of one problem, as SVG or PNG."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import CommandLineError, problem_sources, select


def run(
    file: str,
    name: str | None,
    out: str,
    *,
    seed: int = 0,
    dpi: int = 200,
    highlight_goal: bool = True,
) -> None:
    """Realize problem `name` of `file` and draw it to `out` (format from the suffix)."""
    from symbolic import figure

    out_path = Path(out)
    figure.check_format(out_path)  # before any work
    if not out_path.parent.is_dir():
        raise CommandLineError(f"error: cannot write {out}: no directory {str(out_path.parent)!r}")
    sources = problem_sources(file)
    if name is None:
        if len(sources) != 1:
            names = ", ".join(s.name for s in sources[:5]) + (", ..." if len(sources) > 5 else "")
            raise CommandLineError(
                f"error: {file} holds {len(sources)} problems; name the one to draw\n"
                f"  hint: for example: {names}")
        source = sources[0]
    else:
        source = select(sources, [name], where=file)[0]
    problem = source.parse()

    from symbolic.diagram import realize

    diagram = realize(problem, seed, require_goal=False)
    if problem.goal is not None and not diagram.goal_holds():
        typer.echo(f"warning: the goal {problem.goal} does not hold in this figure", err=True)
    figure.draw(diagram, out_path, highlight_goal=highlight_goal, dpi=dpi)
    typer.echo(f"wrote {out_path}", err=True)
