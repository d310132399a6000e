"""`--html OUT.html` of prove, solve and show: the checks before any work, and the write."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from .common import check_writable

if TYPE_CHECKING:
    from symbolic.problem import Problem
    from symbolic.proof import Proof


def check_html_out(out: str | None) -> None:
    """Refuse a bad `--html` path up front (exit 2 with a hint)."""
    if out is not None:
        from pappus.pages.page import check_page_path

        check_page_path(out)
        check_writable(out)


def write_proof_html(out: str, proof: Proof | None, problem: Problem, note: str,
                     seed: int) -> None:
    """Write the proof page of `proof` (or, unproved, of `problem`'s figure alone, with
    `note` saying why) to `out`."""
    from pappus.pages import proof_data, write_proof_page
    from symbolic.proof import Proof

    if proof is None:
        goal = problem.goal.to_text() if problem.goal is not None else ""
        proof = Proof(problem=problem.to_text(), goal=goal, steps=[], name=problem.name)
    write_proof_page(proof_data(proof, title=problem.name, note=note, seed=seed), out)
    typer.echo(f"wrote {out}", err=True)
