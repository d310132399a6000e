"""The dataset record: one verified theorem with its proof (the contract of design.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pyarrow as pa

# 0.2.0: premise points before auxiliary ones, the proof's problem is the record's problem,
# `verified` is the checker's verdict (records of 0.1.0 cannot be resumed into 0.2.0)
# 0.3.0: a `split` column and shards per split, `aux_fixpoint`, canonical goals
DATASET_VERSION = "0.3.0"
SPLITS = ("train", "validation", "test")


@dataclass
class TheoremRecord:
    """One row of the dataset. Field names are the public contract."""

    id: str  # hash of the canonical form (invariant under point renaming)
    problem: str  # AG syntax, premises only (no auxiliary clauses), with the goal
    aux: list[str]  # auxiliary clauses, in construction order
    full_problem: str  # AG syntax with the auxiliary clauses
    goal: str
    proof: str  # proof JSON (design.md), as a string
    proof_text: str
    n_points: int
    n_premises: int
    n_steps: int
    n_aux: int
    rules: list[str]  # rule ids used (and ar:* kinds)
    seed: int  # seed of the sample that produced it
    version: str = DATASET_VERSION
    verified: bool = False  # the checker's verdict, set by generator.verify
    # Extras (not part of the contract, welcome by it).
    sample: int = 0  # index of the sample in the run
    goal_predicate: str = ""
    n_aux_points: int = 0
    aux_needed: bool = False  # the premises alone, under the fact budget, miss the goal
    aux_fixpoint: bool = False  # ... and saturated (a real fixpoint, no budget hit)
    split: str = "train"  # train | validation | test, by a hash of the premise set
    extra: dict[str, Any] = field(default_factory=dict)

    def to_row(self) -> dict[str, Any]:
        row = asdict(self)
        row.pop("extra")
        return row


SCHEMA = pa.schema([
    ("id", pa.string()),
    ("problem", pa.string()),
    ("aux", pa.list_(pa.string())),
    ("full_problem", pa.string()),
    ("goal", pa.string()),
    ("proof", pa.string()),
    ("proof_text", pa.string()),
    ("n_points", pa.int32()),
    ("n_premises", pa.int32()),
    ("n_steps", pa.int32()),
    ("n_aux", pa.int32()),
    ("rules", pa.list_(pa.string())),
    ("seed", pa.int64()),
    ("version", pa.string()),
    ("verified", pa.bool_()),
    ("sample", pa.int64()),
    ("goal_predicate", pa.string()),
    ("n_aux_points", pa.int32()),
    ("aux_needed", pa.bool_()),
    ("aux_fixpoint", pa.bool_()),
    ("split", pa.string()),
])
