"""The training preset: settings resolved with explicit options first, and a run that
writes only verified needed-auxiliary records with their splits."""

from __future__ import annotations

import pytest

from generator.config import ConfigError, GeneratorConfig, config_from_options
from generator.dataset import iter_records, read_manifest
from generator.leaks import naming_leaks
from generator.pipeline import generate


def test_preset_values_and_explicit_overrides():
    config = config_from_options("aux", count=10, aux_fraction=None, neighbours=None)
    assert config.aux_fraction == 1.0 and config.needed_aux_only
    assert config.sampling == "aux" and config.neighbours == 2
    config = config_from_options("aux", count=10, sampling="default", neighbours=0,
                                 needed_aux_only=False)
    assert config.sampling == "default" and config.neighbours == 0
    assert not config.needed_aux_only
    assert config_from_options(None, count=3) == GeneratorConfig(count=3)
    with pytest.raises(ConfigError, match="--preset"):
        config_from_options("nope", count=1)
    with pytest.raises(ConfigError, match="--sampling"):
        GeneratorConfig(sampling="nope").validate()


def test_preset_run_writes_needed_aux_records_with_splits(tmp_path):
    # seed 31: sample 58 hides a fact of a square that needs auxiliary points
    config = config_from_options("aux", count=3, seed=31, max_samples=60, neighbours=1,
                                 saturation_timeout=60.0)
    summary = generate(config, tmp_path / "ds", progress=False)
    records = list(iter_records(tmp_path / "ds"))
    assert records and summary.written == len(records)
    for r in records:
        assert r.verified and r.aux and r.aux_needed and r.aux_fixpoint
        assert r.split in ("train", "validation", "test") and not naming_leaks(r)
    manifest = read_manifest(tmp_path / "ds")
    assert manifest is not None and manifest["settings"]["neighbours"] == 1
    files = [f for s in manifest["shards"] for f in s["files"]]
    assert {f["split"] for f in files} == {r.split for r in records}
    assert all(f["file"].startswith(f"data/{f['split']}-") for f in files)
