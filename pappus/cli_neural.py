"""`pappus` commands of the neural proposer (the 'neural' extra): train, loop.

Declared here, registered on the app in pappus/cli.py (which fixes their order in --help).
"""

from __future__ import annotations

from typing import Annotated

import typer

from pappus.commands.common import cli_errors


def train(
    data: Annotated[list[str], typer.Option(
        "--data", metavar="DIR", help="A dataset directory (repeat for several).")],
    out: Annotated[str, typer.Option("--out", "-o", metavar="MODEL_DIR",
                                     help="Where the model and its files go.")],
    device: Annotated[str, typer.Option(help="auto (CUDA if there is one), cpu or cuda.")]
    = "auto",
    size: Annotated[str, typer.Option(
        help="Model size: tiny (~0.15M parameters), mini (~0.9M), small (~4.9M), "
             "medium (~14M), large (~26M).")] = "mini",
    steps: Annotated[int, typer.Option(min=1, help="Optimizer steps in all.")] = 2000,
    batch_size: Annotated[int, typer.Option(min=1, help="Examples a step.")] = 32,
    lr: Annotated[float, typer.Option(min=0, help="Peak learning rate.")] = 1e-3,
    eval_every: Annotated[int, typer.Option(
        min=1, help="Steps between validation losses and checkpoints.")] = 250,
    needed_only: Annotated[bool, typer.Option(
        "--needed-only", help="Only records whose auxiliary clauses are needed.")] = False,
    augment: Annotated[int, typer.Option(
        min=0, help="Other premise orders of each training record (the same figure "
                    "under other point names).")] = 0,
    dropout: Annotated[float, typer.Option(min=0, max=0.9, help="Dropout rate.")] = 0.0,
    per_figure: Annotated[int, typer.Option(
        min=0, help="Most training records of one premise set (0: no limit).")] = 0,
    seed: Annotated[int, typer.Option(help="Seed: same seed and data, same model.")] = 0,
    resume: Annotated[bool, typer.Option(
        help="Continue the run in MODEL_DIR from its last checkpoint (same options).")]
    = False,
) -> None:
    """Train the proposer model on the verified records of --data (needs the 'neural'
    extra): it learns to write the next auxiliary clause given the premises, the goal
    and the clauses before.

    Trains on the datasets' train split and reports the loss on their validation split.
    Writes model.safetensors, config.json, tokenizer.json and loss.png into MODEL_DIR;
    prints a JSON summary on stdout. Ctrl-C keeps the last checkpoint; --resume goes on.
    """
    from pappus.commands import train as command

    options = dict(device=device, size=size, steps=steps, batch_size=batch_size, lr=lr,
                   min_lr=min(lr, 1e-4), eval_every=eval_every, needed_only=needed_only,
                   augment=augment, dropout=dropout, per_figure=per_figure, seed=seed)
    with cli_errors():
        code = command.run(data, out, options, resume)
    raise typer.Exit(code)


def loop(
    out: Annotated[str, typer.Option("--out", "-o", metavar="RUN_DIR",
                                     help="The run folder (state, data, models, reports).")],
    rounds: Annotated[int, typer.Option(min=0, help="Rounds after round 0.")] = 5,
    calls: Annotated[int | None, typer.Option(
        min=1, help="Prover calls a problem of every evaluation; default: the "
                    "config's.")] = None,
    search_calls: Annotated[int | None, typer.Option(
        min=1, help="Prover calls a problem of each round's pool search; default: the "
                    "config's.")] = None,
    config: Annotated[str, typer.Option(
        "--config", help="Named settings: small (2 CPU cores, ~6 CPU-hours for 5 rounds) "
                         "or gpu.")] = "small",
    model: Annotated[str | None, typer.Option(
        "--model", metavar="DIR", help="Start from this trained model instead of "
                                       "training one in round 0.")] = None,
    seed: Annotated[int | None, typer.Option(help="Run seed (default 0).")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Processes for generation and search.")] = None,
    test_pool: Annotated[str | None, typer.Option(
        "--test-pool", metavar="FILE",
        help="Take the frozen test pool from this file (benchmarks/loop_test_pool.py "
             "exports one) instead of generating it.")] = None,
    resume: Annotated[bool, typer.Option(
        help="Continue the run in RUN_DIR from its last finished step.")] = False,
) -> None:
    """Expert iteration on verified proofs (needs the 'neural' extra): each round, search
    fresh hard problems with the current model, check every proof, fine-tune on the
    corpus plus the checked proofs, and evaluate on a frozen test pool and the benchmark
    problems DD+AR misses, every round at the same prover-call budget.

    Writes table.md, curve.png and trust.md into RUN_DIR and prints the rows as JSON.
    Ctrl-C keeps every finished step; --resume continues with the same result.
    """
    from pappus.commands import loop as command

    overrides = dict(calls=calls, search_calls=search_calls, base_model=model, seed=seed,
                     workers=workers, test_pool=test_pool)
    with cli_errors():
        code = command.run(out, rounds, config, overrides, resume)
    raise typer.Exit(code)
