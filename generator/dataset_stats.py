"""What a dataset holds: counts and distributions (for `pappus stats` and the dataset
card), as a text table and as PNG plots (matplotlib, Agg, imported only when plotting)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .dataset_read import shard_files
from .records import SPLITS

STATS_COLUMNS = ["id", "goal", "goal_predicate", "n_steps", "rules", "n_aux",
                 "n_aux_points", "n_points", "n_premises", "verified", "problem", "split",
                 "aux_needed", "aux_fixpoint"]
# what a column missing from an older dataset's files counts as
COLUMN_DEFAULTS: dict[str, Any] = {"split": "train", "aux_needed": False,
                                   "aux_fixpoint": False, "goal_predicate": "",
                                   "n_aux_points": 0, "problem": ""}
TOP_RULES = 15
PLOT_NAMES = ("proof_length.png", "goal_predicates.png", "rules.png", "aux_points.png")


def ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """(key, count) pairs, most frequent first, ties by key: deterministic."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass
class Distribution:
    """Counts of the values of an integer column."""

    counts: Counter[int] = field(default_factory=Counter)

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> dict[str, float]:
        """min, median, mean, max (zeros for no values)."""
        n = self.n
        if n == 0:
            return {"min": 0, "median": 0, "mean": 0.0, "max": 0}
        values = sorted(self.counts)
        return {"min": values[0], "median": self._median(values, n),
                "mean": sum(v * c for v, c in self.counts.items()) / n, "max": values[-1]}

    def _median(self, values: list[int], n: int) -> float:
        def nth(k: int) -> int:  # the k-th smallest value, 0-based
            seen = 0
            for v in values:
                seen += self.counts[v]
                if seen > k:
                    return v
            return values[-1]

        lo, hi = nth((n - 1) // 2), nth(n // 2)
        return lo if lo == hi else (lo + hi) / 2


def premise_set(problem: str) -> str:
    """A record's premise set: its problem text before ` ? ` (the goal left out)."""
    return problem.split(" ? ", 1)[0].strip()


def _key(text: str) -> int:
    """A 64-bit digest standing for a string in a set (distinct counts over a million
    records without holding their texts; the same on every run)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


@dataclass
class SplitStats:
    """What one split holds."""

    records: int = 0
    premise_sets: int = 0  # distinct premise sets
    with_aux: int = 0
    aux_needed: int = 0
    aux_fixpoint: int = 0
    goal_predicates: Counter[str] = field(default_factory=Counter)
    aux_points: Distribution = field(default_factory=Distribution)

    def to_json(self) -> dict[str, Any]:
        return {"records": self.records, "premise_sets": self.premise_sets,
                "with_aux": self.with_aux, "aux_needed": self.aux_needed,
                "aux_fixpoint": self.aux_fixpoint,
                "goal_predicates": dict(ranked(self.goal_predicates)),
                "aux_points": {str(k): v for k, v in sorted(self.aux_points.counts.items())}}


@dataclass
class DatasetStats:
    """Counts and distributions over the records of a dataset."""

    records: int = 0
    unique_ids: int = 0
    verified: int = 0
    with_aux: int = 0
    goal_predicates: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)  # records using each rule
    proof_length: Distribution = field(default_factory=Distribution)
    points: Distribution = field(default_factory=Distribution)
    premises: Distribution = field(default_factory=Distribution)
    aux_points: Distribution = field(default_factory=Distribution)
    premise_sets: int = 0  # distinct premise sets over all splits
    aux_needed: int = 0
    aux_fixpoint: int = 0
    splits: dict[str, SplitStats] = field(  # every split, in SPLITS order
        default_factory=lambda: {name: SplitStats() for name in SPLITS})

    @property
    def aux_share(self) -> float:
        return self.with_aux / self.records if self.records else 0.0

    def to_json(self) -> dict[str, Any]:
        """Plain data (what `pappus stats --json` prints)."""
        return {
            "records": self.records,
            "unique_ids": self.unique_ids,
            "verified": self.verified,
            "with_aux": self.with_aux,
            "aux_share": round(self.aux_share, 6),
            "premise_sets": self.premise_sets,
            "aux_needed": self.aux_needed,
            "aux_fixpoint": self.aux_fixpoint,
            "splits": {name: split.to_json() for name, split in self.splits.items()},
            "goal_predicates": dict(ranked(self.goal_predicates)),
            "rules": dict(ranked(self.rules)),
            **{name: {**dist.summary(), "counts": {str(k): v for k, v in
                                                   sorted(dist.counts.items())}}
               for name, dist in self._distributions()},
        }

    def _distributions(self) -> list[tuple[str, Distribution]]:
        return [("proof_length", self.proof_length), ("points", self.points),
                ("premises", self.premises), ("aux_points", self.aux_points)]


def summarize(out_dir: str | Path) -> DatasetStats:
    """The statistics of a dataset directory, read file by file (proof columns are never
    read; a column an older dataset lacks counts as its `COLUMN_DEFAULTS` value)."""
    stats = DatasetStats()
    ids: set[int] = set()
    premises: set[int] = set()
    by_split: dict[str, set[int]] = {}
    for path in shard_files(out_dir):
        present = set(pq.read_schema(path).names)
        table = pq.read_table(path, columns=[c for c in STATS_COLUMNS if c in present])
        n = table.num_rows
        columns = [table.column(c).to_pylist() if c in present
                   else [COLUMN_DEFAULTS.get(c)] * n for c in STATS_COLUMNS]
        for values in zip(*columns, strict=True):
            row = dict(zip(STATS_COLUMNS, values, strict=True))
            split_name = row["split"] or "train"
            split = stats.splits.setdefault(split_name, SplitStats())
            _count(stats, split, row)
            ids.add(_key(str(row["id"])))
            key = _key(premise_set(row["problem"] or ""))
            premises.add(key)
            by_split.setdefault(split_name, set()).add(key)
    stats.unique_ids = len(ids)
    stats.premise_sets = len(premises)
    for name, keys in by_split.items():
        stats.splits[name].premise_sets = len(keys)
    return stats


def _count(stats: DatasetStats, split: SplitStats, row: dict[str, Any]) -> None:
    stats.records += 1
    stats.verified += bool(row["verified"])
    has_aux = (row["n_aux"] or 0) > 0
    stats.with_aux += has_aux
    predicate = row["goal_predicate"] or (row["goal"] or "?").split()[0]
    stats.goal_predicates[predicate] += 1
    stats.rules.update(set(row["rules"] or []))
    stats.proof_length.counts[row["n_steps"] or 0] += 1
    stats.points.counts[row["n_points"] or 0] += 1
    stats.premises.counts[row["n_premises"] or 0] += 1
    stats.aux_points.counts[row["n_aux_points"] or 0] += 1
    stats.aux_needed += bool(row["aux_needed"])
    stats.aux_fixpoint += bool(row["aux_fixpoint"])
    split.records += 1
    split.with_aux += has_aux
    split.aux_needed += bool(row["aux_needed"])
    split.aux_fixpoint += bool(row["aux_fixpoint"])
    split.goal_predicates[predicate] += 1
    split.aux_points.counts[row["n_aux_points"] or 0] += 1


# ---------------------------------------------------------------- text


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _number(x: float) -> str:
    return f"{x:.2f}" if isinstance(x, float) and not x.is_integer() else str(int(x))


def _counts_block(title: str, counts: Iterable[tuple[str, int]], total: int,
                  names: dict[str, str] | None = None) -> list[str]:
    rows = list(counts)
    width = max([len(title)] + [len(k) for k, _ in rows])
    lines = [f"{title:<{width}}  {'records':>8}  {'share':>6}"]
    for key, n in rows:
        name = f"  {names[key]}" if names and key in names else ""
        lines.append(f"{key:<{width}}  {n:>8}  {_pct(n, total):>6}{name}")
    return lines


def format_stats(stats: DatasetStats, rule_names: dict[str, str] | None = None,
                 top: int = TOP_RULES) -> str:
    """The statistics as a plain-text table."""
    n = stats.records
    lines = [
        f"records     {n}",
        f"unique ids  {stats.unique_ids}",
        f"verified    {stats.verified} ({_pct(stats.verified, n)})",
        f"aux share   {stats.with_aux}/{n} ({_pct(stats.with_aux, n)}) with auxiliary points",
        f"premise sets {stats.premise_sets} distinct; aux_needed {stats.aux_needed}, "
        f"aux_fixpoint {stats.aux_fixpoint}",
        "",
        f"{'split':<12}{'records':>9}{'premise sets':>14}{'aux_needed':>12}"
        f"{'aux_fixpoint':>14}",
        *(f"{name:<12}{sp.records:>9}{sp.premise_sets:>14}{sp.aux_needed:>12}"
          f"{sp.aux_fixpoint:>14}" for name, sp in stats.splits.items()),
        "",
        f"{'':<14}{'min':>6}{'median':>8}{'mean':>8}{'max':>6}",
    ]
    labels = {"proof_length": "proof length", "points": "points", "premises": "premises",
              "aux_points": "aux points"}
    for key, dist in stats._distributions():
        s = dist.summary()
        lines.append(f"{labels[key]:<14}{_number(s['min']):>6}{_number(s['median']):>8}"
                     f"{s['mean']:>8.2f}{_number(s['max']):>6}")
    lines.append("")
    lines += _counts_block("goal predicate", ranked(stats.goal_predicates), n)
    lines.append("")
    shown = ranked(stats.rules)[:top]
    more = len(stats.rules) - len(shown)
    lines += _counts_block(f"rule (top {top})" if more > 0 else "rule", shown, n, rule_names)
    if more > 0:
        lines.append(f"... and {more} more rule(s)")
    return "\n".join(lines)


# ---------------------------------------------------------------- plots


def _figure(title: str, xlabel: str, ylabel: str) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.0), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig, ax


def _integer_ticks() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _save(fig: Any, path: Path, dpi: int) -> Path:
    # Agg through Figure.savefig (no pyplot); no version stamp, so reruns are identical
    fig.savefig(path, dpi=dpi, format="png", metadata={"Software": None})
    return path


def _histogram(dist: Distribution, title: str, xlabel: str, path: Path, dpi: int) -> Path:
    fig, ax = _figure(title, xlabel, "records")
    values = sorted(dist.counts)
    ax.bar(values, [dist.counts[v] for v in values], width=0.8, color="#4c72b0")
    ax.yaxis.set_major_locator(_integer_ticks())
    if values and values[-1] - values[0] <= 30:
        ax.set_xticks(range(values[0], values[-1] + 1))
    return _save(fig, path, dpi)


def _bars(counts: list[tuple[str, int]], title: str, path: Path, dpi: int) -> Path:
    fig, ax = _figure(title, "records", "")
    labels = [k for k, _ in counts][::-1]  # largest on top
    ax.barh(range(len(labels)), [v for _, v in counts][::-1], color="#55a868")
    ax.set_yticks(range(len(labels)), labels)
    ax.xaxis.set_major_locator(_integer_ticks())
    return _save(fig, path, dpi)


def plot_stats(stats: DatasetStats, out_dir: str | Path, dpi: int = 100,
               top: int = 20) -> list[Path]:
    """Write the proof length histogram, the goal predicate and rule bar charts and the
    auxiliary points histogram as PNGs into `out_dir`; returns their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rules = ranked(stats.rules)[:top]
    goals = ranked(stats.goal_predicates)
    return [
        _histogram(stats.proof_length, "Proof length", "deduction steps",
                   out / PLOT_NAMES[0], dpi),
        _bars(goals, "Goal predicates", out / PLOT_NAMES[1], dpi),
        _bars(rules, f"Rules used (top {top})" if len(stats.rules) > top else "Rules used",
              out / PLOT_NAMES[2], dpi),
        _histogram(stats.aux_points, "Auxiliary points", "auxiliary points per theorem",
                   out / PLOT_NAMES[3], dpi),
    ]
