"""One unit of generation work: a sample index in, verified candidate records out.

Pure function of (settings, index): every backend (process pool, Ray) runs this, so
the same seed and settings give the same records whichever backend runs them.
"""

from __future__ import annotations

import warnings

from symbolic.errors import PappusError
from symbolic.parser import parse_problem

from .canonical import canonical_id
from .config import GeneratorConfig, sample_seed
from .extract import ExtractionConfig, extract
from .records import TheoremRecord
from .sampling import SamplingConfig, sample_problem


def run_sample(config: GeneratorConfig, sample: int) -> list[TheoremRecord]:
    """Sample problem number `sample`, saturate it, return its verified theorems."""
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    seed = sample_seed(config.seed, sample)
    sampling = SamplingConfig(min_points=config.min_points, max_points=config.max_points)
    try:
        problem, diagram = sample_problem(seed, sampling)
    except PappusError:
        return []
    extraction = ExtractionConfig(
        min_steps=config.min_steps,
        saturation_timeout=config.saturation_timeout,
        max_facts=config.max_facts,
        needed_aux_only=config.needed_aux_only,
        max_per_sample=config.max_per_sample,
        aux={1.0: "only", 0.0: "none"}.get(
            config.aux_fraction if config.aux_fraction is not None else -1.0, "any"),
    )
    records = extract(problem, diagram, seed, sample, extraction)
    for record in records:
        record.id = canonical_id(parse_problem(record.problem))
    return records


def run_samples(
    config: GeneratorConfig, samples: list[int]
) -> list[tuple[int, list[TheoremRecord]]]:
    """A batch of samples (one task for the pool or for Ray)."""
    return [(s, run_sample(config, s)) for s in samples]
