"""Draw every benchmark problem to SVG and PNG, time it, and record the time.

    .venv/bin/python benchmarks/draw_all.py [--out DIR] [--dpi 100] [--no-record]

Figures go to DIR (a temporary folder by default, removed afterwards). A dated row
(machine, date, git commit, problems drawn, seconds) is added to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tempfile
import time
from pathlib import Path

from results_log import RESULTS, ROOT, add_table_row, commit, machine

from symbolic.diagram import realize  # noqa: E402
from symbolic.errors import PappusError  # noqa: E402
from symbolic.figure import draw  # noqa: E402
from symbolic.parser import load_problems  # noqa: E402

PROBLEM_FILES = [ROOT / "pappus/problems/jgex_ag_231.txt",
                 ROOT / "pappus/problems/imo_ag_30.txt"]
SECTION = "## Figures: `benchmarks/draw_all.py`"
PREAMBLE = "All 261 benchmark problems realized (seed 0) and drawn to SVG and PNG.\n\n"
TABLE_HEAD = ("| date | machine | commit | problems | figures | failed | seconds | s/problem |\n"
              "|---|---|---|---|---|---|---|---|\n")


def safe_name(name: str, used: set[str]) -> str:
    """A file name for a problem name (benchmark names contain '/')."""
    base = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "problem"
    stem, k = base, 1
    while stem in used:
        k += 1
        stem = f"{base}_{k}"
    used.add(stem)
    return stem


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep the figures in this folder")
    parser.add_argument("--dpi", type=int, default=100, help="PNG resolution")
    parser.add_argument("--no-record", action="store_true", help="do not touch RESULTS.md")
    args = parser.parse_args()
    problems = [p for f in PROBLEM_FILES for p in load_problems(f)]
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        failed: list[str] = []
        figures = 0
        start = time.perf_counter()
        for problem in problems:
            stem = safe_name(problem.name, used)
            try:
                diagram = realize(problem, 0, require_goal=False)
                for suffix in (".svg", ".png"):
                    draw(diagram, out / f"{stem}{suffix}", dpi=args.dpi)
                    figures += 1
            except PappusError as exc:
                failed.append(f"{problem.name}: {exc.render()}")
        seconds = time.perf_counter() - start
    for line in failed:
        print(line, file=sys.stderr)
    drawn = len(problems) - len(failed)
    print(f"drew {drawn}/{len(problems)} problems ({figures} figures) in {seconds:.1f} s "
          f"({seconds / max(len(problems), 1):.3f} s per problem)")
    if not args.no_record:
        row = (f"| {dt.date.today().isoformat()} | {machine()} | {commit()} | {drawn}/"
               f"{len(problems)} | {figures} | {len(failed)} | {seconds:.1f} | "
               f"{seconds / max(len(problems), 1):.3f} |")
        add_table_row(row, SECTION, PREAMBLE + TABLE_HEAD)
        print(f"recorded in {RESULTS.relative_to(ROOT)}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
