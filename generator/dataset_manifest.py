"""A dataset's manifest: which settings a resume must repeat, the notes on samples it
keeps, and its content (settings, completed shards, totals, notes), built from a
writer's state. `generator.dataset.DatasetWriter` decides when it is written.

Notes on samples
----------------
`DatasetWriter.add` also takes notes on the samples it reports: failures (a sample that
raised; the manifest's `failed_samples`) and rejections (candidates verification
refused; the manifest's `rejections`, counted by reason in `rejected`) and drops
(candidates left out, counted by reason: `dropped`). Like records, the manifest holds the
notes of the samples it covers (`sample < next_sample`) and nothing else. Drops happen in
nearly every sample of a long run, so only the last shard's are kept sample by sample
(`dropped_by_sample`, what a rewind into that shard needs); once a later shard is
written they are folded into their shard entry's `dropped` counts, and the manifest
stays small (a few hundred bytes a shard, not a note a sample).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .dataset_files import FORMAT, FORMAT_VERSION, DatasetError
from .records import DATASET_VERSION

# Settings that may change when a run is resumed: they do not change what is written.
VOLATILE_SETTINGS = frozenset({"n_samples", "samples", "jobs", "workers", "backend",
                               "ray_address", "progress", "count", "max_samples"})
# Settings added after datasets of this version were first written, with the value the
# older writers behaved as: a manifest without one was written with that value.
SETTINGS_ADDED_LATER: dict[str, Any] = {"neighbours": 0}


def _normalize(settings: dict[str, Any]) -> dict[str, Any]:
    try:
        return json.loads(json.dumps(settings, sort_keys=True))
    except TypeError as exc:
        raise DatasetError(f"error: dataset settings must be JSON data: {exc}") from None


def _sum_counts(notes: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Counts by reason summed over notes (a note's `sample` key is not a count)."""
    out: dict[str, int] = {}
    for n in notes:
        for key, value in n.items():
            if key != "sample":
                out[key] = out.get(key, 0) + int(value)
    return dict(sorted(out.items()))


