"""Search over auxiliary constructions: DD+AR, then beam (or best-first) search over
sequences of auxiliary clauses proposed by a proposer. No torch.

A node is a proof state: the problem plus the clauses chosen so far, saturated. The
root is DD+AR on the problem itself. A node asks the proposer for ranked clauses; each
is drawn in the node's diagram (a clause that cannot be drawn, or whose points coincide
with a point of the node or of a sibling drawn before, is dropped and counted; no prover
call), then the node's state grows by it and saturates further: one **prover call**.
Children inherit everything their parent proved. The first child whose state proves the
goal with a proof the independent checker accepts ends the search; its proof keeps only
the auxiliary clauses it uses.

Budgets: prover calls (the root's DD+AR counts as one) and the whole problem's wall
time; whichever ends first stops the search, with a typed reason. For a seed and a call
budget the search is deterministic, with any number of workers.
"""

from __future__ import annotations

import heapq
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from symbolic.checker import check_proof
from symbolic.diagram import Diagram
from symbolic.engine_types import StopReason
from symbolic.problem import Problem
from symbolic.proof import Proof, render_text
from symbolic.rules import rules_by_id

from .expansion import Expander, Grown, Key, NodeBudget
from .proposers import MODEL_PROPOSERS, Proposer, make_proposer

STRATEGIES = ("best-first", "beam")
BATCH = 8  # edges grown together in best-first search
QUEUE_LIMIT = 100_000  # entries kept in best-first search's queue


class SearchStop(Enum):
    PROVED = "proved"  # by DD+AR alone or with auxiliary clauses
    EXHAUSTED = "exhausted"  # every node to the depth limit was tried
    CALL_LIMIT = "call_limit"
    TIME_LIMIT = "timeout"


