"""Searching a list of problems for the loop: one result line a problem, resumable.

Each problem is searched on its own (`neural.search.solve`, deterministic for a seed and
a call budget), in this process or in a pool of `workers` spawned processes (each with
one torch thread, so the model's arithmetic, and the result, do not depend on the
machine's load). Results go to a JSON-lines file in problem order as they finish; a run
stopped part-way keeps every finished line and, called again, searches only the rest.
A line's proof is there only if the independent checker accepted it.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .search import SearchConfig

# the result fields that depend on the machine, not on the seed and the budget
TIMING_FIELDS = ("seconds",)


@dataclass(frozen=True)
class SearchTask:
    """One problem to search: a name and its text (premises ? goal)."""

    name: str
    problem: str


def _init_worker() -> None:
    import torch

    torch.set_num_threads(1)


def search_one(task: SearchTask, config: SearchConfig) -> dict[str, Any]:
    """Search one problem; a JSON-able result (the proof only if the checker accepts it)."""
    from symbolic.checker import check_proof
    from symbolic.errors import PappusError
    from symbolic.parser import parse_problem

    from .search import solve

    t0 = time.perf_counter()
    out: dict[str, Any] = {"name": task.name, "status": "error", "calls": 0,
                           "proved_at_call": None, "aux": [], "proof": None, "message": ""}
    try:
        result = solve(parse_problem(task.problem), config)
    except PappusError as exc:
        out["message"] = str(exc).splitlines()[0][:200]
    else:
        out.update(status=result.status, calls=result.calls,
                   proved_at_call=result.proved_at_call, aux=result.aux,
                   message=result.message)
        if result.proof is not None and check_proof(result.proof).valid:
            out["proof"] = result.proof.dumps(indent=None)
        elif result.proof is not None:
            out.update(status="rejected", message="proof rejected by the checker")
    out["seconds"] = round(time.perf_counter() - t0, 3)
    return out


def _search_star(args: tuple[SearchTask, SearchConfig]) -> dict[str, Any]:
    return search_one(*args)


def read_lines(path: Path) -> list[dict[str, Any]]:
    """The complete result lines of a results file (a torn last line is dropped)."""
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            break
    return out


def _results(tasks: Sequence[SearchTask], config: SearchConfig, workers: int
             ) -> Iterator[dict[str, Any]]:
    if workers <= 1 or len(tasks) <= 1:
        _init_worker()
        for task in tasks:
            yield search_one(task, config)
        return
    ctx = mp.get_context("spawn")
    with ctx.Pool(min(workers, len(tasks)), initializer=_init_worker) as pool:
        yield from pool.imap(_search_star, [(t, config) for t in tasks])


def search_all(tasks: Sequence[SearchTask], config: SearchConfig, path: Path,
               workers: int = 1, progress: bool = True, desc: str = "searching"
               ) -> list[dict[str, Any]]:
    """A result a task, in order: those already in `path`, then the rest, appended to
    `path` as each finishes."""
    from tqdm import tqdm

    done = read_lines(path)[:len(tasks)]
    names = [t.name for t in tasks]
    if [d["name"] for d in done] != names[:len(done)]:
        raise ValueError(f"{path} holds results of other problems")
    path.parent.mkdir(parents=True, exist_ok=True)
    # rewritten with the complete lines only (a torn last line is searched again)
    path.write_text("".join(json.dumps(d) + "\n" for d in done), encoding="utf-8")
    rest = tasks[len(done):]
    bar = tqdm(total=len(tasks), initial=len(done), desc=desc, unit="problem",
               file=sys.stderr, disable=not progress or None, dynamic_ncols=True)
    solved = sum(1 for d in done if d["proof"])
    with path.open("a", encoding="utf-8") as f:
        for line in _results(rest, config, workers):
            f.write(json.dumps(line) + "\n")
            f.flush()
            os.fsync(f.fileno())
            done.append(line)
            solved += bool(line["proof"])
            bar.update()
            bar.set_postfix(solved=solved, refresh=False)
    bar.close()
    return done


def without_timing(lines: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Result lines without their machine-dependent fields (for comparing runs)."""
    return [{k: v for k, v in d.items() if k not in TIMING_FIELDS} for d in lines]


def config_dict(config: SearchConfig) -> dict[str, Any]:
    """The search settings of a provenance record (JSON-able)."""
    out = asdict(config)
    out.pop("workers", None)
    return out
