"""Join planning: the cheapest order in which to match one rule's atoms on one diagram.

A plan is a list of steps: enumerate an atom's tuples from the numeric index, iterate a
variable over all points, or check an atom whose variables are bound. Costs come from the
index's own estimates of how many tuples each atom pattern yields.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .numeric_enumerators import ESTIMATES, SEEDED_ESTIMATES
from .numeric_index import NumericIndex


@dataclass(frozen=True)
class CompiledAtom:
    predicate: str
    vars: tuple[int, ...]  # rule-variable index per point argument
    value: Fraction | None = None
    is_conclusion: bool = False


@dataclass(frozen=True)
class Step:
    kind: str  # "check" | "enum" | "iter" | "seed" (the variable takes a new point)
    atom: CompiledAtom | None = None
    var: int = -1


UNANCHORED_PENALTY = 4.0
_CHECK_SELECTIVITY = {"ncoll": 0.9, "npara": 0.9, "nperp": 0.9, "ncong": 0.9, "diff": 1.0,
                      "sameside": 0.5}


def plan(atoms: Sequence[CompiledAtom], n_vars: int, ix: NumericIndex,
         repeat: bool = False, seed: int | None = None) -> list[Step]:
    """Cheapest join order for one rule on one diagram.

    With `seed`, the plan starts by binding that variable to one of a few new points
    (a `seed` step) and joins the rest around it: incremental matching after points
    were added to a diagram.

    A state is the set of bound variables (atoms whose variables are all bound are
    checked at once, so the set decides everything). From each state the planner may
    enumerate an atom (fan-out: tuples expected from the index) or iterate a variable
    over all points (fan-out: n); the cost of a plan is the number of partial bindings
    it visits. Rules have at most a dozen variables, so an exact search over states,
    memoised, is cheap.
    """
    n = float(max(ix.n, 2))
    estimates = ESTIMATES if seed is None else SEEDED_ESTIMATES
    est_cache: dict[tuple[int, int], float | None] = {}
    atom_masks = [_mask_of(a.vars) for a in atoms]
    selectivities = [_CHECK_SELECTIVITY.get(a.predicate, 0.1) for a in atoms]
    all_atoms = (1 << len(atoms)) - 1
    done_memo: dict[int, int] = {}

    def done_of(bound: int) -> int:
        done = done_memo.get(bound)
        if done is None:
            done = 0
            for k, m in enumerate(atom_masks):
                if m & bound == m:
                    done |= 1 << k
            done_memo[bound] = done
        return done

    def estimate(k: int, bound: int) -> float | None:
        key = (k, bound & atom_masks[k])
        if key not in est_cache:
            pred = atoms[k].predicate
            est = estimates.get(pred)
            pattern = [bool(bound >> v & 1) for v in atoms[k].vars]
            if est is None:
                est_cache[key] = None
            elif pred in ("coll", "cyclic"):
                est_cache[key] = est(ix, pattern, repeat)
            else:
                est_cache[key] = est(ix, pattern)
        return est_cache[key]

    # Bit masks throughout (this runs for every rule on every new diagram size); the
    # chosen step per state is kept and the plan read off at the end.
    cost_memo: dict[int, float] = {}
    choice: dict[int, tuple[Step, int, int]] = {}  # bound -> (step, new bound, checks)

    def search(bound: int, done: int) -> float:
        cost = cost_memo.get(bound)
        if cost is not None:
            return cost
        if done == all_atoms:
            cost_memo[bound] = 0.0
            return 0.0
        options: list[tuple[float, int, int, int]] = []  # fan, atom or ~var, bound, skip
        for k in range(len(atoms)):
            if not done >> k & 1:
                est = estimate(k, bound)
                if est is not None:
                    if seed is not None and not bound & atom_masks[k]:
                        # a seeded plan's atom that shares no bound variable is a cross
                        # product, and its tuples cost more to produce than a loop's
                        est *= UNANCHORED_PENALTY
                    options.append((max(est, 0.5), k, bound | atom_masks[k], 1 << k))
        for v in range(n_vars):
            if not bound >> v & 1:
                options.append((n, ~v, bound | 1 << v, 0))
        best = math.inf
        for fan, what, new_bound, skip in options:
            new_done = done_of(new_bound)
            checks = new_done & ~done & ~skip
            n_checks = 0
            selectivity = 1.0
            k = 0
            rest = checks
            while rest:
                if rest & 1:
                    n_checks += 1
                    selectivity *= selectivities[k]
                rest >>= 1
                k += 1
            total = fan * (1 + n_checks * 0.2 + selectivity * search(new_bound, new_done))
            if total < best:
                best = total
                step = Step("enum", atoms[what]) if what >= 0 else Step("iter", var=~what)
                choice[bound] = (step, new_bound, checks)
        cost_memo[bound] = best
        return best

    bound = 0 if seed is None else 1 << seed
    done = done_of(bound)
    steps = [] if seed is None else [Step("seed", var=seed)]
    steps += [Step("check", atoms[k]) for k in range(len(atoms)) if done >> k & 1]
    search(bound, done)
    while done != all_atoms:
        step, bound, checks = choice[bound]
        steps.append(step)
        steps.extend(Step("check", atoms[k]) for k in range(len(atoms)) if checks >> k & 1)
        done = done_of(bound)
    return steps


def _mask_of(vars_: Sequence[int]) -> int:
    m = 0
    for v in vars_:
        m |= 1 << v
    return m
