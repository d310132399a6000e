"""The `pappus` console script: each command parses its options and calls library code.

The commands are declared by what users do with them: pappus/cli_data.py (make and inspect
datasets), pappus/cli_prover.py (problems and proofs), pappus/cli_neural.py (the neural
proposer); this module builds the app from them.

Every Pappus error is caught and printed to stderr (`cli_errors`), with its exit code: 2 for
bad input or usage, 1 for a clean negative answer (a false goal, an unrealizable problem);
Ctrl-C exits 130. README.md, "Exit codes", has the convention for every command.
"""

from __future__ import annotations

import typer

from pappus.cli_data import browse, demo, generate, show, stats
from pappus.cli_neural import loop, train
from pappus.cli_prover import bench, check, constructions, draw, prove, solve, validate

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Pappus: olympiad geometry.",
    pretty_exceptions_show_locals=False,
)

# Registered here rather than where they are declared: `pappus --help` lists the commands in
# the order they are registered, and this order follows a user's work, not the modules.
for _command in (demo, generate, validate, draw, constructions, prove, solve, bench, check,
                 stats, show, browse, train, loop):
    app.command()(_command)


def main() -> None:
    """Entry point of the `pappus` console script."""
    app()


if __name__ == "__main__":
    main()
