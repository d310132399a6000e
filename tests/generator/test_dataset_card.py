"""The dataset card: splits `datasets` can load, per-split counts, what was dropped."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import theorem_record

from generator import dataset
from generator.dataset import DatasetWriter
from generator.dataset_card import front_matter, split_patterns, write_card
from generator.dataset_stats import premise_set, summarize
from generator.records import TheoremRecord

PROBLEMS = [
    ("a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c ? para d e b c", ()),
    ("a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c; f = midpoint f b c "
     "? para d f a c", ("e = midpoint e a c",)),
]
SETTINGS = {"seed": 3, "count": 12}


@pytest.fixture(autouse=True)
def eager_manifest(monkeypatch):
    monkeypatch.setattr(dataset, "MANIFEST_INTERVAL", 0.0)


@pytest.fixture(scope="module")
def base() -> list[TheoremRecord]:
    return [theorem_record(text, aux, seed=5) for text, aux in PROBLEMS]


def make(root: Path, base: list[TheoremRecord], splits: list[str]) -> list[TheoremRecord]:
    """A dataset of one record a sample, record k in `splits[k]`; sample 0 drops two
    benchmark problems and three candidates whose auxiliary points are not needed."""
    records = []
    for k, split in enumerate(splits):
        r = base[k % 2]
        records.append(dataclasses.replace(
            r, id=f"{r.id}-{k}", sample=k, split=split, problem=r.problem.replace(
                " ? ", f"; g{k % 3} = free g{k % 3} ? "),  # 3 premise sets per base
            aux_needed=r.n_aux > 0, aux_fixpoint=r.n_aux > 0 and k % 4 == 1))
    writer = DatasetWriter(root, SETTINGS, shard_size=4)
    writer.add(records[:1], 1, dropped=[{"sample": 0, "benchmark_problem": 2,
                                          "aux_not_needed": 3}])
    writer.add(records[1:], len(records))
    writer.close()
    return records


SPLITS_12 = ["train", "validation", "test", "train"] * 3


def test_card_reports_each_split(tmp_path, base):
    root = tmp_path / "ds"
    records = make(root, base, SPLITS_12)
    stats = summarize(root)
    for name in ("train", "validation", "test"):
        mine = [r for r in records if r.split == name]
        split = stats.splits[name]
        assert split.records == len(mine)
        assert split.premise_sets == len({premise_set(r.problem) for r in mine})
        assert split.aux_needed == sum(r.aux_needed for r in mine)
        assert split.aux_fixpoint == sum(r.aux_fixpoint for r in mine)
        assert split.aux_points.counts == {n: sum(1 for r in mine if r.n_aux_points == n)
                                           for n in {r.n_aux_points for r in mine}}
    assert stats.premise_sets == len({premise_set(r.problem) for r in records})
    text = (root / "README.md").read_text()
    train = stats.splits["train"]
    assert (f"| train | {train.records} | {train.premise_sets} | ") in text
    for needle in ("## Splits", "### Auxiliary points per split",
                   "### Goal predicates per split", "| predicate | train | validation | test "
                   "| all |", "2 candidate(s) stated a benchmark problem",
                   "| aux_not_needed | 3 |", "aux_fixpoint"):
        assert needle in text, needle
    front = text.split("---\n")[1]
    assert ('    data_files:\n      - split: "train"\n        path: "data/train-*"\n'
            '      - split: "validation"\n        path: "data/validation-*"\n'
            '      - split: "test"\n        path: "data/test-*"\n') in front
    yaml = pytest.importorskip("yaml")
    meta = yaml.safe_load(front)
    assert meta["configs"] == [{"config_name": "default", "data_files": [
        {"split": s, "path": f"data/{s}-*"} for s in ("train", "validation", "test")]}]


def test_datasets_loads_the_three_splits(tmp_path, base, monkeypatch):
    datasets = pytest.importorskip("datasets")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    root = tmp_path / "ds"
    records = make(root, base, SPLITS_12)
    loaded = datasets.load_dataset(str(root), cache_dir=str(tmp_path / "cache"))
    assert sorted(loaded) == ["test", "train", "validation"]
    for name in loaded:
        assert sorted(loaded[name]["id"]) == sorted(r.id for r in records if r.split == name)
        assert set(loaded[name]["split"]) == {name}


def test_a_split_without_records_is_left_out_of_the_configs(tmp_path, base, monkeypatch):
    root = tmp_path / "ds"
    make(root, base, ["train", "test", "train"])  # no validation record
    manifest = dataset.read_manifest(root)
    assert split_patterns(root, manifest) == {"train": "data/train-*", "test": "data/test-*"}
    text = (root / "README.md").read_text()
    assert "| validation | 0 | 0 | 0 (-) | 0 (-) | 0 (-) |" in text
    assert 'split: "validation"' not in text.split("---\n")[1]
    datasets = pytest.importorskip("datasets")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    loaded = datasets.load_dataset(str(root), cache_dir=str(tmp_path / "cache"))
    assert {k: v.num_rows for k, v in loaded.items()} == {"train": 2, "test": 1}


def test_an_empty_dataset_has_a_card(tmp_path):
    root = tmp_path / "ds"
    DatasetWriter(root, SETTINGS, shard_size=4).close(complete=False, stopped="max_samples")
    text = (root / "README.md").read_text()
    assert "0 candidate(s) stated a benchmark problem" in text
    assert "| all | 0 | 0 |" in text
    assert split_patterns(root, dataset.read_manifest(root)) == {}
    assert front_matter(0)["configs"][0]["data_files"] == [
        {"split": "train", "path": "data/*.parquet"}]


def test_an_old_layout_dataset_is_one_train_split(tmp_path, base):
    """Files not named by split and without the newer columns (no manifest)."""
    root = tmp_path / "old"
    (root / "data").mkdir(parents=True)
    rows = [r.to_row() for r in base]
    for row in rows:
        for column in ("split", "aux_fixpoint", "aux_needed"):
            row.pop(column)
    pq.write_table(pa.Table.from_pylist(rows), root / "data" / "00000.parquet")
    assert split_patterns(root, {}) == {"train": "data/*.parquet"}
    stats = summarize(root)
    assert stats.splits["train"].records == 2 and stats.aux_needed == 0
    text = write_card(root).read_text()
    assert 'path: "data/*.parquet"' in text and "| train | 2 | 2 |" in text


def test_opening_a_dataset_writes_a_short_card_without_reading_records(tmp_path, base,
                                                                        monkeypatch):
    from generator import dataset_card

    root = tmp_path / "ds"
    make(root, base, SPLITS_12)

    def no_reading(*args, **kwargs):
        raise AssertionError("read the records")

    monkeypatch.setattr(dataset_card, "summarize", no_reading)
    writer = DatasetWriter(root, SETTINGS, shard_size=4)  # a resume: the run goes on
    text = (root / "README.md").read_text()
    assert "is partial" in text and "| validation | 3 | 3 | 3 |" in text
    assert 'path: "data/validation-*"' in text.split("---\n")[1]
    monkeypatch.undo()
    writer.close()
    assert "## Splits" in (root / "README.md").read_text()
