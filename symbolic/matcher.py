"""The generic rule matcher: every instance of every rule that holds in the diagram.

One matcher serves all rules. For each rule it plans a join over the rule's atoms
(premises *and* conclusions: a useful instance has a true conclusion, and conclusions
are often the most selective atoms) greedily: check atoms whose variables are bound,
otherwise enumerate the atom expected to produce fewest tuples from the numeric index,
otherwise bind the most constrained variable by iterating over the points. Distinct
variables always take distinct points.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

from . import predicates
from .numeric_enumerators import ESTIMATES, GENERATORS, VALUE_GENERATORS
from .numeric_index import NumericIndex
from .numeric_predicates import CHECKS
from .rules import Rule


@dataclass(frozen=True)
class CompiledAtom:
    predicate: str
    vars: tuple[int, ...]  # rule-variable index per point argument
    value: Fraction | None = None
    is_conclusion: bool = False


@dataclass(frozen=True)
class Step:
    kind: str  # "check" | "enum" | "iter"
    atom: CompiledAtom | None = None
    var: int = -1


def _value(predicate: str, text: str) -> Fraction:
    spec = predicates.spec
    parsed = (spec.parse_angle_value(text) if predicate == "aconst"
              else spec.parse_ratio_value(text))
    if parsed is None:
        raise ValueError(f"bad value {text!r} for {predicate}")
    return parsed


def compile_rule(rule: Rule) -> tuple[list[str], list[CompiledAtom]]:
    names = list(rule.variables)
    index = {v: k for k, v in enumerate(names)}
    atoms = []
    for atom, concl in [(a, False) for a in rule.premises] + [(a, True) for a in rule.conclusions]:
        spec = predicates.lookup(atom.predicate)
        assert spec is not None
        point_args = atom.args[:-1] if spec.has_value else atom.args
        value = _value(spec.name, atom.args[-1]) if spec.has_value else None
        atoms.append(CompiledAtom(spec.name, tuple(index[a] for a in point_args), value, concl))
    return names, atoms


def plan(atoms: Sequence[CompiledAtom], n_vars: int, ix: NumericIndex) -> list[Step]:
    """Greedy join order for one rule on one diagram."""
    bound = [False] * n_vars
    done = [False] * len(atoms)
    steps: list[Step] = []
    while not all(done):
        progressed = False
        for k, atom in enumerate(atoms):
            if not done[k] and all(bound[v] for v in atom.vars):
                steps.append(Step("check", atom))
                done[k] = progressed = True
        if all(done):
            break
        if progressed:
            continue
        best: tuple[float, int] | None = None
        for k, atom in enumerate(atoms):
            if done[k]:
                continue
            est = ESTIMATES.get(atom.predicate)
            cost = est(ix, [bound[v] for v in atom.vars]) if est else None
            if cost is not None and (best is None or cost < best[0]):
                best = (cost, k)
        if best is not None and best[0] <= ix.n:
            atom = atoms[best[1]]
            steps.append(Step("enum", atom))
            done[best[1]] = True
            for v in atom.vars:
                bound[v] = True
            continue
        # Bind the unbound variable that appears in the most pending atoms.
        counts = [0] * n_vars
        for k, atom in enumerate(atoms):
            if not done[k]:
                for v in atom.vars:
                    if not bound[v]:
                        counts[v] += 1
        var = max(range(n_vars), key=lambda v: (not bound[v], counts[v]))
        if best is not None and best[0] <= ix.n * max(1, sum(1 for v in atoms[best[1]].vars
                                                             if not bound[v])):
            atom = atoms[best[1]]
            steps.append(Step("enum", atom))
            done[best[1]] = True
            for v in atom.vars:
                bound[v] = True
            continue
        steps.append(Step("iter", var=var))
        bound[var] = True
    return steps


def run_plan(steps: Sequence[Step], n_vars: int, ix: NumericIndex) -> Iterator[tuple[int, ...]]:
    """All bindings (one point per variable, pairwise distinct) passing every step."""
    binding = [-1] * n_vars
    used: set[int] = set()
    n_points = ix.n

    def descend(depth: int) -> Iterator[tuple[int, ...]]:
        if depth == len(steps):
            yield tuple(binding)
            return
        step = steps[depth]
        atom = step.atom
        if step.kind == "check":
            assert atom is not None
            if CHECKS[atom.predicate](ix, [binding[v] for v in atom.vars], atom.value):
                yield from descend(depth + 1)
            return
        if step.kind == "iter":
            var = step.var
            for p in range(n_points):
                if p in used:
                    continue
                binding[var] = p
                used.add(p)
                yield from descend(depth + 1)
                used.discard(p)
            binding[var] = -1
            return
        assert atom is not None
        partial = [binding[v] for v in atom.vars]
        if atom.value is not None:
            tuples = VALUE_GENERATORS[atom.predicate](ix, partial, atom.value)
        else:
            tuples = GENERATORS[atom.predicate](ix, partial)
        for tup in tuples:
            assigned: list[int] = []
            ok = True
            for var, p in zip(atom.vars, tup, strict=True):
                cur = binding[var]
                if cur >= 0:
                    if cur != p:
                        ok = False
                        break
                elif p in used:
                    ok = False
                    break
                else:
                    binding[var] = p
                    used.add(p)
                    assigned.append(var)
            if ok:
                yield from descend(depth + 1)
            for var in assigned:
                used.discard(binding[var])
                binding[var] = -1

    yield from descend(0)


@dataclass(frozen=True)
class Match:
    rule: Rule
    variables: tuple[str, ...]
    binding: tuple[int, ...]


def match_rule(rule: Rule, ix: NumericIndex) -> Iterator[Match]:
    names, atoms = compile_rule(rule)
    steps = plan(atoms, len(names), ix)
    for binding in run_plan(steps, len(names), ix):
        yield Match(rule, tuple(names), binding)
