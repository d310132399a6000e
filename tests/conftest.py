"""Shared fixtures: the benchmark problem files shipped with the project."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = ROOT / "benchmarks" / "problems"
JGEX = PROBLEMS / "jgex_ag_231.txt"
IMO = PROBLEMS / "imo_ag_30.txt"


@pytest.fixture(scope="session")
def benchmark_problems():
    from symbolic.parser import load_problems

    return load_problems(JGEX) + load_problems(IMO)
