"""Independent cross-check of generated theorems: Newclid's DDAR on a random sample of records.

    .venv/bin/python benchmarks/generator_crosscheck.py [--dataset DIR | --seed 0 --samples 20]
        [--sample 100] [--sample-seed 0] [--only-aux] [--without-aux] [--timeout 60]
        [--newclid-venv /work/peers/newclid] [--out DIR] [--notes FILE] [--no-record]
    .venv/bin/python benchmarks/generator_crosscheck.py --report DIR [--notes FILE]

1. Takes a Pappus dataset directory (`--dataset`), or generates a small one with
   `pappus generate --seed S --max-samples N` (default settings otherwise) into the output
   folder.
2. Draws a random sample of `--sample` records (seeded by `--sample-seed`; with
   `--only-aux`, among the records with auxiliary points only).
3. Makes sure Newclid's venv exists (`benchmarks/peers/ensure_newclid.sh`) and runs
   Newclid 3.0.1's DDAR (C++ `yuclid`, no language model) on each record's `full_problem`
   (premises with the auxiliary clauses, and the goal) through
   `benchmarks/peers/newclid_check_records.py`, one record at a time, with a per-record
   wall-clock `--timeout`. The text goes to Newclid unchanged; only if Newclid cannot load
   it is it retried in Newclid's spelling (argument order of `square`/`parallelogram`,
   `simtri2`/`contri2` goals, degrees in `s_angle`, `ninepoints`, ...; see
   `peers/newclid_check_records.py`), and the record is marked as translated.
4. Reports the fraction Newclid proves and, for every disagreement (Newclid does not
   prove a record Pappus proved and verified), the record id, goal predicate, the rules
   the Pappus proof uses, Newclid's status and message, and a diagnosis. The script's own
   diagnosis is mechanical (from Newclid's message, and the Pappus rules that have no
   counterpart among Newclid's rules); `--notes FILE` (JSON: `{"id or id prefix":
   "diagnosis"}`) replaces it with one written after looking at the record.
   `--report DIR` rebuilds the report from an earlier run's folder (with new `--notes`)
   without running anything.
5. Follow-up: a record Newclid saturates on whose goal is a degenerate `eqratio` (a
   ratio of a segment to itself, `eqratio a b a b c d e f`, or a ratio and its inverse,
   `eqratio a b c d c d a b`: both state a congruence) is run once more with the
   equivalent `cong` goal; the diagnosis and the summary give the outcome (the headline
   fraction counts the original goals only).
6. With `--without-aux`, the sampled auxiliary-point records are also run without their
   auxiliary clauses (the record's `problem`), in Newclid and in `pappus bench` (same
   timeout): how many really need their auxiliary points.

Appends the summary and the disagreement table to benchmarks/RESULTS.md (unless
`--no-record`); raw outputs in `runs/generator_crosscheck/<UTC date-time>/`:
`sample.jsonl` (the sampled records), `newclid.jsonl` (Newclid's results), `newclid.log`,
`followup.jsonl` (the `cong` reruns), `noaux_*` (`--without-aux`), `crosscheck.json`,
`section.md`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from results_log import RESULTS, ROOT, commit, cpu_model, fail, publish, say

PEERS = ROOT / "benchmarks" / "peers"
CHECKER = PEERS / "newclid_check_records.py"
ENSURE = PEERS / "ensure_newclid.sh"
PAPPUS = Path(sys.executable).parent / "pappus"
SECTION_TITLE = ("## Generated theorems cross-checked by Newclid: "
                 "`benchmarks/generator_crosscheck.py`")

# Pappus rules with no counterpart among Newclid 3.0.1's DDAR rules (its rule set is
# AlphaGeometry's, plus AR over angles and ratios): the `e` rules are Pappus extensions.
EXTENSION_PREFIX = "e"




def rule_names() -> dict[str, str]:
    try:
        from symbolic.rules import rules_by_id

        return {k: getattr(r, "name", "") for k, r in rules_by_id().items()}
    except Exception:  # noqa: BLE001 - names are only decoration
        return {}


def sample_records(dataset: Path, k: int, seed: int, only_aux: bool) -> tuple[list[Any], int]:
    from generator.dataset import iter_records

    records = [r for r in iter_records(dataset) if not only_aux or r.n_aux > 0]
    if not records:
        fail(f"{dataset} holds no {'auxiliary-point ' if only_aux else ''}records")
    chosen = random.Random(seed).sample(records, min(k, len(records)))
    return chosen, len(records)


def check_without_aux(aux_records: list[dict[str, Any]], out: Path, python: Path,
                      env: dict[str, str], timeout: float, seed: int) -> dict[str, Any]:
    """Newclid and `pappus bench` on the records' `problem` (no auxiliary clauses)."""
    say(f"[without aux] {len(aux_records)} auxiliary-point records without their "
        f"auxiliary clauses: Newclid, then pappus bench")
    with (out / "noaux_input.jsonl").open("w", encoding="utf-8") as fh:
        for r in aux_records:
            fh.write(json.dumps({"id": r["id"], "text": r["problem"]}) + "\n")
    argv = [str(python), str(CHECKER), str(out / "noaux_input.jsonl"), "--out",
            str(out / "noaux_newclid.jsonl"), "--timeout", f"{timeout:g}", "--seed", str(seed),
            "--quiet"]
    with (out / "noaux_newclid.log").open("w", encoding="utf-8") as log:
        subprocess.run(argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    newclid: dict[str, str] = {}
    path = out / "noaux_newclid.jsonl"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                newclid[d["id"]] = d["status"]
    problems = out / "noaux_problems.txt"
    problems.write_text("".join(f"{r['id']}\n{r['problem']}\n" for r in aux_records),
                        encoding="utf-8")
    argv = [str(PAPPUS), "bench", str(problems), "--timeout", f"{timeout:g}", "--jobs", "1",
            "--out", str(out / "noaux_pappus")]
    with (out / "noaux_pappus.log").open("w", encoding="utf-8") as log:
        subprocess.run(argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    pappus: dict[str, str] = {}
    csv_path = out / "noaux_pappus" / "results.csv"
    if csv_path.is_file():
        import csv

        with csv_path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                pappus[row["name"]] = row["status"]
    rows = [{"id": r["id"], "newclid": newclid.get(r["id"], "missing"),
             "pappus": pappus.get(r["id"], "missing")} for r in aux_records]
    return {"n": len(rows), "rows": rows}


def iter_dataset_goals(dataset: Path, only_aux: bool) -> list[str]:
    from generator.dataset import read_dataset

    table = read_dataset(dataset, columns=["goal", "n_aux"]).to_pylist()
    return [r["goal"] for r in table if not only_aux or r["n_aux"] > 0]


# ---------------------------------------------------------------- diagnosis


def cong_form(goal: str) -> str | None:
    """For a degenerate `eqratio` goal, one whose ratios force a congruence (a ratio of a
    segment to itself, `eqratio a b a b c d e f`, or a ratio and its inverse,
    `eqratio a b c d c d a b`), the equivalent `cong` goal; else None."""
    tokens = goal.split()
    if len(tokens) != 9 or tokens[0] != "eqratio":
        return None
    p = tokens[1:]
    s = [frozenset(p[i:i + 2]) for i in (0, 2, 4, 6)]
    if s[0] == s[1]:
        return f"cong {p[4]} {p[5]} {p[6]} {p[7]}"
    if s[2] == s[3]:
        return f"cong {p[0]} {p[1]} {p[2]} {p[3]}"
    if s[0] == s[3] and s[1] == s[2]:
        return f"cong {p[0]} {p[1]} {p[2]} {p[3]}"
    return None


def diagnose(rec: dict[str, Any], res: dict[str, Any], names: dict[str, str],
             timeout: float) -> str:
    """A mechanical first diagnosis of a disagreement."""
    status, msg = res["status"], res.get("message") or ""
    ext = [r for r in rec["rules"] if r.startswith(EXTENSION_PREFIX)]
    ext_text = ", ".join(f"{r} {names.get(r, '')}".strip() for r in ext)
    if status == "timeout":
        return f"Newclid timed out ({timeout:g} s; {msg})"
    if status == "unloadable":
        if "is not a valid PredicateType" in msg:
            return "Newclid has no such predicate: " + msg.split("Value error, ", 1)[-1][:80]
        if "not a valid JGEXConstructionName" in msg or "Unknown construction" in msg:
            return "Newclid lacks a construction: " + msg[:120]
        if "requires input point" in msg:
            return "argument order differs from Newclid's definition: " + msg[:120]
        return "Newclid cannot load or draw the problem: " + msg[:160]
    if status == "error":
        if "numerical" in msg.lower() or "numerically" in msg.lower():
            return "Newclid found a fact false in its own diagram (figure differs): " + msg[:120]
        return "Newclid raised: " + msg[:160]
    if status == "saturated":
        follow = res.get("followup")
        if follow is not None:
            verdict = ("Newclid proves that form" if follow["status"] == "proved" else
                       f"Newclid does not prove that form either ({follow['status']})")
            return (f"degenerate eqratio goal, a congruence in disguise "
                    f"(`{follow['goal']}`); {verdict}")
        if ext:
            return f"Newclid saturated; the Pappus proof uses rules Newclid lacks: {ext_text}"
        return ("Newclid saturated; the Pappus proof uses only rules with Newclid "
                "counterparts (look at the proof)")
    return f"{status}: {msg[:160]}"


# ---------------------------------------------------------------- report


def load_notes(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        fail(f"cannot read --notes {path}: {exc}")
    if not isinstance(data, dict):
        fail(f"--notes {path} must hold a JSON object {{id or id prefix: diagnosis}}")
    return {str(k): str(v) for k, v in data.items()}


def note_for(rid: str, notes: dict[str, str]) -> str | None:
    for key, text in notes.items():
        if rid == key or rid.startswith(key):
            return text
    return None


def md(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def build_report(data: dict[str, Any], notes: dict[str, str]) -> str:
    info, records, results = data["info"], data["records"], data["results"]
    by_id = {r["id"]: r for r in results}
    names = info.get("rule_names", {})
    n = len(records)
    proved = [r for r in records if by_id.get(r["id"], {}).get("status") == "proved"]
    counts: dict[str, int] = {}
    for r in records:
        s = by_id.get(r["id"], {}).get("status", "missing")
        counts[s] = counts.get(s, 0) + 1
    translated = [r for r in records if by_id.get(r["id"], {}).get("translated")]
    trans_kinds: dict[str, int] = {}
    for r in translated:
        for t in by_id[r["id"]]["translations"]:
            trans_kinds[t] = trans_kinds.get(t, 0) + 1
    n_aux = sum(1 for r in records if r["n_aux"] > 0)
    aux_proved = sum(1 for r in proved if r["n_aux"] > 0)

    out = [f"{SECTION_TITLE}, {info['date']}", ""]
    out += [
        f"- machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}; Pappus "
        f"commit `{info['commit']}`; Newclid {info['newclid_version']} (DDAR, `yuclid`, no "
        f"language model, diagram seed {info['newclid_seed']})",
        f"- dataset: {info['dataset']} ({info['pool']} "
        f"{'auxiliary-point ' if info['only_aux'] else ''}records); random sample of {n} "
        f"(seed {info['sample_seed']}), {n_aux} of them with auxiliary points",
        f"- Newclid reads each record's `full_problem`; per-record timeout "
        f"{info['timeout']:g} s; wall time {info['wall_seconds']:.0f} s",
        f"- command: `{info['command']}`; raw outputs in `{info['out']}`",
        "",
        f"**Newclid proves {len(proved)}/{n} ({len(proved) / max(n, 1):.0%})**"
        + (f"; with auxiliary points {aux_proved}/{n_aux}" if n_aux else "")
        + ". Status counts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        + ".",
        "",
        f"Translated into Newclid's spelling after Newclid rejected the original text: "
        f"{len(translated)} record(s)"
        + (" (" + "; ".join(f"{k}: {v}" for k, v in sorted(trans_kinds.items())) + ")"
           if trans_kinds else "")
        + ". Every other record ran verbatim.",
        "",
    ]
    wa = data.get("without_aux")
    if wa:
        rows = wa["rows"]
        nc = sum(1 for r in rows if r["newclid"] == "proved")
        pp = sum(1 for r in rows if r["pappus"] == "proved")
        either = sum(1 for r in rows if "proved" in (r["newclid"], r["pappus"]))
        out += [f"Without their auxiliary clauses (the record's `problem`), the {wa['n']} "
                f"auxiliary-point records of the sample: Newclid proves {nc}, Pappus "
                f"(`pappus bench`, same timeout) proves {pp}, at least one of them {either}; "
                f"so {wa['n'] - either} of {wa['n']} ({(wa['n'] - either) / wa['n']:.0%}) "
                f"need their auxiliary points for both provers. A record has auxiliary "
                f"points when the proof found while saturating the full sample uses clauses "
                f"the goal does not depend on; its `aux_needed` says whether Pappus, "
                f"saturating the premises alone under the same budget, fails to reach the "
                f"goal."]
        by_rec = {r["id"]: r for r in records}
        flagged = [r for r in rows if by_rec.get(r["id"], {}).get("aux_needed") is not None]
        if flagged:
            needed = [r for r in flagged if by_rec[r["id"]]["aux_needed"]]
            agree = sum(1 for r in needed if r["newclid"] != "proved")
            out[-1] += (f" Of the {len(flagged)} records carrying the flag, {len(needed)} "
                        f"are marked `aux_needed`; Newclid does not prove {agree} of those "
                        f"without their auxiliary clauses either.")
        out.append("")
    follow = [by_id[r["id"]] for r in records
              if by_id.get(r["id"], {}).get("followup") is not None]
    if follow:
        ok = sum(1 for f in follow if f["followup"]["status"] == "proved")
        out += [f"Follow-up on disagreements: {len(follow)} saturated record(s) have a "
                f"degenerate `eqratio` goal (a ratio of a segment to itself, or a ratio and "
                f"its inverse), which states a congruence; run again with the `cong` goal, "
                f"Newclid proves {ok} of them. Counting those, Newclid proves "
                f"{len(proved) + ok}/{n} ({(len(proved) + ok) / max(n, 1):.0%}). Dataset "
                f"records with such goals: {info.get('degenerate_eqratio', '-')} of "
                f"{info['pool']}.", ""]
    disagreements = [r for r in records if by_id.get(r["id"], {}).get("status") != "proved"]
    if not disagreements:
        out += ["No disagreements: Newclid proves every sampled record.", ""]
        return "\n".join(out)
    out += [f"Disagreements ({len(disagreements)}): records Pappus proved and verified that "
            f"Newclid does not prove.", "",
            "| record id | goal | steps / aux | rules of the Pappus proof | Newclid status: "
            "message | translated | diagnosis |",
            "|---|---|---|---|---|---|---|"]
    for r in disagreements:
        res = by_id.get(r["id"], {"status": "missing", "message": "no result",
                                  "translations": []})
        note = note_for(r["id"], notes)
        diag = note if note is not None else diagnose(r, res, names, info["timeout"])
        msg = res.get("message") or ""
        out.append(
            f"| `{r['id'][:12]}` | `{md(r['goal'])}` | {r['n_steps']} / {r['n_aux']} | "
            f"{md(', '.join(r['rules']))} | {res['status']}"
            + (f": {md(msg[:200])}" if msg else "")
            + f" | {md('; '.join(res.get('translations') or [])) or 'no'} | {md(diag)} |")
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--dataset", type=Path, default=None, help="a Pappus dataset folder")
    parser.add_argument("--seed", type=int, default=0,
                        help="run seed when generating a dataset (no --dataset)")
    parser.add_argument("--samples", type=int, default=20,
                        help="samples (max_samples) when generating a dataset")
    parser.add_argument("--sample", type=int, default=100, help="records to cross-check")
    parser.add_argument("--sample-seed", type=int, default=0, help="seed of the sample")
    parser.add_argument("--only-aux", action="store_true",
                        help="sample among records with auxiliary points only")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per record")
    parser.add_argument("--without-aux", action="store_true",
                        help="also try each sampled auxiliary-point record without its "
                             "auxiliary clauses (`problem`), in Newclid and in `pappus "
                             "bench`: does it need them?")
    parser.add_argument("--newclid-seed", type=int, default=0, help="Newclid's diagram seed")
    parser.add_argument("--newclid-venv", type=Path, default=Path("/work/peers/newclid"))
    parser.add_argument("--out", type=Path, default=None,
                        help="raw outputs (default runs/generator_crosscheck/DATE)")
    parser.add_argument("--notes", type=Path, default=None,
                        help="JSON {id or id prefix: diagnosis} to use in the table")
    parser.add_argument("--report", type=Path, default=None, metavar="DIR",
                        help="only rebuild the report from an earlier run's folder")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="the RESULTS.md to append to")
    parser.add_argument("--commit", default=None, help="the Pappus commit to record")
    parser.add_argument("--no-record", action="store_true", help="do not touch RESULTS.md")
    args = parser.parse_args()
    notes = load_notes(args.notes)

    if args.report is not None:
        data = json.loads((args.report / "crosscheck.json").read_text(encoding="utf-8"))
        publish(build_report(data, notes), args.report, None if args.no_record else args.results)
        return 0

    started = dt.datetime.now(dt.UTC)
    out = (args.out or ROOT / "runs" / "generator_crosscheck"
           / started.strftime("%Y%m%d-%H%M%S")).resolve()
    out.mkdir(parents=True, exist_ok=True)

    # 1. Newclid's venv.
    venv = args.newclid_venv.resolve()
    ensure = subprocess.run(["bash", str(ENSURE), str(venv)], cwd=ROOT,
                            capture_output=True, text=True)
    (out / "ensure_newclid.log").write_text(ensure.stdout + ensure.stderr, encoding="utf-8")
    if ensure.returncode != 0:
        fail(f"cannot create Newclid's venv at {venv}; see {out / 'ensure_newclid.log'}")
    python = venv / "bin" / "python"
    version = subprocess.run([str(python), "-c", "from importlib.metadata import version as v; "
                              "print(v('newclid'), v('py-yuclid'))"],
                             capture_output=True, text=True)
    newclid_version = ("{} (py-yuclid {})".format(*version.stdout.split())
                       if version.returncode == 0 else "unknown")

    # 2. The dataset.
    if args.dataset is not None:
        dataset = args.dataset.resolve()
        shown = os.path.relpath(dataset, ROOT) if dataset.is_relative_to(ROOT) else dataset
        dataset_text = f"`{shown}`"
    else:
        dataset = out / "dataset"
        argv = [str(PAPPUS), "generate", "--out", str(dataset), "--seed", str(args.seed),
                "--max-samples", str(args.samples), "--count", "1000000"]
        say(f"[dataset] {shlex.join(argv)}")
        gen = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
        (out / "generate.log").write_text(gen.stdout + gen.stderr, encoding="utf-8")
        if gen.returncode != 0:
            fail(f"`pappus generate` failed; see {out / 'generate.log'}")
        say("    " + (gen.stdout.strip().splitlines() or [""])[-1])
        dataset_text = (f"generated here: `pappus generate --seed {args.seed} --max-samples "
                        f"{args.samples}` (defaults otherwise)")

    # 3. The sample.
    chosen, pool = sample_records(dataset, args.sample, args.sample_seed, args.only_aux)
    records = [{"id": r.id, "goal": r.goal, "goal_predicate": r.goal_predicate,
                "problem": r.problem, "full_problem": r.full_problem, "aux": list(r.aux),
                "rules": list(r.rules), "n_steps": r.n_steps, "n_aux": r.n_aux,
                "n_points": r.n_points, "verified": r.verified, "seed": r.seed,
                "sample": r.sample, "aux_needed": r.aux_needed} for r in chosen]
    with (out / "sample.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    with (out / "newclid_input.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({"id": r["id"], "text": r["full_problem"]}) + "\n")

    # 4. Newclid.
    argv = [str(python), str(CHECKER), str(out / "newclid_input.jsonl"), "--out",
            str(out / "newclid.jsonl"), "--timeout", f"{args.timeout:g}",
            "--seed", str(args.newclid_seed)]
    say(f"[newclid] {len(records)} records, timeout {args.timeout:g} s each "
        f"(log: {out / 'newclid.log'})")
    t0 = time.perf_counter()
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    with (out / "newclid.log").open("w", encoding="utf-8") as log:
        log.write("$ " + shlex.join(argv) + "\n")
        log.flush()
        proc = subprocess.run(argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        fail(f"the Newclid checker failed (exit code {proc.returncode}); see newclid.log")
    results = [json.loads(line) for line in
               (out / "newclid.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]

    # 5. Follow-up: a saturated degenerate eqratio goal, run again as the cong it states.
    goals = {r["id"]: r["goal"] for r in records}
    follow_items = []
    for res in results:
        cong = cong_form(goals.get(res["id"], ""))
        if res["status"] == "saturated" and cong is not None:
            follow_items.append({"id": res["id"], "goal": cong,
                                 "text": res["text"].split(" ? ", 1)[0] + " ? " + cong})
    if follow_items:
        with (out / "followup_input.jsonl").open("w", encoding="utf-8") as fh:
            for item in follow_items:
                fh.write(json.dumps({"id": item["id"], "text": item["text"]}) + "\n")
        argv = [str(python), str(CHECKER), str(out / "followup_input.jsonl"), "--out",
                str(out / "followup.jsonl"), "--timeout", f"{args.timeout:g}",
                "--seed", str(args.newclid_seed), "--quiet"]
        say(f"[newclid] follow-up: {len(follow_items)} degenerate eqratio goal(s) as cong")
        with (out / "followup.log").open("w", encoding="utf-8") as log:
            subprocess.run(argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        path = out / "followup.jsonl"
        done = {}
        if path.is_file():
            done = {d["id"]: d for d in map(json.loads, path.read_text().splitlines()) if d}
        by_goal = {item["id"]: item["goal"] for item in follow_items}
        for res in results:
            if res["id"] in by_goal:
                f = done.get(res["id"], {"status": "missing", "message": "no result"})
                res["followup"] = {"goal": by_goal[res["id"]], "status": f["status"],
                                   "message": f.get("message", "")}
    # 6. Optional: the auxiliary-point records without their auxiliary clauses.
    without_aux = None
    aux_records = [r for r in records if r["n_aux"] > 0]
    if args.without_aux and aux_records:
        without_aux = check_without_aux(aux_records, out, python, env, args.timeout,
                                        args.newclid_seed)
    degenerate = sum(1 for r in iter_dataset_goals(dataset, args.only_aux)
                     if cong_form(r) is not None)

    info = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"), "cpu": cpu_model(),
        "cores": os.cpu_count(), "python": platform.python_version(),
        "commit": args.commit or commit(), "newclid_version": newclid_version,
        "newclid_seed": args.newclid_seed, "dataset": dataset_text, "pool": pool,
        "only_aux": args.only_aux, "sample_seed": args.sample_seed,
        "timeout": args.timeout, "wall_seconds": wall,
        "command": "python benchmarks/generator_crosscheck.py " + shlex.join(sys.argv[1:]),
        "out": os.path.relpath(out, ROOT) if out.is_relative_to(ROOT) else str(out),
        "rule_names": rule_names(), "degenerate_eqratio": degenerate,
    }
    data = {"info": info, "records": records, "results": results,
            "without_aux": without_aux}
    (out / "crosscheck.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    section = build_report(data, notes)
    publish(section, out, None if args.no_record else args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
