"""`pappus bench`: prove every problem of some problem files, each in a worker process
under a hard wall-clock limit, and record the results.

Output folder:

* `results.csv`: `name,status,seconds,proof_steps,message,file,aux,calls`, one row per
  problem as it completes (so an interrupted run keeps what it did). `status` is one of
  proved, saturated, timeout, error, and with `--search` exhausted (the search used its
  calls or its candidates without a proof); `aux` holds a proof's auxiliary clauses
  (`; `-joined) and `calls` the prover calls the search made; `seconds` is the prover's own time
  (`ProveResult.seconds`, or the wall time until the worker was killed);
  `proof_steps` counts the non-construction steps of a proof;
* `proofs/<safe name>.json`: the proof of every proved problem (the proof contract);
* `summary.json`: counts, per-file results, machine, date, commit, settings.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import typer

from pappus.provenance import git_commit, machine
from symbolic.errors import PappusError, ProblemSyntaxError

from .common import CommandLineError, ProblemSource, problem_sources, progress_bar, select
from .pool import Crashed, Done, Failed, HardLimitPool, Killed, Outcome

STATUSES = ("proved", "saturated", "timeout", "error")
SEARCH_STATUSES = (*STATUSES, "exhausted")
CSV_COLUMNS = ("name", "status", "seconds", "proof_steps", "message", "file", "aux", "calls")
SUMMARY_KIND = "pappus-bench-summary"
BAD_INPUT_EXIT_CODE = 2
ROOT = Path(__file__).resolve().parents[2]
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_MAX_STEM = 120


@dataclass(frozen=True)
class BenchConfig:
    """What `pappus bench` runs and where its results go."""

    files: tuple[str, ...]
    out: str = "bench-results"
    timeout: float = 120.0
    jobs: int = 1
    names: tuple[str, ...] = ()
    grace: float | None = None  # extra seconds before a worker is killed; None: default
    seed: int = 0
    search: str | None = None  # a proposer: search for auxiliary points where DD+AR fails
    max_calls: int = 1024  # the search's prover calls per problem
    dialect: str = "alphageometry"  # how problem files are read, see symbolic.dialects
    model: str | None = None  # the model folder of --search model|ensemble (None: default)

    @property
    def hard_limit(self) -> float:
        """Seconds after which a problem's worker is killed."""
        grace = self.grace if self.grace is not None else max(2.0, 0.1 * self.timeout)
        return self.timeout + grace


@dataclass(frozen=True)
class BenchTask:
    """One problem to prove, as sent to a worker process."""

    source: ProblemSource
    stem: str  # file name of its proof, without `.json`
    timeout: float
    seed: int
    search: str | None = None
    max_calls: int = 1024
    model: str | None = None


@dataclass
class Row:
    """One line of `results.csv`."""

    name: str
    status: str
    seconds: float
    proof_steps: int | None = None
    message: str = ""
    file: str = ""
    proof: dict[str, Any] | None = field(default=None, repr=False)
    bad_input: bool = field(default=False, repr=False)  # the problem does not parse
    aux: tuple[str, ...] = ()
    calls: int | None = None

    def csv(self) -> list[str]:
        steps = "" if self.proof_steps is None else str(self.proof_steps)
        calls = "" if self.calls is None else str(self.calls)
        return [self.name, self.status, f"{self.seconds:.3f}", steps, self.message, self.file,
                "; ".join(self.aux), calls]


# ---------------------------------------------------------------- file names


def safe_stem(name: str) -> str:
    """A file-name stem for a problem name: letters, digits, `_.-` only (names of
    benchmark problems contain `/`), never hidden, never empty, bounded in length."""
    stem = _UNSAFE.sub("_", name).strip("._") or "problem"
    return stem[:_MAX_STEM]


def safe_stems(names: Iterable[str]) -> list[str]:
    """`safe_stem` of each name, made distinct (also on case-insensitive file systems)
    by numbering repeats in order: `a_b`, `a_b-2`, ..."""
    used: set[str] = set()
    out = []
    for name in names:
        base = safe_stem(name)
        stem, k = base, 1
        while stem.lower() in used:
            k += 1
            stem = f"{base}-{k}"
        used.add(stem.lower())
        out.append(stem)
    return out


# ---------------------------------------------------------------- in the worker


def _warm() -> None:
    """Worker start-up: import the prover and parse the rules before any task."""
    from symbolic.rules import load_rules

    load_rules()


