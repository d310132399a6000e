"""Rebuild the shipped proposer checkpoint (`neural/checkpoints/default/`) from nothing.

Three kinds of step, each resumable and each under an hour on this 2-core machine:

1. data: `pappus generate --preset aux --seed SEED` into WORK/data, in chunks of
   --gen-chunk records (each chunk a run with a larger --count and --resume);
2. train: `neural.train.train` on the dataset's train split (validation loss on its
   validation split) into WORK/model, in chunks of --train-chunk steps (each resumed;
   the learning-rate schedule runs to --steps throughout, so chunked training ends
   with the weights of one uninterrupted run);
3. ship: the weights, config, vocabulary and loss curve copied into --ship, with a model
   card (README.md) that records the data, the recipe (these commands) and the metrics.

Run the script again after a stop (or with --one-step, one step a call): finished steps
are skipped. The defaults are the shipped recipe, about 4.5 CPU-hours on 2 cores (data:
10,669 needed-auxiliary records of seed 1001, measured at 128 minutes on 2 workers, in
chunks of 2,500 records (~30 minutes each); training: the `mini` model, 1,250 steps of
32 examples with 4 premise orders a record, at most 20 records a premise set and
dropout 0.1, 7 minutes on 2 idle cores; the step count was chosen by the validation
loss, which rose after step 1,250 in a 2,500-step run):

    .venv/bin/python benchmarks/build_checkpoint.py

More data (a larger --count) wants its step count chosen again by the validation loss
(`--eval-every`); a build with less than the defaults is labelled REDUCED in its card.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from results_log import ROOT, commit, fail, machine, say

SHIP = ROOT / "neural" / "checkpoints" / "default"
SHIPPED = ("model.safetensors", "config.json", "tokenizer.json", "loss.png")
MAX_BYTES = 30 * 2**20
DEFAULT_COUNT, DEFAULT_STEPS = 10669, 1250  # the shipped recipe (see the module docstring)


def pappus() -> list[str]:
    """The `pappus` command of this checkout's interpreter."""
    script = Path(sys.executable).with_name("pappus")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pappus"]


def records_done(data: Path) -> tuple[int, bool]:
    """(records written, whether the last run completed) of a dataset folder."""
    manifest = data / "manifest.json"
    if not manifest.exists():
        return 0, False
    m = json.loads(manifest.read_text(encoding="utf-8"))
    return int(m.get("records", 0)), bool(m.get("complete"))


