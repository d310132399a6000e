"""`pappus prove`, `pappus bench`, `pappus check` and the Python API around the prover."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import IMO, JGEX, ROOT, invoke

import pappus
from pappus.commands import bench
from pappus.commands.pool import Crashed, Done, Failed, HardLimitPool, Killed

ORTHOCENTER = "a b c = triangle a b c; h = orthocenter h a b c ? perp a h b c"
FALSE_GOAL = "a b c = triangle a b c ? perp a b a c"
# fast JGEX problems: two proved in a few steps, one that saturates unproved
FOOT = "examples/complete2/000/complete_004_6_GDD_FULL_81-109_96.gex"
TRAPEZOID = "examples/complete2/009/complete_011_Other_Auxiliary_aux2_trapezoid.gex"
SATURATES = "examples/complete2/014/complete_007_7_Book_LLL_L058-9.gex"
HARD = "translated_imo_2008_p6"



def problem_file(tmp_path: Path, *pairs: tuple[str, str], name: str = "p.txt") -> Path:
    path = tmp_path / name
    path.write_text("".join(f"{n}\n{t}\n" for n, t in pairs))
    return path


@pytest.fixture(scope="module")
def foot_proof() -> dict:
    """The proof JSON of a fast JGEX problem (proved once per module)."""
    [problem] = pappus.load_problems(JGEX, [FOOT])
    result = pappus.prove(problem, timeout=60)
    assert result.proved, result.status
    return result.proof.to_json()


# ---------------------------------------------------------------- Python API


def test_api_prove_text_and_check():
    result = pappus.prove(ORTHOCENTER, timeout=30)
    assert isinstance(result, pappus.ProveResult)
    assert result.status == "proved"
    assert isinstance(result.proof, pappus.Proof)
    assert "Goal perp a h b c" in result.proof_text()
    assert pappus.check_proof(result.proof.dumps()).valid
    named = pappus.prove(f"ortho\n{ORTHOCENTER}\n", timeout=30)
    assert named.proof.name == "ortho"


def test_api_errors_and_realize():
    with pytest.raises(pappus.PappusError):
        pappus.prove(FALSE_GOAL, timeout=5)
    with pytest.raises(pappus.PappusError):
        pappus.prove("a b c = triangle a b c; d = on_tlin d a b c ? perp a b c d")
    [problem] = pappus.load_problems(IMO, ["translated_imo_2000_p1"])
    diagram = pappus.realize(problem, seed=1)
    assert set(problem.points) <= set(diagram.points)


def test_import_pappus_is_light():
    code = ("import sys, pappus; heavy = [m for m in ('matplotlib', 'numpy', "
            "'symbolic.prover', 'symbolic.checker') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- prove


def test_prove_single_problem_file_needs_no_name(runner, tmp_path):
    path = problem_file(tmp_path, ("ortho", ORTHOCENTER))
    result = invoke(runner, "prove", path, "--timeout", "30")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Problem ortho")
    assert "Goal perp a h b c is step (1)." in result.stdout
    assert "proved in" in result.stderr


def test_prove_json_round_trip_through_check(runner, tmp_path):
    out = tmp_path / "proof.json"
    result = invoke(runner, "prove", JGEX, FOOT, "--json", out, "--timeout", "60")
    assert result.exit_code == 0, result.output
    assert "by r04 inscribed_angles_converse" in result.stdout
    data = json.loads(out.read_text())
    assert data["status"] == "proved" and data["name"] == FOOT
    assert data["goal"] == "perp g h a s" and data["steps"][-1]["fact"] == "perp a s g h"
    assert pappus.Proof.from_json(data).deductions()
    checked = invoke(runner, "check", out)
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.strip().splitlines()[-1] == "checked 1/1 valid"


def test_prove_not_proved(runner, tmp_path):
    out = tmp_path / "attempt.json"
    result = invoke(runner, "prove", JGEX, SATURATES, "--json", out, "--timeout", "60")
    assert result.exit_code == 1
    [line] = result.stdout.strip().splitlines()
    assert line.startswith("not proved: saturated after ") and line.endswith(" facts)")
    data = json.loads(out.read_text())
    assert data["status"] == "saturated" and data["steps"] == []
    assert data["stop_reason"].startswith("saturated after")
    checked = invoke(runner, "check", out)
    assert checked.exit_code == 1
    assert "unproved attempt" in checked.stdout
    assert checked.stdout.strip().splitlines()[-1] == "checked 0/1 valid"


def test_prove_json_to_stdout_and_draw(runner, tmp_path):
    path = problem_file(tmp_path, ("ortho", ORTHOCENTER))
    figure = tmp_path / "ortho.svg"
    result = invoke(runner, "prove", path, "ortho", "--json", "-", "--draw", figure)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["steps"][-1]["fact"] == "perp a h b c"
    assert "Goal perp a h b c" in result.stderr
    assert figure.read_bytes().startswith(b"<?xml")


def test_prove_bad_input_exits_2(runner, tmp_path):
    result = invoke(runner, "prove", IMO)
    assert result.exit_code == 2 and "name the one to prove" in result.stderr
    result = invoke(runner, "prove", IMO, "translated_imo_2000_p7")
    assert result.exit_code == 2 and "did you mean" in result.stderr
    result = invoke(runner, "prove", IMO, "translated_imo_2000_p1", "--draw", tmp_path / "f.jpg")
    assert result.exit_code == 2 and "not a figure format" in result.stderr
    result = invoke(runner, "prove", problem_file(tmp_path, ("false", FALSE_GOAL)))
    assert result.exit_code == 1 and "false" in result.stderr  # a clean "no", like validate


# ---------------------------------------------------------------- bench


def read_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames[:4] == ["name", "status", "seconds", "proof_steps"]
        assert "message" in reader.fieldnames
        return {row["name"]: row for row in reader}


def test_bench_writes_results_proofs_and_summary(runner, tmp_path):
    out = tmp_path / "run"
    mine = problem_file(tmp_path, ("ortho", ORTHOCENTER), ("false", FALSE_GOAL))
    names = ",".join([FOOT, TRAPEZOID, SATURATES, "false"])
    result = invoke(runner, "bench", JGEX, mine, "--names", names, "--jobs", "2",
                    "--timeout", "60", "--out", out)
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "solved 2/4"
    assert lines[0].split() == ["file", "solved", "total", "saturated", "timeout", "error",
                                "median", "s", "total", "s"]
    assert lines[1].split()[:6] == [str(JGEX), "2", "3", "1", "0", "0"]
    assert lines[2].split()[:6] == [str(mine), "0", "1", "0", "0", "1"]
    rows = read_rows(out / "results.csv")
    assert {n: r["status"] for n, r in rows.items()} == {
        FOOT: "proved", TRAPEZOID: "proved", SATURATES: "saturated", "false": "error"}
    assert int(rows[FOOT]["proof_steps"]) >= 1 and rows[SATURATES]["proof_steps"] == ""
    assert all(float(rows[n]["seconds"]) > 0 for n in (FOOT, TRAPEZOID, SATURATES))
    assert "goal" in rows["false"]["message"] and rows[FOOT]["message"] == ""
    assert "false: error:" in result.stderr
    proofs = sorted(p.name for p in (out / "proofs").iterdir())
    assert proofs == sorted(bench.safe_stem(n) + ".json" for n in (FOOT, TRAPEZOID))
    assert all("/" not in p and not p.startswith(".") for p in proofs)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["solved"] == 2 and summary["total"] == 4
    assert summary["counts"] == {"proved": 2, "saturated": 1, "timeout": 0, "error": 1}
    assert summary["timeout"] == 60 and summary["jobs"] == 2 and not summary["interrupted"]
    assert {"machine", "date", "commit"} <= set(summary)
    # the proofs check, and the summary next to them is no proof: skipped, not invalid
    checked = invoke(runner, "check", out)
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.strip().splitlines()[-1] == "checked 2/2 valid"


def test_bench_stops_a_problem_at_its_time_limit(runner, tmp_path):
    out = tmp_path / "run"
    start = time.monotonic()
    # Either the prover's own budget stops it or, failing that, the worker is killed at the
    # hard limit (timeout + grace); the pool tests below cover killing a real hang.
    result = invoke(runner, "bench", IMO, "--names", HARD, "--timeout", "0.1",
                    "--grace", "0.2", "--out", out)
    elapsed = time.monotonic() - start
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "solved 0/1"
    rows = read_rows(out / "results.csv")
    assert rows[HARD]["status"] == "timeout"
    assert float(rows[HARD]["seconds"]) < 5
    assert elapsed < 30


def test_bench_interrupted_keeps_what_was_written(runner, tmp_path, monkeypatch):
    class InterruptedPool:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def run(self, tasks, limit):
            first = tasks[0]
            yield first, Done(bench.Row(first.source.name, "saturated", 0.5,
                                        file=first.source.path))
            raise KeyboardInterrupt

    monkeypatch.setattr(bench, "HardLimitPool", InterruptedPool)
    path = problem_file(tmp_path, ("one", ORTHOCENTER), ("two", ORTHOCENTER))
    out = tmp_path / "run"
    result = invoke(runner, "bench", path, "--out", out)
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert list(read_rows(out / "results.csv")) == ["one"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["interrupted"] and summary["total"] == 2 and summary["finished"] == 1


def test_bench_unknown_name(runner, tmp_path):
    result = invoke(runner, "bench", JGEX, "--names", "examples/nope", "--out", tmp_path)
    assert result.exit_code == 2 and "no problem named 'examples/nope'" in result.stderr


def test_safe_file_names():
    names = ["examples/complete2/000/a.gex", "examples_complete2_000_a.gex", "../../etc/passwd",
             "", "...", "a b", "A_B", "x" * 500]
    stems = bench.safe_stems(names)
    assert stems[0] == "examples_complete2_000_a.gex"
    assert stems[1] == "examples_complete2_000_a.gex-2"
    assert stems[2] == "etc_passwd"
    assert stems[3] == "problem" and stems[4] == "problem-2"
    assert stems[5] == "a_b" and stems[6] == "A_B-2"  # distinct on case-insensitive disks
    assert len(stems[7]) <= 120
    assert len({s.lower() for s in stems}) == len(stems)
    assert all("/" not in s and "\\" not in s and not s.startswith(".") for s in stems)


# ---------------------------------------------------------------- the hard-limit pool


def test_pool_kills_hanging_task_and_goes_on():
    with HardLimitPool(time.sleep, jobs=2) as pool:
        outcomes = dict(pool.run([0.0, 60.0, 0.01, 0.02], limit=1.0))
    assert isinstance(outcomes[60.0], Killed) and 1.0 <= outcomes[60.0].seconds < 10
    assert all(isinstance(outcomes[t], Done) for t in (0.0, 0.01, 0.02))


def test_pool_reports_crashes_and_exceptions():
    with HardLimitPool(os._exit, jobs=1) as pool:
        [(task, outcome)] = list(pool.run([3], limit=10))
    assert isinstance(outcome, Crashed) and outcome.exitcode == 3
    with HardLimitPool(int, jobs=1) as pool:
        outcomes = dict(pool.run(["12", "x"], limit=10))
    assert outcomes["12"] == Done(12)
    assert isinstance(outcomes["x"], Failed) and "ValueError" in outcomes["x"].message


# ---------------------------------------------------------------- check


def test_check_directory_with_valid_and_tampered_proofs(runner, tmp_path, foot_proof):
    folder = tmp_path / "proofs"
    (folder / "sub").mkdir(parents=True)
    (folder / "valid.json").write_text(json.dumps(foot_proof))
    tampered = json.loads(json.dumps(foot_proof))
    step = next(s for s in tampered["steps"] if s["by"].startswith("r"))
    step["by"] = "r03" if step["by"] != "r03" else "r04"
    (folder / "sub" / "tampered.json").write_text(json.dumps(tampered))
    (folder / "notes.txt").write_text("not a proof, not *.json")
    result = invoke(runner, "check", folder)
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "checked 1/2 valid"
    assert len(lines) == 2 and lines[0].startswith(str(folder / "sub" / "tampered.json"))
    assert f"step {step['id']}:" in lines[0]


def test_check_unreadable_and_malformed_files(runner, tmp_path, foot_proof):
    (tmp_path / "broken.json").write_text('{"problem": ')
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    odd = json.loads(json.dumps(foot_proof))
    next(s for s in odd["steps"] if s["by"].startswith("ar:"))["certificate"] = [1]
    (tmp_path / "odd.json").write_text(json.dumps(odd))
    (tmp_path / "valid.json").write_text(json.dumps(foot_proof))
    result = invoke(runner, "check", tmp_path, "--jobs", "2")
    assert result.exit_code == 1
    out = result.stdout
    assert "broken.json: invalid: not JSON" in out
    assert "list.json: invalid: not a proof document" in out
    assert "binary.json: invalid: cannot read: not UTF-8" in out
    assert "odd.json: invalid: " in out
    assert out.strip().splitlines()[-1] == "checked 1/5 valid"


def test_check_missing_path(runner, tmp_path):
    result = invoke(runner, "check", tmp_path / "nothing.json")
    assert result.exit_code == 2 and "no such file" in result.stderr
