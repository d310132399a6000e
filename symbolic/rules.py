"""The deduction rules: parsed from the data file `rules.txt`, never hand-coded."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lark import Lark, Transformer
from lark.exceptions import UnexpectedInput

from . import predicates
from .errors import RuleFileError, SourceLocation
from .problem import Atom

RULES_FILE = Path(__file__).with_name("rules.txt")

_GRAMMAR = r"""
start: rule*
rule: RULE_ID NAME flags? ":" atoms "=>" atoms STRING
flags: "[" NAME ("," NAME)* "]"
atoms: atom ("," atom)*
atom: NAME ARG+
RULE_ID: /[a-z]\d+[a-z]?(?=\s)/
NAME: /[a-z_][a-z0-9_]*/
ARG: /[A-Z][A-Z0-9]*|\d+\/\d+|\d+pi\/\d+/
STRING: /"[^"]*"/
COMMENT: /#[^\n]*/
%import common.WS
%ignore WS
%ignore COMMENT
"""

KNOWN_FLAGS = {"algebra", "overlap", "late"}


@dataclass(frozen=True)
class Rule:
    """A Horn rule over variables; `algebra` rules are realised by the AR engine."""

    id: str
    name: str
    description: str
    premises: tuple[Atom, ...]
    conclusions: tuple[Atom, ...]
    flags: frozenset[str] = frozenset()

    @property
    def variables(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for atom in (*self.premises, *self.conclusions):
            for arg in _point_args(atom):
                seen.setdefault(arg)
        return tuple(seen)

    @property
    def by_algebra(self) -> bool:
        return "algebra" in self.flags

    @property
    def late(self) -> bool:
        """Matched only when the other rules saturate short of the goal (costly, rare)."""
        return "late" in self.flags

    def to_text(self) -> str:
        prem = ", ".join(a.to_text() for a in self.premises)
        concl = ", ".join(a.to_text() for a in self.conclusions)
        return f"{prem} => {concl}"


def _point_args(atom: Atom) -> tuple[str, ...]:
    spec = predicates.lookup(atom.predicate)
    if spec is not None and spec.has_value:
        return atom.args[:-1]
    return atom.args


class _ToRules(Transformer):
    def atom(self, items):
        return Atom(str(items[0]), tuple(str(x) for x in items[1:]))

    def atoms(self, items):
        return tuple(items)

    def flags(self, items):
        return frozenset(str(x) for x in items)

    def rule(self, items):
        rule_id, name = str(items[0]), str(items[1])
        rest = items[2:]
        flags: frozenset[str] = frozenset()
        if isinstance(rest[0], frozenset):
            flags, rest = rest[0], rest[1:]
        premises, conclusions, desc = rest
        return Rule(rule_id, name, str(desc)[1:-1], premises, conclusions, flags)

    def start(self, items):
        return list(items)


def parse_rules(text: str, path: str = "<rules>") -> list[Rule]:
    """Parse and validate a rules file's text."""
    try:
        tree = Lark(_GRAMMAR, parser="lalr").parse(text)
    except UnexpectedInput as exc:
        line = text.splitlines()[exc.line - 1] if exc.line and exc.line > 0 else ""
        raise RuleFileError(
            f"{path}:{exc.line}:{exc.column}: malformed rule\n  {line}") from None
    rules: list[Rule] = _ToRules().transform(tree)
    seen: set[str] = set()
    for rule in rules:
        where = SourceLocation(path, 1, 1).prefix()
        if rule.id in seen:
            raise RuleFileError(f"{where}: duplicate rule id {rule.id}")
        seen.add(rule.id)
        unknown = rule.flags - KNOWN_FLAGS
        if unknown:
            raise RuleFileError(f"{where}: rule {rule.id}: unknown flag {sorted(unknown)}")
        for atom in (*rule.premises, *rule.conclusions):
            spec = predicates.lookup(atom.predicate)
            if spec is None:
                raise RuleFileError(f"{where}: rule {rule.id}: unknown predicate "
                                    f"{atom.predicate!r}")
            if not spec.accepts_arity(len(atom.args)):
                raise RuleFileError(f"{where}: rule {rule.id}: {atom.predicate} takes "
                                    f"{spec.arity_text()}")
        for atom in rule.conclusions:
            if predicates.lookup(atom.predicate).nondegeneracy:  # type: ignore[union-attr]
                raise RuleFileError(f"{where}: rule {rule.id}: a conclusion cannot be "
                                    f"a non-degeneracy condition")
        premise_vars = {a for atom in rule.premises for a in _point_args(atom)}
        for atom in rule.conclusions:
            missing = set(_point_args(atom)) - premise_vars
            if missing:
                raise RuleFileError(f"{where}: rule {rule.id}: conclusion uses "
                                    f"{sorted(missing)} absent from the premises")
    return rules


@cache
def load_rules(path: str | None = None) -> tuple[Rule, ...]:
    """The rules of `path` (default: the packaged rules.txt)."""
    p = Path(path) if path else RULES_FILE
    return tuple(parse_rules(p.read_text(), str(p)))


def rules_by_id(path: str | None = None) -> dict[str, Rule]:
    return {r.id: r for r in load_rules(path)}
