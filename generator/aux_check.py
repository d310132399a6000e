"""Do a theorem's auxiliary points matter? Re-prove it from its premises alone.

A sample yields many theorems with auxiliary points, and most of them share their
premises (they differ in the goal). So the premises of each distinct set are saturated
once, under the extraction budget, and every goal is looked up in that saturation; only
when the saturation stopped on its budget before a fixpoint is a goal not found there
tried again with the prover itself (which may reach it sooner, stopping at the goal).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class PremiseVerdict:
    """What the premises alone give for a record's goal (no wall-clock time in it)."""

    proof: Proof | None  # a proof from the premises alone, when they reach the goal
    fixpoint: bool  # the premises saturated (no budget hit) without the goal
    decided: bool  # False: the wall-clock safety net stopped the premises' saturation

    @property
    def aux_needed(self) -> bool:
        return self.decided and self.proof is None


class PremiseProver:
    """Proofs of records' goals from their premises alone, one saturation per premise set."""

    def __init__(self, config: ExtractionConfig, rule_names: dict[str, str]) -> None:
        self.config = config
        self.rule_names = rule_names
        self._saturated: dict[tuple, ProofState] = {}

    def without_aux(self, record: TheoremRecord) -> TheoremRecord | None:
        """The record re-proved without its auxiliary clauses, or None if they are needed
        (within the extraction's deterministic budget)."""
        return self.plain_record(record, self.verdict(record))

    def plain_record(self, record: TheoremRecord, verdict: PremiseVerdict
                     ) -> TheoremRecord | None:
        """The record without its auxiliary clauses, proved as the verdict says; None
        when the premises alone do not prove it."""
        proof = verdict.proof
        if proof is None:
            return None
        proof.name = "theorem"
        return replace(
            record, aux=[], full_problem=record.problem, proof=proof.dumps(indent=None),
            proof_text=render_text(proof, self.rule_names),
            n_steps=len(proof.deductions()), n_aux=0, n_aux_points=0,
            rules=proof.rules_used, aux_needed=False, aux_fixpoint=False)

    def verdict(self, record: TheoremRecord) -> PremiseVerdict:
        """Whether the premises alone reach the goal under the extraction's fact budget:
        `aux_needed` is then the same on every machine, unless the wall-clock safety
        net cut the saturation (`decided` False: the record is not labelled)."""
        try:
            problem = parse_problem(record.problem)
            diagram = realize(problem, seed=record.seed)  # the prover's own diagram
        except PappusError:
            return PremiseVerdict(None, False, False)
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
            return PremiseVerdict(state.trace(problem.goal), False, True)
        reason = state.ask_stop_reason
        if reason is StopReason.SATURATED:
            return PremiseVerdict(None, True, True)  # a fixpoint without the goal
        if reason is StopReason.TIME_LIMIT:
            return PremiseVerdict(None, False, False)
        # the fact budget stopped it: the staged prover, which stops at the goal, may
        # still reach it within the same budget
        result = prove(problem, diagram=diagram, budget=budget)
        if result.proof is not None:
            return PremiseVerdict(result.proof, False, True)
        return PremiseVerdict(None, False, result.stop_reason is not StopReason.TIME_LIMIT)
