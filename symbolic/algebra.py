"""Algebraic reasoning (AR): exact, incremental Gaussian elimination with watched equations.

A `LinearSystem` holds linear equations `sum(coef * var) + const = 0` over exact
fractions. Angle systems reduce the constant modulo 1 (angles are measured in units of
pi, modulo pi); ratio systems keep it exact (their constants are written as log-primes,
which are variables that are never chosen as pivots).

Rows are kept in insertion order, each reduced against all earlier rows, so one forward
pass in row order fully reduces any equation, and an equation reduced against the first
k rows stays reduced when row k+1 arrives and only needs that one row subtracted. That
makes *watched* equations cheap: every statement the prover may need is registered once
and updated as rows arrive; the moment one reduces to zero it is reported as implied.

Each reduction records which rows it subtracted, with what multiplier, so a proof can
later expand any implied equation into a combination of input equations (a certificate)
without the search paying for that bookkeeping up front.

The search runs over the prime field GF(P), P = 2^61 - 1 (`exact=False`): whether an
equation lies in the span of others is decided by the variables' coefficients alone,
and modular integers are an order of magnitude faster than fractions. A dependency over
the rationals is one modulo P; the converse fails only when P divides a determinant,
which for the small integer systems of geometry is negligible, and every proof step is
recomputed exactly anyway: tracing solves each algebraic step again over fractions
(`exact=True`) on the inputs the modular search named, and fails loudly if they do not
suffice. Constants are not tracked in the search: angle equations hold modulo pi and
only ever concern statements true in the diagram, where the variables decide; ratio
constants are log-primes, which are variables.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

Var = int
# Exact systems hold fractions; the fast search holds integers modulo P. Which one a
# system uses is chosen at run time, so coefficients are typed loosely.
Scalar = Any
Coeffs = dict[Var, Scalar]
ZERO = Fraction(0)
P = (1 << 61) - 1  # a Mersenne prime: the field of the fast search


@dataclass
class Equation:
    """`sum(coeffs[v] * v) + const = 0`."""

    coeffs: Coeffs
    const: Fraction = ZERO

    def copy(self) -> Equation:
        return Equation(dict(self.coeffs), self.const)


@dataclass
class Row:
    pivot: Var
    eq: Equation
    input_id: int
    scale: Scalar  # row = scale * (input - sum(mult * earlier_row))
    log: list[tuple[int, Scalar]] = field(default_factory=list)


@dataclass
class _Watched:
    eq: Equation
    log: list[tuple[int, Scalar]]


def _axpy_mod(target: Equation, mult: Scalar, row: Equation, modular: bool) -> None:
    """target -= mult * row, over GF(P) (constants are not tracked)."""
    coeffs = target.coeffs
    get = coeffs.get
    for v, c in row.coeffs.items():
        new = (get(v, 0) - mult * c) % P
        if new:
            coeffs[v] = new
        else:
            coeffs.pop(v, None)


def _to_field(eq: Equation) -> Equation:
    return Equation({v: (c.numerator if c.denominator == 1
                         else c.numerator * pow(c.denominator, P - 2, P)) % P
                     for v, c in eq.coeffs.items()}, ZERO)


def _axpy(target: Equation, mult: Scalar, row: Equation, modular: bool) -> None:
    """target -= mult * row."""
    coeffs = target.coeffs
    for v, c in row.coeffs.items():
        new = coeffs.get(v, ZERO) - mult * c
        if new:
            coeffs[v] = new
        else:
            coeffs.pop(v, None)
    const = target.const - mult * row.const
    target.const = const % 1 if modular else const


class LinearSystem:
    """Incremental elimination; see the module docstring."""

    def __init__(
        self, modular: bool, on_implied: Callable[[Hashable, list[tuple[int, Scalar]]], None],
        exact: bool = True,
    ) -> None:
        self.modular = modular
        self.exact = exact
        self._axpy = _axpy if exact else _axpy_mod
        self.rows: list[Row] = []
        self.pivot_row: dict[Var, int] = {}
        self.inputs: list[Equation] = []
        self._watched: dict[Hashable, _Watched] = {}
        self._watch_by_var: defaultdict[Var, set[Hashable]] = defaultdict(set)
        self._on_implied = on_implied

    def copy(self, on_implied: Callable[[Hashable, list[tuple[int, Scalar]]], None]
             ) -> LinearSystem:
        """An independent system with the same rows and watched equations, reporting to
        `on_implied`. Rows never change once added, so they are shared, not copied."""
        new = LinearSystem.__new__(LinearSystem)
        new.modular, new.exact, new._axpy = self.modular, self.exact, self._axpy
        new.rows = list(self.rows)
        new.pivot_row = dict(self.pivot_row)
        new.inputs = list(self.inputs)
        new._watched = {k: _Watched(w.eq.copy(), list(w.log)) for k, w in self._watched.items()}
        new._watch_by_var = defaultdict(set, {v: set(keys) for v, keys
                                              in self._watch_by_var.items() if keys})
        new._on_implied = on_implied
        return new

    # ------------------------------------------------------------ reduction

    def _reduce(self, eq: Equation, log: list[tuple[int, Scalar]]) -> None:
        """Subtract rows until no pivot variable remains in `eq` (in place)."""
        pivot_row = self.pivot_row
        heap = [pivot_row[v] for v in eq.coeffs if v in pivot_row]
        if not heap:
            return
        heapq.heapify(heap)
        seen = set(heap)
        rows = self.rows
        while heap:
            idx = heapq.heappop(heap)
            row = rows[idx]
            c = eq.coeffs.get(row.pivot)
            if not c:
                continue
            self._axpy(eq, c, row.eq, self.modular)
            log.append((idx, c))
            for v in row.eq.coeffs:
                j = pivot_row.get(v)
                if j is not None and j not in seen and v in eq.coeffs:
                    seen.add(j)
                    heapq.heappush(heap, j)

    def _pick_pivot(self, coeffs: Coeffs) -> Var | None:
        """A variable to eliminate: prefer unit coefficients and newer variables."""
        best: Var | None = None
        best_key: tuple[bool, Var] | None = None
        exact = self.exact
        for v, c in coeffs.items():
            if v < 0:  # constant symbols (log-primes) are never pivots
                continue
            key = (abs(c) == 1 if exact else c in (1, P - 1), v)
            if best_key is None or key > best_key:
                best, best_key = v, key
        return best

    # ------------------------------------------------------------ public API

    def _prepare(self, eq: Equation) -> Equation:
        if not self.exact:
            return _to_field(eq)
        # equations may come with integer coefficients; exact rows must hold fractions
        work = Equation({v: Fraction(c) for v, c in eq.coeffs.items()}, Fraction(eq.const))
        if self.modular:
            work.const %= 1
        return work

    def add(self, eq: Equation) -> int | None:
        """Add an input equation; return its input id, or None if already implied."""
        work = self._prepare(eq)
        log: list[tuple[int, Scalar]] = []
        self._reduce(work, log)
        pivot = self._pick_pivot(work.coeffs)
        if pivot is None:
            return None
        input_id = len(self.inputs)
        self.inputs.append(eq)
        if self.exact:
            scale = 1 / work.coeffs[pivot]
            if scale != 1:
                work.coeffs = {v: c * scale for v, c in work.coeffs.items()}
                work.const = work.const * scale
                if self.modular:
                    work.const %= 1
        else:
            scale = pow(int(work.coeffs[pivot]), P - 2, P)
            if scale != 1:
                work.coeffs = {v: c * scale % P for v, c in work.coeffs.items()}
        row_idx = len(self.rows)
        self.rows.append(Row(pivot, work, input_id, scale, log))
        self.pivot_row[pivot] = row_idx
        self._update_watched(row_idx)
        return input_id

    def implied(self, eq: Equation) -> bool:
        """Whether `eq` follows from the equations added so far."""
        work = self._prepare(eq)
        self._reduce(work, [])
        return self._is_zero(work)

    def _is_zero(self, eq: Equation) -> bool:
        if any(v >= 0 for v in eq.coeffs):
            return False
        # Only constant symbols left: implied when they cancel too. Angle constants that
        # differ from zero come from fractional multipliers (angles mod pi/k); the caller
        # only watches equations true in the diagram, so the variables vanishing decides.
        return not eq.coeffs or self.modular

    def watch(self, key: Hashable, eq: Equation) -> list[tuple[int, Scalar]] | None:
        """Track `eq` under `key` until implied; if it already is, return its reduction log.

        The log (rows subtracted, with multipliers) is what `expand` turns into a
        certificate; later implications are reported through `on_implied(key, log)`.
        """
        if key in self._watched:
            return None
        work = self._prepare(eq)
        log: list[tuple[int, Scalar]] = []
        self._reduce(work, log)
        if self._is_zero(work):
            return log
        self._watched[key] = _Watched(work, log)
        for v in work.coeffs:
            self._watch_by_var[v].add(key)
        return None

    def is_watched(self, key: Hashable) -> bool:
        return key in self._watched

    def _update_watched(self, row_idx: int) -> None:
        row = self.rows[row_idx]
        keys = self._watch_by_var.pop(row.pivot, None)
        if not keys:
            return
        implied = []
        for key in keys:
            w = self._watched[key]
            c = w.eq.coeffs.get(row.pivot)
            if not c:
                continue
            before = set(w.eq.coeffs)
            self._axpy(w.eq, c, row.eq, self.modular)
            w.log.append((row_idx, c))
            after = w.eq.coeffs
            for v in after.keys() - before:
                self._watch_by_var[v].add(key)
            for v in before - after.keys():
                if v != row.pivot:
                    s = self._watch_by_var.get(v)
                    if s is not None:
                        s.discard(key)
            if self._is_zero(w.eq):
                implied.append(key)
        for key in implied:
            w = self._watched.pop(key)
            for v in w.eq.coeffs:
                s = self._watch_by_var.get(v)
                if s is not None:
                    s.discard(key)
            self._on_implied(key, w.log)

    # ------------------------------------------------------------ certificates

    def expand(self, log: list[tuple[int, Scalar]]) -> dict[int, Fraction]:
        """Input combination equal to `sum(mult * row)` over a reduction log."""
        memo: dict[int, dict[int, Scalar]] = {}
        total: defaultdict[int, Scalar] = defaultdict(Fraction)
        for idx, mult in log:
            for inp, c in self._row_inputs(idx, memo).items():
                total[inp] += mult * c
        if not self.exact:
            return {k: v % P for k, v in total.items() if v % P}
        return {k: v for k, v in total.items() if v}

    def _row_inputs(self, idx: int, memo: dict[int, dict[int, Scalar]]) -> dict[int, Scalar]:
        # Iterative post-order over the row DAG: rows only reference earlier rows.
        stack = [idx]
        while stack:
            top = stack[-1]
            if top in memo:
                stack.pop()
                continue
            row = self.rows[top]
            missing = [j for j, _ in row.log if j not in memo]
            if missing:
                stack.extend(missing)
                continue
            acc: defaultdict[int, Scalar] = defaultdict(Fraction if self.exact else int)
            acc[row.input_id] += row.scale
            for j, m in row.log:
                for inp, c in memo[j].items():
                    acc[inp] -= row.scale * m * c
            if self.exact:
                memo[top] = {k: v for k, v in acc.items() if v}
            else:
                memo[top] = {k: v % P for k, v in acc.items() if v % P}
            stack.pop()
        return memo[idx]
