"""Problem-language parsing: benchmark files load unchanged, bad input gets clear errors."""

from __future__ import annotations

import pytest

from symbolic.errors import ProblemSyntaxError
from symbolic.parser import parse_problem, parse_problems


def test_all_benchmarks_parse(benchmark_problems):
    assert len(benchmark_problems) == 261
    assert all(p.goal is not None for p in benchmark_problems)


def test_round_trip_is_stable(benchmark_problems):
    for problem in benchmark_problems:
        again = parse_problem(problem.to_text(), name=problem.name)
        assert again.to_text() == problem.to_text()
        assert again.clauses == problem.clauses


def test_whitespace_tolerant():
    a = parse_problem("a b c = triangle a b c; h = on_tline h b a c ? perp a h b c")
    b = parse_problem("  a b c=triangle a b c ;h=on_tline  h b a c?perp a h b c  ")
    assert a.to_text() == b.to_text()


def test_new_points_may_be_left_out():
    p = parse_problem("a b c = triangle; d = parallelogram a b c; e = on_line a b")
    assert p.clauses[0].constructions[0].args == ("a", "b", "c")
    # the new point goes in the signature's new-point slot, even when it is last
    assert p.clauses[1].constructions[0].args == ("a", "b", "c", "d")
    assert p.clauses[2].constructions[0].args == ("e", "a", "b")


def test_pinned_coordinates():
    p = parse_problem("a@1_2 b@-0.5_3e-2 c = triangle a b c")
    assert p.clauses[0].points[0].pinned == (1.0, 2.0)
    assert p.clauses[0].points[1].pinned == (-0.5, 0.03)
    assert p.clauses[0].points[2].pinned is None


@pytest.mark.parametrize(
    ("text", "fragment", "column"),
    [
        ("a b c = triangle a b c; h = on_tlin h b a c", "unknown construction 'on_tlin'", 29),
        ("a b c = triangle a b c; h = on_tline h b a z", "unknown point 'z'", 44),
        ("a b c = triangle a b c; a = on_line a b c", "already defined", 25),
        ("a b c = triangle a b c ? perpp a b b c", "unknown predicate", 26),
        ("a b c = triangle a b c ? perp a b b", "perp takes 4 arguments", 26),
        ("a b c = triangle a b c ?", "ends too early", 25),
        ("a b c = triangle a b c; d = s_angle a b d x", "should be a number", 43),
        ("a b c = foot a b c", "foot takes 4 arguments", 9),
    ],
)
def test_errors_name_position(text, fragment, column):
    with pytest.raises(ProblemSyntaxError) as info:
        parse_problem(text)
    err = info.value
    assert fragment in err.message
    assert err.location.column == column
    rendered = err.render()
    assert rendered.count("\n") >= 2  # the message, the source line, the caret


def test_unknown_construction_suggests_close_names():
    with pytest.raises(ProblemSyntaxError) as info:
        parse_problem("a b c = triangle a b c; d = midpont d a b")
    assert "midpoint" in (info.value.hint or "")


def test_file_with_line_numbers():
    text = "first\na b c = triangle a b c\n\n# a comment\nsecond\na b = segment a b; c = foo c\n"
    with pytest.raises(ProblemSyntaxError) as info:
        parse_problems(text, path="x.txt")
    assert info.value.location.line == 6
    assert info.value.location.path == "x.txt"
    assert info.value.problem == "second"
