"""The dataset browser (`pappus browse`) on 100,000 records: build time and size, and in
headless Chromium the table's load time, a filter's time and a proof page's time.

The 100,000 records are synthetic: the records of a small generated dataset (made here
with `pappus generate` unless --source names one) replicated under new ids, with a
`split` column drawn from the id, so every column the browser reads is real data. A
replicated record has the same full problem as its original, so the build lays out each
distinct figure once; the section says how many and what each costs, for a dataset
whose records are all different.

    .venv/bin/python benchmarks/browse_100k.py --records 100000 --jobs 2
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from results_log import RESULTS, ROOT, commit, fail, machine, publish, say

SPLITS = ("train",) * 8 + ("validation", "test")


def source_dataset(path: Path | None, out: Path) -> Path:
    """The small dataset to replicate: `path`, or one generated into OUT/source."""
    if path is not None:
        return path
    src = out / "source"
    if not (src / "manifest.json").exists():
        say(f"generating 500 records into {src}")
        subprocess.run([str(ROOT / ".venv" / "bin" / "pappus"), "generate", "--out", str(src),
                        "--count", "500", "--seed", "1"], check=True)
    return src


def replicate(src: Path, dst: Path, n: int, shard: int = 10_000) -> int:
    """Write `n` records to DST/data: those of `src` over and over under new ids, with a
    `split` column; returns the number of distinct source records."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from generator.dataset import read_dataset

    table = read_dataset(src)
    if "split" in table.column_names:
        table = table.drop_columns(["split"])
    rows = table.to_pylist()
    if not rows:
        fail(f"{src} holds no records")
    (dst / "data").mkdir(parents=True, exist_ok=True)
    for old in (dst / "data").glob("*.parquet"):
        old.unlink()
    for start in range(0, n, shard):
        batch = []
        for i in range(start, min(n, start + shard)):
            row = dict(rows[i % len(rows)])
            row["id"] = hashlib.sha256(f"{row['id']}/{i}".encode()).hexdigest()
            row["split"] = SPLITS[int(row["id"][:8], 16) % len(SPLITS)]
            batch.append(row)
        schema = table.schema.append(pa.field("split", pa.string()))
        pq.write_table(pa.Table.from_pylist(batch, schema=schema),
                       dst / "data" / f"shard-{start // shard:05d}.parquet")
    return len(rows)


