"""Pappus: verified synthetic theorems for olympiad plane geometry.

The public library API; the work is done in the `symbolic` and `generator` packages.

    >>> import pappus
    >>> result = pappus.prove("a b c = triangle a b c; h = orthocenter h a b c ? perp a h b c")
    >>> result.status, pappus.check_proof(result.proof).valid
    ('proved', True)

`import pappus` stays light: the prover, checker and diagrams (numpy) load on first use,
and figures (matplotlib) only when drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from symbolic import Atom, PappusError, Problem, load_problems, parse_problem, parse_problems
from symbolic.proof import Proof

if TYPE_CHECKING:
    from neural.search import SearchResult
    from pappus.problems import benchmark_file
    from symbolic.checker import CheckResult, check_proof
    from symbolic.diagram import Diagram, realize
    from symbolic.prover import ProveResult

__all__ = [
    "Atom",
    "CheckResult",
    "Diagram",
    "PappusError",
    "Problem",
    "Proof",
    "ProveResult",
    "SearchResult",
    "benchmark_file",
    "check_proof",
    "load_problems",
    "parse_problem",
    "parse_problems",
    "prove",
    "realize",
    "solve",
]
__version__ = "0.1.0"

_LAZY = {
    "benchmark_file": "pappus.problems",
    "CheckResult": "symbolic.checker",
    "check_proof": "symbolic.checker",
    "Diagram": "symbolic.diagram",
    "realize": "symbolic.diagram",
    "ProveResult": "symbolic.prover",
    "SearchResult": "neural.search",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pappus' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def prove(
    problem: Problem | str,
    timeout: float = 120.0,
    *,
    seed: int = 0,
    name: str = "problem",
    dialect: str = "alphageometry",
) -> ProveResult:
    """Prove `problem`: a `Problem`, or problem text (one problem line
    `clauses ? goal`, or a `name` line followed by it) in `dialect` (alphageometry or
    newclid; `pappus.load_problems` and the parse functions take it too).

    Returns a `ProveResult` whose `status` is proved, saturated, timeout, step_limit or
    fact_limit; `proof` and `proof_text()` hold the proof when proved. Raises
    `PappusError` for malformed text, unrealizable problems and false goals.
    """
    from symbolic.prover import prove as prove_problem

    if isinstance(problem, str):
        problem = _parse_one(problem, name, dialect)
    return prove_problem(problem, timeout=timeout, seed=seed)


def solve(
    problem: Problem | str,
    timeout: float = 300.0,
    *,
    proposer: str = "heuristic",
    max_calls: int = 1024,
    strategy: str = "best-first",
    beam: int = 8,
    depth: int = 3,
    workers: int = 1,
    seed: int = 0,
    name: str = "problem",
) -> SearchResult:
    """Prove `problem` with DD+AR, adding auxiliary points by search where that falls
    short (see `neural.search`; no torch needed for the heuristic and random proposers).

    Returns a `SearchResult`: `status` proved, exhausted, call_limit or timeout; `proof`
    (with its auxiliary clauses in `proof.aux`) and `proof_text()` when proved; `calls`,
    the prover calls made. Raises `PappusError` for malformed text, unrealizable
    problems, false goals and unknown proposers.
    """
    from neural.search import SearchConfig
    from neural.search import solve as search

    if isinstance(problem, str):
        problem = _parse_one(problem, name)
    config = SearchConfig(proposer=proposer, timeout=timeout, max_calls=max_calls,
                          strategy=strategy, beam=beam, depth=depth, workers=workers, seed=seed)
    return search(problem, config)


def _parse_one(text: str, name: str, dialect: str = "alphageometry") -> Problem:
    lines = [line for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    if len(lines) <= 1:
        return parse_problem(text.strip(), name=name, dialect=dialect)
    problems = parse_problems(text, dialect=dialect)
    if len(problems) != 1:
        raise PappusError(f"expected one problem, got {len(problems)}; "
                          "use pappus.load_problems for files with several")
    return problems[0]
