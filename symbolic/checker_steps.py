"""The independent checker's check of one step by its kind: construction, incidence,
`ar:angle`, `ar:ratio`, `ar:length`, or a rule of the rules data file.

`StepChecks` holds the proof, the rules and the errors found; `symbolic.checker`'s
`ProofChecker` adds the problem, the diagrams and the walk over the steps. Like the rest
of the checker it re-derives each step from that step's premises alone and uses
nothing of the prover.
"""

from __future__ import annotations

from fractions import Fraction

from . import predicates
from .checker_algebra import (
    ANGLE_MODULUS_LIMIT,
    Lines,
    add_scaled,
    angle_eq,
    length_eq,
    ratio_eq,
    rational_gcd,
)
from .checker_facts import Fact, atom_fact, degenerate, trivial, written
from .constructions import lookup as lookup_construction
from .diagram import Diagram
from .problem import Atom, Problem
from .proof import Proof, ProofStep
from .rules import Rule


class StepChecks:
    """The checks of single steps, each recording what it finds wrong with `fail`."""

    def __init__(self, proof: Proof, rules: dict[str, Rule]) -> None:
        self.proof = proof
        self.rules = rules
        self.errors: list[str] = []
        self.config_errors: list[str] = []

    def fail(self, step: ProofStep | None, message: str, configuration: bool = False) -> None:
        """Record an error; `configuration` errors are numeric conditions that another
        configuration of the figure may satisfy."""
        where = f"step {step.id}: " if step is not None else ""
        (self.config_errors if configuration else self.errors).append(where + message)

    def _given_facts(self, problem: Problem, diagram: Diagram) -> set[Fact]:
        out: set[Fact] = set()
        for clause in problem.clauses:
            for call in clause.constructions:
                spec = lookup_construction(call.name)
                assert spec is not None
                for atom in spec.instantiate(spec.facts, call.args):
                    out.add(atom_fact(atom))
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
        if not Lines([p[1:] for p in premises], overlap).contains(fact[1:]):
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
        lines = Lines([p[1:] for p in premises if p[0] == "coll"], 2)
        total: dict = {}
        const = Fraction(0)
        try:
            for pid, c in cert.items():
                coeffs, k = angle_eq(by_id[pid], lines)
                add_scaled(total, coeffs, c)
                const += c * k
            target, k_target = angle_eq(written(step.fact), lines)
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
        g = rational_gcd([*cert.values(), Fraction(1)])
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
        return {pid: written(texts[pid]) for pid in step.premises}

    def _check_ratio(self, step: ProofStep, fact: Fact, premises: list[Fact]) -> None:
        cert = self._certificate(step)
        if cert is None:
            return
        by_id = self._written_premises(step)
        total: dict = {}
        try:
            for pid, c in cert.items():
                add_scaled(total, ratio_eq(by_id[pid]), c)
            target = ratio_eq(written(step.fact))
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
        lines = Lines([p[1:] for p in premises if p[0] == "coll"], 2)
        total: dict = {}
        try:
            for pid, c in cert.items():
                add_scaled(total, length_eq(by_id[pid]), c)
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
                add_scaled(total, {frozenset((x, y)): 1, frozenset((y, z)): 1,
                                   frozenset((x, z)): -1}, Fraction(value))
            target = length_eq(written(step.fact))
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
            return atom_fact(Atom(atom.predicate, tuple(binding.get(a, a) for a in atom.args)))

        needed = set()
        for atom in rule.premises:
            spec = predicates.lookup(atom.predicate)
            assert spec is not None
            f = inst(atom)
            if degenerate(atom.predicate, [binding.get(a, a) for a in atom.args]):
                self.fail(step, f"degenerate instance of {atom.to_text()}")
            elif spec.nondegeneracy:
                if not self._holds(f, diagram):
                    self.fail(step, f"non-degeneracy condition {atom.predicate} fails",
                              configuration=True)
            elif not trivial(f):
                needed.add(f)
        if needed != set(premises):
            self.fail(step, f"premises do not match rule {rule.id}")
        for atom in rule.conclusions:
            if degenerate(atom.predicate, [binding.get(a, a) for a in atom.args]):
                self.fail(step, f"degenerate instance of {atom.to_text()}")
        if fact not in {inst(a) for a in rule.conclusions}:
            self.fail(step, f"{step.fact} is not a conclusion of rule {rule.id}")
