"""What every benchmark script shares: provenance, machine load, and `RESULTS.md` writing."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pappus.provenance import cpu_model, git_commit, machine  # noqa: E402

HEADER = "# Benchmark results\n\nRecorded by the scripts in `benchmarks/`; newest rows last.\n"

__all__ = ["RESULTS", "ROOT", "add_table_row", "append_section", "commit", "cpu_model",
           "machine", "runnable_now"]


def commit() -> str:
    """The commit results are recorded against (`unknown` outside a checkout)."""
    return git_commit(ROOT) or "unknown"


def runnable_now() -> int | None:
    """Processes runnable at this instant, machine-wide (from /proc/loadavg), not counting
    the reader itself."""
    try:
        running = Path("/proc/loadavg").read_text().split()[3].split("/")[0]
        return max(0, int(running) - 1)
    except (OSError, IndexError, ValueError):
        return None


def _text(results: Path) -> str:
    if not results.exists():
        results.write_text(HEADER, encoding="utf-8")
    return results.read_text(encoding="utf-8")


def append_section(section: str, results: Path = RESULTS) -> None:
    """Append a whole `## ...` section, keeping everything already there."""
    text = _text(results)
    sep = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    with results.open("a", encoding="utf-8") as f:
        f.write(sep + section)


def add_table_row(row: str, title: str, preamble: str, results: Path = RESULTS) -> None:
    """Add `row` at the end of the table under the heading `title`; the section (heading,
    `preamble`, which ends with the table's head) is created when missing."""
    text = _text(results)
    if title not in text:
        text = text.rstrip("\n") + f"\n\n{title}\n\n{preamble}"
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = at + 1
    while end < len(lines) and not lines[end].startswith("## "):
        end += 1
    while end > at and not lines[end - 1].startswith("|"):
        end -= 1
    lines.insert(end, row + "\n")
    results.write_text("".join(lines), encoding="utf-8")
