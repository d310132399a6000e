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

Layout: this module holds the entry points (`check_proof`, `check_file`), the report
(`CheckResult`), and `ProofChecker`, which reads the problem with its auxiliary clauses,
draws the diagrams and walks the steps; `checker_steps` checks one step by its kind,
`checker_algebra` holds the linear forms certificates are summed in (and
`ANGLE_MODULUS_LIMIT`), and `checker_facts` parses facts and tells degenerate and
trivial ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .checker_algebra import ANGLE_MODULUS_LIMIT
from .checker_facts import Fact, atom_fact, fact_points, malformed_fields, parse_fact
from .checker_steps import StepChecks
from .diagram import Diagram, realize
from .errors import PappusError
from .parser import parse_problem
from .problem import Problem
from .proof import Proof
from .rules import Rule, rules_by_id

__all__ = ["ANGLE_MODULUS_LIMIT", "CHECKER_SEED", "CONFIGURATION_ATTEMPTS", "CheckResult",
           "ProofChecker", "check_file", "check_proof"]

CHECKER_SEED = 7919
# Diagrams the checker draws to find the configuration a proof's order conditions pick:
# a proof that needs three points each on a given side of their line-circle intersection
# is reproduced by one diagram in eight, which 64 draws miss with probability 2e-4.
CONFIGURATION_ATTEMPTS = 64


class _AuxError(Exception):
    """An auxiliary clause that cannot be added to the problem."""


@dataclass
class CheckResult:
    valid: bool
    errors: list[str] = field(default_factory=list)
    steps: int = 0


class ProofChecker(StepChecks):
    """One proof's check: its problem with the auxiliary clauses, the diagrams drawn for
    it, and the walk over its steps."""

    def __init__(self, proof: Proof, rules: dict[str, Rule] | None = None,
                 seed: int = CHECKER_SEED) -> None:
        super().__init__(proof, rules or rules_by_id())
        self.seed = seed

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
        malformed = malformed_fields(self.proof)
        if malformed:
            return CheckResult(False, malformed)
        try:
            problem = self.problem()
        except _AuxError as exc:
            return CheckResult(False, [str(exc)])
        except PappusError as exc:
            return CheckResult(False, [f"problem does not parse: {exc}"])
        try:
            goal = parse_fact(self.proof.goal)
        except ValueError as exc:
            return CheckResult(False, [f"bad goal {self.proof.goal!r}: {exc}"])
        if problem.goal is not None and goal != atom_fact(problem.goal):
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
                fact = parse_fact(step.fact)
            except ValueError as exc:
                self.fail(step, f"bad fact {step.fact!r}: {exc}")
                continue
            missing = [p for p in fact_points(fact) if p not in diagram.points]
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


