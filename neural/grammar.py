"""Which token may come next in a clause the model writes: a small automaton.

A clause for a node whose problem has n points (canonical names a, b, ... of
`neural.tokens`) is

    new points = name args [, name args] <eos>

The new points are the next canonical names in order (point n, n+1, ...); each
construction is one the table can build with that many new points from points that
exist, its new-point slots filled with the clause's new points in order and every other
slot with an existing point, no point twice in one construction (no auxiliary clause of
the training data repeats one; a repeat is almost always a degenerate figure).
Constructions that take numbers (`s_angle`, `aconst`, ...) or build only new points
(start shapes) are left out: no auxiliary clause of the training data uses them.
Sampling only what the automaton allows (`allowed`) makes every decode a clause the
node can take, so the model's probability mass goes to choosing among real clauses
instead of being lost on malformed text.

No torch here: masks are numpy arrays over the vocabulary, cached by state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from generator.sampling import point_name
from symbolic.constructions import ConstructionSpec, construction_table

from .tokens import EOS, Vocabulary

MAX_NEW_POINTS = 4  # the most any construction of the table adds
MAX_PARTS = 2  # constructions a clause intersects (`x = on_line x a b, on_circle x o c`)


@dataclass(frozen=True)
class ClauseState:
    """Where a clause's decoding is: `new` (the new points' token ids), `spec` (the
    construction being written, or None), `slot` (its next signature position), `parts`
    (constructions begun), `used` (the points of the construction being written);
    `phase` is points | name | args | after | done."""

    phase: str = "points"
    new: tuple[int, ...] = ()
    spec: str | None = None
    slot: int = 0
    parts: int = 0
    used: frozenset[int] = frozenset()


def _usable(spec: ConstructionSpec) -> bool:
    return not spec.number_args and bool(spec.given_points)


class ClauseGrammar:
    """The automaton for one vocabulary: `start()`, then `allowed(state, n_points)` (a
    boolean mask over token ids, for a node with `n_points` points) and
    `step(state, token)`."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.specs = {name: spec for name, spec in construction_table().items()
                      if _usable(spec) and name in vocab.tokens}
        self.spec_of_token = {vocab.id(name): name for name in self.specs}
        self.points = [vocab.id(point_name(i)) for i in range(self._max_points())]
        self.eq, self.comma, self.eos = vocab.id("="), vocab.id(","), vocab.id(EOS)
        self._masks: dict[tuple, np.ndarray] = {}
        self._fitting: dict[tuple[int, int], list[int]] = {}

    def _max_points(self) -> int:
        count = 0
        while point_name(count) in self.vocab.tokens:
            count += 1
        return count

    @cached_property
    def _by_new_count(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for token, name in self.spec_of_token.items():
            out.setdefault(len(self.specs[name].new_points), []).append(token)
        return out

    def _fits(self, new: int, n_points: int) -> list[int]:
        """The constructions with `new` new points and at most `n_points` old ones."""
        key = (new, n_points)
        found = self._fitting.get(key)
        if found is None:
            found = [t for t in self._by_new_count.get(new, [])
                     if len(self.specs[self.spec_of_token[t]].given_points) <= n_points]
            self._fitting[key] = found
        return found

    def start(self) -> ClauseState:
        """The state before the first token."""
        return ClauseState()

    def _mask(self, key: tuple, ids: Callable[[], list[int]]) -> np.ndarray:
        """The cached mask of `key`; `ids` (the allowed tokens) is called on a miss only,
        since this runs for every token of every sample."""
        mask = self._masks.get(key)
        if mask is None:
            mask = np.zeros(len(self.vocab), dtype=bool)
            mask[ids()] = True
            self._masks[key] = mask
        return mask

    def allowed(self, state: ClauseState, n_points: int) -> np.ndarray:
        """The tokens that may come next (a boolean mask over the vocabulary)."""
        if state.phase == "points":
            k = len(state.new)
            return self._mask(("points", k, n_points), lambda: self._point_ids(k, n_points))
        if state.phase == "name":
            k = len(state.new)
            return self._mask(("name", k, n_points), lambda: self._fits(k, n_points))
        if state.phase == "args":
            spec = self.specs[state.spec or ""]
            var = spec.signature[state.slot]
            if var in spec.new_points:
                point = state.new[spec.new_points.index(var)]
                return self._mask(("new", point), lambda: [point])
            return self._mask(("old", n_points, state.used), lambda: [
                p for p in self.points[:n_points] if p not in state.used])
        if state.phase == "after":
            more = state.parts < MAX_PARTS
            return self._mask(("after", more), lambda: [self.eos, *([self.comma] if more else [])])
        return self._mask(("done",), lambda: [self.eos])

    def _point_ids(self, k: int, n_points: int) -> list[int]:
        """After `k` new points: the next point's name if a construction takes more, `=`
        if one takes k."""
        total, ids = n_points + k, []
        if total < len(self.points) and any(self._fits(j, n_points)
                                            for j in range(k + 1, MAX_NEW_POINTS + 1)):
            ids.append(self.points[total])
        if k and self._fits(k, n_points):
            ids.append(self.eq)
        # a node too small for any construction: an empty decode (dropped by the caller)
        return ids or [self.eos]

    def step(self, state: ClauseState, token: int) -> ClauseState:
        """The state after `token` (assumed allowed)."""
        if state.phase == "points":
            if token == self.eq:
                return ClauseState("name", state.new, parts=state.parts)
            return ClauseState("points", (*state.new, token))
        if state.phase == "name":
            return ClauseState("args", state.new, self.spec_of_token[token], 0, state.parts + 1)
        if state.phase == "args":
            spec = self.specs[state.spec or ""]
            if state.slot + 1 < len(spec.signature):
                return ClauseState("args", state.new, state.spec, state.slot + 1, state.parts,
                                   state.used | {token})
            return ClauseState("after", state.new, parts=state.parts)
        if state.phase == "after" and token == self.comma:
            return ClauseState("name", state.new, parts=state.parts)
        return ClauseState("done", state.new, parts=state.parts)
