"""`pappus loop`: expert iteration on verified proofs (see `neural.loop`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from pappus.commands.common import INTERRUPTED_EXIT_CODE


def run(out: str, rounds: int, config_name: str, overrides: dict[str, Any], resume: bool,
        progress: bool = True) -> int:
    """Run (or resume) the loop in `out`; prints the per-round table and the trust report
    on stderr and the rows as JSON on stdout. Returns the exit code."""
    from neural.extras import require_torch

    require_torch("pappus loop")
    from neural.loop import CONFIG, Loop
    from neural.loop_config import LoopConfig, named_config
    from neural.loop_report import table, trust, trust_text

    saved = Path(out) / CONFIG
    if resume and saved.is_file() and not any(v is not None for v in overrides.values()) \
            and config_name == "small":
        config = LoopConfig.from_dict(json.loads(saved.read_text())["config"])
    else:
        config = named_config(config_name, **overrides)
    loop = Loop(out, config, rounds, resume=resume, progress=progress)
    try:
        rows = loop.run()
    except KeyboardInterrupt:
        typer.echo(f"\ninterrupted: every finished step in {out} is kept; continue with "
                   f"`pappus loop --out {out} --rounds {rounds} --resume`", err=True)
        return INTERRUPTED_EXIT_CODE
    typer.echo(table(rows, config.calls), err=True)
    typer.echo(trust_text(trust(loop)), err=True)
    typer.echo(f"wrote {out}/table.md, curve.png, trust.md", err=True)
    typer.echo(json.dumps(rows))
    return 0
