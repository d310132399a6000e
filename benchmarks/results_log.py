"""What every benchmark script shares: provenance, machine load, and `RESULTS.md` writing."""

from __future__ import annotations

import os
import statistics
import sys
import threading
from pathlib import Path
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pappus.provenance import cpu_model, git_commit, machine  # noqa: E402

HEADER = "# Benchmark results\n\nRecorded by the scripts in `benchmarks/`; newest rows last.\n"

__all__ = ["RESULTS", "ROOT", "LoadSampler", "add_table_row", "append_section", "commit",
           "cpu_model", "fail", "machine", "publish", "runnable_now", "say"]


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


class LoadSampler:
    """Samples the number of runnable processes every `period` seconds in a thread, and
    the 1-minute load average before and after: with one job an undisturbed run shows
    about 1 runnable; more means other work competed for the cores."""

    def __init__(self, period: float = 1.0) -> None:
        self.period = period
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.load_before = self.load_after = 0.0

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            n = runnable_now()
            if n is not None:
                self.samples.append(n)

    def __enter__(self) -> LoadSampler:
        self.load_before = os.getloadavg()[0]
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.load_after = os.getloadavg()[0]

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.samples) if self.samples else None

    def info(self) -> dict[str, Any]:
        return {"runnable_mean": self.mean, "loadavg_before": self.load_before,
                "loadavg_after": self.load_after}


def say(*parts: object) -> None:
    """Progress on stdout, unbuffered (benchmark logs are read while they run)."""
    print(*parts, flush=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Stop the script with `SCRIPT: error: MESSAGE` on stderr."""
    print(f"{Path(sys.argv[0]).stem}: error: {message}", file=sys.stderr, flush=True)
    sys.exit(code)


def publish(section: str, out: Path, results: Path | None) -> None:
    """Write `section` to OUT/section.md and stdout, and append it to `results` unless None."""
    (out / "section.md").write_text(section, encoding="utf-8")
    say("")
    say(section)
    if results is not None:
        append_section(section, results)
        say(f"appended to {results}")
