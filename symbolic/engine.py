"""The deduction engine: forward chaining over numerically matched rule instances.

Set-up (once per problem): realise the diagram, index it, and let the generic matcher
list every rule instance whose premises and conclusions hold in the diagram. Then the
engine runs an event queue to a fixpoint:

* a statement becomes proven (a premise, a rule conclusion, an algebraic consequence,
  or a structural consequence of collinear/concyclic sets);
* proving it feeds the structure or algebra table of its kind, which may prove watched
  statements in turn;
* every instance waiting on it counts down; at zero its conclusions are proven.

Nothing false in the diagram is ever added (instances only come from the diagram), and
each run stops with a typed reason under explicit time, step and fact budgets.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from itertools import combinations

from . import statements as st
from .algebra import Equation, LinearSystem, Scalar
from .constructions import lookup as lookup_construction
from .diagram import Diagram
from .engine_types import (
    Budget,
    ByAlgebra,
    ByRule,
    ByStructure,
    Given,
    Instance,
    Justification,
    Stats,
    StopReason,
)
from .matcher import compiled
from .numeric_index import NumericIndex
from .problem import Problem
from .rules import Rule, load_rules
from .statements import Stmt
from .structures import IncidenceSets

# Raw instance atom (predicate, point numbers...) -> its statement, or None if trivial.
# A pure function of the tuple, so shared by every engine in the process.
_CANONICAL: dict[tuple, Stmt | None] = {}
_CANONICAL_LIMIT = 1_000_000
# A segment's algebra variable is a * SEGMENT_BASE + b (a < b): independent of the number
# of points, so equations stay valid when a diagram grows, and ordered as a * n + b is.
SEGMENT_BASE = 1 << 20


@dataclass
class Engine:
    """Deduction state for one problem on one diagram."""

    problem: Problem
    diagram: Diagram
    rules: tuple[Rule, ...] = field(default_factory=load_rules)

    def __post_init__(self) -> None:
        self.names: list[str] = list(self.diagram.points)
        self.index_of = {n: i for i, n in enumerate(self.names)}
        self.n = len(self.names)
        self.index = NumericIndex([self.diagram.points[n] for n in self.names],
                                  self.diagram.scale)
        self.stmt_ids: dict[Stmt, int] = {}
        self.stmts: list[Stmt] = []
        self.proof: list[Justification | None] = []
        self.proven_order: list[int] = []
        self.instances: list[Instance] = []
        self.waiting: dict[int, list[int]] = {}
        self.remaining: list[int] = []
        self.queue: deque[tuple[int, Justification]] = deque()
        self.angle_inputs: list[tuple[str, int]] = []  # ("stmt", sid) | ("merge", coll sid)
        self.ratio_inputs: list[int] = []
        self.angle = LinearSystem(modular=True, on_implied=self._angle_implied, exact=False)
        self.ratio = LinearSystem(modular=False, on_implied=self._ratio_implied, exact=False)
        self.length = LinearSystem(modular=False, on_implied=self._length_implied,
                                   exact=False)
        # ("stmt", sid) | ("between", (x, y, z)): y between x and z on a proven line
        self.length_inputs: list[tuple[str, object]] = []
        self._between_added: set[tuple[int, int, int]] = set()
        self.lines = IncidenceSets(2, on_merge=self._lines_merged)
        self.circles = IncidenceSets(3)
        self._line_var_used: set[int] = set()
        self._watch_coll: dict[int, set[int]] = {}
        self._watch_cyclic: dict[int, set[int]] = {}
        self.stats = Stats()
        self.goal_id: int | None = None
        self.deadline: float | None = None
        self.setup_complete = True
        # rule id -> the number of points (the first ones) over which all its instances
        # have been matched; a grown engine matches only the bindings through the others
        self.matched_upto: dict[str, int] = {}
        # Staged replays (`open_points`): rule instances through a point numbered
        # `point_limit` or more wait in `deferred` until their points are opened.
        self.point_limit: int | None = None
        self.deferred: list[tuple[int, Rule, tuple[int, ...]]] = []

    # ------------------------------------------------------------ statements

    def statement_id(self, stmt: Stmt) -> int:
        sid = self.stmt_ids.get(stmt)
        if sid is None:
            sid = len(self.stmts)
            self.stmt_ids[stmt] = sid
            self.stmts.append(stmt)
            self.proof.append(None)
            self._watch(sid)
        return sid

    def _line_var(self, a: int, b: int) -> int:
        root = self.lines.get_or_create(a, b)
        self._line_var_used.add(root)
        return root

    @staticmethod
    def _segment_var(a: int, b: int) -> int:
        return a * SEGMENT_BASE + b if a < b else b * SEGMENT_BASE + a

    def _watch(self, sid: int) -> None:
        stmt = self.stmts[sid]
        kind = st.kind(stmt)
        if kind == "angle":
            log = self.angle.watch(sid, st.angle_equation(stmt, self._line_var))
            if log is not None:
                self.queue.append((sid, self._algebra_just("angle", log)))
        elif kind == "ratio":
            log = self.ratio.watch(sid, st.ratio_equation(stmt, self._segment_var))
            if log is not None:
                self.queue.append((sid, self._algebra_just("ratio", log)))
            elif stmt[0] in st.LENGTH_KINDS:
                log = self.length.watch(sid, st.length_equation(stmt, self._segment_var))
                if log is not None:
                    self.queue.append((sid, self._algebra_just("length", log)))
        elif kind in ("coll", "cyclic"):
            sets = self.lines if kind == "coll" else self.circles
            pts = st.points_of(stmt)
            if sets.contains_all(pts):
                self.queue.append((sid, ByStructure(kind, len(self.proven_order))))
            else:
                watch = self._watch_coll if kind == "coll" else self._watch_cyclic
                for p in pts:
                    watch.setdefault(p, set()).add(sid)

    def _algebra_just(self, domain: str, log: list[tuple[int, Scalar]]) -> ByAlgebra:
        return ByAlgebra(domain, tuple(log), len(self.proven_order))

    def _angle_implied(self, key: object, log: list[tuple[int, Scalar]]) -> None:
        self.queue.append((int(key), self._algebra_just("angle", log)))  # type: ignore[call-overload]

    def _ratio_implied(self, key: object, log: list[tuple[int, Scalar]]) -> None:
        self.queue.append((int(key), self._algebra_just("ratio", log)))  # type: ignore[call-overload]

    def _length_implied(self, key: object, log: list[tuple[int, Scalar]]) -> None:
        self.queue.append((int(key), self._algebra_just("length", log)))  # type: ignore[call-overload]

    def _add_betweenness(self, root: int, points: set[int]) -> None:
        """Length equations `xy + yz = xz` for the line's new collinear triples (those
        through one of `points`), y between x and z as the diagram shows."""
        members = self.lines.members[root]
        if len(members) < 3 or not points:
            return
        z = self.index.z
        first = min(members)
        u = complex(z[max(members)] - z[first]).conjugate()
        along = sorted(members, key=lambda p: (complex(z[p] - z[first]) * u).real)
        for x, y, w in combinations(along, 3):
            if points.isdisjoint((x, y, w)):
                continue
            key = (min(x, w), y, max(x, w))
            if key in self._between_added:
                continue
            self._between_added.add(key)
            if self.length.add(st.betweenness_equation(x, y, w, self._segment_var)) is not None:
                self.length_inputs.append(("between", key))

    def _lines_merged(self, absorbed: int, keeper: int, coll_sid: int) -> None:
        # Directions of merged lines become one: tell the angle table, if it knows them.
        if absorbed in self._line_var_used or keeper in self._line_var_used:
            self._line_var_used.update((absorbed, keeper))
            eq = Equation({absorbed: Fraction(1), keeper: Fraction(-1)})
            if self.angle.add(eq) is not None:
                self.angle_inputs.append(("merge", coll_sid))

    # ------------------------------------------------------------ set-up

    def setup(self, goal: Stmt | None = None, deadline: float | None = None,
              rules: Iterable[Rule] | None = None) -> bool:
        """Match the rules (default: all) on the diagram; register premises and the goal.

        Returns False when `deadline` (a `time.perf_counter()` value) passed first; the
        engine then holds only some rules' instances and `run` stops at once.
        """
        t0 = time.perf_counter()
        self.deadline = deadline
        self.add_rules(self.rules if rules is None else rules)  # times itself
        for clause_no in range(len(self.problem.clauses)):
            self.assert_clause(clause_no)
        if goal is None and self.problem.goal is not None:
            goal = st.from_atom(self.problem.goal, self.index_of)
        if goal is not None:
            self.goal_id = self.statement_id(goal)
        self.stats.setup_seconds = time.perf_counter() - t0
        return self.setup_complete

    def assert_clause(self, clause_no: int) -> None:
        """Queue the facts a clause's constructions assert (those true in the diagram)."""
        for call in self.problem.clauses[clause_no].constructions:
            spec = lookup_construction(call.name)
            assert spec is not None
            for atom in spec.instantiate(spec.facts, call.args):
                if not self.diagram.check(atom):
                    continue  # never assert what the diagram contradicts
                self.queue.append((self.statement_id(st.from_atom(atom, self.index_of)),
                                   Given(clause_no)))

    def add_rules(self, rules: Iterable[Rule]) -> bool:
        """Match more rules; their instances take part from the next `run` on (premises
        already proven count as met). A rule already matched over the first m points is
        matched only through the points after them. False if the deadline passed while
        matching."""
        t0 = time.perf_counter()
        for rule in rules:
            if rule.by_algebra:
                continue
            upto = self.matched_upto.get(rule.id)
            if upto is not None and upto >= self.n:
                continue
            if not self._add_instances(rule, upto):
                self.setup_complete = False
                break
            self.matched_upto[rule.id] = self.n
        self.stats.match_seconds += time.perf_counter() - t0
        return self.setup_complete

    def _add_instances(self, rule: Rule, n_old: int | None = None) -> bool:
        """Add the rule's instances (only those through a point numbered `n_old` or more,
        if given); False if the deadline passed while matching."""
        cr = compiled(rule)
        deadline = self.deadline
        bindings = cr.matches(self.index) if n_old is None else cr.new_matches(self.index, n_old)
        # Join plans are cached per size band from the first diagram seen in it, so the
        # order they enumerate in depends on what the process ran before; sorted, the
        # instances (and so the proofs traced) depend on the diagram alone.
        found = []
        for binding in bindings:
            found.append(binding)
            if deadline is not None and len(found) % 512 == 0 and time.perf_counter() > deadline:
                return False
        found.sort()
        limit = self.point_limit
        if limit is not None:  # a staged replay: later points' instances wait
            self.deferred.extend((max(b), rule, b) for b in found if max(b, default=-1) >= limit)
            found = [b for b in found if max(b, default=-1) < limit]
        return self._add_bindings(rule, found)

    def _add_bindings(self, rule: Rule, found: list[tuple[int, ...]]) -> bool:
        """Register the instances of `rule` for these bindings (in this order); False if
        the deadline passed."""
        cr = compiled(rule)
        deadline = self.deadline
        count = 0
        seen: set[tuple] = set()
        make, trivial = st.make, st.is_trivial
        cache = _CANONICAL
        if len(cache) > _CANONICAL_LIMIT:
            cache.clear()

        def instantiate(templates, binding) -> tuple:
            out = set()
            for t in templates:
                raw = (t.predicate, *[binding[v] for v in t.vars])
                if t.value is not None:
                    raw = (*raw, t.value)
                s = cache.get(raw)
                if s is None:
                    s = make(raw[0], raw[1:])
                    cache[raw] = s = None if trivial(s) else s
                if s is not None:
                    out.add(s)
            return tuple(sorted(out))

        for binding in found:
            count += 1
            if deadline is not None and count % 512 == 0 and time.perf_counter() > deadline:
                return False
            conclusions = instantiate(cr.conclusions, binding)
            if not conclusions:
                continue
            premises = instantiate(cr.premises, binding)
            key = (premises, conclusions)
            if key in seen:
                continue
            seen.add(key)
            p_ids = tuple(self.statement_id(s) for s in premises)
            c_ids = tuple(self.statement_id(s) for s in conclusions)
            inst_id = len(self.instances)
            self.instances.append(Instance(rule, binding, p_ids, c_ids))
            pending = [sid for sid in p_ids if self.proof[sid] is None]
            self.remaining.append(len(pending))
            for sid in pending:
                self.waiting.setdefault(sid, []).append(inst_id)
            if not pending:
                self._fire(inst_id)
        self.stats.instances = len(self.instances)
        return deadline is None or time.perf_counter() <= deadline

    def open_points(self, limit: int | None) -> None:
        """Let the rule instances through points numbered below `limit` (None: all)
        take part: a problem replayed clause by clause on one engine, matched once."""
        self.point_limit = limit
        ready = [d for d in self.deferred if limit is None or d[0] < limit]
        if not ready:
            return
        self.deferred = [d for d in self.deferred if limit is not None and d[0] >= limit]
        by_rule: dict[str, tuple[Rule, list[tuple[int, ...]]]] = {}
        for _, rule, binding in ready:  # in the order they were matched: deterministic
            by_rule.setdefault(rule.id, (rule, []))[1].append(binding)
        for rule, bindings in by_rule.values():
            self._add_bindings(rule, bindings)

    # ------------------------------------------------------------ growing

    def grown(self, problem: Problem, diagram: Diagram) -> Engine:
        """A copy of this engine for `problem`, which extends this engine's problem by
        clauses whose new points `diagram` adds after the existing ones (those keep
        their numbers and coordinates). This engine is left as it is: the copy shares
        only values that never change (statements, instances, justifications, algebra
        rows). The new points' instances and facts come with `add_rules` and
        `assert_clause`, then `run`.
        """
        new = Engine.__new__(Engine)
        new.problem, new.diagram, new.rules = problem, diagram, self.rules
        new.names = list(diagram.points)
        if new.names[:self.n] != self.names:
            raise ValueError("a grown diagram keeps the existing points first, in order")
        new.index_of = {name: i for i, name in enumerate(new.names)}
        new.n = len(new.names)
        new.index = self.index if diagram is self.diagram else NumericIndex(
            [diagram.points[name] for name in new.names], diagram.scale, parent=self.index)
        new.stmt_ids = dict(self.stmt_ids)
        new.stmts = list(self.stmts)
        new.proof = list(self.proof)
        new.proven_order = list(self.proven_order)
        new.instances = list(self.instances)
        proof = self.proof  # a proven statement's waiting list was used up when proven
        new.waiting = {sid: list(w) for sid, w in self.waiting.items() if proof[sid] is None}
        new.remaining = list(self.remaining)
        new.queue = deque(self.queue)
        new.angle_inputs = list(self.angle_inputs)
        new.ratio_inputs = list(self.ratio_inputs)
        new.length_inputs = list(self.length_inputs)
        new.angle = self.angle.copy(new._angle_implied)
        new.ratio = self.ratio.copy(new._ratio_implied)
        new.length = self.length.copy(new._length_implied)
        new._between_added = set(self._between_added)
        new.lines = self.lines.copy(new._lines_merged)
        new.circles = self.circles.copy()
        new._line_var_used = set(self._line_var_used)
        new._watch_coll = {p: set(w) for p, w in self._watch_coll.items() if w}
        new._watch_cyclic = {p: set(w) for p, w in self._watch_cyclic.items() if w}
        # counts go on from this engine's; times are the copy's own
        new.stats = replace(self.stats, match_seconds=0.0, setup_seconds=0.0, run_seconds=0.0)
        new.goal_id = self.goal_id
        new.deadline = None
        new.setup_complete = True
        new.matched_upto = dict(self.matched_upto)
        new.point_limit, new.deferred = None, list(self.deferred)
        return new

    # ------------------------------------------------------------ running

    def is_proven(self, sid: int) -> bool:
        return self.proof[sid] is not None

    def run(self, budget: Budget | None = None) -> StopReason:
        """Process the event queue until the goal is proven or nothing changes."""
        budget = budget or Budget()
        t0 = time.perf_counter()
        deadline = t0 + budget.timeout
        if self.deadline is not None:
            deadline = min(deadline, self.deadline)
        if not self.setup_complete:
            return StopReason.TIME_LIMIT
        reason = StopReason.SATURATED
        ticks = 0
        queue = self.queue
        while queue:
            sid, just = queue.popleft()
            if self.proof[sid] is not None:
                continue
            self._establish(sid, just)
            if self.goal_id is not None and self.proof[self.goal_id] is not None:
                reason = StopReason.PROVED
                break
            ticks += 1
            if ticks % 256 == 0 and time.perf_counter() > deadline:
                reason = StopReason.TIME_LIMIT
                break
            if self.stats.fired >= budget.max_steps:
                reason = StopReason.STEP_LIMIT
                break
            if len(self.proven_order) >= budget.max_facts:
                reason = StopReason.FACT_LIMIT
                break
        self.stats.run_seconds += time.perf_counter() - t0
        self.stats.statements = len(self.stmts)
        self.stats.proven = len(self.proven_order)
        self.stats.angle_rows = len(self.angle.rows)
        self.stats.ratio_rows = len(self.ratio.rows)
        self.stats.length_rows = len(self.length.rows)
        return reason

    def _establish(self, sid: int, just: Justification) -> None:
        self.proof[sid] = just
        self.proven_order.append(sid)
        stmt = self.stmts[sid]
        kind = st.kind(stmt)
        if kind == "angle":
            if self.angle.add(st.angle_equation(stmt, self._line_var)) is not None:
                self.angle_inputs.append(("stmt", sid))
        elif kind == "ratio":
            if self.ratio.add(st.ratio_equation(stmt, self._segment_var)) is not None:
                self.ratio_inputs.append(sid)
            if stmt[0] in st.LENGTH_KINDS:
                eq = st.length_equation(stmt, self._segment_var)
                if self.length.add(eq) is not None:
                    self.length_inputs.append(("stmt", sid))
        elif kind == "coll":
            changed = self.lines.add(st.points_of(stmt), sid)
            self._wake(changed, self._watch_coll, self.lines, "coll")
            pts = st.points_of(stmt)
            self._add_betweenness(self.lines.owner(pts[0], pts[1]), changed)
        elif kind == "cyclic":
            changed = self.circles.add(st.points_of(stmt), sid)
            self._wake(changed, self._watch_cyclic, self.circles, "cyclic")
        for inst_id in self.waiting.get(sid, ()):
            self.remaining[inst_id] -= 1
            if self.remaining[inst_id] == 0:
                self._fire(inst_id)

    def _fire(self, inst_id: int) -> None:
        """All premises of the instance are proven: queue its new conclusions."""
        self.stats.fired += 1
        for c in self.instances[inst_id].conclusions:
            if self.proof[c] is None:
                self.queue.append((c, ByRule(inst_id)))

    def _wake(self, changed: set[int], watch: dict[int, set[int]], sets: IncidenceSets,
              domain: str) -> None:
        for p in changed:
            for wsid in list(watch.get(p, ())):
                if self.proof[wsid] is not None:
                    watch[p].discard(wsid)
                    continue
                if sets.contains_all(st.points_of(self.stmts[wsid])):
                    for q in st.points_of(self.stmts[wsid]):
                        watch.get(q, set()).discard(wsid)
                    self.queue.append((wsid, ByStructure(domain, len(self.proven_order))))
