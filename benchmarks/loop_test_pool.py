"""Export a loop run's frozen test pool to one file, for later runs' `--test-pool`.

Generating the test pool is the longest step of the small configuration's round 0
(about 58 minutes on 2 cores). The pool is a fixed held-out set, like the benchmark
files, so a run can take it from a file instead; the run still keeps every round's pool
off the file's premise sets, and takes only problems off its own corpus.

    .venv/bin/python benchmarks/loop_test_pool.py runs/loop-small/main \\
        benchmarks/loop_test_pool/small-seed0.json
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from results_log import commit, say

from neural.frozen_pool import export_frozen_pool
from neural.loop_config import LoopConfigError


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="a loop run folder (one arm) past round 0")
    parser.add_argument("out", type=Path, help="the test pool file to write")
    args = parser.parse_args()
    provenance = {"exported_from": args.run.as_posix(), "commit": commit(),
                  "date": f"{dt.datetime.now(dt.UTC):%Y-%m-%d}"}
    try:
        summary = export_frozen_pool(args.run, args.out, provenance)
    except (LoopConfigError, FileNotFoundError) as exc:
        raise SystemExit(str(exc)) from None
    say(f"wrote {args.out}: {summary['problems']} problems from "
        f"{summary['premise_sets']} premise sets")


if __name__ == "__main__":
    main()
