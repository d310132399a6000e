"""Run the peer prover Newclid 3.0.1 (DDAR only, ``yuclid`` engine) on a problem file.

This script is executed by the *Newclid* virtual environment's interpreter, never
by Pappus's own environment (Newclid is not a dependency of Pappus)::

    /work/peers/newclid/bin/python benchmarks/peers/newclid_runner.py \\
        pappus/problems/jgex_ag_231.txt --timeout 120 --out results.jsonl

See ``benchmarks/peers/README.md`` for how to create that virtual environment.

Input
-----
An AlphaGeometry-format problem file: non-empty lines taken in pairs, a problem
name followed by the problem text (``clauses ? goal``).  Empty lines and lines
starting with ``#`` are skipped (the same convention as Newclid's own reader).
The problem text is handed to Newclid *unchanged*, through Newclid's own JGEX
translation (``JGEXProblemBuilder.with_problem_from_txt``).  Only the label given
to Newclid is sanitised (characters other than ``[A-Za-z0-9_.-]`` become ``_``)
because Newclid uses it inside a temporary file name; the JSON output keeps the
original name.

What is run
-----------
Newclid's default solver configuration when ``py_yuclid`` is installed, selected
explicitly here (``py_yuclid.api_default.HEDefault``) so that a broken ``yuclid``
install fails loudly instead of silently falling back to the slow pure-Python
engine: the C++ ``yuclid`` binary runs DDAR (deduction rules + angle/ratio
chasing) to a fixpoint or to the goal, and Newclid's ``FollowDeductions`` agent
replays yuclid's deductions into its proof state and checks the goal.  No
language model, no auxiliary constructions (auxiliary ``|`` clauses, if a file
had any, are not added: Newclid's builder default), no Python ``SympyAR``
deductor.  The ``bin/`` directory of the running interpreter is prepended to
``PATH`` before Newclid is imported, because ``py_yuclid`` locates the binary
with ``shutil.which("yuclid")``.

Every problem runs in its own child process (forked from this process after
Newclid has been imported, and put in its own session/process group).  The
parent enforces a wall-clock limit per problem (``--timeout``, covering building
*and* solving) and kills the child's whole process group, including a running
``yuclid`` subprocess, when it is exceeded.  A crash or hang in one problem
therefore cannot stop the run.

Output
------
One JSON object per problem, written and flushed as soon as the problem ends, to
``--out`` (truncated first unless ``--append`` is given)::

    {"name", "status", "seconds", "build_seconds", "total_seconds",
     "yuclid_seconds", "seed", "message"}

``status``
    ``proved``      -- ``GeometricSolver.run()`` returned True (all goals checked
                       in Newclid's proof state);
    ``saturated``   -- the run ended normally without proving the goal;
    ``timeout``     -- the per-problem wall-clock limit was hit (build or solve);
    ``error``       -- the solve step raised, or the child died without a result
                       (e.g. a signal); the problem itself had loaded;
    ``unloadable``  -- Newclid could not load the unchanged problem: parsing the
                       text, its numerical diagram construction
                       (``JGEXProblemBuilder.build``, which retries up to 100
                       times) or creating the proof state raised.

Timing (all ``time.perf_counter`` wall-clock seconds, measured inside the child;
interpreter start-up, imports and process forking are never included):

``seconds``
    Newclid's solve time: the call ``GeometricSolver.run()``.  It covers
    Newclid's numerical check of the goal, writing the yuclid input file,
    running the ``yuclid`` binary as a subprocess (the DDAR search itself) and
    parsing its JSON output, then replaying the deductions into Newclid's proof
    state and checking the goal.  ``null`` when the solve did not finish
    (timeout, crash) or was never reached (unloadable).
``build_seconds``
    Time to build the problem: parsing the text, Newclid's numerical diagram
    construction (random coordinates satisfying the clauses, including its
    retries) and constructing the solver / proof state
    (``GeometricSolverBuilder.build``).  ``null`` if the build did not finish.
``total_seconds``
    ``build_seconds + seconds``, i.e. everything Newclid does for the problem.
    For a timeout it is instead the wall-clock time from starting the child
    process to the moment the limit was hit (then ``seconds`` is ``null`` and
    ``build_seconds`` is set if the build had finished).
``yuclid_seconds``
    The part of ``seconds`` spent in Newclid's ``YuclidAdapter._run_yuclid``
    (writing the input file, the ``yuclid`` subprocess, parsing its JSON).  The
    rest of ``seconds`` is Newclid's Python-side replay.  ``null`` if not reached.
``seed``
    Seed of the NumPy generator used for the random diagram.

``message`` holds a short error text (at most ``--message-chars`` characters,
the innermost cause first; for a crash of the ``yuclid`` binary, its stderr)
for ``timeout``/``error``/``unloadable``, else ``""``.

A summary (counts per status, total and median ``seconds`` of proved problems)
is printed to stderr at the end.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import signal
import statistics
import sys
import time
from pathlib import Path
from typing import Any

# py_yuclid resolves the yuclid binary with shutil.which() at import time.
_BIN_DIR = os.path.dirname(sys.executable)
if _BIN_DIR and _BIN_DIR not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN_DIR + os.pathsep + os.environ.get("PATH", "")

STATUSES = ("proved", "saturated", "timeout", "error", "unloadable")


def read_problems(path: Path) -> list[tuple[str, str]]:
    """Return (name, text) pairs of an AlphaGeometry-format problem file."""
    lines = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if len(lines) % 2:
        raise ValueError(f"{path}: odd number of non-empty lines ({len(lines)})")
    return [(lines[i], lines[i + 1]) for i in range(0, len(lines), 2)]


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _exc_text(exc: BaseException) -> str:
    """Short, most-informative-first text of a Newclid exception."""
    kind = type(exc).__name__
    msg = str(exc)
    if kind == "YuclidError":
        # Newclid's message repeats the command and the whole yuclid input;
        # keep how yuclid ended and its stderr.
        how = ""
        found = re.search(r"\]' (died with [^\n]*|returned non-zero[^\n]*)", msg)
        if found:
            how = found.group(1).rstrip(".") + "; "
        stderr = msg.rsplit("Stderr:", 1)[1] if "Stderr:" in msg else msg
        return f"{kind}: yuclid {how}stderr: {stderr.strip()}"
    if "Last error:" in msg:
        # Nested retry loops: put the innermost cause first.
        head = msg.split(" Last error:", 1)[0]
        tail = msg.rsplit("Last error:", 1)[1].strip()
        return f"{kind}: {tail} [{head}]"
    return f"{kind}: {msg}"


def _solve_in_child(name: str, text: str, seed: int, conn: Any) -> None:
    """Child process body: build and solve one problem, report through ``conn``.

    Sends ``("built", build_seconds)`` once the problem is built, then exactly one
    ``("result", dict)``.
    """
    os.setsid()  # own process group, so the parent can kill yuclid with us
    import numpy as np
    from newclid.api import GeometricSolverBuilder
    from newclid.jgex.problem_builder import JGEXProblemBuilder
    from py_yuclid.api_default import HEDefault
    from py_yuclid.yuclid_adapter import YuclidAdapter

    result: dict[str, Any] = {
        "status": None,
        "seconds": None,
        "build_seconds": None,
        "total_seconds": None,
        "yuclid_seconds": None,
        "message": "",
    }
    label = re.sub(r"[^A-Za-z0-9_.-]", "_", name) or "problem"

    adapter = YuclidAdapter(problem_name=label)
    original_run_yuclid = adapter._run_yuclid
    yuclid_time = [0.0, False]

    def timed_run_yuclid():  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return original_run_yuclid()
        finally:
            yuclid_time[0] += time.perf_counter() - t
            yuclid_time[1] = True

    adapter._run_yuclid = timed_run_yuclid  # type: ignore[method-assign]

    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    try:
        builder = JGEXProblemBuilder(rng=rng).with_problem_from_txt(text, problem_name=label)
        setup = builder.build()
        solver = GeometricSolverBuilder(rng=rng, api_default=HEDefault(adapter)).build(setup)
    except Exception as exc:  # noqa: BLE001 - any failure to load is recorded
        result["status"] = "unloadable"
        result["message"] = _exc_text(exc)
        conn.send(("result", result))
        return
    build_seconds = time.perf_counter() - t0
    result["build_seconds"] = build_seconds
    conn.send(("built", build_seconds))

    t1 = time.perf_counter()
    try:
        proved = solver.run()
    except Exception as exc:  # noqa: BLE001
        result["status"] = "error"
        result["message"] = _exc_text(exc)
        result["total_seconds"] = time.perf_counter() - t0
        if yuclid_time[1]:
            result["yuclid_seconds"] = yuclid_time[0]
        conn.send(("result", result))
        return
    seconds = time.perf_counter() - t1
    result["status"] = "proved" if proved else "saturated"
    result["seconds"] = seconds
    result["total_seconds"] = build_seconds + seconds
    if yuclid_time[1]:
        result["yuclid_seconds"] = yuclid_time[0]
    conn.send(("result", result))


def _kill_group(proc: multiprocessing.process.BaseProcess) -> None:
    if proc.pid is None:
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.kill()
    except (ProcessLookupError, ValueError):
        pass
    proc.join(5)


def run_one(ctx: Any, name: str, text: str, seed: int, timeout: float) -> dict[str, Any]:
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_solve_in_child, args=(name, text, seed, child_conn), daemon=True)
    started = time.perf_counter()
    proc.start()
    child_conn.close()
    deadline = started + timeout
    build_seconds = None
    result = None
    try:
        while result is None:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            if parent_conn.poll(min(remaining, 1.0)):
                try:
                    kind, payload = parent_conn.recv()
                except EOFError:
                    break  # child died without a result
                if kind == "built":
                    build_seconds = payload
                else:
                    result = payload
            elif not proc.is_alive() and not parent_conn.poll(0):
                break
        elapsed = time.perf_counter() - started
    finally:
        if result is None:
            _kill_group(proc)
        else:
            proc.join(10)
            if proc.is_alive():
                _kill_group(proc)
            else:
                # Reap anything yuclid may have left behind in the group.
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        parent_conn.close()

    if result is not None:
        return result
    base = {
        "seconds": None,
        "build_seconds": build_seconds,
        "yuclid_seconds": None,
    }
    if elapsed >= timeout:
        phase = "solving" if build_seconds is not None else "building"
        return {
            **base,
            "status": "timeout",
            "total_seconds": elapsed,
            "message": f"wall-clock limit of {timeout:g} s hit while {phase}",
        }
    code = proc.exitcode
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return {
        **base,
        "status": "error",
        "total_seconds": None,
        "message": f"child process died without a result ({how})",
    }


def summarize(records: list[dict[str, Any]]) -> str:
    counts = {s: 0 for s in STATUSES}
    for r in records:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    proved = [r["seconds"] for r in records if r["status"] == "proved"]
    lines = [
        f"{len(records)} problems: " + ", ".join(f"{s}={n}" for s, n in counts.items()),
    ]
    if proved:
        lines.append(
            f"proved: total seconds {sum(proved):.3f}, "
            f"median {statistics.median(proved):.4f}, max {max(proved):.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("file", type=Path, help="AlphaGeometry-format problem file")
    parser.add_argument("--names", nargs="+", help="only run these problems")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="per-problem wall-clock limit (s)"
    )
    parser.add_argument("--out", type=Path, required=True, help="JSON-lines output")
    parser.add_argument(
        "--append", action="store_true", help="append to --out instead of truncating"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for Newclid's random diagram")
    parser.add_argument("--message-chars", type=int, default=400)
    parser.add_argument("--quiet", action="store_true", help="no per-problem progress on stderr")
    args = parser.parse_args(argv)

    problems = read_problems(args.file)
    if args.names:
        by_name = dict(problems)
        missing = [n for n in args.names if n not in by_name]
        if missing:
            parser.error(f"not in {args.file}: {', '.join(missing)}")
        problems = [(n, by_name[n]) for n in args.names]

    # Import once in the parent so every forked child starts with Newclid loaded
    # (keeps import time out of the per-problem timeout), and fail fast if the
    # yuclid engine is not usable.
    import newclid.api  # noqa: F401
    import newclid.jgex.problem_builder  # noqa: F401
    import py_yuclid.api_default  # noqa: F401
    from py_yuclid.yuclid_adapter import YUCLID_PATH

    if not args.quiet:
        print(f"newclid_runner: yuclid binary {YUCLID_PATH}", file=sys.stderr)

    ctx = multiprocessing.get_context("fork")
    records: list[dict[str, Any]] = []
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "a" if args.append else "w", encoding="utf-8") as out:
        for i, (name, text) in enumerate(problems, 1):
            res = run_one(ctx, name, text, args.seed, args.timeout)
            record = {
                "name": name,
                "status": res["status"],
                "seconds": res["seconds"],
                "build_seconds": res["build_seconds"],
                "total_seconds": res["total_seconds"],
                "yuclid_seconds": res["yuclid_seconds"],
                "seed": args.seed,
                "message": _short(res["message"], args.message_chars),
            }
            records.append(record)
            out.write(json.dumps(record) + "\n")
            out.flush()
            if not args.quiet:
                secs = record["seconds"]
                shown = f"{secs:.3f}s" if secs is not None else "-"
                print(
                    f"[{i}/{len(problems)}] {record['status']:<10} {shown:>9}  {name}",
                    file=sys.stderr,
                    flush=True,
                )
    print(summarize(records), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
