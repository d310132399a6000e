"""The `pappus` console script."""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Pappus: olympiad geometry.")


@app.command()
def demo() -> None:
    """Run the main job end to end (placeholder until the pipeline lands)."""
    typer.echo("pappus demo")


def main() -> None:
    app()
