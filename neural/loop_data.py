"""The loop's data: generated corpora and pools, and the records the search finds.

Pools are fresh needed-auxiliary problems from the generator (premises and goal, the
generator's auxiliary clauses left out), never from a premise set of the training
corpus or of the frozen test pool. A proof the search finds becomes a `TheoremRecord`
only through `generator.verify.verify_record`, the generator's own last gate (the
columns are what the proof proves, the goal holds in a fresh diagram, the independent
checker accepts the proof). `write_found` refuses a record that gate did not pass, and
`read_trusted` runs the gate again on every self-found record before it enters a
training mix, so a record slipped into a run folder by hand is refused too.

Self-found records are Parquet files in the dataset layout (`data/train-00000.parquet`),
the record columns plus their provenance: origin, round, and the search settings.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator.records import SCHEMA, TheoremRecord
from symbolic.errors import PappusError

from .tokens import TokenError, Vocabulary, record_examples
from .train_data import ExampleSet, reordered_examples

ORIGIN_GENERATED, ORIGIN_SEARCH = "generator", "search"
FOUND_FILE = "data/train-00000.parquet"
VERIFY_SEED = 7  # the fresh diagram a found record's goal must hold in


class UncheckedRecordError(PappusError):
    """A record the checker did not accept, on its way into a training set."""


@dataclass(frozen=True)
class PoolProblem:
    """One problem of a pool: premises and goal, with where it came from."""

    id: str  # the generator record's id
    problem: str  # premises ? goal (no auxiliary clauses)
    premise_key: str
    n_aux: int  # auxiliary clauses of the generator's own proof (a difficulty hint)


def generate_records(out_dir: Path, count: int, seed: int, workers: int, backend: str,
                     max_per_sample: int | None = None, progress: bool = True) -> None:
    """`count` verified needed-aux records (the generator's `aux` preset) in `out_dir`,
    resuming a partial run there."""
    from generator.config import config_from_options
    from generator.dataset import is_dataset_dir
    from generator.pipeline import generate
    from pappus.problems import BENCHMARK_SETS, benchmark_file

    # as `pappus generate` does: no record states a benchmark problem
    bench = tuple(str(benchmark_file(name)) for name in BENCHMARK_SETS)
    config = config_from_options("aux", count=count, seed=seed, workers=workers,
                                 backend=backend, max_per_sample=max_per_sample,
                                 decontaminate=bench)
    generate(config, out_dir, resume=is_dataset_dir(out_dir), progress=progress)


def premise_keys(dataset_dirs: Iterable[Path]) -> set[str]:
    """The canonical premise keys of every record of some datasets."""
    from generator.dataset import read_dataset
    from generator.splits import premise_key

    keys: set[str] = set()
    for d in dataset_dirs:
        keys.update(premise_key(p) for p in read_dataset(d, ["problem"]).column(
            "problem").to_pylist())
    return keys


def pool_candidates(dataset_dir: Path, exclude: set[str], per_premise: int
                    ) -> list[PoolProblem]:
    """The distinct needed-aux problems of a generated dataset whose premise sets are
    not in `exclude`; most auxiliary clauses first (ties by id), at most `per_premise`
    a premise set."""
    from generator.dataset import iter_records
    from generator.splits import premise_key

    seen: set[str] = set()
    out: list[PoolProblem] = []
    for r in iter_records(dataset_dir):
        if not r.verified or not r.aux_needed or r.problem in seen:
            continue
        key = premise_key(r.problem)
        if key in exclude:
            continue
        seen.add(r.problem)
        out.append(PoolProblem(r.id, r.problem, key, r.n_aux))
    out.sort(key=lambda p: (-p.n_aux, p.id))
    taken: dict[str, int] = {}
    kept = []
    for p in out:
        if taken.get(p.premise_key, 0) < per_premise:
            taken[p.premise_key] = taken.get(p.premise_key, 0) + 1
            kept.append(p)
    return kept


def save_pool(path: Path, pool: Sequence[PoolProblem]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(asdict(p)) + "\n" for p in pool), encoding="utf-8")
    tmp.replace(path)


def load_pool(path: Path) -> list[PoolProblem]:
    return [PoolProblem(**json.loads(line)) for line in
            path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------- found records


def found_record(proof_json: str, pool: PoolProblem, provenance: dict[str, Any]
                 ) -> tuple[TheoremRecord | None, str]:
    """The record of a proof the search found for `pool`, verified by the generator's
    gate; (None, why) when it does not pass."""
    from generator.canonical import canonical_id
    from generator.verify import full_problem_text, verify_record
    from symbolic.parser import parse_problem
    from symbolic.proof import Proof, render_text
    from symbolic.rules import rules_by_id

    try:
        proof = Proof.loads(proof_json)
    except (ValueError, KeyError, TypeError) as exc:
        return None, f"malformed_proof: {exc!r}"
    if proof.problem != pool.problem:
        return None, "mismatch:pool (the proof is about another problem)"
    if not proof.aux:
        return None, "no auxiliary clauses (DD+AR alone proved it)"
    names = {rid: r.name for rid, r in rules_by_id().items()}
    record = TheoremRecord(
        id=canonical_id(parse_problem(pool.problem)), problem=pool.problem,
        aux=list(proof.aux), full_problem=full_problem_text(pool.problem, list(proof.aux)),
        goal=proof.goal, proof=proof.dumps(indent=None), proof_text=render_text(proof, names),
        n_points=len(parse_problem(pool.problem).points),
        n_premises=len(parse_problem(pool.problem).clauses), n_steps=len(proof.deductions()),
        n_aux=len(proof.aux), rules=proof.rules_used, seed=VERIFY_SEED,
        n_aux_points=len(proof.aux), aux_needed=True, split="train",
        goal_predicate=proof.goal.split()[0] if proof.goal else "",
        extra={"origin": ORIGIN_SEARCH, "pool_id": pool.id, **provenance})
    rejection = verify_record(record, VERIFY_SEED)
    if rejection is not None:
        return None, f"{rejection.reason}: {rejection.message}"
    return record, ""


def _gate(record: TheoremRecord) -> str | None:
    """Why `record` may not train a model (None: it may), by the generator's gate."""
    from generator.verify import verify_record

    claimed = record.verified
    rejection = verify_record(record, VERIFY_SEED)
    if rejection is not None:
        return f"{rejection.reason}: {rejection.message[:200]}"
    if claimed is not True:
        return "not marked verified"
    return None


def write_found(out_dir: Path, records: Sequence[TheoremRecord]) -> Path:
    """Write self-found records (checked again here) as one Parquet shard; raises
    `UncheckedRecordError` for any record the checker does not accept."""
    import pyarrow as pa

    from generator.dataset import write_atomic

    for r in records:
        why = _gate(r)
        if why is not None:
            raise UncheckedRecordError(
                f"error: refused an unchecked record for the training set ({r.id[:12]}: "
                f"{why})\n  hint: only proofs the checker accepts become training records")
    rows = []
    for r in records:
        row = r.to_row()
        row.update(origin=str(r.extra.get("origin", ORIGIN_SEARCH)),
                   round=int(r.extra.get("round", 0)),
                   provenance=json.dumps(r.extra, sort_keys=True))
        rows.append(row)
    schema = SCHEMA.append(pa.field("origin", pa.string())).append(
        pa.field("round", pa.int32())).append(pa.field("provenance", pa.string()))
    table = pa.Table.from_pylist(rows, schema=schema)
    path = out_dir / FOUND_FILE
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(tmp: Path) -> None:
        import pyarrow.parquet as pq

        pq.write_table(table, tmp)

    write_atomic(path, write)
    return path


def read_trusted(found_dirs: Sequence[Path]) -> list[TheoremRecord]:
    """Every self-found record of `found_dirs`, each passed through the gate again;
    raises `UncheckedRecordError` at the first that fails (a training mix is all
    checked records or nothing)."""
    import pyarrow.parquet as pq

    from generator.dataset import record_from_row

    out = []
    for d in found_dirs:
        path = d / FOUND_FILE
        if not path.is_file():
            continue
        for row in pq.read_table(path).to_pylist():
            record = record_from_row(row)
            why = _gate(record)
            if why is not None:
                raise UncheckedRecordError(
                    f"error: {path} holds a record the checker does not accept "
                    f"({record.id[:12]}: {why})\n  hint: the loop trains only on checked "
                    "proofs; remove the file's round and resume to search it again")
            out.append(record)
    return out


def examples_of(records: Iterable[TheoremRecord], vocab: Vocabulary, block_size: int,
                augment: int = 0, seed: int = 0) -> ExampleSet:
    """The training examples (one a clause) of some records, each record also with up to
    `augment` other premise orders (as the corpus's training split gets them)."""
    return clause_examples(((r.problem, list(r.aux)) for r in records), vocab, block_size,
                           augment, seed)


def clause_examples(pairs: Iterable[tuple[str, list[str]]], vocab: Vocabulary,
                    block_size: int, augment: int = 0, seed: int = 0) -> ExampleSet:
    """`examples_of` for (problem, auxiliary clauses) pairs."""
    import numpy as np

    rng = np.random.default_rng([seed, 0xF0D])
    counts: Counter = Counter()
    examples = []
    for problem, aux in pairs:
        try:
            mine = record_examples(vocab, problem, aux)
            if augment:
                mine += reordered_examples(vocab, problem, aux, augment, rng, counts)
        except TokenError:
            continue
        examples += [e for e in mine if len(e.ids) <= block_size]
    return ExampleSet.of(examples)
