"""`pappus train`, `solve --proposer model|ensemble`, `bench --search model`, and the
command line without torch (the `neural` extra is optional)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import invoke
from model_helpers import FOOT_PROBLEM, foot_dataset

from pappus.problems import benchmark_file

JGEX = str(benchmark_file("jgex_ag_231"))


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A model trained by `pappus train` on the foot records (tiny, 120 steps)."""
    torch = pytest.importorskip("torch")
    from typer.testing import CliRunner

    tmp = tmp_path_factory.mktemp("cli-model")
    data = foot_dataset(tmp)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        result = invoke(CliRunner(), "train", "--data", data, "--out", tmp / "model",
                        "--size", "tiny", "--steps", 120, "--batch-size", 16,
                        "--eval-every", 60, "--lr", 0.003, "--device", "cpu")
    finally:
        torch.set_num_threads(threads)
    return tmp, result


def test_train_writes_a_model_and_a_json_summary(trained):
    tmp, result = trained
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["step"] == 120 and summary["val_loss"] is not None
    assert summary["data"]["records"]["used"] == 200
    for name in ("model.safetensors", "config.json", "tokenizer.json", "loss.png"):
        assert (tmp / "model" / name).is_file()


def test_train_bad_input_exits_2(runner, trained, tmp_path):
    tmp, _ = trained
    for args, message in [
        (("--data", tmp_path, "--out", tmp_path / "m"), "not a dataset directory"),
        (("--data", tmp / "foot-data", "--out", tmp_path / "m", "--size", "huge"),
         "unknown model size"),
        (("--data", tmp / "foot-data", "--out", tmp / "model"), "already holds a training"),
        (("--data", tmp / "foot-data", "--out", tmp_path / "m", "--resume"),
         "nothing to resume"),
    ]:
        result = invoke(runner, "train", *args)
        assert result.exit_code == 2, result.output
        assert message in result.output


@pytest.mark.parametrize("proposer", ["model", "ensemble"])
def test_solve_with_the_model(runner, trained, tmp_path, proposer):
    tmp, _ = trained
    out = tmp_path / "proof.json"
    result = invoke(runner, "solve", JGEX, FOOT_PROBLEM, "--proposer", proposer,
                    "--model", tmp / "model", "--json", out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["aux"] == ["f = foot f c a b"]


def test_bench_search_model(runner, trained, tmp_path):
    tmp, _ = trained
    result = invoke(runner, "bench", JGEX, "--names", FOOT_PROBLEM, "--search", "model",
                    "--model", tmp / "model", "--out", tmp_path / "b", "--timeout", 60)
    assert result.exit_code == 0, result.output
    assert "solved 1/1" in result.output
    summary = json.loads((tmp_path / "b" / "summary.json").read_text())
    assert summary["config"]["model"] == str(tmp / "model")


def test_missing_model_exits_2(runner, tmp_path):
    pytest.importorskip("torch")
    result = invoke(runner, "solve", JGEX, FOOT_PROBLEM, "--proposer", "model",
                    "--model", tmp_path)
    assert result.exit_code == 2
    assert "no model in" in result.output and "pappus train" in result.output


# torch made unimportable, as on an install without the `neural` extra
NO_TORCH = ("import sys; sys.modules['torch'] = None; sys.argv = ['pappus'] + sys.argv[1:]; "
            "from pappus.cli import main; main()")


def _without_torch(*args: object) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([sys.executable, "-c", NO_TORCH, *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env)


def test_without_torch_heuristic_works_and_model_names_the_extra(tmp_path):
    done = _without_torch("solve", JGEX, FOOT_PROBLEM, "--proposer", "heuristic")
    assert done.returncode == 0, done.stderr
    assert "Auxiliary constructions" in done.stdout
    for args in (("solve", JGEX, FOOT_PROBLEM, "--proposer", "model"),
                 ("bench", JGEX, "--names", FOOT_PROBLEM, "--search", "ensemble",
                  "--out", tmp_path / "b"),
                 ("train", "--data", tmp_path, "--out", tmp_path / "m")):
        done = _without_torch(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert "'neural' extra" in done.stderr and 'pip install "pappus[neural]"' in done.stderr
        assert "Traceback" not in done.stderr
