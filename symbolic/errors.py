"""Error types of Pappus: every user-facing failure is one of these, never a bare traceback."""

from __future__ import annotations

from dataclasses import dataclass


class PappusError(Exception):
    """Base class of all errors Pappus reports to users; `exit_code` is the command line's
    (2: bad input or usage; 1: a clean negative answer, see the subclasses)."""

    exit_code = 2

    def render(self) -> str:
        """Human-readable, multi-line description of the error."""
        return str(self)


@dataclass
class SourceLocation:
    """Where in a problem file something was written (1-based line and column)."""

    path: str | None
    line: int
    column: int
    text: str = ""

    def prefix(self) -> str:
        where = self.path or "<input>"
        return f"{where}:{self.line}:{self.column}"


class ProblemSyntaxError(PappusError):
    """A problem text that does not follow the problem language, or names unknown things."""

    def __init__(
        self,
        message: str,
        location: SourceLocation,
        expected: str | None = None,
        hint: str | None = None,
        problem: str | None = None,
    ) -> None:
        self.message = message
        self.location = location
        self.expected = expected
        self.hint = hint
        self.problem = problem
        super().__init__(self.render())

    def render(self) -> str:
        loc = self.location
        lines = [f"{loc.prefix()}: error: {self.message}"]
        if self.problem:
            lines[0] += f" (problem {self.problem!r})"
        if loc.text:
            shown = loc.text.rstrip("\n")
            lines.append(f"  {shown}")
            lines.append("  " + " " * max(loc.column - 1, 0) + "^")
        if self.expected:
            lines.append(f"  expected: {self.expected}")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


class UnrealizableError(PappusError):
    """No numeric diagram satisfies the construction (impossible or always degenerate).

    A clean negative answer about a well-formed problem, so the command line exits 1."""

    exit_code = 1


class GoalFalseError(PappusError):
    """The goal does not hold in the sampled diagrams.

    A clean negative answer about a well-formed problem, so the command line exits 1."""

    exit_code = 1


class RuleFileError(PappusError):
    """The deduction-rules data file is malformed."""


class ProofFormatError(PappusError):
    """A proof JSON document that does not follow the proof contract."""
