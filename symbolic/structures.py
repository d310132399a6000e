"""Incidence structures: proven lines (collinear sets) and proven circles (concyclic sets).

Transitivity is structural: two proven lines sharing two points are one line, two
proven circles sharing three points are one circle. Each structure remembers which
statements built it, so a proof can name the minimal set of collinearity (or
concyclicity) facts behind any membership.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import combinations


class IncidenceSets:
    """Maximal point sets closed under merging sets that share `overlap` points.

    `overlap` is 2 for lines, 3 for circles. Every set of `overlap` points belongs to at
    most one set; sets are union-find nodes whose ids double as algebra variables.
    """

    def __init__(self, overlap: int, on_merge: Callable[[int, int, int], None] | None = None):
        self.overlap = overlap
        self.parent: list[int] = []
        self.members: list[set[int]] = []
        self.key_owner: dict[tuple[int, ...], int] = {}
        self.by_point: dict[int, set[int]] = {}
        self._on_merge = on_merge  # (absorbed root, keeper root, statement id)

    def copy(self, on_merge: Callable[[int, int, int], None] | None = None) -> IncidenceSets:
        """An independent copy (reporting merges to `on_merge`)."""
        new = IncidenceSets(self.overlap, on_merge)
        new.parent = list(self.parent)
        new.members = [set(m) for m in self.members]
        new.key_owner = dict(self.key_owner)
        new.by_point = {p: set(s) for p, s in self.by_point.items()}
        return new

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def _new(self, points: Iterable[int]) -> int:
        sid = len(self.parent)
        self.parent.append(sid)
        pts = set(points)
        self.members.append(pts)
        for p in pts:
            self.by_point.setdefault(p, set()).add(sid)
        for key in combinations(sorted(pts), self.overlap):
            self.key_owner[key] = sid
        return sid

    def owner(self, *points: int) -> int:
        """Root of the set holding these `overlap` points, or -1."""
        sid = self.key_owner.get(tuple(sorted(points)))
        return -1 if sid is None else self.find(sid)

    def get_or_create(self, *points: int) -> int:
        """Root of the set through these points (a bare set of them if none)."""
        sid = self.owner(*points)
        return sid if sid >= 0 else self._new(points)

    def contains_all(self, points: Iterable[int]) -> bool:
        pts = sorted(set(points))
        if len(pts) <= self.overlap:
            return len(pts) < self.overlap or self.owner(*pts) >= 0
        root = self.owner(*pts[: self.overlap])
        return root >= 0 and all(p in self.members[root] for p in pts)

    def add(self, points: Iterable[int], stmt_id: int) -> set[int]:
        """Record that `points` lie on one set; return the points whose sets changed."""
        pts = sorted(set(points))
        merged = set(pts)
        roots: set[int] = set()
        # Absorb every set sharing `overlap` points with the growing union, to a fixpoint:
        # a merge can bring in points that complete an overlap with yet another set.
        changed = True
        while changed:
            changed = False
            for p in list(merged):
                for sid in list(self.by_point.get(p, ())):
                    r = self.find(sid)
                    if r in roots:
                        continue
                    if len(self.members[r] & merged) >= self.overlap:
                        roots.add(r)
                        merged |= self.members[r]
                        changed = True
        if not roots:
            self._new(pts)
            return set(pts)
        keeper = min(roots)
        before = set(self.members[keeper])
        for r in sorted(roots - {keeper}):
            self.parent[r] = keeper
            if self._on_merge is not None:
                self._on_merge(r, keeper, stmt_id)
        new_points = merged - before
        if not new_points:
            return set()
        self.members[keeper] = merged
        for p in merged:
            self.by_point.setdefault(p, set()).add(keeper)
        for key in combinations(sorted(merged), self.overlap):
            if self.key_owner.get(key) is None or self.find(self.key_owner[key]) != keeper:
                self.key_owner[key] = keeper
        return new_points | (merged if len(roots) > 1 else set())


def support(
    candidates: list[tuple[int, frozenset[int]]], target: Iterable[int], overlap: int
) -> list[int] | None:
    """A small subset of `candidates` (statement id, point set) whose merge closure puts
    all `target` points in one set; None if even all of them do not.
    """
    goal = set(target)

    def closure_ok(chosen: list[tuple[int, frozenset[int]]]) -> bool:
        sets = [set(s) for _, s in chosen]
        changed = True
        while changed:
            changed = False
            for i in range(len(sets)):
                for j in range(i + 1, len(sets)):
                    if sets[i] and sets[j] and len(sets[i] & sets[j]) >= overlap:
                        sets[i] |= sets[j]
                        sets[j] = set()
                        changed = True
        return any(goal <= s for s in sets)

    if len(goal) <= overlap - 1:
        return []
    relevant = [c for c in candidates if len(c[1] & goal) >= 1]
    if not closure_ok(relevant):
        relevant = list(candidates)
        if not closure_ok(relevant):
            return None
    chosen = list(relevant)
    for item in list(reversed(relevant)):
        trial = [c for c in chosen if c is not item]
        if closure_ok(trial):
            chosen = trial
    return [sid for sid, _ in chosen]
