"""The generic rule matcher: every instance of every rule that holds in the diagram.

One matcher serves all rules. For each rule it joins the rule's atoms (premises *and*
conclusions: a useful instance has a true conclusion, and conclusions are often the most
selective atoms) over the numeric index, in the order `join_plan` finds cheapest, with
the compiled loops of `join_codegen`. Distinct variables always take distinct points, and
of the bindings a rule's symmetries relate only one is kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

from . import predicates
from .join_codegen import MatchFn, compile_plan
from .join_plan import CompiledAtom, Step, plan
from .numeric_enumerators import GENERATORS, VALUE_GENERATORS
from .numeric_index import NumericIndex
from .numeric_predicates import CHECKS
from .rules import Rule


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


def run_plan(steps: Sequence[Step], n_vars: int, ix: NumericIndex,
             distinct: Sequence[Sequence[int]] | None = None) -> Iterator[tuple[int, ...]]:
    """All bindings passing every step.

    `distinct[v]` lists the variables that must take a point other than v's; by default
    every pair of variables must differ.
    """
    if distinct is None:
        distinct = [[u for u in range(n_vars) if u != v] for v in range(n_vars)]
    binding = [-1] * n_vars
    n_points = ix.n
    repeat = any(len(d) < n_vars - 1 for d in distinct)

    def clash(var: int, p: int) -> bool:
        for u in distinct[var]:
            if binding[u] == p:
                return True
        return False

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
                if clash(var, p):
                    continue
                binding[var] = p
                yield from descend(depth + 1)
            binding[var] = -1
            return
        assert atom is not None
        partial = [binding[v] for v in atom.vars]
        if atom.value is not None:
            tuples = VALUE_GENERATORS[atom.predicate](ix, partial, atom.value)
        else:
            tuples = GENERATORS[atom.predicate](ix, partial, repeat)
        for tup in tuples:
            assigned: list[int] = []
            ok = True
            for var, p in zip(atom.vars, tup, strict=True):
                cur = binding[var]
                if cur >= 0:
                    if cur != p:
                        ok = False
                        break
                elif clash(var, p):
                    ok = False
                    break
                else:
                    binding[var] = p
                    assigned.append(var)
            if ok:
                yield from descend(depth + 1)
            for var in assigned:
                binding[var] = -1

    yield from descend(0)


def distinct_pairs(rule: Rule, names: Sequence[str]) -> list[list[int]]:
    """Which variables must take different points.

    By default all of them. Rules flagged `overlap` let variables share a point unless
    that would make an atom degenerate: a segment's two ends, the points of a
    collinearity or non-collinearity, a triangle's vertices, a midpoint and its segment,
    a centre and its points, and pairs named by `diff` premises stay distinct.
    """
    n = len(names)
    if "overlap" not in rule.flags:
        return [[u for u in range(n) if u != v] for v in range(n)]
    index = {name: k for k, name in enumerate(names)}
    pairs: set[tuple[int, int]] = set()

    def group(args: Sequence[str]) -> None:
        ids = [index[a] for a in args if a in index]
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                if ids[i] != ids[j]:
                    pairs.add((ids[i], ids[j]))
                    pairs.add((ids[j], ids[i]))

    for atom in (*rule.premises, *rule.conclusions):
        args = atom.args
        pred = atom.predicate
        if pred in ("para", "perp", "cong", "eqangle", "eqratio", "aconst", "rconst",
                    "npara", "nperp", "ncong", "diff", "prodratio"):
            n_seg = {"eqangle": 4, "eqratio": 4, "prodratio": 6}.get(pred, 2)
            for k in range(n_seg):
                group(args[2 * k:2 * k + 2])
        elif pred in ("coll", "ncoll", "midp", "circle"):
            group(args)
        elif pred in ("simtri", "simtri2", "contri", "contri2"):
            group(args[:3])
            group(args[3:6])
        elif pred == "sameside":
            group(args[:3])
            group(args[3:6])
    return [[u for u in range(n) if (u, v) in pairs] for v in range(n)]


@dataclass(frozen=True)
class StatementTemplate:
    """A rule atom to instantiate: predicate, variable per point argument, value text."""

    predicate: str
    vars: tuple[int, ...]
    value: str | None


class CompiledRule:
    """Everything the matcher derives from a rule once: atoms, distinctness, symmetry,
    statement templates, and join plans (cached per diagram size)."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.names, self.atoms = compile_rule(rule)
        self.distinct = distinct_pairs(rule, self.names)
        self.premises = tuple(self._templates(rule.premises, skip_nondegeneracy=True))
        self.conclusions = tuple(self._templates(rule.conclusions, skip_nondegeneracy=False))
        self.symmetries = automorphisms(rule, self.names)
        self._plans: dict[int, list[Step]] = {}
        self._compiled: dict[int, object] = {}
        self._by_plan: dict[tuple, object] = {}
        self._seeded: dict[tuple[int, int, bool], MatchFn] = {}
        self._twin_seeds = self._seeds_with_smaller_twins()

    def _templates(self, atoms, skip_nondegeneracy: bool) -> list[StatementTemplate]:
        index = {v: k for k, v in enumerate(self.names)}
        out = []
        for atom in atoms:
            spec = predicates.lookup(atom.predicate)
            assert spec is not None
            if skip_nondegeneracy and spec.nondegeneracy:
                continue
            pts = atom.args[:-1] if spec.has_value else atom.args
            out.append(StatementTemplate(spec.name, tuple(index[a] for a in pts),
                                         atom.args[-1] if spec.has_value else None))
        return out

    def plan_for(self, ix: NumericIndex) -> list[Step]:
        # Plans depend on the diagram's statistics only roughly; one per size band.
        key = _size_band(ix.n)
        steps = self._plans.get(key)
        if steps is None:
            repeat = "overlap" in self.rule.flags
            steps = self._plans[key] = plan(self.atoms, len(self.names), ix, repeat)
        return steps

    def matcher_for(self, ix: NumericIndex):
        key = _size_band(ix.n)
        fn = self._compiled.get(key)
        if fn is None:
            steps = self.plan_for(ix)
            # neighbouring size bands often get the same plan: compile it once
            signature = tuple((s.kind, id(s.atom), s.var) for s in steps)
            fn = self._by_plan.get(signature)
            if fn is None:
                repeat = "overlap" in self.rule.flags
                fn = self._by_plan[signature] = compile_plan(
                    steps, len(self.names), self.distinct, repeat, self.symmetries)
            self._compiled[key] = fn
        return fn

    def seeded_matcher_for(self, ix: NumericIndex, seed: int, one_new: bool = False
                           ) -> MatchFn:
        """The compiled matcher of the bindings whose first new variable is `seed`
        (`one_new`: there is a single new point)."""
        key = (_size_band(ix.n), seed, one_new)
        fn = self._seeded.get(key)
        if fn is not None:
            return fn
        repeat = "overlap" in self.rule.flags
        steps = plan(self.atoms, len(self.names), ix, repeat, seed=seed)
        signature = (one_new, *((s.kind, id(s.atom), s.var) for s in steps))
        got = self._by_plan.get(signature)
        if got is None:
            got = self._by_plan[signature] = compile_plan(
                steps, len(self.names), self.distinct, repeat, self.symmetries, seed, one_new)
        self._seeded[key] = got  # type: ignore[assignment]
        return got  # type: ignore[return-value]

    def new_matches(self, ix: NumericIndex, n_old: int) -> Iterator[tuple[int, ...]]:
        """The bindings that put at least one variable on a point numbered `n_old` or
        more: exactly those of `matches` through a new point, when points `n_old`... were
        added last (one per orbit of the rule's symmetries, as there)."""
        if n_old >= ix.n:
            return
        one_new = ix.n - n_old == 1
        for seed in range(len(self.names)):
            if one_new and seed in self._twin_seeds:
                continue
            yield from self.seeded_matcher_for(ix, seed, one_new)(ix, n_old)

    def _seeds_with_smaller_twins(self) -> frozenset[int]:
        """Seeds whose bindings are all dropped for a smaller symmetric twin when there is
        a single new point: a symmetry fixing the variables before the seed puts an old
        point (some other variable's, a distinct one) in the seed's place."""
        out = set()
        for seed in range(len(self.names)):
            for g in self.symmetries:
                if all(g[v] == v for v in range(seed)) and g[seed] != seed:
                    source = g.index(seed)  # the variable whose point lands on the seed
                    if source in self.distinct[seed]:
                        out.add(seed)
                        break
        return frozenset(out)

    def matches(self, ix: NumericIndex, interpreted: bool = False) -> Iterator[tuple[int, ...]]:
        """Bindings (a point per variable), one per orbit of the rule's symmetries."""
        if not interpreted:
            yield from self.matcher_for(ix)(ix)  # the compiled form filters symmetric twins
            return
        syms = self.symmetries
        for binding in run_plan(self.plan_for(ix), len(self.names), ix, self.distinct):
            if syms and any(_permuted(binding, g) < binding for g in syms):
                continue
            yield binding


