"""Peak memory of one search at a wide beam: does the search stay bounded?

Runs beam search (default beam 64, depth 3) on one problem for a fixed number of prover
calls, in this process, and records the peak resident set size with the call count,
the depth reached and the states kept.

    .venv/bin/python benchmarks/search_memory.py --beam 64 --calls 2500
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time

from results_log import RESULTS, add_table_row, commit, machine, say

TITLE = "## Search memory: `benchmarks/search_memory.py`"
PREAMBLE = ("Peak resident memory of one beam search in one process (the state cache keeps at "
            "most 4 x beam states; evicted ones are replayed from their clauses).\n\n"
            "| date | machine | commit | problem | beam | depth | calls | status | seconds "
            "| peak RSS MB | RSS before MB |\n"
            "|---|---|---|---|---:|---:|---:|---|---:|---:|---:|\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--problem", default="translated_imo_2011_p6")
    parser.add_argument("--beam", type=int, default=64)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--calls", type=int, default=2500)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()

    from neural.search import SearchConfig, solve
    from pappus.problems import benchmark_file
    from symbolic.parser import load_problems

    problem = load_problems(benchmark_file("imo_ag_30"), [args.problem])[0]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    config = SearchConfig(strategy="beam", beam=args.beam, depth=args.depth,
                          max_calls=args.calls, timeout=3000, root_proposals=2 * args.beam,
                          proposals=16)
    result = solve(problem, config)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    row = (f"| {date} | {machine()} | {commit()} | {args.problem} | {args.beam} | "
           f"{result.depth} | {result.calls} | {result.status} | {seconds:.0f} | {peak:.0f} "
           f"| {before:.0f} |")
    say(row)
    if not args.no_record:
        add_table_row(row, TITLE, PREAMBLE, RESULTS)
        say(f"added to {RESULTS}")


if __name__ == "__main__":
    sys.exit(main())
