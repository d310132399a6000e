"""Theorem extraction: saturate a sampled problem, turn derived facts into theorems.

For each fact the engine derives (not a construction's own fact, not trivial, not a
predicate outside the problem language), the tracer gives a proof; the clauses that
proof rests on, plus the clauses that define the goal's points, make the pruned
problem. Clauses the proof needs but the goal's points do not depend on are auxiliary
constructions (AlphaGeometry's dependency difference). Points are renamed a, b, c, ...
premises first, auxiliary points after them; every record is verified
(`generator.verify`) before it is returned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from symbolic import statements as st
from symbolic.diagram import Diagram
from symbolic.engine_types import Budget, StopReason
from symbolic.problem import Atom, Clause, ConstructionCall, PointDecl, Problem
from symbolic.proof import Proof, ProofStep, render_text
from symbolic.rules import rules_by_id
from symbolic.state import Fact, ProofState

from .aux_check import PremiseProver
from .goals import canonical_goal
from .records import TheoremRecord
from .staged import StagedSaturation, saturate_staged
from .verify import Rejection, verify_record

# Predicates a theorem may conclude: the problem language's goals.
GOAL_PREDICATES = frozenset({
    "coll", "cyclic", "para", "perp", "cong", "eqangle", "eqratio", "midp", "circle",
    "simtri", "simtri2", "contri", "contri2", "aconst", "rconst",
})


@dataclass(frozen=True)
class ExtractionConfig:
    """What counts as a theorem worth keeping, and how much work a sample may take."""

    min_steps: int = 2  # deduction steps (construction facts excluded)
    saturation_timeout: float = 120.0
    max_facts: int = 20_000
    max_per_sample: int = 200
    verify_seed_offset: int = 1_000_003
    aux: str = "any"  # any | only (skip theorems without auxiliary points) | none
    # Auxiliary points follow AlphaGeometry's dependency difference: clauses the traced
    # proof uses that the goal's points do not depend on. Each such record also says
    # whether the prover needs them (`aux_needed`); with `needed_aux_only`, records whose
    # premises alone suffice are kept without the auxiliary clauses instead.
    needed_aux_only: bool = False


@dataclass
class Candidate:
    """A derived fact with its traced proof, before renaming and verification."""

    sid: int
    proof: Proof
    goal_clauses: list[int]
    kept_clauses: list[int]


def clause_dependencies(problem: Problem) -> list[set[int]]:
    """For each clause, the clauses defining the points its constructions use."""
    defined_in: dict[str, int] = {}
    deps: list[set[int]] = []
    for k, clause in enumerate(problem.clauses):
        own = set(clause.point_names)
        needs = {defined_in[a] for call in clause.constructions for a in call.args
                 if a in defined_in and a not in own}
        deps.append(needs)
        for p in own:
            defined_in[p] = k
    return deps


def closure(start: set[int], deps: list[set[int]]) -> set[int]:
    out, todo = set(start), list(start)
    while todo:
        k = todo.pop()
        for d in deps[k]:
            if d not in out:
                out.add(d)
                todo.append(d)
    return out


def _theorem_fact(fact: Fact) -> bool:
    """A fact a theorem may conclude: a goal predicate, not trivial, not a construction's."""
    return fact.predicate in GOAL_PREDICATES and not fact.trivial and \
        fact.by != "construction"


def has_aux(cand: Candidate) -> bool:
    """Whether the candidate's proof needs clauses its goal's points do not depend on."""
    return len(cand.kept_clauses) > len(cand.goal_clauses)


