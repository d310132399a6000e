"""`pappus train`: train the proposer model on the verified records of datasets."""

from __future__ import annotations

import json
from typing import Any

import typer

from pappus.commands.common import INTERRUPTED_EXIT_CODE, CommandLineError


def run(data: list[str], out: str, options: dict[str, Any], resume: bool,
        progress: bool = True) -> int:
    """Train into `out`; prints the summary (JSON) on stdout. Returns the exit code."""
    from neural.extras import require_torch

    require_torch("pappus train")
    from neural.train import TrainConfig, train

    try:
        config = TrainConfig(**options)
    except ValueError as exc:
        raise CommandLineError(f"error: {exc}") from None
    try:
        result = train(data, out, config, resume=resume, progress=progress)
    except KeyboardInterrupt:
        typer.echo(f"\ninterrupted: the last checkpoint in {out} is kept; continue with "
                   "the same options and --resume", err=True)
        return INTERRUPTED_EXIT_CODE
    val = f"{result.val_loss:.4f}" if result.val_loss is not None else "n/a (no examples)"
    train_loss = f"{result.train_loss:.4f}" if result.train_loss is not None else "n/a"
    examples = result.data["examples"]
    typer.echo(f"trained {result.params:,} parameters for {result.step} steps on "
               f"{examples['train']:,} examples ({result.tokens_per_second:,.0f} tokens/s): "
               f"train loss {train_loss}, validation loss {val} "
               f"({examples['validation']:,} examples); wrote {out}", err=True)
    typer.echo(json.dumps({"out": out, "step": result.step, "params": result.params,
                           "train_loss": result.train_loss, "val_loss": result.val_loss,
                           "tokens_per_second": round(result.tokens_per_second, 1),
                           "seconds": round(result.seconds, 2), "data": result.data}))
    return 0
