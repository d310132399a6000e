"""Run Newclid 3.0.1's DDAR (`yuclid`) on Pappus dataset records, one at a time, with a
per-record timeout.  Runs in Newclid's own venv (never in Pappus's):

    /work/peers/newclid/bin/python benchmarks/peers/newclid_check_records.py IN.jsonl \\
        --out OUT.jsonl [--timeout 60] [--seed 0] [--no-translate] [--quiet]

IN.jsonl has one JSON object per record: `{"id": ..., "text": ...}`, the text a problem
in AlphaGeometry's language (for the cross-check: the record's `full_problem`, the
premises with the auxiliary clauses, and the goal).  Each record is built and solved
exactly as `newclid_runner.py` does it (same function, `newclid_runner.run_one`: a forked
child in its own process group, Newclid's default `yuclid` DDAR engine, no language
model, killed at `--timeout` seconds).

Translation.  The text is first given to Newclid unchanged.  Only if Newclid cannot load
it (status `unloadable`) and the text uses one of the spellings below does the record
run a second time, translated, and the output says so (`translated`, `translations`):

* `square a b x y` -> `square x y a b` and `parallelogram a b c x` -> `parallelogram x a b
  c`: AlphaGeometry writes the constructed points last, Newclid first (same figure);
* goal `simtri2` -> `simtrir`, `contri2` -> `contrir`: Newclid's names for the
  mirror-image similarity / congruence;
* `s_angle a b x 45` -> `s_angle a b x 45o`: AlphaGeometry's angle is in degrees, while
  Newclid reads a plain number as a multiple of pi (45 pi, i.e. 0) and wants `45o`; the
  untranslated text loads but Newclid cannot draw it (`unloadable`);
* `on_opline x a b` -> `on_line x a b`: Newclid lacks `on_opline` (x on line ab, on the
  far side of a from b); the facts are the same (`coll x a b`), only the figure may put x
  on the other side;
* `eq_trapezoid a b c d` -> `iso_trapezoid a b c d` (same definition: `para d c a b;
  cong d a b c`), `on_aline2 x a b c d e` -> `eqangle3 x a b d c e` (both: `eqangle x a
  x b d c d e`);
* `x y z i = ninepoints x y z i a b c` -> `x = midpoint x b c; y = midpoint y c a; z =
  midpoint z a b; i = circle i x y z`: Newclid 3.0.1 names `ninepoints` but has no
  definition for it; these are its facts;
* `x y = cc_tangent0 x y o a w b` -> `x y p q = cc_tangent x y p q o a w b` with two fresh
  point names: Newclid lacks the one-tangent form; the two-tangent one adds the second
  tangent's points (facts about x and y unchanged).

Output: one JSON object per record, `{"id", "status", "seconds", "build_seconds",
"total_seconds", "yuclid_seconds", "message", "translated", "translations", "text",
"first_status", "first_message"}` with `status` as in `newclid_runner.py` (`proved`,
`saturated`, `timeout`, `error`, `unloadable`); `first_*` are the untranslated attempt's.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import newclid_runner  # noqa: E402  (sets PATH for py_yuclid before Newclid is imported)

GOAL_NAMES = {"simtri2": "simtrir", "contri2": "contrir"}


def _translate_call(tokens: list[str]) -> tuple[list[str], str | None]:
    name, args = tokens[0], tokens[1:]
    if name == "square" and len(args) == 4:
        a, b, x, y = args
        return [name, x, y, a, b], "square: constructed points first"
    if name == "parallelogram" and len(args) == 4:
        a, b, c, x = args
        return [name, x, a, b, c], "parallelogram: constructed point first"
    if name == "s_angle" and len(args) == 4 and re.fullmatch(r"-?\d+", args[3]):
        return [name, *args[:3], args[3] + "o"], "s_angle: degrees as Newclid's `Xo`"
    if name == "on_opline" and len(args) == 3:
        return ["on_line", *args], "on_opline -> on_line"
    if name == "eq_trapezoid" and len(args) == 4:
        return ["iso_trapezoid", *args], "eq_trapezoid -> iso_trapezoid"
    if name == "on_aline2" and len(args) == 6:
        x, a, b, c, d, e = args
        return ["eqangle3", x, a, b, d, c, e], "on_aline2 -> eqangle3"
    return tokens, None


def _fresh_names(text: str, n: int) -> list[str]:
    used = set(text.replace(",", " ").replace(";", " ").split())
    pool = [c for c in "zyxwvutsrqponmlkjihgfedcba" if c not in used]
    pool += [f"t{k}" for k in range(1, 100) if f"t{k}" not in used]
    return pool[:n]


def _translate_clause(points: list[str], tokens: list[str], text: str,
                      ) -> tuple[list[str], str] | None:
    """Whole-clause rewrites for constructions Newclid 3.0.1 does not define."""
    name, args = tokens[0], tokens[1:]
    if name == "ninepoints" and len(args) == 7 and points == args[:4]:
        x, y, z, i, a, b, c = args
        return ([f"{x} = midpoint {x} {b} {c}", f"{y} = midpoint {y} {c} {a}",
                 f"{z} = midpoint {z} {a} {b}", f"{i} = circle {i} {x} {y} {z}"],
                "ninepoints -> three midpoints and their circumcentre")
    if name == "cc_tangent0" and len(args) == 6 and points == args[:2]:
        x, y, o, a, w, b = args
        p, q = _fresh_names(text, 2)
        return ([f"{x} {y} {p} {q} = cc_tangent {x} {y} {p} {q} {o} {a} {w} {b}"],
                f"cc_tangent0 -> cc_tangent (adds the second tangent's points {p} {q})")
    return None


def translate(text: str) -> tuple[str, list[str]]:
    """Newclid's spelling of an AlphaGeometry problem text, and the changes made."""
    notes: list[str] = []
    premises, sep, goal = text.partition(" ? ")
    clauses = []
    for clause in premises.split(";"):
        clause = clause.strip()
        if "=" not in clause:
            clauses.append(clause)
            continue
        points, _, body = clause.partition("=")
        whole = None
        if "," not in body:
            whole = _translate_clause(points.split(), body.split(), text)
        if whole is not None:
            clauses.extend(whole[0])
            if whole[1] not in notes:
                notes.append(whole[1])
            continue
        calls = []
        for call in body.split(","):
            new, note = _translate_call(call.split())
            if note and note not in notes:
                notes.append(note)
            calls.append(" ".join(new))
        clauses.append(f"{points.strip()} = {', '.join(calls)}")
    if sep:
        goals = []
        for g in goal.split(";"):
            tokens = g.split()
            if tokens and tokens[0] in GOAL_NAMES:
                notes.append(f"goal {tokens[0]} -> {GOAL_NAMES[tokens[0]]}")
                tokens[0] = GOAL_NAMES[tokens[0]]
            goals.append(" ".join(tokens))
        return "; ".join(clauses) + " ? " + "; ".join(goals), notes
    return "; ".join(clauses), notes


