"""Soundness audit: every fact the engine proves must hold in an independent diagram.

    .venv/bin/python benchmarks/soundness.py [--timeout 20] [--jobs 2] [--no-record]

For each of the 261 benchmark problems: realise a diagram (seed 0), saturate the engine
on it (no goal, so it derives everything it can within the time limit), then realise a
second diagram with another seed and check every proven statement there numerically.
A statement false in the second diagram is a soundness bug (or a fact that depends on
which of two configurations the sampler drew); each is printed with its justification.
A dated row (machine, date, git commit, counts) is added to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from results_log import RESULTS, ROOT, add_table_row, commit, machine

from symbolic import statements as st  # noqa: E402
from symbolic.diagram import realize  # noqa: E402
from symbolic.engine import Budget, ByAlgebra, ByRule, ByStructure, Engine, Given  # noqa: E402
from symbolic.errors import PappusError  # noqa: E402
from symbolic.parser import load_problems  # noqa: E402
from symbolic.problem import Atom, Problem  # noqa: E402

PROBLEM_FILES = [ROOT / "pappus/problems/jgex_ag_231.txt",
                 ROOT / "pappus/problems/imo_ag_30.txt"]
SECTION = "## Soundness: `benchmarks/soundness.py`"
INTRO = ("Every statement the engine proves (saturating each benchmark problem on a seed-0 "
         "diagram, time limit per problem) checked numerically in a second diagram drawn "
         "with another seed. `false` must be 0.")
TABLE_HEAD = ("| date | machine | commit | problems | skipped | timed out | facts checked "
              "| false | timeout s | check seed | seconds |\n"
              "|---|---|---|---|---|---|---|---|---|---|---|\n")


@dataclass
class Audit:
    """What one problem's audit found."""

    name: str
    checked: int = 0
    timed_out: bool = False
    skipped: str = ""  # why the problem could not be audited
    false: list[str] = field(default_factory=list)  # "fact  <- justification"
    seconds: float = 0.0


def justification(engine: Engine, sid: int) -> str:
    """A readable account of how the engine proved statement `sid`."""
    just = engine.proof[sid]
    names = engine.names
    if isinstance(just, Given):
        return f"construction: {engine.problem.clauses[just.clause].to_text()}"
    if isinstance(just, ByRule):
        inst = engine.instances[just.instance]
        binding = " ".join(f"{v}={names[p]}" for v, p in inst.binding.items())
        premises = "; ".join(st.to_text(engine.stmts[p], names) for p in inst.premises)
        return f"{inst.rule.id} [{binding}] from {premises}"
    if isinstance(just, ByAlgebra):
        return f"ar:{just.domain} (log of {len(just.log)} rows)"
    if isinstance(just, ByStructure):
        return f"incidence ({just.domain})"
    return repr(just)


def audit(problem: Problem, timeout: float, check_seed: int) -> Audit:
    """Saturate `problem` and check every proven statement in a second diagram."""
    out = Audit(problem.name)
    t0 = time.perf_counter()
    try:
        first = realize(problem, seed=0)
        second = realize(problem, seed=check_seed)
    except PappusError as exc:
        out.skipped = f"{type(exc).__name__}: {exc}"
        return out
    engine = Engine(problem.with_goal(None), first)
    engine.setup()
    reason = engine.run(Budget(timeout=timeout))
    out.timed_out = reason.value != "saturated"
    for sid in engine.proven_order:
        text = st.to_text(engine.stmts[sid], engine.names)
        words = text.split()
        out.checked += 1
        if not second.check(Atom(words[0], tuple(words[1:]))):
            out.false.append(f"{text}  <- {justification(engine, sid)}")
    out.seconds = time.perf_counter() - t0
    return out


def _audit_args(args: tuple[Problem, float, int]) -> Audit:
    return audit(*args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="seconds of saturation per problem")
    parser.add_argument("--check-seed", type=int, default=1,
                        help="seed of the second, checking diagram")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--names", nargs="*", help="only these problems")
    parser.add_argument("--no-record", action="store_true", help="do not touch RESULTS.md")
    args = parser.parse_args()
    problems = [p for f in PROBLEM_FILES for p in load_problems(f)]
    if args.names:
        problems = [p for p in problems if p.name in set(args.names)]
    start = time.perf_counter()
    work = [(p, args.timeout, args.check_seed) for p in problems]
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            audits = list(pool.map(_audit_args, work, chunksize=1))
    else:
        audits = [_audit_args(w) for w in work]
    seconds = time.perf_counter() - start
    checked = sum(a.checked for a in audits)
    false = [(a.name, f) for a in audits for f in a.false]
    skipped = [a for a in audits if a.skipped]
    timed_out = sum(a.timed_out for a in audits)
    for a in skipped:
        print(f"skipped {a.name}: {a.skipped}", file=sys.stderr)
    for name, fact in false:
        print(f"FALSE in {name}: {fact}")
    for a in sorted(audits, key=lambda a: -a.seconds)[:3]:
        print(f"slow: {a.name}: {a.checked} facts, {a.seconds:.1f} s", file=sys.stderr)
    print(f"{len(audits) - len(skipped)}/{len(audits)} problems audited ({timed_out} hit the "
          f"{args.timeout:g} s limit): {checked} proven facts checked in a seed-"
          f"{args.check_seed} diagram, {len(false)} false, in {seconds:.1f} s")
    if not args.no_record:
        row = (f"| {dt.date.today().isoformat()} | {machine()} | {commit()} | "
               f"{len(audits) - len(skipped)}/{len(audits)} | {len(skipped)} | {timed_out} | "
               f"{checked} | {len(false)} | {args.timeout:g} | {args.check_seed} | "
               f"{seconds:.1f} |")
        add_table_row(row, SECTION, f"{INTRO}\n\n{TABLE_HEAD}")
        print(f"recorded in {RESULTS.relative_to(ROOT)}")
    return 1 if false else 0


if __name__ == "__main__":
    sys.exit(main())
