"""Training throughput of the proposer model on this machine's CPU: tokens a second.

For each model size, times `--steps` optimizer steps of `neural.train.train_step` (after
`--warmup` untimed ones) on batches of real-looking training sequences: sampled problems
(`generator.sampling.sample_problem`) whose last clause plays the auxiliary one, encoded
as `pappus train` encodes records. Tokens are the batch's non-padding input tokens, as
in the progress bar of `pappus train`. Adds a row per size to `RESULTS.md`.

    .venv/bin/python benchmarks/train_throughput.py --sizes tiny,mini,small --threads 2
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from results_log import RESULTS, add_table_row, commit, machine, runnable_now, say

TITLE = "## Training throughput: `benchmarks/train_throughput.py`"
PREAMBLE = ("Optimizer steps of `neural.train` (AdamW, float32 on CPU) on training "
            "sequences like those of `pappus train` (prompt and one clause, padded to the "
            "longest of the batch); tokens are non-padding input tokens. `load` is the "
            "number of other runnable processes at the start (the machine is shared).\n\n"
            "| date | machine | commit | size | parameters | threads | batch | mean tokens "
            "a sequence | steps | tokens/s | steps/s | load |\n"
            "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")


def examples(n: int):
    """`n` training sequences from sampled problems (their last clause as the target)."""
    from generator.sampling import sample_problem
    from neural.tokens import Vocabulary, record_examples
    from neural.train_data import ExampleSet

    vocab = Vocabulary()
    out = []
    seed = 0
    while len(out) < n:
        problem, _ = sample_problem(seed)
        seed += 1
        clauses = [c.to_text() for c in problem.clauses]
        if len(clauses) < 3:
            continue
        points = [p for c in problem.clauses[:-1] for p in c.point_names]
        text = "; ".join(clauses[:-1]) + " ? perp " + " ".join(points[:4])
        out += record_examples(vocab, text, clauses[-1:])
    return vocab, ExampleSet.of(out)


def measure(size: str, batch: int, steps: int, warmup: int, data) -> dict:
    import numpy as np
    import torch

    from neural.model import Decoder, model_config
    from neural.train import TrainConfig, optimizer, train_step
    from neural.train_data import batch_arrays

    vocab, examples = data
    torch.manual_seed(0)
    cfg = TrainConfig(size=size, batch_size=batch)
    model = Decoder(model_config(size, len(vocab), cfg.block_size))
    opt = optimizer(model, cfg)
    model.train()
    rng = np.random.default_rng(0)
    tokens, seconds = 0, 0.0
    for step in range(warmup + steps):
        x, y = batch_arrays(examples, rng.integers(0, len(examples), batch), vocab.pad)
        t0 = time.perf_counter()
        train_step(model, opt, x, y, 1e-3, 1.0, "cpu")
        if step >= warmup:
            seconds += time.perf_counter() - t0
            tokens += int((x != vocab.pad).sum())
    return {"params": model.num_params(), "tokens_per_s": tokens / seconds,
            "steps_per_s": steps / seconds,
            "mean_len": float(examples.lengths().mean())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="tiny,mini,small")
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    data = examples(2000)
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    for size in args.sizes.split(","):
        load = runnable_now()
        r = measure(size, args.batch, args.steps, args.warmup, data)
        say(f"{size}: {r['params']:,} parameters, {r['tokens_per_s']:,.0f} tokens/s, "
            f"{r['steps_per_s']:.2f} steps/s (batch {args.batch}, {args.threads} threads, "
            f"load {load})")
        if not args.no_record:
            row = (f"| {date} | {machine()} | {commit()} | {size} | {r['params']:,} | "
                   f"{args.threads} | {args.batch} | {r['mean_len']:.0f} | {args.steps} | "
                   f"{r['tokens_per_s']:,.0f} | {r['steps_per_s']:.2f} | {load} |")
            add_table_row(row, TITLE, PREAMBLE)
    if not args.no_record:
        say(f"recorded in {RESULTS}")


if __name__ == "__main__":
    main()
