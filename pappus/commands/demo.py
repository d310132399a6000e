"""`pappus demo`: the main job end to end, small enough for a fresh machine."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer

from generator.config import GeneratorConfig
from generator.dataset_stats import format_stats, summarize
from generator.pipeline import generate
from symbolic.parser import load_problems
from symbolic.prover import prove

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks" / "problems"
DEMO_PROBLEM = ("imo_ag_30.txt", "translated_imo_2004_p1")


def run(out: str, count: int) -> int:
    root = Path(out)
    data = root / "dataset"
    if data.exists():
        shutil.rmtree(data)
    root.mkdir(parents=True, exist_ok=True)
    typer.echo(f"1. generating {count} verified theorems into {data} ...")
    summary = generate(GeneratorConfig(count=count, seed=0, workers=1), data)
    typer.echo(f"   {summary.written} theorems from {summary.samples} samples in "
               f"{summary.seconds:.1f} s")
    typer.echo("2. dataset statistics:")
    typer.echo(format_stats(summarize(data)))
    file, name = DEMO_PROBLEM
    typer.echo(f"3. proving the benchmark problem {name}:")
    (problem,) = load_problems(BENCHMARKS / file, [name])
    result = prove(problem, timeout=120)
    if result.proof is None:
        typer.echo(f"   not proved ({result.status})")
        return 1
    typer.echo(result.proof_text())
    proof_path = root / f"{name}.json"
    proof_path.write_text(result.proof.dumps())
    typer.echo(f"\nproved in {result.seconds:.2f} s; proof written to {proof_path}")
    typer.echo(f"check everything with: pappus check {data} {proof_path}")
    return 0
