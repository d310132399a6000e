"""`pappus validate`: parse, realize and numerically check the goal of every problem."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import typer

from symbolic.errors import PappusError, ProblemSyntaxError

from .common import (
    CommandLineError,
    ProblemSource,
    problem_sources,
    progress,
    select,
    split_files_and_names,
)

STATUSES = ("ok", "parse_error", "unrealizable", "goal_false")
PARSE_ERROR_EXIT_CODE = 2
FAILURE_EXIT_CODE = 1


def validate_source(source: ProblemSource, seed: int = 0) -> dict[str, str]:
    """The verdict on one problem as `{"name", "status", "message"}`; never raises
    for bad input (syntax errors become `parse_error`)."""
    from symbolic.diagram import validate_problem

    try:
        problem = source.parse()
    except ProblemSyntaxError as exc:
        return {"name": source.name, "status": "parse_error", "message": exc.render()}
    try:
        result = validate_problem(problem, seed)
    except PappusError as exc:  # an error type validate_problem does not fold in itself
        return {"name": source.name, "status": "unrealizable", "message": exc.render()}
    return {"name": result.name, "status": result.status, "message": result.message}


def _validate_args(args: tuple[ProblemSource, int]) -> dict[str, str]:
    return validate_source(*args)


def _results(sources: list[ProblemSource], seed: int, jobs: int) -> Iterator[dict[str, str]]:
    if jobs <= 1 or len(sources) <= 1:
        for source in sources:
            yield validate_source(source, seed)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        try:
            yield from pool.map(_validate_args, [(s, seed) for s in sources], chunksize=1)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def run(args: list[str], json_out: str | None, seed: int, jobs: int,
        dialect: str = "alphageometry") -> int:
    """Validate the problems named by `args` (files, then optional problem names), read
    in `dialect`; returns the exit code: 0 all ok, 1 some failed, 2 some did not parse."""
    files, names = split_files_and_names(args)
    sources = [s for path in files for s in problem_sources(path, dialect)]
    sources = select(sources, names, where=", ".join(files))
    start = time.perf_counter()
    results: list[dict[str, str]] = []
    for result in progress(_results(sources, seed, jobs), total=len(sources), desc="validate"):
        results.append(result)
        if result["status"] != "ok":
            typer.echo(f"{result['name']}: {result['status']}: {result['message']}", err=True)
    elapsed = time.perf_counter() - start
    if json_out is not None:
        _write_json(results, json_out)
    counts = Counter(r["status"] for r in results)
    # with `--json -` stdout carries the JSON alone
    typer.echo(summary_line(counts, len(results), elapsed), err=json_out == "-")
    if counts["parse_error"]:
        return PARSE_ERROR_EXIT_CODE
    return 0 if counts["ok"] == len(results) else FAILURE_EXIT_CODE


def summary_line(counts: Counter[str], total: int, seconds: float) -> str:
    """E.g. `261/261 ok in 12.3 s` or `258/261 ok (2 goal_false, 1 parse_error) in 9.0 s`."""
    bad = [f"{counts[s]} {s}" for s in STATUSES[1:] if counts[s]]
    extra = f" ({', '.join(bad)})" if bad else ""
    return f"{counts['ok']}/{total} ok{extra} in {seconds:.1f} s"


def _write_json(results: list[dict[str, str]], out: str) -> None:
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    if out == "-":
        sys.stdout.write(text)
        return
    path = Path(out)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandLineError(f"error: cannot write {out}: {exc.strerror or exc}") from None
