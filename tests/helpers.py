"""What several test modules share: the benchmark files (packaged in `pappus.problems`),
and records around real proofs."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.records import TheoremRecord
from pappus.problems import benchmark_file

ROOT = Path(__file__).resolve().parent.parent
JGEX = benchmark_file("jgex_ag_231")  # shipped in the package: pappus/problems/
IMO = benchmark_file("imo_ag_30")


def theorem_record(text: str, aux: tuple[str, ...] = (), sample: int = 0,
                   seed: int | None = None) -> TheoremRecord:
    """A record around a real proof of `text`, with `aux` split off as auxiliary."""
    from symbolic.parser import parse_problem
    from symbolic.prover import prove

    full = parse_problem(text, name=f"sample{sample}")
    result = prove(full, timeout=30)
    assert result.proved and result.proof is not None, result.status
    body, goal = (part.strip() for part in text.split("?"))
    clauses = [c.strip() for c in body.split(";") if c.strip() not in aux]
    problem = "; ".join(clauses) + " ? " + goal
    result.proof.problem, result.proof.aux = problem, list(aux)
    return TheoremRecord(
        id=hashlib.sha256(problem.encode()).hexdigest()[:16], problem=problem,
        aux=list(aux), full_problem=text, goal=goal, proof=result.proof.dumps(),
        proof_text=result.proof_text(), n_points=len(full.points) - len(aux),
        n_premises=len(clauses), n_steps=len(result.proof.deductions()), n_aux=len(aux),
        rules=result.proof.rules_used, seed=sample if seed is None else seed, sample=sample,
        goal_predicate=goal.split()[0], n_aux_points=len(aux))


def invoke(runner, *args: object):
    """Run the `pappus` CLI in process; it must never print a traceback or raise."""
    from pappus.cli import app

    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result
