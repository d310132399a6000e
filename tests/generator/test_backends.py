"""Backends: results taken as they finish, handed out in sample order."""

from __future__ import annotations

import time

import pytest

from generator import backends
from generator.backends import _Reorder, run_local
from generator.config import GeneratorConfig

SLOW = 1.0  # seconds sample 0 takes
FAST = 0.01  # seconds every other sample takes


def fake_samples(config: GeneratorConfig, batch: list[int]) -> list[tuple[int, float]]:
    """Stands in for `worker.run_samples`: sample 0 is slow; each result says when its
    sample finished (CLOCK_MONOTONIC is the same in every process)."""
    out = []
    for sample in batch:
        time.sleep(SLOW if sample == 0 else FAST)
        out.append((sample, time.monotonic()))
    return out


def test_reorder_hands_out_in_sequence_within_its_window():
    order = _Reorder(window=3)
    seqs = [order.submitted() for _ in range(3)]
    assert seqs == [0, 1, 2] and not order.room()
    order.finished(2, ["c"])
    order.finished(1, ["b"])
    assert list(order.ready()) == [] and not order.room()  # 0 is still running
    order.finished(0, ["a"])
    assert list(order.ready()) == [["a"], ["b"], ["c"]]
    assert order.room() and order.idle()


def test_a_slow_sample_does_not_idle_the_other_workers(monkeypatch):
    monkeypatch.setattr(backends, "run_samples", fake_samples)
    config = GeneratorConfig(count=1, workers=2)
    t0 = time.monotonic()
    results = list(run_local(config, 0, 48))
    wall = time.monotonic() - t0
    assert [s for s, _ in results] == list(range(48))  # in sample order, all of them
    slow_done = results[0][1]
    during = sum(1 for s, t in results[1:] if t < slow_done)
    # the other worker ran through the window while sample 0 slept: with the old window
    # (2 batches a worker, taken oldest first) 12 samples got done meanwhile
    assert during >= 30, (during, wall)
    # ... and the run took about as long as the slow sample, not slow + the rest
    assert wall < SLOW + 47 * FAST, wall


def broken_samples(config: GeneratorConfig, batch: list[int]) -> list[tuple[int, float]]:
    raise RuntimeError("boom")


def test_a_batch_that_raises_stops_the_run(monkeypatch):
    monkeypatch.setattr(backends, "run_samples", broken_samples)
    with pytest.raises(Exception, match="boom"):
        list(run_local(GeneratorConfig(count=1, workers=2), 0, 8))
