"""Generation runs: reproducible, resumable after kills, balanced, backend-independent."""

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

from generator import extract as extract_module
from generator import pipeline, worker
from generator.config import GeneratorConfig, sample_seed
from generator.dataset import read_dataset, read_manifest
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


# ---------------------------------------------------------------- the records' contract


def test_records_columns_are_what_their_proofs_prove(reference):
    """problem, aux and goal are the proof's; full_problem is problem's premises, then the
    auxiliary clauses, then the goal; premise points come first in the names."""
    assert any(r["aux"] for r in reference)  # the check covers auxiliary records
    for row in reference:
        proof = json.loads(row["proof"])
        assert (proof["problem"], proof["aux"], proof["goal"]) == \
            (row["problem"], row["aux"], row["goal"])
        body, goal = (part.strip() for part in row["problem"].split("?"))
        assert goal == row["goal"]
        assert row["full_problem"] == "; ".join([body, *row["aux"]]) + " ? " + goal
        premise_points = [p for clause in body.split(";")
                          for p in clause.split("=")[0].split()]
        assert premise_points == _NAMES[:len(premise_points)], row["problem"]


_NAMES = [chr(ord("a") + k) for k in range(26)]


def _corrupting(monkeypatch, which: set[int], corrupt) -> list[TheoremRecord]:
    """Make the `which`-th records built (0-based, in build order) go through `corrupt`."""
    real = extract_module.build_record
    built: list[TheoremRecord] = []
    corrupted: list[TheoremRecord] = []

    def build(*args, **kwargs):
        record = real(*args, **kwargs)
        built.append(record)
        if len(built) - 1 in which:
            record = corrupt(record)
            corrupted.append(record)
        return record

    monkeypatch.setattr(extract_module, "build_record", build)
    return corrupted


BOUNDED = {**SMALL, "count": 1000, "max_samples": 4}  # a fixed set of samples


@pytest.fixture(scope="module")
def bounded(tmp_path_factory):
    out = tmp_path_factory.mktemp("bounded") / "ds"
    return generate(GeneratorConfig(**BOUNDED), out, progress=False), rows(out)


def _drop_premises_of_last_step(record: TheoremRecord) -> TheoremRecord:
    proof = json.loads(record.proof)
    proof["steps"][-1]["premises"] = []
    return dataclasses.replace(record, proof=json.dumps(proof))


def test_a_record_the_checker_rejects_is_counted_and_not_written(bounded, tmp_path,
                                                                 monkeypatch):
    base_summary, base_rows = bounded
    corrupted = _corrupting(monkeypatch, {1}, _drop_premises_of_last_step)
    out = tmp_path / "ds"
    summary = generate(GeneratorConfig(**BOUNDED), out, progress=False)
    assert len(corrupted) == 1
    assert summary.rejected["checker"] == base_summary.rejected.get("checker", 0) + 1
    got = rows(out)
    assert corrupted[0].proof not in {r["proof"] for r in got}
    assert all(r["verified"] for r in got)
    manifest = read_manifest(out)
    assert manifest["rejected"] == dict(summary.rejected)
    assert any(e["reason"] == "checker" and e["sample"] == corrupted[0].sample
               for e in manifest["rejections"])
    card = (out / "README.md").read_text()
    assert f"| checker | {summary.rejected['checker']} |" in card


def test_a_record_whose_columns_disagree_is_counted_and_not_written(bounded, tmp_path,
                                                                    monkeypatch):
    base_summary, _ = bounded

    def swap_goal_of_full_problem(record: TheoremRecord) -> TheoremRecord:
        body = record.full_problem.split("?")[0].strip()
        return dataclasses.replace(record, full_problem=f"{body} ? coll a b c")

    corrupted = _corrupting(monkeypatch, {0, 2}, swap_goal_of_full_problem)
    out = tmp_path / "ds"
    summary = generate(GeneratorConfig(**BOUNDED), out, progress=False)
    assert len(corrupted) == 2
    assert summary.rejected["mismatch:full_problem"] == 2
    assert not {r.full_problem for r in corrupted} & {r["full_problem"] for r in rows(out)}
    assert read_manifest(out)["rejected"]["mismatch:full_problem"] == 2


def test_verified_is_the_checkers_verdict(bounded, monkeypatch, tmp_path):
    """With a checker that says no, nothing is written: verified is never a constant."""
    from generator import verify as verify_module
    from symbolic.checker import CheckResult

    monkeypatch.setattr(verify_module, "check_proof",
                        lambda proof, *a, **k: CheckResult(False, ["no, on purpose"]))
    out = tmp_path / "ds"
    summary = generate(GeneratorConfig(**{**BOUNDED, "max_samples": 1}), out,
                       progress=False)
    assert summary.written == 0 and summary.rejected["checker"] > 0


def test_a_record_without_the_checkers_verdict_is_not_written(monkeypatch, tmp_path):
    monkeypatch.setattr(extract_module, "verify_record", lambda record, seed: None)
    out = tmp_path / "ds"
    summary = generate(GeneratorConfig(**{**BOUNDED, "max_samples": 1}), out,
                       progress=False)
    assert summary.written == 0 and summary.rejected["unverified"] > 0
    assert read_manifest(out)["rejected"] == {"unverified": summary.rejected["unverified"]}


# ---------------------------------------------------------------- resuming