def gen_step(args: argparse.Namespace, data: Path, log: dict[str, Any]) -> bool:
    """One generation chunk (returns False when the data is already complete)."""
    have, complete = records_done(data)
    if have >= args.count and complete:
        return False
    target = min(args.count, (have // args.gen_chunk + 1) * args.gen_chunk)
    if complete and have >= target:
        target = min(args.count, have + args.gen_chunk)
    cmd = [*pappus(), "generate", "--preset", "aux", "--neighbours", str(args.neighbours),
           "--seed", str(args.seed), "--count", str(target), "--workers", str(args.workers),
           "--out", str(data)]
    if (data / "manifest.json").exists():
        cmd.append("--resume")
    say("$ " + " ".join(cmd))
    t0 = time.perf_counter()
    if subprocess.run(cmd).returncode != 0:
        fail(f"generation stopped (exit code above); fix and run again to resume: {data}")
    log.setdefault("generate", []).append(
        {"command": " ".join(cmd[1:]), "wall_s": round(time.perf_counter() - t0, 1),
         "records": records_done(data)[0]})
    return True


def train_config(args: argparse.Namespace) -> Any:
    from neural.train import TrainConfig

    return TrainConfig(size=args.size, steps=args.steps, batch_size=args.batch_size,
                       lr=args.lr, seed=args.train_seed, eval_every=args.eval_every,
                       augment=args.augment, dropout=args.dropout,
                       per_figure=args.per_figure, device="cpu")


def trained_steps(model: Path) -> int:
    config = model / "config.json"
    if not config.exists():
        return 0
    return int(json.loads(config.read_text(encoding="utf-8")).get("step", 0))


def train_step(args: argparse.Namespace, data: Path, model: Path, log: dict[str, Any]) -> bool:
    """One training chunk (returns False when training is done)."""
    import torch

    from neural.train import train

    last = min(args.steps, args.stop_at or args.steps)
    done = trained_steps(model)
    if done >= last:
        return False
    stop = min(last, (done // args.train_chunk + 1) * args.train_chunk)
    torch.set_num_threads(args.threads)
    say(f"training steps {done}..{stop} of {args.steps} into {model}")
    result = train([str(data)], model, train_config(args), resume=done > 0, stop_at=stop)
    log.setdefault("train", []).append(
        {"steps": [done, result.step], "wall_s": round(result.seconds, 1),
         "tokens_per_second": round(result.tokens_per_second), "val_loss": result.val_loss,
         "train_loss": result.train_loss})
    return True


def ship(args: argparse.Namespace, model: Path, log: dict[str, Any]) -> None:
    """Copy the model into --ship and write its model card."""
    dest = Path(args.ship)
    dest.mkdir(parents=True, exist_ok=True)
    for name in SHIPPED:
        shutil.copyfile(model / name, dest / name)
    size = sum((dest / n).stat().st_size for n in SHIPPED)
    if size > MAX_BYTES:
        fail(f"the checkpoint is {size / 2**20:.1f} MB, over 30 MB: choose a smaller --size")
    (dest / "README.md").write_text(model_card(args, model, log, size), encoding="utf-8")
    say(f"shipped {dest} ({size / 2**20:.2f} MB)")


def figures(data: Path) -> dict[str, int]:
    """Distinct premise sets (figures, by the splits' canonical key) by split: records
    come in clusters of one figure."""
    import pyarrow.parquet as pq

    from generator.dataset import shard_files
    from generator.splits import premise_key

    seen: dict[str, set[str]] = {}
    for path in shard_files(data):
        for row in pq.read_table(path, columns=["problem", "split"]).to_pylist():
            seen.setdefault(row["split"], set()).add(premise_key(row["problem"]))
    return {k: len(v) for k, v in sorted(seen.items())}


def _commands(args: argparse.Namespace) -> str:
    stop = f"--stop-at {args.stop_at} " if args.stop_at else ""
    flags = (f"--seed {args.seed} --count {args.count} --gen-chunk {args.gen_chunk} "
             f"--neighbours {args.neighbours} "
             f"--workers {args.workers} --size {args.size} --steps {args.steps} {stop}"
             f"--train-chunk {args.train_chunk} --batch-size {args.batch_size} "
             f"--lr {args.lr:g} --train-seed {args.train_seed} --eval-every {args.eval_every} "
             f"--augment {args.augment} --dropout {args.dropout:g} "
             f"--per-figure {args.per_figure}")
    return f".venv/bin/python benchmarks/build_checkpoint.py {flags}"


def model_card(args: argparse.Namespace, model: Path, log: dict[str, Any], size: int) -> str:
    config = json.loads((model / "config.json").read_text(encoding="utf-8"))
    data, m = config["data"], config["model"]
    history = json.loads((model / "history.json").read_text(encoding="utf-8"))
    tps = [t["tokens_per_second"] for t in log.get("train", [])]
    gen_wall = sum(g["wall_s"] for g in log.get("generate", []))
    train_wall = sum(t["wall_s"] for t in log.get("train", []))
    reduced = args.label or ("the default recipe" if args.count >= DEFAULT_COUNT
                             and args.steps >= DEFAULT_STEPS
                             else "the REDUCED recipe, see below")
    evals = Path(args.eval_summary) if args.eval_summary else None
    eval_text = (evals.read_text(encoding="utf-8").strip() if evals and evals.exists()
                 else "Not measured yet: run `benchmarks/neural_eval.py` (its results go to "
                      "`benchmarks/RESULTS.md`).")
    val = history["val"][-1][1] if history["val"] else None
    recipe = train_config(args)
    train_recent = [x for _, x in history["train"][-50:]]
    lines = [
        "# Pappus default proposer checkpoint",
        "",
        f"The model `pappus solve --proposer model|ensemble` loads when no `--model` is "
        f"given. Built by `benchmarks/build_checkpoint.py` ({reduced}).",
        "",
        "## Model",
        "",
        f"- decoder-only transformer (`neural/model.py`), size `{args.size}`: "
        f"{config['params']:,} parameters, {m['n_layer']} layers, {m['n_head']} heads, "
        f"width {m['n_embd']}, context {m['block_size']}, vocabulary {config['vocab_size']} "
        f"(`tokenizer.json`); float32 safetensors, {size / 2**20:.2f} MB shipped in all",
        "- task: given a problem's premises and goal in canonical point names (and the "
        "auxiliary clauses before), write the next auxiliary clause; the loss falls on the "
        "clause only",
        "",
        "## Data",
        "",
        f"- `pappus generate --preset aux --neighbours {args.neighbours} --seed {args.seed}` "
        f"(only checker-verified theorems whose premises alone miss the goal, "
        f"decontaminated against IMO-AG-30 and JGEX-AG-231): "
        f"{records_done(Path(args.work) / 'data')[0]:,} records",
        f"- records read: {json.dumps(data['records'])}; distinct premise sets (figures) "
        f"by split: {json.dumps(figures(Path(args.work) / 'data'))} (a figure gives up to "
        f"200 records, one a goal)",
        f"- examples (one per auxiliary clause) by the dataset's split column: "
        f"{json.dumps(data['examples'])}; trained on `train` only, validation loss on "
        f"`validation` (the `test` split is not read)",
        "",
        "## Recipe",
        "",
        f"- AdamW (0.9, 0.95), lr {args.lr:g} with {recipe.warmup} warm-up steps and cosine "
        f"decay to {recipe.min_lr:g}, weight decay {recipe.weight_decay:g}, gradient clip "
        f"{recipe.grad_clip:g}, batch {args.batch_size} examples, "
        f"{config['step']:,} steps (of a schedule of {args.steps:,}), seed {args.train_seed}, "
        f"CPU ({args.threads} threads); dropout {args.dropout:g}; each training record "
        f"also in up to {args.augment} other premise orders (`--augment`: the same figure "
        f"under other point names; {data['records'].get('reordered copies', 0):,} copies); "
        f"at most {args.per_figure or 'any number of'} training records a premise set "
        f"(`--per-figure`)",
        f"- rebuild: `{_commands(args)}`",
        f"- wall time here: generation {gen_wall / 60:.0f} min ({args.workers} workers), "
        f"training {train_wall / 60:.0f} min; training throughput "
        f"{', '.join(f'{t:,}' for t in tps) or 'n/a'} tokens/s per chunk",
        f"- machine: {machine()}; commit `{commit()}`; no GPU was lent to this build",
        "",
        "## Metrics",
        "",
        f"- validation loss per clause token: {val:.4f}" if val is not None else
        "- validation loss: n/a",
        f"- training loss (mean of the last 50 steps): "
        f"{sum(train_recent) / max(1, len(train_recent)):.4f}",
        "- loss curve: `loss.png`",
        "",
        eval_text,
        "",
    ]
    if "REDUCED" in reduced:
        lines += [
            "## Reduced",
            "",
            "This checkpoint was built with less data and fewer steps than the script's "
            "defaults (about 4.5 CPU-hours on 2 cores), to fit one "
            "session on shared cores. Rebuild the default one with "
            "`.venv/bin/python benchmarks/build_checkpoint.py`.",
            "",
        ]
    if args.note:
        lines += ["## Notes", "", args.note, ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", default="runs/checkpoint",
                        help="build folder (relative paths: to the repository root)")
    parser.add_argument("--ship", default=str(SHIP))
    parser.add_argument("--seed", type=int, default=1001, help="data seed")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="records to generate")
    parser.add_argument("--gen-chunk", type=int, default=2500, help="records a data step")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--neighbours", type=int, default=0,
                        help="the preset's --neighbours (the shipped data was made with 0)")
    parser.add_argument("--augment", type=int, default=4,
                        help="other premise orders a training record (pappus train --augment)")
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--per-figure", type=int, default=20,
                        help="most training records a premise set (0: no limit)")
    parser.add_argument("--size", default="mini")
    parser.add_argument("--steps", type=int, default=DEFAULT_STEPS)
    parser.add_argument("--train-chunk", type=int, default=1250, help="steps a train step")
    parser.add_argument("--stop-at", type=int, default=None,
                        help="end training after this step (the schedule still runs to --steps)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--train-seed", type=int, default=0)
    parser.add_argument("--eval-every", type=int, default=250)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--one-step", action="store_true", help="run one step, then stop")
    parser.add_argument("--no-ship", action="store_true")
    parser.add_argument("--label", default="", help="what the model card calls this build")
    parser.add_argument("--note", default="", help="a paragraph for the model card")
    parser.add_argument("--eval-summary", default="",
                        help="a Markdown file of evaluation results for the model card")
    args = parser.parse_args()
    if args.train_chunk % args.eval_every:
        fail("--train-chunk must be a multiple of --eval-every")
    os.chdir(ROOT)  # the model's config names its data relative to the checkout
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    data, model, log_path = work / "data", work / "model", work / "build_log.json"
    log = json.loads(log_path.read_text()) if log_path.exists() else {}
    for step in (lambda: gen_step(args, data, log), lambda: train_step(args, data, model, log)):
        while step():
            log_path.write_text(json.dumps(log, indent=1), encoding="utf-8")
            if args.one_step:
                say("one step done; run again to continue")
                return
    if not args.no_ship:
        ship(args, model, log)


if __name__ == "__main__":
    main()
