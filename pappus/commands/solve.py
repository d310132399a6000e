"""`pappus solve`: DD+AR, then a search over auxiliary constructions; prints the proof
with its auxiliary points, or the stop reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from .common import CommandLineError, check_writable, pick_source, progress_bar
from .pages import check_html_out, write_proof_html
from .prove import NOT_PROVED_EXIT_CODE, PROVED_EXIT_CODE, unproved_document, write_json

if TYPE_CHECKING:
    from neural.search import SearchConfig, SearchResult


def result_document(result: SearchResult) -> dict[str, Any]:
    """The proof JSON (with `aux`) of a solved problem plus the search's figures; for an
    unsolved one the same fields with `status`, `stop_reason` and no steps."""
    search = {"calls": result.calls, "nodes": result.nodes, "depth": result.depth,
              "proved_at_call": result.proved_at_call,
              "ddar": result.ddar_stop.value if result.ddar_stop else None,
              "dropped": dict(sorted(result.dropped.items()))}
    if result.proof is not None:
        data = result.proof.to_json()
        data.update(status=result.status, seconds=round(result.seconds, 3), search=search)
        return data
    data = unproved_document(result.problem, result.status, result.stop_line())
    data.update(seconds=round(result.seconds, 3), search=search)
    return data


def run(file: str, name: str | None, config: SearchConfig, *,
        json_out: str | None = None, draw_out: str | None = None,
        dialect: str = "alphageometry", html_out: str | None = None) -> int:
    """Solve problem `name` of `file`; returns the exit code (0 proved, 1 not proved)."""
    if json_out is not None and json_out != "-":
        check_writable(json_out)
    if draw_out is not None:
        from symbolic import figure

        figure.check_format(draw_out)
        check_writable(draw_out)
    check_html_out(html_out)
    problem = pick_source(file, name, "solve", dialect).parse()
    if problem.goal is None:
        raise CommandLineError(f"error: problem {problem.name!r} has no goal to prove")

    from neural.search import solve

    bar = progress_bar(config.max_calls, "solve")
    bar.unit = "call"

    def show(progress: Any) -> None:
        bar.n = progress.calls
        bar.set_postfix_str(f"nodes {progress.nodes}, depth {progress.depth}", refresh=True)

    try:
        result = solve(problem, config, on_progress=show)
    finally:
        bar.close()
    to_stderr = json_out == "-"
    if result.proved:
        assert result.proof is not None
        typer.echo(result.proof_text(), err=to_stderr)
        steps = len(result.proof.deductions())
        aux = len(result.proof.aux)
        typer.echo(f"proved in {result.seconds:.1f} s ({steps} steps, {aux} auxiliary "
                   f"clause(s), {result.calls} prover calls)", err=True)
    else:
        typer.echo(f"not proved: {result.stop_line()}", err=to_stderr)
    if json_out is not None:
        write_json(result_document(result), json_out)
    if draw_out is not None:
        from symbolic import figure
        from symbolic.diagram import realize
        from symbolic.parser import parse_problem

        drawn = problem
        if result.proof is not None and result.proof.aux:
            body = problem.to_text(with_goal=False)
            goal = problem.goal.to_text()
            drawn = parse_problem(f"{body}; {'; '.join(result.proof.aux)} ? {goal}",
                                  name=problem.name)
        aux_points = figure.clause_points(result.proof.aux) if result.proof else set()
        figure.draw(realize(drawn, seed=config.seed), draw_out, aux_points=aux_points)
        typer.echo(f"wrote {draw_out}", err=True)
    if html_out is not None:
        if result.proof is not None:
            note = (f"proved in {result.seconds:.1f} s with {len(result.proof.aux)} auxiliary "
                    f"clause(s), {result.calls} prover calls ({config.proposer} proposer)")
        else:
            note = f"not proved: {result.stop_line()}"
        write_proof_html(html_out, result.proof, problem, note, config.seed)
    return PROVED_EXIT_CODE if result.proved else NOT_PROVED_EXIT_CODE
