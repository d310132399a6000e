"""A fuzzing campaign over the problem language: 10,000+ generated and mutated texts.

    .venv/bin/python benchmarks/fuzz_problems.py [--examples 10000] [--realize 2000]

Reuses the hypothesis strategies and checks of `tests/symbolic/test_fuzz.py`: parsing
raises only `PappusError`s and round-trips, realizing and figure derivation raise only
`PappusError`s, nothing runs past its time limit. Prints the outcome counts per campaign;
exits 1 if any campaign found a failure.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "symbolic")]

import test_fuzz as fuzz  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000,
                        help="texts per parser campaign (generated, mutated)")
    parser.add_argument("--files", type=int, default=2_000, help="mutated problem files")
    parser.add_argument("--realize", type=int, default=2_000,
                        help="texts per realizer campaign (generated, mutated)")
    args = parser.parse_args()
    campaigns = [
        ("parse generated problems", fuzz.seeded(fuzz.generate_problem), fuzz.check_parse,
         args.examples),
        ("parse mutated benchmarks", fuzz.seeded(fuzz.mutate_benchmark), fuzz.check_parse,
         args.examples),
        ("parse mutated files", fuzz.seeded(fuzz.mutate_file), fuzz.check_file, args.files),
        ("realize generated problems", fuzz.seeded(fuzz.generate_problem), fuzz.check_realize,
         args.realize),
        ("realize mutated problems", fuzz.seeded(fuzz.mutate_problem), fuzz.check_realize,
         args.realize),
    ]
    total, failed = 0, 0
    start = time.perf_counter()
    for title, strategy, check, n in campaigns:
        t0 = time.perf_counter()
        try:
            outcomes = fuzz.campaign(strategy, check, n, database=False)
        except BaseException as exc:  # noqa: BLE001 - report the campaign's failure, go on
            if isinstance(exc, KeyboardInterrupt):
                raise
            failed += 1
            print(f"{title}: FAILED", file=sys.stderr)
            traceback.print_exception(exc, file=sys.stderr)
            continue
        ran = sum(outcomes.values())
        total += ran
        shown = ", ".join(f"{k} {v}" for k, v in outcomes.most_common())
        print(f"{title}: {ran} texts in {time.perf_counter() - t0:.1f} s ({shown})")
    print(f"total: {total} texts in {time.perf_counter() - start:.1f} s, "
          f"{failed} campaign(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
