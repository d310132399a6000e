"""Proof pages for every IMO-AG-30 problem Pappus proves.

Each problem is solved as `pappus solve` does (DD+AR first; where that falls short, the
heuristic auxiliary-point search), every proof is checked with the independent checker,
and each proved problem gets its page (`pappus solve --html`): OUT/<name>.html, with an
OUT/index.html listing them all. Records the time (solving, and writing the pages) in
RESULTS.md, and takes the README's screenshot of one page in headless Chromium.

    .venv/bin/python benchmarks/proof_pages.py --timeout 300 --max-calls 1024 --jobs 2
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import multiprocessing as mp
import time
from pathlib import Path
from typing import Any

from results_log import RESULTS, ROOT, LoadSampler, commit, fail, machine, publish, say

SHOT_PROBLEM = "translated_imo_2012_p5"  # the README's screenshot: a search proof
SHOT_STEP = 4  # the step selected in it: the fifth derived one (an angle equality)


def solve_one(job: tuple[int, str, float, int, str]) -> dict[str, Any]:
    """Solve problem `index` of IMO-AG-30 and write its page; one row of the results."""
    index, stem, timeout, max_calls, out = job
    import pappus
    from pappus.pages import proof_data, write_proof_page
    from symbolic.checker import check_proof

    problem = pappus.load_problems(pappus.benchmark_file("imo_ag_30"))[index]
    t0 = time.perf_counter()
    result = pappus.solve(problem, timeout=timeout, max_calls=max_calls)
    solved = time.perf_counter() - t0
    row: dict[str, Any] = {"name": problem.name, "status": result.status,
                           "seconds": round(solved, 2), "calls": result.calls,
                           "aux": result.aux, "page": None}
    if result.proof is None:
        return row
    row["valid"] = check_proof(result.proof).valid
    row["steps"] = len(result.proof.deductions())
    how = ("DD+AR" if not result.aux else
           f"DD+AR and {len(result.aux)} auxiliary clause(s) found by the heuristic search")
    note = (f"proved by {how} in {result.seconds:.1f} s ({row['steps']} steps, "
            f"{result.calls} prover calls); checked: {'valid' if row['valid'] else 'INVALID'}")
    t1 = time.perf_counter()
    write_proof_page(proof_data(result.proof, title=problem.name, note=note),
                     Path(out) / f"{stem}.html")
    row["page_seconds"] = round(time.perf_counter() - t1, 3)
    row["page"] = f"{stem}.html"
    row["page_bytes"] = (Path(out) / row["page"]).stat().st_size
    return row


def write_index(rows: list[dict[str, Any]], out: Path) -> None:
    """OUT/index.html: every problem, linked to its page when proved."""
    items = []
    for r in rows:
        name = html.escape(r["name"])
        if r["page"]:
            aux = html.escape("; ".join(r["aux"])) or "none"
            items.append(f'<tr><td><a href="{r["page"]}">{name}</a></td><td>{r["steps"]}</td>'
                         f"<td>{aux}</td><td>{r['seconds']:.1f}</td></tr>")
        else:
            items.append(f"<tr><td>{name}</td><td colspan=2>not proved: "
                         f"{html.escape(r['status'])}</td><td>{r['seconds']:.1f}</td></tr>")
    proved = sum(1 for r in rows if r["page"])
    (out / "index.html").write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>IMO-AG-30 proofs · Pappus</title>
<style>body{{font:15px system-ui,sans-serif;margin:20px}}td,th{{padding:2px 12px;
text-align:left}}td:nth-child(2),td:nth-child(4){{text-align:right}}</style></head><body>
<h1>IMO-AG-30: {proved} of {len(rows)} proved</h1>
<p>Each page shows the figure beside the numbered proof; select a step to see what it
speaks of. Written by <code>benchmarks/proof_pages.py</code> at commit {commit()}.</p>
<table><tr><th>problem</th><th>steps</th><th>auxiliary clauses</th><th>seconds</th></tr>
{chr(10).join(items)}
</table></body></html>
""", encoding="utf-8")


