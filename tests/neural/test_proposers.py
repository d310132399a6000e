"""Proposers: valid, new, ranked and deterministic clauses; known auxiliary points found early."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

import pytest
from helpers import IMO, JGEX

from neural.heuristics import ALL_KINDS
from neural.placement import Frame, draw, parse_calls
from neural.proposers import Proposal, fresh_point_names, make_proposer
from symbolic import predicates
from symbolic.diagram import Diagram, construction_facts, construction_preconditions, realize
from symbolic.errors import PappusError
from symbolic.parser import load_problems, parse_problem
from symbolic.problem import Problem
from symbolic.prover import prove


@dataclass
class Node:
    """The slice of a search node a proposer reads."""

    problem: Problem
    diagram: Diagram
    aux: tuple[str, ...] = ()


def node_of(problem: Problem, seed: int = 0) -> Node:
    return Node(problem, realize(problem, seed))


@pytest.fixture(scope="module")
def imo_nodes() -> list[Node]:
    return [node_of(p) for p in load_problems(IMO)]


def with_clause(problem: Problem, clause: str) -> Problem:
    goal = f" ? {problem.goal.to_text()}" if problem.goal is not None else ""
    return parse_problem(f"{problem.to_text(with_goal=False)}; {clause}{goal}", name=problem.name)


def check_valid(node: Node, proposals: list[Proposal], determined: bool = True) -> None:
    """Each clause parses after the node's problem, and draws in the node's diagram (a
    point on one locus, which only random proposals have, is sampled)."""
    coords = {p: node.diagram.points[p] for p in node.problem.points}
    frame = Frame(coords)
    placed: list[complex] = []
    for prop in proposals:
        full = with_clause(node.problem, prop.clause)
        clause = full.clauses[-1]
        assert len(clause.points) == 1, prop
        x = clause.point_names[0]
        assert x not in node.problem.points
        for call in clause.constructions:
            for atom in construction_preconditions(call):
                assert predicates.check(atom.predicate, coords, atom.args, frame.radius), \
                    (prop, atom)
        for seed in range(1 if determined else 10):  # a random shape may need a redraw
            p = draw(list(clause.constructions), x, frame, random.Random(seed),
                     determined=determined)
            if p is not None:
                break
        assert p is not None, prop
        after = {**coords, x: p}
        for call in clause.constructions:
            for atom in construction_facts(call):
                assert predicates.check(atom.predicate, after, atom.args, frame.radius), \
                    (prop, atom)
        assert min(abs(p - q) for q in coords.values()) >= frame.min_sep, prop
        if determined:  # a point may come again by another construction, once
            again = sum(abs(p - q) < frame.min_sep for q in placed)
            assert again <= 1, f"{prop} repeats a point"
        placed.append(p)
    assert len({q.clause for q in proposals}) == len(proposals)
    scores = [q.score for q in proposals]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.slow
@pytest.mark.parametrize("name,limit", [("heuristic", 40), ("random", 15)])
def test_proposals_are_valid_for_every_imo_problem(imo_nodes, name, limit):
    proposer = make_proposer(name)
    for node in imo_nodes:
        proposals = proposer.propose(node, limit)
        assert len(proposals) == limit, node.problem.name
        check_valid(node, proposals, determined=name == "heuristic")


def test_the_prover_draws_the_best_proposals_from_scratch(imo_nodes):
    """The clause means the same to the prover's own drawing: realising the problem with it
    succeeds, for the top proposals of a few problems."""
    proposer = make_proposer("heuristic")
    for node in imo_nodes[::6]:
        for prop in proposer.propose(node, 3):
            realize(with_clause(node.problem, prop.clause), seed=1)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_gives_valid_proposals(imo_nodes, kind):
    proposer = make_proposer("heuristic", kinds=[kind])
    found = 0
    for node in imo_nodes[:20]:
        proposals = proposer.propose(node, 5)
        assert {q.kind for q in proposals} <= {kind}
        check_valid(node, proposals)
        found += len(proposals)
    assert found


def test_proposers_are_deterministic_and_seeded():
    problem = load_problems(IMO, ["translated_imo_2004_p1"])[0]
    for name in ("heuristic", "random"):
        first = make_proposer(name).propose(node_of(problem), 30, seed=3)
        again = make_proposer(name).propose(node_of(problem), 30, seed=3)
        assert first == again
    other = make_proposer("random").propose(node_of(problem), 30, seed=4)
    assert other != first


def test_random_proposals_cover_many_constructions():
    problem = load_problems(IMO, ["translated_imo_2012_p1"])[0]
    proposals = make_proposer("random").propose(node_of(problem), 100, seed=0)
    assert len({q.kind for q in proposals}) >= 20


def test_unknown_proposer_and_options_are_clear_errors():
    with pytest.raises(PappusError, match="did you mean 'heuristic'"):
        make_proposer("heurstic")
    with pytest.raises(PappusError, match="unknown heuristic kind 'nope'"):
        make_proposer("heuristic", kinds=["nope"])
    with pytest.raises(PappusError, match="unknown ranking weight"):
        make_proposer("heuristic", weights={"nope": 1.0})
    with pytest.raises(PappusError, match="random"):
        make_proposer("random", colour="red")


def test_kinds_option_restricts_the_catalogue():
    problem = load_problems(IMO, ["translated_imo_2004_p1"])[0]
    proposals = make_proposer("heuristic", kinds=["midpoint", "foot"]).propose(
        node_of(problem), 50)
    assert proposals and {q.kind for q in proposals} <= {"midpoint", "foot"}


def test_fresh_point_names_skip_used_ones():
    problem = parse_problem("a b c = triangle a b c; e = midpoint e a b; "
                            "f = midpoint f a c ? para e f b c")
    assert fresh_point_names(problem, 3) == ["d", "g", "h"]
    letters = [chr(ord("a") + k) for k in range(26)]
    full = parse_problem("; ".join(f"{p} = free {p}" for p in [*letters, "a1"]))
    assert fresh_point_names(full, 2) == ["b1", "c1"]
    for name in fresh_point_names(full, 30):  # the parser takes them as new points
        parse_problem(f"{full.to_text()}; {name} = midpoint {name} a b")


def test_proposing_is_fast():
    problem = load_problems(IMO, ["translated_imo_2019_p6"])[0]  # 13 points
    node = node_of(problem)
    proposer = make_proposer("heuristic")
    proposer.propose(node, 500)
    t0 = time.perf_counter()
    proposals = proposer.propose(node, 500)
    assert len(proposals) == 500
    assert time.perf_counter() - t0 < 5.0  # about 0.3 s on an idle core


# ---------------------------------------------------------------- known auxiliary points


def ranks_of(node: Node, proposals: list[Proposal], known: str) -> list[int]:
    """1-based ranks of the proposals whose point is the known clause's point."""
    frame = Frame({p: node.diagram.points[p] for p in node.problem.points})
    x, calls = parse_calls(known)
    target = draw(calls, x, frame)
    assert target is not None, known
    ranks = []
    for rank, prop in enumerate(proposals, start=1):
        y, its = parse_calls(prop.clause)
        p = draw(its, y, frame)
        if p is not None and abs(p - target) <= 1e-6 * frame.radius:
            ranks.append(rank)
    return ranks


