"""Compile a join plan into a Python function of nested loops.

The generic interpreter (`matcher.run_plan`) pays a generator frame and a list
allocation per partial binding; the compiled form inlines table look-ups for the
common checks and keeps bindings in local variables. It is derived from the same plan
and must produce exactly the interpreter's bindings (the tests compare them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .numeric_enumerators import GENERATORS, VALUE_GENERATORS
from .numeric_predicates import CHECKS, angle_gap
from .predicates.spec import ANGLE_TOLERANCE, RELATIVE_TOLERANCE

MatchFn = Callable[..., list[tuple[int, ...]]]  # (ix) or, seeded, (ix, n_old)


def _var(v: int) -> str:
    return f"v{v}"


def _inline_check(pred: str, args: list[str], distinct_args: bool) -> str | None:
    """A table-lookup expression for a check, or None to call the generic function."""
    a = args
    if pred == "para":
        return f"dc[{a[0]}][{a[1]}] == dc[{a[2]}][{a[3]}]"
    if pred == "npara":
        return f"dc[{a[0]}][{a[1]}] != dc[{a[2]}][{a[3]}]"
    if pred == "cong":
        return f"lc[{a[0]}][{a[1]}] == lc[{a[2]}][{a[3]}]"
    if pred == "ncong":
        return f"lc[{a[0]}][{a[1]}] != lc[{a[2]}][{a[3]}]"
    if pred == "perp":
        return f"pc[dc[{a[0]}][{a[1]}]] == dc[{a[2]}][{a[3]}]"
    if pred == "nperp":
        return f"pc[dc[{a[0]}][{a[1]}]] != dc[{a[2]}][{a[3]}]"
    if pred == "midp":
        return f"mp[{a[1]}][{a[2]}] == {a[0]}"
    if pred == "circle":
        return " == ".join(f"lc[{a[0]}][{x}]" for x in a[1:])
    if pred == "diff":
        return f"{a[0]} != {a[1]}"
    if pred == "eqangle":
        return (f"agap(th[{a[2]}][{a[3]}] - th[{a[0]}][{a[1]}] - th[{a[6]}][{a[7]}]"
                f" + th[{a[4]}][{a[5]}]) < ATOL")
    if pred == "eqratio":
        return (f"abs(ll[{a[0]}][{a[1]}] + ll[{a[6]}][{a[7]}] - ll[{a[2]}][{a[3]}]"
                f" - ll[{a[4]}][{a[5]}]) < RTOL")
    if distinct_args and pred == "coll":
        return " == ".join(f"lo[{a[0]}][{x}]" for x in a[1:])
    if distinct_args and pred == "ncoll" and len(a) == 3:
        return f"lo[{a[0]}][{a[1]}] != lo[{a[0]}][{a[2]}]"
    return None


def _inline_enum(pred: str, vars_: Sequence[int], bound: set[int]
                 ) -> tuple[str, tuple[int, int]] | None:
    """For para/perp/cong with one segment bound: the list of pairs to loop over (a
    class's members, as the generator reads them) and the positions they fill."""
    if pred not in ("para", "perp", "cong"):
        return None
    if vars_[0] in bound and vars_[1] in bound:
        seg, other = (0, 1), (2, 3)
    elif vars_[2] in bound and vars_[3] in bound:
        seg, other = (2, 3), (0, 1)
    else:
        return None
    x, y = _var(vars_[seg[0]]), _var(vars_[seg[1]])
    cls = {"para": f"dc[{x}][{y}]", "perp": f"pc[dc[{x}][{y}]]", "cong": f"lc[{x}][{y}]"}[pred]
    return f"{'lm' if pred == 'cong' else 'dm'}[{cls}]", other


def compile_plan(steps: Sequence, n_vars: int, distinct: Sequence[Sequence[int]],
                 repeat: bool, symmetries: Sequence[Sequence[int]] = (),
                 seed: int | None = None, one_new: bool = False) -> MatchFn:
    """A function returning every binding (tuple of points by variable) of the plan,
    keeping one binding per orbit of `symmetries` (the lexicographically least).

    A plan with a `seed` step (see `join_plan.plan`) compiles to `_match(ix, n_old)`:
    the bindings whose first variable on a point numbered `n_old` or more (a new point)
    is the seed, so the seeds 0, 1, ... of one rule cover every binding through a new
    point exactly once. With `one_new` (a single new point) the variables that must
    differ from the seed take old points too.
    """
    lines = ["def _match(ix, n_old=0):",
             "    out = []",
             "    n = ix.n",
             "    lo, dc, lc, mp, pc = ix.tables()",
             "    th, ll = ix.value_tables()",
             "    dm, lm = ix.member_tables()"]
    consts: dict[str, object] = {"agap": angle_gap, "ATOL": 4 * ANGLE_TOLERANCE,
                                 "RTOL": 8 * RELATIVE_TOLERANCE}
    bound: set[int] = set()
    depth = 1

    def emit(text: str) -> None:
        lines.append("    " * depth + text)

    def old(v: int) -> bool:
        """Variables before the seed take old points only (and, with one new point, all
        those that differ from the seed)."""
        return seed is not None and (v < seed or (one_new and v in distinct[seed]))

    def distinct_guard(v: int, already: set[int]) -> None:
        others = [u for u in distinct[v] if u in already]
        if others:
            cond = " or ".join(f"{_var(v)} == {_var(u)}" for u in others)
            emit(f"if {cond}: continue")

    for k, step in enumerate(steps):
        if step.kind == "seed":
            v = step.var
            emit(f"for {_var(v)} in range(n_old, n):")
            depth += 1
            bound.add(v)
            continue
        if step.kind == "iter":
            v = step.var
            emit(f"for {_var(v)} in range({'n_old' if old(v) else 'n'}):")
            depth += 1
            distinct_guard(v, bound)
            bound.add(v)
            continue
        atom = step.atom
        args = [_var(v) for v in atom.vars]
        if step.kind == "check":
            vs = atom.vars
            distinct_args = all(u in distinct[v] for i, v in enumerate(vs) for u in vs[i + 1:])
            expr = _inline_check(atom.predicate, args, distinct_args)
            if expr is None:
                fn, val = f"chk{k}", f"val{k}"
                consts[fn] = CHECKS[atom.predicate]
                consts[val] = atom.value
                expr = f"{fn}(ix, ({', '.join(args)},), {val})"
            emit(f"if not ({expr}): continue")
            continue
        # enumeration
        inline = _inline_enum(atom.predicate, atom.vars, bound) if atom.value is None else None
        if inline is not None:
            pairs, other = inline
            emit(f"for t{k}a, t{k}b in {pairs}:")
            depth += 1
            newly_inline: set[int] = set()
            for pos, name in zip(other, (f"t{k}a", f"t{k}b"), strict=True):
                v = atom.vars[pos]
                if v in bound or v in newly_inline:
                    emit(f"if {name} != {_var(v)}: continue")
                else:
                    emit(f"{_var(v)} = {name}")
                    if old(v):
                        emit(f"if {_var(v)} >= n_old: continue")
                    distinct_guard(v, bound | newly_inline)
                    newly_inline.add(v)
            bound |= newly_inline
            continue
        gen = f"gen{k}"
        partial = ", ".join(_var(v) if v in bound else "-1" for v in atom.vars)
        if atom.value is not None:
            consts[gen] = VALUE_GENERATORS[atom.predicate]
            consts[f"val{k}"] = atom.value
            call = f"{gen}(ix, [{partial}], val{k})"
        else:
            consts[gen] = GENERATORS[atom.predicate]
            call = f"{gen}(ix, [{partial}], {repeat})"
        emit(f"for t{k} in {call}:")
        depth += 1
        newly: set[int] = set()
        for pos, v in enumerate(atom.vars):
            if v in bound or v in newly:
                emit(f"if t{k}[{pos}] != {_var(v)}: continue")
            else:
                emit(f"{_var(v)} = t{k}[{pos}]")
                if old(v):
                    emit(f"if {_var(v)} >= n_old: continue")
                distinct_guard(v, bound | newly)
                newly.add(v)
        bound |= newly
    binding = f"({', '.join(_var(v) for v in range(n_vars))},)"
    if symmetries:
        emit(f"b = {binding}")
        for perm in symmetries:
            image = [0] * n_vars
            for v, target in enumerate(perm):
                image[target] = v
            emit(f"if ({', '.join(_var(image[t]) for t in range(n_vars))},) < b: continue")
        emit("out.append(b)")
    else:
        emit(f"out.append({binding})")
    lines.append("    return out")
    namespace: dict[str, Any] = dict(consts)
    source = "\n".join(lines)
    exec(source, namespace)  # noqa: S102 - source generated above from the plan
    match: MatchFn = namespace["_match"]
    match.__doc__ = source
    return match
