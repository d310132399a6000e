"""Training: only verified records, splits, determinism, resuming, the files written."""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from model_helpers import fake_rows, write_dataset  # noqa: E402

from neural.model import load_model  # noqa: E402
from neural.tokens import Vocabulary  # noqa: E402
from neural.train import TrainConfig, TrainError, train  # noqa: E402
from neural.train_data import (  # noqa: E402
    TrainDataError,
    batch_arrays,
    hash_split,
    load_training_data,
)

TINY = dict(size="tiny", steps=12, batch_size=8, eval_every=6, warmup=2, eval_examples=50)


@pytest.fixture(autouse=True)
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    rows = fake_rows(240)
    for row in rows[:40]:  # what the checker rejected must never be read
        row["verified"] = False
        row["aux"] = ["zz = unknown_construction zz a b"]
    return write_dataset(tmp_path_factory.mktemp("data") / "ds", rows)


def test_only_verified_records_are_read(dataset):
    data = load_training_data([dataset], Vocabulary(), 512)
    assert data.counts["not verified"] == 40
    assert data.counts["used"] == 200
    assert sum(len(s) for s in data.splits.values()) >= 200
    assert len(data.splits["validation"]) > 0


def test_split_column_is_used_when_present(tmp_path):
    rows = fake_rows(30, seed=1)
    for k, row in enumerate(rows):
        row["split"] = "validation" if k % 3 == 0 else "train"
    ds = write_dataset(tmp_path / "ds", rows, split_column=True)
    data = load_training_data([ds], Vocabulary(), 512)
    assert len(data.splits["test"]) == 0
    assert data.counts["used"] == 30


def test_hash_split_is_stable_and_by_premises():
    assert hash_split("a b c = triangle a b c") == hash_split(" a b c = triangle a b c ")
    shares = [hash_split(f"a b = segment a b; c = midpoint c a b {k}") for k in range(2000)]
    assert 0.85 < shares.count("train") / 2000 < 0.95


def test_loss_falls_on_the_clause_only(dataset):
    vocab = Vocabulary()
    data = load_training_data([dataset], vocab, 512)
    x, y = batch_arrays(data.splits["train"], [0, 1], vocab.pad)
    e = data.splits["train"][0]
    targets = [int(t) for t in y[0] if t != -100]
    assert targets == list(e.ids[e.start:])
    assert targets[-1] == vocab.eos


def test_augment_adds_reordered_training_examples_only(tmp_path):
    rows = fake_rows(30, seed=3)
    for k, row in enumerate(rows):
        row["split"] = "validation" if k % 3 == 0 else "train"
    ds = write_dataset(tmp_path / "ds", rows, split_column=True)
    vocab = Vocabulary()
    plain = load_training_data([ds], vocab, 512)
    more = load_training_data([ds], vocab, 512, augment=3, seed=1)
    again = load_training_data([ds], vocab, 512, augment=3, seed=1)
    assert len(more.splits["validation"]) == len(plain.splits["validation"])
    assert len(more.splits["train"]) > len(plain.splits["train"])
    assert more.counts["reordered copies"] > 0
    assert np.array_equal(more.splits["train"].tokens, again.splits["train"].tokens)
    # the targets are the same clauses under other names: the same lengths, same kinds
    originals = {vocab.decode(e.ids[e.start:]).split()[2] for e in map(
        plain.splits["train"].__getitem__, range(len(plain.splits["train"])))}
    for k in range(len(more.splits["train"])):
        e = more.splits["train"][k]
        assert vocab.decode(e.ids[e.start:]).split()[2] in originals


def test_per_figure_caps_the_training_records_of_one_premise_set(tmp_path):
    rows = fake_rows(12, seed=4)
    premises = rows[0]["problem"].partition(" ? ")[0]
    for k, row in enumerate(rows):
        goal = row["problem"].partition(" ? ")[2]
        row["problem"] = f"{premises} ? {goal}"
        row["id"] = f"r{k}"
        row["split"] = "train"
    ds = write_dataset(tmp_path / "ds", rows, split_column=True)
    capped = load_training_data([ds], Vocabulary(), 512, per_figure=5)
    assert capped.counts["used"] == 5 and capped.counts["over the per-figure limit"] == 7


def test_no_data_is_a_clear_error(tmp_path):
    with pytest.raises(TrainDataError, match="not a dataset directory"):
        load_training_data([tmp_path], Vocabulary(), 512)
    rows = fake_rows(5, seed=2)
    for row in rows:
        row["verified"] = False
    ds = write_dataset(tmp_path / "ds", rows)
    with pytest.raises(TrainDataError, match="no training examples"):
        load_training_data([ds], Vocabulary(), 512)


def _weights(out):
    model, config = load_model(out)
    return model.state_dict(), config


def test_training_writes_its_files_and_is_deterministic(dataset, tmp_path):
    result = train([str(dataset)], tmp_path / "a", TrainConfig(**TINY), progress=False)
    assert result.step == 12 and result.val_loss is not None
    for name in ("model.safetensors", "config.json", "tokenizer.json", "loss.png",
                 "history.json", "trainer_state.pt"):
        assert (tmp_path / "a" / name).is_file(), name
    config = json.loads((tmp_path / "a" / "config.json").read_text())
    assert config["train"]["size"] == "tiny" and config["data"]["records"]["used"] == 200
    train([str(dataset)], tmp_path / "b", TrainConfig(**TINY), progress=False)
    a, _ = _weights(tmp_path / "a")
    b, _ = _weights(tmp_path / "b")
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_resumed_run_ends_where_the_uninterrupted_one_does(dataset, tmp_path, monkeypatch):
    import neural.train as module

    cfg = TrainConfig(**{**TINY, "dropout": 0.1})
    train([str(dataset)], tmp_path / "whole", cfg, progress=False)
    real = module.lr_at

    def interrupted(step, config):
        if step == 9:  # after the checkpoint of step 6
            raise KeyboardInterrupt
        return real(step, config)

    monkeypatch.setattr(module, "lr_at", interrupted)
    with pytest.raises(KeyboardInterrupt):
        train([str(dataset)], tmp_path / "cut", cfg, progress=False)
    monkeypatch.setattr(module, "lr_at", real)
    assert json.loads((tmp_path / "cut" / "config.json").read_text())["step"] == 6
    with pytest.raises(TrainError, match="already holds a training run"):
        train([str(dataset)], tmp_path / "cut", cfg, progress=False)
    train([str(dataset)], tmp_path / "cut", cfg, resume=True, progress=False)
    a, _ = _weights(tmp_path / "whole")
    b, _ = _weights(tmp_path / "cut")
    assert all(torch.equal(a[k], b[k]) for k in a)
    history = [json.loads((tmp_path / d / "history.json").read_text()) for d in ("whole", "cut")]
    assert history[0] == history[1]


def test_resume_with_other_settings_is_refused(dataset, tmp_path):
    train([str(dataset)], tmp_path / "m", TrainConfig(**TINY), progress=False)
    with pytest.raises(TrainError, match="other settings"):
        train([str(dataset)], tmp_path / "m", TrainConfig(**{**TINY, "lr": 0.01}),
              resume=True, progress=False)
    with pytest.raises(TrainError, match="nothing to resume"):
        train([str(dataset)], tmp_path / "new", TrainConfig(**TINY), resume=True,
              progress=False)
