"""The dataset card, `DIR/README.md`: YAML front matter that HuggingFace `datasets` reads
(`configs` names each split that has files: `data/train-*`, `data/validation-*`,
`data/test-*`), then what the dataset holds per split, what was left out (benchmark
problems and other drops), how it was generated, and how to load it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from .dataset_files import CARD, DATA, write_atomic
from .dataset_read import entry_files, read_manifest
from .dataset_stats import DatasetStats, ranked, summarize
from .records import SPLITS

PRETTY_NAME = "Pappus synthetic geometry theorems"
COLUMNS = {
    "id": "hash of the canonical form of the theorem (invariant under renaming points)",
    "problem": "the premises and the goal, in AlphaGeometry syntax, without auxiliary points",
    "aux": "the auxiliary clauses the proof needs, in construction order",
    "full_problem": "`problem` with the auxiliary clauses added",
    "goal": "the goal fact",
    "proof": "the proof as JSON: a topologically ordered DAG of steps",
    "proof_text": "the proof, readable",
    "n_points": "points of the problem",
    "n_premises": "premises of the problem",
    "n_steps": "deduction steps of the proof",
    "n_aux": "auxiliary clauses",
    "rules": "rule ids (and ar:* algebra kinds) the proof uses",
    "seed": "seed of the sample that produced the theorem",
    "version": "dataset format version",
    "verified": "the independent checker's verdict on the record (candidates it rejects "
                "are not written)",
    "sample": "index of the sample that produced the theorem",
    "goal_predicate": "predicate of the goal",
    "n_aux_points": "points the auxiliary clauses introduce",
    "aux_needed": "the premises alone, under the fact budget, do not reach the goal",
    "aux_fixpoint": "... and the premises alone saturated (a real fixpoint, no budget hit)",
    "split": "train, validation or test, by a hash of the canonical premise set (no "
             "premise set is in two splits)",
}
DROPPED = {  # what the manifest's `dropped` reasons mean
    "benchmark_problem": "stated a benchmark problem (IMO-AG-30, JGEX-AG-231) as facts, "
                         "up to renaming points",
    "aux_not_needed": "the premises alone reach the goal (only needed-auxiliary records "
                      "were asked for)",
    "aux_undecided": "whether the auxiliary points are needed was not decided",
    "sample_timed_out": "the sample ran out of its time",
}


def to_yaml(value: Any, indent: int = 0) -> str:
    """Block-style YAML for dicts, lists, strings, numbers, booleans and None (strings
    always double-quoted: JSON strings are valid YAML)."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return pad + "{}\n"
        out = []
        for k, v in value.items():
            if isinstance(v, dict | list) and v:
                out.append(f"{pad}{k}:\n" + to_yaml(v, indent + 2))
            else:
                out.append(f"{pad}{k}: {_scalar(v)}\n")
        return "".join(out)
    if isinstance(value, list):
        if not value:
            return pad + "[]\n"
        out = []
        for v in value:
            if isinstance(v, dict | list) and v:
                inner = to_yaml(v, indent + 2)
                out.append(f"{pad}- " + inner[indent + 2:])
            else:
                out.append(f"{pad}- {_scalar(v)}\n")
        return "".join(out)
    return pad + _scalar(value) + "\n"


def _scalar(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, dict | list):
        return "{}" if isinstance(v, dict) else "[]"
    return json.dumps(str(v))


