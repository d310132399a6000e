"""Newclid's dialect: parse and validate every problem of Newclid's problem files.

    .venv/bin/python benchmarks/newclid_dialect.py [--jobs 2] [--seed 0] [--no-newclid]
        [--newclid-all] [--no-record]

Reads each file of `benchmarks/newclid_problems/` (Newclid's `problems_datasets/`, copied
unchanged) with `--dialect newclid`, and validates every problem as `pappus validate`
does (draw a numeric diagram, check every goal; up to 100 diagrams). Prints a table per
file (problems, parsed, ok, goal false, figure impossible, malformed) and every problem
that is not ok, with Pappus's reason and, from the list below, what investigation found.
A problem not ok and not on that list is printed as `NOT EXPLAINED` (a defect to chase)
and makes the script exit 1. Unless `--no-newclid`, Newclid 3.0.1's own builder (its
venv, `benchmarks/peers/ensure_newclid.sh`) is run on the problems that are not ok, as a
second opinion. Also counts how many problems parse in AlphaGeometry's dialect. Appends
a dated section to `benchmarks/RESULTS.md` unless `--no-record`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from results_log import ROOT, append_section, commit, machine, say

from symbolic.diagram import validate_problem  # noqa: E402
from symbolic.errors import PappusError, ProblemSyntaxError  # noqa: E402
from symbolic.parser import iter_problem_lines, parse_problem  # noqa: E402

FILES = ROOT / "benchmarks" / "newclid_problems"
NEWCLID_PYTHON = Path("/work/peers/newclid/bin/python")
SECTION = "## Newclid's problem files: `benchmarks/newclid_dialect.py`"

_DIRECTED = ("aconst's angle is directed (from the first line to the second, "
             "counter-clockwise, modulo 180 degrees); ")
# What investigating each problem that is not ok found: (kind, explanation).
EXPLAINED: dict[str, tuple[str, str]] = {
    "breaking_cc_tangent": (
        "figure impossible as written",
        "Newclid's own failure test: circle (w, 2) lies inside circle (o, 5) (ow = 1), so "
        "the circles have no common tangent"),
    "breaking_cc_tangent_by_kiss": (
        "figure impossible as written",
        "Newclid's own failure test: circles (o, 3) and (w, 2) with ow = 1 touch inside; "
        "the outer tangents both touch at that point, where x and y coincide"),
    "breaking_cc_itangent": (
        "goal false as written",
        "Newclid's own failure test: xy touches circle w at y, so xy is perpendicular to "
        "wy, not to oy"),
    "breaking_cc_itangent_by_kiss": (
        "goal false as written",
        "Newclid's own failure test, as breaking_cc_itangent (the circles touch outside)"),
    "obm_1fase_2001_p2": (
        "goal false as written",
        _DIRECTED + "the figure has (db, ac) = 125 or 35 degrees (two choices of e), i.e. "
        "-55 degrees, not the 11pi/36 = +55 written"),
    "obm_1fase_2001_p9": (
        "goal false as written",
        _DIRECTED + "the figure has (cd, fc) = 138 or 78 degrees (two choices of f), i.e. "
        "-42 degrees, not the 7pi/30 = +42 written"),
    "obm_1fase_2008_p16": (
        "goal false as written",
        _DIRECTED + "the figure (fixed by its s_angle clauses) has (db, bc) = 130 "
        "degrees = -50, not the 5pi/18 = +50 written"),
    "2018_sl_g2": (
        "goal false as written",
        "ISL 2018 G2 asks the undirected angles PXM and PYM equal; 'eqangle3 y p m x p m' "
        "asks the directed angles (yp, ym) = (xp, xm), which are opposite in the intended "
        "figure; with 'eqangle3 y m p x p m' the problem validates"),
    "imo_sl_2018_g4": (
        "malformed as written",
        "'t = free d' defines t but writes d in the new point's place (Newclid ignores the "
        "name there and places t)"),
    "r91": (
        "malformed as written",
        "'c = free a' defines c but writes a in the new point's place (Newclid ignores it)"),
    "2005_p3": (
        "malformed as written",
        "'q = on_line p b c' defines q but writes p in the new point's place (Newclid puts "
        "q on line bc but asserts only coll p b c)"),
    "r88": (
        "malformed as written",
        "the goal names points A B C O, the problem defines a b c o (Newclid cannot load "
        "it either); in lower case it validates"),
    "r89": (
        "malformed as written",
        "the goal names points A M B C, the problem defines a b c m (Newclid cannot load "
        "it either); in lower case the equation is still false (it writes am where the "
        "median cm is meant)"),
    "r90": (
        "malformed as written",
        "the goal names points A B C D, the problem defines a b c d (Newclid cannot load "
        "it either); in lower case it validates"),
}
KINDS = {"goal_false": "goal false", "unrealizable": "impossible",
         "parse_error": "malformed"}


def check(item: tuple[str, int, str, str, str, int]) -> dict[str, str]:
    """Parse and validate one problem: `{file, name, status, message, text}`."""
    file, line, name, body, dialect, seed = item
    out = {"file": file, "name": name, "text": body}
    try:
        problem = parse_problem(body, name=name, path=file, line=line, dialect=dialect)
    except ProblemSyntaxError as exc:
        return {**out, "status": "parse_error", "message": exc.message}
    try:
        result = validate_problem(problem, seed)
    except PappusError as exc:
        return {**out, "status": "unrealizable", "message": str(exc)}
    return {**out, "status": result.status, "message": result.message}


def parses(body: str, dialect: str) -> bool:
    try:
        parse_problem(body, dialect=dialect)
    except ProblemSyntaxError:
        return False
    return True


def newclid_opinion(rows: list[dict[str, str]], seed: int) -> dict[str, str]:
    """Newclid's builder on the given problems: name -> `built` or its failure."""
    script = ROOT / "benchmarks" / "peers" / "newclid_build.py"
    items = json.dumps([{"name": r["name"], "text": r["text"]} for r in rows])
    done = subprocess.run([str(NEWCLID_PYTHON), str(script), "--seed", str(seed)],
                          input=items, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        say(f"Newclid's builder failed: {done.stderr[-500:]}")
        return {}
    out = {}
    for r in json.loads(done.stdout):
        message = " ".join(r["message"].split("Last error: ")[-1].split())[:120]
        out[r["name"]] = "builds" if r["status"] == "built" else f"{r['status']}: {message}"
    return out


def _short(message: str, limit: int = 200) -> str:
    text = " ".join(message.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dialect", default="newclid")
    parser.add_argument("--no-newclid", action="store_true",
                        help="do not ask Newclid's builder about the problems not ok")
    parser.add_argument("--newclid-all", action="store_true",
                        help="ask Newclid's builder about every problem (about 2 s each) "
                             "and count where it agrees")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()

    started = dt.datetime.now(dt.UTC)
    files = sorted(FILES.glob("*.txt"))
    items = [(str(f.relative_to(ROOT)), line, name, body, args.dialect, args.seed)
             for f in files for line, name, body in iter_problem_lines(f.read_text())]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(check, items, chunksize=4))
    seconds = time.perf_counter() - t0
    ag_parsed = sum(parses(body, "alphageometry") for _, _, _, body, _, _ in items)

    bad = [r for r in rows if r["status"] != "ok"]
    asked = rows if args.newclid_all else bad
    opinion = {} if args.no_newclid or not NEWCLID_PYTHON.exists() else \
        newclid_opinion(asked, args.seed)

    lines = [f"{SECTION}, {started.strftime('%Y-%m-%d %H:%M UTC')}", "",
             f"- machine: {machine()}; commit `{commit()}`",
             f"- command: `.venv/bin/python benchmarks/newclid_dialect.py --jobs {args.jobs} "
             f"--seed {args.seed}`; {len(rows)} problems parsed and validated in "
             f"{seconds:.1f} s",
             f"- files: `benchmarks/newclid_problems/` (Newclid's `problems_datasets/`, "
             f"unchanged), read with `--dialect {args.dialect}`; {ag_parsed}/{len(rows)} "
             "parse in the alphageometry dialect too",
             "- ok: every goal holds in a drawn diagram (`pappus validate`); goal false: "
             "false in all 100 diagrams drawn; impossible: no diagram can be drawn; "
             "malformed: does not parse", "",
             "| file | problems | parsed | ok | goal false | impossible | malformed |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    totals: Counter[str] = Counter()
    for f in files:
        mine = [r for r in rows if r["file"] == str(f.relative_to(ROOT))]
        c = Counter(r["status"] for r in mine)
        c["problems"], c["parsed"] = len(mine), len(mine) - c["parse_error"]
        totals.update(c)
        lines.append(f"| `{f.name}` | {c['problems']} | {c['parsed']} | {c['ok']} | "
                     f"{c['goal_false']} | {c['unrealizable']} | {c['parse_error']} |")
    t = totals
    lines.append(f"| **all** | **{t['problems']}** | **{t['parsed']}** | **{t['ok']}** | "
                 f"**{t['goal_false']}** | **{t['unrealizable']}** | **{t['parse_error']}** |")
    if args.newclid_all and opinion:
        agree = Counter((r["status"] == "ok", opinion.get(r["name"]) == "builds")
                        for r in rows if r["name"] in opinion)
        lines += ["", "Newclid 3.0.1's builder on every problem: "
                  f"both ok {agree[True, True]}; Pappus ok, Newclid fails {agree[True, False]}"
                  f"; Newclid builds, Pappus not ok {agree[False, True]}; neither "
                  f"{agree[False, False]}."]
        lines += [f"- Pappus ok, Newclid fails: `{r['name']}` ({Path(r['file']).name}): "
                  f"{opinion[r['name']]}" for r in rows
                  if r["status"] == "ok" and opinion.get(r["name"], "builds") != "builds"]
    lines += ["", "Every problem not ok, with what investigation found"
              + (" and what Newclid 3.0.1's own builder says:" if opinion else ":"), ""]
    unexplained = 0
    for r in bad:
        kind, why = EXPLAINED.get(r["name"], ("NOT EXPLAINED", r["message"]))
        unexplained += kind == "NOT EXPLAINED"
        nc = f" Newclid: {opinion[r['name']]}." if r["name"] in opinion else ""
        lines.append(f"- `{r['name']}` ({Path(r['file']).name}), {KINDS[r['status']]}: "
                     f"{kind}: {why}. Pappus: {_short(r['message'])}.{nc}")
    stale = sorted(set(EXPLAINED) - {r["name"] for r in bad})
    if stale:
        lines.append(f"- now ok, though explained as failing: {', '.join(stale)}")
    section = "\n".join(lines) + "\n"
    say(section)
    if not args.no_record:
        append_section(section)
        say("appended to benchmarks/RESULTS.md")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
