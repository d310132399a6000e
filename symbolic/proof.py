"""Proofs as values: a topologically ordered DAG of steps, with JSON and text writers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

PROOF_VERSION = 1


@dataclass
class ProofStep:
    """One fact and how it follows from earlier steps."""

    id: int
    fact: str
    by: str  # "construction" | rule id | "ar:angle" | "ar:ratio" | "incidence"
    premises: list[int] = field(default_factory=list)
    binding: dict[str, str] | None = None
    certificate: dict[str, str] | None = None  # premise id -> rational coefficient
    clause: str | None = None  # for construction steps: the clause asserting the fact

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "fact": self.fact, "by": self.by,
                               "premises": list(self.premises)}
        if self.binding is not None:
            out["binding"] = dict(self.binding)
        if self.certificate is not None:
            out["certificate"] = dict(self.certificate)
        if self.clause is not None:
            out["clause"] = self.clause
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProofStep:
        return cls(
            id=int(data["id"]),
            fact=str(data["fact"]),
            by=str(data["by"]),
            premises=[int(p) for p in data.get("premises", [])],
            binding=data.get("binding"),
            certificate=data.get("certificate"),
            clause=data.get("clause"),
        )


@dataclass
class Proof:
    """A proof of `goal` for `problem` (AlphaGeometry syntax, auxiliary clauses included)."""

    problem: str
    goal: str
    steps: list[ProofStep]
    aux: list[str] = field(default_factory=list)
    name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rules_used(self) -> list[str]:
        return sorted({s.by for s in self.steps if s.by != "construction"})

    def deductions(self) -> list[ProofStep]:
        return [s for s in self.steps if s.by != "construction"]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "version": PROOF_VERSION,
            "name": self.name,
            "problem": self.problem,
            "goal": self.goal,
            "aux": list(self.aux),
            "steps": [s.to_json() for s in self.steps],
        }
        out.update(self.extra)
        return out

    def dumps(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_json(), indent=indent)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Proof:
        known = {"version", "name", "problem", "goal", "aux", "steps"}
        return cls(
            problem=str(data["problem"]),
            goal=str(data["goal"]),
            steps=[ProofStep.from_json(s) for s in data["steps"]],
            aux=[str(a) for a in data.get("aux", [])],
            name=str(data.get("name", "")),
            extra={k: v for k, v in data.items() if k not in known},
        )

    @classmethod
    def loads(cls, text: str) -> Proof:
        return cls.from_json(json.loads(text))


def render_text(proof: Proof, rule_names: dict[str, str] | None = None) -> str:
    """Readable proof: premises, auxiliary constructions, numbered deduction steps."""
    rule_names = rule_names or {}
    number = {}
    lines = []
    if proof.name:
        lines.append(f"Problem {proof.name}")
    lines.append(f"  {proof.problem}")
    lines.append("")
    if proof.aux:
        lines.append("Auxiliary constructions:")
        lines.extend(f"  {a}" for a in proof.aux)
        lines.append("")
    lines.append("Premises:")
    k = 0
    for step in proof.steps:
        if step.by == "construction":
            k += 1
            number[step.id] = k
            where = f"   ({step.clause})" if step.clause else ""
            lines.append(f"  ({k:>2}) {step.fact}{where}")
    lines.append("")
    lines.append("Proof:")
    for step in proof.steps:
        if step.by == "construction":
            continue
        k += 1
        number[step.id] = k
        refs = ", ".join(f"({number[p]})" for p in step.premises if p in number)
        how = _describe(step, rule_names, number)
        lines.append(f"  ({k:>2}) {step.fact}")
        lines.append(f"       by {how}" + (f" from {refs}" if refs else ""))
    last = number.get(proof.steps[-1].id) if proof.steps else None
    lines.append("")
    lines.append(f"Goal {proof.goal} is step ({last}).")
    return "\n".join(lines)


def _describe(step: ProofStep, rule_names: dict[str, str], number: dict[int, int]) -> str:
    if step.by.startswith("ar:"):
        kind = step.by[3:]
        if step.certificate:
            terms = " + ".join(
                f"{c}·({number[int(p)] if str(p).isdigit() and int(p) in number else p})"
                for p, c in step.certificate.items())
            return f"{kind} chasing: {terms}"
        return f"{kind} chasing"
    if step.by == "incidence":
        return "collinear/concyclic sets sharing points"
    name = rule_names.get(step.by)
    return f"{step.by} {name}" if name else step.by
