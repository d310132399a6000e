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
import datetime as dt
import hashlib
import json
import multiprocessing as mp
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from results_log import RESULTS, ROOT, LoadSampler, commit, fail, machine, publish, say
from search import ddar_misses

PROPOSERS = ("model", "ensemble", "heuristic", "random")
MODEL_PROPOSERS = ("model", "ensemble")
BUDGETS = (8, 16, 32, 64, 128, 256, 512, 1024)
TOP = 32
SETS = ("synthetic", "IMO-AG-30", "JGEX-AG-231")
BENCH_FILES = {"imo_ag_30.txt": "IMO-AG-30", "jgex_ag_231.txt": "JGEX-AG-231"}
_MODEL: dict[str, Any] = {}  # the model folder, set before the workers fork


# ------------------------------------------------------------------ the test set

def test_records(data: Path, splits: set[str], per_figure: int | None,
                 seen: set[str]) -> list[dict[str, Any]]:
    """One entry per distinct problem text of `splits` (name, problem, aux lists, figure:
    its premise key), at most `per_figure` a premise set, none whose premise set is in
    `seen` (the model's training premise keys), in id order."""
    import pyarrow.parquet as pq

    from generator.dataset import shard_files
    from generator.splits import premise_key

    by_problem: dict[str, dict[str, Any]] = {}
    for path in shard_files(data):
        cols = ["id", "problem", "aux", "verified", "split", "aux_needed"]
        for row in pq.read_table(path, columns=cols).to_pylist():
            if not (row["verified"] and row["aux"] and row["aux_needed"]
                    and row["split"] in splits):
                continue
            entry = by_problem.setdefault(row["problem"], {"ids": [], "aux": []})
            entry["ids"].append(row["id"])
            entry["aux"].append(list(row["aux"]))
    ranked = sorted((min(e["ids"]), p, e["aux"]) for p, e in by_problem.items())
    out: list[dict[str, Any]] = []
    per: dict[str, int] = {}
    for rid, problem, aux in ranked:
        key = premise_key(problem)
        if key in seen or (per_figure is not None and per.get(key, 0) >= per_figure):
            continue
        per[key] = per.get(key, 0) + 1
        out.append({"name": f"syn_{rid[:12]}", "problem": problem, "aux": aux,
                    "figure": key})
    return out


def _at_root(path: str) -> Path:
    """A path as a model's config names it: relative ones from the repository root."""
    return Path(path) if Path(path).is_absolute() else ROOT / path


def training_figures(model_dir: str | None) -> set[str]:
    """The premise keys of every record in the model's training data (all splits)."""
    import pyarrow.parquet as pq

    from generator.dataset import shard_files
    from generator.splits import premise_key
    from neural.guide import resolve_model_dir

    config = json.loads((resolve_model_dir(model_dir) / "config.json").read_text())
    seen: set[str] = set()
    for source in map(_at_root, config["data"]["sources"]):
        if not source.exists():
            fail(f"the model's training data {source} is not here: cannot check the test "
                 "set against it")
        for path in shard_files(source):
            problems = pq.read_table(path, columns=["problem"]).column("problem")
            seen |= {premise_key(p) for p in set(problems.to_pylist())}
    return seen


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


def _ddar_one(task: tuple[str, str, float]) -> dict[str, Any]:
    from symbolic.parser import parse_problem
    from symbolic.prover import prove

    name, text, timeout = task
    t0 = time.perf_counter()
    result = prove(parse_problem(text, name=name), timeout=timeout)
    return {"name": name, "proved": result.proved, "status": str(result.status),
            "seconds": round(time.perf_counter() - t0, 2)}


def ddar_filter(candidates: list[dict[str, Any]], limit: int, timeout: float, out: Path,
                jobs: int) -> list[dict[str, Any]]:
    """The first `limit` candidates DD+AR alone does not prove (cached in ddar.jsonl)."""
    path = out / "ddar.jsonl"
    done = {x["name"]: x for x in _read_jsonl(path)}
    keep: list[dict[str, Any]] = []
    todo: list[dict[str, Any]] = []
    for c in candidates:
        if c["name"] not in done:
            todo.append(c)
    ctx = mp.get_context("fork")
    with path.open("a", encoding="utf-8") as sink, ctx.Pool(jobs, maxtasksperchild=1) as pool:
        pending = iter(pool.imap(_ddar_one, [(c["name"], c["problem"], timeout) for c in todo]))
        for c in candidates:
            if len(keep) >= limit:
                break
            if c["name"] not in done:
                line = next(pending)
                sink.write(json.dumps(line) + "\n")
                sink.flush()
                done[line["name"]] = line
                if line["proved"]:
                    say(f"  DD+AR proves {line['name']} ({line['seconds']} s): left out")
            if not done[c["name"]]["proved"]:
                keep.append(c)
        pool.terminate()
    return keep


# ------------------------------------------------------------------ accuracy

@dataclass(frozen=True)
class _Node:
    problem: Any
    diagram: Any
    aux: tuple[str, ...] = ()


def _new_points(state: Any, clause: str) -> list[complex]:
    from symbolic.errors import PappusError

    try:
        return list(state.draw_point(clause).values())
    except PappusError:
        return []


