"""`pappus generate`: bad options, Ctrl-C, and what the summary reports."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator import extract as extract_module
from generator import worker
from generator.config import sample_seed
from generator.dataset import read_manifest
from pappus.cli import app

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["--seed", "11", "--min-points", "6", "--max-points", "9", "--max-per-sample", "15",
         "--shard-samples", "2"]


def invoke(*args: object):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.mark.parametrize("options, needle", [
    (["--count", "5", "--min-points", "10", "--max-points", "5"],
     "--min-points 10 is more than --max-points 5"),
    (["--count", "0"], "--count 0 must be at least 1"),
    (["--aux-fraction", "1.5"], "--aux-fraction 1.5 is not between 0 and 1"),
    (["--backend", "spark"], "unknown --backend 'spark'"),
    (["--ray-address", "auto"], "--ray-address needs --backend ray"),
    (["--max-samples", "0"], "--max-samples 0 must be at least 1"),
    (["--timeout", "0"], "--timeout 0.0 must be more than 0 seconds"),
])
def test_bad_options_exit_2_with_a_hint_before_anything_is_written(tmp_path, options, needle):
    out = tmp_path / "g2"
    result = invoke("generate", "--out", out, *options)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"error: {needle}", result.stderr
    assert lines[1].startswith("  hint: ") and len(lines) == 2
    assert not out.exists()


def test_out_that_is_a_file_is_refused(tmp_path):
    out = tmp_path / "file"
    out.write_text("mine")
    result = invoke("generate", "--out", out, "--count", "1")
    assert result.exit_code == 2 and "is a file" in result.stderr and "hint:" in result.stderr
    assert out.read_text() == "mine"


def test_summary_reports_this_runs_records_after_resume(tmp_path):
    out = tmp_path / "ds"
    first = invoke("generate", "--out", out, "--count", "5", *SMALL)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(f"wrote 5 theorems to {out} (5 in the dataset) ")
    assert "0 rejected" in first.stdout
    second = invoke("generate", "--out", out, "--count", "12", "--resume", *SMALL)
    assert second.exit_code == 0, second.output
    assert second.stdout.startswith(f"wrote 7 theorems to {out} (12 in the dataset) ")


def test_rejections_and_failed_samples_are_printed(tmp_path, monkeypatch):
    real_build = extract_module.build_record
    calls = []

    def corrupting(*args, **kwargs):
        record = real_build(*args, **kwargs)
        calls.append(record)
        if len(calls) == 1:
            proof = json.loads(record.proof)
            proof["steps"][-1]["premises"] = []
            record = dataclasses.replace(record, proof=json.dumps(proof))
        return record

    bad = sample_seed(11, 1)
    real_sample = worker.sample_problem

    def failing(seed, sampling):
        if seed == bad:
            raise ValueError("injected")
        return real_sample(seed, sampling)

    monkeypatch.setattr(extract_module, "build_record", corrupting)
    monkeypatch.setattr(worker, "sample_problem", failing)
    out = tmp_path / "ds"
    result = invoke("generate", "--out", out, "--count", "1000", "--max-samples", "3", *SMALL)
    assert result.exit_code == 0, result.output
    rejected = read_manifest(out)["rejected"]
    assert rejected.get("checker", 0) >= 1
    text = result.stdout
    assert f"{sum(rejected.values())} rejected" in text
    assert f"rejected by verification (a prover bug; see {out}/manifest.json): " in text
    assert f"checker {rejected['checker']}" in text
    assert f"1 sample failed (see {out}/manifest.json): sample 1 (seed {bad}): " \
           "ValueError: injected" in text


@pytest.mark.slow
def _as_from_a_terminal() -> None:
    """The child starts with SIGINT deliverable and handled, as a shell's foreground job:
    a signal mask or disposition left by other tests in this worker process (threads of
    Ray or torch block signals) would otherwise be inherited across exec."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_with_two_workers_prints_no_traceback(tmp_path):
    """SIGINT to the whole process group, as a terminal's Ctrl-C sends it."""
    out = tmp_path / "ds"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pappus.cli", "generate", "--out", str(out), "--count",
         "100000", "--workers", "2", "--min-points", "12", "--max-points", "16"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, env={**os.environ, "PYTHONWARNINGS": "ignore"},
        preexec_fn=_as_from_a_terminal)
    try:
        deadline = time.monotonic() + 60
        while not (out / "manifest.json").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # the workers are inside samples now
        assert proc.poll() is None, proc.communicate()
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert "Traceback" not in stderr, stderr
    assert proc.returncode == 130, (stdout, stderr)
    assert "interrupted" in stderr and "--resume" in stderr
    manifest = read_manifest(out)
    assert manifest["complete"] is False and manifest["stopped"] == "interrupted"
