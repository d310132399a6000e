"""neural_eval's resumable runs: auxiliary-point accuracy and anytime searches, a line each."""

from __future__ import annotations

import json
import multiprocessing as mp
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from results_log import ROOT, say

PROPOSERS = ("model", "ensemble", "heuristic", "random")
MODEL_PROPOSERS = ("model", "ensemble")
TOP = 32


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The lines of a results file. A line cut short by a kill (and whatever a resumed
    run appended to it) does not parse and is left out, so those problems are redone."""
    if not path.exists():
        return []
    out = []
    for raw in path.read_text().splitlines():
        try:
            out.append(json.loads(raw))
        except json.JSONDecodeError:
            continue
    return out


def _current(line: dict[str, Any], sha: str | None) -> bool:
    """Whether a finished line counts: model-free proposers always, the model's and the
    ensemble's only when made with this model."""
    return line["proposer"] not in MODEL_PROPOSERS or line.get("model") == sha


# ------------------------------------------------------------------ accuracy

@dataclass(frozen=True)
class _Node:
    problem: Any
    diagram: Any
    aux: tuple[str, ...] = ()


def _new_points(state: Any, clause: str) -> list[complex]:
    from symbolic.errors import PappusError

    try:
        return list(state.draw_point(clause).values())
    except PappusError:
        return []


def _accuracy_one(task: tuple[dict[str, Any], list[str], dict[str, Any]]) -> list[dict]:
    from neural.proposers import make_proposer
    from symbolic.engine_types import Budget
    from symbolic.parser import parse_problem
    from symbolic.state import ProofState

    entry, proposers, options = task
    problem = parse_problem(entry["problem"], name=entry["name"])
    # drawing only: a state saturated no further than needed to exist
    state = ProofState.start(problem, seed=0, budget=Budget(timeout=5, max_steps=1,
                                                            max_facts=1))
    tol = 1e-6 * (state.diagram.scale or 1.0)
    targets = [z for aux in entry["aux"] for clause in aux[:1]
               for z in _new_points(state, clause)]
    node = _Node(problem, state.diagram)
    lines = []
    for name in proposers:
        proposer = make_proposer(name, **(options if name in ("model", "ensemble") else {}))
        t0 = time.perf_counter()
        proposals = proposer.propose(node, TOP, seed=0)
        rank = None
        for k, p in enumerate(proposals, 1):
            if any(abs(z - t) <= tol for z in _new_points(state, p.clause) for t in targets):
                rank = k
                break
        lines.append({"name": entry["name"], "proposer": name, "rank": rank,
                      "proposals": len(proposals), "targets": len(targets),
                      "top1": proposals[0].clause if proposals else None,
                      "seconds": round(time.perf_counter() - t0, 2)})
    return lines


def run_accuracy(test: list[dict[str, Any]], proposers: list[str], out: Path,
                 options: dict[str, Any], jobs: int, sha: str | None
                 ) -> list[dict[str, Any]]:
    path = out / "accuracy.jsonl"
    done = {(x["name"], x["proposer"]): x for x in read_jsonl(path) if _current(x, sha)}
    todo = []
    for e in test:
        missing = [p for p in proposers if (e["name"], p) not in done]
        if missing:
            todo.append((e, missing, options))
    say(f"accuracy: {len(test) - len(todo)} problems done, {len(todo)} to go")
    with path.open("a", encoding="utf-8") as sink, \
            mp.get_context("fork").Pool(jobs, maxtasksperchild=4) as pool:
        for lines in pool.imap_unordered(_accuracy_one, todo):
            for line in lines:
                if line["proposer"] in MODEL_PROPOSERS:
                    line["model"] = sha
                sink.write(json.dumps(line) + "\n")
                done[(line["name"], line["proposer"])] = line
            sink.flush()
    names = {e["name"] for e in test}
    return [x for k, x in done.items() if k[0] in names and k[1] in proposers]


# ------------------------------------------------------------------ search

def _search_one(task: tuple[str, str, str, str, dict[str, Any]]) -> dict[str, Any]:
    import torch

    from neural.search import SearchConfig, solve
    from symbolic.checker import check_proof
    from symbolic.parser import load_problems, parse_problem

    torch.set_num_threads(1)
    set_name, name, text, proposer, options = task
    if set_name == "synthetic":
        problem = parse_problem(text, name=name)
    else:
        problem = load_problems(ROOT / "benchmarks" / "problems" / text, [name])[0]
    t0 = time.perf_counter()
    result = solve(problem, SearchConfig(proposer=proposer, **options))
    line = {"set": set_name, "name": name, "proposer": proposer, "status": result.status,
            "proved_at_call": result.proved_at_call, "calls": result.calls,
            "seconds": round(time.perf_counter() - t0, 2), "aux": result.aux,
            "dropped": dict(result.dropped), "checked": None}
    if result.proof is not None:
        line["checked"] = check_proof(result.proof).valid
    return line


def run_search(tasks: list[tuple[str, str, str]], proposers: list[str], out: Path,
               options: dict[str, dict[str, Any]], jobs: int, sha: str | None
               ) -> list[dict[str, Any]]:
    """tasks: (set, name, problem text or benchmark file)."""
    path = out / "search.jsonl"
    done = {(x["set"], x["name"], x["proposer"]): x for x in read_jsonl(path)
            if _current(x, sha)}
    todo = [(s, n, t, p, options[s]) for p in proposers for s, n, t in tasks
            if (s, n, p) not in done]
    say(f"search: {len(done)} runs done, {len(todo)} to go")
    with path.open("a", encoding="utf-8") as sink, \
            mp.get_context("fork").Pool(jobs, maxtasksperchild=1) as pool:
        for line in pool.imap_unordered(_search_one, todo):
            if line["proposer"] in MODEL_PROPOSERS:
                line["model"] = sha
            sink.write(json.dumps(line) + "\n")
            sink.flush()
            done[(line["set"], line["name"], line["proposer"])] = line
            say(f"  {line['proposer']} {line['set']} {line['name']}: {line['status']} "
                f"(call {line['proved_at_call']}, {line['seconds']} s) {line['aux']}")
    wanted = {(s, n) for s, n, _ in tasks}
    return [x for k, x in done.items() if k[:2] in wanted and k[2] in proposers]