def _one_line(text: str) -> str:
    return " | ".join(line.strip() for line in text.splitlines() if line.strip())


def prove_task(task: BenchTask) -> Row:
    """Prove one problem (in a worker process); every outcome becomes a `Row`."""
    from symbolic.prover import prove

    from .prove import result_document, stop_line

    source = task.source
    if task.search is not None:
        return _search_task(task)
    try:
        result = prove(source.parse(), timeout=task.timeout, seed=task.seed)
    except PappusError as exc:
        return Row(source.name, "error", 0.0, message=_one_line(exc.render()),
                   file=source.path, bad_input=isinstance(exc, ProblemSyntaxError))
    row = Row(source.name, result.status, result.seconds, file=source.path)
    if result.proof is not None:
        row.proof_steps = len(result.proof.deductions())
        row.proof = result_document(result)
        row.proof["file"] = source.path
    elif result.status not in STATUSES:  # step_limit, fact_limit: a budget ran out
        row.status, row.message = "timeout", stop_line(result)
    return row


def _search_task(task: BenchTask) -> Row:
    """DD+AR, then the search over auxiliary clauses (in a worker process)."""
    from neural.search import SearchConfig, SearchStop, solve

    from .solve import result_document

    source = task.source
    assert task.search is not None
    try:
        config = SearchConfig(proposer=task.search, timeout=task.timeout,
                              max_calls=task.max_calls, seed=task.seed, model=task.model)
        result = solve(source.parse(), config)
    except PappusError as exc:
        return Row(source.name, "error", 0.0, message=_one_line(exc.render()),
                   file=source.path, bad_input=isinstance(exc, ProblemSyntaxError))
    status = {SearchStop.PROVED: "proved", SearchStop.TIME_LIMIT: "timeout"}.get(
        result.stop, "exhausted")
    row = Row(source.name, status, result.seconds, file=source.path, aux=tuple(result.aux),
              calls=result.calls)
    if result.proof is not None:
        row.proof_steps = len(result.proof.deductions())
        row.proof = result_document(result)
        row.proof["file"] = source.path
    else:
        row.message = result.stop_line()
    return row


# ---------------------------------------------------------------- in the parent


def _row(task: BenchTask, outcome: Outcome, limit: float) -> Row:
    source = task.source
    if isinstance(outcome, Done):
        return outcome.value
    if isinstance(outcome, Killed):
        return Row(source.name, "timeout", outcome.seconds, file=source.path,
                   message=f"killed after {outcome.seconds:.1f} s (hard limit {limit:g} s)")
    if isinstance(outcome, Crashed):
        code = outcome.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return Row(source.name, "error", outcome.seconds, file=source.path,
                   message=f"worker process died ({how})")
    assert isinstance(outcome, Failed)
    return Row(source.name, "error", 0.0, file=source.path,
               message=f"internal error: {outcome.message}")


def _statuses(searched: bool) -> tuple[str, ...]:
    return SEARCH_STATUSES if searched else STATUSES


def file_summary(file: str, rows: list[Row], searched: bool = False) -> dict[str, Any]:
    """Counts and times of one problem file's rows."""
    counts = Counter(r.status for r in rows)
    times = [r.seconds for r in rows if r.status == "proved"]
    return {
        "file": file,
        "solved": counts["proved"],
        "total": len(rows),
        "counts": {s: counts[s] for s in _statuses(searched)},
        "median_seconds": round(statistics.median(times), 3) if times else None,
        "total_seconds": round(sum(times), 3),
    }