def measure_browser(site: Path, n: int, shot: Path | None, repeats: int = 3) -> dict[str, Any]:
    """Load times in headless Chromium (milliseconds, medians of `repeats` fresh tabs)."""
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {"index_ready": [], "index_goto": [], "filter": [],
                                   "sort": [], "proof_ready": [], "next_record": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for _ in range(repeats):
            tab = browser.new_page(viewport={"width": 1280, "height": 760})
            t = time.perf_counter()
            tab.goto((site / "index.html").as_uri())
            tab.wait_for_function("window.pappusTable && window.pappusTable.loadMs")
            out["index_goto"].append(1000 * (time.perf_counter() - t))
            out["index_ready"].append(tab.evaluate("window.pappusTable.loadMs"))
            tab.select_option("#f-goal", "eqangle")
            out["filter"].append(tab.evaluate("window.pappusTable.filterMs"))
            tab.click("th[data-sort=n_steps]")
            out["sort"].append(tab.evaluate("window.pappusTable.filterMs"))
            tab.close()
            tab = browser.new_page(viewport={"width": 1280, "height": 760})
            t = time.perf_counter()
            tab.goto((site / "proof.html").as_uri() + f"#{n - 1}")
            tab.wait_for_function("window.pappusPage && window.pappusPage.shownMs")
            out["proof_ready"].append(tab.evaluate("window.pappusPage.shownMs"))
            t = time.perf_counter()
            tab.click("#prev")
            tab.wait_for_function(f"window.pappusPage.record === {n - 2}")
            out["next_record"].append(1000 * (time.perf_counter() - t))
            tab.close()
        if shot is not None:
            tab = browser.new_page(viewport={"width": 1280, "height": 700})
            tab.goto((site / "index.html").as_uri())
            tab.select_option("#f-goal", "simtri")
            tab.select_option("#f-aux", "1")
            tab.click("th[data-sort=n_steps]")
            tab.click("th[data-sort=n_steps]")
            tab.screenshot(path=str(shot))
        browser.close()
    return {k: round(statistics.median(v), 1) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--source", type=Path, default=None, help="dataset to replicate")
    ap.add_argument("--jobs", "-j", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "browse")
    ap.add_argument("--shot", type=Path, default=ROOT / "benchmarks" / "figures" /
                    "browse_table.png")
    ap.add_argument("--no-record", action="store_true", help="leave RESULTS.md alone")
    args = ap.parse_args()
    if args.records < 1 or args.jobs < 1:
        fail("--records and --jobs must be at least 1")
    sys.path.insert(0, str(ROOT))
    from pappus.pages.site import build_site

    args.out.mkdir(parents=True, exist_ok=True)
    src = source_dataset(args.source, args.out)
    data = args.out / f"synthetic-{args.records}"
    t = time.perf_counter()
    distinct = replicate(src, data, args.records)
    say(f"replicated {distinct} records to {args.records:,} in {time.perf_counter() - t:.1f} s")
    site = args.out / f"site-{args.records}"
    summary = build_site(data, site, workers=args.jobs)
    say(f"built {site}: {summary.seconds:.1f} s, {summary.bytes / 1e6:.1f} MB")
    index_mb = (site / "data" / "index.js").stat().st_size / 1e6
    times = measure_browser(site, args.records, args.shot)
    shown_src = src.relative_to(ROOT) if src.is_relative_to(ROOT) else src
    per_figure = summary.figure_seconds / max(summary.figures_drawn, 1)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = "\n".join([
        f"## Dataset browser on {args.records:,} records: `benchmarks/browse_100k.py`, {now}",
        "",
        f"- machine: {machine()}; commit `{commit()}`; Chromium headless (Playwright)",
        f"- command: `.venv/bin/python benchmarks/browse_100k.py --records {args.records} "
        f"--jobs {args.jobs}`",
        f"- data: synthetic, the {distinct} records of `{shown_src}` "
        + ("(`pappus generate --count 500 --seed 1`) " if args.source is None else "")
        + "replicated under new ids to "
        f"{args.records:,}, with a `split` column drawn from the id",
        f"- build (`pappus browse`, {args.jobs} worker(s)): {summary.seconds:.1f} s; "
        f"{summary.files} files, {summary.bytes / 1e6:.1f} MB ({summary.chunks} data files of "
        f"250 records, the index {index_mb:.1f} MB); {summary.figures_drawn:,} figure "
        f"layouts computed in {summary.figure_seconds:.1f} s (the {distinct} distinct problems,"
        f" once in each of the {args.jobs} workers; the rest reused), "
        f"{1000 * per_figure:.0f} ms each: a dataset of {args.records:,} different problems "
        f"would add about {per_figure * args.records / args.jobs / 60:.0f} min on "
        f"{args.jobs} worker(s)",
        f"- table page (index.html from file://, 50 rows a page): ready "
        f"{times['index_ready']:.0f} ms after navigation ({times['index_goto']:.0f} ms wall "
        f"from the harness); a goal filter over all records {times['filter']:.1f} ms, "
        f"sorting by steps {times['sort']:.1f} ms (medians of 3 fresh tabs)",
        f"- proof page (proof.html#{args.records - 1}, its data file loaded as a script): "
        f"drawn {times['proof_ready']:.0f} ms after navigation; the previous record "
        f"{times['next_record']:.0f} ms",
        f"- screenshot: `{args.shot.relative_to(ROOT)}`",
        "",
    ])
    publish(section, args.out, None if args.no_record else RESULTS)


if __name__ == "__main__":
    main()
