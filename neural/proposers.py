"""Proposers of auxiliary constructions: problem state in, ranked clauses with scores out.

`make_proposer("random")` samples one-point constructions of the table uniformly, with
existing points as arguments; `make_proposer("heuristic")` enumerates the catalogue of
`neural.heuristics` and ranks it by the cues of `neural.ranking`. Every proposal is
valid for the node it was made for: it parses when appended to the node's problem, its
preconditions hold, and its new point can be drawn in the node's diagram (keeping every
existing coordinate) away from the existing points, with every fact the construction
promises holding numerically. No torch here.
"""

from __future__ import annotations

import bisect
import itertools
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from symbolic import predicates
from symbolic.constructions import ConstructionSpec, construction_table
from symbolic.diagram import Diagram
from symbolic.errors import PappusError
from symbolic.problem import ConstructionCall, Problem
from symbolic.sketches import LOCI, SHAPES

from . import ranking
from .heuristics import ALL_KINDS, Candidate, Catalogue
from .objects import build_figure
from .placement import Frame, draw


@dataclass(frozen=True)
class Proposal:
    """One auxiliary clause, e.g. `e = midpoint e a b`, with its score and catalogue kind."""

    clause: str
    score: float
    kind: str


class NodeView(Protocol):
    """What a proposer reads from a search node (a proof state has all of it)."""

    @property
    def problem(self) -> Problem: ...

    @property
    def diagram(self) -> Diagram: ...

    @property
    def aux(self) -> tuple[str, ...]: ...


class Proposer(Protocol):
    """Ranked clauses for a node: sorted by score, descending, at most `limit`."""

    name: str

    def propose(self, node: NodeView, limit: int, seed: int = 0) -> list[Proposal]: ...


def _name_stream() -> Iterator[str]:
    letters = string.ascii_lowercase
    yield from letters
    for k in itertools.count(1):
        for c in letters:
            yield f"{c}{k}"


def fresh_point_names(problem: Problem, n: int) -> list[str]:
    """`n` point names the problem does not use: a..z, then a1..z1, a2.. and so on."""
    used = set(problem.points)
    out: list[str] = []
    for name in _name_stream():
        if len(out) == n:
            break
        if name not in used:
            out.append(name)
    return out


def _coords(node: NodeView) -> dict[str, complex]:
    return {p: node.diagram.points[p] for p in node.problem.points if p in node.diagram.points}


def _calls(cand: Candidate, x: str) -> list[ConstructionCall]:
    return [ConstructionCall(name, tuple(x if a == "\0" else a for a in args))
            for name, args in cand.calls]


# Score cost of each further clause constructing a point already proposed.
VARIANT_PENALTY = 1.5


class HeuristicProposer:
    """The catalogue of `neural.heuristics`, ranked by the numeric cues of `neural.ranking`.

    Options: `kinds` (only these catalogue kinds), `weights` and `priors` (override
    entries of `ranking.WEIGHTS` / `ranking.PRIORS`), `variants` (how many clauses may
    construct the same point: each construction gives the prover different premises; the
    k-th costs k * VARIANT_PENALTY). Deterministic: the seed is unused.
    """

    name = "heuristic"

    def __init__(self, kinds: Any = None, weights: dict[str, float] | None = None,
                 priors: dict[str, float] | None = None, variants: int = 2) -> None:
        unknown = sorted(set(kinds or ()) - set(ALL_KINDS))
        if unknown:
            raise PappusError(f"unknown heuristic kind {unknown[0]!r}; "
                              f"known kinds: {', '.join(ALL_KINDS)}")
        bad = sorted(set(weights or ()) - set(ranking.WEIGHTS))
        if bad:
            raise PappusError(f"unknown ranking weight {bad[0]!r}; "
                              f"known: {', '.join(ranking.WEIGHTS)}")
        self.kinds = frozenset(kinds) if kinds else None
        self.weights = {**ranking.WEIGHTS, **(weights or {})}
        self.priors = {**ranking.PRIORS, **(priors or {})}
        self.variants = max(1, variants)

    def candidates(self, node: NodeView, limit: int = 0) -> tuple[list[Candidate], Frame]:
        """Every catalogue candidate of the node, scored, best first (not yet drawn)."""
        fig = build_figure(node.problem, _coords(node))
        cands = list(Catalogue(fig).all(self.kinds))
        ranking.score(fig, cands, self.weights, self.priors, limit)
        order = sorted(range(len(cands)), key=lambda k: -cands[k].score)
        return [cands[k] for k in order if cands[k].score > float("-inf")], fig.frame

    def propose(self, node: NodeView, limit: int, seed: int = 0) -> list[Proposal]:
        cands, frame = self.candidates(node, limit)
        x = fresh_point_names(node.problem, 1)[0]
        out: list[Proposal] = []
        ranked: list[float] = []  # negated scores of `out`, ascending
        taken = _PointSet(frame.min_sep)
        for cand in cands:
            # Later candidates score at most cand.score: stop once `limit` beat it.
            if bisect.bisect_right(ranked, -cand.score) >= limit:
                break
            seen = taken.count(cand.z)
            if seen >= self.variants:
                continue  # the same point, proposed better already
            p = draw(_calls(cand, x), x, frame)
            if p is None or abs(p - cand.z) > 1e-6 * frame.radius:
                continue
            taken.add(cand.z)
            value = cand.score - VARIANT_PENALTY * seen
            bisect.insort(ranked, -value)
            out.append(Proposal(cand.clause(x), value, cand.kind))
        out.sort(key=lambda q: -q.score)
        return out[:limit]


