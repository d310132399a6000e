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


@pytest.mark.parametrize(
    ("text", "column", "goal"),
    [
        ("a b c = triangle a b c; d = midpoint d b c perp a d b c", 44, "perp a d b c"),
        ("a b c = triangle a b c; h = orthocenter h a b c perp a h b c", 49, "perp a h b c"),
        ("a b c = triangle a b c; d = midpoint b c perp a d b c", 42, "perp a d b c"),
        ("a b c = triangle a b c; h = on_tline h b a c, on_tline h c a b perp a h b c", 64,
         "perp a h b c"),
    ],
)
def test_missing_question_mark_before_the_goal(text, column, goal):
    with pytest.raises(ProblemSyntaxError) as info:
        parse_problem(text)
    err = info.value
    assert "'?'" in err.message and "missing" in err.message, err.render()
    assert goal in err.message
    assert "arguments" not in err.message
    assert err.location.column == column  # at the goal's predicate
    assert f"? {goal}" in (err.hint or "")


@pytest.mark.parametrize(
    ("text", "usage", "got"),
    [
        ("a b c = triangle a b c; d = midpoint d b", "midpoint x a b", 2),
        ("a b c = triangle a b c; d = on_line d a", "on_line x a b", 2),
        ("a b c = triangle a b c; d = foot d a b", "foot x a b c", 3),
        ("a b c = triangle a b c; d = midpoint d b ? perp a d b c", "midpoint x a b", 2),
    ],
)
def test_too_few_arguments_name_the_count_and_usage(text, usage, got):
    with pytest.raises(ProblemSyntaxError) as info:
        parse_problem(text)
    err = info.value
    name = usage.split()[0]
    n = len(usage.split()) - 1
    assert f"{name} takes {n} arguments" in err.message and f"got {got}" in err.message
    assert "before it is constructed" not in err.render()
    assert usage in (err.expected or "")
    assert err.location.column == 29  # the construction's name


def test_extra_arguments_that_are_no_goal_still_count():
    with pytest.raises(ProblemSyntaxError) as info:
        parse_problem("a b c = triangle a b c; d = midpoint d b c a")
    assert "midpoint takes 3 arguments" in info.value.message
    assert "'?'" not in info.value.message
