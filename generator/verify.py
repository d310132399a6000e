"""Verification of a candidate record, the last step before it may become training data.

A model trains on a record's `problem`, `aux`, `goal` and `full_problem` columns, so
it is not enough that the proof checks: the columns must be exactly what the proof
proves. A record passes when

- the proof's problem, auxiliary clauses and goal are the record's `problem`, `aux`
  and `goal`, and the goal is `problem`'s own goal;
- `full_problem` is `problem`'s premises, then the auxiliary clauses, then the goal;
- both problems parse, and the goal holds in a freshly drawn diagram;
- the independent checker accepts the proof (its verdict is the record's `verified`).

Anything else is a `Rejection` with a short reason (the key the run summary, the
manifest and the dataset card count by) and a message. A rejection means a bug in the
prover or the extraction: records are never written unverified.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from symbolic.checker import check_proof
from symbolic.diagram import realize
from symbolic.errors import PappusError
from symbolic.parser import parse_problem

from .records import TheoremRecord

# Reasons, in the order they are checked ("unverified": the coordinator's own guard, a
# record that reached it without the checker's verdict).
REASONS = ("malformed_proof", "mismatch:problem", "mismatch:aux", "mismatch:goal",
           "mismatch:full_problem", "unparsable", "goal_false", "checker", "unverified")
MESSAGE_LIMIT = 300  # characters of a rejection's message kept (manifests stay small)


@dataclass(frozen=True)
class Rejection:
    """Why a candidate record was not written."""

    reason: str  # one of REASONS
    message: str

    def to_json(self) -> dict[str, str]:
        return {"reason": self.reason, "message": self.message[:MESSAGE_LIMIT]}


def full_problem_text(problem: str, aux: list[str]) -> str:
    """The full problem the columns promise: `problem`'s clauses, the auxiliary clauses
    after them, then `problem`'s goal."""
    body, _, goal = problem.partition("?")
    clauses = [body.strip(), *aux] if body.strip() else list(aux)
    return "; ".join(clauses) + (f" ? {goal.strip()}" if goal.strip() else "")


def _columns(record: TheoremRecord) -> Rejection | None:
    try:
        proof = json.loads(record.proof)
        proof_problem, proof_aux, proof_goal = proof["problem"], proof["aux"], proof["goal"]
    except (ValueError, TypeError, KeyError) as exc:
        return Rejection("malformed_proof", f"the proof JSON cannot be read: {exc!r}")
    if proof_problem != record.problem:
        return Rejection("mismatch:problem", f"the proof is about {proof_problem!r}, the "
                                             f"problem column says {record.problem!r}")
    if list(proof_aux) != list(record.aux):
        return Rejection("mismatch:aux", f"the proof adds {proof_aux!r}, the aux column "
                                         f"says {record.aux!r}")
    problem_goal = record.problem.partition("?")[2].strip()
    if proof_goal != record.goal or problem_goal != record.goal:
        return Rejection("mismatch:goal", f"goal column {record.goal!r}, proof goal "
                                          f"{proof_goal!r}, problem goal {problem_goal!r}")
    expected = full_problem_text(record.problem, record.aux)
    if record.full_problem != expected:
        return Rejection("mismatch:full_problem", f"full_problem is {record.full_problem!r}, "
                                                  f"the premises, aux and goal give "
                                                  f"{expected!r}")
    return None


def verify_record(record: TheoremRecord, seed: int) -> Rejection | None:
    """None when `record` may be written (it is then marked verified), else why not.

    `seed` draws the fresh diagram the goal must hold in (not the sample's own)."""
    record.verified = False
    rejection = _columns(record)
    if rejection is not None:
        return rejection
    try:
        base = parse_problem(record.problem)
        full = parse_problem(record.full_problem)
    except PappusError as exc:
        return Rejection("unparsable", str(exc))
    if base.goal is None or full.goal is None:
        return Rejection("unparsable", "a problem without a goal")
    try:
        realize(base, seed=seed, attempts=20)  # raises if the goal is false
    except PappusError as exc:
        return Rejection("goal_false", f"{type(exc).__name__}: {exc}")
    result = check_proof(record.proof)
    record.verified = result.valid
    if not result.valid:
        return Rejection("checker", "; ".join(result.errors[:2]) or "invalid proof")
    return None
