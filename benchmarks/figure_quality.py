"""Figure quality on all 261 benchmark figures: labels overlapping another label, crossed
by a drawn line or circle, or covering another point, and equal-length ticks within
`TICK_CLEAR` pt of a crossing (`symbolic.figure_layout.quality`; the test
tests/symbolic/test_figure_layout.py keeps the counts near zero). Appends a section to
RESULTS.md.

    .venv/bin/python benchmarks/figure_quality.py
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import time

from results_log import RESULTS, commit, machine, publish, say


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-record", action="store_true", help="leave RESULTS.md alone")
    args = ap.parse_args()
    import pappus
    from symbolic.diagram import realize
    from symbolic.figure import scene
    from symbolic.figure_layout import TICK_CLEAR, layout, quality

    problems = [p for name in ("jgex_ag_231", "imo_ag_30")
                for p in pappus.load_problems(pappus.benchmark_file(name))]
    total: collections.Counter[str] = collections.Counter()
    worst = []
    spent = 0.0
    for problem in problems:
        sc = scene(realize(problem, 0, require_goal=False))
        t = time.perf_counter()
        lay = layout(sc)
        spent += time.perf_counter() - t
        q = quality(lay)
        total.update(q)
        bad = sum(v for k, v in q.items() if k not in ("labels", "ticks"))
        if bad:
            worst.append(f"{problem.name} ({bad})")
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    say(dict(total))
    section = "\n".join([
        f"## Figure quality: `benchmarks/figure_quality.py`, {now}", "",
        f"- machine: {machine()}; commit `{commit()}`",
        "- command: `.venv/bin/python benchmarks/figure_quality.py`",
        f"- {len(problems)} benchmark figures (seed 0), {total['labels']:,} labels, "
        f"{total['ticks']} equal-length ticks; layout {1000 * spent / len(problems):.1f} ms a "
        "figure",
        f"- labels overlapping another label: {total['label_overlaps_label']}; crossed by a "
        f"drawn line, circle or mark: {total['label_crossed_by_line']}; covering another "
        f"point: {total['label_covers_point']}; ticks within {TICK_CLEAR:g} pt of a crossing: "
        f"{total['tick_at_crossing']}",
        "- the figure code before issue 13 (labels at a fixed distance in the freest of 24 "
        "directions, ticks at midpoints), measured the same way on the same figures: 15, 93, "
        "0 and 15",
        f"- figures with any: {', '.join(worst) or 'none'}",
        "",
    ])
    publish(section, RESULTS.parent.parent / "runs", None if args.no_record else RESULTS)


if __name__ == "__main__":
    main()
