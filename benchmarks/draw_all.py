"""Draw every benchmark problem to SVG and PNG, time it, and record the time.

    .venv/bin/python benchmarks/draw_all.py [--out DIR] [--dpi 100] [--no-record]

Figures go to DIR (a temporary folder by default, removed afterwards). A dated row
(machine, date, git commit, problems drawn, seconds) is added to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from symbolic.diagram import realize  # noqa: E402
from symbolic.errors import PappusError  # noqa: E402
from symbolic.figure import draw  # noqa: E402
from symbolic.parser import load_problems  # noqa: E402

PROBLEM_FILES = [ROOT / "benchmarks/problems/jgex_ag_231.txt",
                 ROOT / "benchmarks/problems/imo_ag_30.txt"]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## Figures: `benchmarks/draw_all.py`"
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


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def record(row: str) -> None:
    """Add `row` to the figures table of RESULTS.md (creating file and table if missing)."""
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nRecorded by the scripts in `benchmarks/`; "
                           "newest rows last.\n")
    text = RESULTS.read_text()
    if SECTION not in text:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\nAll 261 benchmark problems realized "\
               "(seed 0) and drawn to SVG and PNG.\n\n" + TABLE_HEAD
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(SECTION))
    end = at + 1
    while end < len(lines) and not lines[end].startswith("## "):
        end += 1
    while end > at and not lines[end - 1].startswith("|"):
        end -= 1
    lines.insert(end, row + "\n")
    RESULTS.write_text("".join(lines))


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
        record(row)
        print(f"recorded in {RESULTS.relative_to(ROOT)}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
