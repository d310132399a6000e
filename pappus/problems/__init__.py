"""The benchmark problem sets shipped with Pappus: IMO-AG-30 and JGEX-AG-231, from the
AlphaGeometry repository, Apache-2.0 (see NOTICE.md here).

They are package data, found through `importlib.resources`, so they are there after any
install; the command line accepts their names (`imo_ag_30`) wherever it takes a problem
file.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from symbolic.errors import PappusError

BENCHMARK_SETS = ("imo_ag_30", "jgex_ag_231")


def find_benchmark_file(name: str) -> Path | None:
    """The packaged file of set `name` (`imo_ag_30` or `imo_ag_30.txt`), or None."""
    stem = name.removesuffix(".txt")
    if stem not in BENCHMARK_SETS:
        return None
    return Path(str(files(__name__) / f"{stem}.txt"))


def benchmark_file(name: str) -> Path:
    """The packaged file of set `name` (`imo_ag_30` or `imo_ag_30.txt`); a `PappusError`
    naming the sets for any other name."""
    path = find_benchmark_file(name)
    if path is None:
        raise PappusError(f"error: no packaged problem set named {name!r}\n"
                          f"  hint: the sets are {', '.join(BENCHMARK_SETS)}")
    return path


__all__ = ["BENCHMARK_SETS", "benchmark_file", "find_benchmark_file"]
