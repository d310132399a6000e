"""Build problems with Newclid 3.0.1's own JGEX builder (its numeric diagram, which it
redraws up to 100 times until every goal holds numerically), without solving them.
Runs in Newclid's venv (never in Pappus's):

    /work/peers/newclid/bin/python benchmarks/peers/newclid_build.py < problems.json

Input on stdin: a JSON list of `{"name", "text"}`, the text handed to Newclid unchanged.
Output on stdout: a JSON list of `{"name", "status", "message"}`, status `built` or
`failed` (Newclid's error, shortened) or `timeout` (`--timeout` seconds per problem, in a
forked child that is killed when late).
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import sys
from typing import Any


def _build(text: str, seed: int, conn: Any) -> None:
    logging.disable(logging.CRITICAL)
    from newclid.jgex.problem_builder import JGEXProblemBuilder

    try:
        JGEXProblemBuilder(rng=seed).with_problem_from_txt(text, problem_name="problem").build()
        conn.send(("built", ""))
    except BaseException as exc:  # noqa: BLE001 - any failure is the answer
        cause = f" ({exc.__cause__!r})" if exc.__cause__ is not None else ""
        conn.send(("failed", (repr(exc) + cause)[:300]))


def build(text: str, seed: int, timeout: float) -> tuple[str, str]:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_build, args=(text, seed, child))
    proc.start()
    if not parent.poll(timeout):
        proc.kill()
        proc.join()
        return "timeout", f"no answer in {timeout:g} s"
    status, message = parent.recv()
    proc.join()
    return status, message


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    out = []
    for item in json.load(sys.stdin):
        status, message = build(item["text"], args.seed, args.timeout)
        out.append({"name": item["name"], "status": status, "message": message})
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
