"""Exit codes and bad input, as a new user meets them.

One convention for every command: 0 done (proved, valid, written), 1 a clean negative
answer (not proved, invalid proof, false goal, unrealizable), 2 bad input or usage; bad
input gets one message with file, line and column and a hint, never a traceback.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import ROOT, invoke

from pappus.cli import app

ORTHOCENTER = "a b c = triangle a b c; h = orthocenter h a b c ? perp a h b c"
FALSE_GOAL = "a b c = triangle a b c ? perp a b a c"
UNREALIZABLE = "a b c = triangle a b c; d = on_line d a b, on_line d a b ? coll a b d"


def problem_file(tmp_path: Path, *pairs: tuple[str, str], name: str = "p.txt") -> Path:
    path = tmp_path / name
    path.write_text("".join(f"{n}\n{t}\n" for n, t in pairs))
    return path


# ---------------------------------------------------------------- files without problems


@pytest.mark.parametrize("text", ["", "\n  \n\n", "# only a comment\n\n"],
                         ids=["empty", "blank", "comments"])
@pytest.mark.parametrize("command", [
    ["validate"], ["prove"], ["draw", "-o", "{tmp}/f.svg"], ["bench", "--out", "{tmp}/b"]],
    ids=lambda c: c[0])
def test_a_file_without_problems_is_bad_input(runner, tmp_path, command, text):
    path = tmp_path / "empty.txt"
    path.write_text(text)
    result = invoke(runner, command[0], path, *(a.format(tmp=tmp_path) for a in command[1:]))
    assert result.exit_code == 2, result.output
    assert f"{path}:1:1: error: no problems in this file" in result.stderr
    assert "hint: " in result.stderr and "for example: \n" not in result.stderr
    assert "0/0" not in result.output
    assert not (tmp_path / "f.svg").exists() and not (tmp_path / "b").exists()


def test_validate_stops_before_work_when_one_file_is_empty(runner, tmp_path):
    good = problem_file(tmp_path, ("ortho", ORTHOCENTER))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = invoke(runner, "validate", good, empty)
    assert result.exit_code == 2 and f"{empty}:1:1" in result.stderr


# ---------------------------------------------------------------- the same answer everywhere


def test_prove_false_goal_exits_1_like_validate(runner, tmp_path):
    path = problem_file(tmp_path, ("false", FALSE_GOAL))
    assert invoke(runner, "validate", path).exit_code == 1
    out = tmp_path / "attempt.json"
    result = invoke(runner, "prove", path, "--json", out)
    assert result.exit_code == 1, result.output
    assert f"{path}:2: goal_false: goal 'perp a b a c' is false" in result.stderr
    assert "(problem 'false')" in result.stderr
    data = json.loads(out.read_text())
    assert data["status"] == "goal_false" and data["steps"] == []
    assert "is false" in data["stop_reason"]
    checked = invoke(runner, "check", out)
    assert checked.exit_code == 1 and "unproved attempt" in checked.stdout


def test_prove_and_draw_unrealizable_exit_1_like_validate(runner, tmp_path):
    path = problem_file(tmp_path, ("flat", UNREALIZABLE))
    assert invoke(runner, "validate", path).exit_code == 1
    result = invoke(runner, "prove", path)
    assert result.exit_code == 1, result.output
    assert f"{path}:2: unrealizable: clause 2" in result.stderr
    assert "(problem 'flat')" in result.stderr
    result = invoke(runner, "draw", path, "-o", tmp_path / "f.svg")
    assert result.exit_code == 1 and f"{path}:2: unrealizable" in result.stderr
    assert not (tmp_path / "f.svg").exists()


def test_draw_false_goal_still_draws(runner, tmp_path):
    path = problem_file(tmp_path, ("false", FALSE_GOAL))
    result = invoke(runner, "draw", path, "-o", tmp_path / "f.svg")
    assert result.exit_code == 0 and "does not hold" in result.stderr
    assert (tmp_path / "f.svg").exists()


def test_bad_input_exits_2_everywhere(runner, tmp_path):
    broken = problem_file(tmp_path, ("broken", "a b c = triangle a b c; d = midpont d b c"))
    for args in (["validate", broken], ["prove", broken], ["draw", broken, "-o",
                                                           tmp_path / "f.svg"]):
        result = invoke(runner, *args)
        assert result.exit_code == 2, (args, result.output)
        assert f"{broken}:2:29: error: unknown construction 'midpont'" in result.stderr
        assert "hint: did you mean midpoint" in result.stderr
    assert invoke(runner, "prove", broken, "--timeout", "-1").exit_code == 2  # bad option
    assert invoke(runner, "check", tmp_path / "none.json").exit_code == 2


def test_bench_exits_2_when_a_problem_does_not_parse(runner, tmp_path):
    path = problem_file(tmp_path, ("ortho", ORTHOCENTER),
                        ("broken", "a b c = triangle a b c; d = midpont d b c"))
    result = invoke(runner, "bench", path, "--out", tmp_path / "b", "--timeout", "30")
    assert result.exit_code == 2, result.output
    assert "solved 1/2" in result.stdout  # the others still run
    assert "unknown construction 'midpont'" in result.stderr


def test_check_answers(runner, tmp_path):
    path = problem_file(tmp_path, ("ortho", ORTHOCENTER))
    proof = tmp_path / "proofs" / "ortho.json"
    proof.parent.mkdir()
    assert invoke(runner, "prove", path, "--json", proof).exit_code == 0
    assert invoke(runner, "check", proof).exit_code == 0
    data = json.loads(proof.read_text())
    data["steps"] = [s for s in data["steps"] if s["by"] == "construction"] + data["steps"][-1:]
    (tmp_path / "proofs" / "cut.json").write_text(json.dumps(data))
    assert invoke(runner, "check", proof.parent).exit_code == 1
    (tmp_path / "nothing").mkdir()
    result = invoke(runner, "check", tmp_path / "nothing")
    assert result.exit_code == 2 and "no proof files" in result.stderr


def test_readme_documents_the_exit_codes_of_every_command():
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"^## Exit codes\n(.*?)(?=^## )", readme, re.S | re.M)
    assert match, "README.md has no '## Exit codes' section"
    section = match.group(1)
    for code in ("0", "1", "2", "130"):
        assert f"`{code}`" in section
    commands = [c.name or (c.callback.__name__ if c.callback else "")
                for c in app.registered_commands]
    assert len(commands) >= 10
    for name in commands:
        assert f"`{name}`" in section, f"the exit codes of `pappus {name}` are not described"
