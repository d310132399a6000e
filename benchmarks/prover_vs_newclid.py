"""Pappus against the peer prover Newclid 3.0.1 (DDAR, C++ `yuclid` engine), in one run.

    .venv/bin/python benchmarks/prover_vs_newclid.py [--files F ...] [--timeout 120] [--jobs 1]
        [--newclid-venv /work/peers/newclid] [--out DIR] [--names N ...] [--no-record]

1. Makes sure Newclid's own virtual environment exists (`benchmarks/peers/ensure_newclid.sh`);
   stops with an error if it cannot be created. Newclid is never imported here.
2. Runs Pappus (`pappus bench`) and then Newclid (`benchmarks/peers/newclid_runner.py`, in
   Newclid's venv) on the same problem files (default: every `pappus/problems/*.txt`),
   one system after the other so they never compete for cores, with the same per-problem
   `--timeout`. `--jobs N` runs N problems at a time in each system (for Newclid: N runner
   processes, each on every N-th problem).
3. Runs `pappus check` on Pappus's proofs.
4. Prints a comparison per file and appends it as a dated section to benchmarks/RESULTS.md
   (unless `--no-record`): problems solved by each system (Newclid's split into proved /
   unloadable / other), the problems only one system solves, and on the problems both prove
   the total and median time of Pappus, of Newclid's solve (`seconds`: `GeometricSolver.run`),
   of Newclid's build + solve (`total_seconds`) and of the `yuclid` binary alone
   (`yuclid_seconds`), the ratios of Pappus's time to each, and how many Pappus proofs pass
   `pappus check`.

Times compared: Pappus's `seconds` (results.csv) is its prover time without interpreter
start-up: realising the numeric diagram, rule matching, deduction and proof tracing.
Newclid's `seconds` excludes building its numeric diagram (`build_seconds`), so
`total_seconds` is the closer like-for-like figure; `yuclid_seconds` is the C++ DDAR alone.

Raw outputs stay in DIR (default `runs/prover_vs_newclid/<UTC date-time>`, ignored by git):
`pappus/results.csv`, `pappus/summary.json`, `pappus/proofs/`, `newclid/<file>.jsonl`, the
logs of every subprocess, `comparison.md` (the section) and `comparison.json`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from results_log import RESULTS, ROOT, LoadSampler, append_section, commit, cpu_model, fail, say

PROBLEMS = ROOT / "pappus" / "problems"
RUNNER = ROOT / "benchmarks" / "peers" / "newclid_runner.py"
ENSURE = ROOT / "benchmarks" / "peers" / "ensure_newclid.sh"
PAPPUS = Path(sys.executable).parent / "pappus"
NEWCLID_STATUSES = ("proved", "saturated", "timeout", "error", "unloadable")
SECTION_TITLE = "## Pappus vs Newclid 3.0.1: `benchmarks/prover_vs_newclid.py`"


# ---------------------------------------------------------------- helpers




def read_problem_names(path: Path) -> list[str]:
    """Problem names of an AlphaGeometry-format file, in order (name/problem line pairs;
    blank lines and `#` lines skipped), the convention of both Pappus and the runner."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    if len(lines) % 2:
        fail(f"{path}: odd number of non-empty lines ({len(lines)})")
    names = lines[0::2]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        fail(f"{path}: repeated problem names {dupes}; results could not be matched by name")
    return names


def shown_path(path: Path) -> str:
    """`path` relative to the repository when inside it (as `pappus bench` records it)."""
    path = path.resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


@dataclass
class Step:
    """A subprocess run: its command, exit code, wall time, and the mean number of
    runnable processes on the machine while it ran."""

    name: str
    argv: list[str]
    log: Path
    returncode: int = 0
    wall: float = 0.0
    load: float | None = None


def run_logged(steps: list[Step], env: dict[str, str] | None = None) -> list[Step]:
    """Run `steps` concurrently (one when jobs=1), each with stdout+stderr to its log."""
    start = time.perf_counter()
    procs = []
    with LoadSampler() as sampler:
        for step in steps:
            log = step.log.open("w", encoding="utf-8")
            log.write("$ " + shlex.join(step.argv) + "\n")
            log.flush()
            procs.append((step, log, subprocess.Popen(step.argv, cwd=ROOT, stdout=log,
                                                      stderr=subprocess.STDOUT, env=env)))
        for step, log, proc in procs:
            step.returncode = proc.wait()
            log.close()
    wall = time.perf_counter() - start
    for step in steps:
        step.wall, step.load = wall, sampler.mean
    return steps


