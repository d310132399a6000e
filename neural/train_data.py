"""Training examples from datasets: only checked records, split train/validation/test.

Reads the Parquet shards of `generator.dataset` directories. A record counts only when
the checker verified it (`verified` true); records without auxiliary clauses teach
nothing about proposing them and are skipped. The split is the dataset's `split` column
where it has one, else a stable hash of the premise text (the problem before ` ? `), so
a premise set never lands on both sides. Each record gives one example per auxiliary
clause (`neural.tokens.record_examples`). Examples are kept as one flat token array with
offsets (a few bytes a token, for millions of them). No torch here.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from symbolic.errors import PappusError

from .tokens import Example, TokenError, Vocabulary, record_examples, reorder_premises

SPLITS = ("train", "validation", "test")
# Shares of the hash split (where a dataset has no split column).
HASH_SHARES = {"train": 0.9, "validation": 0.05, "test": 0.05}


class TrainDataError(PappusError):
    """Training data that cannot be used (no dataset there, no verified records)."""


def hash_split(premises: str) -> str:
    """The split of a premise text by a stable hash (sha256; independent of the run)."""
    digest = hashlib.sha256(premises.strip().encode("utf-8")).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    if u < HASH_SHARES["train"]:
        return "train"
    return "validation" if u < HASH_SHARES["train"] + HASH_SHARES["validation"] else "test"


@dataclass
class ExampleSet:
    """Examples as one flat array of token ids: example k is
    `tokens[offsets[k]:offsets[k+1]]`, its target starting `starts[k]` tokens in."""

    tokens: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int16))
    offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    starts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))

    @classmethod
    def of(cls, examples: Sequence[Example]) -> ExampleSet:
        lengths = [len(e.ids) for e in examples]
        flat = [i for e in examples for i in e.ids]
        return cls(np.asarray(flat, np.int16), np.cumsum([0, *lengths], dtype=np.int64),
                   np.asarray([e.start for e in examples], np.int32))

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, k: int) -> Example:
        ids = self.tokens[self.offsets[k]:self.offsets[k + 1]]
        return Example(tuple(int(i) for i in ids), int(self.starts[k]))

    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    def target_tokens(self) -> int:
        return int((self.lengths() - self.starts).sum())


@dataclass
class TrainingData:
    """The examples of each split and what was read."""

    splits: dict[str, ExampleSet]
    counts: Counter = field(default_factory=Counter)  # records by fate
    sources: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {"sources": self.sources, "records": dict(sorted(self.counts.items())),
                "examples": {s: len(e) for s, e in self.splits.items()}}


def _rows(data_dir: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    from generator.dataset import DatasetError, is_dataset_dir, shard_files

    if not is_dataset_dir(data_dir):
        raise TrainDataError(f"error: {data_dir} is not a dataset directory\n"
                             "  hint: pass a folder written by `pappus generate`")
    try:
        files = shard_files(data_dir)
    except DatasetError as exc:
        raise TrainDataError(str(exc)) from None
    wanted = ("problem", "aux", "verified", "split", "aux_needed")
    for path in files:
        names = pq.read_schema(path).names
        missing = [c for c in ("problem", "aux", "verified") if c not in names]
        if missing:
            raise TrainDataError(f"error: {path} has no column {missing[0]!r}\n"
                                 "  hint: a Pappus dataset shard has problem, aux, verified")
        table = pq.read_table(path, columns=[c for c in wanted if c in names])
        yield from table.to_pylist()


def load_training_data(data_dirs: Sequence[str | Path], vocab: Vocabulary,
                       block_size: int, needed_only: bool = False, augment: int = 0,
                       seed: int = 0, per_figure: int = 0) -> TrainingData:
    """The examples of every verified record with auxiliary clauses in `data_dirs`.

    `needed_only` keeps only records whose auxiliary clauses the prover cannot do
    without (`aux_needed`). Examples longer than `block_size` are left out (counted).
    `augment` adds, for each training record, up to that many copies with the premise
    clauses in another order that respects their dependencies (`reorder_premises`; the
    same figure under other canonical names), so the model cannot key on where in the
    text a point is named; drawn from a generator seeded with `seed`, and never for the
    validation or test split. `per_figure` (0: no limit) keeps at most that many
    training records of one premise set (the first ones read), so that the figures with
    hundreds of theorems do not crowd out the rest."""
    rng = np.random.default_rng([seed, 0xA06])
    per: Counter = Counter()
    by_split: dict[str, list[Example]] = {s: [] for s in SPLITS}
    counts: Counter = Counter()
    for data_dir in data_dirs:
        for row in _rows(Path(data_dir)):
            if row.get("verified") is not True:
                counts["not verified"] += 1
                continue
            aux = list(row.get("aux") or [])
            if not aux:
                counts["no auxiliary clauses"] += 1
                continue
            if needed_only and row.get("aux_needed") is not True:
                counts["auxiliary clauses not needed"] += 1
                continue
            problem = str(row["problem"])
            premises = problem.partition(" ? ")[0]
            split = row.get("split") or hash_split(premises)
            if split not in by_split:
                counts[f"unknown split {split!r}"] += 1
                continue
            if per_figure and split == "train":
                per[premises] += 1
                if per[premises] > per_figure:
                    counts["over the per-figure limit"] += 1
                    continue
            try:
                examples = record_examples(vocab, problem, aux)
                if augment and split == "train":
                    examples += reordered_examples(vocab, problem, aux, augment, rng, counts)
            except TokenError:
                counts["not in the vocabulary"] += 1
                continue
            kept = [e for e in examples if len(e.ids) <= block_size]
            if len(kept) < len(examples):
                counts["examples longer than the block size"] += len(examples) - len(kept)
            by_split[split] += kept
            counts["used"] += 1
    data = TrainingData({s: ExampleSet.of(e) for s, e in by_split.items()}, counts,
                        [str(d) for d in data_dirs])
    if not len(data.splits["train"]):
        raise TrainDataError(
            f"error: no training examples in {', '.join(map(str, data_dirs))} "
            f"({', '.join(f'{n} {k}' for k, n in sorted(counts.items())) or 'no records'})\n"
            "  hint: the model learns from verified records with auxiliary clauses; "
            "generate some with `pappus generate --aux-fraction 1`")
    return data


def reordered_examples(vocab: Vocabulary, problem: str, aux: list[str], copies: int,
                       rng: np.random.Generator, counts: Counter) -> list[Example]:
    """The examples of up to `copies` other premise orders of one record (repeats of an
    order already taken are left out)."""
    premises, _, goal = problem.partition(" ? ")
    seen = {premises.strip()}
    out: list[Example] = []
    for _ in range(copies):
        order = reorder_premises(premises, rng)
        if order in seen:
            continue
        seen.add(order)
        out += record_examples(vocab, f"{order} ? {goal}", aux)
        counts["reordered copies"] += 1
    return out


def batch_arrays(examples: ExampleSet, index: Iterable[int] | np.ndarray, pad: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and targets (batch, time) for the examples `index`: targets are the next
    token where it belongs to the clause (or `<eos>`), -100 (ignored) elsewhere."""
    seqs = [examples[int(k)] for k in index]
    width = max(len(e.ids) for e in seqs) - 1
    x = np.full((len(seqs), width), pad, np.int64)
    y = np.full((len(seqs), width), -100, np.int64)
    for row, e in enumerate(seqs):
        ids = np.asarray(e.ids, np.int64)
        x[row, :len(ids) - 1] = ids[:-1]
        y[row, e.start - 1:len(ids) - 1] = ids[e.start:]
    return x, y
