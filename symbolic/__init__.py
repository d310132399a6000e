"""Pappus's symbolic core: problem language, diagrams, deduction, proofs and checking."""

from .errors import PappusError, ProblemSyntaxError
from .parser import load_problems, parse_problem, parse_problems
from .problem import Atom, Clause, ConstructionCall, PointDecl, Problem

__all__ = [
    "Atom",
    "Clause",
    "ConstructionCall",
    "PappusError",
    "PointDecl",
    "Problem",
    "ProblemSyntaxError",
    "load_problems",
    "parse_problem",
    "parse_problems",
]
