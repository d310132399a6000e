"""Pappus: verified synthetic theorems for olympiad plane geometry.

The public library API; the work is done in the `symbolic` and `generator` packages.
"""

from symbolic import Atom, PappusError, Problem, load_problems, parse_problem

__all__ = ["Atom", "PappusError", "Problem", "load_problems", "parse_problem"]
__version__ = "0.1.0"
