"""Shared fixtures: the benchmark problem files shipped with the project."""

from __future__ import annotations

import pytest
from helpers import IMO, JGEX


@pytest.fixture(scope="session")
def benchmark_problems():
    from symbolic.parser import load_problems

    return load_problems(JGEX) + load_problems(IMO)