# (file, problem, a clause that DD+AR needs, the rank the heuristic must reach)
KNOWN = [
    (IMO, "translated_imo_2008_p1b", "x = circumcenter x a b c", 3),
    (IMO, "translated_imo_2018_p1", "x = on_line x d f, on_circle x a d", 3),
    (IMO, "translated_imo_2015_p3", "x = foot x h a b", 10),
    (IMO, "translated_imo_2012_p5", "y9 = orthocenter y9 a b x", 3),
    (JGEX, "examples/complete2/unsolved/complete_014_7_Book_00EE_07_E057-41.gex",
     "x = reflect x e c d", 5),
    (JGEX, "examples/complete2/unsolved1/complete_010_Other_gao_Y_yL157-1.gex",
     "x = circumcenter x a b c", 5),
    (JGEX, "examples/complete2/unsolved1/complete_008_ex-gao_ex160_e102.gex",
     "x = incenter x a b c", 10),
]


@pytest.mark.parametrize("path,name,clause,best", KNOWN, ids=[k[1] for k in KNOWN])
def test_known_auxiliary_points_rank_high_and_prove(path, name, clause, best):
    """The point comes early; one of the clauses proposed for it lets DD+AR prove the goal
    (the same point built another way gives other premises, and may not)."""
    problem = load_problems(path, [name])[0]
    assert not prove(problem, timeout=30).proved  # the point is needed
    node = node_of(problem)
    proposals = make_proposer("heuristic").propose(node, 200)
    ranks = ranks_of(node, proposals, clause)
    assert ranks and ranks[0] <= best, ranks
    clauses = [proposals[r - 1].clause for r in ranks]
    assert any(prove(with_clause(problem, c), timeout=30).proved for c in clauses), clauses
