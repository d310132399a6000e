"""`pappus check`: run the independent checker on proof JSON files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import typer

from .common import CommandLineError, progress

BENCH_SUMMARY_KIND = "pappus-bench-summary"
MAX_ERRORS_SHOWN = 5


def proof_files(paths: list[str]) -> tuple[list[Path], int]:
    """The files named, and every `*.json` under the directories named (sorted); also
    how many bench summaries were skipped in directories (they are not proofs)."""
    files: list[Path] = []
    skipped = 0
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*.json") if p.is_file()):
                if found.name == "summary.json" and _is_bench_summary(found):
                    skipped += 1
                else:
                    files.append(found)
        elif path.exists():
            files.append(path)
        else:
            raise CommandLineError(f"error: {arg}: no such file or directory")
    return files, skipped


def _is_bench_summary(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("kind") == BENCH_SUMMARY_KIND


def check_path(path: Path) -> list[str]:
    """The errors of one proof file (empty when valid); never raises."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ["cannot read: not UTF-8 text"]
    except OSError as exc:
        return [f"cannot read: {exc.strerror or exc}"]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"]
    if not isinstance(data, dict):
        return [f"not a proof document: a JSON {type(data).__name__}, not an object"]
    status = data.get("status")
    if status not in (None, "proved") and not data.get("steps"):
        reason = data.get("stop_reason") or status
        return [f"not a proof: the record of an unproved attempt ({reason})"]
    from symbolic.checker import check_proof

    try:
        result = check_proof(data)
    except Exception as exc:  # noqa: BLE001 - a malformed document must not crash the run
        return [f"malformed proof document ({type(exc).__name__}: {exc})"]
    if result.valid:
        return []
    return list(result.errors) or ["invalid"]


def _results(files: list[Path], jobs: int) -> Iterator[list[str]]:
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield check_path(path)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        try:
            yield from pool.map(check_path, files, chunksize=1)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def describe(path: Path, errors: list[str]) -> str:
    """One line: the file and its first errors."""
    shown = "; ".join(errors[:MAX_ERRORS_SHOWN])
    more = f" (+{len(errors) - MAX_ERRORS_SHOWN} more)" if len(errors) > MAX_ERRORS_SHOWN else ""
    return f"{path}: invalid: {shown}{more}"


def run(paths: list[str], jobs: int = 1) -> int:
    """Check every proof file named by `paths`; returns 0 when all are valid, else 1."""
    files, skipped = proof_files(paths)
    if skipped:
        typer.echo(f"skipped {skipped} bench summary file(s)", err=True)
    if not files:
        typer.echo("warning: no proof files found", err=True)
    valid = 0
    for path, errors in zip(files, progress(_results(files, jobs), total=len(files),
                                            desc="check"), strict=True):
        if errors:
            typer.echo(describe(path, errors))
        else:
            valid += 1
    typer.echo(f"checked {valid}/{len(files)} valid")
    return 0 if valid == len(files) else 1
