"""`pappus show`: one record of a dataset: its problem, auxiliary clauses, goal and
readable proof; optionally its figure and its proof page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from .common import check_writable
from .pages import check_html_out
from .stats import dataset_dir

if TYPE_CHECKING:
    from generator.records import TheoremRecord


def describe(record: TheoremRecord) -> str:
    """The record as text: header lines, then the readable proof."""
    aux = record.aux or ["(none)"]
    lines = [
        f"id        {record.id}",
        f"problem   {record.problem}",
        f"aux       {aux[0]}",
        *[f"          {a}" for a in aux[1:]],
        f"goal      {record.goal}",
        f"sizes     {record.n_points} points, {record.n_premises} premises, "
        f"{record.n_steps} steps, {record.n_aux} auxiliary clause(s)",
        f"rules     {', '.join(record.rules) or '(none)'}",
        f"verified  {'yes' if record.verified else 'no'}   "
        f"(sample {record.sample}, seed {record.seed}, version {record.version})",
        "",
        record.proof_text.rstrip("\n"),
    ]
    return "\n".join(lines)


def run(path: str, record_id: str, draw_out: str | None = None, seed: int = 0,
        dpi: int = 200, html_out: str | None = None) -> int:
    """Print record `record_id` (or a unique prefix of it) of the dataset at `path`; with
    `draw_out`, draw its full problem (auxiliary points included), goal highlighted."""
    from generator.dataset import find_record

    root = dataset_dir(path)
    if draw_out is not None:
        from symbolic import figure

        figure.check_format(draw_out)
        check_writable(draw_out)
    check_html_out(html_out)
    record = find_record(root, record_id)
    typer.echo(describe(record))
    if draw_out is not None:
        from symbolic import figure
        from symbolic.diagram import realize
        from symbolic.parser import parse_problem

        problem = parse_problem(record.full_problem, name=record.id)
        figure.draw(realize(problem, seed=seed), draw_out, highlight_goal=True, dpi=dpi,
                    aux_points=figure.clause_points(record.aux))
        typer.echo(f"wrote {draw_out}", err=True)
    if html_out is not None:
        from pappus.pages import record_data, write_proof_page

        write_proof_page(record_data(record, seed=seed), html_out)
        typer.echo(f"wrote {html_out}", err=True)
    return 0
