"""The search over auxiliary clauses: stop reasons, budgets, determinism, checked proofs."""

from __future__ import annotations

import pytest
from helpers import JGEX

from neural.search import SearchConfig, SearchStop, solve
from symbolic.checker import check_proof
from symbolic.parser import load_problems, parse_problem

# JGEX problems DD+AR alone does not prove, each solved with one auxiliary point.
NEEDS_AUX = "examples/complete2/unsolved2/complete_010_Other_Auxiliary_ye_aux_y1.gex"
NEEDS_CIRCUMCENTRE = "examples/complete2/unsolved1/complete_010_Other_gao_Y_yL157-1.gex"


def jgex(name: str):
    return load_problems(JGEX, [name])[0]


def test_ddar_alone_is_one_call():
    problem = parse_problem("a b c = triangle a b c; h = orthocenter h a b c ? perp a h b c")
    result = solve(problem, SearchConfig(max_calls=10))
    assert result.stop is SearchStop.PROVED
    assert result.calls == 1 and result.proved_at_call == 1
    assert result.aux == []
    assert check_proof(result.proof).valid


@pytest.mark.parametrize("name", [NEEDS_AUX, NEEDS_CIRCUMCENTRE])
def test_auxiliary_point_found_and_checked(name):
    result = solve(jgex(name), SearchConfig(max_calls=200, timeout=120))
    assert result.stop is SearchStop.PROVED, result.stop_line()
    assert result.proof is not None and result.proof.aux
    assert result.proved_at_call is not None and 1 < result.proved_at_call <= result.calls
    verdict = check_proof(result.proof)
    assert verdict.valid, verdict.errors
    assert "Auxiliary constructions:" in result.proof_text()


def test_call_budget_stops_the_search():
    result = solve(jgex(NEEDS_AUX), SearchConfig(max_calls=3, timeout=60))
    assert result.stop is SearchStop.CALL_LIMIT
    assert result.calls == 3 and result.proof is None


@pytest.mark.parametrize("strategy", ["beam", "best-first"])
def test_exhausted_when_every_candidate_was_tried(strategy):
    result = solve(jgex(NEEDS_AUX), SearchConfig(strategy=strategy, max_calls=1000, depth=1,
                                                 beam=1, proposals=1, root_proposals=2))
    assert result.stop is SearchStop.EXHAUSTED
    assert result.calls <= 3


def test_time_limit_is_typed():
    result = solve(jgex(NEEDS_AUX), SearchConfig(max_calls=10_000, timeout=1e-6))
    assert result.stop is SearchStop.TIME_LIMIT


@pytest.mark.parametrize("strategy", ["beam", "best-first"])
def test_deterministic_for_a_seed_and_call_budget_with_any_worker_count(strategy):
    problem = jgex(NEEDS_AUX)
    runs = [solve(problem, SearchConfig(strategy=strategy, max_calls=200, timeout=120,
                                        workers=w))
            for w in (1, 1, 2)]
    outcomes = {(r.status, r.proved_at_call, tuple(r.aux)) for r in runs}
    assert len(outcomes) == 1, outcomes


def test_config_rejects_nonsense():
    with pytest.raises(ValueError):
        SearchConfig(beam=0)
    with pytest.raises(ValueError):
        SearchConfig(timeout=0)
    with pytest.raises(ValueError):
        SearchConfig(strategy="depth-first")


def test_best_first_finds_the_point_and_is_deterministic():
    problem = jgex(NEEDS_AUX)
    runs = [solve(problem, SearchConfig(strategy="best-first", depth=3, max_calls=200,
                                        timeout=120, workers=w)) for w in (1, 2)]
    assert all(r.stop is SearchStop.PROVED for r in runs), [r.stop_line() for r in runs]
    assert len({(r.proved_at_call, tuple(r.aux)) for r in runs}) == 1
    assert check_proof(runs[0].proof).valid
