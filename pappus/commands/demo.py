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

DEMO_PROBLEM = ("imo_ag_30", "translated_imo_2004_p1")  # a packaged set, a problem of it
# a problem DD+AR alone misses, for the search the shipped model guides (step 5)
MODEL_PROBLEM = ("imo_ag_30", "translated_imo_2008_p1b")


def problem_file() -> Path:
    """The demo problem's file, shipped inside the package (`pappus.problems`)."""
    from pappus.problems import benchmark_file

    return benchmark_file(DEMO_PROBLEM[0])


def plural(count: int, word: str) -> str:
    """`1 sample`, `2 samples`."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def run(out: str, count: int) -> int:
    """Generate `count` theorems into OUT/dataset, print their statistics, re-check every
    record with the independent checker, prove a benchmark problem and check its proof,
    then solve one DD+AR misses with the shipped model (where torch is installed).
    Returns 0, or 1 when a check fails or a problem is not proved."""
    from symbolic.checker import check_proof

    from . import check

    root = Path(out)
    data = root / "dataset"
    if data.exists():
        shutil.rmtree(data)
    root.mkdir(parents=True, exist_ok=True)
    typer.echo(f"1. generating {count} verified theorems into {data} ...")
    summary = generate(GeneratorConfig(count=count, seed=0, workers=1), data)
    typer.echo(f"   {plural(summary.written, 'theorem')} from "
               f"{plural(summary.samples, 'sample')} in {summary.seconds:.1f} s")
    typer.echo("2. dataset statistics:")
    typer.echo(format_stats(summarize(data)))
    typer.echo("3. re-checking every record with the independent checker:")
    if check.run([str(data)]) != 0:
        return 1
    _, name = DEMO_PROBLEM
    typer.echo(f"4. proving the benchmark problem {name}:")
    (problem,) = load_problems(problem_file(), [name])
    result = prove(problem, timeout=120)
    if result.proof is None:
        typer.echo(f"   not proved ({result.status})")
        return 1
    typer.echo(result.proof_text())
    proof_path = root / f"{name}.json"
    proof_path.write_text(result.proof.dumps())
    verdict = check_proof(result.proof)
    typer.echo(f"\nproved in {result.seconds:.2f} s; proof written to {proof_path}; "
               f"proof checked: {'valid' if verdict.valid else 'INVALID'}")
    if not verdict.valid:
        return 1
    model_code, model_proof = solve_with_model(root)
    proofs = " ".join(str(p) for p in (proof_path, model_proof) if p is not None)
    typer.echo(f"check everything again with: pappus check {data} {proofs}")
    return model_code


def solve_with_model(root: Path) -> tuple[int, Path | None]:
    """Step 5: solve a problem DD+AR misses by the search with the shipped model's
    proposals in turn with the heuristic's (`--proposer ensemble`; skipped, saying why,
    without the `neural` extra or a checkpoint). Returns the exit code (1 when it runs
    and the problem is not proved or its proof is rejected) and the proof's path."""
    from neural.extras import require_torch
    from symbolic.checker import check_proof
    from symbolic.errors import PappusError

    file, name = MODEL_PROBLEM
    typer.echo(f"5. solving {name} (DD+AR alone misses it) with the shipped model and "
               "the heuristic proposing in turn (pappus solve --proposer ensemble):")
    try:
        require_torch("--proposer ensemble")
        from neural.guide import resolve_model_dir

        resolve_model_dir(None)  # no checkpoint: a ModelNotFoundError
    except PappusError as exc:
        typer.echo("   skipped: " + str(exc).removeprefix("error: ").replace("\n", "\n   "))
        return 0, None
    from neural.search import SearchConfig, solve
    from pappus.problems import benchmark_file

    (problem,) = load_problems(benchmark_file(file), [name])
    result = solve(problem, SearchConfig(proposer="ensemble", max_calls=64, timeout=300))
    dropped = sum(n for k, n in result.dropped.items() if k.startswith("ensemble:"))
    if result.proof is None:
        typer.echo(f"   not proved: {result.stop_line()}")
        return 1, None
    proof_path = root / f"{name}.json"
    proof_path.write_text(result.proof.dumps())
    verdict = check_proof(result.proof)
    typer.echo(f"   auxiliary: {'; '.join(result.proof.aux)} (prover call "
               f"{result.proved_at_call}, {result.seconds:.1f} s; {dropped} model decodes "
               f"dropped, invalid or repeated); proof written to {proof_path}; checked: "
               f"{'valid' if verdict.valid else 'INVALID'}")
    return (0 if verdict.valid else 1), proof_path
