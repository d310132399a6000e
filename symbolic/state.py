"""A proof state that grows: a problem saturated once, then extended clause by clause.

`ProofState.start(problem)` realises and saturates a problem (the staged run of
`symbolic.prover.prove`; the goal may be None). `state.extend("e = midpoint e a b")`
returns a new state: the clause's points drawn into the same diagram (the old points keep
their coordinates), its construction facts asserted, and saturation continued:

* the engine is copied (`Engine.grown`): its containers are copied, the values in them
  (statements, rule instances, justifications, algebra rows) are shared, so the parent
  never changes and siblings share what they inherit;
* the matcher adds only the rule instances through a new point
  (`CompiledRule.new_matches`: one join plan seeded at each rule variable), so no old
  instance is matched again;
* the algebra tables keep their rows and watched equations and take the new equations
  as they come, like any others during a run.

Run to a fixpoint, a grown state proves what the same problem proves from scratch on the
same diagram: the fixpoint of the rules does not depend on the order facts arrive in, so
only a budget can make them differ. `proved`, `trace` and `facts` ask a state; the search
over auxiliary clauses and the generator's extraction both use them. Nothing here reads
the clock except the time budget: a state extended twice by one clause gives the same
state twice when only fact or step budgets bind.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

from lark import Tree
from lark.exceptions import UnexpectedInput

from . import predicates
from . import statements as st
from .constructions import lookup as lookup_construction
from .diagram import Diagram, _compile, _draw_step, _Failure, realize, spread
from .engine import Budget, ByAlgebra, ByRule, ByStructure, Engine, Given, Stats, StopReason
from .errors import PappusError, ProblemSyntaxError
from .parser import _build_clause, _Context, _lark
from .problem import Atom, Clause, Problem, Span
from .proof import Proof
from .statements import Stmt
from .trace import Tracer

# A clause whose construction samples a point (on_line, on_circle, free, ...) is drawn
# again this many times when a draw lands badly (too close to a point, too far out).
DRAW_ATTEMPTS = 8


class InvalidClause(PappusError):
    """A clause that cannot be added to a proof state.

    `reason` is one of: syntax, unknown construction, unknown point, point exists,
    precondition fails, degenerate, duplicate point (a new point coincides numerically
    with an existing one).
    """

    def __init__(self, clause: str, reason: str, detail: str = "") -> None:
        self.clause = clause
        self.reason = reason
        self.detail = detail
        super().__init__(f"cannot add {clause!r}: {reason}" + (f" ({detail})" if detail else ""))


@dataclass(frozen=True)
class Fact:
    """A proven statement of a state; `id` stays its number in every state grown from it."""

    id: int
    statement: Stmt  # canonical, over point numbers (see symbolic.statements)
    names: tuple[str, ...]  # the state's point names, by number
    by: str  # construction | rule | algebra | incidence

    @property
    def predicate(self) -> str:
        return str(self.statement[0])

    @property
    def points(self) -> tuple[str, ...]:
        return tuple(self.names[p] for p in st.points_of(self.statement))

    @property
    def text(self) -> str:
        return st.to_text(self.statement, self.names)

    @property
    def atom(self) -> Atom:
        return st.to_atom(self.statement, self.names)

    @property
    def trivial(self) -> bool:
        return st.is_trivial(self.statement)


Goal = Atom | str | Fact | None


class ProofState:
    """A saturated problem; `extend` gives the state grown by one clause (see the module
    docstring). Treat it as immutable: every method leaves it as it was."""

    problem: Problem  # premises + auxiliary clauses added so far, with the goal
    diagram: Diagram
    aux: tuple[str, ...]  # auxiliary clause texts added, in order (canonical form)
    stop_reason: StopReason  # of the last saturation
    seconds: float  # drawing and saturating this state (its own share, not its parent's)
    # stats: counts for the whole state; times (setup, match, run) this state's own

    def __init__(self, base: Problem, problem: Problem, diagram: Diagram, engine: Engine,
                 aux: tuple[str, ...], stop_reason: StopReason, budget: Budget, staged: bool,
                 seconds: float) -> None:
        self.base = base  # the problem the first state started from
        self.problem = problem
        self.diagram = diagram
        self.aux = aux
        self.stop_reason = stop_reason
        self.budget = budget
        self.staged = staged
        self.seconds = seconds
        self._engine = engine
        self._tracer: Tracer | None = None
        self._asker: Engine | None = None  # a private copy that registers asked goals
        self._asker_reason = stop_reason
        self._asker_tracer: Tracer | None = None

    # ------------------------------------------------------------ building

    @classmethod
    def start(cls, problem: Problem, *, seed: int = 0, diagram: Diagram | None = None,
              budget: Budget | None = None, staged: bool = True) -> ProofState:
        """Realise (unless a diagram is given) and saturate the problem (its goal may be
        None). With `staged`, rules flagged `late` join only once the others saturate short
        of the goal, as in `prove`; without, all rules at once, as in `saturate`."""
        t0 = time.perf_counter()
        budget = budget or Budget()
        diagram = diagram or realize(problem, seed=seed)
        engine = Engine(problem, diagram)
        engine.setup(deadline=t0 + budget.timeout,
                     rules=[r for r in engine.rules if not (staged and r.late)])
        reason = _run(engine, budget, t0, staged)
        return cls(problem, problem, diagram, engine, (), reason, budget, staged,
                   time.perf_counter() - t0)

    @classmethod
    def replay(cls, problem: Problem, *, diagram: Diagram, budget: Budget | None = None
               ) -> tuple[ProofState, list[int], list[StopReason]]:
        """Saturate the problem clause by clause on one engine (all rules, matched once):
        after clause k only the rule instances and facts of clauses 0..k take part, so
        the state then is what the first k+1 clauses prove (a superset only in that
        statements later instances name are known, and may be proven, earlier).

        Returns the final state, the number of facts proven after each clause, and why
        each stage stopped; stages after a budget hit are not run (they repeat its
        reason)."""
        t0 = time.perf_counter()
        budget = budget or Budget()
        engine = Engine(problem, diagram)
        engine.deadline = t0 + budget.timeout
        ends: list[int] = []
        reasons: list[StopReason] = []
        n_points = 0  # points of clauses 0..k
        for k, clause in enumerate(problem.clauses):
            n_points += len(clause.point_names)
            if k == 0:
                engine.point_limit = n_points
                engine.add_rules(engine.rules)
            else:
                engine.open_points(n_points if k + 1 < len(problem.clauses) else None)
            engine.assert_clause(k)
            reason = _run(engine, budget, t0, staged=False)
            ends.append(len(engine.proven_order))
            reasons.append(reason)
            if reason is not StopReason.SATURATED:
                break
        ends += [ends[-1]] * (len(problem.clauses) - len(ends))
        reasons += [reasons[-1]] * (len(problem.clauses) - len(reasons))
        state = cls(problem, problem, diagram, engine, (), reasons[-1], budget, False,
                    time.perf_counter() - t0)
        return state, ends, reasons

    def extend(self, clause: str, *, budget: Budget | None = None) -> ProofState:
        """A new state: this one plus one clause (e.g. 'e = midpoint e a b'), its new
        points drawn in this state's diagram (the existing points keep their
        coordinates), saturated further. This state is unchanged.

        Raises InvalidClause, before any saturation, when the clause cannot be drawn.
        `budget` (default: the one the first state got) limits this extension's time;
        its fact and step limits count the whole state, as from scratch.
        """
        t0 = time.perf_counter()
        parsed, new_points = self._draw(clause)
        budget = budget or self.budget
        problem = self.problem.with_clauses((*self.problem.clauses, parsed))
        points = {**self.diagram.points, **new_points}
        _, scale = spread(list(points.values()))
        diagram = Diagram(problem, points, scale if scale > 0 else 1.0, self.diagram.seed)
        engine = self._engine.grown(problem, diagram)
        engine.deadline = t0 + budget.timeout
        t1 = time.perf_counter()
        engine.add_rules([r for r in engine.rules if not (self.staged and r.late)])
        engine.assert_clause(len(problem.clauses) - 1)
        engine.stats.setup_seconds = time.perf_counter() - t1  # as `Engine.setup` counts
        reason = _run(engine, budget, t0, self.staged)
        return ProofState(self.base, problem, diagram, engine, (*self.aux, parsed.to_text()),
                          reason, self.budget, self.staged, time.perf_counter() - t0)

    def draw_point(self, clause: str) -> dict[str, complex]:
        """The coordinates a clause's new points would get in this state's diagram
        (as `extend` draws them); raises InvalidClause when it cannot be drawn."""
        return self._draw(clause)[1]

    def _draw(self, text: str) -> tuple[Clause, dict[str, complex]]:
        clause = self._parse(text)
        points = self.diagram.points
        try:
            step = _compile(len(self.problem.clauses) + 1, clause)
        except PappusError as err:
            raise InvalidClause(text, "syntax", str(err)) from None
        _, radius = spread(list(points.values()))
        for atom, construction in step.preconditions:
            if not predicates.check(atom.predicate, points, atom.args, max(radius, 1e-300)):
                raise InvalidClause(text, "precondition fails", f"{construction} needs '{atom}'")
        # deterministic: the same state and clause always draw the same points
        rng = random.Random(f"{self.diagram.seed}|{'; '.join(self.aux)}|{clause.to_text()}")
        failure: _Failure | None = None
        for _ in range(DRAW_ATTEMPTS if step.random else 1):
            try:
                after = _draw_step(step, points, rng)
            except _Failure as err:
                failure = err
                if "coincides with" in err.reason:
                    break  # an exact coincidence: drawing again does not help
                continue
            return clause, {p: after[p] for p in clause.point_names}
        assert failure is not None
        reason = "duplicate point" if "coincides with" in failure.reason else "degenerate"
        raise InvalidClause(text, reason, failure.reason)

    def _parse(self, text: str) -> Clause:
        defined = {p: Span() for p in self.problem.points}
        ctx = _Context(text, None, 1, self.problem.name)
        try:
            tree = _lark().parse(text)
        except UnexpectedInput:
            raise InvalidClause(text, "syntax") from None
        parts = [c for c in tree.children if isinstance(c, Tree)]
        if len(parts) != 1 or parts[0].data != "clause":
            raise InvalidClause(text, "syntax", "one clause, without a goal")
        try:
            return _build_clause(parts[0], ctx, defined)
        except ProblemSyntaxError as err:
            raise InvalidClause(text, _syntax_reason(text, defined), err.message) from None

    # ------------------------------------------------------------ asking

    @property
    def stats(self) -> Stats:
        return self._engine.stats

    @property
    def points(self) -> list[str]:
        return list(self._engine.names)

    @property
    def ask_stop_reason(self) -> StopReason:
        """Why the private copy behind `proved` and `trace` last stopped: `stop_reason`
        until an asked statement made it run on (and a budget may stop that run too)."""
        return self._asker_reason

    def facts(self) -> Iterator[Fact]:
        """The proven statements, in the order they were proven."""
        e = self._engine
        names = tuple(e.names)
        for sid in e.proven_order:
            yield Fact(sid, e.stmts[sid], names, _by(e.proof[sid]))

    def proved(self, goal: Goal = None) -> bool:
        """Whether the goal (default: the problem's) is proven. A statement the state has
        not met before is registered on a private copy, which follows its algebraic and
        incidence consequences (if this state saturated) without changing this state."""
        return self._locate(goal) is not None

    def trace(self, goal: Goal = None, *, prune: bool = True) -> Proof:
        """A proof of the goal (default: the problem's), for `symbolic.checker`.

        Its problem is the first state's problem with the goal; its `aux` lists the
        auxiliary clauses it needs, in order: those whose points or construction facts
        a step uses, and the clauses those depend on (all of them if not `prune`).
        Auxiliary clauses defining the goal's points go into the problem instead.
        Raises PappusError when the goal is not proven.
        """
        found = self._locate(goal)
        if found is None:
            raise PappusError(f"'{self._goal_text(goal)}' is not proven in this state")
        engine, sid = found
        if engine is self._engine:
            tracer = self._tracer = self._tracer or Tracer(engine)
        else:
            tracer = self._asker_tracer = self._asker_tracer or Tracer(engine)
        goal_text = self._goal_text(goal)
        stmt = engine.stmts[sid]
        proof = tracer.proof(sid, "", goal_text, name=self.base.name)
        n_base = len(self.base.clauses)
        deps = _clause_dependencies(self.problem)
        defined_in = {p: k for k, c in enumerate(self.problem.clauses) for p in c.point_names}
        goal_clauses = _closure({defined_in[engine.names[p]] for p in st.points_of(stmt)},
                                deps)
        kept = _closure(self._used_clauses(proof, defined_in), deps) if prune else set(
            range(len(self.problem.clauses)))
        clauses = self.problem.clauses
        in_problem = [*clauses[:n_base], *(clauses[k] for k in sorted(goal_clauses)
                                           if k >= n_base)]
        problem = Problem(self.base.name, tuple(in_problem), _parse_goal(goal_text))
        proof.problem = problem.to_text()
        proof.aux = [clauses[k].to_text() for k in sorted(kept | goal_clauses)
                     if k >= n_base and k not in goal_clauses]
        return proof

    def _used_clauses(self, proof: Proof, defined_in: dict[str, int]) -> set[int]:
        index = {c.to_text(): k for k, c in enumerate(self.problem.clauses)}
        used: set[int] = set()
        for step in proof.steps:
            if step.clause is not None:
                used.add(index[step.clause])
            words = step.fact.split()[1:]
            words += list((step.binding or {}).values())
            for key in step.certificate or {}:
                words += str(key).split()[1:]  # "between x y z" terms name points
            used.update(defined_in[w] for w in words if w in defined_in)
        return used

    def _locate(self, goal: Goal) -> tuple[Engine, int] | None:
        """The engine holding the goal's statement proven, and its number; or None."""
        e = self._engine
        if isinstance(goal, Fact):
            return (e, goal.id) if e.proof[goal.id] is not None else None
        if goal is None:
            if e.goal_id is None:
                raise PappusError(f"problem {self.problem.name!r} has no goal")
            return (e, e.goal_id) if e.proof[e.goal_id] is not None else None
        stmt = self._statement(goal)
        sid = e.stmt_ids.get(stmt)
        if sid is not None and e.proof[sid] is not None:
            return e, sid
        asker = self._asker
        if asker is None:
            asker = self._asker = e.grown(self.problem, self.diagram)
            asker.goal_id = None  # runs go to the fixpoint, not to the problem's goal
        sid = asker.statement_id(stmt)
        if asker.proof[sid] is None and asker.queue:
            if self._asker_reason is StopReason.SATURATED:
                # the newly watched statement may follow from the fixpoint; a state
                # stopped by its budget is not run further (that would overstep it)
                self._asker_reason = asker.run(self.budget)
        return (asker, sid) if asker.proof[sid] is not None else None

    def _statement(self, goal: Atom | str) -> Stmt:
        atom = _parse_goal(goal) if isinstance(goal, str) else goal
        unknown = [a for a in _atom_points(atom) if a not in self._engine.index_of]
        if unknown:
            raise PappusError(f"goal '{atom}' names unknown points {' '.join(unknown)}")
        return st.from_atom(atom, self._engine.index_of)

    def _goal_text(self, goal: Goal) -> str:
        if goal is None:
            assert self.problem.goal is not None
            return self.problem.goal.to_text()
        if isinstance(goal, Fact):
            return goal.text
        return goal if isinstance(goal, str) else goal.to_text()

    def __repr__(self) -> str:
        return (f"ProofState({self.problem.name!r}, {len(self.aux)} aux, "
                f"{self.stop_reason.value}, {len(self._engine.proven_order)} facts)")


# ---------------------------------------------------------------- helpers


def _run(engine: Engine, budget: Budget, t0: float, staged: bool) -> StopReason:
    """Run to the budget; when staged and saturated, match the late rules and go on."""
    reason = engine.run(_remaining(budget, t0))
    if staged and reason is StopReason.SATURATED:
        late = [r for r in engine.rules if r.late]
        if any(engine.matched_upto.get(r.id) != engine.n for r in late if not r.by_algebra):
            engine.add_rules(late)
            reason = engine.run(_remaining(budget, t0))
    return reason


def _remaining(budget: Budget, t0: float) -> Budget:
    left = max(0.0, budget.timeout - (time.perf_counter() - t0))
    return Budget(left, budget.max_steps, budget.max_facts)


def _by(just: object) -> str:
    if isinstance(just, Given):
        return "construction"
    if isinstance(just, ByRule):
        return "rule"
    if isinstance(just, ByAlgebra):
        return "algebra"
    assert isinstance(just, ByStructure)
    return "incidence"


def _parse_goal(text: str) -> Atom:
    words = text.split()
    spec = predicates.lookup(words[0]) if words else None
    if spec is None:
        raise PappusError(f"'{text}' is not a statement (unknown predicate)")
    if not spec.accepts_arity(len(words) - 1):
        raise PappusError(f"'{text}': {spec.name} takes {spec.arity_text()}")
    return Atom(words[0], tuple(words[1:]))


def _atom_points(atom: Atom) -> tuple[str, ...]:
    spec = predicates.lookup(atom.predicate)
    assert spec is not None
    return atom.args[:-1] if spec.has_value else atom.args


def _syntax_reason(text: str, defined: dict[str, Span]) -> str:
    """Which of InvalidClause's reasons a clause the parser rejected has."""
    head, _, body = text.partition("=")
    new = head.split()
    if any(p.split("@")[0] in defined for p in new):
        return "point exists"
    for call in body.split(","):
        words = call.split()
        if not words:
            return "syntax"
        if lookup_construction(words[0]) is None:
            return "unknown construction"
        for w in words[1:]:
            if w not in defined and w not in new and not (w[:1].isdigit() or w[:1] == "-"):
                return "unknown point"
    return "syntax"


def _clause_dependencies(problem: Problem) -> list[set[int]]:
    """For each clause, the clauses defining the points its constructions use."""
    defined_in: dict[str, int] = {}
    deps: list[set[int]] = []
    for k, clause in enumerate(problem.clauses):
        own = set(clause.point_names)
        deps.append({defined_in[a] for call in clause.constructions for a in call.args
                     if a in defined_in and a not in own})
        for p in own:
            defined_in[p] = k
    return deps


def _closure(start: set[int], deps: list[set[int]]) -> set[int]:
    out, todo = set(start), list(start)
    while todo:
        for d in deps[todo.pop()]:
            if d not in out:
                out.add(d)
                todo.append(d)
    return out


__all__ = ["DRAW_ATTEMPTS", "Fact", "InvalidClause", "ProofState"]