# ---------------------------------------------------------------- statistics


@dataclass
class FileResult:
    """Both systems' results on one problem file."""

    path: str
    names: list[str]
    pappus: dict[str, dict[str, Any]] = field(default_factory=dict)   # name -> csv row
    newclid: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> JSON record
    checked: set[str] = field(default_factory=set)  # names whose proof passes pappus check

    @property
    def label(self) -> str:
        return Path(self.path).stem


def pappus_status(fr: FileResult, name: str) -> str:
    return fr.pappus.get(name, {}).get("status", "missing")


def newclid_status(fr: FileResult, name: str) -> str:
    return fr.newclid.get(name, {}).get("status", "missing")


def total_median(values: list[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    return sum(values), statistics.median(values)


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def compare(names: set[tuple[str, str]], frs: list[FileResult]) -> dict[str, Any]:
    """Counts and times over `names`: (file path, problem name) pairs."""
    items = [(fr, n) for fr in frs for n in fr.names if (fr.path, n) in names]
    pap = [(fr, n) for fr, n in items if pappus_status(fr, n) == "proved"]
    nc = {s: 0 for s in (*NEWCLID_STATUSES, "missing")}
    for fr, n in items:
        nc[newclid_status(fr, n)] += 1
    both = [(fr, n) for fr, n in pap if newclid_status(fr, n) == "proved"]
    only_p = [(fr, n) for fr, n in pap if newclid_status(fr, n) != "proved"]
    only_n = [(fr, n) for fr, n in items
              if newclid_status(fr, n) == "proved" and pappus_status(fr, n) != "proved"]

    def times(get: Any) -> list[float]:
        return [v for v in (get(fr, n) for fr, n in both) if v is not None]

    p_t, p_m = total_median(times(lambda fr, n: float(fr.pappus[n]["seconds"])))
    s_t, s_m = total_median(times(lambda fr, n: fr.newclid[n]["seconds"]))
    b_t, b_m = total_median(times(lambda fr, n: fr.newclid[n]["total_seconds"]))
    with_y = [(fr, n) for fr, n in both if fr.newclid[n].get("yuclid_seconds") is not None]
    y_t, y_m = total_median([fr.newclid[n]["yuclid_seconds"] for fr, n in with_y])
    # Pappus's time on the problems where yuclid's own time is known (normally all of them).
    py_t, py_m = total_median([float(fr.pappus[n]["seconds"]) for fr, n in with_y])
    return {
        "problems": len(items),
        "pappus_solved": len(pap),
        "pappus_counts": {s: sum(pappus_status(fr, n) == s for fr, n in items)
                          for s in ("proved", "saturated", "timeout", "error", "missing")},
        "newclid": nc,
        "both": len(both),
        "only_pappus": [(fr.path, n, newclid_status(fr, n)) for fr, n in only_p],
        "only_newclid": [(fr.path, n, pappus_status(fr, n)) for fr, n in only_n],
        "pappus_total": p_t, "pappus_median": p_m,
        "newclid_solve_total": s_t, "newclid_solve_median": s_m,
        "newclid_build_solve_total": b_t, "newclid_build_solve_median": b_m,
        "yuclid_total": y_t, "yuclid_median": y_m, "yuclid_known": len(with_y),
        "ratio_solve_total": ratio(p_t, s_t), "ratio_solve_median": ratio(p_m, s_m),
        "ratio_build_solve_total": ratio(p_t, b_t), "ratio_build_solve_median": ratio(p_m, b_m),
        "ratio_yuclid_total": ratio(py_t, y_t), "ratio_yuclid_median": ratio(py_m, y_m),
        "checked": sum(n in fr.checked for fr, n in pap),
    }


# ---------------------------------------------------------------- report


def fmt_s(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def fmt_r(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}x"


def report(frs: list[FileResult], info: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The markdown section, and the same numbers as a JSON-able dict."""
    cols: list[tuple[str, dict[str, Any]]] = [
        (f"`{fr.label}`", compare({(fr.path, n) for n in fr.names}, [fr])) for fr in frs]
    if len(frs) > 1:
        cols.append(("all", compare({(fr.path, n) for fr in frs for n in fr.names}, frs)))

    def newclid_other(c: dict[str, Any]) -> str:
        n = c["newclid"]
        parts = [f"{n[s]} {s}" for s in ("saturated", "timeout", "error", "missing") if n[s]]
        total = sum(n[s] for s in ("saturated", "timeout", "error", "missing"))
        return f"{total}" + (f" ({', '.join(parts)})" if parts else "")

    rows: list[tuple[str, Any]] = [
        ("problems", lambda c: str(c["problems"])),
        ("Pappus solved", lambda c: str(c["pappus_solved"])),
        ("Newclid proved", lambda c: str(c["newclid"]["proved"])),
        ("Newclid unloadable", lambda c: str(c["newclid"]["unloadable"])),
        ("Newclid other (not proved)", newclid_other),
        ("only Pappus solves", lambda c: str(len(c["only_pappus"]))),
        ("only Newclid solves", lambda c: str(len(c["only_newclid"]))),
        ("**both prove (common set)**", lambda c: f"**{c['both']}**"),
        ("Pappus total s", lambda c: fmt_s(c["pappus_total"], 2)),
        ("Newclid solve total s", lambda c: fmt_s(c["newclid_solve_total"], 2)),
        ("Newclid build+solve total s", lambda c: fmt_s(c["newclid_build_solve_total"], 2)),
        ("yuclid total s", lambda c: fmt_s(c["yuclid_total"], 2)),
        ("Pappus / Newclid solve, total", lambda c: fmt_r(c["ratio_solve_total"])),
        ("Pappus / Newclid build+solve, total",
         lambda c: fmt_r(c["ratio_build_solve_total"])),
        ("Pappus / yuclid, total", lambda c: fmt_r(c["ratio_yuclid_total"])),
        ("Pappus median s", lambda c: fmt_s(c["pappus_median"])),
        ("Newclid solve median s", lambda c: fmt_s(c["newclid_solve_median"])),
        ("Newclid build+solve median s", lambda c: fmt_s(c["newclid_build_solve_median"])),
        ("yuclid median s", lambda c: fmt_s(c["yuclid_median"])),
        ("Pappus / Newclid solve, median", lambda c: fmt_r(c["ratio_solve_median"])),
        ("Pappus / Newclid build+solve, median",
         lambda c: fmt_r(c["ratio_build_solve_median"])),
        ("Pappus / yuclid, median", lambda c: fmt_r(c["ratio_yuclid_median"])),
        ("Pappus proofs passing `pappus check`",
         lambda c: f"{c['checked']}/{c['pappus_solved']}"),
    ]
    out = [f"{SECTION_TITLE}, {info['date']}", ""]
    out += [
        f"- machine: {info['machine']}",
        f"- Pappus commit `{info['commit']}`; Newclid {info['newclid_version']} "
        f"(DDAR only, `yuclid` engine, seed 0, original problem text)",
        f"- timeout {info['timeout']:g} s per problem, jobs {info['jobs']}; "
        f"Pappus then Newclid, never at the same time",
        f"- wall time of each run, and mean number of runnable processes on the machine "
        f"meanwhile (about {info['jobs']} if nothing else ran): {info['phases']}",
        f"- command: `{info['command']}`; raw outputs in `{info['out']}`",
    ]
    if info.get("warnings"):
        out += [f"- **warning**: {w}" for w in info["warnings"]]
    out += ["",
            "Times are over the problems both systems prove. Pappus: prover time (diagram, "
            "matching, deduction, proof tracing; no interpreter start-up). Newclid solve: "
            "`GeometricSolver.run` (yuclid + Python replay); build+solve adds Newclid's "
            "diagram construction; yuclid: the C++ binary alone. A ratio above 1 means "
            "Pappus is slower.", ""]
    out.append("| | " + " | ".join(label for label, _ in cols) + " |")
    out.append("|---|" + "---:|" * len(cols))
    for title, get in rows:
        out.append(f"| {title} | " + " | ".join(get(c) for _, c in cols) + " |")
    for label, c in cols[:len(frs)]:
        out += ["", f"### Solved by one system only: {label}", ""]
        for who, key, other in (("Pappus", "only_pappus", "Newclid"),
                                ("Newclid", "only_newclid", "Pappus")):
            items = c[key]
            listed = ", ".join(f"`{n}` ({other}: {s})" for _, n, s in items) or "none"
            out.append(f"- only {who} ({len(items)}): {listed}")
    data = {"info": info, "columns": [{"label": label, **c} for label, c in cols]}
    return "\n".join(out) + "\n", data


# ---------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--files", nargs="+", type=Path,
                        default=sorted(PROBLEMS.glob("*.txt")), help="problem files")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds per problem, for both systems")
    parser.add_argument("--jobs", type=int, default=1, help="problems at a time, per system")
    parser.add_argument("--newclid-venv", type=Path, default=Path("/work/peers/newclid"),
                        help="Newclid's virtual environment (created if missing)")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for raw outputs (default runs/prover_vs_newclid/DATE)")
    parser.add_argument("--names", nargs="+", default=None,
                        help="only these problems (of any of the files)")
    parser.add_argument("--no-record", action="store_true", help="do not touch RESULTS.md")
    args = parser.parse_args()
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")

    started = dt.datetime.now(dt.UTC)
    out: Path = (args.out or ROOT / "runs" / "prover_vs_newclid"
                 / started.strftime("%Y%m%d-%H%M%S")).resolve()
    out.mkdir(parents=True, exist_ok=True)
    (out / "newclid").mkdir(exist_ok=True)

    # Problem files and the names to run.
    frs: list[FileResult] = []
    for f in args.files:
        if not f.is_file():
            fail(f"{f}: no such problem file")
        frs.append(FileResult(shown_path(f), read_problem_names(f)))
    if args.names:
        wanted = set(args.names)
        unknown = wanted - {n for fr in frs for n in fr.names}
        if unknown:
            fail(f"not in the problem files: {', '.join(sorted(unknown))}")
        for fr in frs:
            fr.names = [n for n in fr.names if n in wanted]
        frs = [fr for fr in frs if fr.names]
    if any("," in n for fr in frs for n in fr.names) and args.names:
        fail("a selected problem name contains ',', which `pappus bench --names` cannot take")

    # 1. Newclid's venv.
    venv: Path = args.newclid_venv.resolve()
    say(f"[1/4] Newclid venv at {venv}")
    ensure = subprocess.run(["bash", str(ENSURE), str(venv)], cwd=ROOT,
                            capture_output=True, text=True)
    (out / "ensure_newclid.log").write_text(ensure.stdout + ensure.stderr, encoding="utf-8")
    if ensure.returncode != 0:
        tail = "\n".join((ensure.stdout + ensure.stderr).strip().splitlines()[-15:])
        fail(f"cannot create Newclid's venv at {venv} (ensure_newclid.sh exit code "
             f"{ensure.returncode}); nothing was run. Last lines:\n{tail}")
    say("      " + (ensure.stdout.strip().splitlines() or ["ok"])[-1])
    newclid_python = venv / "bin" / "python"
    version = subprocess.run(
        [str(newclid_python), "-c", "from importlib.metadata import version as v; "
         "print(v('newclid'), v('py-yuclid'))"], capture_output=True, text=True)
    if version.returncode != 0:
        fail(f"{newclid_python} cannot report Newclid's version:\n{version.stderr.strip()}")
    newclid_v, yuclid_v = version.stdout.split()
    newclid_version = f"{newclid_v} (py-yuclid {yuclid_v})"

    warnings: list[str] = []
    n_problems = sum(len(fr.names) for fr in frs)

    # 2a. Pappus.
    pappus_out = out / "pappus"
    argv = [str(PAPPUS), "bench", *[fr.path for fr in frs], "--timeout", f"{args.timeout:g}",
            "--jobs", str(args.jobs), "--out", str(pappus_out)]
    if args.names:
        argv += ["--names", ",".join(n for fr in frs for n in fr.names)]
    say(f"[2/4] Pappus on {n_problems} problems (log: {out / 'pappus_bench.log'})")
    (p_step,) = run_logged([Step("pappus", argv, out / "pappus_bench.log")])
    say(f"      done in {p_step.wall:.1f} s, exit code {p_step.returncode}")
    if p_step.returncode != 0:
        warnings.append(f"`pappus bench` exited with code {p_step.returncode} "
                        f"(see pappus_bench.log)")
    csv_path = pappus_out / "results.csv"
    if not csv_path.exists():
        fail(f"`pappus bench` wrote no {csv_path}; see {out / 'pappus_bench.log'}")
    by_file = {fr.path: fr for fr in frs}
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            owner = by_file.get(row["file"])
            if owner is not None:
                owner.pappus[row["name"]] = row

    # 2b. Newclid, file by file; with --jobs N, N runner processes on interleaved names.
    say(f"[3/4] Newclid on {n_problems} problems")
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    n_steps: list[Step] = []
    n_walls: list[float] = []  # one per file (its runner processes run side by side)
    for fr in frs:
        stem = Path(fr.path).stem
        chunks = [fr.names[i::args.jobs] for i in range(args.jobs)]
        chunks = [c for c in chunks if c]
        steps = []
        for i, chunk in enumerate(chunks):
            suffix = "" if len(chunks) == 1 else f".part{i + 1}"
            jsonl = out / "newclid" / f"{stem}{suffix}.jsonl"
            argv = [str(newclid_python), str(RUNNER), fr.path, "--timeout", f"{args.timeout:g}",
                    "--out", str(jsonl)]
            if args.names or len(chunks) > 1:
                argv += ["--names", *chunk]
            steps.append(Step(f"newclid {stem}{suffix}", argv,
                              out / "newclid" / f"{stem}{suffix}.log"))
        say(f"      {fr.path}: {len(fr.names)} problems, {len(steps)} runner process(es)")
        run_logged(steps, env=env)
        for step in steps:
            jsonl = Path(step.argv[step.argv.index("--out") + 1])
            if step.returncode != 0:
                warnings.append(f"{step.name}: newclid_runner.py exited with code "
                                f"{step.returncode} (see {step.log.relative_to(out)})")
            if jsonl.exists():
                for line in jsonl.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        rec = json.loads(line)
                        fr.newclid[rec["name"]] = rec
        say(f"      done in {steps[0].wall:.1f} s")
        n_steps += steps
        n_walls.append(steps[0].wall)
    if len(frs) > 1 or args.jobs > 1:  # one JSONL per file, for convenience
        for fr in frs:
            with (out / "newclid" / f"{Path(fr.path).stem}.all.jsonl").open(
                    "w", encoding="utf-8") as fh:
                for n in fr.names:
                    if n in fr.newclid:
                        fh.write(json.dumps(fr.newclid[n]) + "\n")

    # 3. pappus check.
    proofs = pappus_out / "proofs"
    say(f"[4/4] pappus check {proofs}")
    (c_step,) = run_logged([Step("check", [str(PAPPUS), "check", str(proofs), "--jobs",
                                           str(args.jobs)], out / "pappus_check.log")])
    check_text = c_step.log.read_text(encoding="utf-8")
    invalid = {Path(m.group(1)).resolve()
               for m in re.finditer(r"^(.*?\.json): invalid: ", check_text, re.M)}
    proofs_ok = True
    checked_line = next((ln for ln in reversed(check_text.splitlines())
                         if ln.startswith("checked ")), "no summary line")
    say(f"      {checked_line} (exit code {c_step.returncode})")
    if c_step.returncode != 0:
        warnings.append(f"`pappus check` exited with code {c_step.returncode}: {checked_line} "
                        f"(see pappus_check.log)")
        if not invalid:  # failures we cannot attribute: count no proof as checked
            say("      cannot tell which proofs failed; counting none as checked")
            proofs_ok = False
    for path in sorted(proofs.glob("*.json")) if proofs_ok else []:
        if path.resolve() in invalid:
            continue
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        owner, name = by_file.get(doc.get("file")), doc.get("name")
        if owner is not None and isinstance(name, str) and pappus_status(owner, name) == "proved":
            owner.checked.add(name)

    # 4. Report.
    def phase(label: str, steps: list[Step], walls: list[float]) -> str:
        loads = [s.load for s in steps if s.load is not None]
        load = f", {statistics.fmean(loads):.1f} runnable" if loads else ""
        return f"{label} {sum(walls):.0f} s{load}"

    finished = dt.datetime.now(dt.UTC)
    info = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "finished": finished.isoformat(timespec="seconds"),
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}, {platform.system()}",
        "commit": commit(),
        "newclid_version": newclid_version,
        "timeout": args.timeout,
        "jobs": args.jobs,
        "phases": "; ".join([phase("Pappus bench", [p_step], [p_step.wall]),
                             phase("Newclid runner", n_steps, n_walls),
                             phase("pappus check", [c_step], [c_step.wall])]),
        "command": shlex.join([".venv/bin/python", "benchmarks/prover_vs_newclid.py",
                               *sys.argv[1:]]),
        "out": shown_path(out),
        "check": checked_line,
        "warnings": warnings,
    }
    section, data = report(frs, info)
    (out / "comparison.md").write_text(section, encoding="utf-8")
    (out / "comparison.json").write_text(json.dumps(data, indent=1, default=list) + "\n",
                                         encoding="utf-8")
    say("")
    say(section)
    if not args.no_record:
        append_section(section)
        say(f"appended to {shown_path(RESULTS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
