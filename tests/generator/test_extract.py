"""Extraction renames a pruned proof's points everywhere they occur, certificates included.

A length step's certificate may cite `between x y z` terms by point name. When pruning
drops a clause, the kept points are renamed (a, b, c, ... in order), so those terms must
be renamed with the facts, or the checker finds them naming points the step's coll
premises do not put on one line (generate --seed 3, sample 4: 4 candidates rejected).
"""

from __future__ import annotations

from generator.extract import ExtractionConfig, extract
from symbolic.diagram import realize
from symbolic.parser import parse_problem
from symbolic.proof import Proof

# c is no goal's premise: it is pruned, and d, e, f are renamed c, d, e
SAMPLE = ("a b = segment a b; c = free c; d = midpoint d a b; e = midpoint e a d; "
          "f = midpoint f d b")


def _between_terms(proof: Proof) -> list[list[str]]:
    return [key.split()[1:] for step in proof.steps for key in step.certificate or {}
            if key.startswith("between ")]


def test_between_terms_are_renamed_with_the_points():
    problem = parse_problem(SAMPLE)
    rejected: list = []
    records = extract(problem, realize(problem, seed=1), 1, 0,
                      ExtractionConfig(saturation_timeout=30), rejected)
    assert rejected == []
    with_between = [r for r in records if _between_terms(Proof.loads(r.proof))]
    assert with_between, "the sample should give a length step citing betweenness"
    for record in with_between:
        points = set(parse_problem(record.full_problem).points)
        for triple in _between_terms(Proof.loads(record.proof)):
            assert set(triple) <= points, (record.problem, triple)
        assert record.verified
