"""Numeric index of a diagram: which segments share a direction or a length, which
points are collinear or concyclic, which point is a midpoint.

The rule matcher asks "which bindings make this predicate true in the diagram?" and
answers come from here as table look-ups, so matching never scans point tuples blindly.
Equality is decided by single-linkage clustering of sorted values with the tolerance of
`symbolic.predicates.spec`, which never splits two values that are within tolerance.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

import numpy as np

from .predicates.spec import ANGLE_TOLERANCE, RELATIVE_TOLERANCE
from .triangle_delta import new_pairs, new_triangles

Pair = tuple[int, int]
SHAPE_TOLERANCE = RELATIVE_TOLERANCE * 100  # triangle shapes (c - a) / (b - a) are equal


def cluster_sorted(values: np.ndarray, tol: float) -> np.ndarray:
    """Cluster ids (0..k-1) for values, grouping neighbours closer than `tol` after sorting."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(values, kind="stable")
    gaps = np.diff(values[order]) > tol
    ids_sorted = np.concatenate(([0], np.cumsum(gaps)))
    ids = np.empty(len(values), dtype=np.int64)
    ids[order] = ids_sorted
    return ids


class NumericIndex:
    """Look-up tables over one diagram's points (indices 0..n-1)."""

    def __init__(self, coords: Sequence[complex], scale: float,
                 parent: NumericIndex | None = None) -> None:
        """`parent`: the index of a diagram whose points are the first ones of this one
        (a grown diagram): similar-triangle pairs then come from it plus the pairs
        through the new points (`symbolic.triangle_delta`), never recomputed."""
        self.z = np.asarray(coords, dtype=complex)
        self.n = n = len(self.z)
        self.scale = scale
        self.tol = RELATIVE_TOLERANCE * scale
        iu, ju = np.triu_indices(n, 1)
        self._iu, self._ju = iu, ju
        diff = self.z[ju] - self.z[iu]
        self.length_matrix = np.abs(self.z[None, :] - self.z[:, None])
        dirs = np.mod(np.angle(diff), math.pi)
        self._pair_dirs = dirs
        self._pair_lengths = np.abs(diff)
        self._build_direction_classes(dirs)
        self._build_length_classes(np.abs(diff))
        self._build_lines()
        self._build_circles()
        self._build_midpoints()
        self._shape_classes: dict[bool, tuple[dict, list]] = {}
        self._tables: tuple | None = None
        self._value_tables: tuple | None = None
        self._member_tables: tuple[list, list] | None = None
        self._triangle_pairs: dict[tuple[bool, bool], tuple[list, dict]] = {}
        self._pairs_by_vertex: dict[tuple[bool, bool], dict[tuple[int, int], list]] = {}
        self._triangle_cache: tuple[np.ndarray, np.ndarray] | None = None
        self._parent = parent if parent is not None and parent.n < n else None
        self._new_pairs: dict[tuple[bool, bool], list[tuple[int, ...]]] = {}
        self._new_partners: dict[tuple[bool, bool], dict[tuple, list[tuple]]] = {}
        self._new_triangle_cache: tuple[np.ndarray, np.ndarray] | None = None

    def tables(self) -> tuple[list, list, list, list, list]:
        """Plain-list copies of the look-up tables for compiled matchers:
        (line_of, dir_class, len_class, midpoint, perpendicular class of a class)."""
        if self._tables is None:
            n_dir = max(self.dir_value, default=-1) + 1
            perp = [-1] * (n_dir + 1)  # index -1 (no class) maps to -1 as well
            for cls, theta in self.dir_value.items():
                perp[cls] = self.dir_class_of_value(theta + math.pi / 2)
            self._tables = (self.line_of.tolist(), self.dir_class.tolist(),
                            self.len_class.tolist(), self.midpoint.tolist(), perp)
        return self._tables

    def member_tables(self) -> tuple[list, list]:
        """Each direction class's and each length class's ordered pairs, as lists indexed
        by class (class -1, no class, last: empty), for compiled matchers."""
        if self._member_tables is None:
            def table(members: dict[int, list[Pair]]) -> list[list[Pair]]:
                out = [members.get(c, []) for c in range(max(members, default=-1) + 1)]
                out.append([])
                return out

            self._member_tables = (table(self.dir_members), table(self.len_members))
        return self._member_tables

    def value_tables(self) -> tuple[list, list]:
        """Per pair of points: direction (class value, radians in [0, pi)) and log-length
        (of the class value), as nested lists; the diagonal holds 0."""
        if self._value_tables is None:
            n = self.n
            theta = [[0.0] * n for _ in range(n)]
            loglen = [[0.0] * n for _ in range(n)]
            dc, lc = self.dir_class.tolist(), self.len_class.tolist()
            for i in range(n):
                for j in range(n):
                    if i != j:
                        theta[i][j] = self.dir_value[dc[i][j]]
                        loglen[i][j] = math.log(self.len_value[lc[i][j]])
            self._value_tables = (theta, loglen)
        return self._value_tables

    # ------------------------------------------------------------ directions

    def _build_direction_classes(self, dirs: np.ndarray) -> None:
        ids = cluster_sorted(dirs, ANGLE_TOLERANCE)
        # Directions near pi are the same as near 0: merge the last and first clusters.
        if len(dirs) and ids.max() > 0:
            order = np.argsort(dirs)
            if dirs[order[0]] + math.pi - dirs[order[-1]] < ANGLE_TOLERANCE:
                ids[ids == ids.max()] = 0
        (self.dir_class, self.dir_members, self.dir_value, self._dir_sorted_keys,
         self._dir_sorted_vals) = self._pair_classes(ids, dirs)
        self._dir_vals: list[float] = self._dir_sorted_vals.tolist()

    def direction(self, i: int, j: int) -> float:
        return float(np.mod(np.angle(self.z[j] - self.z[i]), math.pi))

    def dir_class_of_value(self, theta: float) -> int:
        """Direction class whose direction is `theta` (mod pi), or -1."""
        vals = self._dir_vals
        if not vals:
            return -1
        theta = theta % math.pi
        k = bisect_left(vals, theta)  # as np.searchsorted, without its per-call cost
        for cand in (k - 1, k, 0, len(vals) - 1):
            if 0 <= cand < len(vals):
                d = abs(vals[cand] - theta)
                if min(d, math.pi - d) < ANGLE_TOLERANCE * 4:
                    return self._dir_sorted_keys[cand]
        return -1

    # ------------------------------------------------------------ lengths

    def _build_length_classes(self, lengths: np.ndarray) -> None:
        ids = cluster_sorted(lengths, self.tol)
        (self.len_class, self.len_members, self.len_value, self._len_sorted_keys,
         self._len_sorted_vals) = self._pair_classes(ids, lengths)
        self._len_vals: list[float] = self._len_sorted_vals.tolist()

    def _pair_classes(self, ids: np.ndarray, values: np.ndarray) -> tuple:
        """From a class id per pair of points (upper triangle order): the symmetric class
        matrix, each class's ordered pairs, its value, and classes sorted by value."""
        n = self.n
        matrix = np.full((n, n), -1, dtype=np.int64)
        matrix[self._iu, self._ju] = ids
        matrix[self._ju, self._iu] = ids
        members: defaultdict[int, list[Pair]] = defaultdict(list)
        value_of: dict[int, float] = {}
        for k, (i, j) in enumerate(zip(self._iu.tolist(), self._ju.tolist(), strict=True)):
            c = int(ids[k])
            members[c].append((i, j))
            members[c].append((j, i))
            value_of.setdefault(c, float(values[k]))
        keys = sorted(value_of, key=value_of.__getitem__)
        return matrix, dict(members), value_of, keys, np.array([value_of[k] for k in keys])

    def len_class_of_value(self, length: float) -> int:
        vals = self._len_vals
        if not vals:
            return -1
        k = bisect_left(vals, length)
        for cand in (k - 1, k):
            if 0 <= cand < len(vals) and abs(vals[cand] - length) <= 4 * self.tol:
                return self._len_sorted_keys[cand]
        return -1

    # ------------------------------------------------------------ lines and circles

    def _build_lines(self) -> None:
        """Maximal sets of collinear points; every pair belongs to exactly one line.

        A line is made from its first pair (in lexicographic order) not on an earlier
        line: every point within tolerance of the line through that pair. Distances of
        all points to all pair lines are computed at once.
        """
        n, z = self.n, self.z
        line_of = [[-1] * n for _ in range(n)]
        self.lines: list[tuple[int, ...]] = []
        if n >= 2:
            iu, ju = self._iu, self._ju  # pairs in lexicographic order
            u = z[ju] - z[iu]
            dist = (np.abs((np.conj(u)[:, None] * (z[None, :] - z[iu][:, None])).imag)
                    / np.abs(u)[:, None])
            near = (dist <= self.tol).tolist()
            for k, (i, j) in enumerate(zip(iu.tolist(), ju.tolist(), strict=True)):
                if line_of[i][j] >= 0:
                    continue
                pts = tuple(sorted({p for p, on in enumerate(near[k]) if on} | {i, j}))
                lid = len(self.lines)
                self.lines.append(pts)
                for x in pts:
                    row = line_of[x]
                    for y in pts:
                        row[y] = lid
        self.line_of = np.array(line_of, dtype=np.int64).reshape(n, n)
        np.fill_diagonal(self.line_of, -1)
        self.long_lines = [ln for ln in self.lines if len(ln) >= 3]
        self.lines_through: list[list[int]] = [[] for _ in range(n)]
        for lid, pts in enumerate(self.lines):
            if len(pts) >= 3:
                for p in pts:
                    self.lines_through[p].append(lid)

    def _build_circles(self) -> None:
        """Maximal sets of at least four concyclic points.

        A circle is made from its first triple (in lexicographic order) not on an
        earlier circle: every point within tolerance of the circle through it. Circles
        through all triples are computed at once; only those through four or more
        points are looked at one by one.
        """
        n, z = self.n, self.z
        self.circles: list[tuple[int, ...]] = []
        self.circle_centers: list[complex] = []
        if n >= 4:
            triples = np.array(list(combinations(range(n), 3)), dtype=np.int64)
            a, b, c = z[triples[:, 0]], z[triples[:, 1]], z[triples[:, 2]]
            d = 2 * (a.real * (b.imag - c.imag) + b.real * (c.imag - a.imag)
                     + c.real * (a.imag - b.imag))
            ok = np.abs(d) > 1e-12 * self.scale ** 2
            a2, b2, c2 = np.abs(a) ** 2, np.abs(b) ** 2, np.abs(c) ** 2
            with np.errstate(divide="ignore", invalid="ignore"):
                ux = (a2 * (b.imag - c.imag) + b2 * (c.imag - a.imag)
                      + c2 * (a.imag - b.imag)) / d
                uy = (a2 * (c.real - b.real) + b2 * (a.real - c.real)
                      + c2 * (b.real - a.real)) / d
                centers = ux + 1j * uy
                radii = np.abs(a - centers)
            cand = np.flatnonzero(ok & (radii <= 50 * self.scale))
            on = (np.abs(np.abs(z[None, :] - centers[cand, None]) - radii[cand, None])
                  <= self.tol)
            rich = np.flatnonzero(on.sum(axis=1) >= 4)
            found: set[tuple[int, ...]] = set()
            seen_triples: set[tuple[int, ...]] = set()
            for row, t in zip(on[rich].tolist(), cand[rich].tolist(), strict=True):
                triple = tuple(triples[t].tolist())
                if triple in seen_triples:
                    continue
                pts = tuple(p for p, hit in enumerate(row) if hit)
                if pts in found:
                    continue
                found.add(pts)
                self.circles.append(pts)
                self.circle_centers.append(complex(centers[t]))
                seen_triples.update(combinations(pts, 3))
        self.circles_through: list[list[int]] = [[] for _ in range(n)]
        for cid, pts in enumerate(self.circles):
            for p in pts:
                self.circles_through[p].append(cid)
        self._circle_sets = [set(c) for c in self.circles]

    def circle_of(self, a: int, b: int, c: int) -> int:
        """Circle (with at least four points) through a, b, c, or -1."""
        for cid in self.circles_through[a]:
            s = self._circle_sets[cid]
            if b in s and c in s:
                return cid
        return -1

    def point_at(self, w: complex) -> int:
        """Index of the point at position `w`, or -1."""
        d = np.abs(self.z - w)
        k = int(np.argmin(d))
        return k if d[k] <= self.tol * 4 else -1

    # ------------------------------------------------------------ midpoints

    def _build_midpoints(self) -> None:
        n, z = self.n, self.z
        self.midpoint = np.full((n, n), -1, dtype=np.int64)
        self.midpoint_pairs: list[list[Pair]] = [[] for _ in range(n)]
        if n < 2:
            return
        mids = (z[self._iu] + z[self._ju]) / 2
        dist = np.abs(z[None, :] - mids[:, None])  # as point_at, for every pair at once
        nearest = np.argmin(dist, axis=1)
        hit = dist[np.arange(len(mids)), nearest] <= self.tol * 4
        for k in np.flatnonzero(hit).tolist():
            m = int(nearest[k])
            i, j = int(self._iu[k]), int(self._ju[k])
            if m in (i, j):
                continue
            self.midpoint[i, j] = self.midpoint[j, i] = m
            self.midpoint_pairs[m].extend([(i, j), (j, i)])

    # ------------------------------------------------------------ triangle shapes

    def triangle_pairs(self, mirrored: bool, congruent: bool) -> list[tuple[int, ...]]:
        """All ordered pairs of distinct similar (or congruent) triangles, as 6-tuples."""
        key = (mirrored, congruent)
        cached = self._triangle_pairs.get(key)
        if cached is None:
            if self._parent is not None:
                pairs = [*self._parent.triangle_pairs(mirrored, congruent),
                         *self._pairs_through_new(mirrored, congruent)]
                cached = self._triangle_pairs[key] = (pairs, {})
                return pairs
            _, classes = self.shape_classes(mirrored)
            pairs = []
            partners: dict[tuple[int, int, int], list[tuple[int, int, int]]] = {}
            lc = self.len_class
            for plain, other in classes:
                for s in plain:
                    for t in other:
                        if s == t or (congruent and lc[s[0], s[1]] != lc[t[0], t[1]]):
                            continue
                        pairs.append((*s, *t))
                        partners.setdefault(s, []).append(t)
            cached = self._triangle_pairs[key] = (pairs, partners)
        return cached[0]

    def triangle_partners(self, mirrored: bool, congruent: bool, triangle: tuple[int, ...]
                          ) -> list[tuple[int, ...]]:
        """The triangles t with (triangle, t) among `triangle_pairs`."""
        if self._parent is not None:
            key = (mirrored, congruent)
            if key not in self._new_partners:
                partners: dict[tuple, list[tuple]] = {}
                for pair in self._pairs_through_new(mirrored, congruent):
                    partners.setdefault(pair[:3], []).append(pair[3:])
                self._new_partners[key] = partners
            return [*self._parent.triangle_partners(mirrored, congruent, triangle),
                    *self._new_partners[key].get(tuple(triangle), ())]
        self.triangle_pairs(mirrored, congruent)
        return self._triangle_pairs[(mirrored, congruent)][1].get(tuple(triangle), [])

    def triangle_pairs_at(self, mirrored: bool, congruent: bool, position: int,
                          point: int) -> list[tuple[int, ...]]:
        """The pairs of `triangle_pairs` with `point` at `position` (0-5) of the 6-tuple."""
        key = (mirrored, congruent)
        by_vertex = self._pairs_by_vertex.get(key)
        if by_vertex is None:
            by_vertex = self._pairs_by_vertex[key] = {}
            pairs = (self._pairs_through_new(mirrored, congruent) if self._parent is not None
                     else self.triangle_pairs(mirrored, congruent))
            for pair in pairs:
                for pos, p in enumerate(pair):
                    by_vertex.setdefault((pos, p), []).append(pair)
        if self._parent is not None:
            old = (self._parent.triangle_pairs_at(mirrored, congruent, position, point)
                   if point < self._parent.n else [])
            return [*old, *by_vertex.get((position, point), ())]
        return by_vertex.get((position, point), [])

    def triangle_pair_count(self, mirrored: bool) -> float:
        """The matcher's estimate of the number of similar-triangle pairs."""
        if self._parent is not None:
            return (self._parent.triangle_pair_count(mirrored)
                    + len(self._pairs_through_new(mirrored, False)))
        _, classes = self.shape_classes(mirrored)
        return float(sum(len(a) * len(b) for a, b in classes))

    def _pairs_through_new(self, mirrored: bool, congruent: bool) -> list[tuple[int, ...]]:
        """A grown index's pairs with a triangle through a new point."""
        assert self._parent is not None
        key = (mirrored, congruent)
        got = self._new_pairs.get(key)
        if got is None:
            if congruent:
                lc = self.len_class
                got = [p for p in self._pairs_through_new(mirrored, False)
                       if lc[p[0], p[1]] == lc[p[3], p[4]]]
            else:
                old_tris, old_shapes = self._parent._triangles()
                new_tris, new_shapes = self._new_triangles()
                got = new_pairs(old_shapes, new_tris, new_shapes, old_tris, mirrored,
                                SHAPE_TOLERANCE)
            self._new_pairs[key] = got
        return got

    def _new_triangles(self) -> tuple[np.ndarray, np.ndarray]:
        assert self._parent is not None
        if self._new_triangle_cache is None:
            self._new_triangle_cache = new_triangles(self.z, self.line_of, self._parent.n)
        return self._new_triangle_cache

    def _triangles(self) -> tuple[np.ndarray, np.ndarray]:
        """All ordered non-degenerate triangles (k x 3 indices) and their shapes
        (c - a) / (b - a), computed once per diagram."""
        if self._triangle_cache is None and self._parent is not None:
            old_tris, old_shapes = self._parent._triangles()
            new_tris, new_shapes = self._new_triangles()
            self._triangle_cache = (np.concatenate((old_tris.reshape(-1, 3), new_tris)),
                                    np.concatenate((old_shapes, new_shapes)))
        if self._triangle_cache is None:
            n, z = self.n, self.z
            a, b, c = (g.ravel() for g in np.meshgrid(np.arange(n), np.arange(n),
                                                      np.arange(n), indexing="ij"))
            ok = (a != b) & (a != c) & (b != c)
            a, b, c = a[ok], b[ok], c[ok]
            ok = self.line_of[a, b] != self.line_of[a, c]
            a, b, c = a[ok], b[ok], c[ok]
            shapes = (z[c] - z[a]) / (z[b] - z[a])
            self._triangle_cache = (np.stack((a, b, c), axis=1), shapes)
        return self._triangle_cache

    def shape_classes(self, mirrored: bool) -> tuple[dict[tuple[int, int, int], int], list]:
        """Classes of ordered non-degenerate triangles with equal shape (c-a)/(b-a).

        With `mirrored`, the class list pairs each triangle with the mirror images of the
        others (opposite orientation similarity).
        """
        if mirrored in self._shape_classes:
            return self._shape_classes[mirrored]
        tris, arr = self._triangles()
        tol = SHAPE_TOLERANCE
        result: dict[tuple[int, int, int], int] = {}
        classes: list[list[list[tuple[int, int, int]]]] = []
        if len(arr):
            if mirrored:
                vals = np.concatenate((arr, np.conj(arr)))
                owners = np.concatenate((np.arange(len(arr)), np.arange(len(arr))))
                flags = np.concatenate((np.zeros(len(arr), bool), np.ones(len(arr), bool)))
            else:
                vals, owners = arr, np.arange(len(arr))
                flags = np.zeros(len(arr), bool)
            # Cluster by real part, then by imaginary part within each real cluster, all
            # vectorised: sort by (real cluster, imaginary part) and cut at the gaps.
            rid = cluster_sorted(vals.real, tol)
            order = np.lexsort((vals.imag, rid))
            r_sorted, i_sorted = rid[order], vals.imag[order]
            cut = np.ones(len(order), bool)
            cut[1:] = (np.diff(r_sorted) != 0) | (np.diff(i_sorted) > tol)
            cid_sorted = np.cumsum(cut) - 1
            sizes = np.bincount(cid_sorted)
            keep = sizes[cid_sorted] >= 2
            kept_order, kept_cid = order[keep], cid_sorted[keep]
            kept_tris = map(tuple, tris[owners[kept_order]].tolist())
            flag = flags[kept_order].tolist()
            groups: dict[int, tuple[list, list]] = {}
            for k, f, tri in zip(kept_cid.tolist(), flag, kept_tris, strict=True):
                entry = groups.setdefault(k, ([], []))
                entry[1 if f else 0].append(tri)
            for plain, mirror in groups.values():
                if mirrored:
                    if plain and mirror:
                        classes.append([plain, mirror])
                elif len(plain) >= 2:
                    classes.append([plain, plain])
        for cid, (plain, _) in enumerate(classes):
            for t in plain:
                result[t] = cid
        self._shape_classes[mirrored] = (result, classes)
        return result, classes
