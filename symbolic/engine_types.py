"""Value types of the deduction engine: budgets, stop reasons, justifications."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from .rules import Rule


class StopReason(Enum):
    PROVED = "proved"
    SATURATED = "saturated"
    TIME_LIMIT = "time_limit"
    STEP_LIMIT = "step_limit"
    FACT_LIMIT = "fact_limit"


@dataclass(frozen=True)
class Budget:
    """Limits of one run; whichever is hit first stops it."""

    timeout: float = 120.0
    max_steps: int = 2_000_000  # rule instances fired
    max_facts: int = 2_000_000  # statements proven


@dataclass(frozen=True)
class Given:
    """A premise of the problem: a fact asserted by construction `clause`."""

    clause: int


@dataclass(frozen=True)
class ByRule:
    instance: int


@dataclass(frozen=True)
class ByAlgebra:
    domain: str  # "angle" | "ratio" | "length"
    log: tuple[tuple[int, Any], ...]  # reduction log (see algebra.LinearSystem)
    time: int  # number of proven statements when this one was derived


@dataclass(frozen=True)
class ByStructure:
    domain: str  # "coll" | "cyclic"
    time: int


Justification = Given | ByRule | ByAlgebra | ByStructure


@dataclass
class Instance:
    rule: Rule
    points: tuple[int, ...]  # the point bound to each of the rule's variables, in order
    premises: tuple[int, ...]
    conclusions: tuple[int, ...]

    @property
    def binding(self) -> dict[str, int]:
        return dict(zip(self.rule.variables, self.points, strict=True))


@dataclass
class Stats:
    instances: int = 0
    statements: int = 0
    proven: int = 0
    fired: int = 0
    match_seconds: float = 0.0
    setup_seconds: float = 0.0
    run_seconds: float = 0.0
    angle_rows: int = 0
    ratio_rows: int = 0
    length_rows: int = 0
