"""Writing dataset directories: `DatasetWriter` puts a run's records into Parquet shards
in the HuggingFace `datasets` layout, atomically, resumable after a kill at any moment.
The layout and the atomic writes are in `generator.dataset_files`, the manifest's content
in `generator.dataset_manifest`, reading in `generator.dataset_read`; this module
re-exports their public names, so `from generator.dataset import ...` reaches them all.

Shard semantics
---------------
A run draws samples 0, 1, 2, ... and each sample yields zero or more records. With
`shard_size` S (samples per shard, not records), shard k holds the records of the
samples k*S <= i < (k+1)*S, in sample order (a sample's records in the order given).
Boundaries therefore depend on sample indices and settings only, never on timing,
worker count or when a run was stopped.

The caller tells the writer which samples are done: `add(records, end)` means "these are
all the records of samples next_sample() <= i < end". A caller that runs samples out of
order holds results back until that prefix is complete. A record whose id is already in
the dataset (from an earlier sample, or earlier in the same sample) is dropped: the first
occurrence in sample order wins, which is again independent of timing.

A shard is written as soon as its sample range is complete. `close` also writes the last,
partial range as `<split>-0000k-partial-<end>.parquet`; reopening the directory takes that
partial shard's records back into the buffer, and the full shard k replaces it once its
range completes. So a run stopped after sample n and resumed writes exactly the shards
(byte for byte) of a run that was never stopped. Opening a directory removes what a
killed run left half done (see `generator.dataset_files`); `next_sample()` says where to
resume.

Stopping inside a sample
------------------------
A run that reaches its record count inside a sample reports that sample with
`add(..., cut=True)`: the manifest's `cut_sample` names it. A later run asked for more
records calls `rewind(cut_sample)`, which forgets that sample's records, and runs it
again whole: so a run grown with a larger count writes what a fresh run with that count
writes.

Notes on samples
----------------
`add` also takes notes on the samples it reports (failures, rejections, drops), which
the manifest keeps for the samples it covers: see `generator.dataset_manifest`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

from .dataset_files import (
    CARD,
    DATA,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    DatasetError,
    _write_json_atomic,
    check_empty,
    remove_orphans,
    remove_temps,
    write_atomic,
    write_shard_files,
)
from .dataset_manifest import (
    SETTINGS_ADDED_LATER,
    VOLATILE_SETTINGS,
    SampleNotes,
    _normalize,
    check_resumable,
    manifest_content,
)
from .dataset_read import (
    count_records,
    entry_files,
    entry_rows,
    find_record,
    is_dataset_dir,
    iter_records,
    iter_tables,
    read_dataset,
    read_manifest,
    record_from_row,
    shard_files,
)
from .records import TheoremRecord

__all__ = [
    "CARD", "DATA", "FORMAT", "FORMAT_VERSION", "MANIFEST", "MANIFEST_INTERVAL",
    "SETTINGS_ADDED_LATER", "VOLATILE_SETTINGS", "DatasetError", "DatasetWriter",
    "count_records", "entry_files", "find_record", "is_dataset_dir", "iter_records",
    "iter_tables", "read_dataset", "read_manifest", "record_from_row", "shard_files",
    "write_atomic",
]

MANIFEST_INTERVAL = 5.0  # seconds between manifest writes while shards are being written


class DatasetWriter:
    """Writes records into a dataset directory shard by shard (see the module docstring
    for the semantics); reopening a directory resumes it. As a context manager it closes
    on normal exit only (after an error the completed shards stay; reopen to resume).

    `settings` (JSON data; its `seed` goes into the manifest) must match on resume,
    except the keys in `VOLATILE_SETTINGS`, which do not change what is written."""

    def __init__(self, out_dir: str | Path, settings: dict[str, Any], shard_size: int,
                 *, dedup: bool = True) -> None:
        if shard_size < 1:
            raise DatasetError("error: shard_size must be at least 1 sample")
        self.root = Path(out_dir)
        self.data = self.root / DATA
        self.settings = _normalize(settings)
        self.shard_size = shard_size
        self.dedup = dedup
        self.shards: list[dict[str, Any]] = []  # manifest entries, by index
        self._position = 0  # samples [0, position) are reported
        self._pending: list[dict[str, Any]] = []  # rows of the open shard
        self._ids: set[str] = set()
        self._closed = False
        self.cut_sample: int | None = None  # a sample whose records were taken in part
        self._notes = SampleNotes()
        self._manifest_written = 0.0  # when (time.monotonic) the manifest was last written
        try:
            self.data.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatasetError(f"error: cannot create {self.data}: {exc.strerror}") from None
        remove_temps(self.root, self.data)
        manifest = read_manifest(self.root)
        if manifest is None:
            check_empty(self.root)
        else:
            self._resume(manifest)
        self._write_manifest(complete=False)
        # no stale card of an earlier run: a short one, from the manifest alone (reading
        # every record waits for close), that says the dataset is partial
        self._write_card(full=False)

    # -- opening

    def _resume(self, manifest: dict[str, Any]) -> None:
        where = self.root / MANIFEST
        check_resumable(manifest, where, self.settings, self.shard_size)
        self.shards = sorted(manifest.get("shards", []), key=lambda s: s["index"])
        named = {f for s in self.shards for f in entry_files(s)}
        for name in sorted(named):
            if not (self.root / name).is_file():
                raise DatasetError(f"error: {where} names {name}, which is missing")
        remove_orphans(self.root, named)  # a killed run's: written again later
        self._position = max((s["sample_end"] for s in self.shards), default=0)
        last = self.shards[-1] if self.shards else None
        if last is not None and last["sample_end"] < (last["index"] + 1) * self.shard_size:
            # a partial shard: its records are the open shard's (split by split, as
            # they were written: `_flush` keeps each split's order)
            self._pending = entry_rows(self.root, last)
        self._ids = self.existing_ids()  # the one pass over the id column a resume makes
        self.cut_sample = manifest.get("cut_sample")
        self._notes.resume(manifest, self.shards)

    # -- the API

    def existing_ids(self) -> set[str]:
        """The ids of every record written or buffered so far, read from the shards (one
        pass over the id column: what opening a directory costs; the writer then keeps
        the set up to date, and `has_id` asks it without a copy). A million sha256-hex
        ids take about 140 MB as a set of strings: a more compact store (digest prefixes
        in an array) would pay off only at around ten million records."""
        return set(self.column("id"))

    def has_id(self, record_id: str) -> bool:
        """Whether a record with this id is written or buffered (the writer's own set of
        ids: a coordinator asks here instead of keeping a second one)."""
        return record_id in self._ids

    def aux_records(self) -> int:
        """Records written or buffered so far that have auxiliary clauses (`n_aux` > 0),
        from the per-file counts of the manifest: reads no records, except the files of
        a manifest written before those counts existed."""
        total = sum(1 for row in self._pending if row["n_aux"] > 0)
        for entry in self.shards:
            if self._is_open(entry):
                continue
            for f in entry.get("files", []):
                if "aux" in f:
                    total += int(f["aux"])
                else:
                    table = pq.read_table(self.root / f["file"], columns=["n_aux"])
                    total += int(pc.sum(pc.greater(table.column("n_aux"), 0)).as_py() or 0)
        return total

    def column(self, name: str) -> list[Any]:
        """One column of every record written or buffered so far, in sample order."""
        values: list[Any] = []
        for entry in self.shards:
            if not self._is_open(entry):
                for f in entry_files(entry):
                    table = pq.read_table(self.root / f, columns=[name])
                    values.extend(table.column(name).to_pylist())
        return values + [row[name] for row in self._pending]

    def next_sample(self) -> int:
        """The first sample not yet reported: where a (resumed) run continues."""
        return self._position

    @property
    def records(self) -> int:
        """Records written or buffered so far."""
        return sum(s["records"] for s in self.shards if not self._is_open(s)) + \
            len(self._pending)

    def add(self, records: Iterable[TheoremRecord], sample_range_end: int, *,
            cut: bool = False, failures: Iterable[dict[str, Any]] = (),
            rejections: Iterable[dict[str, Any]] = (),
            dropped: Iterable[dict[str, Any]] = ()) -> int:
        """Report all the records of samples `next_sample() <= i < sample_range_end`
        (each record's `sample` field names its sample); writes every shard whose sample
        range is now complete. Returns how many records were kept (the others were
        duplicates of records already in the dataset).

        `cut`: the last of these samples was taken only in part (the run stopped in it);
        `failures`, `rejections` and `dropped` (counts of candidates left out, by reason):
        notes on these samples, each with a `sample` key."""
        if self._closed:
            raise DatasetError("error: the dataset writer is closed")
        start, end = self._position, sample_range_end
        if end < start:
            raise DatasetError(f"error: samples up to {start} were already reported "
                               f"(got sample_range_end {end})")
        if self.cut_sample is not None:
            raise DatasetError(f"error: sample {self.cut_sample} was taken only in part: "
                               f"rewind to it before reporting more samples")
        if cut and end == start:
            raise DatasetError("error: a cut needs a sample to cut")
        batch = sorted(records, key=lambda r: r.sample)
        for r in batch:
            if not start <= r.sample < end:
                raise DatasetError(f"error: record {r.id} is from sample {r.sample}, outside "
                                   f"the samples {start}..{end - 1} being reported")
        # notes and the cut first: a shard flushed below writes them with its manifest
        self._notes.add(start, end, failures, rejections, dropped)
        if cut:
            self.cut_sample = end - 1
        kept = 0
        for r in batch:
            while r.sample >= self._open_end():
                self._position = self._open_end()
                self._flush()
            if self.dedup and r.id in self._ids:
                continue
            self._ids.add(r.id)
            self._pending.append(r.to_row())
            kept += 1
        while end >= self._open_end():
            self._position = self._open_end()
            self._flush()
        self._position = end
        return kept

    def rewind(self, sample: int) -> None:
        """Forget the records and notes of samples `sample` and later, so they can be
        reported again: a run asked for more records than a run that stopped inside
        `cut_sample` redoes that sample whole. On disk the dataset falls back to the
        shards before `sample`'s (a kill now loses no more than a resume redoes)."""
        if self._closed:
            raise DatasetError("error: the dataset writer is closed")
        if not 0 <= sample <= self._position:
            raise DatasetError(f"error: cannot rewind to sample {sample}: samples "
                               f"0..{self._position - 1} are reported")
        index = sample // self.shard_size
        dropped = [s for s in self.shards if s["index"] >= index]
        if dropped and dropped[0].get("dropped") and sample > dropped[0]["sample_start"]:
            raise DatasetError(f"error: cannot rewind to sample {sample}: the drop notes of "
                               f"its shard are folded (only the last shard can be rewound "
                               f"into)")
        rows: list[dict[str, Any]] = []
        for entry in dropped:
            if not self._is_open(entry):
                rows.extend(entry_rows(self.root, entry))
        rows += self._pending
        self._pending = [r for r in rows if r["sample"] < sample]
        self.shards = [s for s in self.shards if s["index"] < index]
        self._position = sample
        self._notes.forget(sample, self.shards)
        if self.cut_sample is not None and self.cut_sample >= sample:
            self.cut_sample = None
        self._ids = self.existing_ids()
        self._write_manifest(complete=False)
        for entry in dropped:
            for f in entry_files(entry):
                (self.root / f).unlink(missing_ok=True)

    def close(self, complete: bool = True, stopped: str | None = None) -> None:
        """Write the last, partial shard, the dataset card and the final manifest.

        `complete`: the run wrote everything it was asked for (a partial dataset says
        False, and its card says so); `stopped`: why the run stopped, for the manifest
        (`count`, `max_samples`, `interrupted`, `error`)."""
        if self._closed:
            return
        open_start = self._open_index() * self.shard_size
        if self._position > open_start:
            last = self.shards[-1] if self.shards else None
            if not (last is not None and self._is_open(last)
                    and last["sample_end"] == self._position):
                self._flush()
        self._closed = True
        self._write_manifest(complete=complete, stopped=stopped)
        self._write_card()

    def _write_card(self, full: bool = True) -> None:
        from .dataset_card import write_card

        write_card(self.root, full=full)

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:  # after an error the completed shards are safe; resume
            self.close()

    # -- shards

    def _open_index(self) -> int:
        return self._position // self.shard_size

    def _open_end(self) -> int:
        return (self._open_index() + 1) * self.shard_size

    def _is_open(self, entry: dict[str, Any]) -> bool:
        return entry["index"] == self._open_index() and \
            entry["sample_end"] < (entry["index"] + 1) * self.shard_size

    def _flush(self) -> None:
        """Write the open shard, covering samples up to the current position (a full
        shard when the position is at its end, else a partial one)."""
        index = (self._position - 1) // self.shard_size
        start, end = index * self.shard_size, self._position
        full = end == (index + 1) * self.shard_size
        rows, self._pending = self._pending, []
        entry: dict[str, Any] = {"index": index, "sample_start": start, "sample_end": end,
                                 "records": len(rows),
                                 "files": write_shard_files(self.root, rows, index, end, full)}
        # shards are flushed in index order: the entry replaces the last one (its partial
        # form) or comes after it, never a scan of every shard (a long run has thousands)
        replaced = []
        if self.shards and self.shards[-1]["index"] == index:
            replaced = [self.shards.pop()]
        elif self.shards and self.shards[-1]["index"] > index:
            raise DatasetError(f"error: shard {index} written after shard "
                               f"{self.shards[-1]['index']}")
        self.shards.append(entry)
        self._notes.fold(start, self.shards, self.shard_size)
        superseded = [f for old in replaced for f in entry_files(old)
                      if f not in entry_files(entry)]
        # the manifest may lag behind the shards (they are orphans to redo on resume),
        # but never name a file about to be removed
        self._write_manifest(complete=False, lazy=not superseded)
        kept = set(entry_files(entry))
        for old in replaced:  # a partial shard superseded by this one
            for f in entry_files(old):
                if f not in kept:
                    (self.root / f).unlink(missing_ok=True)

    def _write_manifest(self, complete: bool, stopped: str | None = None,
                        lazy: bool = False) -> None:
        """Write the manifest; `lazy`: only if the last write is MANIFEST_INTERVAL old
        (a long run's manifest grows with its shards: rewriting it after every shard
        would make the run quadratic)."""
        now = time.monotonic()
        if lazy and now - self._manifest_written < MANIFEST_INTERVAL:
            return
        self._manifest_written = now
        manifest = manifest_content(
            self.settings, self.shard_size, self.shards, complete=complete, stopped=stopped,
            cut_sample=self.cut_sample, notes=self._notes)
        # looked up in this module: benchmarks/generator_scale.py times manifest writes
        # by patching `generator.dataset._write_json_atomic`
        _write_json_atomic(self.root / MANIFEST, manifest)
