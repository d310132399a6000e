"""Facts as the independent checker reads them: a proof's fact texts parsed into
canonical tuples, the orientation a certificate refers to, a document's malformed
fields, and the forms a rule instance must avoid (degenerate) or need not cite (trivial).

Like the rest of the checker (`symbolic.checker`), it uses the predicates' canonical
forms and nothing of the prover.
"""

from __future__ import annotations

from . import predicates
from .predicates.spec import parse_angle_value, parse_ratio_value
from .problem import Atom
from .proof import Proof

Fact = tuple  # canonical (predicate, *args) over point names


def parse_fact(text: str) -> Fact:
    """A fact text in canonical form; ValueError names what is wrong with it."""
    words = text.split()
    if not words:
        raise ValueError("empty fact")
    spec = predicates.lookup(words[0])
    if spec is None:
        raise ValueError(f"unknown predicate {words[0]!r}")
    if not spec.accepts_arity(len(words) - 1):
        raise ValueError(f"{spec.name} takes {spec.arity_text()}")
    if spec.has_value:
        parse = parse_angle_value if spec.name == "aconst" else parse_ratio_value
        try:
            value = parse(words[-1])
        except (ValueError, ZeroDivisionError):
            value = None
        if value is None:
            raise ValueError(f"bad {spec.name} value {words[-1]!r}")
    name, args = predicates.canonical(words[0], tuple(words[1:]))
    return (name, *args)


def malformed_fields(proof: Proof) -> list[str]:
    """Fields of the wrong type, which the step checks could not even read."""
    errors = []
    for a in proof.aux:
        if "=" not in a or not a.split("=")[0].split():
            errors.append(f"auxiliary clause {a!r} does not name its points")
    for step in proof.steps:
        b, c = step.binding, step.certificate
        if b is not None and not (isinstance(b, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in b.items())):
            errors.append(f"step {step.id}: binding must map variables to point names")
        if c is not None and not (isinstance(c, dict) and all(
                isinstance(k, str | int) and isinstance(v, str | int) for k, v in c.items())):
            errors.append(f"step {step.id}: certificate must map step ids to rationals")
    return errors


def written(text: str) -> Fact:
    """A fact as written (argument order kept): certificates refer to this orientation."""
    words = text.split()
    return (words[0], *words[1:])


def atom_fact(atom: Atom) -> Fact:
    name, args = predicates.canonical(atom.predicate, atom.args)
    return (name, *args)


def fact_points(fact: Fact) -> tuple[str, ...]:
    """The points a fact names (without an aconst or rconst value)."""
    spec = predicates.lookup(fact[0])
    assert spec is not None
    return tuple(fact[1:-1]) if spec.has_value else tuple(fact[1:])


def degenerate(pred: str, args: list[str]) -> bool:
    """An atom whose points coincide where its meaning needs them apart."""

    def clash(group: list[str]) -> bool:
        return len(set(group)) < len(group)

    if pred in ("para", "perp", "cong", "eqangle", "eqratio", "aconst", "rconst",
                "npara", "nperp", "ncong", "diff", "prodratio"):
        n_seg = {"eqangle": 4, "eqratio": 4, "prodratio": 6}.get(pred, 2)
        return any(clash(args[2 * k:2 * k + 2]) for k in range(n_seg))
    if pred in ("coll", "ncoll", "midp", "circle"):
        return clash(args)
    if pred in ("simtri", "simtri2", "contri", "contri2", "sameside"):
        return clash(args[:3]) or clash(args[3:6])
    return False


def trivial(fact: Fact) -> bool:
    """Facts true by their form alone, which a rule step need not cite."""
    pred, args = fact[0], fact[1:]
    if pred == "coll":
        return len(set(args)) < 3
    if pred == "cyclic":
        return len(set(args)) < 4
    if pred in ("cong", "para"):
        return args[0:2] == args[2:4]
    if pred in ("eqangle", "eqratio"):
        segs = [args[i:i + 2] for i in range(0, 8, 2)]
        return sorted([segs[0], segs[3]]) == sorted([segs[1], segs[2]])
    if pred in ("simtri", "simtri2", "contri", "contri2"):
        return args[:3] == args[3:]
    if pred == "prodratio":
        segs = [tuple(sorted(args[i:i + 2])) for i in range(0, 12, 2)]
        return sorted(segs[0::2]) == sorted(segs[1::2])
    return False
