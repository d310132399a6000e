"""Do a theorem's auxiliary points matter? Re-prove it from its premises alone.

A sample yields many theorems with auxiliary points, and most of them share their
premises (they differ in the goal). So the premises of each distinct set are saturated
once, under the extraction budget, and every goal is looked up in that saturation; only
when the saturation stopped on its budget before a fixpoint is a goal not found there
tried again with the prover itself (which may reach it sooner, stopping at the goal).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from symbolic.diagram import realize
from symbolic.engine_types import Budget, StopReason
from symbolic.errors import PappusError
from symbolic.parser import parse_problem
from symbolic.proof import Proof, render_text
from symbolic.prover import prove
from symbolic.state import ProofState

from .records import TheoremRecord

if TYPE_CHECKING:
    from .extract import ExtractionConfig


class PremiseProver:
    """Proofs of records' goals from their premises alone, one saturation per premise set."""

    def __init__(self, config: ExtractionConfig, rule_names: dict[str, str]) -> None:
        self.config = config
        self.rule_names = rule_names
        self._saturated: dict[tuple, ProofState] = {}

    def without_aux(self, record: TheoremRecord) -> TheoremRecord | None:
        """The record re-proved without its auxiliary clauses, or None if they are needed
        (within the extraction's deterministic budget)."""
        proof = self._proof(record)
        if proof is None:
            return None
        proof.name = "theorem"
        return replace(
            record, aux=[], full_problem=record.problem, proof=proof.dumps(indent=None),
            proof_text=render_text(proof, self.rule_names),
            n_steps=len(proof.deductions()), n_aux=0, n_aux_points=0,
            rules=proof.rules_used)

    def _proof(self, record: TheoremRecord) -> Proof | None:
        try:
            problem = parse_problem(record.problem)
            diagram = realize(problem, seed=record.seed)  # the prover's own diagram
        except PappusError:
            return None
        assert problem.goal is not None
        # Goals of one premise set mostly share the diagram; a goal that holds on one
        # branch of an intersection only gets the draw where it does.
        key = (problem.to_text(with_goal=False),
               tuple(sorted((name, (z.real, z.imag)) for name, z in diagram.points.items())))
        budget = Budget(timeout=self.config.saturation_timeout,
                        max_facts=self.config.max_facts)
        state = self._saturated.get(key)
        if state is None:
            state = self._saturated[key] = ProofState.start(
                problem.with_goal(None), diagram=diagram, budget=budget, staged=False)
        # the state follows a goal it has not met to its algebraic and incidence
        # consequences if it saturated; one stopped by its budget is not run further
        # (that would overstep the budget)
        if state.proved(problem.goal):
            return state.trace(problem.goal)
        if state.ask_stop_reason is StopReason.SATURATED:
            return None  # a fixpoint: the premises alone do not give the goal
        return prove(problem, diagram=diagram, budget=budget).proof