class Extractor:
    """Candidate theorems of one saturated sample (a `ProofState` of its problem)."""

    def __init__(self, problem: Problem, state: ProofState) -> None:
        self.problem = problem
        self.state = state
        self.deps = clause_dependencies(problem)
        self.defined_in = {p: k for k, c in enumerate(problem.clauses) for p in c.point_names}
        self.index_of = {p: k for k, p in enumerate(state.points)}

    def candidates(self, config: ExtractionConfig,
                   skip: frozenset[int] = frozenset()) -> Iterator[Candidate]:
        """Every theorem the state's facts give (facts numbered in `skip` left out)."""
        for fact in self.state.facts():
            if fact.id not in skip and _theorem_fact(fact):
                cand = self._candidate(fact, config)
                if cand is not None:
                    yield cand

    def late_candidates(self, staged: StagedSaturation,
                        config: ExtractionConfig) -> Iterator[Candidate]:
        """Facts born after every clause their statement's points need (see
        `generator.staged`): each needs an auxiliary point, found without tracing the
        facts that do not. Only prefixes that reached a fixpoint count."""
        for birth, fact in staged.facts():
            if not _theorem_fact(fact):
                continue
            last = max(closure({self.defined_in[p] for p in fact.points}, self.deps))
            if birth <= last or not staged.saturated(last):
                continue
            cand = self._candidate(fact, config)
            if cand is not None and has_aux(cand):
                yield cand

    def _candidate(self, fact: Fact, config: ExtractionConfig) -> Candidate | None:
        # every clause of the sample stays in the trace: the pruning below is the
        # extraction's own (premises, auxiliary clauses)
        atom = fact.atom
        goal = canonical_goal(atom)
        if goal == atom:
            proof = self.state.trace(fact, prune=False)
        elif st.is_trivial(st.from_atom(goal, self.index_of)) or not self.state.proved(goal):
            return None  # a degenerate form of a trivial fact, or one not followed up
        else:
            proof = self.state.trace(goal, prune=False)
        if len(proof.deductions()) < config.min_steps:
            return None
        used = {self._clause_of(step) for step in proof.steps if step.by == "construction"}
        goal_clauses = closure({self.defined_in[p] for p in goal.args if p in self.defined_in},
                               self.deps)
        kept = closure(used | goal_clauses, self.deps)
        return Candidate(fact.id, proof, sorted(goal_clauses), sorted(kept))

    def _clause_of(self, step: ProofStep) -> int:
        return self._clause_index[step.clause or ""]

    @property
    def _clause_index(self) -> dict[str, int]:
        index = getattr(self, "_clause_index_cache", None)
        if index is None:
            index = {c.to_text(): k for k, c in enumerate(self.problem.clauses)}
            self._clause_index_cache = index
        return index


# ---------------------------------------------------------------- records


