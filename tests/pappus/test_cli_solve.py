"""`pappus solve` and `pappus bench --search`: proofs with auxiliary points, exit codes."""

from __future__ import annotations

import csv
import json

from helpers import JGEX, invoke

from symbolic.checker import check_proof

NEEDS_AUX = "examples/complete2/unsolved1/complete_010_Other_gao_Y_yL157-1.gex"
PLAIN = "examples/complete2/000/complete_004_6_GDD_FULL_81-109_96.gex"


def test_solve_prints_auxiliary_constructions_and_writes_checked_json(runner, tmp_path):
    out = tmp_path / "proof.json"
    result = invoke(runner, "solve", JGEX, NEEDS_AUX, "--max-calls", "100",
                    "--json", out, "--draw", tmp_path / "fig.svg")
    assert result.exit_code == 0, result.output
    assert "Auxiliary constructions:" in result.stdout
    doc = json.loads(out.read_text())
    assert doc["aux"] and doc["search"]["calls"] >= 2
    assert check_proof(doc).valid
    assert (tmp_path / "fig.svg").exists()


def test_solve_not_proved_exits_1_with_the_stop_reason(runner):
    result = invoke(runner, "solve", JGEX, NEEDS_AUX, "--max-calls", "1")
    assert result.exit_code == 1
    assert "not proved: call_limit" in result.output


def test_solve_bad_options_exit_2(runner):
    result = invoke(runner, "solve", JGEX, NEEDS_AUX, "--proposer", "oracle")
    assert result.exit_code == 2 and "oracle" in result.output
    result = invoke(runner, "solve", JGEX, "no-such-problem")
    assert result.exit_code == 2


def test_bench_search_adds_aux_and_calls_columns(runner, tmp_path):
    out = tmp_path / "run"
    result = invoke(runner, "bench", JGEX, "--names", f"{NEEDS_AUX},{PLAIN}", "--search",
                    "heuristic", "--max-calls", "100", "--timeout", "60", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "solved 2/2"
    with (out / "results.csv").open() as f:
        rows = {r["name"]: r for r in csv.DictReader(f)}
    assert rows[NEEDS_AUX]["aux"] and int(rows[NEEDS_AUX]["calls"]) >= 2
    assert rows[PLAIN]["aux"] == "" and rows[PLAIN]["calls"] == "1"
    proofs = list((out / "proofs").glob("*.json"))
    assert len(proofs) == 2 and all(check_proof(json.loads(p.read_text())).valid
                                    for p in proofs)
    summary = json.loads((out / "summary.json").read_text())
    assert "exhausted" in summary["counts"]
