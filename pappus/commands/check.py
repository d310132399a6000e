"""`pappus check`: run the independent checker on proof JSON files, and on every record
of dataset directories (those with a `manifest.json` or `data/*.parquet`)."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import typer

from .common import CommandLineError, progress

BENCH_SUMMARY_KIND = "pappus-bench-summary"
MAX_ERRORS_SHOWN = 5
IN_FLIGHT_PER_JOB = 4
Task = tuple[str] | tuple[str, str]  # (proof file,) or (record id, proof JSON)


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
    return check_text(text)


def check_text(text: str) -> list[str]:
    """The errors of one proof JSON document (empty when valid); never raises."""
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


def check_task(task: Task) -> list[str]:
    """The errors of a proof file `(path,)` or of a dataset record `(id, proof JSON)`."""
    if len(task) == 1:
        return check_path(Path(task[0]))
    return check_text(task[1] or "")


def _tasks(paths: list[str]) -> tuple[Iterator[Task], int]:
    """What to check, in order: each dataset directory's records (streamed), and every
    proof file; also how many there are."""
    from generator.dataset import count_records, is_dataset_dir

    datasets = [p for p in paths if is_dataset_dir(p)]
    files, skipped = proof_files([p for p in paths if p not in datasets])
    if skipped:
        typer.echo(f"skipped {skipped} bench summary file(s)", err=True)
    total = len(files) + sum(count_records(d) for d in datasets)

    def stream() -> Iterator[Task]:
        from generator.dataset import iter_tables

        for folder in datasets:
            for table in iter_tables(folder, columns=["id", "proof"]):
                yield from zip(table.column("id").to_pylist(),
                               table.column("proof").to_pylist(), strict=True)
        for path in files:
            yield (str(path),)

    return stream(), total


def _results(tasks: Iterable[Task], jobs: int) -> Iterator[tuple[Task, list[str]]]:
    """(task, errors) in task order; with `jobs` > 1, at most a few tasks per worker in
    flight (a large dataset is never held in memory)."""
    if jobs <= 1:
        for task in tasks:
            yield task, check_task(task)
        return
    window: deque[tuple[Task, Future[list[str]]]] = deque()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        try:
            for task in tasks:
                window.append((task, pool.submit(check_task, task)))
                if len(window) >= IN_FLIGHT_PER_JOB * jobs:
                    done, future = window.popleft()
                    yield done, future.result()
            while window:
                done, future = window.popleft()
                yield done, future.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def describe(path: Path | str, errors: list[str]) -> str:
    """One line: the file (or record id) and its first errors."""
    shown = "; ".join(errors[:MAX_ERRORS_SHOWN])
    more = f" (+{len(errors) - MAX_ERRORS_SHOWN} more)" if len(errors) > MAX_ERRORS_SHOWN else ""
    return f"{path}: invalid: {shown}{more}"


def run(paths: list[str], jobs: int = 1) -> int:
    """Check every proof file named by `paths`, and every record of the dataset
    directories among them; returns 0 when all are valid, else 1 (a file that is not a
    proof document counts as invalid). Finding nothing to check is a `CommandLineError`."""
    tasks, total = _tasks(paths)
    if not total:
        raise CommandLineError(
            f"error: no proof files (*.json) or dataset records in {' '.join(paths)}\n"
            "  hint: write proofs with `pappus prove FILE NAME --json OUT.json` or "
            "`pappus bench FILE --out DIR` (then check DIR/proofs)")
    valid = 0
    for task, errors in progress(_results(tasks, jobs), total=total, desc="check"):
        if errors:
            typer.echo(describe(task[0], errors))
        else:
            valid += 1
    typer.echo(f"checked {valid}/{total} valid")
    return 0 if valid == total else 1
