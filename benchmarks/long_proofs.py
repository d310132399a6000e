"""Long proofs: how long do the generator's verified proofs get on large samples?

    .venv/bin/python benchmarks/long_proofs.py [--min-points 20] [--max-points 30]
        [--first-seed 100] [--samples 40] [--cpu-seconds 1800] [--min-steps 50]
        [--max-facts 100000] [--out DIR] [--no-record]

AlphaGeometry's longest synthetic proofs run past 200 steps. `pappus generate`'s defaults
(8-14 points, at most 200 theorems a sample) aim at throughput; long proofs need large
samples, a larger fact budget, and no cap on the theorems taken from a sample (the deep
facts come late in the engine's order). This script runs the ordinary pipeline (sampling,
saturation, extraction, verification, dedup) one sample at a time, each as a run of its
own with `max_samples=1` and seed `first_seed + k`, keeping theorems of at least
`--min-steps` deduction steps, until `--samples` samples or `--cpu-seconds` of CPU are
spent. It records the longest proofs (each in a dataset under OUT that `pappus check`
and `pappus show` read), the distribution of the longest proof per sample, and re-checks
the longest record's dataset with `pappus check`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

from results_log import RESULTS, ROOT, commit, fail, machine, publish, say

from generator.config import GeneratorConfig
from generator.dataset import iter_records
from generator.pipeline import generate

SECTION_TITLE = "## Long proofs from large samples: `benchmarks/long_proofs.py`"
TARGET = 200  # AlphaGeometry's longest proofs: at least this many steps


def run_sample(seed: int, args: argparse.Namespace, out: Path) -> dict:
    """One sample through the whole pipeline; its records' lengths and the CPU it took."""
    config = GeneratorConfig(
        count=10**9, seed=seed, min_points=args.min_points, max_points=args.max_points,
        max_samples=1, min_steps=args.min_steps, max_facts=args.max_facts,
        max_per_sample=10**9, saturation_timeout=args.sample_timeout)
    cpu0 = time.process_time()
    summary = generate(config, out, progress=False)
    cpu = time.process_time() - cpu0
    records = [{"id": r.id, "n_steps": r.n_steps, "n_aux": r.n_aux, "goal": r.goal,
                "n_points": r.n_points} for r in iter_records(out)]
    return {"seed": seed, "cpu": cpu, "records": records, "dataset": str(out),
            "interrupted": summary.interrupted}


def report(runs: list[dict], args: argparse.Namespace, info: dict) -> str:
    everything = [dict(r, seed=run["seed"], dataset=run["dataset"])
                  for run in runs for r in run["records"]]
    everything.sort(key=lambda r: -r["n_steps"])
    longest = [max((r["n_steps"] for r in run["records"]), default=0) for run in runs]
    cpu = sum(run["cpu"] for run in runs)
    best = everything[0] if everything else None
    out = [f"{SECTION_TITLE}, {info['date']}", "",
           f"- machine: {info['machine']}; commit `{info['commit']}`",
           f"- samples of {args.min_points}-{args.max_points} points, seeds "
           f"{runs[0]['seed'] if runs else '-'}..{runs[-1]['seed'] if runs else '-'}, "
           f"one sample a run (`max_samples=1`), max_facts={args.max_facts}, no per-sample "
           f"cap, theorems of at least {args.min_steps} steps kept",
           f"- command: `{info['command']}`; datasets in `{info['out']}`", "",
           "| samples | CPU s | theorems kept | samples with one | longest proof (steps) | "
           f"samples reaching {TARGET} |",
           "|---:|---:|---:|---:|---:|---:|",
           f"| {len(runs)} | {cpu:.0f} | {len(everything)} | "
           f"{sum(1 for n in longest if n)} | {best['n_steps'] if best else 0} | "
           f"{sum(1 for n in longest if n >= TARGET)} |", "",
           "Longest proof per sample (steps, in seed order): "
           + ", ".join(str(n) for n in longest), "",
           "Longest theorems:", ""]
    for r in everything[:5]:
        out.append(f"- {r['n_steps']} steps, {r['n_aux']} auxiliary clause(s), "
                   f"{r['n_points']} points, goal `{r['goal']}` (seed {r['seed']}, "
                   f"record `{r['id'][:12]}`)")
    if best is not None:
        out += ["", f"`pappus check` on the dataset holding the longest record: "
                f"{info.get('check', '-')}"]
    verdict = "reached" if best and best["n_steps"] >= TARGET else "NOT reached"
    out += ["", f"Target (proofs of at least {TARGET} steps exist): {verdict}."]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--min-points", type=int, default=20)
    parser.add_argument("--max-points", type=int, default=30)
    parser.add_argument("--first-seed", type=int, default=100)
    parser.add_argument("--samples", type=int, default=40, help="samples at most")
    parser.add_argument("--cpu-seconds", type=float, default=1800.0,
                        help="stop starting samples after this much CPU")
    parser.add_argument("--sample-timeout", type=float, default=1200.0,
                        help="saturation safety net per sample, seconds")
    parser.add_argument("--min-steps", type=int, default=50)
    parser.add_argument("--max-facts", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--no-record", action="store_true", help="do not touch RESULTS.md")
    args = parser.parse_args()

    started = dt.datetime.now(dt.UTC)
    out = args.out or ROOT / "runs" / "long_proofs" / started.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    info = {"date": started.strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
            "commit": commit(), "out": str(out.relative_to(ROOT)) if out.is_relative_to(ROOT)
            else str(out),
            "command": "python benchmarks/long_proofs.py " + shlex.join(sys.argv[1:])}
    runs: list[dict] = []
    spent = 0.0
    try:
        for k in range(args.samples):
            if spent >= args.cpu_seconds:
                break
            seed = args.first_seed + k
            run = run_sample(seed, args, out / f"seed_{seed}")
            runs.append(run)
            spent += run["cpu"]
            top = max((r["n_steps"] for r in run["records"]), default=0)
            say(f"seed {seed}: {len(run['records'])} theorems, longest {top} steps, "
                f"{run['cpu']:.0f} CPU s (total {spent:.0f})")
            if run["interrupted"]:  # generate keeps what it wrote and returns
                say("interrupted: reporting the samples finished so far")
                break
    except KeyboardInterrupt:
        say("interrupted: reporting the samples finished so far")
    if not runs:
        fail("no sample finished")
    best_run = max(runs, key=lambda run: max((r["n_steps"] for r in run["records"]),
                                             default=0))
    if best_run["records"]:
        pappus = Path(sys.executable).parent / "pappus"
        done = subprocess.run([str(pappus), "check", best_run["dataset"]], cwd=ROOT,
                              capture_output=True, text=True)
        lines = (done.stdout.strip() or done.stderr.strip() or "no output").splitlines()
        info["check"] = lines[-1]
    (out / "long_proofs.json").write_text(json.dumps({"info": info, "runs": runs}, indent=1)
                                          + "\n", encoding="utf-8")
    publish(report(runs, args, info), out, None if args.no_record else args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
