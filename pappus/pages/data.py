"""The plain data a proof page is drawn from: the proof's steps in compact form, the
figure laid out on the page (`symbolic.figure_layout`), and the names of the rules used.

Compact because a dataset browser ships it for every record: a step is
`[id, fact, by, premises, extra]`, `extra` being the clause of a construction step or
the certificate of an algebra step (`"4:1 5:-1 6:1/2"`), else `""`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from symbolic.proof import Proof

PageData = dict[str, Any]


@cache
def rule_table() -> dict[str, tuple[str, str]]:
    """Rule id -> (name, description), from the packaged rules file."""
    from symbolic.rules import rules_by_id

    return {rid: (r.name, r.description) for rid, r in rules_by_id().items()}


def rules_used(proof: Proof) -> dict[str, list[str]]:
    """The rule table restricted to the rules `proof` uses (as JSON lists)."""
    table = rule_table()
    return {rid: list(table[rid]) for rid in proof.rules_used if rid in table}


def compact_steps(proof: Proof) -> list[list[Any]]:
    """The steps as `[id, fact, by, premises, extra]` (see the module docstring)."""
    out = []
    for s in proof.steps:
        if s.by == "construction":
            extra = s.clause or ""
        elif s.certificate:
            extra = " ".join(f"{k}:{v}" for k, v in s.certificate.items())
        else:
            extra = ""
        out.append([s.id, s.fact, s.by, list(s.premises), extra])
    return out


def full_problem(proof: Proof) -> str:
    """The problem with its auxiliary clauses, as drawn: the proof's problem where it
    already holds them, else with them added before the goal."""
    clauses = [c.strip() for c in proof.problem.split("?")[0].split(";")]
    missing = [a for a in proof.aux if a.strip() not in clauses]
    if not missing:
        return proof.problem
    body, _, goal = proof.problem.partition("?")
    text = "; ".join([body.strip().rstrip(";"), *missing])
    return f"{text} ? {goal.strip() or proof.goal}"


def figure_data(problem_text: str, aux: list[str], *, seed: int = 0,
                name: str = "") -> dict[str, Any]:
    """The laid-out figure of `problem_text` (auxiliary clauses included, those of `aux`
    drawn as auxiliary) as plain data; an `error` entry instead when it cannot be drawn."""
    from symbolic.diagram import realize
    from symbolic.errors import PappusError
    from symbolic.figure import clause_points, scene
    from symbolic.figure_layout import layout
    from symbolic.parser import parse_problem

    try:
        diagram = realize(parse_problem(problem_text, name=name), seed, require_goal=False)
        return layout(scene(diagram, aux_points=clause_points(aux))).to_json()
    except PappusError as exc:  # the page still shows the proof, and says why no figure
        return {"error": str(exc).splitlines()[0]}


def proof_data(proof: Proof, *, title: str = "", note: str = "", seed: int = 0,
               figure: dict[str, Any] | None = None, with_rules: bool = True) -> PageData:
    """Everything a proof page shows for `proof`. `note` is a line under the title (how
    it was proved); `figure` a laid-out figure, computed here when not given."""
    drawn = full_problem(proof)
    data: PageData = {
        "title": title or proof.name or "proof",
        "problem": proof.problem,
        "goal": proof.goal,
        "aux": list(proof.aux),
        "steps": compact_steps(proof),
        "figure": figure if figure is not None else
        figure_data(drawn, proof.aux, seed=seed, name=proof.name),
    }
    if note:
        data["note"] = note
    if with_rules:
        data["rules"] = rules_used(proof)
    return data


def record_data(record: Any, *, seed: int = 0, with_rules: bool = True,
                figure: dict[str, Any] | None = None) -> PageData:
    """The page data of a dataset record (`generator.records.TheoremRecord` or a row
    dict with its columns)."""
    def get(key: str) -> Any:
        return record.get(key) if isinstance(record, dict) else getattr(record, key, None)

    proof = Proof.loads(str(get("proof")))
    aux = list(get("aux") or [])
    proof.aux = aux
    full = get("full_problem") or full_problem(proof)
    fig = figure if figure is not None else figure_data(full, aux, seed=seed, name=str(get("id")))
    note = (f"{get('n_steps')} steps, {len(aux)} auxiliary clause(s), "
            f"{'verified' if get('verified') else 'NOT verified'} by the checker")
    data = proof_data(proof, title=f"record {get('id')}", note=note, figure=fig,
                      with_rules=with_rules)
    data["id"] = get("id")
    return data
