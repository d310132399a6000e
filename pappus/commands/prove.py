"""`pappus prove`: prove one problem, print the readable proof, optionally write its JSON
and draw its figure."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from .common import (
    CommandLineError,
    answer_about,
    check_writable,
    negative_status,
    pick_source,
    write_text_atomic,
)
from .pages import check_html_out, write_proof_html

if TYPE_CHECKING:
    from symbolic.problem import Problem
    from symbolic.prover import ProveResult

PROVED_EXIT_CODE = 0
NOT_PROVED_EXIT_CODE = 1


def stop_line(result: ProveResult) -> str:
    """E.g. `saturated after 1.2 s (345 facts)`."""
    return f"{result.status} after {result.seconds:.1f} s ({result.stats.proven} facts)"


def result_document(result: ProveResult) -> dict[str, Any]:
    """The proof JSON of a proved problem (the proof contract plus `status`, `seconds`);
    for an unproved one the same fields with `status`, `stop_reason` and no steps."""
    if result.proof is not None:
        data = result.proof.to_json()
        data.update(status=result.status, seconds=round(result.seconds, 3))
        return data
    data = unproved_document(result.problem, result.status, stop_line(result))
    data["seconds"] = round(result.seconds, 3)
    return data


def unproved_document(problem: Problem, status: str, reason: str) -> dict[str, Any]:
    """The JSON of an unproved problem: its status (a stop reason of the prover, or
    `goal_false` / `unrealizable` when the prover never ran), the reason, no steps."""
    return {
        "version": 1,
        "name": problem.name,
        "problem": problem.to_text(),
        "goal": problem.goal.to_text() if problem.goal is not None else "",
        "aux": [],
        "steps": [],
        "status": status,
        "stop_reason": reason,
        "seconds": 0.0,
    }


def write_json(data: Any, out: str) -> None:
    """Write `data` as indented JSON to `out` ('-' for stdout)."""
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if out == "-":
        sys.stdout.write(text)
        return
    try:
        write_text_atomic(Path(out), text)
    except OSError as exc:
        raise CommandLineError(f"error: cannot write {out}: {exc.strerror or exc}") from None


def run(
    file: str,
    name: str | None,
    *,
    timeout: float = 120.0,
    seed: int = 0,
    json_out: str | None = None,
    draw_out: str | None = None,
    dialect: str = "alphageometry",
    html_out: str | None = None,
) -> int:
    """Prove problem `name` of `file` (read in `dialect`); returns the exit code (0 proved,
    1 not proved, including a goal false in the diagram and a problem that cannot be drawn).

    The readable proof goes to stdout (to stderr when `json_out` is '-', so that stdout
    carries the JSON alone)."""
    if json_out is not None and json_out != "-":
        check_writable(json_out)
    if draw_out is not None:
        from symbolic import figure

        figure.check_format(draw_out)
        check_writable(draw_out)
    check_html_out(html_out)
    source = pick_source(file, name, "prove", dialect)
    problem = source.parse()

    from symbolic.errors import GoalFalseError, UnrealizableError
    from symbolic.prover import prove

    try:
        with answer_about(source):
            result = prove(problem, timeout=timeout, seed=seed)
    except (GoalFalseError, UnrealizableError) as exc:  # a clean "no": exit 1, like validate
        typer.echo(exc.render(), err=True)
        if json_out is not None:
            write_json(unproved_document(problem, negative_status(exc), str(exc)), json_out)
        if html_out is not None:
            write_proof_html(html_out, None, problem, str(exc).splitlines()[0], seed)
        return NOT_PROVED_EXIT_CODE
    to_stderr = json_out == "-"
    if result.proved:
        typer.echo(result.proof_text(), err=to_stderr)
        assert result.proof is not None
        steps = len(result.proof.deductions())
        typer.echo(f"proved in {result.seconds:.1f} s ({steps} steps)", err=True)
    else:
        typer.echo(f"not proved: {stop_line(result)}", err=to_stderr)
    if json_out is not None:
        write_json(result_document(result), json_out)
    if draw_out is not None:
        from symbolic import figure
        from symbolic.diagram import realize

        figure.draw(realize(problem, seed=seed), draw_out)  # the prover's diagram
        typer.echo(f"wrote {draw_out}", err=True)
    if html_out is not None:
        note = (f"proved by DD+AR in {result.seconds:.1f} s "
                f"({len(result.proof.deductions())} steps)" if result.proof is not None
                else f"not proved: {stop_line(result)}")
        write_proof_html(html_out, result.proof, problem, note, seed)
    return PROVED_EXIT_CODE if result.proved else NOT_PROVED_EXIT_CODE
