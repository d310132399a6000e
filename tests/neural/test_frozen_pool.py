"""`neural.frozen_pool`: a run's test pool exported to a file, and a later run taking it
from there instead of generating it (generation replaced by the fixture slices of
test_loop)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("torch")

from neural.frozen_pool import export_frozen_pool, take_frozen_pool  # noqa: E402
from neural.loop import Loop  # noqa: E402
from neural.loop_config import LoopConfigError  # noqa: E402
from neural.loop_data import load_pool  # noqa: E402
from tests.neural.test_loop import TINY, HeuristicLoop, _state  # noqa: E402
from tests.neural.test_loop_arms import _fixture_generation  # noqa: E402, F401


def _without_generated_test_set(state: dict) -> dict:
    return {k: v for k, v in state.items() if not k.startswith("test/generated/")}


def test_a_run_on_an_exported_pool_ends_as_the_run_that_generated_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = tmp_path / "first"
    HeuristicLoop(first, TINY, rounds=1, progress=False).run()
    pool_file = tmp_path / "pool.json"
    summary = export_frozen_pool(first, pool_file, {"commit": "test"})
    assert summary["problems"] >= TINY.test_size

    # the second run generates no test set: a generation call for the test seed fails
    from neural import loop_data
    from neural.loop import TEST_SEED_OFFSET

    generate = loop_data.generate_records

    def no_test_generation(out_dir: Path, count: int, seed: int, *args: object,
                           **kwargs: object) -> None:
        assert seed != TINY.seed + TEST_SEED_OFFSET, "the test pool was generated"
        generate(out_dir, count, seed, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loop_data, "generate_records", no_test_generation)
    config = TINY.__class__(**{**TINY.to_dict(), "test_pool": str(pool_file)})
    second = tmp_path / "second"
    HeuristicLoop(second, config, rounds=1, progress=False).run()
    assert not (second / "test" / "generated").exists()
    assert load_pool(second / "test" / "pool.jsonl") == load_pool(first / "test" / "pool.jsonl")
    # later pools stay off the same premise sets, so everything after is the same
    from neural.loop_data import premise_keys

    resumed = HeuristicLoop(second, config, rounds=1, resume=True, progress=False)
    assert resumed._test_keys() == premise_keys([first / "test" / "generated"])
    assert _state(second) == _without_generated_test_set(_state(first))
    frozen = json.loads((second / "test" / "frozen.json").read_text())
    assert frozen["dropped_for_corpus"] == 0 and len(frozen["sha256"]) == 64


def test_problems_on_the_corpus_premise_sets_are_never_taken(tmp_path: Path) -> None:
    HeuristicLoop(tmp_path / "run", TINY, rounds=0, progress=False).run()
    pool_file = tmp_path / "pool.json"
    export_frozen_pool(tmp_path / "run", pool_file, {})
    problems = json.loads(pool_file.read_text())["problems"]
    first_key = problems[0]["premise_key"]
    kept, exclude, summary = take_frozen_pool(pool_file, {first_key}, 1)
    assert kept[0].premise_key != first_key and first_key in exclude
    assert summary["dropped_for_corpus"] == sum(p["premise_key"] == first_key
                                                for p in problems)
    every_key = {p["premise_key"] for p in problems}
    with pytest.raises(LoopConfigError, match="off this run's corpus"):
        take_frozen_pool(pool_file, every_key, 1)


@pytest.mark.parametrize(("text", "message"), [
    (None, "no test pool file"),
    ("{not json", r"pool\.json:1:2: not a test pool file"),
    ('{"format": "other"}', "format is not"),
    ('{"format": "pappus-loop-test-pool/1", "problems": [{"id": 1}], "exclude": []}',
     "malformed test pool entry"),
])
def test_a_bad_pool_file_is_a_clear_error_before_any_work(
        tmp_path: Path, text: str | None, message: str) -> None:
    pool_file = tmp_path / "pool.json"
    if text is not None:
        pool_file.write_text(text)
    config = TINY.__class__(**{**TINY.to_dict(), "test_pool": str(pool_file)})
    with pytest.raises(LoopConfigError, match=message) as info:
        Loop(tmp_path / "run", config, rounds=0, progress=False)
    assert "hint:" in str(info.value)
    assert not (tmp_path / "run").exists()


def test_cli_names_a_missing_pool_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tests.helpers import invoke

    result = invoke(CliRunner(), "loop", "--out", str(tmp_path / "r"), "--test-pool",
                    str(tmp_path / "missing.json"))
    assert result.exit_code == 2
    assert "no test pool file" in result.output and "hint:" in result.output


def test_the_shipped_small_pool_is_a_whole_test_pool() -> None:
    from neural.frozen_pool import read_frozen_pool
    from neural.loop_config import CONFIGS

    shipped = Path(__file__).parents[2] / "benchmarks/loop_test_pool/small-seed0.json"
    problems, exclude, provenance = read_frozen_pool(shipped)
    assert len(problems) >= CONFIGS["small"].test_size
    assert provenance["seed"] == CONFIGS["small"].seed
    assert len({p.problem for p in problems}) == len(problems)
    assert all(" ? " in p.problem and p.n_aux >= 1 for p in problems)
    assert {p.premise_key for p in problems} <= exclude
