"""The loop's reports: a row a round, the table and plot of them, the data-trust report.

Written into the run folder after every evaluation: `rounds.json` (the rows),
`table.md`, `curve.png` (solve rates by round, with 95% Wilson intervals on the test
pool) and `trust.json` / `trust.md` (records by origin, all verified, the share of
self-found examples in each training mix).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .loop import Loop


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of k successes in n trials."""
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, mid - half), min(1.0, mid + half))


def paired_gain(before: dict[str, bool], after: dict[str, bool], resamples: int = 4000
                ) -> tuple[float, float, float]:
    """The solve-rate change from `before` to `after` on the problems both name, with a
    95% paired bootstrap interval (seeded, so a report is reproducible)."""
    import numpy as np

    names = sorted(set(before) & set(after))
    if not names:
        return (0.0, 0.0, 0.0)
    d = np.array([int(after[n]) - int(before[n]) for n in names], dtype=float)
    rng = np.random.default_rng(0)
    means = d[rng.integers(0, len(d), (resamples, len(d)))].mean(axis=1)
    lo, hi = np.quantile(means, [0.025, 0.975])
    return (float(d.mean()), float(lo), float(hi))


def _outcomes(lines: list[dict[str, Any]]) -> dict[str, bool]:
    return {d["name"]: bool(d["proof"]) for d in lines}


def _lines(path: Path) -> list[dict[str, Any]]:
    from .loop_search import read_lines

    return read_lines(path)


def _solved(lines: list[dict[str, Any]], prefix: str = "") -> tuple[int, int]:
    chosen = [d for d in lines if d["name"].startswith(prefix)]
    return sum(1 for d in chosen if d["proof"]), len(chosen)


def round_rows(loop: Loop) -> list[dict[str, Any]]:
    """A row for each evaluated round: records added, solve rates, losses, seconds."""
    times = json.loads((loop.dir / "times.json").read_text()) if (
        loop.dir / "times.json").is_file() else {}
    rows = []
    first: dict[str, bool] = {}
    for r in range(loop.rounds + 1):
        if f"r{r}:eval" not in loop.done:
            break
        rd = loop.round_dir(r)
        test = _lines(rd / "eval_test.jsonl")
        first = first or _outcomes(test)
        bench = _lines(rd / "eval_bench.jsonl")
        k, n = _solved(test)
        row: dict[str, Any] = {
            "round": r, "test_solved": k, "test_n": n,
            "test_rate": k / n if n else 0.0, "test_ci": wilson(k, n),
            "gain": paired_gain(first, _outcomes(test)),
            "imo_solved": _solved(bench, "imo_ag_30:"), "jgex_solved": _solved(bench,
                                                                           "jgex_ag_231:"),
            "timeouts": sum(1 for d in test + bench if d["status"] == "timeout"),
            "seconds": round(sum(v for name, v in times.items()
                                 if name.startswith(f"r{r}:")), 1),
        }
        if r == 0:
            cfg = _json(loop.model_dir(0) / "config.json")
            row.update(pool=0, pool_solved=0, records_added=0, self_share=0.0,
                       train_loss=cfg.get("val_loss"), val_loss=cfg.get("val_loss"))
            history = _json(loop.model_dir(0) / "history.json")
            if history.get("train"):
                tail = [v for _, v in history["train"][-50:]]
                row["train_loss"] = sum(tail) / len(tail)
        else:
            search = _lines(rd / "search.jsonl")
            train = _json(rd / "train.json")
            row.update(pool=len(search), pool_solved=sum(1 for d in search if d["proof"]),
                       records_added=_json(rd / "found" / "summary.json").get("records", 0),
                       self_share=train.get("found_per_batch", 0) / max(1, train.get(
                           "batch_size", 1)),
                       train_loss=train.get("train_loss"), val_loss=train.get("val_loss"))
        rows.append(row)
    return rows


def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _loss(v: float | None) -> str:
    return "" if v is None else f"{v:.3f}"


