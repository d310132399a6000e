"""The model proposer and the ensemble: valid, scored, reproducible clauses; a search
that a model guides to the auxiliary point."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

torch = pytest.importorskip("torch")

from helpers import JGEX  # noqa: E402
from model_helpers import FOOT_PROBLEM, train_foot_model  # noqa: E402

from neural.guide import ModelNotFoundError, ModelProposer, resolve_model_dir  # noqa: E402
from neural.proposers import make_proposer  # noqa: E402
from neural.search import SearchConfig, SearchStop, solve  # noqa: E402
from symbolic.checker import check_proof  # noqa: E402
from symbolic.errors import PappusError  # noqa: E402
from symbolic.parser import load_problems, parse_problem  # noqa: E402


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return train_foot_model(tmp_path_factory.mktemp("guide"))


@pytest.fixture(autouse=True)
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@dataclass
class Node:
    problem: object
    aux: tuple = ()
    diagram: object = None


PROBLEM = parse_problem("p q r = triangle p q r; s = midpoint s p q ? perp p s q r")


def test_proposals_are_clauses_of_the_node_best_first(model_dir):
    proposer = make_proposer("model", model_dir=str(model_dir))
    proposals = proposer.propose(Node(PROBLEM), 8, seed=0)
    assert 1 <= len(proposals) <= 8
    assert proposals[0].clause == "a = foot a r p q"  # c a b in the problem's own names
    scores = [p.score for p in proposals]
    assert scores == sorted(scores, reverse=True) and all(s <= 0 for s in scores)
    body = PROBLEM.to_text(with_goal=False)
    for p in proposals:
        assert parse_problem(f"{body}; {p.clause}").clauses[-1].to_text() == p.clause
    assert len({p.clause for p in proposals}) == len(proposals)
    # every sample is a proposal, a repeat or a counted drop
    assert sum(proposer.dropped.values()) + len(proposals) == proposer.config.samples


def test_same_node_and_seed_same_clauses(model_dir):
    first = ModelProposer(model_dir, temperature=1.5).propose(Node(PROBLEM), 16, seed=1)
    again = ModelProposer(model_dir, temperature=1.5).propose(Node(PROBLEM), 16, seed=1)
    assert first == again


def test_sampling_runs_on_its_own_threads_and_restores_torchs(model_dir, monkeypatch):
    torch.set_num_threads(2)
    seen = []
    proposer = ModelProposer(model_dir)
    original = proposer.model.forward

    def spy(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return original(*args, **kwargs)

    monkeypatch.setattr(proposer.model, "forward", spy)
    one = proposer.propose(Node(PROBLEM), 8, seed=3)
    assert set(seen) == {1} and torch.get_num_threads() == 2
    seen.clear()
    proposer.config = ModelProposer(model_dir, threads=0).config
    assert proposer.propose(Node(PROBLEM), 8, seed=3) == one and set(seen) == {2}


def test_sampling_options(model_dir):
    greedy = ModelProposer(model_dir, samples=4, top_k=1).propose(Node(PROBLEM), 8)
    assert len(greedy) == 1  # top-1 sampling is greedy: four times the same clause
    raw = ModelProposer(model_dir, length_norm=0.0).propose(Node(PROBLEM), 1)
    mean = ModelProposer(model_dir, length_norm=1.0).propose(Node(PROBLEM), 1)
    assert raw[0].clause == mean[0].clause and raw[0].score < mean[0].score
    with pytest.raises(PappusError, match="temperature"):
        ModelProposer(model_dir, temperature=0)


def test_chosen_clauses_go_into_the_prompt(model_dir):
    node = parse_problem("p q r = triangle p q r; s = foot s r p q ? perp p s q r")
    proposals = ModelProposer(model_dir).propose(Node(node, aux=("s = foot s r p q",)), 8)
    assert all(not p.clause.startswith("s ") for p in proposals)


def test_ensemble_takes_model_and_heuristic_in_turn(model_dir):
    problem = load_problems(JGEX, [FOOT_PROBLEM])[0]
    from symbolic.diagram import realize

    node = Node(problem, (), realize(problem, seed=0))
    proposer = make_proposer("ensemble", model_dir=str(model_dir))
    proposals = proposer.propose(node, 6)
    kinds = [p.kind for p in proposals]
    assert kinds[0].startswith("model:") and not kinds[1].startswith("model:")
    assert len(proposals) == 6


@pytest.mark.parametrize("proposer", ["model", "ensemble"])
def test_model_guided_search_finds_the_foot(model_dir, proposer):
    problem = load_problems(JGEX, [FOOT_PROBLEM])[0]
    result = solve(problem, SearchConfig(proposer=proposer, model=str(model_dir),
                                         max_calls=20, timeout=120))
    assert result.stop is SearchStop.PROVED, result.stop_line()
    assert result.aux == ["f = foot f c a b"]
    assert check_proof(result.proof).valid
    assert result.calls <= 3


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="no model in"):
        resolve_model_dir(tmp_path)
    with pytest.raises(ModelNotFoundError, match="pass --model"):
        import neural.guide as guide

        if (guide.DEFAULT_MODEL_DIR / "model.safetensors").is_file():
            pytest.skip("a default checkpoint is shipped")
        resolve_model_dir(None)


def test_constrained_decodes_are_always_clauses_of_the_node(model_dir):
    """On problems unlike its one training figure, the grammar-constrained proposer still
    only ever writes clauses the node can take (drops are repeats only); unconstrained,
    the same model loses samples to malformed text."""
    problems = load_problems(JGEX)[:12]
    constrained = ModelProposer(model_dir, samples=16)
    free = ModelProposer(model_dir, samples=16, constrained=False)
    made = 0
    for problem in problems:
        made += len(constrained.propose(Node(problem), 16, seed=1))
        free.propose(Node(problem), 16, seed=1)
    assert made > 0 and set(constrained.dropped) <= {"repeated decode"}
    assert free.dropped["decode not a clause of the node"] > 0
