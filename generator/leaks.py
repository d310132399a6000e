"""Shortcuts a model could learn from a record's text instead of its geometry.

A record's premises must not give away its auxiliary points. The one leak seen so far
was in the names: points renamed over premises and auxiliary clauses together, in
construction order, left the premises skipping the letters of the auxiliary points.
`naming_leaks` checks the rule that removes it: the premises declare a, b, c, ... in
order with no gap, the auxiliary clauses declare the names right after those, in order,
and nothing else is named.
"""

from __future__ import annotations

from symbolic.parser import parse_problem
from symbolic.problem import Problem

from .records import TheoremRecord
from .sampling import point_name


def _declared(problem: Problem) -> list[str]:
    return [p.name for clause in problem.clauses for p in clause.points]


def naming_leaks(record: TheoremRecord) -> list[str]:
    """What is wrong with the record's point names (empty when nothing is)."""
    premises = _declared(parse_problem(record.problem))
    full = _declared(parse_problem(record.full_problem))
    expected = [point_name(k) for k in range(len(full))]
    problems = []
    if premises != expected[:len(premises)]:
        problems.append(f"premises declare {' '.join(premises)}, not "
                        f"{' '.join(expected[:len(premises)])}")
    if full[:len(premises)] != premises:
        problems.append("the full problem does not start with the premises")
    aux = full[len(premises):]
    if aux != expected[len(premises):]:
        problems.append(f"auxiliary clauses declare {' '.join(aux)}, not "
                        f"{' '.join(expected[len(premises):])}")
    return problems