class _PointSet:
    """Points on a grid of cells as wide as the separation, for near-duplicate look-ups."""

    def __init__(self, sep: float) -> None:
        self.sep = sep
        self.cells: dict[tuple[int, int], list[complex]] = {}

    def _cell(self, p: complex) -> tuple[int, int]:
        return int(p.real // self.sep), int(p.imag // self.sep)

    def count(self, p: complex) -> int:
        """How many points of the set are within the separation of p."""
        i, j = self._cell(p)
        return sum(abs(p - q) < self.sep for di in (-1, 0, 1) for dj in (-1, 0, 1)
                   for q in self.cells.get((i + di, j + dj), ()))

    def near(self, p: complex) -> bool:
        return self.count(p) > 0

    def add(self, p: complex) -> None:
        self.cells.setdefault(self._cell(p), []).append(p)


class RandomProposer:
    """Uniform over the table's one-point constructions, with existing points as arguments.

    Keeps clauses that can be drawn and whose point is new (not an existing point, not a
    point proposed before); scores are seeded uniform numbers. Option: `tries_per_proposal`.
    """

    name = "random"
    DEGREES = tuple(range(15, 180, 15))

    def __init__(self, tries_per_proposal: int = 50) -> None:
        self.tries = tries_per_proposal
        self.specs = [s for s in construction_table().values() if _random_ok(s)]

    def propose(self, node: NodeView, limit: int, seed: int = 0) -> list[Proposal]:
        rng = random.Random(seed)
        names = [p for p in node.problem.points if p in node.diagram.points]
        frame = Frame(_coords(node))
        x = fresh_point_names(node.problem, 1)[0]
        out: list[Proposal] = []
        seen: set[str] = set()
        taken = _PointSet(frame.min_sep)
        for _ in range(self.tries * max(limit, 1)):
            if len(out) >= limit:
                break
            spec = rng.choice(self.specs)
            given = spec.given_points
            if len(given) > len(names):
                continue
            picks = iter(rng.sample(names, len(given)))
            args = tuple(x if a in spec.new_points else
                         str(rng.choice(self.DEGREES)) if a.startswith("%") else next(picks)
                         for a in spec.signature)
            call = ConstructionCall(spec.name, args)
            clause = f"{x} = {call.to_text()}"
            if clause in seen:
                continue
            seen.add(clause)
            p = draw([call], x, frame, rng, determined=False)
            if p is None or taken.near(p):
                continue
            taken.add(p)
            out.append(Proposal(clause, rng.random(), spec.name))
        out.sort(key=lambda q: -q.score)
        return out


def _random_ok(spec: ConstructionSpec) -> bool:
    """One new point built from given ones (a free point relates to nothing), in
    AlphaGeometry's language, with numbers only as s_angle's degrees."""
    if len(spec.new_points) != 1 or not spec.given_points:
        return False
    if getattr(spec, "origin", "alphageometry") != "alphageometry":
        return False
    if any(a != "%y" for a in spec.number_args):
        return False
    atoms = (*spec.preconditions, *spec.facts)
    return all(predicates.lookup(a.predicate) is not None for a in atoms) and all(
        (s.name in SHAPES) if s.is_shape else (s.name in LOCI) for s in spec.sketches)


PROPOSERS = {"random": RandomProposer, "heuristic": HeuristicProposer}
# Proposers around a trained model (neural.guide): they need the `neural` extra (torch).
MODEL_PROPOSERS = ("model", "ensemble")
PROPOSER_NAMES = (*PROPOSERS, *MODEL_PROPOSERS)


def make_proposer(name: str, **options: Any) -> Proposer:
    """The proposer called `name` (random, heuristic, model or ensemble), built with
    `options` (for model and ensemble: `model_dir` and those of `neural.guide`)."""
    if name in MODEL_PROPOSERS:
        from .extras import require_torch

        require_torch(f"--proposer {name}")
        from .guide import PROPOSERS as guided

        cls: Any = guided[name]
    else:
        cls = PROPOSERS.get(name)
    if cls is None:
        import difflib

        close = difflib.get_close_matches(name, list(PROPOSER_NAMES), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "known proposers"
        raise PappusError(f"unknown proposer {name!r}; {hint} "
                          f"(one of: {', '.join(PROPOSER_NAMES)})")
    try:
        return cls(**options)  # type: ignore[no-any-return]
    except TypeError as err:
        raise PappusError(f"proposer {name!r}: {err}") from None
