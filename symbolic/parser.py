"""Problem language front end: text to a validated `Problem`, with precise error messages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from . import dialects, predicates
from .constructions import ConstructionSpec, closest_names, lookup
from .errors import ProblemSyntaxError, SourceLocation
from .problem import Atom, Clause, ConstructionCall, PointDecl, Problem, Span

_TOKEN_NAMES = {
    "WORD": "a name",
    "PIN": "pinned coordinates like @1.0_2.0",
    "SEMICOLON": "';'",
    "COMMA": "','",
    "EQUAL": "'='",
    "QMARK": "'?'",
    "VBAR": "'|'",
    "STAR": "'*'",
    "$END": "end of line",
}
_NUMBER = re.compile(r"^-?\d+(\.\d+)?(/\d+)?$")


@cache
def _lark() -> Lark:
    grammar = (Path(__file__).with_name("grammar.lark")).read_text()
    return Lark(grammar, start="problem", parser="lalr", propagate_positions=True)


class _Context:
    """Where the problem line sits, for error messages."""

    def __init__(self, text: str, path: str | None, line: int, name: str | None,
                 dialect: str = dialects.DEFAULT) -> None:
        self.text, self.path, self.line, self.name = text, path, line, name
        self.dialect = dialect

    def error(
        self,
        message: str,
        column: int | None,
        expected: str | None = None,
        hint: str | None = None,
    ) -> ProblemSyntaxError:
        loc = SourceLocation(self.path, self.line, column or 1, self.text)
        return ProblemSyntaxError(message, loc, expected=expected, hint=hint, problem=self.name)


def parse_problem(
    text: str, name: str = "problem", path: str | None = None, line: int = 1,
    dialect: str = dialects.DEFAULT,
) -> Problem:
    """Parse and validate one problem line (`clauses ? goal`).

    `dialect` (alphageometry or newclid) decides the names the two languages read
    differently; see `symbolic.dialects`."""
    ctx = _Context(text, path, line, name, dialects.check(dialect))
    if not text.strip():
        raise ctx.error("empty problem", 1, expected="clauses like 'a b c = triangle a b c'")
    try:
        tree = _lark().parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(ctx, exc) from None
    return _build(tree, ctx)


def _syntax_error(ctx: _Context, exc: UnexpectedInput) -> ProblemSyntaxError:
    column = getattr(exc, "column", None) or len(ctx.text) + 1
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        char = ctx.text[pos] if pos < len(ctx.text) else "?"
        hint = None
        if char == "@":
            hint = "pinned coordinates are written name@x_y, e.g. a@0.5_-1"
        return ctx.error(f"unexpected character {char!r}", column, hint=hint,
                         expected=_expected(exc.allowed))
    if isinstance(exc, UnexpectedToken):
        got = exc.token
        if got.type == "$END":
            return ctx.error("the problem line ends too early", len(ctx.text) + 1,
                             expected=_expected(exc.expected))
        return ctx.error(f"unexpected {str(got)!r}", column,
                         expected=_expected(set(exc.expected)))
    if isinstance(exc, UnexpectedEOF):
        return ctx.error("the problem line ends too early", len(ctx.text) + 1,
                         expected=_expected([str(t) for t in exc.expected]))
    return ctx.error("malformed problem", column)


def _expected(names: Iterable[str] | None) -> str | None:
    if not names:
        return None
    shown = sorted({_TOKEN_NAMES.get(n, n.lower()) for n in names})
    return " or ".join(shown)


def _span(token: Token) -> Span:
    return Span(line=token.line or 1, column=token.column or 1)


def _build(tree: Tree, ctx: _Context) -> Problem:
    defined: dict[str, Span] = {}
    clauses: list[Clause] = []
    goals: list[Atom] = []
    for child in tree.children:
        if not isinstance(child, Tree):
            continue
        if child.data == "clause":
            clauses.append(_build_clause(child, ctx, defined))
        elif child.data == "goal_part":
            goals += [_build_goal(g, ctx, defined) for g in child.children
                      if isinstance(g, Tree)]
    return Problem(ctx.name or "problem", tuple(clauses), goals[0] if goals else None,
                   ctx.path, ctx.line, tuple(goals[1:]))


def _build_clause(tree: Tree, ctx: _Context, defined: dict[str, Span]) -> Clause:
    decls: list[PointDecl] = []
    calls: list[Tree] = []
    for child in tree.children:
        if child.data == "point_decl":
            decls.append(_build_point(child, ctx))
        else:
            calls.append(child)
    names = [d.name for d in decls]
    for decl in decls:
        if decl.name in defined:
            raise ctx.error(f"point {decl.name!r} is already defined", decl.span.column,
                            hint="each clause must introduce new point names")
        if names.count(decl.name) > 1:
            raise ctx.error(f"point {decl.name!r} is declared twice in one clause",
                            decl.span.column)
    constructions = tuple(_build_call(c, ctx, names, defined) for c in calls)
    for decl in decls:
        defined[decl.name] = decl.span
    return Clause(tuple(decls), constructions)


def _tokens(tree: Tree) -> list[Token]:
    """A rule's children, all tokens for the rules that hold only tokens."""
    return [t for t in tree.children if isinstance(t, Token)]


