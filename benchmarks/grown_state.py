"""Growing a proof state vs proving the grown problem from scratch.

    .venv/bin/python benchmarks/grown_state.py [--candidates 16] [--timeout 60]
        [--names N1,N2] [--out DIR] [--no-record]

The auxiliary-point search extends a saturated state by one clause at a time
(`symbolic.state.ProofState.extend`). This script takes the benchmark problems DD+AR
alone does not prove (a fixed list, found with `pappus bench --timeout 60`), saturates
each once, and extends it by `--candidates` clauses (midpoints, feet and circumcentres of
its points, in an order fixed by the problem's name; clauses that cannot be drawn are
skipped before timing). Each child is then timed twice, interleaved: grown (`extend`:
drawing the point, copying the parent's state, matching the rule instances through the
new point, saturating further) and from scratch (parse the child's text, realise it,
saturate it as `prove` does). Tracing is excluded from both. A warm-up pass (two
children a problem, untimed) fills the matcher's compiled-plan caches first.

It also measures the memory a child state adds on top of its parent (tracemalloc, 64
children of one parent kept alive, as a beam of 64 would) and writes OUT/children.csv
and a section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import random
import shlex
import statistics
import sys
import time
import tracemalloc
from itertools import combinations
from pathlib import Path

from results_log import RESULTS, ROOT, LoadSampler, commit, machine, publish, say

from symbolic.engine import Budget
from symbolic.parser import load_problems, parse_problem
from symbolic.problem import Problem
from symbolic.state import InvalidClause, ProofState

SECTION_TITLE = "## Grown proof states vs from scratch: `benchmarks/grown_state.py`"
PROBLEMS = ROOT / "benchmarks" / "problems"
# DD+AR alone does not prove these (pappus bench --timeout 60 on the benchmark files).
MISSES = {
    "jgex_ag_231.txt": [
        "examples/complete2/014/complete_007_7_Book_LLL_L058-9.gex",
        "examples/complete2/unsolved2/complete_015_7_Book_00EE_08_E059-59.gex",
        "examples/complete2/unsolved2/complete_013_7_Book_00EE_10_E072-16.gex",
        "examples/complete2/unsolved2/complete_010_Other_Auxiliary_ye_aux_y1.gex",
        "examples/complete2/unsolved2/complete_014_7_Book_00EE_09_E069-8.gex",
        "examples/complete2/unsolved2/complete_011_7_Book_00EE_04_E051-9.gex",
        "examples/complete2/unsolved/complete_015_7_Book_00EE_08_E061-61.gex",
        "examples/complete2/unsolved/complete_008_ex-gao_ex160_005.gex",
        "examples/complete2/unsolved/complete_005_Other_unsolved_109f.gex",
        "examples/complete2/unsolved/complete_014_7_Book_00EE_07_E057-41.gex",
        "examples/complete2/unsolved1/complete_008_ex-gao_ex160_e102.gex",
        "examples/complete2/unsolved1/complete_012_7_Book_00EE_11_E075-27f.gex",
        "examples/complete2/unsolved1/complete_010_Other_gao_Y_yL157-1.gex",
        "examples/complete2/unsolved1/complete_010_Other_gao_Y_yL182-1.gex",
        "examples/complete2/unsolved1/complete_009_Other_paper_Thebault_t5.gex",
        "examples/complete2/unsolved/morley.gex",
    ],
    "imo_ag_30.txt": [
        "translated_imo_2000_p6", "translated_imo_2008_p1b", "translated_imo_2008_p6",
        "translated_imo_2010_p2", "translated_imo_2011_p6", "translated_imo_2012_p5",
        "translated_imo_2015_p3", "translated_imo_2018_p1", "translated_imo_2019_p2",
        "translated_imo_2019_p6", "translated_imo_2020_p1", "translated_imo_2021_p3",
    ],
}
NEW = "aux0"  # the new point's name (no benchmark problem uses it)


def candidate_clauses(problem: Problem) -> list[str]:
    """Midpoints of pairs, feet and circumcentres of triples, shuffled by the name."""
    pts = problem.points
    out = [f"{NEW} = midpoint {NEW} {a} {b}" for a, b in combinations(pts, 2)]
    for a, b, c in combinations(pts, 3):
        out += [f"{NEW} = foot {NEW} {a} {b} {c}", f"{NEW} = circle {NEW} {a} {b} {c}"]
    random.Random(problem.name).shuffle(out)
    return out


def drawable(state: ProofState, clauses: list[str], count: int) -> list[str]:
    chosen = []
    for clause in clauses:
        if len(chosen) == count:
            break
        try:
            state.draw_point(clause)
        except InvalidClause:
            continue
        chosen.append(clause)
    return chosen


def from_scratch(text: str, budget: Budget) -> tuple[float, float, str]:
    """Parse, realise and saturate as `prove` does (no tracing): wall and CPU seconds,
    and the status."""
    t0, c0 = time.perf_counter(), time.process_time()
    state = ProofState.start(parse_problem(text), budget=budget)
    return time.perf_counter() - t0, time.process_time() - c0, state.stop_reason.value


def grown(parent: ProofState, clause: str, budget: Budget
          ) -> tuple[float, float, ProofState]:
    """`extend`: wall and CPU seconds, and the child."""
    t0, c0 = time.perf_counter(), time.process_time()
    child = parent.extend(clause, budget=budget)
    return time.perf_counter() - t0, time.process_time() - c0, child


def child_memory(parent: ProofState, clauses: list[str], beam: int = 64) -> dict[str, float]:
    """Bytes a child adds to its parent, with `beam` children alive; and the parent's."""
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    again = ProofState.start(parent.problem, diagram=parent.diagram, budget=parent.budget)
    parent_bytes = tracemalloc.get_traced_memory()[0] - base
    del again
    gc.collect()
    base = tracemalloc.get_traced_memory()[0]
    kids = [parent.extend(clauses[k % len(clauses)]) for k in range(beam)]
    per_child = (tracemalloc.get_traced_memory()[0] - base) / beam
    tracemalloc.stop()
    del kids
    return {"parent_bytes": parent_bytes, "child_bytes": per_child}


