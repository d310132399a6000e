"""Small fake datasets for the training tests: sampled problems whose last clauses play
the auxiliary ones (training reads text, not proofs, so no prover runs)."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from generator.records import SCHEMA


def fake_rows(n: int, seed: int = 0, split: bool = False) -> list[dict]:
    from generator.sampling import sample_problem

    rng = random.Random(seed)
    rows: list[dict] = []
    k = 0
    while len(rows) < n:
        problem, _ = sample_problem(seed * 100_000 + k)
        k += 1
        clauses = [c.to_text() for c in problem.clauses]
        if len(clauses) < 3:
            continue
        cut = len(clauses) - rng.choice((1, 2)) if len(clauses) > 3 else len(clauses) - 1
        points = [p for c in problem.clauses[:cut] for p in c.point_names]
        goal = "perp " + " ".join(rng.choices(points, k=4))
        premises = "; ".join(clauses[:cut])
        row = {name: None for name in SCHEMA.names}
        row.update(id=f"r{seed}_{k}", problem=f"{premises} ? {goal}", aux=clauses[cut:],
                   full_problem="; ".join(clauses) + f" ? {goal}", goal=goal, proof="{}",
                   proof_text="", n_points=len(points), n_premises=cut, n_steps=1,
                   n_aux=len(clauses) - cut, rules=[], seed=seed, version="0.2.0",
                   verified=True, sample=k, goal_predicate="perp", n_aux_points=1,
                   aux_needed=rng.random() < 0.5)
        rows.append(row)
    return rows


def write_dataset(out: Path, rows: list[dict], split_column: bool = False) -> Path:
    """A dataset directory (data/*.parquet, no manifest) holding `rows`."""
    (out / "data").mkdir(parents=True, exist_ok=True)
    schema = SCHEMA
    if split_column:
        schema = schema.append(pa.field("split", pa.string()))
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, out / "data" / "shard-00000.parquet")
    return out
