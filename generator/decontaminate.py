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
    the `coll` and `cong` they mean), once each (in their first spelling: the canonical
    one of `symbolic.predicates` depends on the point names)."""
    table = construction_table()
    atoms: list[Atom] = []
    for clause in problem.clauses:
        for call in clause.constructions:
            spec = table[call.name]
            atoms.extend(spec.instantiate(spec.facts, call.args))
    out: dict[tuple[str, tuple[str, ...]], Atom] = {}
    for atom in atoms:
        for name, args in _normalised(atom):
            key = predicates.canonical(name, args) if predicates.lookup(name) else (name, args)
            out.setdefault((key[0], tuple(key[1])), Atom(name, tuple(args)))
    return list(out.values())


def _orbit(args: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The spellings of one `eqangle` or `eqratio` (x1/x2 = x3/x4 for segment or line
    pairs x): sides exchanged, both sides inverted, the middle terms exchanged."""
    start = tuple(args[k:k + 2] for k in range(0, 8, 2))
    moves = (lambda x: (x[2], x[3], x[0], x[1]), lambda x: (x[1], x[0], x[3], x[2]),
             lambda x: (x[0], x[2], x[1], x[3]))
    seen = {start}
    todo = [start]
    while todo:
        x = todo.pop()
        for move in moves:
            y = move(x)
            if y not in seen:
                seen.add(y)
                todo.append(y)
    return {tuple(p for pair in x for p in pair) for x in seen}


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
        # every spelling of the equation, so that the graph does not depend on which
        # one the text used
        outer, kind = _PAIRED[atom.predicate]
        for n, form in enumerate(sorted(_orbit(tuple(args)))):
            spelled = f"{node}:{n}"
            graph.add_node(spelled, label="form")
            graph.add_edge(node, spelled, label="form")
            for side in (0, 4):
                inner = f"{spelled}:{side}"
                graph.add_node(inner, label=outer)
                graph.add_edge(spelled, inner, label="side")
                graph.add_edge(inner, pair(kind, form[side], form[side + 1]), label="first")
                graph.add_edge(inner, pair(kind, form[side + 2], form[side + 3]),
                               label="second")
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
        for k, (n, a) in enumerate(_normalised(problem.goal)):
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
