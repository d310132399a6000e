"""The `pappus` command line: validate, draw, constructions; bad input never gives a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import IMO, JGEX
from typer.testing import CliRunner

from pappus.cli import app

ORTHOCENTER = "a b c = triangle a b c; h = on_tline h b a c, on_tline h c a b ? perp a h b c"
MIDLINE = "a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c ? para d e b c"
FALSE_GOAL = "a b c = triangle a b c ? perp a b a c"
UNREALIZABLE = "a b c = triangle a b c; d = on_line d a b, on_line d a b"



def problem_file(tmp_path: Path, *pairs: tuple[str, str], name: str = "p.txt") -> Path:
    path = tmp_path / name
    path.write_text("".join(f"{n}\n{t}\n" for n, t in pairs))
    return path


def invoke(runner: CliRunner, *args: str):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


# ---------------------------------------------------------------- validate


def test_validate_benchmarks_all_ok(runner):
    result = invoke(runner, "validate", JGEX, IMO)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("261/261 ok")


def test_validate_ok_and_json(runner, tmp_path):
    path = problem_file(tmp_path, ("ortho", ORTHOCENTER), ("midline", MIDLINE))
    out = tmp_path / "out.json"
    result = invoke(runner, "validate", path, "--json", out)
    assert result.exit_code == 0
    assert "2/2 ok" in result.stdout
    data = json.loads(out.read_text())
    assert [d["name"] for d in data] == ["ortho", "midline"]
    assert all(set(d) == {"name", "status", "message"} and d["status"] == "ok" for d in data)


def test_validate_json_to_stdout(runner, tmp_path):
    path = problem_file(tmp_path, ("ortho", ORTHOCENTER))
    result = invoke(runner, "validate", path, "--json", "-")
    assert json.loads(result.stdout)[0]["status"] == "ok"
    assert "1/1 ok" in result.stderr


def test_validate_statuses_and_exit_codes(runner, tmp_path):
    path = problem_file(tmp_path, ("ok", ORTHOCENTER), ("false", FALSE_GOAL),
                        ("flat", UNREALIZABLE))
    out = tmp_path / "out.json"
    result = invoke(runner, "validate", path, "--json", out)
    assert result.exit_code == 1
    assert "1/3 ok (1 unrealizable, 1 goal_false)" in result.stdout
    status = {d["name"]: d["status"] for d in json.loads(out.read_text())}
    assert status == {"ok": "ok", "false": "goal_false", "flat": "unrealizable"}


def test_validate_parse_error_does_not_stop_the_others(runner, tmp_path):
    path = problem_file(tmp_path, ("first", ORTHOCENTER),
                        ("broken", "a b c = triangle a b c; d = on_tlin d a b c"),
                        ("last", MIDLINE))
    out = tmp_path / "out.json"
    result = invoke(runner, "validate", path, "--json", out)
    assert result.exit_code == 2
    assert "2/3 ok (1 parse_error)" in result.stdout
    data = {d["name"]: d for d in json.loads(out.read_text())}
    assert data["first"]["status"] == data["last"]["status"] == "ok"
    message = data["broken"]["message"]
    assert data["broken"]["status"] == "parse_error"
    assert f"{path}:4:" in message and "unknown construction 'on_tlin'" in message
    assert "did you mean on_tline" in message
    assert "broken: parse_error" in result.stderr


def test_validate_name_without_problem_line(runner, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(f"ortho\n{ORTHOCENTER}\ndangling\n")
    result = invoke(runner, "validate", path)
    assert result.exit_code == 2
    assert "problem name without a problem line" in result.stderr


def test_validate_selected_names(runner, tmp_path):
    path = problem_file(tmp_path, ("ortho", ORTHOCENTER), ("false", FALSE_GOAL))
    result = invoke(runner, "validate", path, "ortho")
    assert result.exit_code == 0
    assert "1/1 ok" in result.stdout


def test_validate_missing_name_suggests_close_ones(runner, tmp_path):
    path = problem_file(tmp_path, ("orthocenter", ORTHOCENTER))
    result = invoke(runner, "validate", path, "orthocentre")
    assert result.exit_code == 2
    assert "no problem named 'orthocentre'" in result.stderr
    assert "did you mean 'orthocenter'" in result.stderr


def test_validate_unreadable_inputs(runner, tmp_path):
    result = invoke(runner, "validate", tmp_path / "missing.txt")
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = invoke(runner, "validate", tmp_path)
    assert result.exit_code == 2 and "directory" in result.stderr
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = invoke(runner, "validate", binary)
    assert result.exit_code == 2 and "not UTF-8" in result.stderr


def test_validate_in_parallel_keeps_the_order(runner, tmp_path):
    path = problem_file(tmp_path, ("ortho", ORTHOCENTER), ("false", FALSE_GOAL),
                        ("midline", MIDLINE))
    out = tmp_path / "out.json"
    result = invoke(runner, "validate", path, "-j", "2", "--json", out)
    assert result.exit_code == 1
    assert [d["name"] for d in json.loads(out.read_text())] == ["ortho", "false", "midline"]


def test_ctrl_c_exits_130(runner, tmp_path, monkeypatch):
    from pappus.commands import validate

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(validate, "run", interrupted)
    result = invoke(runner, "validate", problem_file(tmp_path, ("ortho", ORTHOCENTER)))
    assert result.exit_code == 130
    assert "interrupted" in result.stderr


# ---------------------------------------------------------------- draw


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_draw_benchmark_problem(runner, tmp_path, suffix):
    out = tmp_path / f"fig{suffix}"
    result = invoke(runner, "draw", IMO, "translated_imo_2000_p1", "-o", out, "--dpi", "50")
    assert result.exit_code == 0, result.output
    head = out.read_bytes()[:8]
    assert head.startswith(b"<?xml") if suffix == ".svg" else head == b"\x89PNG\r\n\x1a\n"


def test_draw_single_problem_file_needs_no_name(runner, tmp_path):
    path = problem_file(tmp_path, ("ortho", ORTHOCENTER))
    result = invoke(runner, "draw", path, "-o", tmp_path / "o.svg")
    assert result.exit_code == 0 and (tmp_path / "o.svg").exists()


def test_draw_bad_suffix(runner, tmp_path):
    result = invoke(runner, "draw", IMO, "translated_imo_2000_p1", "-o", tmp_path / "fig.jpg")
    assert result.exit_code == 2
    assert "'.jpg' is not a figure format" in result.stderr
    assert not (tmp_path / "fig.jpg").exists()


def test_draw_missing_name(runner, tmp_path):
    result = invoke(runner, "draw", IMO, "translated_imo_2000_p7", "-o", tmp_path / "f.svg")
    assert result.exit_code == 2
    assert "no problem named 'translated_imo_2000_p7'" in result.stderr
    assert "did you mean" in result.stderr


def test_draw_needs_a_name_when_the_file_has_several(runner, tmp_path):
    result = invoke(runner, "draw", IMO, "-o", tmp_path / "f.svg")
    assert result.exit_code == 2 and "name the one to draw" in result.stderr


def test_draw_unknown_construction_hint(runner, tmp_path):
    path = problem_file(tmp_path, ("p", "a b c = triangle a b c; h = on_tlin h b a c"))
    result = invoke(runner, "draw", path, "p", "-o", tmp_path / "f.svg")
    assert result.exit_code == 2
    err = result.stderr
    assert f"{path}:2:" in err and "unknown construction 'on_tlin'" in err
    assert "did you mean on_tline" in err
    assert "^" in err  # the caret under the column


def test_draw_unrealizable_problem(runner, tmp_path):
    path = problem_file(tmp_path, ("flat", UNREALIZABLE))
    result = invoke(runner, "draw", path, "-o", tmp_path / "f.svg")
    assert result.exit_code == 1 and "line ab" in result.stderr  # a clean "no", like validate


def test_draw_into_missing_directory(runner, tmp_path):
    path = problem_file(tmp_path, ("ortho", ORTHOCENTER))
    result = invoke(runner, "draw", path, "-o", tmp_path / "nowhere" / "f.svg")
    assert result.exit_code == 2 and "no directory" in result.stderr


# ---------------------------------------------------------------- constructions


def test_constructions_listing(runner):
    result = invoke(runner, "constructions")
    assert result.exit_code == 0
    rows = result.stdout.strip().splitlines()
    assert len(rows) == 93  # AlphaGeometry's 68 and the 25 only Newclid defines
    assert any(r.startswith("on_tline x a b c") and r.endswith("perp x a b c") for r in rows)
    assert any(r.startswith("iso_trapezoid a b c d") for r in rows)


def test_constructions_json_and_filter(runner):
    result = invoke(runner, "constructions", "foot", "--json")
    [row] = json.loads(result.stdout)
    assert row["usage"] == "foot x a b c"
    assert row["facts"] == ["perp x a b c", "coll x b c"]
    assert row["origin"] == "alphageometry"


def test_constructions_unknown_name(runner):
    result = invoke(runner, "constructions", "midpont")
    assert result.exit_code == 2 and "did you mean midpoint" in result.stderr


def test_demo_still_there(runner):
    assert invoke(runner, "demo").exit_code == 0
