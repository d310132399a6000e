"""Settings of a generation run: plain data, written into the dataset's manifest."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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
    min_steps: int = 2
    min_points: int = 8
    max_points: int = 14
    max_facts: int = 20_000  # proven statements per sample: the deterministic budget
    saturation_timeout: float = 120.0  # wall-clock safety net (runs stay reproducible
    # only while no sample reaches it)
    max_per_sample: int = 200
    shard_samples: int = 100  # samples per Parquet shard (about 100 records each)
    max_samples: int | None = None  # stop after this many samples even if short of count
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("extra")
        out.update(self.extra)
        return out

    def identity(self) -> dict[str, Any]:
        """Settings that change which records a run produces (not how fast)."""
        keep = ("seed", "aux_fraction", "min_steps", "min_points", "max_points",
                "max_facts", "max_per_sample", "needed_aux_only")
        return {k: getattr(self, k) for k in keep}


def sample_seed(run_seed: int, sample: int) -> int:
    """The seed of sample `sample` of a run: fixed by the run seed and the index alone."""
    return (run_seed * 1_000_003 + sample * 7_919 + 12_345) % (2**31 - 1)
