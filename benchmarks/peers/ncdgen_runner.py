"""Run Newclid's synthetic-data generator `ncdgen` for a CPU-time budget, single process,
and count what it produces.  Runs in ncdgen's own venv (never in Pappus's):

    /work/peers/ncdgen/bin/python benchmarks/peers/ncdgen_runner.py --out DIR \\
        [--config baseline] [--set KEY=VALUE ...] [--seed 0] [--cpu-seconds 300]
        [--max-diagrams N]

What is run
-----------
ncdgen's own generation loop in its single-process ("debug") form: the configuration is
ncdgen's packaged Hydra config `--config` (`ncdgen/conf/<name>.yaml`; `baseline` is what
`ncdgen` runs by default) with `--set` overrides (values parsed as YAML, e.g.
`--set emit_only_double_checked_aux_subproblems=false`), plus `debug=True`, `n_workers=1`,
`random_seed=--seed` and `jsonl_dump_file=DIR/datagen.jsonl`.  Diagram seeds come from
ncdgen's `_create_random_source`; each diagram is processed by
`_safe_generate_subproblems_datapoints` (ncdgen's worker function: build a random
diagram, saturate it with Newclid's DDAR (`yuclid`), extract subproblems, double-check
auxiliary constructions) and every datapoint is appended to `datagen.jsonl` exactly as
`run_data_generation_loop` writes it.  The run stops after the first diagram that takes
the process's CPU time (its own plus that of its finished children, i.e. the `yuclid`
subprocesses) to `--cpu-seconds` or more, or after `--max-diagrams` diagrams.

Counts (as ncdgen reports them)
-------------------------------
* diagrams: diagram attempts (seeds processed); `built` those with
  `DiagramGenerationMetadata.diagram_succeeded`, `saturated` those with
  `saturation_succeeded`, `errors` the attempts ncdgen's worker caught an exception for;
* problems: datapoints ncdgen emitted (`SubProblemDatapoint`);
* aux problems: datapoints with `has_double_checked_aux_construction` (double-checked to
  need at least one auxiliary construction);
* distinct problems / setups: distinct `alphabetized_subproblem_str`, and distinct setup
  parts of it (the clauses before ` | ` / ` ? `), over all problems and over aux problems.

Output in DIR: `datagen.jsonl` (ncdgen's datapoints), `diagrams.jsonl` (one line per
diagram, written as it ends: counts, cumulative CPU and wall seconds, and per problem its
alphabetized text, setup, aux flag, true aux clauses, goal and proof length), and
`summary.json` (also printed on stdout).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

# py_yuclid resolves the yuclid binary with shutil.which() at import time.
_BIN_DIR = os.path.dirname(sys.executable)
if _BIN_DIR and _BIN_DIR not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN_DIR + os.pathsep + os.environ.get("PATH", "")


def cpu_seconds() -> float:
    """CPU seconds of this process and of its reaped children (yuclid runs)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def setup_part(text: str) -> str:
    """The setup clauses of a JGEX problem text (before ' | ' aux and ' ? ' goal)."""
    return text.split(" ? ", 1)[0].split(" | ", 1)[0].strip()


def problem_info(dp: Any) -> dict[str, Any]:
    alpha = dp.alphabetized_subproblem_str
    stats = dp.double_check_statistics
    return {
        "alpha": alpha,
        "setup": setup_part(alpha),
        "goal": alpha.split(" ? ", 1)[1] if " ? " in alpha else "",
        "aux": bool(dp.has_double_checked_aux_construction),
        "true_aux": list(stats.true_aux_clauses) if stats is not None else [],
        "double_checked": stats is not None,
        "proof_rules_length": dp.sub_problem_proof.proof_rules_length,
        "proof_length": dp.sub_problem_proof.proof_length,
    }


