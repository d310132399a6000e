"""Record verification: a record is written only if its checker verdict is valid and its
problem, aux, goal and full_problem columns are exactly what its proof proves."""

from __future__ import annotations

import dataclasses
import json

import pytest
from helpers import theorem_record

from generator.records import TheoremRecord
from generator.verify import full_problem_text, verify_record

# premises a..e, the auxiliary point f after them; the aux clause comes last
FULL = ("a b c = triangle a b c; d = midpoint d a b; e = midpoint e b c; "
        "f = midpoint f a c ? para d e a c")
AUX = ("f = midpoint f a c",)
SEED = 5


@pytest.fixture(scope="module")
def record() -> TheoremRecord:
    return theorem_record(FULL, AUX)


def fresh(record: TheoremRecord, **changes: object) -> TheoremRecord:
    return dataclasses.replace(record, verified=False, **changes)


def corrupt_proof(record: TheoremRecord, **fields: object) -> str:
    proof = json.loads(record.proof)
    proof.update(fields)
    return json.dumps(proof)


def test_a_consistent_record_is_verified(record):
    r = fresh(record)
    assert verify_record(r, SEED) is None
    assert r.verified is True


def test_the_record_default_is_unverified():
    r = TheoremRecord(id="x", problem="", aux=[], full_problem="", goal="", proof="",
                      proof_text="", n_points=0, n_premises=0, n_steps=0, n_aux=0, rules=[],
                      seed=0)
    assert r.verified is False  # only the checker's verdict makes it true


def test_a_corrupted_proof_step_is_rejected_by_the_checker(record):
    proof = json.loads(record.proof)
    step = next(s for s in reversed(proof["steps"]) if s["by"] != "construction")
    step["premises"] = []
    r = fresh(record, proof=json.dumps(proof))
    rejection = verify_record(r, SEED)
    assert rejection is not None and rejection.reason == "checker"
    assert rejection.message  # the checker's first error
    assert r.verified is False


@pytest.mark.parametrize("column, value, reason", [
    ("problem", "a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c "
                "? para d e a c", "mismatch:problem"),
    ("aux", [], "mismatch:aux"),
    ("aux", ["f = midpoint f a b"], "mismatch:aux"),
    ("goal", "para d e c a", "mismatch:goal"),
    ("full_problem", "a b c = triangle a b c; d = midpoint d a b; e = midpoint e b c "
                     "? para d e a c", "mismatch:full_problem"),  # aux clause dropped
    ("full_problem", "a b c = triangle a b c; d = midpoint d a b; e = midpoint e b c; "
                     "f = midpoint f a b ? para d e a c", "mismatch:full_problem"),
    ("full_problem", "a b c = triangle a b c; d = midpoint d a b; e = midpoint e b c; "
                     "f = midpoint f a c ? para d e b c", "mismatch:full_problem"),
])
def test_columns_that_disagree_with_the_proof_are_rejected(record, column, value, reason):
    r = fresh(record, **{column: value})
    rejection = verify_record(r, SEED)
    assert rejection is not None and rejection.reason == reason, rejection
    assert r.verified is False


@pytest.mark.parametrize("field, value, reason", [
    ("problem", "a b c = triangle a b c; d = midpoint d a b; e = midpoint e b c; "
                "f = midpoint f a c ? para d e a c", "mismatch:problem"),  # full, not base
    ("aux", [], "mismatch:aux"),
    ("goal", "para d e b c", "mismatch:goal"),
])
def test_a_proof_that_disagrees_with_the_columns_is_rejected(record, field, value, reason):
    r = fresh(record, proof=corrupt_proof(record, **{field: value}))
    rejection = verify_record(r, SEED)
    assert rejection is not None and rejection.reason == reason, rejection


def test_a_problem_whose_goal_is_not_the_goal_column_is_rejected(record):
    other = "para d e b c"
    problem = record.problem.replace("para d e a c", other)
    r = fresh(record, problem=problem, proof=corrupt_proof(record, problem=problem))
    rejection = verify_record(r, SEED)
    assert rejection is not None and rejection.reason == "mismatch:goal", rejection


def test_an_unparsable_problem_is_rejected(record):
    problem = "a b c = triangle a b; ? para d e a c"
    r = fresh(record, problem=problem, proof=corrupt_proof(record, problem=problem),
              full_problem=full_problem_text(problem, record.aux))
    rejection = verify_record(r, SEED)
    assert rejection is not None and rejection.reason == "unparsable", rejection