@dataclass(frozen=True)
class SearchConfig:
    """How far and how wide to search."""

    proposer: str = "heuristic"
    # best-first: the most valuable (node, clause) edges first, at any depth (measured
    # ahead of beam search on the benchmarks' DD+AR misses; see benchmarks/RESULTS.md);
    # beam: level by level, the `beam` best nodes of a level expanded.
    strategy: str = "best-first"
    beam: int = 8  # nodes kept per level (beam search)
    depth: int = 3  # most auxiliary clauses in a proof
    # Candidate clauses asked of the proposer per node below the root, and at the root;
    # None sizes them to the call budget: half of it for the root's children (most
    # problems need one point), the other half spread over the beam's deeper levels.
    proposals: int | None = None
    root_proposals: int | None = None
    max_calls: int = 1024
    timeout: float = 300.0
    workers: int = 1
    seed: int = 0
    node_budget: NodeBudget = field(default_factory=NodeBudget)
    # The trained model of the model and ensemble proposers (None: the shipped default).
    model: str | None = None

    def proposer_options(self) -> dict[str, object]:
        """The options `make_proposer(self.proposer, ...)` takes from this config."""
        return {"model_dir": self.model} if self.proposer in MODEL_PROPOSERS else {}

    def __post_init__(self) -> None:
        for name in ("beam", "depth", "proposals", "root_proposals", "max_calls", "workers"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.timeout <= 0:
            raise ValueError("timeout must be positive")
        if self.strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {self.strategy!r} (use one of: "
                             f"{', '.join(STRATEGIES)})")


    @property
    def root_limit(self) -> int:
        """Candidates asked of the proposer at the root."""
        if self.root_proposals is not None:
            return self.root_proposals
        if self.proposals is not None:
            return self.proposals * self.beam
        return max(16, self.max_calls // 2 if self.depth > 1 else self.max_calls)

    @property
    def node_limit(self) -> int:
        """Candidates asked of the proposer at a node below the root."""
        if self.proposals is not None:
            return self.proposals
        deeper = max(1, self.beam * (self.depth - 1))
        return max(8, (self.max_calls - self.root_limit) // deeper)


@dataclass
class Progress:
    nodes: int = 0
    calls: int = 0
    depth: int = 0


@dataclass
class SearchResult:
    """Outcome of one search."""

    problem: Problem
    stop: SearchStop
    seconds: float
    calls: int
    nodes: int  # states grown and saturated, the root included
    depth: int  # deepest level reached
    proof: Proof | None = None
    proved_at_call: int | None = None
    ddar_stop: StopReason | None = None
    dropped: Counter = field(default_factory=Counter)  # candidates dropped, by reason
    message: str = ""

    @property
    def status(self) -> str:
        return self.stop.value

    @property
    def proved(self) -> bool:
        return self.stop is SearchStop.PROVED

    @property
    def aux(self) -> list[str]:
        return list(self.proof.aux) if self.proof is not None else []

    def proof_text(self) -> str:
        if self.proof is None:
            return ""
        names = {rid: r.name for rid, r in rules_by_id().items()}
        return render_text(self.proof, names)

    def stop_line(self) -> str:
        return (f"{self.status} after {self.seconds:.1f} s ({self.calls} prover calls, "
                f"{self.nodes} nodes, depth {self.depth})")


@dataclass(order=True)
class _Node:
    """A light search node: what the proposer needs, and the key of its state."""

    sort_key: tuple[float, int]
    key: Key = field(compare=False)
    problem: Problem = field(compare=False)
    diagram: Diagram = field(compare=False)
    value: float = field(compare=False, default=0.0)

    @property
    def aux(self) -> Key:
        return self.key


def _clause_points(clause: str) -> list[str]:
    return clause.partition("=")[0].split()


def _child_value(parent_value: float, prior: float) -> float:
    """A node's value is the sum over its clauses of their log priors (see `_prior`)."""
    return parent_value + prior


class Search:
    """One problem's search; `run()` returns its result."""

    def __init__(self, problem: Problem, config: SearchConfig | None = None,
                 proposer: Proposer | None = None,
                 on_progress: Callable[[Progress], None] | None = None) -> None:
        self.problem = problem
        self.config = config or SearchConfig()
        self.proposer = proposer or make_proposer(self.config.proposer,
                                                  **self.config.proposer_options())
        # A clause's log prior: the proposer's score where it is a log-probability (the
        # model's), else log 1/(rank+1) of its place in the proposer's list.
        self.log_prob_scores = bool(getattr(self.proposer, "log_prob_scores", False))
        self._proposer_dropped = Counter(getattr(self.proposer, "dropped", {}))
        self.on_progress = on_progress
        self.progress = Progress()
        self.dropped: Counter = Counter()
        self.scale = 1.0
        self._tried: set[frozenset] = set()
        self.counter = 0

    # ------------------------------------------------------------ budget

    def _left(self) -> float:
        return self.config.timeout - (time.perf_counter() - self.t0)

    def _out_of_budget(self) -> SearchStop | None:
        if self.progress.calls >= self.config.max_calls:
            return SearchStop.CALL_LIMIT
        if self._left() <= 0:
            return SearchStop.TIME_LIMIT
        return None

    def _report(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.progress)

    # ------------------------------------------------------------ run

    def run(self) -> SearchResult:
        self.t0 = time.perf_counter()
        cfg = self.config
        expander = Expander(self.problem, cfg.seed, cfg.node_budget, cfg.workers,
                            capacity=max(64, 4 * cfg.beam))
        try:
            return self._run(expander)
        finally:
            expander.close()

    def _result(self, stop: SearchStop, proof: Proof | None = None,
                ddar: StopReason | None = None, message: str = "") -> SearchResult:
        # what the proposer itself dropped in this search (a model's invalid decodes)
        theirs = Counter(getattr(self.proposer, "dropped", {}))
        theirs.subtract(self._proposer_dropped)
        dropped = self.dropped + Counter({f"{self.proposer.name}: {k}": v
                                          for k, v in theirs.items() if v > 0})
        return SearchResult(self.problem, stop, time.perf_counter() - self.t0,
                            self.progress.calls, self.progress.nodes, self.progress.depth,
                            proof, self.progress.calls if proof else None, ddar,
                            dropped, message)

    def _run(self, expander: Expander) -> SearchResult:
        root_state = expander.local.root(self._left())
        self.progress.calls = self.progress.nodes = 1
        self._report()
        ddar = root_state.stop_reason
        if root_state.proved():
            proof = root_state.trace()
            if check_proof(proof).valid:
                return self._result(SearchStop.PROVED, proof, ddar)
            self.dropped["proof rejected by the checker"] += 1
        if ddar is StopReason.TIME_LIMIT or self._left() <= 0:
            return self._result(SearchStop.TIME_LIMIT, ddar=ddar)
        self.scale = root_state.diagram.scale or 1.0
        root = _Node((0.0, 0), (), root_state.problem, root_state.diagram)
        if self.config.strategy == "best-first":
            return self._best_first(expander, root, ddar)
        return self._beam(expander, root, ddar)

    def _candidates(self, expander: Expander, node: _Node, limit: int
                    ) -> list[tuple[float, str]]:
        """The node's proposals that can be drawn and are new, with their log priors."""
        proposals = self.proposer.propose(node, limit, seed=self.config.seed)
        drawn = expander.draw_all([(node.key, p.clause) for p in proposals])
        out = []
        for rank, grown in enumerate(drawn):
            if grown.invalid is not None:
                self.dropped[grown.invalid] += 1
                continue
            # The same constructions on the same points, reached in another order or under
            # other names, are tried once. The same point built another way is kept: its
            # construction facts differ, and the prover may need exactly those.
            where = {**node.diagram.points,
                     **dict(zip(_clause_points(grown.clause), grown.points, strict=False))}
            signature = frozenset((*self._signature(node.key, node.diagram.points),
                                   self._clause_signature(grown.clause, where)))
            if signature in self._tried:
                self.dropped["duplicate candidate"] += 1
                continue
            self._tried.add(signature)
            prior = proposals[rank].score if self.log_prob_scores else -math.log1p(rank)
            out.append((prior, grown.clause))
        return out

    def _point_key(self, z: complex) -> tuple[float, float]:
        w = z / self.scale
        return (round(w.real, 6), round(w.imag, 6))

    def _clause_signature(self, clause: str, where: dict[str, complex]) -> tuple:
        """A clause as its constructions over point positions (names left out)."""
        _, _, rhs = clause.partition("=")
        calls = []
        for call in rhs.split(","):
            name, *args = call.split()
            calls.append((name, *(self._point_key(where[a]) if a in where else a
                                  for a in args)))
        return tuple(sorted(calls))

    def _signature(self, key: Key, where: dict[str, complex]) -> list[tuple]:
        return [self._clause_signature(c, where) for c in key]

    def _expand(self, expander: Expander, requests: list[tuple[_Node, float, str]]
                ) -> tuple[list[tuple[_Node, Grown]], SearchResult | None]:
        """Grow the requested children in order, within the budget; stop at a proof."""
        room = self.config.max_calls - self.progress.calls
        requests = requests[:max(0, room)]
        out: list[tuple[_Node, Grown]] = []
        stream = expander.grow_all([(n.key, c) for n, _, c in requests], self._left())
        for (node, prior, _clause), grown in zip(requests, stream, strict=False):
            if grown.invalid is not None:
                self.dropped[grown.invalid] += 1
                continue
            self.progress.calls += 1
            self.progress.nodes += 1
            self.progress.depth = max(self.progress.depth, len(node.key) + 1)
            self._report()
            if grown.proved and not grown.check_errors:
                assert grown.proof_json is not None
                return out, self._result(SearchStop.PROVED, Proof.from_json(grown.proof_json),
                                         self._ddar)
            if grown.proved:
                # a proof the checker rejects (an order condition it cannot reproduce in
                # its own diagrams) is no proof: the node stays in the search
                self.dropped["proof rejected by the checker"] += 1
            if grown.stop is StopReason.TIME_LIMIT and self._left() <= 0:
                return out, self._result(SearchStop.TIME_LIMIT, ddar=self._ddar)
            assert grown.problem is not None and grown.diagram is not None
            self.counter += 1
            value = _child_value(node.value, prior)
            out.append((_Node((-value, self.counter), (*node.key, grown.clause),
                              grown.problem, grown.diagram, value), grown))
            if self._left() <= 0:
                return out, self._result(SearchStop.TIME_LIMIT, ddar=self._ddar)
        return out, None

    def _beam(self, expander: Expander, root: _Node, ddar: StopReason) -> SearchResult:
        cfg = self.config
        self._ddar, self._tried = ddar, set()
        beam = [root]
        for level in range(cfg.depth):
            requests: list[tuple[_Node, float, str]] = []
            for node in beam:
                limit = cfg.root_limit if level == 0 else cfg.node_limit
                requests += [(node, r, c) for r, c in self._candidates(expander, node, limit)]
            # The level's children in order of their value: with a call budget that
            # ends mid-level, the most promising are the ones tried.
            requests.sort(key=lambda t: -_child_value(t[0].value, t[1]))
            children, done = self._expand(expander, requests)
            if done is not None:
                return done
            stop = self._out_of_budget()
            if stop is not None:
                return self._result(stop, ddar=ddar)
            if level + 1 == cfg.depth or not children:
                break
            children.sort(key=lambda t: t[0].sort_key)
            beam = [n for n, _ in children[:cfg.beam]]
        return self._result(SearchStop.EXHAUSTED, ddar=ddar)

    def _best_first(self, expander: Expander, root: _Node, ddar: StopReason) -> SearchResult:
        """Grow the most valuable (node, clause) edges first, over every depth at once.

        A node's value bounds its edges' values (log priors are at most 0), so
        a node joins the queue as one entry and lists its proposals only when it comes
        first. Edges are grown BATCH at a time, whatever the number of workers, so the
        order (and the result) does not depend on it.
        """
        cfg = self.config
        self._ddar, self._tried = ddar, set()
        queue: list[tuple[float, int, _Node, float, str | None]] = [(0.0, 0, root, 0.0, None)]
        while queue:
            batch: list[tuple[_Node, float, str]] = []
            while queue and len(batch) < BATCH:
                _, _, node, prior, clause = heapq.heappop(queue)
                if clause is not None:
                    batch.append((node, prior, clause))
                    continue
                limit = cfg.node_limit if node.key else cfg.root_limit
                for prior, c in self._candidates(expander, node, limit):
                    self.counter += 1
                    value = _child_value(node.value, prior)
                    heapq.heappush(queue, (-value, self.counter, node, prior, c))
            children, done = self._expand(expander, batch)
            if done is not None:
                return done
            stop = self._out_of_budget()
            if stop is not None:
                return self._result(stop, ddar=ddar)
            for child, _ in children:
                if len(child.key) < cfg.depth:
                    self.counter += 1
                    heapq.heappush(queue, (-child.value, self.counter, child, 0.0, None))
            if len(queue) > QUEUE_LIMIT:  # bounded memory: the best entries only
                queue = heapq.nsmallest(QUEUE_LIMIT // 2, queue)
                heapq.heapify(queue)
        return self._result(SearchStop.EXHAUSTED, ddar=ddar)


def solve(problem: Problem, config: SearchConfig | None = None,
          proposer: Proposer | None = None,
          on_progress: Callable[[Progress], None] | None = None) -> SearchResult:
    """DD+AR on `problem`, then search over auxiliary clauses when it falls short."""
    return Search(problem, config, proposer, on_progress).run()
