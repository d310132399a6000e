"""The expert-iteration loop: the verification gate, resuming, the reports and the CLI.

Generation is replaced by slices of a fixture of real needed-aux records (tests/neural/
data/loop_records.parquet: 23 verified records from 9 premise sets), one slice of
premise sets per generator seed, so no prover samples; the model is tiny and trains a
few steps; searches get a handful of prover calls.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest

pytest.importorskip("torch")

import torch  # noqa: E402

from generator.dataset import record_from_row  # noqa: E402
from neural import loop_data  # noqa: E402
from neural.loop import Loop, step_names  # noqa: E402
from neural.loop_config import LoopConfig, LoopConfigError  # noqa: E402
from neural.loop_data import (  # noqa: E402
    PoolProblem,
    UncheckedRecordError,
    found_record,
    read_trusted,
    write_found,
)
from neural.loop_search import read_lines, without_timing  # noqa: E402
from neural.search import SearchConfig  # noqa: E402

FIXTURE = Path(__file__).parent / "data" / "loop_records.parquet"


def fixture_rows() -> list[dict]:
    return pq.read_table(FIXTURE).to_pylist()


def premise_sets() -> list[str]:
    out: list[str] = []
    for row in fixture_rows():
        key = row["problem"].partition(" ? ")[0]
        if key not in out:
            out.append(key)
    return out


def fake_generate(out_dir: Path, count: int, seed: int, workers: int, backend: str,
                  max_per_sample: int | None = None, progress: bool = True) -> None:
    """A 'generated' dataset: premise sets 0-3 for the corpus (seed 0), 4-5 for the test
    pool (the test seed), 6-8 for round pools."""
    from tests.model_helpers import write_dataset

    sets = premise_sets()
    chosen = sets[:4] if seed == 0 else sets[4:6] if seed >= 500_000 else sets[6:]
    rows = [r for r in fixture_rows() if r["problem"].partition(" ? ")[0] in chosen]
    if not (out_dir / "data").is_dir():
        write_dataset(out_dir, rows)  # every row of the slice, whatever the count


TINY = LoopConfig(corpus_count=12, size="tiny", base_steps=6, batch_size=4,
                  pool_candidates=3, pool_size=3, per_premise=1, filter_calls=1,
                  search_calls=6, calls=8,
                  finetune_steps=3, test_candidates=2, test_size=2, bench_limit=0,
                  workers=1, block_size=256)


@pytest.fixture(autouse=True)
def _one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    torch.set_num_threads(1)
    monkeypatch.setattr(loop_data, "generate_records", fake_generate)


def a_record_and_pool() -> tuple[dict, PoolProblem]:
    row = next(r for r in fixture_rows() if r["aux"])
    return row, PoolProblem(row["id"], row["problem"], "", row["n_aux"])


def test_a_checked_proof_becomes_a_record_with_provenance() -> None:
    row, pool = a_record_and_pool()
    record, why = found_record(row["proof"], pool, {"round": 1, "search": {"max_calls": 2}})
    assert record is not None, why
    assert record.verified and record.aux == row["aux"]
    assert record.extra["round"] == 1 and record.extra["origin"] == "search"


def test_a_proof_of_another_goal_is_refused() -> None:
    row, pool = a_record_and_pool()
    proof = json.loads(row["proof"])
    proof["steps"] = proof["steps"][:-1]  # the goal's own step taken out
    record, why = found_record(json.dumps(proof), pool, {"round": 1})
    assert record is None and why


def test_an_unchecked_record_is_refused_on_the_way_in(tmp_path: Path) -> None:
    row, pool = a_record_and_pool()
    good, _ = found_record(row["proof"], pool, {"round": 1})
    assert good is not None
    bad = record_from_row({**row, "aux": [], "verified": True})  # claims a check it fails
    with pytest.raises(UncheckedRecordError, match="refused an unchecked record"):
        write_found(tmp_path / "found", [good, bad])
    assert not (tmp_path / "found" / loop_data.FOUND_FILE).exists()
    # slipped into a run folder by hand: refused when a training mix is built
    write_found(tmp_path / "found", [good])
    path = tmp_path / "found" / loop_data.FOUND_FILE
    table = pq.read_table(path).to_pylist()
    proof = json.loads(table[0]["proof"])
    proof["steps"] = proof["steps"][:-1]
    table[0]["proof"] = json.dumps(proof)
    pq.write_table(pq.read_table(path).from_pylist(table, schema=pq.read_schema(path)), path)
    with pytest.raises(UncheckedRecordError, match="does not accept"):
        read_trusted([tmp_path / "found"])


def test_the_mix_never_is_all_self_found() -> None:
    with pytest.raises(LoopConfigError, match="own records alone"):
        LoopConfig(mix=1.0)


class Killed(Exception):
    pass


class HeuristicLoop(Loop):
    """The loop with the heuristic proposer in its searches (a tiny model trained for a
    few steps finds nothing), so that round 1 finds, checks and trains on proofs."""

    def search_config(self, model_round: int, calls: int, seed: int) -> SearchConfig:
        return replace(super().search_config(model_round, calls, seed), proposer="heuristic",
                       model=None)


def _state(run: Path) -> dict:
    """What a run ended with, machine-dependent fields left out."""
    out: dict = {"state": json.loads((run / "state.json").read_text())}
    for path in sorted(run.rglob("*")):
        rel = path.relative_to(run).as_posix()
        if path.suffix == ".jsonl":
            out[rel] = without_timing(read_lines(path))
        elif path.name in ("model.safetensors", "train-00000.parquet"):
            out[rel] = path.read_bytes() if path.suffix == ".safetensors" else \
                pq.read_table(path).to_pylist()
    return out


def test_killed_and_resumed_ends_as_an_uninterrupted_run(tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    rows = HeuristicLoop(whole, TINY, rounds=1, progress=False).run()
    assert [r["round"] for r in rows] == [0, 1]
    assert rows[1]["records_added"] >= 1 and rows[1]["self_share"] == 0.25
    assert (whole / "table.md").is_file() and (whole / "curve.png").is_file()
    trust = json.loads((whole / "trust.json").read_text())
    assert trust["all_verified"] and trust["mixes"][0]["round"] == 1
    # the pool is searched at search_calls, the evaluations at calls
    found = pq.read_table(whole / "rounds/01/found" / loop_data.FOUND_FILE).to_pylist()
    assert {json.loads(r["provenance"])["search"]["max_calls"] for r in found} == {6}
    assert {d["calls"] <= 6 for d in read_lines(whole / "rounds/01/search.jsonl")} == {True}
    assert rows[1]["gain"][0] == rows[1]["test_rate"] - rows[0]["test_rate"]

    for k in (2, 5):  # after the model of round 0; after round 1's search
        cut = tmp_path / f"cut{k}"
        name = step_names(1)[k]

        def hook(step: str, name: str = name) -> None:
            if step == name:
                raise Killed(step)

        with pytest.raises(Killed):
            HeuristicLoop(cut, TINY, rounds=1, progress=False, on_step=hook).run()
        with pytest.raises(LoopConfigError, match="--resume"):
            HeuristicLoop(cut, TINY, rounds=1, progress=False)
        HeuristicLoop(cut, TINY, rounds=1, resume=True, progress=False).run()
        assert _state(cut) == _state(whole)


def test_resuming_with_other_settings_is_refused(tmp_path: Path) -> None:
    (tmp_path / "run").mkdir()
    Loop(tmp_path / "run", TINY, rounds=0, progress=False)  # writes loop.json only
    with pytest.raises(LoopConfigError, match="other settings"):
        Loop(tmp_path / "run", LoopConfig(**{**TINY.to_dict(), "calls": 5}), rounds=0,
             resume=True)
    with pytest.raises(LoopConfigError, match="threads"):
        Loop(tmp_path / "run", replace(TINY, threads=1), rounds=0, resume=True)


def test_a_run_from_before_a_setting_resumes_with_its_default(tmp_path: Path) -> None:
    run = tmp_path / "run"
    Loop(run, TINY, rounds=0, progress=False)
    saved = json.loads((run / "loop.json").read_text())
    del saved["identity"]["threads"]
    (run / "loop.json").write_text(json.dumps(saved))
    Loop(run, TINY, rounds=0, resume=True, progress=False)  # threads 2: what it used
    with pytest.raises(LoopConfigError, match="threads"):
        Loop(run, replace(TINY, threads=3), rounds=0, resume=True)


def test_training_runs_on_the_configured_threads(tmp_path: Path) -> None:
    seen: list[int] = []

    class Probe(HeuristicLoop):
        def _step_corpus(self, r: int) -> None:
            seen.append(torch.get_num_threads())
            super()._step_corpus(r)

    before = torch.get_num_threads()
    Probe(tmp_path / "run", replace(TINY, threads=3), rounds=0, progress=False).run()
    assert seen == [3] and torch.get_num_threads() == before


def test_cli_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tests.helpers import invoke

    result = invoke(CliRunner(), *["loop", "--out", str(tmp_path / "r"), "--resume"])
    assert result.exit_code == 2
    assert "nothing to resume" in result.output


def test_bench_pool_reads_the_named_problems() -> None:
    from neural.loop import bench_pool

    pool = bench_pool(LoopConfig(bench_limit=2))
    assert [p.id.split(":")[0] for p in pool] == ["imo_ag_30", "imo_ag_30"]
    assert all(" ? " in p.problem for p in pool)


def test_found_examples_get_the_corpus_augmentation() -> None:
    from neural.loop_data import examples_of
    from neural.tokens import Vocabulary, default_tokens

    records = [record_from_row(r) for r in fixture_rows() if r["aux"]][:4]
    vocab = Vocabulary(default_tokens())
    plain = examples_of(records, vocab, 512)
    more = examples_of(records, vocab, 512, augment=3, seed=1)
    assert len(plain) == sum(len(r.aux) for r in records)
    assert len(more) > len(plain)
    again = examples_of(records, vocab, 512, augment=3, seed=1)
    assert [again[i].ids for i in range(len(again))] == [more[i].ids for i in range(len(more))]
