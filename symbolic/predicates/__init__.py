"""The predicate registry: every fact Pappus can state, with its arity and numeric test."""

from __future__ import annotations

from . import angles, circles, lengths, lines, nondegenerate, ratios, triangles
from .spec import Args, Coords, PredicateSpec

PREDICATES: dict[str, PredicateSpec] = {
    spec.name: spec
    for module in (lines, lengths, angles, ratios, circles, triangles, nondegenerate)
    for spec in module.SPECS
}

# Names other tools use for the same predicates.
ALIASES: dict[str, str] = {
    "eqangle6": "eqangle",
    "eqratio6": "eqratio",
    "simtri1": "simtri",
    "contri1": "contri",
}


def lookup(name: str) -> PredicateSpec | None:
    """The predicate called `name` (aliases accepted), or None."""
    return PREDICATES.get(ALIASES.get(name, name))


def check(name: str, coords: Coords, args: Args, scale: float) -> bool:
    """Numerically test predicate `name` on `args`."""
    spec = lookup(name)
    if spec is None:
        raise KeyError(name)
    return spec.check(coords, tuple(args), scale)


def canonical(name: str, args: Args) -> tuple[str, Args]:
    """Canonical (name, args) of a fact: equal facts get equal forms."""
    spec = lookup(name)
    if spec is None:
        raise KeyError(name)
    return spec.name, spec.canonical(tuple(args))


__all__ = ["PREDICATES", "ALIASES", "PredicateSpec", "Args", "Coords", "lookup", "check",
           "canonical"]