def summary_table(per_file: list[dict[str, Any]]) -> list[str]:
    """Aligned text: one line per file (plus a total line when there are several)."""
    others = [s for s in (per_file[0]["counts"] if per_file else STATUSES) if s != "proved"]
    head = ["file", "solved", "total", *others, "median s", "total s"]
    body = []
    for f in per_file:
        median = "-" if f["median_seconds"] is None else f"{f['median_seconds']:.2f}"
        body.append([f["file"], str(f["solved"]), str(f["total"]),
                     *(str(f["counts"][s]) for s in others), median,
                     f"{f['total_seconds']:.1f}"])
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]

    def fmt(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

    return [fmt(head), *(fmt(r) for r in body)]


class Recorder:
    """Writes `results.csv` row by row, proofs as they come, and `summary.json`."""

    def __init__(self, config: BenchConfig, out: Path, files: list[str]) -> None:
        self.config = config
        self.out = out
        self.files = files
        self.rows: list[Row] = []
        self.proofs = out / "proofs"
        self.proofs.mkdir(parents=True, exist_ok=True)
        for stale in self.proofs.glob("*.json"):  # this folder shows the latest run only
            stale.unlink()
        self.csv_file: TextIO = (out / "results.csv").open("w", newline="", encoding="utf-8")
        self.writer = csv.writer(self.csv_file)
        self.writer.writerow(CSV_COLUMNS)
        self.csv_file.flush()
        self.started = time.perf_counter()
        self.date = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

    def add(self, row: Row, stem: str) -> None:
        self.rows.append(row)
        if row.proof is not None:
            path = self.proofs / f"{stem}.json"
            path.write_text(json.dumps(row.proof, indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
        self.writer.writerow(row.csv())
        self.csv_file.flush()

    def per_file(self) -> list[dict[str, Any]]:
        searched = self.config.search is not None
        return [file_summary(f, [r for r in self.rows if r.file == f], searched)
                for f in self.files]

    def finish(self, total: int, interrupted: bool) -> dict[str, Any]:
        self.csv_file.close()
        counts = Counter(r.status for r in self.rows)
        summary = {
            "kind": SUMMARY_KIND,
            "solved": counts["proved"],
            "total": total,
            "finished": len(self.rows),
            "counts": {s: counts[s] for s in _statuses(self.config.search is not None)},
            "files": self.per_file(),
            "interrupted": interrupted,
            "wall_seconds": round(time.perf_counter() - self.started, 3),
            "machine": machine(),
            "date": self.date,
            "commit": git_commit(ROOT),
            "config": {**asdict(self.config), "hard_limit": self.config.hard_limit},
            "timeout": self.config.timeout,
            "jobs": self.config.jobs,
        }
        (self.out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n",
                                               encoding="utf-8")
        return summary


def _sources(config: BenchConfig) -> list[ProblemSource]:
    sources = [s for f in config.files for s in problem_sources(f, config.dialect)]
    return select(sources, list(config.names), where=", ".join(config.files))


def run(config: BenchConfig) -> int:
    """Run the benchmark; prints the summary table and `solved X/Y` last. Returns 0 (the
    run is done, whatever it solved), or 2 when some problem does not parse (the others
    still run, as in `pappus validate`)."""
    if config.search is not None:
        from neural.proposers import make_proposer
        from neural.search import SearchConfig

        # an unknown proposer (or a missing model) is bad input, before any work
        make_proposer(config.search, **SearchConfig(proposer=config.search,
                                                    model=config.model).proposer_options())
    sources = _sources(config)
    out = Path(config.out)
    if out.exists() and not out.is_dir():
        raise CommandLineError(f"error: --out {config.out}: not a directory")
    try:
        recorder = Recorder(config, out, list(dict.fromkeys(s.path for s in sources)))
    except OSError as exc:
        raise CommandLineError(f"error: cannot write to {config.out}: "
                               f"{exc.strerror or exc}") from None
    stems = safe_stems(s.name for s in sources)
    tasks = [BenchTask(s, stem, config.timeout, config.seed, config.search, config.max_calls,
                       config.model)
             for s, stem in zip(sources, stems, strict=True)]
    limit = config.hard_limit
    bar = progress_bar(len(tasks), "bench")
    solved = 0
    bad_input = False
    interrupted = True
    try:
        with HardLimitPool(prove_task, config.jobs, initializer=_warm,
                           preload=["symbolic.prover"]) as pool:
            for task, outcome in pool.run(tasks, limit):
                row = _row(task, outcome, limit)
                recorder.add(row, task.stem)
                solved += row.status == "proved"
                bad_input |= row.bad_input
                if row.status == "error":
                    bar.write(f"{row.name}: error: {row.message}", file=sys.stderr)
                    if isinstance(outcome, Failed) and outcome.details:
                        bar.write(outcome.details.rstrip(), file=sys.stderr)
                bar.update()
                bar.set_postfix_str(f"solved {solved}")
        interrupted = False
    finally:
        bar.close()
        summary = recorder.finish(len(tasks), interrupted)
        for line in summary_table(summary["files"]):
            typer.echo(line)
        typer.echo(f"wall time {summary['wall_seconds']:.1f} s, {config.jobs} job(s), "
                   f"timeout {config.timeout:g} s; results in {out}")
        if not interrupted:
            typer.echo(f"solved {summary['solved']}/{summary['total']}")
    return BAD_INPUT_EXIT_CODE if bad_input else 0
