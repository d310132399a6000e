"""Tokens: closed vocabulary, canonical renaming and back, training sequences."""

from __future__ import annotations

import random

import pytest

from neural.tokens import (
    EOS,
    Renaming,
    TokenError,
    Vocabulary,
    canonical_problem,
    declared_points,
    node_prompt,
    record_examples,
)
from symbolic.parser import parse_problem

VOCAB = Vocabulary()


def round_trip(text: str) -> str:
    return VOCAB.decode(VOCAB.encode(text))


def test_every_benchmark_problem_round_trips(benchmark_problems):
    assert len(benchmark_problems) == 261
    for problem in benchmark_problems:
        text, ren = canonical_problem(problem)
        assert round_trip(text) == text, problem.name
        assert ren.back(round_trip(text)) == problem.to_text(), problem.name
        assert parse_problem(ren.back(text), name=problem.name) == problem
        # canonical names: a, b, c, ... in order of construction
        assert declared_points(text)[:3] == ["a", "b", "c"]


def test_benchmark_problems_fit_the_context(benchmark_problems):
    longest = max(len(VOCAB.encode(canonical_problem(p)[0])) for p in benchmark_problems)
    assert longest < 400


def _goal(rng: random.Random, points: list[str]) -> str:
    pred, arity = rng.choice([("coll", 3), ("perp", 4), ("para", 4), ("cong", 4),
                              ("cyclic", 4), ("eqangle", 8), ("eqratio", 8), ("midp", 3),
                              ("simtri", 6)])
    return " ".join([pred, *rng.choices(points, k=arity)])


def test_thousands_of_sampled_problems_round_trip():
    from generator.sampling import sample_problem

    rng = random.Random(0)
    for seed in range(2000):
        problem, _ = sample_problem(seed)
        text = f"{problem.to_text()} ? {_goal(rng, problem.points)}"
        assert round_trip(text) == text
        full = parse_problem(text)
        canon, ren = canonical_problem(full)
        assert canon == text  # the sampler names points canonically already
        assert ren.back(canon) == full.to_text()


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    from generator.config import GeneratorConfig
    from generator.dataset import read_dataset
    from generator.pipeline import generate

    out = tmp_path_factory.mktemp("tokens") / "data"
    generate(GeneratorConfig(count=40, seed=3, min_points=6, max_points=9), out,
             progress=False)
    return read_dataset(out).to_pylist()


def test_generated_records_round_trip(records):
    assert len(records) == 40
    for row in records:
        for text in (row["problem"], row["full_problem"], *row["aux"]):
            assert round_trip(text) == text


@pytest.mark.parametrize("text", [
    "a b c = triangle a b c; d = s_angle b a d 60 ? aconst b a a d 1pi/3",
    "a b = segment a b; c = s_angle a b c -15, on_line c a b ? rconst a c a b 1/2",
    "x@4.96_-0.13 y@-1.0_-1.25 z@-2.84_-4.9 = triangle x y z ? coll x y z",
    "a b c = triangle a b c ? lequation 1/1 a b * 2 b c 3",
])
def test_numbers_and_pins_round_trip(text):
    assert round_trip(text) == text


def test_adjacent_numbers_stay_apart():
    ids = VOCAB.encode("f 1 2")
    assert VOCAB.decode(ids) == "f 1 2"


def test_unknown_construction_is_a_clear_error():
    with pytest.raises(TokenError) as err:
        VOCAB.encode("a b c = triangel a b c")
    assert "triangel" in str(err.value) and "did you mean 'triangle'" in str(err.value)
    assert err.value.exit_code == 2


def test_unknown_point_name_hints_at_renaming():
    with pytest.raises(TokenError, match="rename the problem first"):
        VOCAB.encode("a b c = triangle a b z9")


def test_renaming_back_gives_new_points_fresh_names():
    problem = parse_problem("p q r = triangle p q r; a = midpoint a p q ? perp p a q r")
    text, ren = canonical_problem(problem)
    assert text == "a b c = triangle a b c; d = midpoint d a b ? perp a d b c"
    # the model's new point e (and a second one, f) must not clash with p, q, r, a
    back = ren.back("e f = square a d e f")
    assert back == "b c = square p a b c"
    assert parse_problem(f"{problem.to_text(with_goal=False)}; {back}") is not None


def test_construction_named_like_a_point_is_not_renamed():
    ren = Renaming({"p": "a", "q": "b"})
    assert ren.forward("p q = segment p q ? cong p q p q") == \
        "a b = segment a b ? cong a b a b"


def test_record_examples_one_clause_at_a_time():
    problem = "a b c = triangle a b c ? perp a d b c"
    aux = ["d = foot d a b c", "e = midpoint e a d"]
    examples = record_examples(VOCAB, problem, aux)
    assert len(examples) == 2
    first, second = (VOCAB.decode(e.ids[e.start:]) for e in examples)
    assert (first, second) == tuple(aux)
    assert VOCAB.tokens[examples[0].ids[-1]] == EOS
    assert VOCAB.decode(examples[1].ids[:examples[1].start]) == \
        "a b c = triangle a b c ? perp a d b c | d = foot d a b c =>"


def test_node_prompt_separates_premises_from_chosen_clauses():
    problem = parse_problem("p q r = triangle p q r; h = foot h p q r ? perp p h q r")
    ids, ren = node_prompt(VOCAB, problem, n_aux=1)
    assert VOCAB.decode(ids) == "a b c = triangle a b c ? perp a d b c | d = foot d a b c =>"
    assert ren.back("e = midpoint e a d") == "a = midpoint a p h"


def test_vocabulary_saves_and_loads(tmp_path):
    VOCAB.save(tmp_path / "tokenizer.json")
    assert Vocabulary.load(tmp_path / "tokenizer.json") == VOCAB
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(TokenError, match="cannot read the vocabulary"):
        Vocabulary.load(tmp_path / "bad.json")


def test_reordered_premises_keep_every_clause_after_what_it_uses():
    import numpy as np

    from neural.tokens import clause_points, reorder_premises

    premises = ("a b c = triangle a b c; d = midpoint d a b; e = midpoint e b c; "
                "f = foot f d b c; g = on_line g e f, on_circle g a b")
    orders = set()
    rng = np.random.default_rng(0)
    for _ in range(50):
        order = reorder_premises(premises, rng)
        clauses = order.split("; ")
        assert sorted(clauses) == sorted(premises.split("; "))
        seen: set[str] = set()
        for clause in clauses:
            declared, mentioned = clause_points(clause)
            assert mentioned - set(declared) <= seen, order
            seen |= set(declared)
        orders.add(order)
    assert len(orders) == 3  # d e f, d f e, e d f (f needs d; g needs e and f)
