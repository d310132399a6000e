"""`pappus browse`: a static site that browses a dataset (records table, proof pages)."""

from __future__ import annotations

import typer

from .common import progress_bar
from .stats import dataset_dir


def run(path: str, out: str, *, seed: int = 0, workers: int = 1) -> int:
    """Build the site of the dataset at `path` into `out`; returns the exit code."""
    from generator.dataset import count_records
    from pappus.pages.site import build_site, check_site_dir

    root = dataset_dir(path)
    check_site_dir(out)  # before any work
    bar = progress_bar(count_records(root), "browse")
    bar.unit = "record"

    def show(done: int) -> None:
        bar.n = done
        bar.refresh()

    try:
        summary = build_site(root, out, seed=seed, workers=workers, on_progress=show)
    finally:
        bar.close()
    typer.echo(f"wrote {out}: {summary.records:,} records in {summary.chunks} data files, "
               f"{summary.files} files, {summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f} s"
               f" ({summary.figures_drawn:,} figures laid out"
               + (f", {summary.figure_errors} could not be drawn" if summary.figure_errors
                  else "") + ")", err=True)
    typer.echo(f"open {out}/index.html", err=True)
    return 0
