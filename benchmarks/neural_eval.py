"""The proposers against each other: auxiliary-point accuracy and solved against calls.

Test set: the needed-auxiliary records of the TEST split of a dataset generated with a
seed the checkpoint never saw (`pappus generate --preset aux --seed 2002`, made here when
missing), one problem per premise-and-goal text (every record of it gives an accepted
answer), in id order, minus those DD+AR alone proves at --ddar-timeout; the first --limit
of them.

1. Accuracy: each proposer's clauses for the root node (at most 32); a clause counts when
   one of its new points lands, in the problem's diagram (seed 0, as the search draws
   it), on a point one of the record's auxiliary clauses draws there (whatever the
   construction's name or argument order): top-1 and top-32.
2. Solved against the call budget: one anytime search per problem and proposer
   (`neural.search.solve`, best-first, at most --max-calls prover calls, --timeout a
   problem), logging the call at which it proved; every proof is checked with the
   independent checker. The same on the IMO-AG-30 and JGEX-AG-231 problems DD+AR misses
   (`benchmarks/search.py`'s list, cached in runs/search/ddar_misses.json).

Every finished problem x proposer is a line of OUT/*.jsonl: a stopped run resumes. Writes
OUT/neural_eval.png, OUT/card.md (for the model card) and a section of RESULTS.md.

    .venv/bin/python benchmarks/neural_eval.py              # full: 100+ problems, 1024 calls
    .venv/bin/python benchmarks/neural_eval.py --limit 40 --max-calls 64 --timeout 30 \\
        --bench-timeout 30                                   # a reduced run
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from neural_eval_data import ddar_filter, test_records, training_figures
from neural_eval_report import BUDGETS, SETS, model_summary, plot, report
from neural_eval_runs import MODEL_PROPOSERS, PROPOSERS, run_accuracy, run_search
from results_log import RESULTS, ROOT, LoadSampler, fail, publish, say
from search import ddar_misses

BENCH_FILES = {"imo_ag_30.txt": "IMO-AG-30", "jgex_ag_231.txt": "JGEX-AG-231"}


def ensure_data(args: argparse.Namespace) -> Path:
    """The evaluation dataset, generated (resumably) when it is missing or short."""
    data = Path(args.data)
    manifest = data / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text())
        if m.get("records", 0) >= args.count:  # enough (complete, or stopped with enough)
            return data
    exe = Path(sys.executable).with_name("pappus")
    cmd = [str(exe), "generate", "--preset", "aux", "--seed", str(args.seed), "--count",
           str(args.count), "--workers", str(args.jobs), "--out", str(data)]
    if manifest.exists():
        cmd.append("--resume")
    say("$ " + " ".join(cmd))
    subprocess.run(cmd, check=True)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT / "runs" / "neural_eval" / "data"))
    parser.add_argument("--seed", type=int, default=2002, help="seed of the test data")
    parser.add_argument("--count", type=int, default=3000, help="records to generate")
    parser.add_argument("--model", default=None, help="model folder (default: shipped)")
    parser.add_argument("--limit", type=int, default=100, help="synthetic test problems")
    parser.add_argument("--splits", default="test",
                        help="splits of the test data to draw from (comma-separated)")
    parser.add_argument("--per-figure", type=int, default=5,
                        help="most problems a premise set (0: no limit)")
    parser.add_argument("--max-calls", type=int, default=BUDGETS[-1])
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--bench-timeout", type=float, default=120.0)
    parser.add_argument("--bench-limit", type=int, default=None)
    parser.add_argument("--ddar-timeout", type=float, default=120.0)
    parser.add_argument("--proposers", default=",".join(PROPOSERS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "runs" / "neural_eval"))
    parser.add_argument("--misses", default=str(ROOT / "runs" / "search" / "ddar_misses.json"))
    parser.add_argument("--results", default=str(RESULTS))
    parser.add_argument("--sets", default="synthetic,benchmarks",
                        help="what to run: synthetic, benchmarks or both")
    parser.add_argument("--no-report", action="store_true",
                        help="only run (and record in OUT/*.jsonl); no tables")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    proposers = [p.strip() for p in args.proposers.split(",") if p.strip()]
    if unknown := [p for p in proposers if p not in PROPOSERS]:
        fail(f"unknown proposer {unknown[0]!r} (one of {', '.join(PROPOSERS)})")
    if max(args.timeout, args.bench_timeout, args.ddar_timeout) > 3600:
        fail("a timeout above an hour: each step must stay under ~60 minutes")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    import torch

    torch.set_num_threads(1)  # before the workers fork: one thread each
    import neural.guide  # noqa: F401  (workers fork with the code loaded now)
    import neural.search  # noqa: F401
    import symbolic.checker  # noqa: F401

    model_info = (model_summary(args.model) if set(proposers) & set(MODEL_PROPOSERS)
                  or not args.no_report else {"sha256": None})
    args.per_figure = args.per_figure or None
    settings = {"seed": args.seed, "max_calls": args.max_calls, "timeout": args.timeout,
                "bench_timeout": args.bench_timeout, "ddar_timeout": args.ddar_timeout}
    path = out / "settings.json"
    if path.exists() and json.loads(path.read_text()) != settings:
        fail(f"{out} holds a run with other settings ({path}); "
             "pass another --out, or delete it to start again")
    path.write_text(json.dumps(settings, indent=1))
    t0 = time.perf_counter()
    sets = {x.strip() for x in args.sets.split(",")}
    test: list[dict[str, Any]] = []
    acc: list[dict[str, Any]] = []
    misses: list[tuple[str, str]] = []
    with LoadSampler() as load:
        if "synthetic" in sets:
            test = synthetic_set(args, out)
            acc = run_accuracy(test, proposers, out, {"model_dir": args.model}, args.jobs,
                               model_info["sha256"])
        if "benchmarks" in sets:
            misses = ddar_misses(args.ddar_timeout, Path(args.misses))[:args.bench_limit]
        tasks = [("synthetic", e["name"], e["problem"]) for e in test]
        tasks += [(BENCH_FILES[f], n, f) for f, n in misses]
        search_options = {
            "synthetic": {"timeout": args.timeout, "max_calls": args.max_calls,
                          "model": args.model},
            **{s: {"timeout": args.bench_timeout, "max_calls": args.max_calls,
                   "model": args.model} for s in BENCH_FILES.values()}}
        runs = run_search(tasks, proposers, out, search_options, args.jobs,
                          model_info["sha256"])
    sizes = {"synthetic": len(test), "figures": len({e["figure"] for e in test}),
             **{s: sum(1 for f, _ in misses if BENCH_FILES[f] == s) for s in SETS[1:]}}
    if args.no_report:
        say("runs recorded; no report (--no-report)")
        return
    budgets = tuple(b for b in BUDGETS if b <= args.max_calls)
    png = out / "neural_eval.png"
    plot(runs, sizes, proposers, budgets, png)
    section, card = report(args, acc, runs, sizes, proposers, load.info(),
                           time.perf_counter() - t0, png, model_info)
    (out / "card.md").write_text(card, encoding="utf-8")
    publish(section, out, None if args.no_record else Path(args.results))


def synthetic_set(args: argparse.Namespace, out: Path) -> list[dict[str, Any]]:
    """The synthetic test set: unseen premise sets, minus what DD+AR alone proves."""
    data = ensure_data(args)
    manifest = json.loads((data / "manifest.json").read_text())
    if manifest.get("seed") != args.seed:
        fail(f"{data} was generated with seed {manifest.get('seed')}, not --seed {args.seed}")
    splits = {x.strip() for x in args.splits.split(",")}
    seen = training_figures(args.model)
    candidates = test_records(data, splits, args.per_figure, seen)
    say(f"{'+'.join(sorted(splits))} split(s): {len(candidates)} needed-auxiliary "
        f"problems on {len({c['figure'] for c in candidates})} premise sets, none of "
        f"the {len(seen)} premise sets of the training data")
    test = ddar_filter(candidates, args.limit, args.ddar_timeout, out, args.jobs)
    say(f"synthetic test set: {len(test)} problems DD+AR misses")
    return test


if __name__ == "__main__":
    main()
