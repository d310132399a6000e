"""A sample saturated clause by clause: when each fact first became provable.

A sampled problem is replayed in construction order on one engine (`ProofState.replay`:
the rules matched once over the sample's diagram, the instances through later points
held back until their clause). After clause k the state is the saturation of the first
k+1 clauses, so a fact's *birth* (the first prefix that proves it)
comes for free, and it says something the one-shot saturation cannot: a fact about points
defined by the first k+1 clauses that is born only after clause k needs a later clause,
a point its statement does not name. When that prefix saturated (a fixpoint, not a
budget), the premises of the fact's statement (a subset of the prefix) cannot prove it
either, since deduction only grows with its premises: a theorem that needs auxiliary
points, found without tracing the hundreds of facts that do not.

Only the fact budget decides what a stage proves, so births are the same on every
machine; a stage stopped by the wall-clock safety net makes the sample `timed_out`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from symbolic.diagram import Diagram
from symbolic.engine_types import Budget, StopReason
from symbolic.problem import Problem
from symbolic.state import Fact, ProofState


@dataclass
class StagedSaturation:
    """The final state of a replay and, per clause, how many facts were proven by then."""

    state: ProofState
    ends: list[int]  # ends[k]: facts proven once clauses 0..k are in
    reasons: list[StopReason]  # why the saturation of clauses 0..k stopped

    @property
    def timed_out(self) -> bool:
        """Whether the wall-clock safety net cut any stage (births then depend on speed)."""
        return StopReason.TIME_LIMIT in self.reasons

    def birth(self, position: int) -> int:
        """The clause after which the `position`-th proven fact first held."""
        return bisect_right(self.ends, position)

    def saturated(self, clause: int) -> bool:
        """Whether the prefix ending at `clause` reached a fixpoint (no budget hit)."""
        return self.reasons[clause] is StopReason.SATURATED

    def facts(self) -> list[tuple[int, Fact]]:
        """Every proven fact with its birth, in proof order."""
        return [(self.birth(k), f) for k, f in enumerate(self.state.facts())]


def saturate_staged(problem: Problem, diagram: Diagram, budget: Budget) -> StagedSaturation:
    """Replay `problem` clause by clause on `diagram`, saturating after each clause."""
    state, ends, reasons = ProofState.replay(problem, diagram=diagram, budget=budget)
    return StagedSaturation(state, ends, reasons)