def _build_point(tree: Tree, ctx: _Context) -> PointDecl:
    tokens = _tokens(tree)
    name_tok = tokens[0]
    name = str(name_tok)
    if not re.match(r"^[A-Za-z][A-Za-z0-9_']*$", name):
        raise ctx.error(f"{name!r} is not a valid point name", name_tok.column,
                        hint="point names start with a letter, e.g. a, b1, o_2")
    pinned = None
    if len(tokens) > 1:
        pin = str(tokens[1])[1:].strip()
        x_text, y_text = _split_pin(pin)
        try:
            pinned = (float(x_text), float(y_text))
        except ValueError:
            raise ctx.error(f"bad coordinates {pin!r}", tokens[1].column,
                            hint="write name@x_y, e.g. a@0.5_-1") from None
    return PointDecl(name, pinned, _span(name_tok))


def _split_pin(pin: str) -> tuple[str, str]:
    # The separator is the '_' that is not part of an exponent.
    idx = pin.index("_")
    return pin[:idx], pin[idx + 1:]


def _build_call(
    tree: Tree, ctx: _Context, new_points: list[str], defined: dict[str, Span]
) -> ConstructionCall:
    tokens = _tokens(tree)
    name_tok, arg_toks = tokens[0], tokens[1:]
    name = str(name_tok)
    spec = lookup(name)
    if spec is None:
        close = closest_names(name)
        hint = f"did you mean {', '.join(close)}?" if close else "see `pappus constructions`"
        raise ctx.error(f"unknown construction {name!r}", name_tok.column, hint=hint)
    args = [str(t) for t in arg_toks]
    columns = [t.column or 1 for t in arg_toks]
    args, columns = _fill_new_points(spec, args, columns, new_points, name_tok.column or 1,
                                     ctx)
    order = dialects.newclid_order(name, args, new_points)
    if order is not None:  # Newclid's argument order, new points first
        args, columns = [args[i] for i in order], [columns[i] for i in order]
    for i, slot in enumerate(spec.signature):
        if slot.startswith("%"):  # in the slot's unit: 63o, 1pi/3 -> degrees for s_angle
            args[i] = dialects.number_text(dialects.slot_kind(slot), args[i],
                                           ctx.dialect) or args[i]
    for slot, arg, col in zip(spec.signature, args, columns, strict=True):
        if slot.startswith("%"):
            if not _is_number(arg):
                raise ctx.error(f"{name}: {arg!r} should be a number", col,
                                expected=f"usage: {spec.usage()}")
        elif slot in spec.new_points:
            if arg not in new_points:
                raise ctx.error(
                    f"{name}: {arg!r} is in the place of a new point, but this clause "
                    f"defines {' '.join(new_points)}", col, expected=f"usage: {spec.usage()}")
        elif arg not in defined:
            if arg in new_points:
                raise ctx.error(f"{name}: point {arg!r} is used before it is constructed", col,
                                hint="a construction may only refer to earlier points")
            raise ctx.error(f"{name}: unknown point {arg!r}", col,
                            hint=_point_hint(arg, defined))
    return ConstructionCall(name, tuple(args), _span(name_tok))


def _fill_new_points(
    spec: ConstructionSpec,
    args: list[str],
    columns: list[int],
    new_points: list[str],
    column: int,
    ctx: _Context,
) -> tuple[list[str], list[int]]:
    """Accept AlphaGeometry's habit of leaving the new points out of the arguments."""
    n = len(spec.signature)
    if len(args) == n:
        return args, columns
    n_new = len(spec.new_points)
    _check_missing_goal_mark(spec, args, columns, ctx)
    written_out = [a for a in args if a in new_points]
    if len(args) == n - n_new and len(new_points) == n_new and not written_out:
        fill = iter(new_points)
        given = iter(zip(args, columns, strict=True))
        out, cols = [], []
        for slot in spec.signature:
            if slot in spec.new_points:
                out.append(next(fill))
                cols.append(column)
            else:
                arg, col = next(given)
                out.append(arg)
                cols.append(col)
        return out, cols
    if written_out and len(args) < n:  # the new points written out, some others missing
        others = [a.lstrip("%") for a in spec.signature if a not in spec.new_points]
        points = "point" if n_new == 1 else "points"
        raise ctx.error(
            f"{spec.name} takes {n} arguments, got {len(args)} (with the new {points} "
            f"{' '.join(repr(a) for a in written_out)})",
            column, expected=f"usage: {spec.usage()}",
            hint=f"give all {n}, or leave the new {points} out: "
                 f"'{' '.join([spec.name, *others])}'")
    raise ctx.error(
        f"{spec.name} takes {n} arguments ({n - n_new} without the new points), "
        f"got {len(args)}",
        column,
        expected=f"usage: {spec.usage()}",
    )