def _size_band(n_points: int) -> int:
    """Diagrams of similar size share join plans."""
    return n_points // 4


def _permuted(binding: tuple[int, ...], perm: tuple[int, ...]) -> tuple[int, ...]:
    out = [0] * len(binding)
    for v, p in enumerate(binding):
        out[perm[v]] = p
    return tuple(out)


def automorphisms(rule: Rule, names: Sequence[str]) -> list[tuple[int, ...]]:
    """Non-identity variable permutations mapping the rule onto itself.

    A permutation qualifies when it maps the set of premises (canonically written) onto
    itself and likewise the conclusions; two bindings related by one give the same
    instance, so the matcher keeps one of them.
    """
    index = {v: k for k, v in enumerate(names)}

    def encode(atoms) -> list[tuple[str, tuple, tuple]]:
        out = []
        for atom in atoms:
            spec = predicates.lookup(atom.predicate)
            assert spec is not None
            pts = atom.args[:-1] if spec.has_value else atom.args
            extra = atom.args[-1:] if spec.has_value else ()
            out.append((spec.name, tuple(index[a] for a in pts), extra))
        return out

    groups = [encode(rule.premises), encode(rule.conclusions)]
    targets = [{predicates.canonical(p, (*v, *x)) for p, v, x in g} for g in groups]
    n = len(names)
    # Variables are assigned in order 0, 1, ...; an atom becomes checkable when its
    # highest variable is assigned, so each step checks only the atoms it completes.
    completed_at: list[list[tuple[str, tuple, tuple, set]]] = [[] for _ in range(n)]
    for group, target in zip(groups, targets, strict=True):
        for pred, vars_, extra in group:
            if vars_:
                completed_at[max(vars_)].append((pred, vars_, extra, target))
    # An automorphism maps each variable to one occurring in as many atoms of each kind.
    occurrences: list[list[tuple[int, str]]] = [[] for _ in range(n)]
    for g, group in enumerate(groups):
        for pred, vars_, _extra in group:
            for v in set(vars_):
                occurrences[v].append((g, pred))
    signature = [tuple(sorted(o)) for o in occurrences]
    found: list[tuple[int, ...]] = []
    perm = [-1] * n
    used = [False] * n

    def consistent(v: int) -> bool:
        for pred, vars_, extra, target in completed_at[v]:
            mapped = predicates.canonical(pred, (*(perm[u] for u in vars_), *extra))
            if mapped not in target:
                return False
        return True

    def extend(v: int) -> None:
        if v == n:
            if any(perm[k] != k for k in range(n)):
                found.append(tuple(perm))
            return
        for image in range(n):
            if used[image] or signature[image] != signature[v]:
                continue
            perm[v], used[image] = image, True
            if consistent(v):
                extend(v + 1)
            perm[v], used[image] = -1, False

    extend(0)
    return found


_COMPILED: dict[str, CompiledRule] = {}


def compiled(rule: Rule) -> CompiledRule:
    key = f"{rule.id}:{id(rule)}"
    got = _COMPILED.get(key)
    if got is None:
        got = _COMPILED[key] = CompiledRule(rule)
    return got


@dataclass(frozen=True)
class Match:
    rule: Rule
    variables: tuple[str, ...]
    binding: tuple[int, ...]


def match_rule(rule: Rule, ix: NumericIndex) -> Iterator[Match]:
    cr = compiled(rule)
    names = tuple(cr.names)
    for binding in cr.matches(ix):
        yield Match(rule, names, binding)
