"""The control arms of `benchmarks/loop.py`: what each one trains on, and that they share
the main arm's round 0 (generation replaced by the fixture slices of test_loop)."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")

import torch  # noqa: E402

from neural import loop_data  # noqa: E402
from neural.loop import STATE  # noqa: E402
from tests.neural.test_loop import TINY, HeuristicLoop, fake_generate  # noqa: E402

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(autouse=True)
def _fixture_generation(monkeypatch: pytest.MonkeyPatch) -> None:
    torch.set_num_threads(1)
    monkeypatch.setattr(loop_data, "generate_records", fake_generate)


def bench_module(script: str = "loop") -> Any:
    """A script of benchmarks/ imported as a module (with that folder on the path)."""
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"{script}_bench",
                                                      BENCH / f"{script}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


def heuristic(cls: Any) -> Any:
    """An arm with the heuristic proposer in its searches (as test_loop's HeuristicLoop)."""

    def search_config(self: Any, model_round: int, calls: int, seed: int) -> Any:
        return replace(cls.search_config(self, model_round, calls, seed),
                       proposer="heuristic", model=None)

    return type(f"Heuristic{cls.__name__}", (cls,), {"search_config": search_config})


def test_control_arms_train_on_what_their_labels_say(tmp_path: Path) -> None:
    bench = bench_module()
    main = tmp_path / "main"
    HeuristicLoop(main, TINY, rounds=1, progress=False).run()
    main_train = json.loads((main / "rounds/01/train.json").read_text())
    assert main_train["found_examples"] > 0 and main_train["corpus_examples"] > 0

    trained = {}
    for arm, cls in (("self-only", bench.SelfOnlyLoop), ("corpus-only", bench.CorpusOnlyLoop),
                     ("unchecked", bench.UncheckedLoop)):
        out = tmp_path / arm
        bench.share_round0(main, out, 1)
        assert "r0:eval" in json.loads((out / STATE).read_text())["done"]
        loop = heuristic(cls)(out, TINY, 1, resume=True, progress=False)
        loop.main_dir = main
        rows = loop.run()
        assert rows[0]["test_solved"] == HeuristicLoop(main, TINY, 1, resume=True,
                                                       progress=False).run()[0]["test_solved"]
        trained[arm] = json.loads((out / "rounds/01/train.json").read_text())

    assert trained["self-only"]["corpus_examples"] == 0
    assert trained["self-only"]["found_examples"] == main_train["found_examples"]
    assert trained["corpus-only"]["found_examples"] == 0
    assert trained["corpus-only"]["corpus_examples"] == main_train["corpus_examples"]
    assert (tmp_path / "corpus-only/rounds/01/pool.jsonl").read_text() == ""
    # the unchecked arm adds a top proposal of every pool problem to the checked records
    unchecked = (tmp_path / "unchecked/rounds/01/unchecked.jsonl").read_text().splitlines()
    assert unchecked and all(json.loads(x)["verified"] is False for x in unchecked)
    assert trained["unchecked"]["found_examples"] > main_train["found_examples"]
