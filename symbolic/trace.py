"""Trace a proven statement back to a minimal set of premises and steps (a `Proof`).

Rule steps name their instance; algebra steps get a certificate (rational coefficients
of premise equations summing to the conclusion), made small by a greedy pass that drops
any premise the conclusion does not need; incidence steps name a small set of
collinearity (or concyclicity) facts whose merged sets contain the points.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from . import statements as st
from .algebra import Equation, LinearSystem
from .engine import ByAlgebra, ByRule, ByStructure, Engine, Given
from .proof import Proof, ProofStep
from .structures import IncidenceSets, support

# A certificate term: a proven statement's id, or a betweenness triple (x, y, z) of a
# proven line (length chasing's `xy + yz = xz`).
Key = int | tuple[int, int, int]


class Tracer:
    """Builds proofs from one engine's state; memoises shared sub-proofs."""

    def __init__(self, engine: Engine) -> None:
        self.e = engine
        self.names = engine.names
        self.time_of = {sid: k for k, sid in enumerate(engine.proven_order)}
        self._deps: dict[int, list[int]] = {}
        self._extra: dict[int, dict] = {}

    # ------------------------------------------------------------ dependencies

    def deps(self, sid: int) -> list[int]:
        """Premise statements of the step that proved `sid`."""
        if sid in self._deps:
            return self._deps[sid]
        just = self.e.proof[sid]
        extra: dict = {}
        if isinstance(just, Given):
            deps: list[int] = []
        elif isinstance(just, ByRule):
            deps = list(self.e.instances[just.instance].premises)
        elif isinstance(just, ByStructure):
            deps = self._incidence_support(sid, just)
        elif isinstance(just, ByAlgebra):
            deps, extra = self._algebra_support(sid, just)
        else:
            raise ValueError(f"statement {sid} is not proven")
        self._deps[sid] = deps
        self._extra[sid] = extra
        return deps

    def _proven_before(self, time: int, predicate: str) -> list[tuple[int, frozenset[int]]]:
        out = []
        for sid in self.e.proven_order[:time]:
            stmt = self.e.stmts[sid]
            if stmt[0] == predicate:
                out.append((sid, frozenset(st.points_of(stmt))))
        return out

    def _incidence_support(self, sid: int, just: ByStructure) -> list[int]:
        overlap = 2 if just.domain == "coll" else 3
        cands = [c for c in self._proven_before(just.time, just.domain) if c[0] != sid]
        found = support(cands, st.points_of(self.e.stmts[sid]), overlap)
        if found is None:
            raise RuntimeError(f"no incidence support for {self.e.stmts[sid]}")
        return found

    def _algebra_support(self, sid: int, just: ByAlgebra) -> tuple[list[int], dict]:
        e = self.e
        system = {"angle": e.angle, "ratio": e.ratio, "length": e.length}[just.domain]
        combo = system.expand(list(just.log))
        line_of = None
        keys: list[Key]
        if just.domain == "angle":
            inputs = e.angle_inputs
            keys = sorted({inputs[i][1] for i in combo if inputs[i][0] == "stmt"})
            line_of = self._lines_at(just.time)
        elif just.domain == "ratio":
            keys = sorted({e.ratio_inputs[i] for i in combo})
        else:
            # statements, or ("between", (x, y, z)) triples of a proven line
            keys = sorted({e.length_inputs[i][1] for i in combo}, key=_key_order)  # type: ignore[misc]
        cert = minimal_certificate(
            sid, keys, lambda k: self._equation(k, just.domain, line_of),
            modular=just.domain == "angle")
        deps = sorted(k for k in cert if isinstance(k, int))
        extra = {"certificate": cert}
        if line_of is not None:
            coll = self._line_identifications([sid, *deps], just.time, line_of)
            deps = sorted(set(deps) | set(coll))
        triples = [k for k in cert if isinstance(k, tuple)]
        if triples:
            cands = self._proven_before(just.time, "coll")
            found: set[int] = set()
            for triple in triples:
                got = support(cands, triple, 2)
                if got is None:
                    raise RuntimeError(f"no collinearity support for {triple}")
                found.update(got)
            deps = sorted(set(deps) | found)
        return deps, extra

    def _lines_at(self, time: int) -> Callable[[int, int], int]:
        """Line identity of a pair of points using only collinearities proven before `time`."""
        sets = IncidenceSets(2)
        for sid, pts in self._proven_before(time, "coll"):
            sets.add(pts, sid)
        return lambda a, b: sets.get_or_create(a, b)

    def _equation(self, key: Key, domain: str, line_of) -> Equation:
        seg = self.e._segment_var
        if isinstance(key, tuple):
            return st.betweenness_equation(*key, seg)
        stmt = self.e.stmts[key]
        if domain == "angle":
            return st.angle_equation(stmt, line_of)
        if domain == "length":
            return st.length_equation(stmt, seg)
        return st.ratio_equation(stmt, seg)

    def _line_identifications(self, sids: list[int], time: int, line_of) -> list[int]:
        groups: dict[int, set[tuple[int, int]]] = {}
        for s in sids:
            for a, b in st.segment_pairs(self.e.stmts[s]):
                pair = (min(a, b), max(a, b))
                groups.setdefault(line_of(a, b), set()).add(pair)
        out: list[int] = []
        cands = self._proven_before(time, "coll")
        for pairs in groups.values():
            if len(pairs) < 2:
                continue
            pts = {p for pair in pairs for p in pair}
            found = support(cands, pts, 2)
            if found is None:
                raise RuntimeError(f"no collinearity support for {sorted(pts)}")
            out.extend(found)
        return out

    # ------------------------------------------------------------ proof assembly

    def proof(self, goal: int, problem_text: str, goal_text: str, name: str = "",
              aux: list[str] | None = None) -> Proof:
        order: list[int] = []
        state: dict[int, int] = {}  # 1 = visiting, 2 = done
        stack: list[tuple[int, bool]] = [(goal, False)]
        while stack:
            sid, expanded = stack.pop()
            if expanded:
                state[sid] = 2
                order.append(sid)
                continue
            if state.get(sid):
                continue
            state[sid] = 1
            stack.append((sid, True))
            for d in reversed(self.deps(sid)):
                if not state.get(d):
                    stack.append((d, False))
        step_no = {sid: k for k, sid in enumerate(order)}
        steps = [self._step(sid, step_no) for sid in order]
        return Proof(problem=problem_text, goal=goal_text, steps=steps, aux=aux or [],
                     name=name)

    def _cert_key(self, key: Key, step_no: dict[int, int]) -> str:
        if isinstance(key, tuple):
            return "between " + " ".join(self.names[p] for p in key)
        return str(step_no[key])

    def _step(self, sid: int, step_no: dict[int, int]) -> ProofStep:
        e = self.e
        just = e.proof[sid]
        fact = st.to_text(e.stmts[sid], self.names)
        premises = [step_no[d] for d in self.deps(sid)]
        if isinstance(just, Given):
            clause = e.problem.clauses[just.clause].to_text()
            return ProofStep(step_no[sid], fact, "construction", [], clause=clause)
        if isinstance(just, ByRule):
            inst = e.instances[just.instance]
            binding = {v: self.names[p] for v, p in inst.binding.items()}
            return ProofStep(step_no[sid], fact, inst.rule.id, premises, binding=binding)
        if isinstance(just, ByAlgebra):
            cert = self._extra[sid]["certificate"]
            return ProofStep(step_no[sid], fact, f"ar:{just.domain}", premises,
                             certificate={self._cert_key(k, step_no): str(c)
                                          for k, c in cert.items()})
        return ProofStep(step_no[sid], fact, "incidence", premises)


