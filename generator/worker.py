"""One unit of generation work: a sample index in, verified candidate records out.

Pure function of (settings, index): every backend (process pool, Ray) runs this, so
the same seed and settings give the same records whichever backend runs them.

A sample that raises an unexpected exception does not stop the run: its result says
so (`SampleResult.error`), the coordinator records it in the manifest and goes on,
and a resumed run does not meet it again.
"""

from __future__ import annotations

import traceback
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from symbolic.errors import PappusError
from symbolic.parser import parse_problem

from .canonical import canonical_id
from .config import GeneratorConfig, sample_seed
from .decontaminate import is_contaminated
from .extract import ExtractionConfig, extract
from .records import TheoremRecord
from .sampling import extend_problem, profile, sample_problem
from .splits import split_of
from .verify import Rejection

ERROR_LIMIT = 500  # characters of an error message kept in the manifest


@dataclass
class SampleResult:
    """What one sample gave: its verified records, the candidates verification rejected
    (prover bugs, counted by reason) and, if it raised, the error."""

    sample: int
    seed: int
    records: list[TheoremRecord] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)  # left out, by reason
    error: str | None = None  # "Type: message" of an unexpected exception
    where: str = ""  # the innermost frame of that exception: file:line in function

    def failure(self) -> dict[str, object]:
        """The manifest's entry for a failed sample."""
        return {"sample": self.sample, "seed": self.seed, "error": self.error,
                "where": self.where}


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f"{Path(last.filename).name}:{last.lineno} in {last.name}"


def run_sample(config: GeneratorConfig, sample: int) -> SampleResult:
    """Sample problem number `sample`, saturate it, return its verified theorems (or,
    when anything raises unexpectedly, the error: one bad sample never ends a run)."""
    seed = sample_seed(config.seed, sample)
    result = SampleResult(sample, seed)
    try:
        result.records = _records(config, sample, seed, result.rejected, result.dropped)
    except Exception as exc:  # noqa: BLE001 - any bug in one sample is recorded as data
        result.records, result.rejected, result.dropped = [], [], Counter()
        result.error = f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT]
        result.where = _where(exc)
    return result


def _records(config: GeneratorConfig, sample: int, seed: int, rejected: list[Rejection],
             dropped: Counter[str]) -> list[TheoremRecord]:
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    sampling = profile(config.sampling, config.min_points, config.max_points)
    try:
        problem, diagram = sample_problem(seed, sampling)
    except PappusError:
        return []  # no drawable problem from this seed: an ordinary, empty sample
    extraction = ExtractionConfig(
        min_steps=config.min_steps,
        saturation_timeout=config.saturation_timeout,
        max_facts=config.max_facts,
        needed_aux_only=config.needed_aux_only,
        max_per_sample=config.max_per_sample,
        aux={1.0: "only", 0.0: "none"}.get(
            config.aux_fraction if config.aux_fraction is not None else -1.0, "any"),
    )
    records = extract(problem, diagram, seed, sample, extraction, rejected, dropped)
    # A problem that hides a fact deduction misses has neighbours that often do too:
    # its premises kept, the rest drawn again (seeded by the sample, so deterministic).
    if records and config.neighbours:
        keep = max(r.extra.get("premise_end", 1) for r in records)
        for k in range(config.neighbours):
            child_seed = sample_seed(seed, k + 1)
            child, child_diagram = extend_problem(problem, diagram, keep, child_seed,
                                                  sampling)
            records += extract(child, child_diagram, child_seed, sample, extraction,
                               rejected, dropped)
    kept = []
    for record in records:
        parsed = parse_problem(record.problem)
        if is_contaminated(parsed, config.decontaminate):
            dropped["benchmark_problem"] += 1
            continue
        record.id = canonical_id(parsed)
        record.split = split_of(record.problem)
        kept.append(record)
    return kept


def run_samples(config: GeneratorConfig, samples: list[int]) -> list[SampleResult]:
    """A batch of samples (one task for the pool or for Ray)."""
    return [run_sample(config, s) for s in samples]