def load(names: set[str] | None) -> list[Problem]:
    out = []
    for file, wanted in MISSES.items():
        for p in load_problems(PROBLEMS / file, wanted):
            if names is None or p.name in names:
                out.append(p)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--names", default="")
    parser.add_argument("--out", default=str(ROOT / "runs" / "grown_state"))
    parser.add_argument("--results", default=str(RESULTS))
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    budget = Budget(timeout=args.timeout)
    problems = load({n.strip() for n in args.names.split(",")} if args.names else None)
    say(f"{len(problems)} problems, {args.candidates} candidate clauses each")
    work = []
    for p in problems:
        parent = ProofState.start(p, budget=budget)
        work.append((p, parent, drawable(parent, candidate_clauses(p), args.candidates)))
    for _, parent, clauses in work:  # warm-up: compiled plans for every diagram size
        for clause in clauses[:2]:
            grown(parent, clause, budget)
            from_scratch(parent.extend(clause).problem.to_text(), budget)
    rows = []
    with LoadSampler() as machine_load:
        for p, parent, clauses in work:
            c_grown = c_scratch = 0.0
            for clause in clauses:
                tg, cg, child = grown(parent, clause, budget)
                ts, cs, status = from_scratch(child.problem.to_text(), budget)
                c_grown += cg
                c_scratch += cs
                rows.append({"problem": p.name, "clause": clause, "grown_s": round(tg, 4),
                             "scratch_s": round(ts, 4), "grown_cpu_s": round(cg, 4),
                             "scratch_cpu_s": round(cs, 4),
                             "grown_status": child.stop_reason.value,
                             "scratch_status": status, "facts": child.stats.proven})
            say(f"  {p.name}: {len(clauses)} children, CPU grown {c_grown:.2f} s, "
                f"from scratch {c_scratch:.2f} s ({c_grown / max(c_scratch, 1e-9):.0%})")
    with (out / "children.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    biggest = max(work, key=lambda w: len(w[0].points))
    memory = child_memory(biggest[1], biggest[2])
    section = report(rows, work, memory, biggest[0].name, args, machine_load.info())
    publish(section, out, None if args.no_record else Path(args.results))


def report(rows: list[dict], work: list, memory: dict[str, float], memory_problem: str,
           args: argparse.Namespace, load_info: dict) -> str:
    t_grown = sum(r["grown_s"] for r in rows)
    t_scratch = sum(r["scratch_s"] for r in rows)
    c_grown = sum(r["grown_cpu_s"] for r in rows)
    c_scratch = sum(r["scratch_cpu_s"] for r in rows)
    per_problem = []
    for p, _, _ in work:
        mine = [r for r in rows if r["problem"] == p.name]
        if mine:
            per_problem.append(sum(r["grown_cpu_s"] for r in mine)
                               / max(sum(r["scratch_cpu_s"] for r in mine), 1e-9))
    proved_g = sum(r["grown_status"] == "proved" for r in rows)
    proved_s = sum(r["scratch_status"] == "proved" for r in rows)
    same = sum(r["grown_status"] == r["scratch_status"] for r in rows)
    command = "python benchmarks/grown_state.py " + shlex.join(sys.argv[1:])
    mean_load = load_info.get("runnable_mean")
    return "\n".join([
        f"{SECTION_TITLE}, {dt.date.today().isoformat()}", "",
        f"- machine: {machine()}; commit `{commit()}`; runnable processes during the timed "
        f"pass: {mean_load:.1f} (1 = undisturbed)" if mean_load is not None else
        f"- machine: {machine()}; commit `{commit()}`",
        f"- command: `{command.strip()}`",
        f"- {len(work)} problems DD+AR alone misses, {len(rows)} children (up to "
        f"{args.candidates} drawable candidate clauses each: midpoints, feet, "
        f"circumcentres), budget {args.timeout:g} s a saturation", "",
        "| children | grown CPU s | from scratch CPU s | grown / scratch (CPU) | median per "
        "problem (CPU) | grown / scratch (wall) | proved grown / scratch | same status |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {len(rows)} | {c_grown:.1f} | {c_scratch:.1f} | {c_grown / c_scratch:.0%} | "
        f"{statistics.median(per_problem):.0%} | {t_grown / t_scratch:.0%} "
        f"({t_grown:.1f} / {t_scratch:.1f} s) | {proved_g} / {proved_s} | {same} |", "",
        "Grown: `ProofState.extend` (draw the point in the parent's diagram, copy the "
        "parent's state, match only rule instances through the new point, saturate "
        "further). From scratch: parse the child's text, realise it, saturate it staged as "
        "`prove` does (a different diagram, so statuses may differ). Tracing excluded. "
        "CPU seconds (this process) are the measure: on a shared machine wall time also "
        "counts the other jobs' turns.",
        "",
        f"Memory (tracemalloc, {memory_problem}, 64 children of one parent alive): "
        f"{memory['child_bytes'] / 1e6:.2f} MB a child on top of its parent; the parent's "
        f"own state {memory['parent_bytes'] / 1e6:.2f} MB.", ""])


if __name__ == "__main__":
    main()