def _key_order(key: Key) -> tuple[bool, Key]:
    return (isinstance(key, tuple), key)


def minimal_certificate(
    target: int, premises: list[Key], equation: Callable[[Key], Equation], modular: bool
) -> dict[Key, Fraction]:
    """Coefficients over a small subset of `premises` whose equations sum to the target's.

    Greedy: drop each premise in turn (latest first) when the target stays implied. The
    greedy pass decides implication in the prime field (fast); the subset it keeps is
    then solved exactly, and only if that fails (a field artefact) is the pass redone
    over the rationals.
    """
    eqs = {p: equation(p) for p in premises}
    goal = equation(target)

    def solve(subset: list[Key], exact: bool) -> dict[Key, Fraction] | None:
        system = LinearSystem(modular=modular, exact=exact,
                              on_implied=lambda key, log: None)  # only the goal matters
        inputs = []
        for p in subset:
            if system.add(eqs[p]) is not None:
                inputs.append(p)
        log = system.watch("goal", goal)
        if log is None:
            return None
        combo = system.expand(log)
        return {inputs[i]: c for i, c in combo.items()}

    def greedy(exact: bool) -> list[Key]:
        current = list(premises)
        best = solve(current, exact)
        if best is None:
            raise RuntimeError("algebraic step does not follow from its premises")
        current = [p for p in current if p in best]
        for p in sorted(current, key=_key_order, reverse=True):
            trial = [q for q in current if q != p]
            got = solve(trial, exact)
            if got is not None:
                current = [q for q in trial if q in got]
        return current

    certificate = solve(greedy(exact=False), exact=True)
    if certificate is None:
        certificate = solve(greedy(exact=True), exact=True)
    assert certificate is not None
    return certificate
