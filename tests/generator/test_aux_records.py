"""Needed-auxiliary records: the staged extraction, canonical goals, splits, leaks and
benchmark decontamination (generator.staged, goals, splits, leaks, decontaminate)."""

from __future__ import annotations

import random

import pytest
from helpers import IMO, JGEX

from generator.decontaminate import fact_fingerprint, is_contaminated
from generator.extract import ExtractionConfig, extract
from generator.goals import canonical_goal
from generator.leaks import naming_leaks
from generator.splits import SHARES, split_of, split_of_key
from generator.staged import saturate_staged
from symbolic.diagram import realize
from symbolic.engine_types import Budget
from symbolic.parser import load_problems, parse_problem
from symbolic.problem import Atom, Problem
from symbolic.proof import Proof
from symbolic.state import ProofState

# A sample of `generate --preset aux --seed 31` (sample 125): a hidden fact of the square
# on the tangent configuration needs a square on ab.
SAMPLE = ("a b = segment a b; c = on_circle c b a, lc_tangent c b a; d = eqdistance d c b a; "
          "e = midpoint e b a; f g = square e c f g; h = intersection_pp h f b e a g c; "
          "i = psquare i b a; j = intersection_lp j h e i b g; k = incenter k d b g; "
          "l = midpoint l h j; m = intersection_tt m g j a k f c")
NEEDED = ExtractionConfig(aux="only", needed_aux_only=True, saturation_timeout=60)


@pytest.fixture(scope="module")
def sample_records():
    problem = parse_problem(SAMPLE)
    rejected: list = []
    records = extract(problem, realize(problem, seed=5), 5, 0, NEEDED, rejected)
    assert rejected == []
    return records


def test_staged_replay_proves_what_each_prefix_proves():
    problem = parse_problem(SAMPLE)
    diagram = realize(problem, seed=5)
    staged = saturate_staged(problem, diagram, Budget(timeout=60))
    assert not staged.timed_out and staged.ends == sorted(staged.ends)
    for k in (2, 5):
        prefix = Problem("prefix", problem.clauses[:k + 1])
        sub = diagram.__class__(prefix, {p: diagram.points[p] for p in prefix.points},
                                diagram.scale, diagram.seed)
        scratch = ProofState.start(prefix, diagram=sub, staged=False)
        born = {f.text for b, f in staged.facts() if b <= k}
        # the replay at stage k proves at least what the prefix proves from scratch
        assert {f.text for f in scratch.facts()} <= born


def test_needed_aux_records_from_the_staged_extraction(sample_records):
    assert sample_records
    for record in sample_records:
        assert record.verified and record.aux and record.aux_needed and record.aux_fixpoint
        assert naming_leaks(record) == []
        # every auxiliary clause is used: its points appear in the proof's steps, or a
        # later auxiliary clause is built on them
        proof = Proof.loads(record.proof)
        words = {w for s in proof.steps for w in s.fact.split()[1:]}
        words |= {p for s in proof.steps for p in (s.binding or {}).values()}
        for k, clause in enumerate(record.aux):
            new = set(clause.split("=")[0].split())
            later = {w for c in record.aux[k + 1:] for w in c.split("=")[1].split()}
            assert new & (words | later), (clause, record.proof_text)


def test_staged_extraction_is_deterministic(sample_records):
    problem = parse_problem(SAMPLE)
    again = extract(problem, realize(problem, seed=5), 5, 0, NEEDED, [])
    assert [r.to_row() for r in again] == [r.to_row() for r in sample_records]


@pytest.mark.parametrize(("goal", "simpler"), [
    ("eqratio c d c e c e c d", "cong c d c e"),
    ("eqratio a b a b c d e f", "cong c d e f"),
    ("eqratio a b c d e f c d", "cong a b e f"),
    ("eqratio a b c d a b e f", "cong c d e f"),
    ("eqangle a b c d a b e f", "para c d e f"),
    ("eqangle a b c d e f c d", "para a b e f"),
    ("eqangle a b a b c d e f", "para c d e f"),
    ("eqratio a b c d c d e f", "eqratio a b c d c d e f"),  # ab * ef = cd^2: no collapse
    ("eqangle a b c d e f g h", "eqangle a b c d e f g h"),
    ("cong a b c d", "cong a b c d"),
])
def test_canonical_goal(goal, simpler):
    words = goal.split()
    assert canonical_goal(Atom(words[0], tuple(words[1:]))).to_text() == simpler


def test_degenerate_goals_are_written_simply(sample_records):
    for record in sample_records:
        words = record.goal.split()
        assert canonical_goal(Atom(words[0], tuple(words[1:]))).to_text() == record.goal


def _renamed(problem: Problem, rng: random.Random) -> Problem:
    names = list(problem.points)
    fresh = [f"q{k}" for k in range(len(names))]
    rng.shuffle(fresh)
    mapping = dict(zip(names, fresh, strict=True))
    text = problem.to_text()
    words = [mapping.get(w, w) for w in text.replace(";", " ; ").replace(",", " , ").split()]
    return parse_problem(" ".join(words).replace(" ; ", "; ").replace(" , ", ", "))


def test_benchmark_problems_are_caught_under_renaming():
    files = (str(IMO), str(JGEX))
    rng = random.Random(0)
    problems = load_problems(IMO) + load_problems(JGEX)
    for problem in problems[::7]:
        assert is_contaminated(_renamed(problem, rng), files), problem.name


def test_decontamination_compares_facts_not_construction_names():
    foot = parse_problem("a b c = triangle a b c; d = foot d a b c ? perp a d b c")
    loci = parse_problem("x y z = triangle x y z; w = on_tline w x y z, on_line w y z "
                         "? perp x w y z")
    other = parse_problem("a b c = triangle a b c; d = midpoint d b c ? perp a d b c")
    assert fact_fingerprint(foot) == fact_fingerprint(loci)
    assert fact_fingerprint(foot) != fact_fingerprint(other)
    assert not is_contaminated(other, (str(IMO), str(JGEX)))


def test_splits_follow_the_premise_set():
    a = "a b c = triangle a b c; d = midpoint d a b ? cong a d b d"
    renamed = "a b c = triangle a b c; d = midpoint d b a ? para a b a d"
    assert split_of(a) == split_of(renamed)  # same premises up to symmetry, other goal
    counts = {s: 0 for s in ("train", "validation", "test")}
    for k in range(4000):
        counts[split_of_key(f"key{k}")] += 1
    for (split, n), share in zip(counts.items(), SHARES, strict=True):
        assert abs(n / 4000 - share) < 0.02, (split, n)