def table(rows: list[dict[str, Any]], calls: int) -> str:
    """The rows as a Markdown table."""
    head = (f"| round | pool | pool solved | records added | self-found share of a batch | "
            f"test pool solved @{calls} calls (95% CI) | change from round 0 (95% paired "
            "CI) | IMO-AG-30 misses | JGEX-AG-231 misses | train loss | val loss | seconds |\n"
            "|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|\n")
    body = ""
    for w in rows:
        lo, hi = w["test_ci"]
        body += (f"| {w['round']} | {w['pool']} | {w['pool_solved']} | {w['records_added']} "
                 f"| {w['self_share']:.0%} | {w['test_solved']}/{w['test_n']} = "
                 f"{w['test_rate']:.1%} [{lo:.1%}, {hi:.1%}] | {_gain(w)} | "
                 f"{w['imo_solved'][0]}/{w['imo_solved'][1]} | "
                 f"{w['jgex_solved'][0]}/{w['jgex_solved'][1]} | {_loss(w['train_loss'])} | "
                 f"{_loss(w['val_loss'])} | {w['seconds']:.0f} |\n")
    return head + body


def _gain(row: dict[str, Any]) -> str:
    if row["round"] == 0 or "gain" not in row:
        return ""
    g, lo, hi = row["gain"]
    return f"{100 * g:+.1f} pp [{100 * lo:+.1f}, {100 * hi:+.1f}]"


def plot(curves: dict[str, list[dict[str, Any]]], path: Path) -> None:
    """Test-pool solve rate by round (with intervals) for each named curve (Agg)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 4))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    for label, rows in curves.items():
        if not rows:
            continue
        xs = [w["round"] for w in rows]
        ys = [100 * w["test_rate"] for w in rows]
        lo = [100 * (w["test_rate"] - w["test_ci"][0]) for w in rows]
        hi = [100 * (w["test_ci"][1] - w["test_rate"]) for w in rows]
        ax.errorbar(xs, ys, yerr=[lo, hi], marker="o", capsize=3, label=f"{label}: test pool")
        bench = [100 * (w["imo_solved"][0] + w["jgex_solved"][0]) /
                 max(1, w["imo_solved"][1] + w["jgex_solved"][1]) for w in rows]
        ax.plot(xs, bench, "s--", alpha=0.7, label=f"{label}: DD+AR misses")
    ax.set_xlabel("round")
    ax.set_ylabel("solved (%)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(str(path), dpi=100)


def trust(loop: Loop) -> dict[str, Any]:
    """Records by origin (all verified?) and the self-found share of each training mix."""
    from generator.dataset import read_dataset

    from .loop_data import read_trusted

    corpus = read_dataset(loop.dir / "corpus", ["verified"]).column("verified").to_pylist()
    rounds = [r for r in range(1, loop.rounds + 1) if f"r{r}:search" in loop.done]
    found = {r: read_trusted([loop.round_dir(r) / "found"]) for r in rounds}
    mixes = []
    for r in range(1, loop.rounds + 1):
        t = _json(loop.round_dir(r) / "train.json")
        if t:
            mixes.append({"round": r, "found_records": t["found_records"],
                          "corpus_records": t["corpus_records"],
                          "found_examples": t["found_examples"],
                          "corpus_examples": t["corpus_examples"],
                          "self_share": t["found_per_batch"] / t["batch_size"]})
    return {"origins": {"generator corpus": {"records": len(corpus),
                                             "verified": sum(1 for v in corpus if v)},
                        **{f"search, round {r}": {"records": len(v), "verified": len(v)}
                           for r, v in found.items()}},
            "all_verified": all(corpus),
            "mixes": mixes}


def trust_text(report: dict[str, Any]) -> str:
    out = "| origin | records | verified |\n|---|---:|---:|\n"
    for origin, v in report["origins"].items():
        out += f"| {origin} | {v['records']} | {v['verified']} |\n"
    out += ("\n| mix of round | self-found records | corpus records | self-found share "
            "of a batch |\n|---:|---:|---:|---:|\n")
    for m in report["mixes"]:
        out += (f"| {m['round']} | {m['found_records']} | {m['corpus_records']} | "
                f"{m['self_share']:.0%} |\n")
    verdict = "yes" if report["all_verified"] else "NO"
    return out + f"\nEvery training record verified by the checker: {verdict}.\n"


def write_reports(loop: Loop) -> None:
    rows = round_rows(loop)
    (loop.dir / "rounds.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    (loop.dir / "table.md").write_text(table(rows, loop.config.calls), encoding="utf-8")
    plot({"loop": rows}, loop.dir / "curve.png")
    report = trust(loop)
    (loop.dir / "trust.json").write_text(json.dumps(report, indent=1) + "\n",
                                         encoding="utf-8")
    (loop.dir / "trust.md").write_text(trust_text(report), encoding="utf-8")