def summarize(diagrams: list[dict[str, Any]], cpu: float, wall: float) -> dict[str, Any]:
    problems = [p for d in diagrams for p in d["problems"]]
    aux = [p for p in problems if p["aux"]]
    lengths = [p["proof_rules_length"] for p in problems]
    aux_lengths = [p["proof_rules_length"] for p in aux]

    def dist(xs: list[int]) -> dict[str, Any]:
        if not xs:
            return {"n": 0}
        xs = sorted(xs)
        return {"n": len(xs), "mean": statistics.fmean(xs), "median": statistics.median(xs),
                "p90": xs[min(len(xs) - 1, int(0.9 * len(xs)))], "max": xs[-1]}

    return {
        "diagrams": len(diagrams),
        "built": sum(d["built"] for d in diagrams),
        "saturated": sum(d["saturated"] for d in diagrams),
        "errors": sum(d["error"] for d in diagrams),
        "diagrams_with_problems": sum(1 for d in diagrams if d["problems"]),
        "diagrams_with_aux_problems": sum(1 for d in diagrams
                                          if any(p["aux"] for p in d["problems"])),
        "problems": len(problems),
        "aux_problems": len(aux),
        "distinct_problems": len({p["alpha"] for p in problems}),
        "distinct_aux_problems": len({p["alpha"] for p in aux}),
        "distinct_setups": len({p["setup"] for p in problems}),
        "distinct_aux_setups": len({p["setup"] for p in aux}),
        "proof_rules_length": dist(lengths),
        "aux_proof_rules_length": dist(aux_lengths),
        "cpu_seconds": cpu,
        "wall_seconds": wall,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--config", default="baseline", help="ncdgen/conf/<name>.yaml")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a config field (value parsed as YAML)")
    parser.add_argument("--seed", type=int, default=0, help="ncdgen random_seed")
    parser.add_argument("--cpu-seconds", type=float, default=300.0,
                        help="stop after the diagram that reaches this CPU time")
    parser.add_argument("--max-diagrams", type=int, default=None)
    args = parser.parse_args(argv)

    from importlib.metadata import version

    import ncdgen
    import newclid.api
    import newclid.jgex
    import newclid.proof_state
    import py_yuclid.yuclid_adapter
    import yaml
    from ncdgen.generation_configuration import DiagramGenerationConfig
    from ncdgen.generation_loop import (
        Datapoint,
        _create_random_source,
        _safe_generate_subproblems_datapoints,
    )

    conf_path = Path(ncdgen.__file__).parent / "conf" / f"{args.config}.yaml"
    if not conf_path.is_file():
        parser.error(f"no ncdgen config {conf_path}")
    conf = yaml.safe_load(conf_path.read_text(encoding="utf-8")) or {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--set wants KEY=VALUE, got {item!r}")
        conf[key.strip()] = yaml.safe_load(value)
    args.out.mkdir(parents=True, exist_ok=True)
    datagen = args.out / "datagen.jsonl"
    datagen.unlink(missing_ok=True)
    conf.update(debug=True, n_workers=1, random_seed=args.seed, jsonl_dump_file=str(datagen))
    cfg = DiagramGenerationConfig(**conf)

    # As ncdgen's __main__ does: its own level, and mute chatty Newclid submodules.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("ncdgen").setLevel(logging.getLevelNamesMapping()[cfg.log_level])
    for name in (newclid.api.__name__, newclid.proof_state.__name__,
                 py_yuclid.yuclid_adapter.__name__):
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger(newclid.jgex.__name__).setLevel(logging.ERROR)

    info = {
        "ncdgen": version("ncdgen"), "newclid": version("newclid"),
        "py_yuclid": version("py-yuclid"), "config": args.config, "overrides": args.set,
        "seed": args.seed, "cpu_budget": args.cpu_seconds, "max_diagrams": args.max_diagrams,
        "min_pts": cfg.min_pts, "max_pts": cfg.max_pts,
        "emit_only_double_checked_aux_subproblems":
            cfg.emit_only_double_checked_aux_subproblems,
        "max_check_per_predicate": cfg.max_check_per_predicate,
        "min_rules_applied": cfg.min_rules_applied,
    }
    print(json.dumps({"start": info}), file=sys.stderr, flush=True)

    diagrams: list[dict[str, Any]] = []
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    with open(args.out / "diagrams.jsonl", "w", encoding="utf-8") as log:
        for index, seed in enumerate(_create_random_source(cfg)):
            t = time.perf_counter()
            result = _safe_generate_subproblems_datapoints((cfg, seed))
            if result is None:
                row = {"index": index, "built": False, "saturated": False, "error": True,
                       "problems": []}
            else:
                datapoints, metadata = result
                with datagen.open("a", encoding="utf-8") as f:
                    for dp in datapoints:
                        f.write(Datapoint(subproblem=dp, generation_metadata=metadata)
                                .model_dump_json() + "\n")
                row = {"index": index, "built": bool(metadata.diagram_succeeded),
                       "saturated": bool(metadata.saturation_succeeded), "error": False,
                       "problems": [problem_info(dp) for dp in datapoints]}
            row["seconds"] = time.perf_counter() - t
            row["cpu_total"] = cpu_seconds() - cpu0
            row["wall_total"] = time.perf_counter() - wall0
            diagrams.append(row)
            log.write(json.dumps(row) + "\n")
            log.flush()
            n_aux = sum(p["aux"] for p in row["problems"])
            print(f"[{index}] built={row['built']} problems={len(row['problems'])} "
                  f"aux={n_aux} {row['seconds']:.2f}s cpu={row['cpu_total']:.1f}s",
                  file=sys.stderr, flush=True)
            if row["cpu_total"] >= args.cpu_seconds:
                break
            if args.max_diagrams is not None and len(diagrams) >= args.max_diagrams:
                break
    summary = {"info": info,
               **summarize(diagrams, cpu_seconds() - cpu0, time.perf_counter() - wall0)}
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n",
                                           encoding="utf-8")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
