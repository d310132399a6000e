"""The predicate registry: every fact Pappus can state, with its arity and numeric test."""

from __future__ import annotations

from . import angles, circles, equations, lengths, lines, nondegenerate, ratios, triangles
from .spec import Args, Coords, PredicateSpec

PREDICATES: dict[str, PredicateSpec] = {
    spec.name: spec
    for module in (lines, lengths, angles, ratios, circles, triangles, nondegenerate,
                   equations)
    for spec in module.SPECS
}

# Names other tools use for the same predicates.
ALIASES: dict[str, str] = {
    "eqangle6": "eqangle",
    "eqratio6": "eqratio",
    "simtri1": "simtri",
    "contri1": "contri",
    # Newclid's names for the mirrored (orientation-reversing) triangle relations
    "simtrir": "simtri2",
    "contrir": "contri2",
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


# A four-term relation x1 - x2 = x3 - x4 with one term on each side alike says the other
# two are equal: an equal-angles fact that is a parallelism, an equal-ratios fact that
# is a congruence. Such facts are written in the simpler form.
_COLLAPSE = {"eqangle": "para", "eqratio": "cong"}


def canonical(name: str, args: Args) -> tuple[str, Args]:
    """Canonical (name, args) of a fact: equal facts get equal forms."""
    spec = lookup(name)
    if spec is None:
        raise KeyError(name)
    canon = spec.canonical(tuple(args))
    simpler = _COLLAPSE.get(spec.name)
    if simpler is not None and len({canon[0:2], canon[2:4], canon[4:6], canon[6:8]}) < 4:
        # canonical form (p0, m0, m1, p1) means p0 - m0 = m1 - p1
        p0, m0, m1, p1 = (canon[i:i + 2] for i in range(0, 8, 2))
        for a, b, rest in ((p0, m0, (m1, p1)), (p0, m1, (m0, p1)),
                           (p1, m0, (p0, m1)), (p1, m1, (p0, m0))):
            if a == b and rest[0] != rest[1]:
                return simpler, lookup(simpler).canonical((*rest[0], *rest[1]))  # type: ignore[union-attr]
    return spec.name, canon


__all__ = ["PREDICATES", "ALIASES", "PredicateSpec", "Args", "Coords", "lookup", "check",
           "canonical"]
