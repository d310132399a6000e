"""Figures: what a problem's figure shows, and files that are valid, deterministic and
written without any GUI backend."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from symbolic.diagram import Diagram, realize
from symbolic.figure import FigureError, check_format, draw, label, scene
from symbolic.parser import parse_problem

ORTHO = ("a b c = triangle a b c; h = on_tline h b a c, on_tline h c a b; d = foot d a b c"
         " ? perp a h b c")


def diagram_of(text: str, seed: int = 0) -> Diagram:
    return realize(parse_problem(text), seed, require_goal=False)


def test_import_pulls_in_no_matplotlib():
    code = ("import sys, pappus.cli, symbolic.figure; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported eagerly'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_drawing_uses_no_pyplot(tmp_path):
    code = (
        "import sys\n"
        "from symbolic.parser import parse_problem\n"
        "from symbolic.diagram import realize\n"
        "from symbolic.figure import draw\n"
        f"d = realize(parse_problem({ORTHO!r}))\n"
        f"draw(d, {str(tmp_path / 'f.png')!r}, dpi=40)\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
        "assert 'tkinter' not in sys.modules\n"
    )
    # a GUI backend asked for by the environment is never loaded
    env = {**os.environ, "MPLBACKEND": "TkAgg", "DISPLAY": ""}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert (tmp_path / "f.png").read_bytes()[:4] == b"\x89PNG"


def test_svg_is_deterministic(tmp_path):
    d = diagram_of(ORTHO)
    a, b = draw(d, tmp_path / "a.svg"), draw(d, tmp_path / "b.svg")
    text = a.read_text()
    assert text == b.read_text()
    assert "<dc:date>" not in text and text.startswith("<?xml")


def test_png(tmp_path):
    out = draw(diagram_of(ORTHO), tmp_path / "f.PNG", dpi=60)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_formats():
    assert check_format("x.svg") == "svg" and check_format("x.PNG") == "png"
    for bad in ("x.jpg", "x", "x.svg.gz"):
        with pytest.raises(FigureError, match="not a figure format"):
            check_format(bad)


def test_unwritable_path(tmp_path):
    (tmp_path / "taken.svg").mkdir()
    with pytest.raises(FigureError, match="cannot write"):
        draw(diagram_of(ORTHO), tmp_path / "taken.svg")


def test_orthocenter_scene():
    sc = scene(diagram_of(ORTHO))
    lines = [set(line) for line in sc.lines]
    assert {"b", "c", "d"} in lines  # the foot lies on side bc: one line, not two segments
    assert {"a", "d"} in lines
    assert [set(g) for g in sc.goal_lines] == [{"a", "h"}, {"b", "c"}]
    assert sc.goal_points == {"a", "h", "b", "c"}
    d = sc.points["d"]
    goal_marks = [v for v, _p, _q, goal in sc.right_angles if goal]
    assert len(goal_marks) == 1 and abs(goal_marks[0] - d) < 1e-9


def test_circles_without_radii():
    sc = scene(diagram_of("a b c = triangle a b c; o = circumcenter o a b c; "
                          "d = on_circle d o a ? cyclic a b c d"))
    assert len(sc.circles) == 0 and len(sc.goal_circles) == 1  # the circle is the goal's
    assert not any("o" in line for line in sc.lines)
    c = sc.goal_circles[0]
    assert abs(c.center - sc.points["o"]) < 1e-9
    assert abs(c.radius - abs(sc.points["a"] - sc.points["o"])) < 1e-9


def test_incircle_and_marks():
    sc = scene(diagram_of("a b c = triangle a b c; x y z i = incenter2 x y z i a b c"
                          " ? cong i x i y"))
    assert len(sc.circles) == 1
    assert abs(sc.circles[0].center - sc.points["i"]) < 1e-9
    assert sorted(sc.ticks) == [("i", "x"), ("i", "y")]
    assert len(sc.right_angles) == 3  # the radii to the touch points


def test_equal_angle_arcs():
    sc = scene(diagram_of("a b c = triangle a b c; d = angle_bisector d b a c, on_line d b c"
                          " ? eqangle a b a d a d a c"))
    assert len(sc.arcs) == 2
    assert all(abs(v - sc.points["a"]) < 1e-9 for v, _s, _e in sc.arcs)


def test_no_highlight():
    sc = scene(diagram_of(ORTHO), highlight_goal=False)
    assert not sc.goal_lines and not sc.goal_points and not sc.ticks


def test_non_finite_coordinates():
    d = diagram_of(ORTHO)
    d.points["h"] = complex(float("nan"), 0)
    with pytest.raises(FigureError, match="finite"):
        scene(d)


def test_labels():
    assert label("a") == "a"
    assert label("g1") == "$g_{1}$"
    assert label("o_2") == "$o_{2}$"
    assert label("a'") == "$a'$"
    assert label("weird_name") == "weird_name"


def test_every_benchmark_scene(benchmark_problems):
    """Scenes (everything but matplotlib) for all 261 problems: no errors, sane content."""
    for problem in benchmark_problems:
        sc = scene(realize(problem, 0, require_goal=False))
        assert sc.lines or sc.circles, problem.name
        assert sc.goal_lines or sc.goal_circles, problem.name
        for line in [*sc.lines, *sc.goal_lines]:
            assert len(line) >= 2 and all(n in sc.points for n in line)
