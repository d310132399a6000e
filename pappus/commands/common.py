"""What every subcommand shares: error reporting at the CLI boundary, progress bars, and
reading problem files one problem at a time (so one malformed problem spoils nothing else).
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from symbolic import dialects
from symbolic.errors import (
    GoalFalseError,
    PappusError,
    ProblemSyntaxError,
    SourceLocation,
    UnrealizableError,
)
from symbolic.parser import iter_problem_lines, parse_problem
from symbolic.problem import Problem

T = TypeVar("T")


def _dialect(value: str) -> str:
    if value not in dialects.DIALECTS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(dialects.DIALECTS)}")
    return value


# The --dialect option of every command that reads problem files.
DialectOption = Annotated[str, typer.Option(
    "--dialect", metavar="|".join(dialects.DIALECTS), callback=_dialect,
    help="Problem language: alphageometry (default) or newclid. It decides the one name "
         "the two read differently, a plain-number s_angle angle (degrees, or Newclid's "
         "fraction of pi); Newclid's other names and syntax are read in either.")]

INTERRUPTED_EXIT_CODE = 130
EXAMPLE_PROBLEM = "a b c = triangle a b c; h = orthocenter h a b c ? perp a h b c"


class CommandLineError(PappusError):
    """Arguments that make no sense together (a bad file suffix, a missing file, ...)."""


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn Pappus errors into a rendered message and their exit code (2 for bad input, 1
    for a clean negative answer such as a false goal), Ctrl-C into exit 130."""
    try:
        yield
    except PappusError as exc:
        typer.echo(exc.render(), err=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("\ninterrupted", err=True)
        raise typer.Exit(INTERRUPTED_EXIT_CODE) from None


def progress(items: Iterable[T], total: int | None = None, desc: str = "") -> Iterable[T]:
    """A tqdm bar on stderr, shown only when stderr is a terminal."""
    return progress_bar(total, desc, items)


def progress_bar(total: int | None, desc: str = "", items: Iterable[T] | None = None) -> Any:
    """A tqdm bar on stderr (shown only when stderr is a terminal) to update by hand:
    `bar.update()`, `bar.set_postfix_str(...)`, `bar.write(line)`, `bar.close()`."""
    from tqdm import tqdm

    return tqdm(items, total=total, desc=desc, file=sys.stderr, disable=None,
                unit="problem", leave=False, dynamic_ncols=True)


@dataclass(frozen=True)
class ProblemSource:
    """One name/problem pair of a problem file, not yet parsed."""

    path: str
    line: int
    name: str
    text: str
    dialect: str = dialects.DEFAULT  # alphageometry or newclid, see symbolic.dialects

    def parse(self) -> Problem:
        """The parsed problem; raises `ProblemSyntaxError` for malformed text."""
        if not self.text.strip():
            raise ProblemSyntaxError(
                "problem name without a problem line",
                SourceLocation(self.path, self.line, 1, self.name),
                expected="a problem line after the name line", problem=self.name)
        return parse_problem(self.text, name=self.name, path=self.path, line=self.line,
                             dialect=self.dialect)


def problem_file(arg: str | Path) -> str:
    """`arg` as a problem file's path: an existing path as given, else the name of a
    packaged benchmark set (`imo_ag_30`, `jgex_ag_231.txt`) as that file."""
    from pappus.problems import find_benchmark_file

    if Path(arg).exists():
        return str(arg)
    packaged = find_benchmark_file(str(arg))
    return str(packaged) if packaged is not None else str(arg)


def read_text(path: str | Path) -> str:
    """A problem file's text, or a `ProblemSyntaxError` saying why it cannot be read."""
    from pappus.problems import BENCHMARK_SETS

    p = Path(path)
    if p.is_dir():
        raise ProblemSyntaxError("cannot read file: it is a directory",
                                 SourceLocation(str(p), 1, 1))
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProblemSyntaxError(
            "cannot read file: no such file", SourceLocation(str(p), 1, 1),
            hint=f"the packaged problem sets are {', '.join(BENCHMARK_SETS)}") from None
    except UnicodeDecodeError as exc:
        raise ProblemSyntaxError(f"cannot read file: not UTF-8 text ({exc.reason})",
                                 SourceLocation(str(p), 1, 1)) from None
    except OSError as exc:
        raise ProblemSyntaxError(f"cannot read file: {exc.strerror or exc}",
                                 SourceLocation(str(p), 1, 1)) from None


def problem_sources(path: str | Path, dialect: str = dialects.DEFAULT) -> list[ProblemSource]:
    """Every name/problem pair in a file (or packaged set, see `problem_file`), in file
    order; a `ProblemSyntaxError` for a file that holds none (empty, or only blank lines
    and comments)."""
    path = problem_file(path)
    text = read_text(path)
    sources = [ProblemSource(str(path), line, name, body, dialect)
               for line, name, body in iter_problem_lines(text)]
    if not sources:
        what = "it is empty" if not text.strip() else "only blank lines and comments"
        raise ProblemSyntaxError(
            f"no problems in this file ({what})", SourceLocation(str(path), 1, 1),
            hint="a problem file holds a name line, then its problem line, e.g. 'ortho' "
                 f"then '{EXAMPLE_PROBLEM}'")
    return sources


@contextmanager
def answer_about(source: ProblemSource) -> Iterator[None]:
    """Name the problem (file, line, name) in a clean negative answer about it: a goal
    false in the diagram, a problem that cannot be drawn (both exit with code 1)."""
    try:
        yield
    except (GoalFalseError, UnrealizableError) as exc:
        raise type(exc)(f"{source.path}:{source.line}: {negative_status(exc)}: {exc} "
                        f"(problem {source.name!r})") from None


def negative_status(exc: GoalFalseError | UnrealizableError) -> str:
    """The status word `validate` uses for this answer: goal_false or unrealizable."""
    return "goal_false" if isinstance(exc, GoalFalseError) else "unrealizable"


def select(sources: list[ProblemSource], names: list[str], where: str) -> list[ProblemSource]:
    """The sources called `names`, in the order given; an error suggesting close names."""
    if not names:
        return sources
    by_name: dict[str, ProblemSource] = {}
    for source in sources:
        by_name.setdefault(source.name, source)
    missing = [n for n in names if n not in by_name]
    if missing:
        raise missing_name_error(missing[0], list(by_name), where)
    return [by_name[n] for n in names]


def pick_source(file: str, name: str | None, verb: str,
                dialect: str = dialects.DEFAULT) -> ProblemSource:
    """Problem `name` of `file`; with no name, the file's only problem (an error naming a
    few when it holds several, saying what to `verb`)."""
    sources = problem_sources(file, dialect)
    if name is not None:
        return select(sources, [name], where=file)[0]
    if len(sources) != 1:
        names = ", ".join(s.name for s in sources[:5]) + (", ..." if len(sources) > 5 else "")
        raise CommandLineError(
            f"error: {file} holds {len(sources)} problems; name the one to {verb}\n"
            f"  hint: for example: {names}")
    return sources[0]


def check_writable(out: str | Path) -> Path:
    """`out` as a path whose directory exists, or a `CommandLineError` (before any work)."""
    path = Path(out)
    if not path.parent.is_dir():
        raise CommandLineError(f"error: cannot write {out}: no directory {str(path.parent)!r}")
    return path


def missing_name_error(name: str, known: list[str], where: str) -> CommandLineError:
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    if not close:
        close = [k for k in known if name and name in k][:3]
    if close:
        hint = "did you mean " + ", ".join(repr(c) for c in close) + "?"
    else:
        hint = f"{len(known)} problem(s) there"
    looks_like_file = name.endswith(".txt") or name.endswith(("/", "\\"))
    what = "no such file, and no problem" if looks_like_file else "no problem"
    return CommandLineError(f"error: {what} named {name!r} in {where}\n  hint: {hint}")


def split_files_and_names(args: list[str]) -> tuple[list[str], list[str]]:
    """Arguments naming existing files (or packaged sets) are files; the others are
    problem names."""
    for arg in args:
        if Path(arg).exists() and not Path(arg).is_file():
            read_text(arg)  # raises the precise reason (a directory, ...)
    paths = [problem_file(a) for a in args]
    files = [p for p in paths if Path(p).is_file()]
    names = [a for a, p in zip(args, paths, strict=True) if not Path(p).is_file()]
    if not files:
        read_text(args[0])  # raises the precise reason (no such file, ...)
        raise CommandLineError(f"error: {args[0]!r} is not a problem file")
    return files, names


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file, so readers never see half a file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
