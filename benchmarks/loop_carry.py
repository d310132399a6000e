"""Carry a loop run between sessions whose checkouts start without `runs/`.

`benchmarks/loop.py` (and `pappus loop`) resume from their run folder, but a fresh
checkout has no `runs/`. `save` copies what resuming needs into a tracked folder,
`restore` copies it back; a run saved part-way and restored continues as if never stopped
(every step is resumable, and a step's outputs are all it reads later).

Left out, to keep the tracked copy small: optimizer states and loss plots; the weights
of every model but round 0's (the control arms start from it) and the newest finished
one of each arm (the next round starts from it; the other rounds keep their config,
history and results); and the model folder of a training step not finished (it trains
again from step 0, with the same result, since training is deterministic for a seed).

    .venv/bin/python benchmarks/loop_carry.py save runs/loop-small benchmarks/loop_carry/small
    .venv/bin/python benchmarks/loop_carry.py restore benchmarks/loop_carry/small runs/loop-small
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

DROPPED_FILES = ("trainer_state.pt", "loss.png", "curve.png", "curves.png")
WEIGHTS = "model.safetensors"


def arm_dirs(run: Path) -> list[Path]:
    """The loop run folders under `run` (itself, or one a control arm)."""
    if (run / "state.json").is_file():
        return [run]
    return sorted(p for p in run.iterdir() if (p / "state.json").is_file())


def _kept_models(arm: Path) -> tuple[set[str], set[str]]:
    """Round folders whose weights are kept, and those whose model folder is dropped."""
    done = json.loads((arm / "state.json").read_text())["done"]
    trained = sorted({int(m.group(1)) for s in done
                      if (m := re.fullmatch(r"r(\d+):(model|train)", s))})
    rounds = {p.name for p in (arm / "rounds").iterdir()} if (arm / "rounds").is_dir() else set()
    keep = {f"{r:02d}" for r in trained[:1] + trained[-1:]}
    unfinished = {name for name in rounds if int(name) not in trained}
    return keep, unfinished


def _ignorer(arm: Path) -> Callable[[str, list[str]], set[str]]:
    """What `shutil.copytree` leaves out of one arm's folder."""
    keep, unfinished = _kept_models(arm)

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        out = {n for n in names if n in DROPPED_FILES}
        if here.parent == arm / "rounds" and here.name in unfinished:
            out.add("model")
        if here.name == "model" and here.parent.parent == arm / "rounds" and \
                here.parent.name not in keep:
            out.add(WEIGHTS)
        return out

    return ignore


def save(run: Path, carry: Path) -> None:
    if carry.exists():
        shutil.rmtree(carry)
    for arm in arm_dirs(run):
        shutil.copytree(arm, carry / arm.relative_to(run), ignore=_ignorer(arm))
    size = sum(f.stat().st_size for f in carry.rglob("*") if f.is_file())
    print(f"saved {run} into {carry} ({size / 1e6:.1f} MB)")


def restore(carry: Path, run: Path) -> None:
    if run.exists():
        raise SystemExit(f"error: {run} exists\n  hint: restore into a new folder, or "
                         "remove it if it holds nothing you need")
    shutil.copytree(carry, run)
    print(f"restored {carry} into {run}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["save", "restore"])
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    args = parser.parse_args()
    if not args.src.is_dir():
        raise SystemExit(f"error: {args.src} is not a folder\n  hint: save RUN CARRY, "
                         "restore CARRY RUN")
    (save if args.action == "save" else restore)(args.src, args.dst)


if __name__ == "__main__":
    main()
