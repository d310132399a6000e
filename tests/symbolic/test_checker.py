"""Mutation testing of the independent proof checker.

Real proofs of benchmark problems are accepted; every single-point mutation of them
(a changed fact, premise, justification, binding or certificate, a wrong last step, a
duplicated step id) must be rejected. Mutants that are still valid proofs by
construction (a fact rewritten into a canonically equal form, a binding change that
instantiates the rule identically) are never generated, so the assertion is strict:
all generated mutants are rejected. Malformed documents give an invalid result, never
an exception.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from fractions import Fraction

import pytest
from helpers import JGEX

from symbolic import predicates
from symbolic.checker import check_proof
from symbolic.parser import load_problems, parse_problem
from symbolic.predicates.spec import (
    format_angle_value,
    format_ratio_value,
    parse_angle_value,
    parse_ratio_value,
)
from symbolic.prover import prove
from symbolic.rules import Rule, rules_by_id

# Fast JGEX problems whose proofs have 10-30 steps; between them they use incidence
# steps, angle and ratio chasing with certificates (integer and fractional), rconst
# facts, and rule steps with bindings (including an [overlap] rule and sameside).
PROBLEMS = [
    "examples/complete2/unsolved/complete_005_Other_unsolved_E046-7.gex",
    "examples/complete2/unsolved2/complete_015_7_Book_00EE_06_E051-28.gex",
    "examples/complete2/002/complete_017_ex-gao_ex160_4_e12.gex",
    "examples/complete2/unsolved1/complete_008_7_Book_LLL_L055-5.gex",
    "examples/complete2/000/complete_016_ex-gao_gao_M_M024-94.gex",
]

# A proof with angle constants (JGEX proofs have none): value mutations modulo pi.
EXTRA = {
    "s_angle": "a b = segment a b; c = s_angle a b c 60; d = on_line d b c "
               "? aconst a b b d 1pi/3",
}
CASES = PROBLEMS + list(EXTRA)
CASE_IDS = [n.rsplit("/", 1)[-1] for n in CASES]

# Predicates a fact may be changed into: same number of points.
SAME_SHAPE = [
    ("coll", "midp"),
    ("para", "perp", "cong", "cyclic", "circle"),
    ("eqangle", "eqratio"),
    ("simtri", "simtri2", "contri", "contri2"),
    ("aconst", "rconst"),
]
NOT_RULES = ("construction", "incidence", "ar:angle", "ar:ratio", "ar:length", "no-such-rule")

Doc = dict


@pytest.fixture(scope="module")
def proofs() -> dict[str, Doc]:
    out = {}
    for problem in load_problems(JGEX, PROBLEMS):
        result = prove(problem, timeout=60)
        assert result.proved and result.proof is not None, (problem.name, result.status)
        out[problem.name] = result.proof.to_json()
    for name, text in EXTRA.items():
        result = prove(parse_problem(text, name=name), timeout=60)
        assert result.proved and result.proof is not None, (name, result.status)
        out[name] = result.proof.to_json()
    return out


# ---------------------------------------------------------------- facts


def canonical(text: str) -> tuple:
    words = text.split()
    name, args = predicates.canonical(words[0], tuple(words[1:]))
    return (name, *args)


def point_slots(words: list[str]) -> range:
    spec = predicates.lookup(words[0])
    assert spec is not None
    return range(1, len(words) - 1 if spec.has_value else len(words))


def instantiate(rule: Rule, binding: dict[str, str]) -> tuple[frozenset, frozenset]:
    """Canonical premises and conclusions of a rule under a binding (as the checker reads it)."""

    def facts(atoms) -> frozenset:
        out = set()
        for atom in atoms:
            args = tuple(binding.get(a, a) for a in atom.args)
            out.add(predicates.canonical(atom.predicate, args))
        return frozenset(out)

    return facts(rule.premises), facts(rule.conclusions)


# ---------------------------------------------------------------- mutants


class Mutants:
    """All single mutations of one proof document, each with a label saying what changed."""

    def __init__(self, doc: Doc, rules: dict[str, Rule]) -> None:
        self.doc = doc
        self.rules = rules
        problem = parse_problem(doc["problem"])
        self.points = list(problem.points) + [a.split("=")[0].split()[0] for a in doc["aux"]]
        self.steps = doc["steps"]
        self.ids = [s["id"] for s in self.steps]
        self.goal = canonical(self.steps[-1]["fact"])

    def variant(self, k: int, **changes) -> Doc:
        out = copy.deepcopy(self.doc)
        out["steps"][k].update(changes)
        return out

    def __iter__(self) -> Iterator[tuple[int | None, str, Doc]]:
        """(index of the mutated step or None, what changed, the mutant)."""
        for k, step in enumerate(self.steps):
            where = f"step {step['id']} ({step['by']}: {step['fact']})"
            for label, doc in self.step_mutants(k, step):
                yield k, f"{where}: {label}", doc
        dropped = copy.deepcopy(self.doc)
        dropped["steps"].pop()
        yield None, "last step dropped", dropped

    def step_mutants(self, k: int, step: dict) -> Iterator[tuple[str, Doc]]:
        yield from self.fact_mutants(k, step)
        yield from self.premise_mutants(k, step)
        yield from self.justification_mutants(k, step)
        if step.get("binding") is not None:
            yield from self.binding_mutants(k, step)
        if step.get("certificate") is not None:
            yield from self.certificate_mutants(k, step)
        yield from self.order_mutants(k, step)

    # -- the fact

    def fact_mutants(self, k: int, step: dict) -> Iterator[tuple[str, Doc]]:
        words = step["fact"].split()
        original = canonical(step["fact"])
        for i in point_slots(words):
            outside = [p for p in self.rotate(words[i]) if p not in words]
            inside = [p for p in words[1:] if p != words[i]]
            for new in (outside[:1] + inside[:1]):
                mutated = words[:i] + [new] + words[i + 1:]
                text = " ".join(mutated)
                if canonical(text) == original:
                    continue  # an equal fact, written differently
                yield f"fact point {words[i]}->{new}: {text}", self.variant(k, fact=text)
        for group in SAME_SHAPE:
            if words[0] in group:
                for other in group:
                    if other != words[0]:
                        text = " ".join([other, *words[1:]])
                        yield f"predicate -> {text}", self.variant(k, fact=text)
        if words[0] == "aconst":  # angles are modulo pi
            value = parse_angle_value(words[-1])
            assert value is not None
            for new in {(value * 2) % 1, (value + Fraction(1, 2)) % 1} - {value}:
                text = " ".join([*words[:-1], format_angle_value(new)])
                yield f"value -> {text}", self.variant(k, fact=text)
        if words[0] == "rconst":
            value = parse_ratio_value(words[-1])
            assert value is not None
            for new in (value * 2, value + 1):
                text = " ".join([*words[:-1], format_ratio_value(new)])
                yield f"value -> {text}", self.variant(k, fact=text)

    def rotate(self, point: str) -> list[str]:
        i = self.points.index(point) if point in self.points else -1
        return self.points[i + 1:] + self.points[:i + 1]

    # -- premises

    def premise_mutants(self, k: int, step: dict) -> Iterator[tuple[str, Doc]]:
        premises = step["premises"]
        for j, pid in enumerate(premises):
            rest = premises[:j] + premises[j + 1:]
            yield f"premise {pid} dropped", self.variant(k, premises=rest)
            later = self.ids[k + 1] if k + 1 < len(self.ids) else step["id"]
            yield (f"premise {pid} -> later step {later}",
                   self.variant(k, premises=premises[:j] + [later] + premises[j + 1:]))
        if step["by"] in self.rules or step["by"] == "construction":
            unrelated = [i for i in self.ids[:k] if i not in premises]
            if unrelated:
                yield (f"unrelated premise {unrelated[0]} added",
                       self.variant(k, premises=premises + [unrelated[0]]))

    # -- the justification

    def fact_of(self, step_id: int) -> str:
        return next(s["fact"] for s in self.doc["steps"] if s["id"] == step_id)

    def justification_mutants(self, k: int, step: dict) -> Iterator[tuple[str, Doc]]:
        by = step["by"]
        others = [b for b in NOT_RULES if b != by]
        if by == "ar:ratio" and step["fact"].split()[0] == "cong" and all(
                self.fact_of(int(p)).split()[0] == "cong" for p in step.get("certificate", {})):
            # equal lengths chained by equal lengths hold additively too: the same step
            # is valid as length chasing, so that relabelling is no mutation
            others.remove("ar:length")
        if by in self.rules:
            keys = set(step.get("binding") or {})
            # every rule over the same variables gets past the binding check: the
            # checker must tell them apart by premises and conclusions
            same_vars = [r for r in self.rules if r != by
                         and set(self.rules[r].variables) == keys]
            different = [r for r in self.rules if r != by and r not in same_vars][:3]
            others += same_vars + different
        else:
            others += ["r03", "d02"]
        for new in others:
            yield f"by {by} -> {new}", self.variant(k, by=new)

    def binding_mutants(self, k: int, step: dict) -> Iterator[tuple[str, Doc]]:
        binding = step["binding"]
        rule = self.rules[step["by"]]
        original = instantiate(rule, binding)
        for var, value in binding.items():
            for new in self.rotate(value)[:-1]:
                changed = {**binding, var: new}
                if instantiate(rule, changed) == original:
                    continue  # the same instance under another name
                yield f"binding {var}: {value}->{new}", self.variant(k, binding=changed)
                break
            smaller = {v: p for v, p in binding.items() if v != var}
            yield f"binding {var} removed", self.variant(k, binding=smaller)
        yield "binding removed", self.variant(k, binding=None)

    def certificate_mutants(self, k: int, step: dict) -> Iterator[tuple[str, Doc]]:
        cert = step["certificate"]
        for key, value in cert.items():
            c = Fraction(value)
            for label, new in (("x2", c * 2), ("+1", c + 1)):
                yield (f"certificate {key}: {value} {label}",
                       self.variant(k, certificate={**cert, key: str(new)}))
            rest = {p: v for p, v in cert.items() if p != key}
            yield f"certificate {key} removed", self.variant(k, certificate=rest)
        outside = [i for i in self.ids[:k] if i not in step["premises"]]
        if outside:
            yield (f"certificate names step {outside[0]}",
                   self.variant(k, certificate={**cert, str(outside[0]): "1"}))
        yield "certificate removed", self.variant(k, certificate=None)

    # -- order and ids

    def order_mutants(self, k: int, step: dict) -> Iterator[tuple[str, Doc]]:
        if k + 1 < len(self.steps) and canonical(step["fact"]) != self.goal:
            out = copy.deepcopy(self.doc)
            out["steps"].append({**copy.deepcopy(step), "id": max(self.ids) + 1})
            yield "copied after the goal (last step not the goal)", out
        twin = self.ids[k - 1] if k > 0 else self.ids[1]
        yield f"id {step['id']} -> {twin} (duplicate)", self.variant(k, id=twin)


# ---------------------------------------------------------------- tests


def test_proofs_cover_step_kinds(proofs):
    kinds = {s["by"] for doc in proofs.values() for s in doc["steps"]}
    assert {"incidence", "ar:angle", "ar:ratio", "construction"} <= kinds
    steps = [s for doc in proofs.values() for s in doc["steps"]]
    assert any(s["by"] == "ar:angle" and s.get("certificate") for s in steps)
    assert any(s.get("binding") for s in steps)
    assert all(10 <= len(proofs[name]["steps"]) <= 30 for name in PROBLEMS)
    assert any(s["fact"].startswith("aconst") for s in steps)
    assert any(s["fact"].startswith("rconst") for s in steps)


@pytest.mark.parametrize("name", CASES, ids=CASE_IDS)
def test_original_proof_is_accepted(proofs, name):
    doc = proofs[name]
    for form in (doc, json.dumps(doc)):
        verdict = check_proof(form)
        assert verdict.valid, verdict.errors


@pytest.mark.parametrize("name", CASES, ids=CASE_IDS)
def test_every_mutant_is_rejected(proofs, name, record_property):
    doc = proofs[name]
    survivors, generated, per_step = [], 0, [0] * len(doc["steps"])
    for k, label, mutant in Mutants(doc, rules_by_id()):
        generated += 1
        if k is not None:
            per_step[k] += 1
        verdict = check_proof(mutant)
        if verdict.valid:
            survivors.append(label)
    record_property("mutants", generated)
    print(f"{name}: {generated} mutants, {generated - len(survivors)} rejected")
    assert min(per_step) >= 5, per_step  # every step got mutated, in several ways
    assert not survivors, "accepted mutants:\n" + "\n".join(survivors)


# ---------------------------------------------------------------- malformed documents


def _broken(doc: Doc) -> Iterator[tuple[str, object]]:
    def edit(path: tuple, value=None, drop: bool = False):
        out = copy.deepcopy(doc)
        node = out
        for key in path[:-1]:
            node = node[key]
        if drop:
            del node[path[-1]]
        else:
            node[path[-1]] = value
        return out

    last = len(doc["steps"]) - 1
    ruled = next(i for i, s in enumerate(doc["steps"]) if s.get("binding"))
    algebra = next(i for i, s in enumerate(doc["steps"]) if s.get("certificate"))
    cert_key = next(iter(doc["steps"][algebra]["certificate"]))
    var = next(iter(doc["steps"][ruled]["binding"]))
    yield "not json", "this is not json"
    yield "truncated json", json.dumps(doc)[:-7]
    yield "a list", "[]"
    yield "a number", "3"
    yield "null", "null"
    yield "empty object", {}
    for key in ("problem", "goal", "steps"):
        yield f"no {key}", edit((key,), drop=True)
    for key in ("id", "fact", "by"):
        yield f"step without {key}", edit(("steps", 0, key), drop=True)
    yield "steps a string", edit(("steps",), "abc")
    yield "steps a number", edit(("steps",), 5)
    yield "steps null", edit(("steps",), None)
    yield "no steps", edit(("steps",), [])
    yield "a step a list", edit(("steps", 0), [1, 2])
    yield "premises a number", edit(("steps", last, "premises"), 3)
    yield "premise not a number", edit(("steps", last, "premises"), ["x"])
    yield "certificate a list", edit(("steps", algebra, "certificate"), [1])
    yield "certificate a string", edit(("steps", algebra, "certificate"), "1")
    yield "certificate key not a step", edit(("steps", algebra, "certificate"), {"x": "1"})
    yield "coefficient null", edit(("steps", algebra, "certificate", cert_key), None)
    yield "coefficient a list", edit(("steps", algebra, "certificate", cert_key), [1])
    yield "coefficient 1/0", edit(("steps", algebra, "certificate", cert_key), "1/0")
    yield "coefficient inf", edit(("steps", algebra, "certificate", cert_key), "inf")
    yield "binding a list", edit(("steps", ruled, "binding"), ["a"])
    yield "binding a string", edit(("steps", ruled, "binding"), "a")
    yield "binding value a number", edit(("steps", ruled, "binding", var), 3)
    yield "binding value null", edit(("steps", ruled, "binding", var), None)
    for i, step in enumerate(doc["steps"]):
        for v in step.get("binding") or {}:
            yield (f"step {i} binding {v} an unknown point",
                   edit(("steps", i, "binding", v), "zz"))
    yield "empty fact", edit(("steps", 0, "fact"), "")
    yield "fact a number", edit(("steps", 0, "fact"), 5)
    yield "unknown predicate", edit(("steps", 0, "fact"), "foo a b")
    yield "wrong arity", edit(("steps", 0, "fact"), "cong a b")
    yield "unknown points", edit(("steps", 0, "fact"), "cong a b zz yy")
    yield "bad angle value", edit(("steps", 0, "fact"), "aconst a b a c x")
    yield "ratio value 1/0", edit(("steps", 0, "fact"), "rconst a b a c 1/0")
    yield "justification a number", edit(("steps", 0, "by"), 5)
    yield "unknown justification", edit(("steps", last, "by"), "r99")
    yield "problem does not parse", edit(("problem",), "a b = foo a b")
    yield "problem a number", edit(("problem",), 5)
    yield "goal of another problem", edit(("goal",), "perp a b a c")
    yield "goal field differs", edit(("goal",), doc["steps"][0]["fact"])
    yield "aux a string", edit(("aux",), "x = on_line x a b")
    yield "aux empty clause", edit(("aux",), [""])
    yield "aux does not parse", edit(("aux",), ["zz = foo zz"])
    yield "aux a number", edit(("aux",), [5])


def test_malformed_documents_are_invalid(proofs):
    doc = proofs[PROBLEMS[1]]
    crashed, accepted = [], []
    for label, broken in _broken(doc):
        for form in (broken, broken if isinstance(broken, str) else json.dumps(broken)):
            try:
                verdict = check_proof(form)  # type: ignore[arg-type]
            except Exception as exc:  # noqa: BLE001 - the point is that none escapes
                crashed.append(f"{label}: {type(exc).__name__}: {exc}")
                break
            if verdict.valid or not verdict.errors:
                accepted.append(label)
                break
    assert not crashed, "\n".join(crashed)
    assert not accepted, accepted


# ---------------------------------------------------------------- forged angle certificates
#
# Rational coefficients fix an angle conclusion only modulo pi times their gcd (with 1).
# Each forgery below proves a fact that is false by a tiny multiple of pi, below the
# numeric tolerance, with a certificate whose coefficients sum exactly modulo that
# multiple: only a bound on the modulus rejects it.

EPS = Fraction(1, 1_800_000_000)  # 0.0000001 degrees as a fraction of pi


def _forgery(problem: str, goal: str, facts: list[str], coefficients: list[Fraction]) -> Doc:
    steps = [{"id": i, "fact": f, "by": "construction", "premises": []}
             for i, f in enumerate(facts)]
    steps.append({"id": len(facts), "fact": goal, "by": "ar:angle",
                  "premises": list(range(len(facts))),
                  "certificate": {str(i): str(c) for i, c in enumerate(coefficients)}})
    return {"problem": f"{problem} ? {goal}", "goal": goal, "aux": [], "steps": steps}


def _forgeries() -> dict[str, Doc]:
    tiny = Fraction(1, 10**9)
    p, q = 99991, 99989  # primes: the lcm of the denominators, not each, sets the modulus
    right = "a b c = r_triangle a b c"
    near_right = f"{right}; d = s_angle b c d 90.0000001"
    near_para = "a b = segment a b; c = s_angle a b c 60; d = s_angle b c d 120.0000001"
    return {
        "aconst": _forgery(right, "aconst a b a c 500000001pi/1000000000",
                           ["perp a b a c"] * 2, [1 + tiny, -tiny]),
        "aconst, coprime denominators": _forgery(
            right, f"aconst a b a c {format_angle_value(Fraction(1, 2) + Fraction(1, p * q))}",
            ["perp a b a c"] * 3,
            [Fraction(1, p), Fraction(1, q), 1 - Fraction(1, p) - Fraction(1, q)]),
        "eqangle": _forgery(near_right, "eqangle a b a c c b c d",
                            ["perp a b a c", "aconst b c c d 900000001pi/1800000000",
                             "aconst b c c d 900000001pi/1800000000"],
                            [Fraction(1), -1 - EPS, EPS]),
        "para": _forgery(near_para, "para a b c d",
                         ["aconst a b b c 1pi/3", "aconst b c c d 1200000001pi/1800000000",
                          "aconst b c c d 1200000001pi/1800000000"],
                         [Fraction(-1), -1 - EPS, EPS]),
    }


@pytest.mark.parametrize("label", list(_forgeries()))
def test_forged_fine_angle_certificate_is_rejected(label):
    doc = _forgeries()[label]
    step = doc["steps"][-1]
    verdict = check_proof(doc)
    assert not verdict.valid
    assert any(e.startswith(f"step {step['id']}: ") and "modulo pi/" in e
               for e in verdict.errors), verdict.errors


def test_forgeries_differ_from_a_valid_proof_only_in_the_modulus():
    """The same documents with a coarse certificate and the true value are accepted, so
    the rejections above come from the modulus bound, not from a malformed document."""
    right = "a b c = r_triangle a b c"
    doc = _forgery(right, "aconst a b a c 1pi/2", ["perp a b a c"] * 2,
                   [Fraction(1, 2), Fraction(1, 2)])
    assert check_proof(doc).valid, check_proof(doc).errors
    doc = _forgery("a b = segment a b; c = s_angle a b c 60; d = s_angle b c d 120",
                   "para a b c d", ["aconst a b b c 1pi/3", "aconst b c c d 2pi/3"],
                   [Fraction(-1), Fraction(-1)])
    assert check_proof(doc).valid, check_proof(doc).errors


def test_auxiliary_clause_redefining_a_point_is_rejected():
    result = prove(parse_problem("a b c = triangle a b c; d = midpoint d b c "
                                 "? cong d b d c"), timeout=30)
    assert result.proof is not None
    doc = result.proof.to_json()
    assert check_proof(doc).valid
    for clause in ("c = midpoint c a b", "d = midpoint d a b", "d e = midpoint d a b"):
        forged = {**doc, "aux": [clause]}
        verdict = check_proof(forged)
        assert not verdict.valid, clause
        assert any("redefines point" in e for e in verdict.errors), verdict.errors
    # a clause of the problem itself, marked auxiliary, is a label, not a redefinition
    assert check_proof({**doc, "aux": ["d = midpoint d b c"]}).valid


def test_proof_in_a_rare_configuration_is_reproduced():
    """IMO 2008 P1 with the circumcentre: the prover's diagram puts three points on
    particular sides of their line-circle intersections (one diagram in eight does);
    the checker draws diagrams until one reproduces that configuration."""
    from helpers import IMO

    problem = load_problems(IMO, ["translated_imo_2008_p1b"])[0]
    body = problem.to_text(with_goal=False)
    full = parse_problem(f"{body}; g = circumcenter g a b c ? {problem.goal.to_text()}")
    result = prove(full, timeout=60)
    assert result.proof is not None
    verdict = check_proof(result.proof)
    assert verdict.valid, verdict.errors