def check(ctx: Any, rid: str, text: str, seed: int, timeout: float,
          allow_translation: bool, message_chars: int) -> dict[str, Any]:
    res = newclid_runner.run_one(ctx, rid, text, seed, timeout)
    out = {"id": rid, **res, "translated": False, "translations": [], "text": text,
           "first_status": res["status"],
           "first_message": newclid_runner._short(res["message"], message_chars)}
    if res["status"] == "unloadable" and allow_translation:
        new_text, notes = translate(text)
        if notes and new_text != text:
            res2 = newclid_runner.run_one(ctx, rid, new_text, seed, timeout)
            out.update(res2, translated=True, translations=notes, text=new_text)
    out["message"] = newclid_runner._short(out["message"], message_chars)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("records", type=Path, help="JSON lines: {id, text}")
    parser.add_argument("--out", type=Path, required=True, help="JSON-lines output")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="per-record wall-clock limit (s), building and solving")
    parser.add_argument("--seed", type=int, default=0, help="seed for Newclid's diagram")
    parser.add_argument("--no-translate", action="store_true",
                        help="never retry an unloadable text in Newclid's spelling")
    parser.add_argument("--message-chars", type=int, default=600)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    items = [json.loads(line) for line in args.records.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    import newclid.api  # noqa: F401  (import once; forked children inherit it)
    import newclid.jgex.problem_builder  # noqa: F401
    import py_yuclid.api_default  # noqa: F401

    ctx = multiprocessing.get_context("fork")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    results = []
    with open(args.out, "w", encoding="utf-8") as fh:
        for i, item in enumerate(items, 1):
            r = check(ctx, str(item["id"]), item["text"], args.seed, args.timeout,
                      not args.no_translate, args.message_chars)
            results.append(r)
            fh.write(json.dumps(r) + "\n")
            fh.flush()
            if not args.quiet:
                tag = " (translated)" if r["translated"] else ""
                print(f"[{i}/{len(items)}] {r['status']:<10}{tag} {item['id'][:16]}",
                      file=sys.stderr, flush=True)
    counts: dict[str, int] = {}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    print(f"{len(results)} records: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
          + f"; translated {sum(r['translated'] for r in results)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
