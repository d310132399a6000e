"""The prover's front door: `prove(problem)` realises, saturates and traces."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from . import predicates
from . import statements as st
from .diagram import Diagram, realize
from .engine import Budget, Engine, Stats, StopReason
from .errors import PappusError
from .problem import Problem
from .proof import Proof, render_text
from .rules import rules_by_id
from .trace import Tracer


@dataclass
class ProveResult:
    """Outcome of one proof attempt."""

    problem: Problem
    status: str  # proved | saturated | timeout | step_limit | fact_limit | error
    stop_reason: StopReason | None
    seconds: float
    proof: Proof | None = None
    stats: Stats = field(default_factory=Stats)
    message: str = ""

    @property
    def proved(self) -> bool:
        return self.status == "proved"

    def proof_text(self) -> str:
        if self.proof is None:
            return ""
        names = {rid: r.name for rid, r in rules_by_id().items()}
        return render_text(self.proof, names)


_STATUS = {
    StopReason.PROVED: "proved",
    StopReason.SATURATED: "saturated",
    StopReason.TIME_LIMIT: "timeout",
    StopReason.STEP_LIMIT: "step_limit",
    StopReason.FACT_LIMIT: "fact_limit",
}


def prove(
    problem: Problem,
    timeout: float = 120.0,
    *,
    seed: int = 0,
    diagram: Diagram | None = None,
    budget: Budget | None = None,
    staged: bool = True,
) -> ProveResult:
    """Try to prove `problem`'s goal by deduction rules and algebraic reasoning.

    `staged` holds the rules marked `late` back until the others saturate (faster, and
    the same problems are proved); False matches every rule from the start.
    Never raises for an unprovable problem: the result's status says why it stopped.
    Problems that cannot be realised, or whose goal is false, raise `PappusError`.
    """
    if problem.goal is None:
        raise PappusError(f"problem {problem.name!r} has no goal to prove")
    _check_provable(problem)
    t0 = time.perf_counter()
    diagram = diagram or realize(problem, seed=seed)
    budget = budget or Budget(timeout=timeout)
    engine = Engine(problem, diagram)
    deadline = t0 + budget.timeout
    early = [r for r in engine.rules if not (staged and r.late)]
    engine.setup(deadline=deadline, rules=early)
    reason = engine.run(_remaining(budget, t0))
    if staged and reason is StopReason.SATURATED:
        # Costly, rarely needed rules only when the others fall short.
        engine.add_rules(r for r in engine.rules if r.late)
        reason = engine.run(_remaining(budget, t0))
    proof = None
    if reason is StopReason.PROVED:
        assert engine.goal_id is not None
        proof = Tracer(engine).proof(
            engine.goal_id, problem.to_text(), problem.goal.to_text(), name=problem.name)
    seconds = time.perf_counter() - t0
    return ProveResult(problem, _STATUS[reason], reason, seconds, proof, engine.stats)


def _check_provable(problem: Problem) -> None:
    """A `PappusError` for goals the prover does not handle (they can still be validated)."""
    if problem.more_goals:
        raise PappusError(
            f"problem {problem.name!r} has {len(problem.goals)} goals; the prover proves one "
            "goal at a time (`pappus validate` checks them all numerically)")
    assert problem.goal is not None
    spec = predicates.lookup(problem.goal.predicate)
    if spec is None or not spec.provable:
        raise PappusError(
            f"problem {problem.name!r}: the prover cannot prove {problem.goal.predicate} "
            "goals yet (`pappus validate` checks them numerically)")


def saturate(problem: Problem, diagram: Diagram, timeout: float,
             max_facts: int = 20_000) -> tuple[Engine, StopReason]:
    """Run the engine without a goal until nothing new follows or the budget ends.

    `max_facts` is the budget that keeps runs reproducible; `timeout` is a safety net.
    """
    t0 = time.perf_counter()
    engine = Engine(problem, diagram)
    engine.setup(goal=None, deadline=t0 + timeout)
    return engine, engine.run(_remaining(Budget(timeout=timeout, max_facts=max_facts), t0))


def _remaining(budget: Budget, t0: float) -> Budget:
    left = max(0.0, budget.timeout - (time.perf_counter() - t0))
    return Budget(left, budget.max_steps, budget.max_facts)


def goal_statement_text(problem: Problem) -> str:
    """The goal in canonical form (as proof steps write facts)."""
    assert problem.goal is not None
    index = {n: i for i, n in enumerate(problem.points)}
    return st.to_text(st.from_atom(problem.goal, index), problem.points)
