"""Auxiliary-point search on the benchmark problems DD+AR alone misses.

Each proposer runs once per problem at the largest call budget, logging the prover call
at which the problem was proved, so one run gives the whole solved-against-calls curve
(16, 64, 256, 1024, 4096 calls). Results go to OUT/<proposer>.jsonl a line per problem
as it finishes: an interrupted run resumes where it stopped (no problem runs longer than
--timeout). Every proof found is checked with the independent checker. Writes a PNG of
the curves and appends a section to RESULTS.md.

    .venv/bin/python benchmarks/search.py --timeout 300 --max-calls 4096 --jobs 2
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import sys
import time
from pathlib import Path
from typing import Any

from results_log import RESULTS, ROOT, LoadSampler, commit, fail, machine, publish, say

PROBLEM_FILES = ("imo_ag_30.txt", "jgex_ag_231.txt")
BUDGETS = (16, 64, 256, 1024, 4096)
PROPOSERS = ("heuristic", "random")


def _problems_dir() -> Path:
    return ROOT / "benchmarks" / "problems"


def ddar_misses(timeout: float, cache: Path) -> list[tuple[str, str]]:
    """(file, name) of every benchmark problem DD+AR alone does not prove (cached)."""
    if cache.exists():
        return [tuple(x) for x in json.loads(cache.read_text())]  # type: ignore[misc]
    from symbolic.parser import load_problems
    from symbolic.prover import prove

    misses = []
    for file in PROBLEM_FILES:
        for problem in load_problems(_problems_dir() / file):
            if not prove(problem, timeout=timeout).proved:
                misses.append((file, problem.name))
                say(f"  DD+AR misses {file}: {problem.name}")
    cache.write_text(json.dumps(misses, indent=1))
    return misses


def solve_one(task: tuple[str, str, str, dict]) -> dict[str, Any]:
    """Search one problem (in a worker process); a JSON-able result line."""
    from neural.search import SearchConfig, solve
    from symbolic.checker import check_proof
    from symbolic.parser import load_problems

    file, name, proposer, options = task
    problem = load_problems(_problems_dir() / file, [name])[0]
    t0 = time.perf_counter()
    result = solve(problem, SearchConfig(proposer=proposer, **options))
    line = {"file": file, "name": name, "proposer": proposer, "status": result.status,
            "proved_at_call": result.proved_at_call, "calls": result.calls,
            "nodes": result.nodes, "depth": result.depth,
            "seconds": round(time.perf_counter() - t0, 2), "aux": result.aux,
            "dropped": dict(result.dropped), "checked": None}
    if result.proof is not None:
        verdict = check_proof(result.proof)
        line["checked"] = verdict.valid
        line["check_errors"] = verdict.errors[:3]
    return line


def run_proposer(proposer: str, misses: list[tuple[str, str]], out: Path,
                 options: dict, jobs: int) -> list[dict]:
    path = out / f"{proposer}.jsonl"
    done = {}
    if path.exists():
        for raw in path.read_text().splitlines():
            if raw.strip():
                line = json.loads(raw)
                done[(line["file"], line["name"])] = line
    todo = [(f, n, proposer, options) for f, n in misses if (f, n) not in done]
    say(f"{proposer}: {len(done)} done, {len(todo)} to go")
    with path.open("a", encoding="utf-8") as sink:
        ctx = mp.get_context("fork")
        with ctx.Pool(jobs, maxtasksperchild=1) as pool:
            for line in pool.imap_unordered(solve_one, todo):
                sink.write(json.dumps(line) + "\n")
                sink.flush()
                done[(line["file"], line["name"])] = line
                say(f"  {proposer} {line['name']}: {line['status']} "
                    f"(call {line['proved_at_call']}, {line['seconds']} s) {line['aux']}")
    return [done[m] for m in misses if m in done]


def curve(lines: list[dict], file: str | None = None) -> list[int]:
    chosen = [x for x in lines if file is None or x["file"] == file]
    return [sum(1 for x in chosen if x["proved_at_call"] is not None
                and x["proved_at_call"] <= b and x["checked"]) for b in BUDGETS]


def plot(results: dict[str, list[dict]], path: Path, total: int) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for proposer, lines in results.items():
        ax.plot(BUDGETS, curve(lines), marker="o", label=proposer)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("prover calls per problem")
    ax.set_ylabel(f"solved (of {total} DD+AR misses)")
    ax.set_title("Auxiliary-point search on IMO-AG-30 + JGEX-AG-231")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def report(results: dict[str, list[dict]], misses: list[tuple[str, str]], args: Any,
           info: dict, seconds: float, png: Path) -> str:
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    n_imo = sum(1 for f, _ in misses if f.startswith("imo"))
    lines = [
        f"## Auxiliary-point search: `benchmarks/search.py`, {date}",
        "",
        f"- machine: {machine()}; commit `{commit()}`",
        f"- command: `.venv/bin/python benchmarks/search.py {' '.join(sys.argv[1:])}`",
        f"- problems: the {len(misses)} DD+AR misses ({n_imo} IMO-AG-30, "
        f"{len(misses) - n_imo} JGEX-AG-231); timeout {args.timeout:g} s a problem, "
        f"at most {args.max_calls} prover calls, {args.strategy} search, beam {args.beam}, "
        f"depth {args.depth}, "
        f"{args.proposals or 'budget-sized'} proposals a node; {args.jobs} problems at a time; "
        f"wall {seconds:.0f} s; mean runnable processes {info.get('runnable_mean')}",
        f"- plot: `{png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}`",
        "",
        "Solved (proof found and accepted by `pappus check`) within a call budget:",
        "",
        "| proposer | set | " + " | ".join(str(b) for b in BUDGETS) + " | unchecked |",
        "|---|---|" + "---:|" * len(BUDGETS) + "---:|",
    ]
    for proposer, got in results.items():
        bad = sum(1 for x in got if x["proved_at_call"] is not None and not x["checked"])
        for label, file in (("IMO-AG-30", "imo_ag_30.txt"), ("JGEX-AG-231", "jgex_ag_231.txt"),
                            ("all", None)):
            row = curve(got, file)
            lines.append(f"| {proposer} | {label} | " + " | ".join(map(str, row))
                         + f" | {bad if file is None else ''} |")
    lines += ["", "Per problem (call at which proved, auxiliary clauses):", ""]
    lines.append("| problem | " + " | ".join(results) + " |")
    lines.append("|---|" + "---|" * len(results))
    for file, name in misses:
        cells = []
        for got in results.values():
            x = next((y for y in got if y["name"] == name and y["file"] == file), None)
            if x is None:
                cells.append("-")
            elif x["proved_at_call"] is None:
                cells.append(f"{x['status']} ({x['calls']} calls, {x['seconds']:.0f} s)")
            else:
                cells.append(f"call {x['proved_at_call']}: `{'; '.join(x['aux'])}`")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--max-calls", type=int, default=BUDGETS[-1])
    parser.add_argument("--beam", type=int, default=8)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--strategy", default="best-first", choices=("best-first", "beam"))
    parser.add_argument("--proposals", type=int, default=None,
                        help="per node below the root (default: sized to the call budget)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--proposers", default=",".join(PROPOSERS))
    parser.add_argument("--names", default="", help="only these problems (comma-separated)")
    parser.add_argument("--ddar-timeout", type=float, default=120.0)
    parser.add_argument("--out", default=str(ROOT / "runs" / "search"))
    parser.add_argument("--results", default=str(RESULTS))
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    if args.timeout > 3600:
        fail("--timeout above an hour: each step must stay under ~60 minutes")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # Workers fork from this process: importing the engine here gives every problem the
    # same code, even if the checkout changes while the run goes on.
    import neural.search  # noqa: F401
    import symbolic.checker  # noqa: F401
    misses = ddar_misses(args.ddar_timeout, out / "ddar_misses.json")
    if args.names:
        wanted = {n.strip() for n in args.names.split(",")}
        misses = [m for m in misses if m[1] in wanted]
    options = {"timeout": args.timeout, "max_calls": args.max_calls, "beam": args.beam,
               "strategy": args.strategy,
               "depth": args.depth, "proposals": args.proposals}
    settings = out / "settings.json"
    wanted_settings = {**options, "commit": commit().removesuffix("-dirty")}
    if settings.exists() and json.loads(settings.read_text()) != wanted_settings:
        fail(f"{out} holds a run with other settings or code ({settings}); "
             "pass another --out, or delete it to start again")
    settings.write_text(json.dumps(wanted_settings, indent=1))
    t0 = time.perf_counter()
    results = {}
    with LoadSampler() as load:
        for proposer in args.proposers.split(","):
            results[proposer] = run_proposer(proposer, misses, out, options, args.jobs)
    png = out / "search_curve.png"
    plot(results, png, len(misses))
    section = report(results, misses, args, load.info(), time.perf_counter() - t0, png)
    publish(section, out, None if args.no_record else Path(args.results))


if __name__ == "__main__":
    main()
