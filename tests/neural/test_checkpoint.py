"""The default checkpoint ships inside the package (small, not git-ignored, in the wheel)
and is what `--proposer model` loads when no `--model` is given."""

from __future__ import annotations

import json
import subprocess
import zipfile

import pytest
from helpers import ROOT

from neural.tokens import Vocabulary

DEFAULT = ROOT / "neural" / "checkpoints" / "default"
FILES = ("model.safetensors", "config.json", "tokenizer.json", "README.md")


def test_the_default_checkpoint_is_small_and_complete():
    paths = [DEFAULT / name for name in FILES]
    assert all(p.is_file() for p in paths), [p.name for p in paths if not p.is_file()]
    assert sum(p.stat().st_size for p in DEFAULT.iterdir()) <= 30 * 2**20
    config = json.loads((DEFAULT / "config.json").read_text(encoding="utf-8"))
    assert config["params"] <= 7_000_000
    assert len(Vocabulary.load(DEFAULT / "tokenizer.json")) == config["vocab_size"]
    card = (DEFAULT / "README.md").read_text(encoding="utf-8")
    for part in ("## Data", "## Recipe", "## Metrics", "build_checkpoint.py"):
        assert part in card
    rel = [str(p.relative_to(ROOT)) for p in paths]
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *rel], cwd=ROOT,
                             capture_output=True, text=True)
    assert ignored.returncode == 1 and not ignored.stdout, ignored.stdout  # none ignored


def test_the_model_proposer_loads_the_default_without_model_dir():
    pytest.importorskip("torch")
    from neural.guide import DEFAULT_MODEL_DIR, ModelProposer, resolve_model_dir
    from symbolic.diagram import realize
    from symbolic.parser import parse_problem

    assert resolve_model_dir(None) == DEFAULT_MODEL_DIR == DEFAULT
    proposer = ModelProposer(samples=8)
    problem = parse_problem("a b c = triangle a b c; d = midpoint d a b; "
                            "e = midpoint e a c ? para d e b c")

    class Node:
        aux: tuple = ()

    node = Node()
    node.problem, node.diagram = problem, realize(problem)  # type: ignore[attr-defined]
    proposals = proposer.propose(node, 8)  # type: ignore[arg-type]
    assert len(proposals) <= 8
    assert all(p.clause.split(" = ")[0] not in problem.points for p in proposals)


@pytest.mark.slow
def test_the_wheel_holds_the_default_checkpoint(tmp_path):
    wheel_builder = pytest.importorskip("hatchling.builders.wheel")
    builder = wheel_builder.WheelBuilder(str(ROOT))
    [wheel] = list(builder.build(directory=str(tmp_path), versions=["standard"]))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"neural/checkpoints/default/{n}" for n in FILES} <= names


def test_the_demo_step_with_the_model_skips_without_the_extra(monkeypatch, tmp_path, capsys):
    import neural.extras
    from pappus.commands import demo

    def missing(feature: str) -> None:
        raise neural.extras.MissingExtraError(f"error: {feature} needs the 'neural' extra")

    monkeypatch.setattr(neural.extras, "require_torch", missing)
    assert demo.solve_with_model(tmp_path) == (0, None)
    out = capsys.readouterr().out
    assert "skipped: --proposer ensemble needs the 'neural' extra" in out
