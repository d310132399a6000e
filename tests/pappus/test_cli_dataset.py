"""`pappus stats`, `pappus show` and `pappus check` on dataset directories."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from helpers import theorem_record
from typer.testing import CliRunner

from generator.dataset import DatasetWriter
from generator.records import TheoremRecord
from pappus.cli import app

PROBLEMS = [  # (full problem, auxiliary clauses)
    ("a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c ? para d e b c", ()),
    ("a b c = triangle a b c; d = midpoint d b c; e = midpoint e a c; f = midpoint f a b "
     "? cong d f e a", ()),
    ("a b c = triangle a b c; o = circle o a b c; m = midpoint m b c ? perp o m b c", ()),
    ("a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c; f = midpoint f b c "
     "? para d f a c", ("e = midpoint e a c",)),
]




@pytest.fixture(scope="module")
def records() -> list[TheoremRecord]:
    return [theorem_record(text, aux, sample) for sample, (text, aux) in enumerate(PROBLEMS)]


def write(root: Path, records: list[TheoremRecord]) -> Path:
    with DatasetWriter(root, {"seed": 3}, shard_size=2) as writer:
        writer.add(records, len(PROBLEMS))
    return root


@pytest.fixture(scope="module")
def dataset_dir(tmp_path_factory, records) -> Path:
    return write(tmp_path_factory.mktemp("ds") / "ds", records)


def invoke(*args: object):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_stats_table_and_plots(dataset_dir, tmp_path):
    plots = tmp_path / "plots"
    result = invoke("stats", dataset_dir, "--plots", plots, "--dpi", 40)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "records     4" in out and "unique ids  4" in out
    assert "aux share   1/4 (25.0%)" in out
    assert "proof length" in out and "points" in out and "premises" in out
    lines = out.splitlines()
    assert any(line.split()[:3] == ["para", "2", "50.0%"] for line in lines)
    assert any(line.split()[:3] == ["r06", "3", "75.0%"] and "midline" in line for line in lines)
    names = sorted(p.name for p in plots.iterdir())
    assert names == ["aux_points.png", "goal_predicates.png", "proof_length.png", "rules.png"]
    for p in plots.iterdir():
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    first = {p.name: p.read_bytes() for p in plots.iterdir()}
    invoke("stats", dataset_dir, "--plots", plots, "--dpi", 40)
    assert {p.name: p.read_bytes() for p in plots.iterdir()} == first  # deterministic
    data = json.loads(invoke("stats", dataset_dir, "--json").stdout)
    assert data["records"] == 4 and data["goal_predicates"] == {"para": 2, "cong": 1, "perp": 1}
    assert data["proof_length"]["max"] == 5


def test_stats_not_a_dataset(tmp_path):
    result = invoke("stats", tmp_path)
    assert result.exit_code == 2 and "not a dataset directory" in result.stderr


def test_show_by_prefix_and_draw(dataset_dir, records, tmp_path):
    record = records[3]
    out = tmp_path / "fig.svg"
    result = invoke("show", dataset_dir, record.id[:6], "--draw", out)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert f"id        {record.id}" in text
    assert f"problem   {record.problem}" in text
    assert "aux       e = midpoint e a c" in text
    assert "goal      para d f a c" in text
    assert record.proof_text.splitlines()[-1] in text and "Proof:" in text
    assert out.read_text().lstrip().startswith("<?xml")


def test_show_unknown_and_ambiguous_ids(dataset_dir, records):
    record = records[1]
    wrong = record.id[:5] + ("0" if record.id[5] != "0" else "1")
    result = invoke("show", dataset_dir, wrong)
    assert result.exit_code == 2
    assert f"no record with id {wrong!r}" in result.stderr
    assert record.id in result.stderr  # suggested
    result = invoke("show", dataset_dir, "")
    assert result.exit_code == 2 and "4 records have ids starting with" in result.stderr


def test_check_dataset_with_a_tampered_record(tmp_path, records):
    valid = invoke("check", write(tmp_path / "valid", records))
    assert valid.exit_code == 0, valid.output
    assert valid.stdout.strip().splitlines() == ["checked 4/4 valid"]
    proof = json.loads(records[0].proof)
    step = next(s for s in proof["steps"] if s["by"] == "r06")
    step["by"] = "r03"
    tampered = [dataclasses.replace(records[0], proof=json.dumps(proof)), *records[1:]]
    root = write(tmp_path / "tampered", tampered)
    result = invoke("check", root, "-j", "2")
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "checked 3/4 valid"
    assert len(lines) == 2 and lines[0].startswith(f"{records[0].id}: invalid: ")
    assert f"step {step['id']}:" in lines[0]
