"""neural_eval's report: the solved-against-calls plot, the tables, the section and model card."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from neural_eval_data import at_root
from neural_eval_runs import PROPOSERS
from results_log import ROOT, commit, machine

BUDGETS = (8, 16, 32, 64, 128, 256, 512, 1024)
SETS = ("synthetic", "IMO-AG-30", "JGEX-AG-231")


def solved_curve(lines: list[dict], proposer: str, set_name: str, budgets: tuple[int, ...]
                 ) -> list[int]:
    chosen = [x for x in lines if x["proposer"] == proposer and x["set"] == set_name]
    return [sum(1 for x in chosen if x["proved_at_call"] is not None and x["checked"]
                and x["proved_at_call"] <= b) for b in budgets]


def plot(lines: list[dict], sizes: dict[str, int], proposers: list[str],
         budgets: tuple[int, ...], path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    shown = [s for s in SETS if sizes.get(s)]
    fig = Figure(figsize=(4.2 * len(shown), 3.8))
    FigureCanvasAgg(fig)
    for i, set_name in enumerate(shown):
        ax = fig.add_subplot(1, len(shown), i + 1)
        for p in proposers:
            ax.plot(budgets, solved_curve(lines, p, set_name, budgets), marker="o", label=p)
        ax.set_xscale("log", base=2)
        ax.set_xlabel("prover calls per problem")
        ax.set_ylabel(f"solved (of {sizes[set_name]})")
        ax.set_title(set_name + (" test set" if set_name == "synthetic" else " DD+AR misses"))
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(str(path), dpi=110)


def accuracy_table(acc: list[dict], proposers: list[str], n: int) -> list[str]:
    rows = ["| proposer | top-1 | top-32 | mean clauses proposed | s a problem |",
            "|---|---:|---:|---:|---:|"]
    for p in proposers:
        got = [x for x in acc if x["proposer"] == p]
        if not got:
            continue
        top1 = sum(1 for x in got if x["rank"] == 1)
        top32 = sum(1 for x in got if x["rank"] is not None)
        mean = sum(x["proposals"] for x in got) / len(got)
        secs = sum(x["seconds"] for x in got) / len(got)
        rows.append(f"| {p} | {top1}/{n} ({100 * top1 / n:.0f}%) | {top32}/{n} "
                    f"({100 * top32 / n:.0f}%) | {mean:.1f} | {secs:.2f} |")
    return rows


def report(args: argparse.Namespace, acc: list[dict], runs: list[dict],
           sizes: dict[str, int], proposers: list[str], info: dict, seconds: float,
           png: Path, model_info: dict[str, Any]) -> tuple[str, str]:
    budgets = tuple(b for b in BUDGETS if b <= args.max_calls)
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    full = (sizes["synthetic"] >= 100 and args.max_calls >= 1024 and args.timeout >= 120
            and args.bench_timeout >= 120 and set(proposers) == set(PROPOSERS))
    head = [
        f"## Neural proposer evaluation: `benchmarks/neural_eval.py`, {date}",
        "",
        f"- machine: {machine()}; commit `{commit()}`; no GPU",
        f"- command: `.venv/bin/python benchmarks/neural_eval.py {' '.join(sys.argv[1:])}`",
        f"- model: `{model_info['dir']}` ({model_info['params']:,} parameters, trained "
        f"{model_info['step']} steps on data seed(s) {model_info['seeds']}); "
        f"test data: the {args.splits} split(s) of `pappus generate --preset aux --seed "
        f"{args.seed}` (a seed the model never saw; no premise set of its training data)",
        f"- synthetic test set: {sizes['synthetic']} needed-auxiliary problems on "
        f"{sizes['figures']} premise sets (at most {args.per_figure or 'any number of'} a "
        f"premise set) that DD+AR alone misses at {args.ddar_timeout:g} s; benchmarks: the "
        f"DD+AR misses of "
        f"IMO-AG-30 ({sizes['IMO-AG-30']}) and JGEX-AG-231 ({sizes['JGEX-AG-231']})",
        f"- search: best-first, at most {args.max_calls} prover calls, timeout "
        f"{args.timeout:g} s a synthetic problem and {args.bench_timeout:g} s a benchmark "
        f"problem, {args.jobs} at a time; wall {seconds:.0f} s; mean runnable processes "
        f"{info.get('runnable_mean') or 0:.1f}",
        f"- plot: `{png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}`",
    ]
    if args.splits != "test":
        head += [
            f"- splits: {args.splits}, not the test split alone: every split of this "
            "seed is unseen (the splits are a hash of the premise set, and the training "
            "data's premise sets are left out), but its test split alone holds too few "
            "premise sets for 100 problems",
        ]
    if not full:
        head += [
            "- **reduced run** (fewer problems, calls or seconds than the issue asks); the "
            "full one: `.venv/bin/python benchmarks/neural_eval.py --limit 100 --max-calls "
            "1024 --timeout 120 --bench-timeout 120`",
        ]
    n = sizes["synthetic"]
    body = ["", f"Auxiliary-point accuracy on the synthetic test set ({n} problems; a "
            "proposal counts when it draws a point of the record's first auxiliary "
            "clause(s)):", "", *accuracy_table(acc, proposers, n), "",
            "Solved (proof found and accepted by the checker) within a call budget:", "",
            "| proposer | set | " + " | ".join(map(str, budgets)) + " |",
            "|---|---|" + "---:|" * len(budgets)]
    for p in proposers:
        for s in SETS:
            if sizes.get(s):
                row = solved_curve(runs, p, s, budgets)
                body.append(f"| {p} | {s} ({sizes[s]}) | " + " | ".join(map(str, row)) + " |")
    bad = [x for x in runs if x["proved_at_call"] is not None and not x["checked"]]
    body += ["", f"Proofs rejected by the checker: {len(bad)}.",
             "Solved benchmark problems (call, auxiliary clauses):", ""]
    for x in sorted(runs, key=lambda y: (y["set"], y["name"], y["proposer"])):
        if x["set"] != "synthetic" and x["proved_at_call"] is not None:
            body.append(f"- {x['set']} {x['name']} by {x['proposer']}: call "
                        f"{x['proved_at_call']}, `{'; '.join(x['aux'])}`")
    card = ["## Evaluation (`benchmarks/neural_eval.py`)", "", *head[2:], *body]
    return "\n".join(head + body) + "\n", "\n".join(card) + "\n"


def model_summary(model_dir: str | None) -> dict[str, Any]:
    from neural.guide import resolve_model_dir

    root = resolve_model_dir(model_dir)
    config = json.loads((root / "config.json").read_text())
    digest = hashlib.sha256((root / "model.safetensors").read_bytes()).hexdigest()[:16]
    sources = [at_root(s) / "manifest.json" for s in config["data"]["sources"]]
    seeds = sorted({json.loads(m.read_text())["seed"] for m in sources if m.exists()})
    return {"dir": str(root.relative_to(ROOT) if root.is_relative_to(ROOT) else root),
            "params": config["params"], "step": config["step"], "sha256": digest,
            "seeds": ", ".join(map(str, seeds)) or "unknown"}