def _check_missing_goal_mark(
    spec: ConstructionSpec, args: list[str], columns: list[int], ctx: _Context
) -> None:
    """Raise when the arguments after the construction's own look like a goal (a predicate
    and its arguments): the '?' before the goal is likely missing."""
    n, n_new = len(spec.signature), len(spec.new_points)
    for k in sorted({n, n - n_new}):
        goal_spec = predicates.lookup(args[k]) if k < len(args) else None
        if goal_spec is None or not goal_spec.accepts_arity(len(args) - k - 1):
            continue
        goal = " ".join(args[k:])
        call = " ".join([spec.name, *args[:k]])
        raise ctx.error(f"missing '?' before the goal '{goal}'", columns[k],
                        hint=f"write '{call} ? {goal}'")


def _is_number(text: str) -> bool:
    """`60`, `-0.5`, `1/2`; not `1/0`."""
    return bool(_NUMBER.match(text)) and not re.search(r"/0+$", text)


def _point_hint(name: str, defined: dict[str, Span]) -> str:
    if not defined:
        return "no point is defined yet"
    shown = " ".join(list(defined)[:12])
    return f"points defined so far: {shown}"


def _build_goal(tree: Tree, ctx: _Context, defined: dict[str, Span]) -> Atom:
    tokens = _tokens(tree)
    name_tok, arg_toks = tokens[0], tokens[1:]
    spec = predicates.lookup(str(name_tok))
    if spec is None:
        import difflib

        close = difflib.get_close_matches(str(name_tok), list(predicates.PREDICATES), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else None
        raise ctx.error(f"unknown predicate {str(name_tok)!r}", name_tok.column, hint=hint,
                        expected="one of " + ", ".join(sorted(predicates.PREDICATES)))
    if not spec.accepts_arity(len(arg_toks)):
        raise ctx.error(f"{spec.name} takes {spec.arity_text()}, got {len(arg_toks)}",
                        name_tok.column)
    args = [str(t) for t in arg_toks]
    if spec.has_value and spec.value_kind == "angle":
        args[-1] = dialects.goal_angle_text(args[-1])  # Newclid's degrees: 90o
    points = spec.points(tuple(args))
    if points is None:
        raise ctx.error(f"{spec.name}: malformed arguments", name_tok.column,
                        expected=f"{spec.name} {spec.doc}")
    for tok in arg_toks:
        if str(tok) in points and str(tok) not in defined:
            raise ctx.error(f"goal uses unknown point {str(tok)!r}", tok.column,
                            hint=_point_hint(str(tok), defined))
    if spec.has_value:
        value_tok = arg_toks[-1]
        if spec.parse_value(args[-1]) is None:
            raise ctx.error(f"{spec.name}: bad value {str(value_tok)!r}", value_tok.column,
                            hint="angles as 2pi/3 or 1/3 (of pi); ratios as 1/2")
    return Atom(spec.name, tuple(args), _span(name_tok))


# ---------------------------------------------------------------- files


def iter_problem_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """(line number of the problem, name, problem text) for each name/problem pair.

    Blank lines and lines starting with '#' are skipped. A file holding a single
    problem line without a name is accepted too.
    """
    lines = [
        (i + 1, raw.rstrip("\r\n"))
        for i, raw in enumerate(text.splitlines())
        if raw.strip() and not raw.lstrip().startswith("#")
    ]
    if len(lines) == 1 and "=" in lines[0][1]:
        yield lines[0][0], "problem", lines[0][1]
        return
    for k in range(0, len(lines), 2):
        name_no, name = lines[k]
        if k + 1 >= len(lines):
            yield name_no, name.strip(), ""
            return
        line_no, body = lines[k + 1]
        yield line_no, name.strip(), body


def parse_problems(text: str, path: str | None = None,
                   dialect: str = dialects.DEFAULT) -> list[Problem]:
    """Parse every name/problem pair of a problem file's text."""
    problems = []
    for line_no, name, body in iter_problem_lines(text):
        if not body:
            raise ProblemSyntaxError(
                "problem name without a problem line",
                SourceLocation(path, line_no, 1, name), problem=name,
                expected="a problem line after the name line")
        problems.append(parse_problem(body, name=name, path=path, line=line_no,
                                      dialect=dialect))
    return problems


def load_problems(path: str | Path, names: list[str] | None = None,
                  dialect: str = dialects.DEFAULT) -> list[Problem]:
    """Load a problem file; with `names`, only those problems (in the order given).

    `dialect`: alphageometry (the default) or newclid, see `symbolic.dialects`."""
    p = Path(path)
    try:
        text = p.read_text()
    except OSError as exc:
        raise ProblemSyntaxError(f"cannot read file: {exc.strerror}",
                                 SourceLocation(str(p), 1, 1)) from None
    problems = parse_problems(text, str(p), dialect)
    if not names:
        return problems
    by_name = {pr.name: pr for pr in problems}
    missing = [n for n in names if n not in by_name]
    if missing:
        import difflib

        close = difflib.get_close_matches(missing[0], list(by_name), n=3)
        raise ProblemSyntaxError(
            f"no problem named {missing[0]!r} in this file",
            SourceLocation(str(p), 1, 1),
            hint=f"did you mean {', '.join(close)}?" if close else f"{len(by_name)} problems here",
        )
    return [by_name[n] for n in names]