def test_resume_with_a_larger_count_writes_the_fresh_runs_records(reference, tmp_path):
    out = tmp_path / "grow"
    first = generate(GeneratorConfig(**{**SMALL, "count": 30}), out, progress=False)
    assert first.written == 30
    got = rows(out)
    last = max(r["sample"] for r in got)  # the run stopped inside this sample:
    assert sum(r["sample"] == last for r in reference) > sum(r["sample"] == last for r in got)
    assert read_manifest(out)["complete"]
    second = generate(GeneratorConfig(**SMALL), out, resume=True, progress=False)
    assert rows(out) == reference
    assert (second.written, second.total) == (SMALL["count"] - 30, SMALL["count"])


def test_resume_with_the_same_count_when_done_writes_nothing(tmp_path):
    out = tmp_path / "done"
    generate(GeneratorConfig(**{**SMALL, "count": 7}), out, progress=False)
    before = rows(out)
    again = generate(GeneratorConfig(**{**SMALL, "count": 7}), out, resume=True,
                     progress=False)
    assert again.written == 0 and again.total == 7 and again.samples == 0
    assert rows(out) == before and read_manifest(out)["complete"]


def test_resumed_summary_reports_that_runs_records(tmp_path):
    out = tmp_path / "ds"
    first = generate(GeneratorConfig(**{**SMALL, "count": 5}), out, progress=False)
    assert (first.written, first.total) == (5, 5)
    second = generate(GeneratorConfig(**{**SMALL, "count": 12}), out, resume=True,
                      progress=False)
    assert (second.written, second.total) == (7, 12)
    assert second.per_core_hour(2) == pytest.approx(7 / second.seconds * 3600 / 2)


# ---------------------------------------------------------------- the manifest's state


def test_manifest_is_incomplete_until_the_count_is_reached(reference, tmp_path, monkeypatch):
    out = tmp_path / "ds"
    real_run = pipeline.run
    seen: list[bool] = []

    def interrupted_run(config, start, stop):
        for k, item in enumerate(real_run(config, start, stop)):
            seen.append(read_manifest(out)["complete"])
            if k == 2:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(pipeline, "run", interrupted_run)
    first = generate(GeneratorConfig(**SMALL), out, progress=False)
    assert first.interrupted and seen and not any(seen)
    manifest = read_manifest(out)
    assert manifest["complete"] is False and manifest["stopped"] == "interrupted"
    card = (out / "README.md").read_text()
    assert "partial" in card and f"of the {SMALL['count']} requested" in card
    monkeypatch.setattr(pipeline, "run", real_run)
    generate(GeneratorConfig(**SMALL), out, resume=True, progress=False)
    manifest = read_manifest(out)
    assert manifest["complete"] is True and manifest["stopped"] == "count"
    assert "partial" not in (out / "README.md").read_text()


def test_a_run_stopped_by_max_samples_short_of_count_is_incomplete(tmp_path):
    out = tmp_path / "ds"
    summary = generate(GeneratorConfig(**{**SMALL, "count": 1000, "max_samples": 2}), out,
                       progress=False)
    assert 0 < summary.written < 1000
    manifest = read_manifest(out)
    assert manifest["complete"] is False and manifest["stopped"] == "max_samples"
    assert "partial" in (out / "README.md").read_text()


def test_the_manifest_exists_before_the_first_sample(tmp_path, monkeypatch):
    out = tmp_path / "ds"

    def no_samples(config, start, stop):
        assert read_manifest(out)["complete"] is False
        assert "is partial" in (out / "README.md").read_text()  # a kill now leaves that
        raise RuntimeError("stop here")
        yield

    monkeypatch.setattr(pipeline, "run", no_samples)
    with pytest.raises(RuntimeError, match="stop here"):
        generate(GeneratorConfig(**SMALL), out, progress=False)
    manifest = read_manifest(out)
    assert manifest["complete"] is False and manifest["stopped"] == "error"
    assert "the run stopped on an error" in (out / "README.md").read_text()


# ---------------------------------------------------------------- failing samples


@pytest.mark.parametrize("workers", [1, 2])
def test_a_sample_that_raises_is_recorded_and_the_run_goes_on(tmp_path, monkeypatch,
                                                             workers):
    config = GeneratorConfig(**{**BOUNDED, "workers": workers})
    bad = sample_seed(config.seed, 2)
    real = worker.sample_problem

    def failing(seed, sampling):
        if seed == bad:
            raise RuntimeError("injected failure")
        return real(seed, sampling)

    monkeypatch.setattr(worker, "sample_problem", failing)  # forked pool workers too
    out = tmp_path / "ds"
    summary = generate(config, out, progress=False)
    assert not summary.interrupted and summary.samples == 4
    assert [(f["sample"], f["seed"], f["error"]) for f in summary.failed] == \
        [(2, bad, "RuntimeError: injected failure")]
    samples = {r["sample"] for r in rows(out)}
    assert 2 not in samples and 3 in samples  # went on past it
    manifest = read_manifest(out)
    assert [(f["sample"], f["seed"], f["error"]) for f in manifest["failed_samples"]] == \
        [(2, bad, "RuntimeError: injected failure")]
    assert "failed" in (out / "README.md").read_text()
    # a resume goes on after it, not into it again
    again = generate(GeneratorConfig(**{**BOUNDED, "max_samples": 5}), out, resume=True,
                     progress=False)
    assert again.samples == 1 and not again.failed
    assert len(read_manifest(out)["failed_samples"]) == 1
