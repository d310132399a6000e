"""Training data that needs auxiliary points: records and distinct premise sets per
core-hour, leaks and decontamination, for the flags of the issue and the `aux` preset.

    python benchmarks/aux_data.py [--seeds 21,3,7] [--count 600] [--workers 2]

Each run is `pappus generate --count N --seed S --workers W` with
`--aux-fraction 1 --needed-aux-only` (sampling `default`) or `--preset aux`. The rate is
records / (workers x the command's wall time), in records per core-hour, as the issue
measures it; CPU time (the command and its workers) is given beside it, since on a
shared machine wall time also counts other jobs' turns. A premise set is the problem
text before ` ? `. Every record is checked for naming leaks (`generator.leaks`); if the
runs give fewer than `--leak-records`, a fast plain run tops them up. Finished runs are
kept under `--out` and not run again (delete a run's folder to redo it).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from results_log import ROOT, LoadSampler, append_section, commit, cpu_model, machine, say

from generator.dataset import iter_records, read_manifest
from generator.leaks import naming_leaks

PAPPUS = str(Path(sys.executable).with_name("pappus"))
CONFIGS = {
    "flags": ["--aux-fraction", "1", "--needed-aux-only"],
    "preset": ["--preset", "aux"],
}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_one(out: Path, config: str, seed: int, count: int, workers: int) -> dict:
    """One generate run (or its stored result)."""
    folder = out / f"{config}-seed{seed}-n{count}"
    stored = folder.with_suffix(".json")
    manifest = read_manifest(folder) if folder.exists() else None
    if stored.exists() and manifest and manifest.get("complete"):
        return json.loads(stored.read_text())
    if manifest and manifest.get("complete") and (folder / "timing.json").exists():
        # a finished run whose summary was not written: its timing, kept on the side
        return summarize(folder, config, seed, count, workers,
                         **json.loads((folder / "timing.json").read_text()))
    if folder.exists():
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    cmd = [PAPPUS, "generate", "--count", str(count), "--seed", str(seed), "--workers",
           str(workers), "--out", str(folder), *CONFIGS[config]]
    say(" ".join(cmd[1:]))
    load = LoadSampler()
    cpu0, t0 = children_cpu(), time.perf_counter()
    with load:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timing = {"wall": time.perf_counter() - t0, "cpu": children_cpu() - cpu0,
              "load": load.mean}
    (folder / "timing.json").write_text(json.dumps(timing))
    result = summarize(folder, config, seed, count, workers, **timing)
    stored.write_text(json.dumps(result, indent=1))
    return result


def summarize(folder: Path, config: str, seed: int, count: int, workers: int, wall: float,
              cpu: float | None, load: float | None) -> dict:
    """The figures of one finished run (CPU None: not measured)."""
    records = list(iter_records(folder))
    manifest = read_manifest(folder) or {}
    premise_sets = {r.problem.partition(" ? ")[0] for r in records}
    return {
        "config": config, "seed": seed, "count": count, "workers": workers,
        "wall": wall, "cpu": cpu, "load": load, "records": len(records),
        "premise_sets": len(premise_sets), "samples": manifest.get("next_sample"),
        "verified": sum(r.verified for r in records),
        "aux_needed": sum(r.aux_needed for r in records),
        "aux_fixpoint": sum(r.aux_fixpoint for r in records),
        "leaks": sum(bool(naming_leaks(r)) for r in records),
        "n_aux": dict(Counter(str(r.n_aux) for r in records)),
        "splits": dict(Counter(r.split for r in records)),
        "goals": dict(Counter(r.goal_predicate for r in records)),
        "dropped": manifest.get("dropped", {}), "rejected": manifest.get("rejected", {}),
    }


def leak_top_up(out: Path, have: int, want: int, workers: int) -> dict:
    """Leaks over a fast plain run (all theorems, with and without auxiliary points)."""
    count = max(want - have, 0)
    if not count:
        return {"records": 0, "leaks": 0}
    folder = out / f"leaks-n{count}"
    manifest = read_manifest(folder) if folder.exists() else None
    if not (manifest and manifest.get("complete")):
        subprocess.run(["rm", "-rf", str(folder)], check=True)
        say(f"generate --count {count} (leak check)")
        subprocess.run([PAPPUS, "generate", "--count", str(count), "--seed", "5",
                        "--workers", str(workers), "--out", str(folder)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    records = list(iter_records(folder))
    return {"records": len(records), "leaks": sum(bool(naming_leaks(r)) for r in records),
            "with_aux": sum(r.n_aux > 0 for r in records)}


def per_core_hour(n: int, r: dict, by: str) -> str:
    seconds = r["wall"] * r["workers"] if by == "wall" else r["cpu"]
    return f"{n / seconds * 3600:,.0f}" if seconds else "n/a"


def report(results: list[dict], leaks: dict, args: argparse.Namespace) -> str:
    lines = [f"## Needed-auxiliary training data: `benchmarks/aux_data.py`, "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
             f"- machine: {cpu_model()}, {machine()}; commit `{commit()}`",
             f"- command: `python benchmarks/aux_data.py --seeds {args.seeds} --count "
             f"{args.count} --workers {args.workers}`",
             "- flags: `pappus generate --count N --seed S --workers W --aux-fraction 1 "
             "--needed-aux-only`; preset: `pappus generate --count N --seed S --workers W "
             "--preset aux` (sampling `aux`, 2 neighbours a hit)",
             "- rate: records / (workers x wall time); CPU: records / CPU time of the "
             "command and its workers; load: mean runnable processes during the run "
             "(2 = the two workers alone)", "",
             "| config | seed | records | premise sets | samples | wall s | load | "
             "records / core-h (wall) | premise sets / core-h (wall) | records / CPU-h | "
             "premise sets / CPU-h | aux needed | fixpoint | leaks | benchmark dropped |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(
            f"| {r['config']} | {r['seed']} | {r['records']} | {r['premise_sets']} | "
            f"{r['samples']} | {r['wall']:.0f} | "
            f"{'n/a' if r['load'] is None else format(r['load'], '.1f')} | "
            f"{per_core_hour(r['records'], r, 'wall')} | "
            f"{per_core_hour(r['premise_sets'], r, 'wall')} | "
            f"{per_core_hour(r['records'], r, 'cpu')} | "
            f"{per_core_hour(r['premise_sets'], r, 'cpu')} | {r['aux_needed']} | "
            f"{r['aux_fixpoint']} | {r['leaks']} | "
            f"{r['dropped'].get('benchmark_problem', 0)} |")
    for config in CONFIGS:
        rows = [r for r in results if r["config"] == config]
        if not rows:
            continue
        total = {"wall": sum(r["wall"] * r["workers"] for r in rows), "workers": 1,
                 "cpu": None if any(r["cpu"] is None for r in rows)
                 else sum(r["cpu"] for r in rows)}
        recs, sets = sum(r["records"] for r in rows), sum(r["premise_sets"] for r in rows)
        lines.append(f"| **{config}, all seeds** | | {recs} | {sets} | | | | "
                     f"{per_core_hour(recs, total, 'wall')} | "
                     f"{per_core_hour(sets, total, 'wall')} | "
                     f"{per_core_hour(recs, total, 'cpu')} | "
                     f"{per_core_hour(sets, total, 'cpu')} | | | | |")
    checked = sum(r["records"] for r in results) + leaks["records"]
    leaked = sum(r["leaks"] for r in results) + leaks["leaks"]
    lines += ["", f"Naming leaks (`generator.leaks.naming_leaks`): {leaked} in {checked} "
              f"records ({leaks['records']} of them from a plain run, seed 5, "
              f"{leaks.get('with_aux', 0)} with auxiliary points).", ""]
    n_aux: Counter[str] = Counter()
    goals: Counter[str] = Counter()
    for r in results:
        if r["config"] == "preset":
            n_aux.update(r["n_aux"])
            goals.update(r["goals"])
    if n_aux:
        lines += ["Preset records by auxiliary clauses: " + ", ".join(
            f"{k}: {v}" for k, v in sorted(n_aux.items(), key=lambda kv: int(kv[0]))) +
            "; by goal: " + ", ".join(f"{k} {v}" for k, v in goals.most_common()) + ".", ""]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="21,3,7")
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--configs", default="flags,preset")
    parser.add_argument("--leak-records", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "aux_data")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = [run_one(args.out, config, int(seed), args.count, args.workers)
               for seed in args.seeds.split(",") for config in args.configs.split(",")]
    leaks = leak_top_up(args.out, sum(r["records"] for r in results), args.leak_records,
                        args.workers)
    text = report(results, leaks, args)
    print(text)
    if not args.no_record:
        append_section(text)


if __name__ == "__main__":
    main()
