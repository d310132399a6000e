"""Benchmark decontamination: records that state a benchmark problem are dropped.

A generated record almost never repeats a benchmark's construction text, yet it may state
the same theorem with other constructions (`foot` for `on_tline` with `on_line`) and
other point names. So problems are compared as *facts*: the facts their constructions
promise (from the construction table) and the goal, over unnamed points. Two problems
match when those fact graphs are isomorphic up to point renaming, decided by a
Weisfeiler-Lehman hash of the graph (points; segments, lines, angles and ratios built on
them; facts joining those), so a rare pair of different problems may also match: a
dropped record too many, never a benchmark kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import networkx as nx

from symbolic import predicates
from symbolic.constructions import construction_table
from symbolic.parser import load_problems
from symbolic.problem import Atom, Problem

WL_ITERATIONS = 5
_SEGMENT_PREDICATES = {"cong": "S", "para": "L", "perp": "L"}
_PAIRED = {"eqangle": ("A", "L"), "eqratio": ("R", "S")}


def problem_facts(problem: Problem) -> list[Atom]:
    """The facts a problem's constructions promise, normalised (`midp` and `circle` as
    the `coll` and `cong` they mean), each in its predicate's canonical argument order."""
    table = construction_table()
    atoms: list[Atom] = []
    for clause in problem.clauses:
        for call in clause.constructions:
            spec = table[call.name]
            atoms.extend(spec.instantiate(spec.facts, call.args))
    out: set[tuple[str, tuple[str, ...]]] = set()
    for atom in atoms:
        for name, args in _normalised(atom):
            out.add(predicates.canonical(name, args) if predicates.lookup(name) else
                    (name, args))
    return [Atom(name, tuple(args)) for name, args in sorted(out)]


def _normalised(atom: Atom) -> list[tuple[str, tuple[str, ...]]]:
    a = atom.args
    if atom.predicate == "midp" and len(a) == 3:
        return [("coll", a), ("cong", (a[0], a[1], a[0], a[2]))]
    if atom.predicate == "circle" and len(a) == 4:
        return [("cong", (a[0], a[1], a[0], a[2])), ("cong", (a[0], a[1], a[0], a[3]))]
    return [(atom.predicate, a)]


def _add_fact(graph: nx.Graph, key: str, atom: Atom, role: str, points: set[str]) -> None:
    node = f"{key}:{atom.predicate}"
    numbers = [x for x in atom.args if x not in points]
    graph.add_node(node, label=f"{role}:{atom.predicate}:{','.join(numbers)}")
    args = [x for x in atom.args if x in points]

    def pair(kind: str, p: str, q: str) -> str:
        name = f"{kind}:{min(p, q)}:{max(p, q)}"
        if name not in graph:
            graph.add_node(name, label=kind)
            graph.add_edge(name, f"p:{p}", label="end")
            graph.add_edge(name, f"p:{q}", label="end")
        return name

    if atom.predicate in _SEGMENT_PREDICATES and len(args) == 4:
        kind = _SEGMENT_PREDICATES[atom.predicate]
        for k in (0, 2):
            graph.add_edge(node, pair(kind, args[k], args[k + 1]), label="side")
    elif atom.predicate in _PAIRED and len(args) == 8:
        outer, kind = _PAIRED[atom.predicate]
        for side in (0, 4):
            inner = f"{node}:{side}"
            graph.add_node(inner, label=outer)
            graph.add_edge(node, inner, label="side")
            graph.add_edge(inner, pair(kind, args[side], args[side + 1]), label="first")
            graph.add_edge(inner, pair(kind, args[side + 2], args[side + 3]), label="second")
    elif atom.predicate in ("coll", "cyclic"):
        for p in args:
            graph.add_edge(node, f"p:{p}", label="on")
    else:  # ordered arguments (triangles, constants): positions label the edges
        for k, p in enumerate(args):
            graph.add_edge(node, f"p:{p}", label=f"arg{k}")


def fact_fingerprint(problem: Problem) -> str:
    """A hash of the problem's facts and goal, invariant under point renaming."""
    points = set(problem.points)
    graph = nx.Graph()
    for p in points:
        graph.add_node(f"p:{p}", label="point")
    for k, atom in enumerate(problem_facts(problem)):
        _add_fact(graph, f"f{k}", atom, "premise", points)
    if problem.goal is not None:
        name, args = problem.goal.predicate, problem.goal.args
        if predicates.lookup(name):
            name, args = predicates.canonical(name, args)
        for k, (n, a) in enumerate(_normalised(Atom(name, tuple(args)))):
            _add_fact(graph, f"g{k}", Atom(n, tuple(a)), "goal", points)
    return nx.weisfeiler_lehman_graph_hash(graph, node_attr="label", edge_attr="label",
                                           iterations=WL_ITERATIONS)


@cache
def benchmark_fingerprints(files: tuple[str, ...]) -> frozenset[str]:
    """The fingerprints of every problem in the given problem files (cached per process)."""
    out: set[str] = set()
    for path in files:
        for problem in load_problems(Path(path)):
            out.add(fact_fingerprint(problem))
    return frozenset(out)


def is_contaminated(problem: Problem, files: Iterable[str]) -> bool:
    """Whether the problem states a problem of those files (as facts, up to renaming)."""
    files = tuple(files)
    return bool(files) and fact_fingerprint(problem) in benchmark_fingerprints(files)
