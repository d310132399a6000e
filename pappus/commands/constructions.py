"""`pappus constructions`: the construction table (name, usage, facts) for users."""

from __future__ import annotations

import json

import typer

from symbolic.constructions import ConstructionSpec, closest_names, construction_table

from .common import CommandLineError


def describe(spec: ConstructionSpec) -> dict[str, object]:
    """One row of the table as plain data."""
    return {
        "name": spec.name,
        "usage": spec.usage(),
        "new_points": list(spec.new_points),
        "preconditions": [a.to_text() for a in spec.preconditions],
        "facts": [a.to_text() for a in spec.facts],
        "origin": spec.origin,  # alphageometry, or newclid for Newclid's own constructions
    }


def run(names: list[str], as_json: bool) -> None:
    """Print the rows called `names` (all rows when empty) as aligned text or JSON."""
    table = construction_table()
    for name in names:
        if name not in table:
            close = closest_names(name)
            hint = f"did you mean {', '.join(close)}?" if close else "run `pappus constructions`"
            raise CommandLineError(f"error: unknown construction {name!r}\n  hint: {hint}")
    specs = [table[n] for n in names] if names else list(table.values())
    if as_json:
        typer.echo(json.dumps([describe(s) for s in specs], indent=2))
        return
    width = max(len(s.usage()) for s in specs)
    for spec in specs:
        facts = "; ".join(a.to_text() for a in spec.facts) or "(no facts: free points)"
        typer.echo(f"{spec.usage():<{width}}  {facts}")
    if not names:
        typer.echo(f"{len(specs)} constructions. New points come first and may be left out: "
                   "'d = on_line a b' means 'd = on_line d a b'.", err=True)