def _point_names(n: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [letters[k % 26] + (str(k // 26) if k >= 26 else "") for k in range(n)]


def _renamed_clause(clause: Clause, mapping: dict[str, str]) -> Clause:
    points = tuple(PointDecl(mapping[p.name]) for p in clause.points)
    calls = tuple(ConstructionCall(c.name, tuple(mapping.get(a, a) for a in c.args))
                  for c in clause.constructions)
    return Clause(points, calls)


def _rename_fact(text: str, mapping: dict[str, str]) -> str:
    words = text.split()
    return " ".join([words[0], *(mapping.get(w, w) for w in words[1:])])


def _rename_certificate(cert: dict[str, str] | None,
                        mapping: dict[str, str]) -> dict[str, str] | None:
    """An algebra step's certificate with its `between x y z` terms renamed (its other
    keys are step ids, which renaming keeps)."""
    if cert is None:
        return None
    return {_rename_fact(k, mapping) if k.startswith("between ") else k: c
            for k, c in cert.items()}


def build_record(
    problem: Problem, cand: Candidate, seed: int, sample: int, rule_names: dict[str, str]
) -> TheoremRecord:
    """Prune, rename and package a candidate (not yet verified).

    The premises come first, then the auxiliary clauses, each in construction order
    (the premises are closed under dependencies, so none needs an auxiliary point):
    premise points are named a, b, c, ..., auxiliary points after them, and the full
    problem is the premises, the auxiliary clauses, the goal. The proof's problem is
    the record's problem, its aux the record's aux (what `verify_record` checks)."""
    goal_set = set(cand.goal_clauses)
    ordered = [k for k in cand.kept_clauses if k in goal_set] + \
        [k for k in cand.kept_clauses if k not in goal_set]
    kept = [problem.clauses[k] for k in ordered]
    order = [p.name for c in kept for p in c.points]
    mapping = dict(zip(order, _point_names(len(order)), strict=True))
    clause_text = {}
    renamed = []
    for k, clause in zip(ordered, kept, strict=True):
        new = _renamed_clause(clause, mapping)
        clause_text[clause.to_text()] = new.to_text()
        renamed.append((k, new))
    goal_words = cand.proof.goal.split()
    goal = Atom(goal_words[0], tuple(mapping.get(w, w) for w in goal_words[1:]))
    premises = [c for k, c in renamed if k in goal_set]
    aux = [c for k, c in renamed if k not in goal_set]
    base = Problem("theorem", tuple(premises), goal)
    full = Problem("theorem", tuple(c for _, c in renamed), goal)
    steps = [
        ProofStep(
            s.id, _rename_fact(s.fact, mapping), s.by, list(s.premises),
            binding=None if s.binding is None else {v: mapping[p] for v, p in s.binding.items()},
            certificate=_rename_certificate(s.certificate, mapping),
            clause=clause_text.get(s.clause) if s.clause else None,
        )
        for s in cand.proof.steps
    ]
    proof = Proof(problem=base.to_text(), goal=goal.to_text(), steps=steps,
                  aux=[c.to_text() for c in aux], name="theorem")
    aux_points = sum(len(c.points) for c in aux)
    return TheoremRecord(
        id="",
        problem=base.to_text(),
        aux=[c.to_text() for c in aux],
        full_problem=full.to_text(),
        goal=goal.to_text(),
        proof=proof.dumps(indent=None),
        proof_text=render_text(proof, rule_names),
        n_points=len(order) - aux_points,
        n_premises=sum(len(c.constructions) for c in premises),
        n_steps=len(proof.deductions()),
        n_aux=len(aux),
        rules=proof.rules_used,
        seed=seed,
        sample=sample,
        goal_predicate=goal.predicate,
        n_aux_points=aux_points,
    )


def extract(
    problem: Problem, diagram: Diagram, seed: int, sample: int, config: ExtractionConfig,
    rejected: list[Rejection] | None = None, notes: Counter[str] | None = None,
) -> list[TheoremRecord]:
    """Verified (but not yet deduplicated) theorems of one sampled problem; candidates
    that fail verification go to `rejected` (each is a bug to report, never data), and
    what was left out for other reasons is counted in `notes`.

    With `aux == "only"` and `needed_aux_only` the sample is saturated clause by clause
    and only the facts born after the clauses their statement needs are traced
    (`generator.staged`); when there are any, every fact of the sample is traced too;
    otherwise it is saturated at once and every fact is traced, theorems with auxiliary
    points first, so the per-sample cap never hides them. Each theorem with auxiliary
    points is tried from its premises alone to fill `aux_needed` and `aux_fixpoint`.
    """
    notes = notes if notes is not None else Counter()
    budget = Budget(timeout=config.saturation_timeout, max_facts=config.max_facts)
    if config.aux == "only" and config.needed_aux_only:
        staged = saturate_staged(problem, diagram, budget)
        if staged.timed_out:
            notes["sample_timed_out"] += 1  # births would depend on the machine's speed
            return []
        extractor = Extractor(problem, staged.state)
        ordered = list(extractor.late_candidates(staged, config))
        if ordered:
            # a sample that hides one such fact usually hides more whose auxiliary
            # clauses come earlier in it: trace its other facts too (the final stage is
            # the whole sample saturated), as the dependency difference finds them
            traced = frozenset(c.sid for c in ordered)
            ordered += [c for c in extractor.candidates(config, skip=traced) if has_aux(c)]
    else:
        state = ProofState.start(problem, diagram=diagram, staged=False, budget=budget)
        if state.stop_reason is StopReason.TIME_LIMIT:
            notes["sample_timed_out"] += 1
        extractor = Extractor(problem, state)
        cands = list(extractor.candidates(config))
        with_aux = [c for c in cands if has_aux(c)]
        without = [c for c in cands if not has_aux(c)]
        ordered = {"only": with_aux, "none": without}.get(config.aux, with_aux + without)
    rule_names = {rid: r.name for rid, r in rules_by_id().items()}
    premise_prover = PremiseProver(config, rule_names)
    out: list[TheoremRecord] = []
    seen: set[str] = set()  # problems (premises and goal) already taken from this sample
    for cand in ordered:
        record: TheoremRecord | None = build_record(problem, cand, seed, sample, rule_names)
        assert record is not None
        record.extra["premise_end"] = max(cand.goal_clauses) + 1  # clauses to keep as-is
        if record.problem in seen:
            continue
        seen.add(record.problem)
        if record.n_aux:
            verdict = premise_prover.verdict(record)
            if not verdict.decided:
                notes["aux_undecided"] += 1  # the safety net cut the premises' saturation
                continue
            record.aux_needed, record.aux_fixpoint = verdict.aux_needed, verdict.fixpoint
            if not verdict.aux_needed and config.needed_aux_only:
                notes["aux_not_needed"] += 1
                record = None if config.aux == "only" else \
                    premise_prover.plain_record(record, verdict)
        if record is None:
            continue
        rejection = verify_record(record, seed + config.verify_seed_offset)
        if rejection is None:
            out.append(record)
        elif rejected is not None:
            rejected.append(rejection)
        if len(out) >= config.max_per_sample:
            break
    return out
