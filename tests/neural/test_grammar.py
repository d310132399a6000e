"""The clause automaton: every path it allows is a clause the node can take, and it
allows every auxiliary clause of real training records."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from helpers import IMO, JGEX

from neural.grammar import ClauseGrammar
from neural.tokens import Renaming, Vocabulary, declared_points, record_examples
from symbolic.errors import PappusError
from symbolic.parser import load_problems, parse_problem

VOCAB = Vocabulary()
GRAMMAR = ClauseGrammar(VOCAB)
RECORDS = Path(__file__).parent / "data" / "loop_records.parquet"


def walk(n_points: int, rng: np.random.Generator, limit: int = 60) -> list[int]:
    """Tokens of one random path through the automaton, up to `<eos>`."""
    state, out = GRAMMAR.start(), []
    for _ in range(limit):
        choices = np.flatnonzero(GRAMMAR.allowed(state, n_points))
        assert len(choices), f"no token allowed after {VOCAB.decode(out)!r}"
        token = int(rng.choice(choices))
        if token == VOCAB.eos:
            return out
        out.append(token)
        state = GRAMMAR.step(state, token)
    raise AssertionError(f"no <eos> within {limit} tokens: {VOCAB.decode(out)!r}")


def canonical_body(problem) -> str:
    ren = Renaming.of_points(problem.points)
    return "; ".join(ren.forward(c.to_text()) for c in problem.clauses)


@pytest.mark.parametrize("source", [IMO, JGEX])
def test_every_path_is_one_clause_of_the_node(source):
    rng = np.random.default_rng(0)
    for problem in load_problems(source)[:40]:
        name = problem.name
        body = canonical_body(problem)
        for _ in range(5):
            clause = VOCAB.decode(walk(len(problem.points), rng))
            try:
                parsed = parse_problem(f"{body}; {clause}")
            except PappusError as exc:
                raise AssertionError(f"{name}: {clause!r} refused: {exc}") from None
            assert len(parsed.clauses) == len(problem.clauses) + 1, clause
            new = parsed.clauses[-1]
            args = {a for call in new.constructions for a in call.args}
            assert new.points and {p.name for p in new.points} <= args


def test_allows_every_auxiliary_clause_of_the_records():
    rows = pq.read_table(RECORDS, columns=["problem", "aux"]).to_pylist()
    checked = 0
    for row in rows:
        for example in record_examples(VOCAB, row["problem"], row["aux"]):
            prompt = VOCAB.decode(example.ids[:example.start])
            n_points = len(declared_points(prompt.replace("=>", "")))
            state = GRAMMAR.start()
            for token in example.ids[example.start:]:
                assert GRAMMAR.allowed(state, n_points)[token], \
                    (VOCAB.decode(example.ids[example.start:]), VOCAB.tokens[token])
                state = GRAMMAR.step(state, token)
            checked += 1
    assert checked >= 20


def test_new_points_come_in_order_and_old_ones_do_not_repeat():
    state = GRAMMAR.start()
    first = np.flatnonzero(GRAMMAR.allowed(state, 3))
    assert [VOCAB.tokens[t] for t in first] == ["d"]  # a, b, c exist: the next is d
    for word in ("d", "=", "midpoint", "d", "a"):
        state = GRAMMAR.step(state, VOCAB.id(word))
    left = {VOCAB.tokens[t] for t in np.flatnonzero(GRAMMAR.allowed(state, 3))}
    assert left == {"b", "c"}
    state = GRAMMAR.step(state, VOCAB.id("c"))
    after = {VOCAB.tokens[t] for t in np.flatnonzero(GRAMMAR.allowed(state, 3))}
    assert after == {",", "<eos>"}


def test_number_and_shape_constructions_are_never_proposed():
    state = GRAMMAR.step(GRAMMAR.step(GRAMMAR.start(), VOCAB.id("d")), VOCAB.id("="))
    names = {VOCAB.tokens[t] for t in np.flatnonzero(GRAMMAR.allowed(state, 3))}
    assert {"midpoint", "foot", "circumcenter", "on_line"} <= names
    assert not names & {"s_angle", "aconst", "lconst", "rconst2", "triangle", "segment"}


@pytest.mark.parametrize("n_points", [2, 3])
def test_small_nodes_never_dead_end(n_points):
    rng = np.random.default_rng(n_points)
    for _ in range(200):
        assert walk(n_points, rng)  # a token is always allowed and <eos> comes


def test_a_node_too_small_for_any_clause_gets_only_eos():
    assert np.flatnonzero(GRAMMAR.allowed(GRAMMAR.start(), 1)).tolist() == [VOCAB.eos]
