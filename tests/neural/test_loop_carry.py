"""`benchmarks/loop_carry.py`: a loop run saved part-way, restored elsewhere and resumed
ends as one never stopped (generation replaced by the fixture slices of test_loop)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")

from neural.loop import step_names  # noqa: E402
from tests.neural.test_loop import TINY, HeuristicLoop, Killed, _state  # noqa: E402
from tests.neural.test_loop_arms import _fixture_generation, bench_module  # noqa: E402, F401


def carry_module() -> Any:
    return bench_module("loop_carry")


def test_a_saved_and_restored_run_resumes_to_the_same_end(tmp_path: Path) -> None:
    carry = carry_module()
    whole = tmp_path / "whole"
    HeuristicLoop(whole, TINY, rounds=1, progress=False).run()

    cut = tmp_path / "cut" / "main"
    stop = step_names(1)[5]  # round 1's search done, its training not begun

    def hook(step: str) -> None:
        if step == stop:
            raise Killed(step)

    with pytest.raises(Killed):
        HeuristicLoop(cut, TINY, rounds=1, progress=False, on_step=hook).run()
    # a training step killed part-way: its model folder is not carried
    partial = cut / "rounds" / "01" / "model"
    partial.mkdir(parents=True)
    (partial / "trainer_state.pt").write_bytes(b"torn")

    saved = tmp_path / "carry"
    carry.save(cut.parent, saved)
    assert not (saved / "main/rounds/01/model").exists()
    assert (saved / "main/rounds/00/model/model.safetensors").is_file()
    assert not list(saved.rglob("trainer_state.pt"))
    with pytest.raises(SystemExit, match="exists"):
        carry.restore(saved, cut.parent)

    restored = tmp_path / "restored"
    carry.restore(saved, restored)
    HeuristicLoop(restored / "main", TINY, rounds=1, resume=True, progress=False).run()
    assert _state(restored / "main") == _state(whole)


def test_only_round_0_and_the_newest_weights_are_carried(tmp_path: Path) -> None:
    carry = carry_module()
    run = tmp_path / "run"
    HeuristicLoop(run, TINY, rounds=2, progress=False).run()
    saved = tmp_path / "carry"
    carry.save(run, saved)
    kept = sorted(p.parent.parent.name for p in saved.rglob("model.safetensors"))
    assert kept == ["00", "02"]
    assert (saved / "rounds/01/model/config.json").is_file()
