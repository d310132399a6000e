"""The independent proof checker.

It shares no state with the prover and none of its deduction code: it re-reads the
problem text, realises its own diagram (with its own seed), and re-derives each step
from that step's premises alone:

* construction steps must be facts the problem's constructions assert;
* rule steps must instantiate the named rule (from the rules data file) with the given
  binding: premises exactly the step's premises, the fact one of the conclusions, and
  non-degeneracy conditions true in the checker's diagram;
* algebra steps must sum exactly: the certificate's coefficients times the premise
  equations give the conclusion's equation. Angles are taken modulo pi, so rational
  coefficients fix the conclusion only modulo pi/m (1/m the gcd of the coefficients and
  1); the checker's diagram settles the multiple, which it can do only while pi/m stays
  far above the numeric tolerance, so m is bounded (`ANGLE_MODULUS_LIMIT`). Ratio and
  length certificates are exact equalities of real linear forms, with no modulus;
* incidence steps must follow by merging collinear (or concyclic) point sets;
* premises must be earlier steps, and the last step must be the problem's goal;
* auxiliary clauses either add new points or name a clause of the problem itself.

What it trusts rather than re-derives:

* the rules data file (`rules.txt`): a rule step is as sound as the rule it cites;
* the construction table (`constructions.py`): the facts each construction asserts;
* the predicates' canonical forms (argument symmetries, e.g. `cong a b c d` equals
  `cong b a d c`) and their numeric checks with their tolerances;
* the realiser (`diagram.realize`), for the diagram in which order conditions
  (betweenness, same side, non-degeneracy) and each step's fact are checked numerically,
  and the problem parser.

Nothing of the prover's database, matcher, algebra or tracer is used.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from . import predicates
from .constructions import lookup as lookup_construction
from .diagram import Diagram, realize
from .errors import PappusError
from .parser import parse_problem
from .predicates.spec import ANGLE_TOLERANCE, parse_angle_value, parse_ratio_value
from .problem import Atom, Problem
from .proof import Proof, ProofStep
from .rules import Rule, rules_by_id

CHECKER_SEED = 7919
# Diagrams the checker draws to find the configuration a proof's order conditions pick:
# a proof that needs three points each on a given side of their line-circle intersection
# is reproduced by one diagram in eight, which 64 draws miss with probability 2e-4.
CONFIGURATION_ATTEMPTS = 64

# An angle certificate fixes its conclusion modulo pi/m; the diagram must tell apart
# values pi/m apart, so pi/m stays four orders of magnitude above the numeric angle
# tolerance. The prover's own certificates have m <= 6.
ANGLE_MODULUS_LIMIT = 1000
assert math.pi / ANGLE_MODULUS_LIMIT > 1e4 * 4 * ANGLE_TOLERANCE

Fact = tuple  # canonical (predicate, *args) over point names


class _AuxError(Exception):
    """An auxiliary clause that cannot be added to the problem."""


@dataclass
class CheckResult:
    valid: bool
    errors: list[str] = field(default_factory=list)
    steps: int = 0


def _fact(text: str) -> Fact:
    words = text.split()
    if not words:
        raise ValueError("empty fact")
    spec = predicates.lookup(words[0])
    if spec is None:
        raise ValueError(f"unknown predicate {words[0]!r}")
    if not spec.accepts_arity(len(words) - 1):
        raise ValueError(f"{spec.name} takes {spec.arity_text()}")
    if spec.has_value:
        parse = parse_angle_value if spec.name == "aconst" else parse_ratio_value
        try:
            value = parse(words[-1])
        except (ValueError, ZeroDivisionError):
            value = None
        if value is None:
            raise ValueError(f"bad {spec.name} value {words[-1]!r}")
    name, args = predicates.canonical(words[0], tuple(words[1:]))
    return (name, *args)


def _malformed(proof: Proof) -> list[str]:
    """Fields of the wrong type, which the checks below could not even read."""
    errors = []
    for a in proof.aux:
        if "=" not in a or not a.split("=")[0].split():
            errors.append(f"auxiliary clause {a!r} does not name its points")
    for step in proof.steps:
        b, c = step.binding, step.certificate
        if b is not None and not (isinstance(b, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in b.items())):
            errors.append(f"step {step.id}: binding must map variables to point names")
        if c is not None and not (isinstance(c, dict) and all(
                isinstance(k, str | int) and isinstance(v, str | int) for k, v in c.items())):
            errors.append(f"step {step.id}: certificate must map step ids to rationals")
    return errors


def _written(text: str) -> Fact:
    """A fact as written (argument order kept): certificates refer to this orientation."""
    words = text.split()
    return (words[0], *words[1:])


def _atom_fact(atom: Atom) -> Fact:
    name, args = predicates.canonical(atom.predicate, atom.args)
    return (name, *args)


def _points(fact: Fact) -> tuple[str, ...]:
    spec = predicates.lookup(fact[0])
    assert spec is not None
    return tuple(fact[1:-1]) if spec.has_value else tuple(fact[1:])


# ---------------------------------------------------------------- equations


class _Lines:
    """Point sets merged through shared pairs (or triples for circles)."""

    def __init__(self, sets: Iterable[Iterable[str]], overlap: int) -> None:
        groups = [set(s) for s in sets]
        merged = True
        while merged:
            merged = False
            for i in range(len(groups)):
                for j in range(i + 1, len(groups)):
                    if groups[i] and groups[j] and len(groups[i] & groups[j]) >= overlap:
                        groups[i] |= groups[j]
                        groups[j] = set()
                        merged = True
        self.groups = [frozenset(g) for g in groups if g]

    def key(self, a: str, b: str) -> frozenset[str]:
        for g in self.groups:
            if a in g and b in g:
                return g
        return frozenset((a, b))

    def contains(self, pts: Iterable[str]) -> bool:
        want = set(pts)
        return any(want <= g for g in self.groups)


def _angle_eq(fact: Fact, lines: _Lines) -> tuple[dict, Fraction]:
    """Variable part and constant of an angle fact: sum + const is an integer."""
    pred, a = fact[0], fact[1:]
    coeffs: dict = {}

    def put(p: str, q: str, c: int) -> None:
        k = lines.key(p, q)
        coeffs[k] = coeffs.get(k, Fraction(0)) + c

    const = Fraction(0)
    if pred == "para":
        put(a[0], a[1], 1)
        put(a[2], a[3], -1)
    elif pred == "perp":
        put(a[2], a[3], 1)
        put(a[0], a[1], -1)
        const = Fraction(-1, 2)
    elif pred == "eqangle":
        put(a[2], a[3], 1)
        put(a[0], a[1], -1)
        put(a[4], a[5], 1)
        put(a[6], a[7], -1)
    elif pred == "aconst":
        value = parse_angle_value(str(a[4]))
        if value is None:
            raise ValueError("bad angle value")
        put(a[2], a[3], 1)
        put(a[0], a[1], -1)
        const = -value
    else:
        raise ValueError(f"{pred} is not an angle fact")
    return {k: v for k, v in coeffs.items() if v}, const


def _ratio_eq(fact: Fact) -> dict:
    """Logarithmic form: segment keys and ('log', prime) keys."""
    pred, a = fact[0], fact[1:]
    coeffs: dict = {}

    def put(key: Any, c: Fraction | int) -> None:
        coeffs[key] = coeffs.get(key, Fraction(0)) + c

    def seg(p: str, q: str) -> frozenset[str]:
        return frozenset((p, q))

    if pred == "cong":
        put(seg(a[0], a[1]), 1)
        put(seg(a[2], a[3]), -1)
    elif pred == "eqratio":
        put(seg(a[0], a[1]), 1)
        put(seg(a[2], a[3]), -1)
        put(seg(a[4], a[5]), -1)
        put(seg(a[6], a[7]), 1)
    elif pred == "prodratio":
        for k in range(6):
            put(seg(a[2 * k], a[2 * k + 1]), 1 if k % 2 == 0 else -1)
    elif pred == "rconst":
        value = parse_ratio_value(str(a[4]))
        if value is None:
            raise ValueError("bad ratio value")
        put(seg(a[0], a[1]), 1)
        put(seg(a[2], a[3]), -1)
        for prime, e in _factor(value.numerator).items():
            put(("log", prime), -e)
        for prime, e in _factor(value.denominator).items():
            put(("log", prime), e)
    else:
        raise ValueError(f"{pred} is not a ratio fact")
    return {k: v for k, v in coeffs.items() if v}


def _length_eq(fact: Fact) -> dict:
    """Additive form of cong / rconst: ab - r * cd over unsigned lengths."""
    pred, a = fact[0], fact[1:]
    if pred == "cong":
        r = Fraction(1)
    elif pred == "rconst":
        value = parse_ratio_value(str(a[4]))
        if value is None:
            raise ValueError("bad ratio value")
        r = value
    else:
        raise ValueError(f"{pred} is not a length fact")
    out: dict = {frozenset((a[0], a[1])): Fraction(1)}
    key = frozenset((a[2], a[3]))
    out[key] = out.get(key, Fraction(0)) - r
    return {k: v for k, v in out.items() if v}


def _factor(n: int) -> dict[int, int]:
    out: dict[int, int] = {}
    p = 2
    while p * p <= n:
        while n % p == 0:
            out[p] = out.get(p, 0) + 1
            n //= p
        p += 1
    if n > 1:
        out[n] = out.get(n, 0) + 1
    return out


def _add_scaled(total: dict, eq: dict, c: Fraction) -> None:
    """total += c * eq, term by term (a certificate's sum, built up premise by premise)."""
    for key, v in eq.items():
        total[key] = total.get(key, Fraction(0)) + c * v


def _rational_gcd(values: Iterable[Fraction]) -> Fraction:
    g = Fraction(0)
    for v in values:
        a, b = abs(v), g
        while b:
            a, b = b, a % b
        g = a
    return g


def _degenerate(pred: str, args: list[str]) -> bool:
    """An atom whose points coincide where its meaning needs them apart."""

    def clash(group: list[str]) -> bool:
        return len(set(group)) < len(group)

    if pred in ("para", "perp", "cong", "eqangle", "eqratio", "aconst", "rconst",
                "npara", "nperp", "ncong", "diff", "prodratio"):
        n_seg = {"eqangle": 4, "eqratio": 4, "prodratio": 6}.get(pred, 2)
        return any(clash(args[2 * k:2 * k + 2]) for k in range(n_seg))
    if pred in ("coll", "ncoll", "midp", "circle"):
        return clash(args)
    if pred in ("simtri", "simtri2", "contri", "contri2", "sameside"):
        return clash(args[:3]) or clash(args[3:6])
    return False


def _trivial(fact: Fact) -> bool:
    """Facts true by their form alone, which a rule step need not cite."""
    pred, args = fact[0], fact[1:]
    if pred == "coll":
        return len(set(args)) < 3
    if pred == "cyclic":
        return len(set(args)) < 4
    if pred in ("cong", "para"):
        return args[0:2] == args[2:4]
    if pred in ("eqangle", "eqratio"):
        segs = [args[i:i + 2] for i in range(0, 8, 2)]
        return sorted([segs[0], segs[3]]) == sorted([segs[1], segs[2]])
    if pred in ("simtri", "simtri2", "contri", "contri2"):
        return args[:3] == args[3:]
    if pred == "prodratio":
        segs = [tuple(sorted(args[i:i + 2])) for i in range(0, 12, 2)]
        return sorted(segs[0::2]) == sorted(segs[1::2])
    return False


# ---------------------------------------------------------------- checker


class ProofChecker:
    def __init__(self, proof: Proof, rules: dict[str, Rule] | None = None,
                 seed: int = CHECKER_SEED) -> None:
        self.proof = proof
        self.rules = rules or rules_by_id()
        self.seed = seed
        self.errors: list[str] = []
        self.config_errors: list[str] = []

    def fail(self, step: ProofStep | None, message: str, configuration: bool = False) -> None:
        """Record an error; `configuration` errors are numeric conditions that another
        configuration of the figure may satisfy."""
        where = f"step {step.id}: " if step is not None else ""
        (self.config_errors if configuration else self.errors).append(where + message)

    def problem(self) -> Problem:
        """The problem the proof is about: its text plus the auxiliary clauses it adds.

        An auxiliary clause either constructs only new points (it is appended) or is,
        word for word, a clause of the problem (the proof marks it auxiliary). A clause
        that redefines a point of the problem any other way is an error: skipping it
        would check another problem than the proof claims.
        """
        text = self.proof.problem
        problem = parse_problem(text, name=self.proof.name or "proof")
        known = set(problem.points)
        clauses = {c.to_text() for c in problem.clauses}
        aux = []
        for a in self.proof.aux:
            points = a.split("=")[0].split()
            if " ".join(a.split()) in clauses:
                continue
            clash = [p for p in points if p in known]
            if clash:
                raise _AuxError(f"auxiliary clause {a!r} redefines point {clash[0]!r}, which "
                                "the problem already constructs (an auxiliary clause must "
                                "add new points, or repeat a clause of the problem exactly)")
            known.update(points)
            aux.append(a)
        if aux:
            body = problem.to_text(with_goal=False)
            goal = f" ? {problem.goal.to_text()}" if problem.goal else ""
            problem = parse_problem(body + "; " + "; ".join(aux) + goal,
                                    name=self.proof.name or "proof")
        return problem

    def check(self) -> CheckResult:
        malformed = _malformed(self.proof)
        if malformed:
            return CheckResult(False, malformed)
        try:
            problem = self.problem()
        except _AuxError as exc:
            return CheckResult(False, [str(exc)])
        except PappusError as exc:
            return CheckResult(False, [f"problem does not parse: {exc}"])
        try:
            goal = _fact(self.proof.goal)
        except ValueError as exc:
            return CheckResult(False, [f"bad goal {self.proof.goal!r}: {exc}"])
        if problem.goal is not None and goal != _atom_fact(problem.goal):
            return CheckResult(False, [f"goal {self.proof.goal!r} is not the problem's goal"])
        # A proof's order conditions (betweenness, same side, non-degeneracy) pick one
        # configuration of the figure; when the checker's own diagram shows another, it
        # draws again. Logical errors fail at once, whatever the diagram.
        first: list[str] | None = None
        for attempt in range(CONFIGURATION_ATTEMPTS):
            try:
                diagram = realize(problem, seed=self.seed + attempt)
            except PappusError as exc:
                if attempt == 0:
                    return CheckResult(False, [f"problem cannot be realised: {exc}"])
                continue
            self.errors, self.config_errors = [], []
            self._check_steps(problem, diagram, goal)
            if self.errors:
                return CheckResult(False, self.errors + self.config_errors,
                                   len(self.proof.steps))
            if not self.config_errors:
                return CheckResult(True, [], len(self.proof.steps))
            if first is None:
                first = list(self.config_errors)
        note = f"(in each of {CONFIGURATION_ATTEMPTS} sampled diagrams)"
        return CheckResult(False, [f"{e} {note}" for e in first or []], len(self.proof.steps))

    def _check_steps(self, problem: Problem, diagram: Diagram, goal: Fact) -> None:
        given = self._given_facts(problem, diagram)
        facts: dict[int, Fact] = {}
        for step in self.proof.steps:
            if step.id in facts:
                self.fail(step, "duplicate step id")
                continue
            try:
                fact = _fact(step.fact)
            except ValueError as exc:
                self.fail(step, f"bad fact {step.fact!r}: {exc}")
                continue
            missing = [p for p in _points(fact) if p not in diagram.points]
            if missing:
                self.fail(step, f"unknown points {missing}")
                continue
            premises = []
            for pid in step.premises:
                if pid not in facts:
                    self.fail(step, f"premise {pid} is not an earlier step")
                    break
                premises.append(facts[pid])
            else:
                if not self._holds(fact, diagram):
                    self.fail(step, f"{step.fact} is false in the checker's diagram",
                              configuration=True)
                else:
                    self._check_step(step, fact, premises, given, diagram)
            facts[step.id] = fact
        if not self.proof.steps:
            self.fail(None, "empty proof")
        elif facts.get(self.proof.steps[-1].id) != goal:
            self.fail(None, "the last step is not the problem's goal")

    # ------------------------------------------------------------ per kind

    def _given_facts(self, problem: Problem, diagram: Diagram) -> set[Fact]:
        out: set[Fact] = set()
        for clause in problem.clauses:
            for call in clause.constructions:
                spec = lookup_construction(call.name)
                assert spec is not None
                for atom in spec.instantiate(spec.facts, call.args):
                    out.add(_atom_fact(atom))
        return out

    @staticmethod
    def _holds(fact: Fact, diagram: Diagram) -> bool:
        spec = predicates.lookup(fact[0])
        assert spec is not None
        return spec.check(diagram.points, tuple(fact[1:]), diagram.scale)

    def _check_step(self, step: ProofStep, fact: Fact, premises: list[Fact],
                    given: set[Fact], diagram: Diagram) -> None:
        if step.by == "construction":
            if step.premises:
                self.fail(step, "a construction fact has no premises")
            if fact not in given:
                self.fail(step, f"{step.fact} is not asserted by any construction")
        elif step.by == "incidence":
            self._check_incidence(step, fact, premises)
        elif step.by == "ar:angle":
            self._check_angle(step, fact, premises, diagram)
        elif step.by == "ar:ratio":
            self._check_ratio(step, fact, premises)
        elif step.by == "ar:length":
            self._check_length(step, fact, premises, diagram)
        elif step.by in self.rules:
            self._check_rule(step, fact, premises, diagram)
        else:
            self.fail(step, f"unknown justification {step.by!r}")

    def _check_incidence(self, step: ProofStep, fact: Fact, premises: list[Fact]) -> None:
        if fact[0] not in ("coll", "cyclic") or any(p[0] != fact[0] for p in premises):
            self.fail(step, "incidence steps join coll (or cyclic) facts of the same kind")
            return
        overlap = 2 if fact[0] == "coll" else 3
        if not _Lines([p[1:] for p in premises], overlap).contains(fact[1:]):
            self.fail(step, f"{step.fact} does not follow by merging the premises")

    def _certificate(self, step: ProofStep) -> dict[int, Fraction] | None:
        if step.certificate is None:
            self.fail(step, "algebra step without a certificate")
            return None
        try:
            cert = {int(k): Fraction(v) for k, v in step.certificate.items()}
        except (TypeError, ValueError, ZeroDivisionError):
            self.fail(step, "malformed certificate")
            return None
        if not set(cert) <= set(step.premises):
            self.fail(step, "certificate names a step that is not a premise")
            return None
        return cert

    def _check_angle(self, step: ProofStep, fact: Fact, premises: list[Fact],
                     diagram: Diagram) -> None:
        cert = self._certificate(step)
        if cert is None:
            return
        by_id = self._written_premises(step)
        lines = _Lines([p[1:] for p in premises if p[0] == "coll"], 2)
        total: dict = {}
        const = Fraction(0)
        try:
            for pid, c in cert.items():
                coeffs, k = _angle_eq(by_id[pid], lines)
                _add_scaled(total, coeffs, c)
                const += c * k
            target, k_target = _angle_eq(_written(step.fact), lines)
        except ValueError as exc:
            self.fail(step, str(exc))
            return
        total = {k: v for k, v in total.items() if v}
        if total != target:
            self.fail(step, "certificate does not sum to the conclusion")
            return
        # The sum fixes the conclusion modulo g*pi only (g = 1/m); the fact itself was
        # confirmed numerically in the checker's diagram, which settles the multiple of
        # g*pi only while that spacing is far above the numeric tolerance.
        g = _rational_gcd([*cert.values(), Fraction(1)])
        modulus = g.denominator  # 1 is a multiple of g, so g = 1/m
        if modulus > ANGLE_MODULUS_LIMIT:
            self.fail(step, f"certificate fixes the conclusion only modulo pi/{modulus}, "
                      f"too fine for the diagram to settle (at most pi/{ANGLE_MODULUS_LIMIT})")
            return
        delta = (k_target - const) / g
        if delta.denominator != 1:
            self.fail(step, "certificate constant does not match the conclusion")

    def _written_premises(self, step: ProofStep) -> dict[int, Fact]:
        texts = {s.id: s.fact for s in self.proof.steps}
        return {pid: _written(texts[pid]) for pid in step.premises}

    def _check_ratio(self, step: ProofStep, fact: Fact, premises: list[Fact]) -> None:
        cert = self._certificate(step)
        if cert is None:
            return
        by_id = self._written_premises(step)
        total: dict = {}
        try:
            for pid, c in cert.items():
                _add_scaled(total, _ratio_eq(by_id[pid]), c)
            target = _ratio_eq(_written(step.fact))
        except ValueError as exc:
            self.fail(step, str(exc))
            return
        total = {k: v for k, v in total.items() if v}
        if total != target:
            self.fail(step, "certificate does not sum to the conclusion")

    def _check_length(self, step: ProofStep, fact: Fact, premises: list[Fact],
                      diagram: Diagram) -> None:
        """Additive length chasing: cong/rconst premises and `between x y z` terms, each
        `xy + yz = xz` for points the coll premises put on one line, y between x and z
        in the checker's diagram."""
        raw = step.certificate
        if not isinstance(raw, dict):
            self.fail(step, "algebra step without a certificate")
            return
        between = {k: v for k, v in raw.items() if str(k).startswith("between ")}
        plain = ProofStep(step.id, step.fact, step.by, step.premises,
                          certificate={k: v for k, v in raw.items() if k not in between})
        cert = self._certificate(plain)
        if cert is None:
            return
        by_id = self._written_premises(step)
        lines = _Lines([p[1:] for p in premises if p[0] == "coll"], 2)
        total: dict = {}
        try:
            for pid, c in cert.items():
                _add_scaled(total, _length_eq(by_id[pid]), c)
            for key, value in between.items():
                x, y, z = str(key).split()[1:]
                if not lines.contains((x, y, z)):
                    self.fail(step, f"{key}: the premises do not make {x} {y} {z} collinear")
                    return
                px, py, pz = (diagram.points[p] for p in (x, y, z))
                if ((px - py).conjugate() * (pz - py)).real >= 0:
                    self.fail(step, f"{key}: {y} is not between {x} and {z}",
                              configuration=True)
                    return
                _add_scaled(total, {frozenset((x, y)): 1, frozenset((y, z)): 1,
                                    frozenset((x, z)): -1}, Fraction(value))
            target = _length_eq(_written(step.fact))
        except (ValueError, KeyError, ZeroDivisionError) as exc:
            self.fail(step, f"malformed length step: {exc}")
            return
        if {k: v for k, v in total.items() if v} != target:
            self.fail(step, "certificate does not sum to the conclusion")

    def _check_rule(self, step: ProofStep, fact: Fact, premises: list[Fact],
                    diagram: Diagram) -> None:
        rule = self.rules[step.by]
        binding = step.binding or {}
        if set(binding) != set(rule.variables):
            self.fail(step, f"binding must give every variable of {rule.id}")
            return
        unknown = sorted(set(binding.values()) - set(diagram.points))
        if unknown:
            self.fail(step, f"binding names unknown points {unknown}")
            return
        if "overlap" not in rule.flags and len(set(binding.values())) != len(binding):
            self.fail(step, "rule variables must be distinct points")
            return

        def inst(atom: Atom) -> Fact:
            return _atom_fact(Atom(atom.predicate, tuple(binding.get(a, a) for a in atom.args)))

        needed = set()
        for atom in rule.premises:
            spec = predicates.lookup(atom.predicate)
            assert spec is not None
            f = inst(atom)
            if _degenerate(atom.predicate, [binding.get(a, a) for a in atom.args]):
                self.fail(step, f"degenerate instance of {atom.to_text()}")
            elif spec.nondegeneracy:
                if not self._holds(f, diagram):
                    self.fail(step, f"non-degeneracy condition {atom.predicate} fails",
                              configuration=True)
            elif not _trivial(f):
                needed.add(f)
        if needed != set(premises):
            self.fail(step, f"premises do not match rule {rule.id}")
        for atom in rule.conclusions:
            if _degenerate(atom.predicate, [binding.get(a, a) for a in atom.args]):
                self.fail(step, f"degenerate instance of {atom.to_text()}")
        if fact not in {inst(a) for a in rule.conclusions}:
            self.fail(step, f"{step.fact} is not a conclusion of rule {rule.id}")


def check_proof(proof: Proof | dict | str, seed: int = CHECKER_SEED) -> CheckResult:
    """Check a proof (a Proof, its JSON dict, or JSON text)."""
    try:
        if isinstance(proof, str):
            proof = Proof.loads(proof)
        elif isinstance(proof, dict):
            proof = Proof.from_json(proof)
        elif not isinstance(proof, Proof):
            raise TypeError(f"expected a proof object, got {type(proof).__name__}")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return CheckResult(False, [f"not a proof document: {exc}"])
    try:
        return ProofChecker(proof, seed=seed).check()
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        return CheckResult(False, [f"malformed proof: {exc!r}"])


def check_file(path: str | Path) -> CheckResult:
    try:
        text = Path(path).read_text()
        data = json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        return CheckResult(False, [f"cannot read {path}: {exc}"])
    return check_proof(data)