def size_category(n: int) -> str:
    """HuggingFace's size bucket for n records."""
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                        (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")):
        if n < limit:
            return name
    return "10M<n<100M"


def split_patterns(root: Path, manifest: dict[str, Any]) -> dict[str, str]:
    """The `data_files` pattern of each split that has files, in SPLITS order (files the
    manifest names, or with no manifest the visible `data/*.parquet`): `data/<split>-*`.
    A dataset of the old layout (files not named by split) is one train split over
    `data/*.parquet`; a dataset with no files has none."""
    names: list[str] = []
    if manifest.get("shards") is not None:
        for entry in manifest["shards"]:
            names += entry_files(entry) + ([entry["file"]] if entry.get("file") else [])
    elif (root / DATA).is_dir():
        names = sorted(f"{DATA}/{p.name}" for p in (root / DATA).glob("*.parquet")
                       if not p.name.startswith("."))
    found = [s for s in SPLITS if any(Path(n).name.startswith(f"{s}-") for n in names)]
    by_split = sum(1 for n in names if Path(n).name.startswith(tuple(f"{s}-" for s in SPLITS)))
    if by_split < len(names):  # the old layout: one unnamed split
        return {"train": f"{DATA}/*.parquet"}
    return {s: f"{DATA}/{s}-*" for s in found}


def front_matter(records: int, patterns: dict[str, str] | None = None) -> dict[str, Any]:
    """The card's metadata: `configs` makes `datasets.load_dataset(DIR)` return one split
    per entry of `patterns` (split -> files, see `split_patterns`); with none, a train
    split over `data/*.parquet` (a dataset with no records yet)."""
    patterns = patterns or {"train": f"{DATA}/*.parquet"}
    return {
        "pretty_name": PRETTY_NAME,
        "configs": [{"config_name": "default",
                     "data_files": [{"split": s, "path": p} for s, p in patterns.items()]}],
        "tags": ["geometry", "theorem-proving", "synthetic", "olympiad"],
        "size_categories": [size_category(records)],
    }


def _table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


STOPPED = {  # why a partial dataset stopped short, from the manifest's `stopped`
    "interrupted": "the run was interrupted",
    "max_samples": "the run reached its sample limit (--max-samples) first",
    "error": "the run stopped on an error",
    None: "a run is still writing it, or was killed",
}


def partial_note(manifest: dict[str, Any], records: int, name: str) -> list[str]:
    """A warning at the top of the card of a dataset short of its requested count."""
    if manifest.get("complete", True):
        return []
    requested = manifest.get("settings", {}).get("count")
    what = f"{records} of the {requested} requested records" if requested is not None \
        else f"{records} records; the run did not finish"
    why = STOPPED.get(manifest.get("stopped"), "the run did not finish")
    return [f"**This dataset is partial**: {what} ({why}). Continue it with "
            f"`pappus generate --out {name} --resume` and the same settings.", ""]


def verification_section(manifest: dict[str, Any]) -> list[str]:
    """What verification refused and which samples failed (none, in a healthy run)."""
    lines = ["## Verification", "",
             "Every record's proof was accepted by the independent checker, its goal holds "
             "in a freshly drawn diagram, and its `problem`, `aux`, `goal` and "
             "`full_problem` columns are exactly what the proof proves (`full_problem` is "
             "the premises, then the auxiliary clauses, then the goal).", ""]
    rejected = manifest.get("rejected") or {}
    total = sum(rejected.values())
    if total:
        lines += [f"{total} candidate(s) were rejected by verification and are not in the "
                  "dataset; each is a prover or extraction bug to report (`manifest.json` "
                  "lists them under `rejections`, with sample, seed and message):", ""]
        lines += _table(("reason", "candidates"), sorted(rejected.items()))
        lines += [""]
    else:
        lines += ["No candidate was rejected by verification.", ""]
    failed = manifest.get("failed_samples") or []
    if failed:
        lines += [f"{len(failed)} sample(s) failed with an unexpected error and gave no "
                  "records (`manifest.json`: `failed_samples`, with sample, seed and error):",
                  ""]
        rows = [(f["sample"], f["seed"], "`" + str(f["error"]).replace("|", "\\|") + "`")
                for f in failed[:20]]  # a | in an error would end the table cell
        lines += _table(("sample", "seed", "error"), rows)
        lines += [""]
    return lines


def splits_section(stats: DatasetStats) -> list[str]:
    """Per split: records, distinct premise sets, auxiliary flags, auxiliary point counts
    and goal predicates (a split with no records shows zeros)."""
    splits = stats.splits
    lines = ["## Splits", "",
             "A record's split is set by a hash of its canonical premise set, so no premise "
             "set (the problem text before ` ? `) is in two splits.", ""]
    rows: list[tuple[Any, ...]] = [
        (name, sp.records, sp.premise_sets, f"{sp.with_aux} ({_pct(sp.with_aux, sp.records)})",
         f"{sp.aux_needed} ({_pct(sp.aux_needed, sp.records)})",
         f"{sp.aux_fixpoint} ({_pct(sp.aux_fixpoint, sp.records)})")
        for name, sp in splits.items()]
    rows.append(("all", stats.records, stats.premise_sets,
                 f"{stats.with_aux} ({_pct(stats.with_aux, stats.records)})",
                 f"{stats.aux_needed} ({_pct(stats.aux_needed, stats.records)})",
                 f"{stats.aux_fixpoint} ({_pct(stats.aux_fixpoint, stats.records)})"))
    lines += _table(("split", "records", "distinct premise sets", "with auxiliary points",
                     "aux_needed", "aux_fixpoint"), rows)
    names = list(splits)
    lines += ["", "### Auxiliary points per split", "",
              "Records by the number of points their auxiliary clauses introduce "
              "(`n_aux_points`).", ""]
    values = sorted(stats.aux_points.counts) or [0]
    lines += _table(("auxiliary points", *names, "all"),
                    [(v, *(splits[s].aux_points.counts.get(v, 0) for s in names),
                      stats.aux_points.counts.get(v, 0)) for v in values])
    lines += ["", "### Goal predicates per split", ""]
    lines += _table(("predicate", *names, "all"),
                    [(k, *(splits[s].goal_predicates.get(k, 0) for s in names), v)
                     for k, v in ranked(stats.goal_predicates)])
    return lines + [""]


def dropped_section(manifest: dict[str, Any]) -> list[str]:
    """Candidates left out before writing, by reason (the manifest's `dropped`), the
    benchmark problems (decontamination) first."""
    dropped = {str(k): int(v) for k, v in (manifest.get("dropped") or {}).items()}
    bench = dropped.pop("benchmark_problem", 0)
    lines = ["## Decontamination and other drops", "",
             f"{bench} candidate(s) stated a benchmark problem (IMO-AG-30, JGEX-AG-231): "
             "their premises and goal, as facts up to renaming points, are a benchmark "
             "problem's. They are not in the dataset (`manifest.json`: "
             "`dropped.benchmark_problem`).", ""]
    if dropped:
        lines += ["Other candidates left out, by reason (`manifest.json`: `dropped`, and "
                  "`dropped_by_sample`):", ""]
        lines += _table(("reason", "candidates", "meaning"),
                        [(k, v, DROPPED.get(k, "")) for k, v in ranked(Counter(dropped))])
        lines += [""]
    return lines


def card_text(manifest: dict[str, Any], stats: DatasetStats, name: str = "DIR",
              patterns: dict[str, str] | None = None) -> str:
    """The whole README.md (`patterns`: each split's files, for the front matter)."""
    n = stats.records
    settings = manifest.get("settings", {})
    n_files = sum(len(entry_files(s)) + bool(s.get("file")) for s in manifest.get("shards", []))
    lines = ["---", to_yaml(front_matter(n, patterns)).rstrip("\n"), "---", "",
             f"# {PRETTY_NAME}", "",
             *partial_note(manifest, n, name),
             f"{n} olympiad-geometry theorems with machine-checked proofs, generated by "
             f"Pappus from random constructions: each record is a "
             f"problem in AlphaGeometry syntax, its auxiliary constructions, and a proof that "
             f"the independent checker accepted.", "", "## Contents", ""]
    lines += _table(("records", "unique ids", "verified", "with auxiliary points"), [(
        n, stats.unique_ids, f"{stats.verified} ({_pct(stats.verified, n)})",
        f"{stats.with_aux} ({_pct(stats.with_aux, n)})")])
    lines += ["", *splits_section(stats), "### Sizes", ""]
    rows = []
    for label, dist in (("proof length (deduction steps)", stats.proof_length),
                        ("points", stats.points), ("premises", stats.premises),
                        ("auxiliary points", stats.aux_points)):
        s = dist.summary()
        rows.append((label, s["min"], s["median"], f"{s['mean']:.2f}", s["max"]))
    lines += _table(("", "min", "median", "mean", "max"), rows)
    lines += ["", "Proof length histogram:", ""]
    lines += _table(("deduction steps", "records"),
                    [(k, v) for k, v in sorted(stats.proof_length.counts.items())])
    lines += ["", "### Rules used", "", "Records whose proof uses each rule (`ar:*`: algebraic "
              "reasoning over angles, ratios and distances).", ""]
    lines += _table(("rule", "records", "share"),
                    [(k, v, _pct(v, n)) for k, v in
                     ranked(stats.rules)])
    lines += ["", *dropped_section(manifest), *verification_section(manifest),
              "## Generation", "",
              f"- dataset version: `{manifest.get('version')}`",
              f"- seed: `{manifest.get('seed')}`",
              f"- samples: {manifest.get('next_sample')} "
              f"({manifest.get('shard_size')} per shard, {n_files} shard file(s))",
              "- shard k holds the records of samples k*shard_size .. (k+1)*shard_size - 1; "
              "`manifest.json` lists the shards with their sample ranges and record counts",
              "", "Settings:", "", "```json", json.dumps(settings, indent=2, sort_keys=True),
              "```", "", "## Columns", ""]
    lines += _table(("column", "meaning"), [(f"`{k}`", v) for k, v in COLUMNS.items()])
    lines += ["", "## Loading", "", "With `datasets`:", "", "```python",
              "from datasets import load_dataset", "",
              f'ds = load_dataset("{name}")  # a DatasetDict: {", ".join(patterns or ["train"])}',
              'print(ds["train"][0]["problem"])', "```",
              "", "With pandas:", "", "```python", "import pandas as pd", "",
              f'df = pd.read_parquet("{name}/{DATA}")', "```", "",
              "With Pappus (re-check every proof: `pappus check DIR`):", "", "```python",
              "from generator.dataset import iter_records, read_dataset", "",
              f'table = read_dataset("{name}")  # a pyarrow Table',
              f'for record in iter_records("{name}"):  # TheoremRecord objects',
              "    print(record.id, record.goal)", "```", ""]
    return "\n".join(lines)


def pending_card_text(manifest: dict[str, Any], name: str,
                      patterns: dict[str, str]) -> str:
    """The card of a dataset a run is writing: loadable front matter, the partial note
    and the records per split, from the manifest's per-file counts (no record is read;
    the full card comes when the run closes)."""
    counts = {s: [0, 0, 0] for s in SPLITS}
    for entry in manifest.get("shards", []):
        for f in entry.get("files", []):
            c = counts.setdefault(str(f.get("split", "train")), [0, 0, 0])
            c[0] += int(f.get("records", 0))
            c[1] += int(f.get("aux_needed", 0))
            c[2] += int(f.get("aux_fixpoint", 0))
    n = int(manifest.get("records", 0))
    lines = ["---", to_yaml(front_matter(n, patterns)).rstrip("\n"), "---", "",
             f"# {PRETTY_NAME}", "", *partial_note({**manifest, "complete": False}, n, name),
             "The statistics of this card (distinct premise sets, auxiliary points, goal "
             "predicates, proof sizes, rules) are written when the run closes; so far, from "
             "`manifest.json`:", ""]
    lines += _table(("split", "records", "aux_needed", "aux_fixpoint"),
                    [(s, *c) for s, c in counts.items()])
    return "\n".join(lines + [""])


def write_card(out_dir: str | Path, full: bool = True) -> Path:
    """(Re)write `DIR/README.md` from the manifest and the records (`full`: False writes
    `pending_card_text`, which reads no record)."""
    root = Path(out_dir)
    manifest = read_manifest(root) or {}
    name, patterns = root.name or str(root), split_patterns(root, manifest)
    text = card_text(manifest, summarize(root), name=name, patterns=patterns) if full \
        else pending_card_text(manifest, name, patterns)
    path = root / CARD
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path
