"""Where a result came from: the machine and the commit, for run summaries and benchmarks."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pappus", "symbolic", "generator", "neural")


def cpu_model() -> str:
    """E.g. `AMD EPYC 7B13` (from /proc/cpuinfo where there is one)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def machine() -> str:
    """E.g. `AMD EPYC 7B13, 2 cores, Python 3.11.7, Linux`."""
    return (f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()}")


def git_commit(root: Path = ROOT) -> str | None:
    """The checkout's commit: `abc1234`, or `abc1234-dirty` when tracked files changed or
    the packages hold untracked files; None outside a git checkout."""
    if not (root / ".git").exists():
        return None
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                              capture_output=True, text=True, check=True, timeout=30)
        # results being recorded do not make the code dirty
        tracked = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no",
                                  "--", ".", ":!benchmarks/RESULTS.md"],
                                 cwd=root, capture_output=True, text=True, timeout=30)
        untracked = subprocess.run(["git", "status", "--porcelain", "--", *PACKAGES],
                                   cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    dirty = tracked.stdout.strip() or untracked.stdout.strip()
    return head.stdout.strip() + ("-dirty" if dirty else "")