def _accuracy_one(task: tuple[dict[str, Any], list[str], dict[str, Any]]) -> list[dict]:
    from neural.proposers import make_proposer
    from symbolic.engine_types import Budget
    from symbolic.parser import parse_problem
    from symbolic.state import ProofState

    entry, proposers, options = task
    problem = parse_problem(entry["problem"], name=entry["name"])
    # drawing only: a state saturated no further than needed to exist
    state = ProofState.start(problem, seed=0, budget=Budget(timeout=5, max_steps=1,
                                                            max_facts=1))
    tol = 1e-6 * (state.diagram.scale or 1.0)
    targets = [z for aux in entry["aux"] for clause in aux[:1]
               for z in _new_points(state, clause)]
    node = _Node(problem, state.diagram)
    lines = []
    for name in proposers:
        proposer = make_proposer(name, **(options if name in ("model", "ensemble") else {}))
        t0 = time.perf_counter()
        proposals = proposer.propose(node, TOP, seed=0)
        rank = None
        for k, p in enumerate(proposals, 1):
            if any(abs(z - t) <= tol for z in _new_points(state, p.clause) for t in targets):
                rank = k
                break
        lines.append({"name": entry["name"], "proposer": name, "rank": rank,
                      "proposals": len(proposals), "targets": len(targets),
                      "top1": proposals[0].clause if proposals else None,
                      "seconds": round(time.perf_counter() - t0, 2)})
    return lines


def _current(line: dict[str, Any], sha: str | None) -> bool:
    """Whether a finished line counts: model-free proposers always, the model's and the
    ensemble's only when made with this model."""
    return line["proposer"] not in MODEL_PROPOSERS or line.get("model") == sha


def run_accuracy(test: list[dict[str, Any]], proposers: list[str], out: Path,
                 options: dict[str, Any], jobs: int, sha: str | None
                 ) -> list[dict[str, Any]]:
    path = out / "accuracy.jsonl"
    done = {(x["name"], x["proposer"]): x for x in _read_jsonl(path) if _current(x, sha)}
    todo = []
    for e in test:
        missing = [p for p in proposers if (e["name"], p) not in done]
        if missing:
            todo.append((e, missing, options))
    say(f"accuracy: {len(test) - len(todo)} problems done, {len(todo)} to go")
    with path.open("a", encoding="utf-8") as sink, \
            mp.get_context("fork").Pool(jobs, maxtasksperchild=4) as pool:
        for lines in pool.imap_unordered(_accuracy_one, todo):
            for line in lines:
                if line["proposer"] in MODEL_PROPOSERS:
                    line["model"] = sha
                sink.write(json.dumps(line) + "\n")
                done[(line["name"], line["proposer"])] = line
            sink.flush()
    names = {e["name"] for e in test}
    return [x for k, x in done.items() if k[0] in names and k[1] in proposers]


# ------------------------------------------------------------------ search

def _search_one(task: tuple[str, str, str, str, dict[str, Any]]) -> dict[str, Any]:
    import torch

    from neural.search import SearchConfig, solve
    from symbolic.checker import check_proof
    from symbolic.parser import load_problems, parse_problem

    torch.set_num_threads(1)
    set_name, name, text, proposer, options = task
    if set_name == "synthetic":
        problem = parse_problem(text, name=name)
    else:
        problem = load_problems(ROOT / "benchmarks" / "problems" / text, [name])[0]
    t0 = time.perf_counter()
    result = solve(problem, SearchConfig(proposer=proposer, **options))
    line = {"set": set_name, "name": name, "proposer": proposer, "status": result.status,
            "proved_at_call": result.proved_at_call, "calls": result.calls,
            "seconds": round(time.perf_counter() - t0, 2), "aux": result.aux,
            "dropped": dict(result.dropped), "checked": None}
    if result.proof is not None:
        line["checked"] = check_proof(result.proof).valid
    return line


def run_search(tasks: list[tuple[str, str, str]], proposers: list[str], out: Path,
               options: dict[str, dict[str, Any]], jobs: int, sha: str | None
               ) -> list[dict[str, Any]]:
    """tasks: (set, name, problem text or benchmark file)."""
    path = out / "search.jsonl"
    done = {(x["set"], x["name"], x["proposer"]): x for x in _read_jsonl(path)
            if _current(x, sha)}
    todo = [(s, n, t, p, options[s]) for p in proposers for s, n, t in tasks
            if (s, n, p) not in done]
    say(f"search: {len(done)} runs done, {len(todo)} to go")
    with path.open("a", encoding="utf-8") as sink, \
            mp.get_context("fork").Pool(jobs, maxtasksperchild=1) as pool:
        for line in pool.imap_unordered(_search_one, todo):
            if line["proposer"] in MODEL_PROPOSERS:
                line["model"] = sha
            sink.write(json.dumps(line) + "\n")
            sink.flush()
            done[(line["set"], line["name"], line["proposer"])] = line
            say(f"  {line['proposer']} {line['set']} {line['name']}: {line['status']} "
                f"(call {line['proved_at_call']}, {line['seconds']} s) {line['aux']}")
    wanted = {(s, n) for s, n, _ in tasks}
    return [x for k, x in done.items() if k[:2] in wanted and k[2] in proposers]


# ------------------------------------------------------------------ report

def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The lines of a results file. A line cut short by a kill (and whatever a resumed
    run appended to it) does not parse and is left out, so those problems are redone."""
    if not path.exists():
        return []
    out = []
    for raw in path.read_text().splitlines():
        try:
            out.append(json.loads(raw))
        except json.JSONDecodeError:
            continue
    return out


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
    full = (sizes["synthetic"] >= 100 and args.splits == "test" and args.max_calls >= 1024
            and args.timeout >= 120
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
    sources = [_at_root(s) / "manifest.json" for s in config["data"]["sources"]]
    seeds = sorted({json.loads(m.read_text())["seed"] for m in sources if m.exists()})
    return {"dir": str(root.relative_to(ROOT) if root.is_relative_to(ROOT) else root),
            "params": config["params"], "step": config["step"], "sha256": digest,
            "seeds": ", ".join(map(str, seeds)) or "unknown"}


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