def screenshot(page: Path, png: Path) -> str:
    """A screenshot of `page` with its derived step number `SHOT_STEP` (from 0) selected;
    '' when done, else why not."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "playwright is not installed"
    if not Path("/usr/bin/chromium").exists():
        return "no /usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1280, "height": 760})
        tab.goto(page.resolve().as_uri())
        pick = tab.locator("li.step.derived")
        if pick.count() > SHOT_STEP:
            pick.nth(SHOT_STEP).click()
        tab.screenshot(path=str(png))
        browser.close()
    return ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds a problem")
    ap.add_argument("--max-calls", type=int, default=1024, help="prover calls a problem")
    ap.add_argument("--jobs", "-j", type=int, default=1, help="problems at a time")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "proofs" / "imo_ag_30")
    ap.add_argument("--shot", type=Path, default=ROOT / "benchmarks" / "figures" /
                    "proof_page.png", help="where the README's screenshot goes")
    ap.add_argument("--no-record", action="store_true", help="leave RESULTS.md alone")
    args = ap.parse_args()
    if args.jobs < 1 or args.max_calls < 1 or args.timeout <= 0:
        fail("--jobs and --max-calls must be at least 1, --timeout positive")

    import pappus
    from pappus.commands.bench import safe_stems

    problems = pappus.load_problems(pappus.benchmark_file("imo_ag_30"))
    stems = safe_stems(p.name for p in problems)
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = [(i, stems[i], args.timeout, args.max_calls, str(args.out))
            for i in range(len(problems))]
    say(f"solving {len(jobs)} problems, {args.jobs} at a time, {args.timeout:.0f} s and "
        f"{args.max_calls} calls each")
    start = time.perf_counter()
    rows: list[dict[str, Any]] = []
    with LoadSampler() as load, mp.get_context("fork").Pool(args.jobs,
                                                            maxtasksperchild=1) as pool:
        for row in pool.imap_unordered(solve_one, jobs):
            rows.append(row)
            say(f"  {row['name']}: {row['status']} in {row['seconds']:.1f} s"
                + (f", page {row['page']}" if row["page"] else ""))
    wall = time.perf_counter() - start
    runnable = "n/a" if load.mean is None else f"{load.mean:.1f}"
    order = {p.name: i for i, p in enumerate(problems)}
    rows.sort(key=lambda r: order[r["name"]])
    write_index(rows, args.out)
    (args.out / "results.json").write_text(json.dumps(rows, indent=1) + "\n")
    proved = [r for r in rows if r["page"]]
    shot = next((r for r in proved if r["name"] == SHOT_PROBLEM), proved[0] if proved else None)
    why = screenshot(args.out / shot["page"], args.shot) if shot else "nothing proved"
    invalid = [r["name"] for r in proved if not r["valid"]]
    by_search = [r for r in proved if r["aux"]]
    pages_s = sum(r["page_seconds"] for r in proved)
    size = sum(r["page_bytes"] for r in proved)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    rel = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    lines = [
        f"## Proof pages for IMO-AG-30: `benchmarks/proof_pages.py`, {now}", "",
        f"- machine: {machine()}; commit `{commit()}`",
        f"- command: `.venv/bin/python benchmarks/proof_pages.py --timeout {args.timeout:g} "
        f"--max-calls {args.max_calls} --jobs {args.jobs}`",
        f"- {len(proved)}/{len(rows)} proved ({len(proved) - len(by_search)} by DD+AR alone, "
        f"{len(by_search)} with auxiliary points from the heuristic search), "
        f"{len(proved) - len(invalid)} of them accepted by the checker"
        + (f"; INVALID: {', '.join(invalid)}" if invalid else ""),
        f"- wall {wall:.0f} s for everything ({args.jobs} problem(s) at a time; mean "
        f"runnable processes {runnable}); solving "
        f"{sum(r['seconds'] for r in rows):.0f} s summed over problems; writing the "
        f"{len(proved)} pages (figure layout and HTML) "
        f"{pages_s:.2f} s in all, {1000 * pages_s / max(len(proved), 1):.0f} ms a page; "
        f"{size / 1e6:.2f} MB in all, {size / 1e3 / max(len(proved), 1):.0f} kB a page",
        f"- pages: `{rel}/` (open `{rel}/index.html`); screenshot: "
        + (f"`{args.shot.relative_to(ROOT)}` ({shot['name'] if shot else ''})" if not why
           else f"not taken ({why})"),
        "- not proved: " + (", ".join(f"{r['name']} ({r['status']})" for r in rows
                                      if not r["page"]) or "none"),
        "",
    ]
    publish("\n".join(lines), args.out, None if args.no_record else RESULTS)
    (args.out / "section.md").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
