"""Settings of a generation run: plain data, written into the dataset's manifest."""

from __future__ import annotations

import importlib.util
from dataclasses import asdict, dataclass, field
from typing import Any

from symbolic.errors import PappusError

from .sampling import PROFILES

BACKENDS = ("local", "ray")


class ConfigError(PappusError):
    """Settings that make no sense (checked before anything is written)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(f"error: {message}\n  hint: {hint}")


@dataclass(frozen=True)
class GeneratorConfig:
    """Everything that decides a run's output (with the code version)."""

    count: int = 1000  # verified unique theorems to write
    seed: int = 0
    workers: int = 1
    backend: str = "local"  # local | ray
    ray_address: str | None = None
    aux_fraction: float | None = None  # share of records with auxiliary points; None: natural
    needed_aux_only: bool = False  # auxiliary points only where the prover needs them
    sampling: str = "default"  # a profile of generator.sampling.PROFILES
    min_steps: int = 2
    min_points: int = 8
    max_points: int = 14
    max_facts: int = 20_000  # proven statements per sample: the deterministic budget
    saturation_timeout: float = 120.0  # wall-clock safety net (runs stay reproducible
    # only while no sample reaches it)
    max_per_sample: int = 200
    neighbours: int = 0  # problems drawn around a sample that gave records (same premises)
    shard_samples: int = 100  # samples per Parquet shard (about 100 records each)
    max_samples: int | None = None  # stop after this many samples even if short of count
    # problem files whose problems no record may state (generator.decontaminate)
    decontaminate: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("extra")
        out.update(self.extra)
        return out

    def validate(self) -> None:
        """Raise a `ConfigError` (a message and a hint; the CLI's exit code 2) for the
        first setting that makes no sense. Options are named as the CLI spells them."""
        checks: list[tuple[bool, str, str]] = [
            (self.count >= 1, f"--count {self.count} must be at least 1",
             "the number of theorems to write, e.g. --count 1000"),
            (self.workers >= 1, f"--workers {self.workers} must be at least 1",
             "one worker runs in this process; more run in a pool"),
            (self.backend in BACKENDS, f"unknown --backend {self.backend!r}",
             "use local (a process pool) or ray"),
            (self.ray_address is None or self.backend == "ray",
             "--ray-address needs --backend ray", "add --backend ray, or drop --ray-address"),
            (self.aux_fraction is None or 0 <= self.aux_fraction <= 1,
             f"--aux-fraction {self.aux_fraction} is not between 0 and 1",
             "0 keeps no auxiliary theorems, 1 only those; leave it out for the natural mix"),
            (self.sampling in PROFILES, f"unknown --sampling {self.sampling!r}",
             f"use one of: {', '.join(PROFILES)}"),
            (self.min_steps >= 1, f"--min-steps {self.min_steps} must be at least 1",
             "the fewest deduction steps a proof may have, e.g. --min-steps 2"),
            (self.min_points >= 3, f"--min-points {self.min_points} must be at least 3",
             "a sample starts from a shape of three points or more"),
            (self.min_points <= self.max_points,
             f"--min-points {self.min_points} is more than --max-points {self.max_points}",
             "choose --min-points at most --max-points"),
            (self.max_facts >= 1, f"--max-facts {self.max_facts} must be at least 1",
             "the facts one sample may derive, e.g. --max-facts 20000"),
            (self.saturation_timeout > 0, f"--timeout {self.saturation_timeout} must be "
             "more than 0 seconds", "the wall-clock safety net per sample, e.g. --timeout 120"),
            (self.max_per_sample >= 1, f"--max-per-sample {self.max_per_sample} must be at "
             "least 1", "the most theorems taken from one sample, e.g. --max-per-sample 200"),
            (self.shard_samples >= 1, f"--shard-samples {self.shard_samples} must be at "
             "least 1", "samples per Parquet shard, e.g. --shard-samples 100"),
            (self.neighbours >= 0, f"--neighbours {self.neighbours} must be at least 0",
             "problems drawn around a sample that gave records, e.g. --neighbours 4"),
            (self.max_samples is None or self.max_samples >= 1,
             f"--max-samples {self.max_samples} must be at least 1",
             "leave it out to run until --count theorems are written"),
        ]
        for ok, message, hint in checks:
            if not ok:
                raise ConfigError(message, hint)
        if self.backend == "ray" and importlib.util.find_spec("ray") is None:
            raise ConfigError("the ray backend needs Ray, which is not installed",
                              "pip install 'pappus[ray]', or use --backend local")

    def identity(self) -> dict[str, Any]:
        """Settings that change which records a run produces (not how fast)."""
        keep = ("seed", "sampling", "aux_fraction", "min_steps", "min_points", "max_points",
                "max_facts", "max_per_sample", "needed_aux_only", "decontaminate",
                "neighbours")
        return {k: getattr(self, k) for k in keep}


# Named settings for a purpose; explicit options override them.
PRESETS: dict[str, dict[str, Any]] = {
    # training data for an auxiliary-point proposer: only verified theorems whose premises
    # alone (under the fact budget) miss the goal, from the sampling that finds most of
    # them per core-hour (benchmarks/aux_data.py), in shards of many samples (few of them
    # give records)
    # (two neighbours of each sample that gave records: other auxiliary constructions for
    # the same premises, about 2x the records at 1.25x the time; measured there too)
    "aux": {"aux_fraction": 1.0, "needed_aux_only": True, "sampling": "aux",
            "shard_samples": 1000, "neighbours": 2},
}


def config_from_options(preset: str | None, **options: Any) -> GeneratorConfig:
    """A config from a preset (or none) and explicit options; an option given as None
    takes the preset's value, or the config's default."""
    if preset is not None and preset not in PRESETS:
        raise ConfigError(f"unknown --preset {preset!r}", f"use one of: {', '.join(PRESETS)}")
    values = dict(PRESETS.get(preset or "", {}))
    values.update({k: v for k, v in options.items() if v is not None})
    return GeneratorConfig(**values)


def sample_seed(run_seed: int, sample: int) -> int:
    """The seed of sample `sample` of a run: fixed by the run seed and the index alone."""
    return (run_seed * 1_000_003 + sample * 7_919 + 12_345) % (2**31 - 1)
