"""Canonical goals: a degenerate `eqratio` or `eqangle` written as the simpler fact it is.

The engine proves statements in its own normal form, and some of them only look like
ratios or angles: `eqratio c d c e c e c d` (cd/ce = ce/cd) says `cong c d c e`, and
`eqangle a b c d a b e f` (the angle from ab to cd equals the one from ab to ef) says
`para c d e f`. A model would learn two spellings of one theorem, and deduplication
(which compares texts up to renaming) would keep both. `canonical_goal` rewrites them;
the extraction then proves the rewritten goal, not the original one.
"""

from __future__ import annotations

from symbolic.problem import Atom

Pair = frozenset[str]


def _pairs(args: tuple[str, ...]) -> list[Pair]:
    return [frozenset(args[k:k + 2]) for k in range(0, 8, 2)]


def _atom(predicate: str, args: tuple[str, ...], at: tuple[int, int]) -> Atom:
    """`predicate` over the segments at positions `at` of `args`, in their written order."""
    i, j = at
    return Atom(predicate, (*args[2 * i:2 * i + 2], *args[2 * j:2 * j + 2]))


def canonical_goal(goal: Atom) -> Atom:
    """The simplest predicate saying what `goal` says (the goal itself when nothing
    collapses). Only equal point pairs are read, never the diagram, so the rewrite is a
    fact of the text alone: a ratio or angle with a repeated segment."""
    if goal.predicate not in ("eqratio", "eqangle") or len(goal.args) != 8:
        return goal
    s = _pairs(goal.args)
    if any(len(p) < 2 for p in s):
        return goal
    simpler = "cong" if goal.predicate == "eqratio" else "para"
    # ab/cd = ef/gh (or the angle from ab to cd equals the one from ef to gh)
    if s[0] == s[1] and s[2] != s[3]:
        return _atom(simpler, goal.args, (2, 3))  # ratio 1 (angle 0)
    if s[2] == s[3] and s[0] != s[1]:
        return _atom(simpler, goal.args, (0, 1))
    if s[0] == s[2] and s[1] != s[3]:
        return _atom(simpler, goal.args, (1, 3))
    if s[1] == s[3] and s[0] != s[2]:
        return _atom(simpler, goal.args, (0, 2))
    if goal.predicate == "eqratio" and s[0] == s[3] and s[1] == s[2] and s[0] != s[1]:
        return _atom("cong", goal.args, (0, 1))  # ab/cd = cd/ab: ab = cd
    return goal
