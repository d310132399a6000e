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
    if split_column and "split" not in schema.names:
        schema = schema.append(pa.field("split", pa.string()))
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, out / "data" / "shard-00000.parquet")
    return out


# A toy model: every record's one auxiliary clause drops the foot from c to ab, which
# is the point the JGEX problem FOOT_PROBLEM needs (DD+AR alone misses its goal).
FOOT_PROBLEM = "examples/complete2/unsolved2/complete_010_Other_Auxiliary_ye_aux_y1.gex"


FOOT_TRAINING = dict(size="tiny", steps=120, batch_size=16, eval_every=120, warmup=10,
                     lr=3e-3)


def foot_dataset(tmp: Path) -> Path:
    """Records whose one auxiliary clause is `x = foot x c a b` (x the next point name)."""
    from generator.sampling import point_name
    from neural.tokens import declared_points

    rows = fake_rows(200, seed=5)
    for row in rows:
        x = point_name(len(declared_points(row["problem"].partition(" ? ")[0])))
        row["aux"] = [f"{x} = foot {x} c a b"]
    return write_dataset(tmp / "foot-data", rows)


def train_foot_model(tmp: Path) -> Path:
    """A tiny model trained on `foot_dataset`: it proposes the foot from c to ab."""
    import torch

    from neural.train import TrainConfig, train

    data = foot_dataset(tmp)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        train([str(data)], tmp / "foot-model", TrainConfig(**FOOT_TRAINING),  # type: ignore[arg-type]
              progress=False)
    finally:
        torch.set_num_threads(threads)
    return tmp / "foot-model"
