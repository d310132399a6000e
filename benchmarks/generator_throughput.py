"""Generator throughput: Pappus `generate` against Newclid's `ncdgen`, per core-hour, in one run.

    .venv/bin/python benchmarks/generator_throughput.py [--samples 300] [--seed 0]
        [--ncdgen-seconds auto] [--ncdgen-venv /work/peers/ncdgen] [--ncdgen-seed 0]
        [--out DIR] [--keep] [--no-record] [--skip-pappus] [--skip-ncdgen]
    .venv/bin/python benchmarks/generator_throughput.py --report DIR   (rebuild the section)

Five measurements, one after the other (never two at once, so they do not share cores),
each in its own process on one core:

1. Pappus, natural auxiliary share: `generator.pipeline.generate` with 1 worker (the
   samples run in the measuring process itself) for a fixed number of samples
   (`--samples`, i.e. `max_samples`; `count` unbounded), so a run is reproducible: same
   seed and settings, same records. All other settings are `pappus generate`'s defaults
   (read from the CLI, so they follow it).
2. Pappus with `aux_fraction=1` (only theorems with auxiliary points are kept), same
   samples: the same problems are sampled and saturated, but only candidates with
   auxiliary points are turned into records and verified (and `max_per_sample` counts
   only those).
3. Pappus with `aux_fraction=1` and `needed_aux_only` (`--needed-aux-only`), same samples:
   an auxiliary-point theorem is kept only when the premises alone, saturated under the
   same budget, do not give the goal (as ncdgen double-checks its aux problems).
4. ncdgen 3.0.0 (`benchmarks/peers/ncdgen_runner.py`, in ncdgen's own venv, created by
   `benchmarks/peers/ensure_ncdgen.sh` if missing) with its `baseline` config but
   `emit_only_double_checked_aux_subproblems=false`, i.e. emitting every subproblem,
   for the CPU time run 1 took (or `--ncdgen-seconds`).
5. ncdgen with its `baseline` config unchanged (emits only double-checked
   auxiliary-construction problems), for the CPU time run 2 took but at least
   `--ncdgen-aux-min-seconds` (600): its aux-point problems come from a few diagrams an
   hour, so a shorter run often finds none. Rates are per core-hour either way.

ncdgen runs single-process (its `debug` loop), offline (in a network namespace of its
own when `unshare -rn` works, which is checked and recorded), with its output in a
temporary folder (deleted afterwards unless `--keep-ncdgen`).

What is counted. Pappus: records written (each verified by the checker, numerically
re-checked in a fresh diagram, and unique by canonical id within the run), those with
auxiliary points, samples, candidates, duplicates dropped, proof length (`n_steps`,
deduction steps) and distinct setups (the problem text before ` ? `; points are named in
construction order). ncdgen: diagram attempts, diagrams built, problems (datapoints it
emitted), auxiliary-point problems (double-checked to need an auxiliary construction),
distinct problems and setups (its alphabetized problem text), proof length
(`proof_rules_length`, rule applications). ncdgen does not deduplicate across diagrams.

Rates are per core-hour of CPU time (user + system, of the process and its children,
which for ncdgen includes the `yuclid` subprocesses); wall-clock rates are shown too.
The number of runnable processes on the machine is sampled during each run (about 1 on an
otherwise idle machine) and the 1-minute load average recorded before and after.

Appends a dated section to benchmarks/RESULTS.md (unless `--no-record`); raw outputs in
`runs/generator_throughput/<UTC date-time>/` (`throughput.json`, `section.md`, logs; with
`--keep` also the Pappus datasets, `pappus_natural_dataset/`, `pappus_aux_dataset/` and
`pappus_needed_dataset/`,
which `generator_crosscheck.py --dataset` can take).
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from results_log import RESULTS, ROOT, LoadSampler, commit, cpu_model, fail, publish, say

PEERS = ROOT / "benchmarks" / "peers"
NCDGEN_RUNNER = PEERS / "ncdgen_runner.py"
ENSURE_NCDGEN = PEERS / "ensure_ncdgen.sh"
SECTION_TITLE = "## Generator throughput, Pappus vs ncdgen: `benchmarks/generator_throughput.py`"
TARGET_ALL = 40_000  # verified unique theorems per core-hour (the target)
TARGET_AUX = 2_000  # of those with auxiliary points, with --aux-fraction 1


# ---------------------------------------------------------------- helpers




def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and its reaped children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def distribution(xs: list[int]) -> dict[str, Any]:
    if not xs:
        return {"n": 0}
    xs = sorted(xs)
    return {"n": len(xs), "mean": statistics.fmean(xs), "median": statistics.median(xs),
            "p90": xs[min(len(xs) - 1, int(0.9 * len(xs)))], "max": xs[-1]}


def per_hour(count: float, seconds: float | None) -> float | None:
    return count * 3600.0 / seconds if seconds else None


# ---------------------------------------------------------------- Pappus (child process)


def pappus_defaults() -> dict[str, Any]:
    """`pappus generate`'s defaults for the GeneratorConfig fields it exposes (the CLI's
    option `timeout` is the field `saturation_timeout`)."""
    from dataclasses import fields

    from generator.config import GeneratorConfig

    names = {f.name for f in fields(GeneratorConfig)}
    out: dict[str, Any] = {}
    try:
        from pappus import cli

        for name, param in inspect.signature(cli.generate).parameters.items():
            field_name = "saturation_timeout" if name == "timeout" else name
            if field_name in names and param.default is not inspect.Parameter.empty:
                out[field_name] = param.default
    except Exception as exc:  # noqa: BLE001 - fall back to the library's defaults
        print(f"warning: cannot read pappus generate's defaults ({exc}); using "
              f"GeneratorConfig's", file=sys.stderr)
    return out


def pappus_child(spec: dict[str, Any]) -> dict[str, Any]:
    """Run `generate` in this process (1 worker) and describe what it wrote."""
    from generator.config import GeneratorConfig
    from generator.dataset import iter_records
    from generator.pipeline import generate

    settings = pappus_defaults()
    settings.update(count=10**9, seed=spec["seed"], workers=1, backend="local",
                    aux_fraction=spec["aux_fraction"], max_samples=spec["samples"],
                    needed_aux_only=spec.get("needed_aux_only", False))
    config = GeneratorConfig(**settings)
    out_dir = Path(spec["out"])
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    summary = generate(config, out_dir, progress=False)
    cpu, wall = cpu_seconds() - cpu0, time.perf_counter() - wall0

    records = list(iter_records(out_dir))
    aux = [r for r in records if r.n_aux > 0]
    goals: dict[str, int] = {}
    for r in records:
        goals[r.goal_predicate] = goals.get(r.goal_predicate, 0) + 1

    def setup(r: Any) -> str:
        return r.problem.split(" ? ", 1)[0].strip()

    return {
        "settings": config.to_dict(),
        "cpu_seconds": cpu,
        "wall_seconds": wall,
        "generate_seconds": summary.seconds,
        "samples": summary.samples,
        "candidates": summary.candidates,
        "duplicates": summary.duplicates,
        "skipped_by_aux_policy": summary.skipped_by_aux_policy,
        "written": summary.written,
        "records_read": len(records),
        "unique_ids": len({r.id for r in records}),
        "verified": sum(1 for r in records if r.verified),
        "with_aux": len(aux),
        "aux_needed": sum(1 for r in aux if r.aux_needed),
        "samples_with_aux": len({r.sample for r in aux}),
        "distinct_setups": len({setup(r) for r in records}),
        "distinct_aux_setups": len({setup(r) for r in aux}),
        "n_steps": distribution([r.n_steps for r in records]),
        "aux_n_steps": distribution([r.n_steps for r in aux]),
        "n_aux_points": distribution([r.n_aux_points for r in aux]),
        "goal_predicates": dict(sorted(goals.items(), key=lambda kv: -kv[1])),
    }


def run_pappus(label: str, samples: int, seed: int, aux_fraction: float | None,
               needed_aux_only: bool, out: Path) -> dict[str, Any]:
    spec = {"samples": samples, "seed": seed, "aux_fraction": aux_fraction,
            "needed_aux_only": needed_aux_only, "out": str(out / f"pappus_{label}_dataset")}
    shutil.rmtree(spec["out"], ignore_errors=True)
    argv = [sys.executable, str(Path(__file__).resolve()), "--_pappus-child", json.dumps(spec)]
    log = out / f"pappus_{label}.log"
    with LoadSampler() as sampler, log.open("w", encoding="utf-8") as fh:
        fh.write("$ " + shlex.join(argv) + "\n")
        fh.flush()
        proc = subprocess.run(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=fh, text=True)
    if proc.returncode != 0:
        fail(f"Pappus run {label} failed (exit code {proc.returncode}); see {log}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result.update(sampler.info(), label=label, system="pappus", aux_fraction=aux_fraction,
                  needed_aux_only=needed_aux_only)
    return result


# ---------------------------------------------------------------- ncdgen


def offline_prefix() -> tuple[list[str], str]:
    """A command prefix that runs a program without network access, and how."""
    unshare = shutil.which("unshare")
    if unshare:
        probe = subprocess.run([unshare, "-rn", "true"], capture_output=True)
        if probe.returncode == 0:
            return [unshare, "-rn"], "own network namespace (`unshare -rn`): no network"
    return [], "no network namespace available (ncdgen needs no network; not enforced)"


def run_ncdgen(label: str, python: Path, budget: float, seed: int, overrides: list[str],
               out: Path, keep: bool, prefix: list[str]) -> dict[str, Any]:
    sys.path.insert(0, str(PEERS))
    from ncdgen_runner import summarize  # stdlib-only at import time

    tmp = Path(tempfile.mkdtemp(prefix=f"ncdgen_{label}_", dir=None if not keep else out))
    argv = [*prefix, str(python), str(NCDGEN_RUNNER), "--out", str(tmp),
            "--cpu-seconds", f"{budget:.1f}", "--seed", str(seed)]
    for item in overrides:
        argv += ["--set", item]
    log = out / f"ncdgen_{label}.log"
    env = {**os.environ, "PATH": f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "HF_HUB_OFFLINE": "1", "NO_PROXY": "*"}
    # Hard limit: the runner stops after the diagram that reaches the budget; a diagram
    # that never ends is killed here and the run counted up to its last finished diagram.
    limit = 2 * budget + 300
    killed = False
    with LoadSampler() as sampler, log.open("w", encoding="utf-8") as fh:
        fh.write("$ " + shlex.join(argv) + "\n")
        fh.flush()
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=fh, text=True,
                                env=env, start_new_session=True)
        try:
            stdout, _ = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            stdout, _ = proc.communicate()
            killed = True
    summary_path = tmp / "summary.json"
    if summary_path.is_file() and not killed:
        result = json.loads(summary_path.read_text(encoding="utf-8"))
    else:
        rows = []
        diag = tmp / "diagrams.jsonl"
        if diag.is_file():
            rows = [json.loads(line) for line in diag.read_text().splitlines() if line.strip()]
        if not rows:
            fail(f"ncdgen run {label} produced nothing (exit code {proc.returncode}); "
                 f"see {log}")
        result = summarize(rows, rows[-1]["cpu_total"], rows[-1]["wall_total"])
        result["info"] = {"killed_after_seconds": limit}
    datagen = tmp / "datagen.jsonl"
    result["datagen_bytes"] = datagen.stat().st_size if datagen.is_file() else 0
    result["returncode"] = proc.returncode
    result["killed"] = killed
    result["output_dir"] = str(tmp) if keep else f"{tmp} (deleted)"
    if not keep:
        shutil.rmtree(tmp, ignore_errors=True)
    result.update(sampler.info(), label=label, system="ncdgen", overrides=overrides,
                  cpu_budget=budget)
    return result


# ---------------------------------------------------------------- report


def fmt(x: float | None, digits: int = 0) -> str:
    if x is None:
        return "-"
    return f"{x:,.{digits}f}"


def fmt_ratio(a: float | None, b: float | None) -> str:
    if a is None or not b:
        return "- (ncdgen: 0)" if a else "-"
    return f"{a / b:,.1f}x"


def fmt_dist(d: dict[str, Any]) -> str:
    if not d or not d.get("n"):
        return "-"
    return f"{d['mean']:.1f} / {d['median']:g} / {d['p90']} / {d['max']}"


def report(runs: dict[str, dict[str, Any]], info: dict[str, Any]) -> str:
    pn, pa = runs.get("pappus_natural"), runs.get("pappus_aux")
    pd = runs.get("pappus_needed")
    nn, na = runs.get("ncdgen_all"), runs.get("ncdgen_aux")
    out = [f"{SECTION_TITLE}, {info['date']}", ""]
    out += [
        f"- machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, "
        f"{info['os']}",
        f"- Pappus commit `{info['commit']}`; ncdgen {info.get('ncdgen_version', '-')} "
        f"(newclid {info.get('newclid_version', '-')}, py-yuclid "
        f"{info.get('yuclid_version', '-')}) in its own venv `{info['ncdgen_venv']}`",
        f"- Pappus: `generate`, 1 worker, seed {info['seed']}, {info['samples']} samples "
        f"(`max_samples`), `pappus generate` defaults otherwise: "
        f"{info.get('pappus_settings', '-')}",
        f"- ncdgen: `ncdgen_runner.py` (ncdgen's single-process loop), config `baseline` "
        f"(min_pts {info.get('ncdgen_min_pts', '-')}, max_pts "
        f"{info.get('ncdgen_max_pts', '-')} points added to the base figure), "
        f"random_seed {info['ncdgen_seed']}; 'all' adds "
        f"`emit_only_double_checked_aux_subproblems=false`; CPU budget = the CPU time of the "
        f"matching Pappus run ({info.get('ncdgen_budget_note', '')}); {info['offline']}",
        "- one run at a time, one process each; CPU time = user + system of the process and "
        "its children (ncdgen: including `yuclid`)",
        "- machine load while each run ran (mean runnable processes; 1-min load average "
        "before -> after): " + "; ".join(
            f"{k} {fmt(r.get('runnable_mean'), 1)} ({r['loadavg_before']:.2f} -> "
            f"{r['loadavg_after']:.2f})" for k, r in runs.items()),
        f"- command: `{info['command']}`; raw outputs in `{info['out']}`",
        "",
    ]
    cols = [("Pappus natural", pn), ("Pappus aux=1", pa), ("Pappus aux=1, needed only", pd),
            ("ncdgen all", nn),
            ("ncdgen baseline (aux only)", na)]
    cols = [(k, r) for k, r in cols if r is not None]

    def row(label: str, get: Any) -> str:
        return "| " + label + " | " + " | ".join(get(r) for _, r in cols) + " |"

    def h(r: dict[str, Any], key: str) -> str:
        return fmt(per_hour(r[key], r["cpu_seconds"]))

    def key(r: dict[str, Any], pappus_key: str, ncdgen_key: str) -> str:
        return pappus_key if r["system"] == "pappus" else ncdgen_key

    def pick(r: dict[str, Any], pappus_key: str, ncdgen_key: str) -> Any:
        return r[key(r, pappus_key, ncdgen_key)]

    out += ["| | " + " | ".join(k for k, _ in cols) + " |",
            "|---|" + "---:|" * len(cols)]
    out += [
        row("CPU s (wall s)", lambda r: f"{r['cpu_seconds']:.0f} ({r['wall_seconds']:.0f})"),
        row("samples / diagram attempts", lambda r: fmt(pick(r, "samples", "diagrams"))),
        row("diagrams built (ncdgen)", lambda r: "-" if r["system"] == "pappus"
            else fmt(r["built"])),
        row("theorems / problems written", lambda r: fmt(pick(r, "written", "problems"))),
        row("distinct problems", lambda r: fmt(pick(r, "unique_ids", "distinct_problems"))),
        row("with auxiliary points", lambda r: fmt(pick(r, "with_aux", "aux_problems"))),
        row("of which the prover needs them", lambda r: fmt(r.get("aux_needed"))
            if r["system"] == "pappus" else ("all (double-checked)" if r["label"] == "aux"
                                             else "-")),
        row("duplicates dropped (Pappus)", lambda r: (
            f"{fmt(r['duplicates'])} of {fmt(r['candidates'])} "
            f"({r['duplicates'] / max(r['candidates'], 1):.0%})")
            if r["system"] == "pappus" else "- (no dedup)"),
        row("distinct setups (all / aux)", lambda r: (
            f"{fmt(r['distinct_setups'])} / {fmt(r['distinct_aux_setups'])}")),
        row("**samples / diagrams per core-hour**",
            lambda r: h(r, "samples") if r["system"] == "pappus" else h(r, "diagrams")),
        row("**theorems / problems per core-hour**",
            lambda r: h(r, "written") if r["system"] == "pappus" else h(r, "problems")),
        row("distinct problems per core-hour", lambda r: h(r, key(
            r, "unique_ids", "distinct_problems"))),
        row("**aux-point theorems per core-hour**", lambda r: h(r, key(
            r, "with_aux", "aux_problems"))),
        row("**needed-aux theorems per core-hour**", lambda r: h(r, "aux_needed")
            if r["system"] == "pappus" else (h(r, "aux_problems") if r["label"] == "aux"
                                             else "-")),
        row("distinct setups per core-hour (all / aux)", lambda r: (
            f"{h(r, 'distinct_setups')} / {h(r, 'distinct_aux_setups')}")),
        row("theorems per wall-clock hour", lambda r: fmt(per_hour(
            pick(r, "written", "problems"), r["wall_seconds"]))),
        row("proof length all: mean / median / p90 / max", lambda r: fmt_dist(
            pick(r, "n_steps", "proof_rules_length"))),
        row("proof length aux: mean / median / p90 / max", lambda r: fmt_dist(
            pick(r, "aux_n_steps", "aux_proof_rules_length"))),
    ]
    out += ["", "Proof length: Pappus `n_steps` (deduction steps, construction facts "
            "excluded); ncdgen `proof_rules_length` (rule applications in Newclid's proof)."]
    if pn and pa:
        out += ["", f"Both Pappus runs sample and saturate the same {info['samples']} problems; "
                f"with `aux_fraction=1` only candidates with auxiliary points become records "
                f"(and count towards `max_per_sample`): {pa['with_aux']} aux-point theorems "
                f"there against {pn['with_aux']} in the natural run."]

    # Ratios and targets.
    def rate(r: dict[str, Any], k: str) -> float | None:
        return per_hour(r[k], r["cpu_seconds"])

    def verdict(value: float | None, target: int) -> str:
        return "met" if value is not None and value >= target else "NOT met"

    lines = ["", "Ratios (Pappus / ncdgen, per core-hour) and targets:", ""]
    if pn:
        value = rate(pn, "written")
        lines.append(f"- Pappus verified unique theorems per core-hour: {fmt(value)} "
                     f"(target {TARGET_ALL:,}: {verdict(value, TARGET_ALL)})")
    if pa:
        value = rate(pa, "with_aux")
        lines.append(f"- Pappus aux-point theorems per core-hour with `aux_fraction=1`: "
                     f"{fmt(value)} (target {TARGET_AUX:,}: {verdict(value, TARGET_AUX)})")
    if pd:
        value = rate(pd, "aux_needed")
        lines.append(f"- of those, theorems whose auxiliary points the prover needs (proved "
                     f"with them, not from the premises alone: `--needed-aux-only`), per "
                     f"core-hour: {fmt(value)} (target {TARGET_AUX:,}: "
                     f"{verdict(value, TARGET_AUX)}), from {pd['distinct_aux_setups']} "
                     f"distinct premise sets")
    if pn and nn:
        lines.append(f"- theorems, Pappus natural vs ncdgen all problems: "
                     f"{fmt_ratio(rate(pn, 'written'), rate(nn, 'problems'))}; "
                     f"vs ncdgen distinct problems: "
                     f"{fmt_ratio(rate(pn, 'written'), rate(nn, 'distinct_problems'))}")
        lines.append(f"- samples vs diagram attempts: "
                     f"{fmt_ratio(rate(pn, 'samples'), rate(nn, 'diagrams'))}; "
                     f"distinct setups: "
                     f"{fmt_ratio(rate(pn, 'distinct_setups'), rate(nn, 'distinct_setups'))}")
        lines.append(f"- aux-point theorems, Pappus natural vs ncdgen all: "
                     f"{fmt_ratio(rate(pn, 'with_aux'), rate(nn, 'aux_problems'))}")
    if pa and na:
        setups = fmt_ratio(rate(pa, "distinct_aux_setups"), rate(na, "distinct_aux_setups"))
        lines.append(f"- aux-point theorems, Pappus aux=1 vs ncdgen baseline: "
                     f"{fmt_ratio(rate(pa, 'with_aux'), rate(na, 'aux_problems'))}; "
                     f"distinct aux setups: {setups}")
    if pd and na:
        setups = fmt_ratio(rate(pd, "distinct_aux_setups"), rate(na, "distinct_aux_setups"))
        lines.append(f"- needed-aux theorems (both double-checked), Pappus vs ncdgen baseline: "
                     f"{fmt_ratio(rate(pd, 'aux_needed'), rate(na, 'aux_problems'))}; "
                     f"distinct aux setups: {setups}")
    out += lines
    cores = info["cores"] or 1
    shared = {k: r["runnable_mean"] for k, r in runs.items()
              if (r.get("runnable_mean") or 0) > 1.5}
    if shared:
        over = [k for k, v in shared.items() if v >= cores + 0.5]
        out += ["", "Machine load: other work ran during "
                + ", ".join(f"{k} ({v:.1f} runnable on {cores} cores)"
                            for k, v in shared.items())
                + (f"; the cores were oversubscribed during {', '.join(over)}, so those "
                   f"timings are inflated." if over else
                   "; the cores were not oversubscribed (CPU-time rates hold; shared caches "
                   "and memory bandwidth may still cost a little).")]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- main


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--_pappus-child":
        print(json.dumps(pappus_child(json.loads(sys.argv[2]))), flush=True)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--samples", type=int, default=300,
                        help="samples per Pappus run (max_samples)")
    parser.add_argument("--seed", type=int, default=0, help="Pappus run seed")
    parser.add_argument("--ncdgen-seconds", type=float, default=None,
                        help="CPU budget per ncdgen run (default: the matching Pappus run's)")
    parser.add_argument("--ncdgen-aux-min-seconds", type=float, default=600.0,
                        help="least CPU budget of the aux-only ncdgen run: its aux-point "
                             "problems come a few diagrams an hour, in bursts")
    parser.add_argument("--ncdgen-seed", type=int, default=0, help="ncdgen random_seed")
    parser.add_argument("--ncdgen-venv", type=Path, default=Path("/work/peers/ncdgen"),
                        help="ncdgen's virtual environment (created if missing)")
    parser.add_argument("--out", type=Path, default=None,
                        help="raw outputs (default runs/generator_throughput/DATE)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the Pappus datasets under --out")
    parser.add_argument("--keep-ncdgen", action="store_true",
                        help="keep ncdgen's output (datagen.jsonl: about 70 kB per problem) "
                             "under --out")
    parser.add_argument("--skip-pappus", action="store_true")
    parser.add_argument("--skip-ncdgen", action="store_true")
    parser.add_argument("--no-record", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="the RESULTS.md to append the section to")
    parser.add_argument("--report", type=Path, default=None, metavar="DIR",
                        help="only rebuild the section from an earlier run's throughput.json")
    parser.add_argument("--commit", default=None,
                        help="the Pappus commit to record (default: from git; give it when "
                             "running from an exported snapshot of a commit)")
    args = parser.parse_args()
    if args.report is not None:
        data = json.loads((args.report / "throughput.json").read_text(encoding="utf-8"))
        publish(report(data["runs"], data["info"]), args.report,
                None if args.no_record else args.results)
        return 0
    if args.skip_pappus and args.ncdgen_seconds is None and not args.skip_ncdgen:
        parser.error("--skip-pappus needs --ncdgen-seconds")

    started = dt.datetime.now(dt.UTC)
    out = (args.out or ROOT / "runs" / "generator_throughput"
           / started.strftime("%Y%m%d-%H%M%S")).resolve()
    out.mkdir(parents=True, exist_ok=True)
    info: dict[str, Any] = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"), "cpu": cpu_model(),
        "cores": os.cpu_count(), "python": platform.python_version(),
        "os": platform.system(), "commit": args.commit or commit(), "seed": args.seed,
        "samples": args.samples, "ncdgen_seed": args.ncdgen_seed,
        "ncdgen_venv": str(args.ncdgen_venv),
        "command": "python benchmarks/generator_throughput.py " + shlex.join(sys.argv[1:]),
        "out": os.path.relpath(out, ROOT) if out.is_relative_to(ROOT) else str(out),
        "offline": "-",
    }
    runs: dict[str, dict[str, Any]] = {}

    python = args.ncdgen_venv.resolve() / "bin" / "python"
    if not args.skip_ncdgen:
        say(f"[ncdgen venv] {args.ncdgen_venv}")
        ensure = subprocess.run(["bash", str(ENSURE_NCDGEN), str(args.ncdgen_venv)],
                                cwd=ROOT, capture_output=True, text=True)
        (out / "ensure_ncdgen.log").write_text(ensure.stdout + ensure.stderr, encoding="utf-8")
        if ensure.returncode != 0:
            fail(f"cannot create ncdgen's venv (see {out / 'ensure_ncdgen.log'})")
        versions = subprocess.run(
            [str(python), "-c", "from importlib.metadata import version as v; "
             "print(v('ncdgen'), v('newclid'), v('py-yuclid'))"],
            capture_output=True, text=True)
        if versions.returncode == 0:
            (info["ncdgen_version"], info["newclid_version"],
             info["yuclid_version"]) = versions.stdout.split()

    if not args.skip_pappus:
        for label, aux, needed in (("natural", None, False), ("aux", 1.0, False),
                                   ("needed", 1.0, True)):
            say(f"[Pappus {label}] {args.samples} samples, aux_fraction={aux}, "
                f"needed_aux_only={needed}")
            r = run_pappus(label, args.samples, args.seed, aux, needed, out)
            runs[f"pappus_{label}"] = r
            say(f"    {r['written']} theorems ({r['with_aux']} with aux) from {r['samples']} "
                f"samples in {r['cpu_seconds']:.1f} CPU s = "
                f"{fmt(per_hour(r['written'], r['cpu_seconds']))}/core-hour, aux "
                f"{fmt(per_hour(r['with_aux'], r['cpu_seconds']))}/core-hour")
            if not args.keep:
                shutil.rmtree(out / f"pappus_{label}_dataset", ignore_errors=True)
        s = runs["pappus_natural"]["settings"]
        info["pappus_settings"] = ", ".join(
            f"{k}={s[k]}" for k in ("min_points", "max_points", "min_steps", "max_facts",
                                    "saturation_timeout", "max_per_sample") if k in s)

    if not args.skip_ncdgen:
        prefix, info["offline"] = offline_prefix()
        plan = (("all", "pappus_natural", ["emit_only_double_checked_aux_subproblems=false"]),
                ("aux", "pappus_aux", []))
        for label, match, overrides in plan:
            budget = args.ncdgen_seconds or runs[match]["cpu_seconds"]
            if label == "aux" and args.ncdgen_seconds is None:
                budget = max(budget, args.ncdgen_aux_min_seconds)
            say(f"[ncdgen {label}] CPU budget {budget:.0f} s, overrides {overrides or 'none'}")
            r = run_ncdgen(label, python, budget, args.ncdgen_seed, overrides, out,
                           args.keep_ncdgen, prefix)
            info["ncdgen_budget_note"] = (
                f"`--ncdgen-seconds {args.ncdgen_seconds:g}`" if args.ncdgen_seconds else
                f"the aux-only run at least {args.ncdgen_aux_min_seconds:g} s")
            runs[f"ncdgen_{label}"] = r
            info["ncdgen_min_pts"] = r.get("info", {}).get("min_pts", "-")
            info["ncdgen_max_pts"] = r.get("info", {}).get("max_pts", "-")
            say(f"    {r['diagrams']} diagrams ({r['built']} built), {r['problems']} problems "
                f"({r['aux_problems']} aux) in {r['cpu_seconds']:.1f} CPU s = "
                f"{fmt(per_hour(r['problems'], r['cpu_seconds']))}/core-hour, aux "
                f"{fmt(per_hour(r['aux_problems'], r['cpu_seconds']))}/core-hour")

    section = report(runs, info)
    (out / "throughput.json").write_text(json.dumps({"info": info, "runs": runs}, indent=1)
                                         + "\n", encoding="utf-8")
    publish(section, out, None if args.no_record else args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