class SampleNotes:
    """The notes on samples a writer holds, each list in sample order, each note with a
    `sample` key (see the module docstring)."""

    def __init__(self) -> None:
        self.failures: list[dict[str, Any]] = []
        self.rejections: list[dict[str, Any]] = []
        self.dropped: list[dict[str, Any]] = []  # {"sample": s, reason: count, ...}
        self.folded: dict[str, int] = {}  # the drops folded into shard entries, summed

    def resume(self, manifest: dict[str, Any], shards: list[dict[str, Any]]) -> None:
        """Take back the notes of `manifest`, whose shard entries are `shards`."""
        self.failures = list(manifest.get("failed_samples", []))
        self.rejections = list(manifest.get("rejections", []))
        self.dropped = list(manifest.get("dropped_by_sample", []))
        self.folded = _sum_counts(s.get("dropped", {}) for s in shards)

    def add(self, start: int, end: int, failures: Iterable[dict[str, Any]],
            rejections: Iterable[dict[str, Any]], dropped: Iterable[dict[str, Any]]) -> None:
        """Add notes on the samples `start <= i < end` being reported (a `DatasetError`,
        and none added, when one is on another sample)."""
        notes = [(self.failures, sorted(failures, key=lambda n: n["sample"])),
                 (self.rejections, sorted(rejections, key=lambda n: n["sample"])),
                 (self.dropped, sorted(dropped, key=lambda n: n["sample"]))]
        for _, new in notes:
            for n in new:
                if not start <= n["sample"] < end:
                    raise DatasetError(f"error: a note on sample {n['sample']}, outside the "
                                       f"samples {start}..{end - 1} being reported")
        for old, new in notes:
            old.extend(_normalize(n) for n in new)

    def forget(self, sample: int, shards: list[dict[str, Any]]) -> None:
        """Forget the notes on samples `sample` and later; `shards`: the entries kept."""
        self.failures = [n for n in self.failures if n["sample"] < sample]
        self.rejections = [n for n in self.rejections if n["sample"] < sample]
        self.dropped = [n for n in self.dropped if n["sample"] < sample]
        self.folded = _sum_counts(s.get("dropped", {}) for s in shards)

    def fold(self, before: int, shards: list[dict[str, Any]], shard_size: int) -> None:
        """Fold the drop notes of samples before `before` (shards before the last) into
        their entries' `dropped` counts in `shards`."""
        if not self.dropped or self.dropped[0]["sample"] >= before:
            return
        by_index: dict[int, list[dict[str, Any]]] = {}
        keep = []
        for n in self.dropped:
            if n["sample"] < before:
                by_index.setdefault(n["sample"] // shard_size, []).append(n)
            else:
                keep.append(n)
        self.dropped = keep
        for entry in reversed(shards):  # the folded shards are the last few
            if not by_index:
                break
            notes = by_index.pop(entry["index"], None)
            if notes is not None:
                counts = _sum_counts([entry.get("dropped", {}), *notes])
                entry["dropped"] = counts
                for key, value in _sum_counts(notes).items():
                    self.folded[key] = self.folded.get(key, 0) + value

    def manifest_fields(self, covered: int) -> dict[str, Any]:
        """The manifest's notes: those on the samples before `covered`."""
        failures = [n for n in self.failures if n["sample"] < covered]
        rejections = [n for n in self.rejections if n["sample"] < covered]
        dropped_notes = [n for n in self.dropped if n["sample"] < covered]
        dropped = _sum_counts([self.folded, *dropped_notes])
        rejected: dict[str, int] = {}
        for n in rejections:
            rejected[n["reason"]] = rejected.get(n["reason"], 0) + 1
        return {
            "rejected": dict(sorted(rejected.items())),
            "rejections": rejections,
            "dropped": dict(sorted(dropped.items())),  # candidates left out, by reason
            "dropped_by_sample": dropped_notes,
            "failed_samples": failures,
        }


def check_resumable(manifest: dict[str, Any], where: Path, settings: dict[str, Any],
                    shard_size: int) -> None:
    """A `DatasetError` unless a writer with `settings` (normalized) and `shard_size`
    may resume the dataset of `manifest` (read from `where`): same version, shard size
    and settings, except `VOLATILE_SETTINGS`."""
    if manifest.get("version") != DATASET_VERSION:
        raise DatasetError(f"error: {where} is dataset version {manifest.get('version')}, "
                           f"this writer writes {DATASET_VERSION}")
    if manifest.get("shard_size") != shard_size:
        raise DatasetError(f"error: {where} has shard_size {manifest.get('shard_size')}, "
                           f"not {shard_size}: resume with the same settings")
    old = {k: v for k, v in {**SETTINGS_ADDED_LATER, **manifest.get("settings", {})}.items()
           if k not in VOLATILE_SETTINGS}
    new = {k: v for k, v in {**SETTINGS_ADDED_LATER, **settings}.items()
           if k not in VOLATILE_SETTINGS}
    if old != new:
        changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        raise DatasetError(f"error: {where} was written with other settings "
                           f"({', '.join(changed)}): resume with the same settings")


def manifest_content(settings: dict[str, Any], shard_size: int,
                     shards: list[dict[str, Any]], *, complete: bool, stopped: str | None,
                     cut_sample: int | None, notes: SampleNotes) -> dict[str, Any]:
    """The manifest of a dataset with these completed `shards`: of `cut_sample` and of
    the `notes` it keeps those on the samples the shards cover."""
    covered = max((s["sample_end"] for s in shards), default=0)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": DATASET_VERSION,
        "seed": settings.get("seed"),
        "settings": settings,
        "shard_size": shard_size,
        "shard_semantics": "shard k holds the records of samples "
                           "[k*shard_size, (k+1)*shard_size), in sample order",
        "next_sample": covered,
        "records": sum(s["records"] for s in shards),
        "complete": complete,
        "stopped": stopped,  # why the last run stopped; null while one runs (or died)
        "cut_sample": cut_sample if cut_sample is not None and cut_sample < covered
        else None,
        **notes.manifest_fields(covered),
        "shards": shards,
    }
