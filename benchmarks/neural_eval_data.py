"""neural_eval's test set: unseen needed-auxiliary problems, minus what DD+AR alone proves."""

from __future__ import annotations

import json
import multiprocessing as mp
import time
from pathlib import Path
from typing import Any

from neural_eval_runs import read_jsonl
from results_log import ROOT, fail, say


def test_records(data: Path, splits: set[str], per_figure: int | None,
                 seen: set[str]) -> list[dict[str, Any]]:
    """One entry per distinct problem text of `splits` (name, problem, aux lists, figure:
    its premise key), at most `per_figure` a premise set, none whose premise set is in
    `seen` (the model's training premise keys), in id order."""
    import pyarrow.parquet as pq

    from generator.dataset import shard_files
    from generator.splits import premise_key

    by_problem: dict[str, dict[str, Any]] = {}
    for path in shard_files(data):
        cols = ["id", "problem", "aux", "verified", "split", "aux_needed"]
        for row in pq.read_table(path, columns=cols).to_pylist():
            if not (row["verified"] and row["aux"] and row["aux_needed"]
                    and row["split"] in splits):
                continue
            entry = by_problem.setdefault(row["problem"], {"ids": [], "aux": []})
            entry["ids"].append(row["id"])
            entry["aux"].append(list(row["aux"]))
    ranked = sorted((min(e["ids"]), p, e["aux"]) for p, e in by_problem.items())
    out: list[dict[str, Any]] = []
    per: dict[str, int] = {}
    for rid, problem, aux in ranked:
        key = premise_key(problem)
        if key in seen or (per_figure is not None and per.get(key, 0) >= per_figure):
            continue
        per[key] = per.get(key, 0) + 1
        out.append({"name": f"syn_{rid[:12]}", "problem": problem, "aux": aux,
                    "figure": key})
    return out


def at_root(path: str) -> Path:
    """A path as a model's config names it: relative ones from the repository root."""
    return Path(path) if Path(path).is_absolute() else ROOT / path


def training_figures(model_dir: str | None) -> set[str]:
    """The premise keys of every record in the model's training data (all splits)."""
    import pyarrow.parquet as pq

    from generator.dataset import shard_files
    from generator.splits import premise_key
    from neural.guide import resolve_model_dir

    config = json.loads((resolve_model_dir(model_dir) / "config.json").read_text())
    seen: set[str] = set()
    for source in map(at_root, config["data"]["sources"]):
        if not source.exists():
            fail(f"the model's training data {source} is not here: cannot check the test "
                 "set against it")
        for path in shard_files(source):
            problems = pq.read_table(path, columns=["problem"]).column("problem")
            seen |= {premise_key(p) for p in set(problems.to_pylist())}
    return seen


def _ddar_one(task: tuple[str, str, float]) -> dict[str, Any]:
    from symbolic.parser import parse_problem
    from symbolic.prover import prove

    name, text, timeout = task
    t0 = time.perf_counter()
    result = prove(parse_problem(text, name=name), timeout=timeout)
    return {"name": name, "proved": result.proved, "status": str(result.status),
            "seconds": round(time.perf_counter() - t0, 2)}


def ddar_filter(candidates: list[dict[str, Any]], limit: int, timeout: float, out: Path,
                jobs: int) -> list[dict[str, Any]]:
    """The first `limit` candidates DD+AR alone does not prove (cached in ddar.jsonl)."""
    path = out / "ddar.jsonl"
    done = {x["name"]: x for x in read_jsonl(path)}
    keep: list[dict[str, Any]] = []
    todo: list[dict[str, Any]] = []
    for c in candidates:
        if c["name"] not in done:
            todo.append(c)
    ctx = mp.get_context("fork")
    with path.open("a", encoding="utf-8") as sink, ctx.Pool(jobs, maxtasksperchild=1) as pool:
        pending = iter(pool.imap(_ddar_one, [(c["name"], c["problem"], timeout) for c in todo]))
        for c in candidates:
            if len(keep) >= limit:
                break
            if c["name"] not in done:
                line = next(pending)
                sink.write(json.dumps(line) + "\n")
                sink.flush()
                done[line["name"]] = line
                if line["proved"]:
                    say(f"  DD+AR proves {line['name']} ({line['seconds']} s): left out")
            if not done[c["name"]]["proved"]:
                keep.append(c)
        pool.terminate()
    return keep
