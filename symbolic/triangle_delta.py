"""Similar-triangle pairs through new points, for a diagram grown by a few points.

A grown diagram's index (`NumericIndex(..., parent=...)`) keeps its parent's pairs of
similar (or congruent) triangles and adds only the pairs in which a triangle has a new
vertex. Those are found by matching each new triangle's shape against every shape
(old and new), sorted by real part, within the shape tolerance of
`NumericIndex.shape_classes` (which clusters all shapes of a diagram drawn from scratch
the same way, up to chains of near-equal shapes, which exact similarity never makes).
"""

from __future__ import annotations

import numpy as np

Pair = tuple[int, ...]  # two triangles, as a 6-tuple of points


def new_triangles(z: np.ndarray, line_of: np.ndarray, n_old: int
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The ordered non-degenerate triangles with a vertex numbered `n_old` or more (k x 3
    indices, in lexicographic order) and their shapes (c - a) / (b - a)."""
    n = len(z)
    a, b, c = (g.ravel() for g in np.meshgrid(np.arange(n), np.arange(n), np.arange(n),
                                              indexing="ij"))
    ok = (a != b) & (a != c) & (b != c) & (np.maximum(np.maximum(a, b), c) >= n_old)
    a, b, c = a[ok], b[ok], c[ok]
    ok = line_of[a, b] != line_of[a, c]
    a, b, c = a[ok], b[ok], c[ok]
    return np.stack((a, b, c), axis=1), (z[c] - z[a]) / (z[b] - z[a])


def new_pairs(old_shapes: np.ndarray, new_tris: np.ndarray, new_shapes: np.ndarray,
              old_tris: np.ndarray, mirrored: bool, tol: float) -> list[Pair]:
    """Ordered pairs (s, t) of distinct triangles, at least one of them new, with
    shape(t) = shape(s) (`mirrored`: its conjugate): t similar to s (opposite
    orientation). Both orders of each pair are listed, as `triangle_pairs` does."""
    n_old = len(old_shapes)
    shapes = np.concatenate((old_shapes, new_shapes))
    if not len(new_shapes):
        return []
    tris = np.concatenate((old_tris.reshape(-1, 3), new_tris)).tolist()
    order = np.argsort(shapes.real, kind="stable")
    sorted_re = shapes.real[order]
    target = np.conj(new_shapes) if mirrored else new_shapes
    lo = np.searchsorted(sorted_re, target.real - tol, side="left")
    hi = np.searchsorted(sorted_re, target.real + tol, side="right")
    counts = hi - lo
    owner = np.repeat(np.arange(len(new_shapes)), counts)
    starts = np.repeat(lo - (np.cumsum(counts) - counts), counts)
    cand = order[np.arange(int(counts.sum())) + starts]
    keep = (np.abs(shapes.imag[cand] - target.imag[owner]) <= tol) & (cand != owner + n_old)
    out: list[Pair] = []
    for k, t in zip(owner[keep].tolist(), cand[keep].tolist(), strict=True):
        s_tri, t_tri = tris[n_old + k], tris[t]
        out.append((*s_tri, *t_tri))
        if t < n_old:  # an old partner: the reverse pair is new too
            out.append((*t_tri, *s_tri))
    return out


__all__ = ["new_pairs", "new_triangles"]
