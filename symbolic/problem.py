"""The problem AST: what a problem line says, independent of any diagram or proof."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

PointName = str


@dataclass(frozen=True)
class Span:
    """1-based line and column of a piece of problem text."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class PointDecl:
    """A new point introduced by a clause, optionally pinned to fixed coordinates."""

    name: PointName
    pinned: tuple[float, float] | None = None
    span: Span = field(default=Span(), compare=False)

    def to_text(self) -> str:
        if self.pinned is None:
            return self.name
        x, y = self.pinned
        return f"{self.name}@{x!r}_{y!r}"


@dataclass(frozen=True)
class ConstructionCall:
    """One construction applied in a clause, with its full argument list (new points included)."""

    name: str
    args: tuple[str, ...]
    span: Span = field(default=Span(), compare=False)

    def to_text(self) -> str:
        return " ".join((self.name, *self.args))


@dataclass(frozen=True)
class Clause:
    """`p1 p2 ... = construction args, construction args`."""

    points: tuple[PointDecl, ...]
    constructions: tuple[ConstructionCall, ...]

    @property
    def point_names(self) -> tuple[PointName, ...]:
        return tuple(p.name for p in self.points)

    def to_text(self) -> str:
        pts = " ".join(p.to_text() for p in self.points)
        cons = ", ".join(c.to_text() for c in self.constructions)
        return f"{pts} = {cons}"


@dataclass(frozen=True)
class Atom:
    """A predicate applied to arguments, e.g. `perp a h b c` (used for goals and facts)."""

    predicate: str
    args: tuple[str, ...]
    span: Span = field(default=Span(), compare=False)

    def to_text(self) -> str:
        return " ".join((self.predicate, *self.args))

    def __str__(self) -> str:
        return self.to_text()


@dataclass(frozen=True)
class Problem:
    """A named constructive problem: clauses in order, then an optional goal.

    A problem may state several goals (Newclid's `? g1; g2`): `goal` is the first,
    `more_goals` the others, and `goals` all of them; every one must hold.
    """

    name: str
    clauses: tuple[Clause, ...]
    goal: Atom | None = None
    path: str | None = field(default=None, compare=False)
    line: int = field(default=1, compare=False)
    more_goals: tuple[Atom, ...] = ()

    @property
    def goals(self) -> tuple[Atom, ...]:
        """Every goal, the first one first (empty when the problem has none)."""
        return () if self.goal is None else (self.goal, *self.more_goals)

    @property
    def points(self) -> list[PointName]:
        """All point names, in order of construction."""
        return [p.name for clause in self.clauses for p in clause.points]

    def constructions(self) -> Iterator[tuple[Clause, ConstructionCall]]:
        for clause in self.clauses:
            for call in clause.constructions:
                yield clause, call

    def to_text(self, with_goal: bool = True) -> str:
        """The problem line in canonical AlphaGeometry syntax."""
        body = "; ".join(c.to_text() for c in self.clauses)
        if with_goal and self.goal is not None:
            body += " ? " + "; ".join(g.to_text() for g in self.goals)
        return body

    def with_goal(self, goal: Atom | None) -> Problem:
        """The same clauses with `goal` as the only goal (none when None)."""
        return Problem(self.name, self.clauses, goal, self.path, self.line)

    def with_clauses(self, clauses: tuple[Clause, ...]) -> Problem:
        return Problem(self.name, clauses, self.goal, self.path, self.line, self.more_goals)
