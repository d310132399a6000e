"""Growing search nodes: proof states kept by their clause sequence, in this process or
in a pool of worker processes.

The search itself holds only light nodes (the problem text and the diagram, for the
proposer); the saturated proof states live here, keyed by the tuple of auxiliary
clauses that built them. A state missing from a cache (another worker grew it, or it
was evicted) is rebuilt by replaying its clauses from the root, which gives the same
state because drawing and saturation are deterministic under fact budgets.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from symbolic.checker import check_proof
from symbolic.diagram import Diagram
from symbolic.engine_types import Budget, StopReason
from symbolic.errors import PappusError
from symbolic.problem import Problem
from symbolic.state import ProofState

Key = tuple[str, ...]  # the auxiliary clauses of a node, in order


@dataclass(frozen=True)
class NodeBudget:
    """Limits of one saturation: facts and steps make it reproducible, seconds a net."""

    max_facts: int = 200_000
    max_steps: int = 2_000_000
    seconds: float = 120.0

    def budget(self, seconds_left: float | None = None) -> Budget:
        limit = self.seconds if seconds_left is None else min(self.seconds, seconds_left)
        return Budget(timeout=max(0.0, limit), max_steps=self.max_steps,
                      max_facts=self.max_facts)


@dataclass
class Grown:
    """What growing one node by one clause gave."""

    key: Key
    clause: str
    invalid: str | None = None  # why the clause could not be drawn (no prover call)
    points: tuple[complex, ...] = ()  # coordinates of the clause's new points
    proved: bool = False
    stop: StopReason | None = None
    problem: Problem | None = None
    diagram: Diagram | None = None
    proof_json: dict | None = None
    check_errors: tuple[str, ...] = ()  # the checker's objections to the proof, if any
    facts: int = 0


class StateCache:
    """Proof states of one problem by clause sequence, least recently used evicted."""

    def __init__(self, problem: Problem, seed: int, node_budget: NodeBudget,
                 capacity: int = 128) -> None:
        self.problem = problem
        self.seed = seed
        self.node_budget = node_budget
        self.capacity = capacity
        self.states: OrderedDict[Key, ProofState] = OrderedDict()

    def root(self, seconds_left: float | None = None) -> ProofState:
        state = self.states.get(())
        if state is None:
            state = ProofState.start(self.problem, seed=self.seed,
                                     budget=self.node_budget.budget(seconds_left))
            self._keep((), state)
        return state

    def get(self, key: Key) -> ProofState:
        state = self.states.get(key)
        if state is not None:
            self.states.move_to_end(key)
            return state
        parent = self.get(key[:-1]) if key else self.root()
        if key:
            state = parent.extend(key[-1], budget=self.node_budget.budget())
        else:
            state = parent
        self._keep(key, state)
        return state

    def _keep(self, key: Key, state: ProofState) -> None:
        self.states[key] = state
        self.states.move_to_end(key)
        while len(self.states) > self.capacity:
            oldest = next(iter(self.states))
            if oldest == ():
                self.states.move_to_end(oldest)  # the root is always kept
                oldest = next(iter(self.states))
            del self.states[oldest]

    def draw(self, key: Key, clause: str) -> Grown:
        """Draw the clause's new points in the node's diagram (cheap, no saturation)."""
        try:
            points = self.get(key).draw_point(clause)
        except PappusError as exc:
            return Grown(key, clause, invalid=_reason(exc))
        return Grown(key, clause, points=tuple(points.values()))

    def grow(self, key: Key, clause: str, seconds_left: float | None = None,
             trace: bool = True) -> Grown:
        """Extend the node by the clause and saturate (one prover call)."""
        parent = self.get(key)
        try:
            child = parent.extend(clause, budget=self.node_budget.budget(seconds_left))
        except PappusError as exc:
            return Grown(key, clause, invalid=_reason(exc))
        new_key = (*key, clause)
        self._keep(new_key, child)
        proved = child.problem.goal is not None and child.proved()
        out = Grown(key, clause, proved=proved, stop=child.stop_reason,
                    problem=child.problem, diagram=child.diagram,
                    facts=child.stats.proven)
        if proved and trace:
            proof = child.trace()
            out.proof_json = proof.to_json()
            out.check_errors = tuple(check_proof(proof).errors)
        return out


def _reason(exc: PappusError) -> str:
    reason = getattr(exc, "reason", None)
    return str(reason) if reason else type(exc).__name__


# ---------------------------------------------------------------- worker pool

_WORKER: StateCache | None = None


def _init_worker(problem: Problem, seed: int, node_budget: NodeBudget, capacity: int) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _WORKER = StateCache(problem, seed, node_budget, capacity)


def _grow(task: tuple[Key, str, float | None]) -> Grown:
    key, clause, seconds_left = task
    assert _WORKER is not None
    return _WORKER.grow(key, clause, seconds_left)


class Expander:
    """Draws and grows candidate children, in process (workers=1) or on a pool.

    Results come back in the order of the requests, so the search is deterministic
    for any number of workers.
    """

    def __init__(self, problem: Problem, seed: int, node_budget: NodeBudget,
                 workers: int = 1, capacity: int = 128) -> None:
        self.local = StateCache(problem, seed, node_budget, capacity)
        self.pool = None
        if workers > 1:
            ctx = mp.get_context("fork")
            self.pool = ctx.Pool(workers, _init_worker,
                                 (problem, seed, node_budget, capacity))

    def draw_all(self, requests: list[tuple[Key, str]]) -> list[Grown]:
        # Drawing is cheap and needs the parent state: done in this process, which
        # keeps the beam's states anyway.
        return [self.local.draw(key, clause) for key, clause in requests]

    def grow_all(self, requests: Iterable[tuple[Key, str]],
                 seconds_left: float | None = None) -> Iterator[Grown]:
        """Grown children in request order; stop consuming to stop the work."""
        if self.pool is None:
            for key, clause in requests:
                yield self.local.grow(key, clause, seconds_left)
            return
        tasks = [(key, clause, seconds_left) for key, clause in requests]
        yield from self.pool.imap(_grow, tasks, chunksize=1)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
