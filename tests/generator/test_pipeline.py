"""Generation runs: reproducible, resumable after kills, balanced, backend-independent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import GeneratorConfig
from generator.dataset import read_dataset
from generator.pipeline import AuxPolicy, generate
from generator.records import TheoremRecord
from symbolic.checker import check_proof

SMALL = dict(count=40, seed=11, min_points=6, max_points=9, saturation_timeout=120.0,
             max_per_sample=15, shard_samples=2)


def rows(out: Path) -> list[dict]:
    table = read_dataset(out)
    return sorted(table.to_pylist(), key=lambda r: (r["sample"], r["id"]))


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("ref") / "ds"
    summary = generate(GeneratorConfig(**SMALL), out, progress=False)
    assert summary.written == SMALL["count"]
    return rows(out)


def test_records_are_verified_and_unique(reference):
    assert len({r["id"] for r in reference}) == len(reference)
    for row in reference[:10]:
        assert row["verified"]
        assert check_proof(row["proof"]).valid
        assert row["n_steps"] >= 2


def test_same_seed_same_dataset(reference, tmp_path):
    out = tmp_path / "again"
    generate(GeneratorConfig(**SMALL), out, progress=False)
    assert rows(out) == reference


def test_other_seed_other_dataset(reference, tmp_path):
    out = tmp_path / "other"
    generate(GeneratorConfig(**{**SMALL, "seed": 12}), out, progress=False)
    assert {r["id"] for r in rows(out)} != {r["id"] for r in reference}


def test_interrupt_then_resume_gives_the_same_records(reference, tmp_path, monkeypatch):
    out = tmp_path / "interrupted"
    real_run = pipeline.run

    def interrupted_run(config, start, stop):
        for k, item in enumerate(real_run(config, start, stop)):
            if k == 3:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(pipeline, "run", interrupted_run)
    first = generate(GeneratorConfig(**SMALL), out, progress=False)
    assert first.interrupted and first.written < SMALL["count"]
    monkeypatch.setattr(pipeline, "run", real_run)
    second = generate(GeneratorConfig(**SMALL), out, resume=True, progress=False)
    assert not second.interrupted and second.resumed_from > 0
    assert rows(out) == reference


def test_existing_dataset_needs_resume(reference, tmp_path):
    from symbolic.errors import PappusError

    out = tmp_path / "ds"
    generate(GeneratorConfig(**{**SMALL, "count": 5}), out, progress=False)
    with pytest.raises(PappusError, match="--resume"):
        generate(GeneratorConfig(**{**SMALL, "count": 5}), out, progress=False)


@pytest.mark.slow
def test_killed_at_random_points_and_resumed(reference, tmp_path):
    """SIGKILL the CLI several times mid-run; every resume continues where it stopped."""
    out = tmp_path / "killed"
    args = [sys.executable, "-m", "pappus.cli", "generate", "--out", str(out),
            "--count", str(SMALL["count"]), "--seed", str(SMALL["seed"]),
            "--min-points", str(SMALL["min_points"]), "--max-points", str(SMALL["max_points"]),
            "--timeout", str(SMALL["saturation_timeout"]),
            "--shard-samples", str(SMALL["shard_samples"]),
            "--max-per-sample", str(SMALL["max_per_sample"])]
    env = dict(os.environ)
    delays = [1.5, 2.5, 3.5]
    for k, delay in enumerate(delays):
        cmd = args + (["--resume"] if k else [])
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
    done = subprocess.run(args + ["--resume"], env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert rows(out) == reference


def _record(has_aux: bool) -> TheoremRecord:
    return TheoremRecord(id="x", problem="", aux=["x"] if has_aux else [], full_problem="",
                         goal="", proof="", proof_text="", n_points=0, n_premises=0,
                         n_steps=0, n_aux=1 if has_aux else 0, rules=[], seed=0)


@pytest.mark.parametrize("target", [0.0, 0.25, 0.5, 1.0])
def test_aux_policy_tracks_its_target(target):
    policy = AuxPolicy(target)
    stream = [_record(k % 10 == 0) for k in range(2000)]  # 10% natural aux share
    kept = [r for r in stream if policy.accept(r)]
    share = sum(r.n_aux > 0 for r in kept) / len(kept)
    assert abs(share - target) <= 0.02


def test_aux_fraction_one_keeps_only_auxiliary_theorems(tmp_path):
    out = tmp_path / "aux"
    config = GeneratorConfig(**{**SMALL, "count": 2, "aux_fraction": 1.0, "max_samples": 80,
                                "min_points": 10, "max_points": 14})
    summary = generate(config, out, progress=False)
    got = rows(out)
    assert got and all(r["n_aux"] > 0 and r["aux"] for r in got)
    assert summary.written == 2


def test_ray_backend_gives_the_local_records(reference, tmp_path):
    pytest.importorskip("ray")
    import ray

    out = tmp_path / "ray"
    try:
        generate(GeneratorConfig(**{**SMALL, "backend": "ray", "workers": 2}), out,
                 progress=False)
    finally:
        ray.shutdown()
    assert rows(out) == reference
