"""Dataset directories: Parquet shards in the HuggingFace `datasets` layout, written
atomically, resumable after a kill at any moment.

Layout::

    DIR/data/train-00000.parquet, ...   the records (schema `generator.records.SCHEMA`),
    DIR/data/validation-00000.parquet   one file per split and shard (a split with no
    DIR/data/test-00000.parquet         records in a shard has no file there)
    DIR/manifest.json                   settings, seed, version, completed shards, totals
    DIR/README.md                       the dataset card (by `DatasetWriter.close`; while
                                        a run writes, a short one from the manifest)

`datasets.load_dataset(DIR)`, `pandas.read_parquet(DIR / "data")` and `read_dataset(DIR)`
all read it.

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
(byte for byte) of a run that was never stopped.

Stopping inside a sample
------------------------
A run that reaches its record count inside a sample reports that sample with
`add(..., cut=True)`: the manifest's `cut_sample` names it. A later run asked for more
records calls `rewind(cut_sample)`, which forgets that sample's records, and runs it
again whole: so a run grown with a larger count writes what a fresh run with that count
writes.

Notes on samples
----------------
`add` also takes notes on the samples it reports: failures (a sample that raised; the
manifest's `failed_samples`) and rejections (candidates verification refused; the
manifest's `rejections`, counted by reason in `rejected`) and drops (candidates left
out, counted by reason: `dropped`). Like records, the manifest holds the notes of the
samples it covers (`sample < next_sample`) and nothing else. Drops happen in nearly
every sample of a long run, so only the last shard's are kept sample by sample
(`dropped_by_sample`, what a rewind into that shard needs); once a later shard is
written they are folded into their shard entry's `dropped` counts, and the manifest
stays small (a few hundred bytes a shard, not a note a sample).

Atomicity
---------
Every file goes to a temporary file in the same directory (`.NAME.tmp-...`), is fsynced,
then moved into place with `os.replace` (and the directory fsynced). A shard is in place
before the manifest that names it; the manifest lists the completed shards and nothing
else. Opening a directory removes stale temporary files and shard files that the
manifest does not name (orphans of a run killed between a shard and its manifest: they
are written again, identically); `next_sample()` says where to resume.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from symbolic.errors import PappusError

from .records import DATASET_VERSION, SCHEMA, SPLITS, TheoremRecord

FORMAT = "pappus-dataset"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CARD = "README.md"
DATA = "data"
# Settings that may change when a run is resumed: they do not change what is written.
VOLATILE_SETTINGS = frozenset({"n_samples", "samples", "jobs", "workers", "backend",
                               "ray_address", "progress", "count", "max_samples"})
# Settings added after datasets of this version were first written, with the value the
# older writers behaved as: a manifest without one was written with that value.
SETTINGS_ADDED_LATER: dict[str, Any] = {"neighbours": 0}
_SHARD_RE = re.compile(r"^(?:train|validation|test)-(\d{5,})(?:-partial-(\d+))?\.parquet$")
_TEMP_RE = re.compile(r"^\..+\.tmp-[0-9a-f]+$")
MANIFEST_INTERVAL = 5.0  # seconds between manifest writes while shards are being written
_RECORD_FIELDS = {f.name for f in fields(TheoremRecord)} - {"extra"}


class DatasetError(PappusError):
    """A dataset directory that cannot be read, resumed or written as asked."""


# ---------------------------------------------------------------- atomic files


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # e.g. platforms without directory file descriptors
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Write `path` through `write(temp_path)`, a temporary file in the same directory
    that is fsynced and then moved into place: readers see the old file or the new one,
    never part of one."""
    tmp = path.with_name(f".{path.name}.tmp-{secrets.token_hex(4)}")
    try:
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _write_json_atomic(path: Path, data: Any) -> None:
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- reading


def entry_files(entry: dict[str, Any]) -> list[str]:
    """The files of one manifest shard entry (paths relative to the dataset), by split."""
    return [f["file"] for f in entry.get("files", [])]


def is_dataset_dir(path: str | Path) -> bool:
    """Whether `path` is a dataset directory (a manifest, or Parquet files under data/)."""
    p = Path(path)
    return p.is_dir() and ((p / MANIFEST).is_file() or any((p / DATA).glob("*.parquet")))


def read_manifest(out_dir: str | Path) -> dict[str, Any] | None:
    """The manifest of a dataset directory, or None when it has none."""
    path = Path(out_dir) / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"error: cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DatasetError(f"error: {path} is not a Pappus dataset manifest")
    return data


def shard_files(out_dir: str | Path) -> list[Path]:
    """The shard files of a dataset, in sample order: those the manifest names, or (with
    no manifest) every visible `data/*.parquet`."""
    root = Path(out_dir)
    if not root.is_dir():
        raise DatasetError(f"error: {out_dir}: no such dataset directory")
    manifest = read_manifest(root)
    if manifest is None:
        return sorted(p for p in (root / DATA).glob("*.parquet") if not p.name.startswith("."))
    files = [root / f for s in manifest["shards"] for f in entry_files(s)]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise DatasetError(f"error: the manifest names missing shard files: "
                           f"{', '.join(missing[:3])}")
    return files


def read_dataset(out_dir: str | Path, columns: list[str] | None = None) -> pa.Table:
    """All records of a dataset as one table (optionally only some columns)."""
    tables = [pq.read_table(f, columns=columns) for f in shard_files(out_dir)]
    if not tables:
        empty = SCHEMA.empty_table()
        return empty.select(columns) if columns is not None else empty
    return pa.concat_tables(tables, promote_options="default")


def iter_tables(out_dir: str | Path, columns: list[str] | None = None) -> Iterator[pa.Table]:
    """The dataset shard by shard (memory bounded by one shard)."""
    for path in shard_files(out_dir):
        yield pq.read_table(path, columns=columns)


def record_from_row(row: dict[str, Any]) -> TheoremRecord:
    """A `TheoremRecord` from a table row (unknown columns go to `extra`)."""
    known = {k: v for k, v in row.items() if k in _RECORD_FIELDS}
    extra = {k: v for k, v in row.items() if k not in _RECORD_FIELDS}
    known["aux"] = list(known.get("aux") or [])
    known["rules"] = list(known.get("rules") or [])
    return TheoremRecord(**known, extra=extra)


def iter_records(out_dir: str | Path) -> Iterator[TheoremRecord]:
    """Every record of a dataset, in sample order."""
    for table in iter_tables(out_dir):
        for row in table.to_pylist():
            yield record_from_row(row)


def count_records(out_dir: str | Path) -> int:
    """The number of records (from the Parquet footers; reads no data)."""
    return sum(pq.ParquetFile(f).metadata.num_rows for f in shard_files(out_dir))


def find_record(out_dir: str | Path, id_prefix: str) -> TheoremRecord:
    """The record whose id is `id_prefix` or starts with it; a `DatasetError` with close
    ids when none or several match."""
    prefix = id_prefix.strip()
    ids = read_dataset(out_dir, columns=["id"]).column("id").to_pylist()
    matches = sorted({i for i in ids if i == prefix} or {i for i in ids if i.startswith(prefix)})
    if len(matches) > 1:
        shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
        raise DatasetError(f"error: {len(matches)} records have ids starting with {prefix!r}: "
                           f"{shown}\n  hint: give more characters of the id")
    if not matches:
        close = difflib.get_close_matches(prefix, ids, n=3, cutoff=0.5)
        for n in range(len(prefix) - 1, 0, -1):
            if close:
                break
            close = sorted(i for i in ids if i.startswith(prefix[:n]))[:3]
        hint = ("did you mean " + ", ".join(close) + "?") if close else \
            f"{len(ids)} record(s) there"
        raise DatasetError(f"error: no record with id {prefix!r} in {out_dir}\n  hint: {hint}")
    for table in iter_tables(out_dir):
        hit = table.filter(pc.equal(table.column("id"), matches[0]))
        if hit.num_rows:
            return record_from_row(hit.slice(0, 1).to_pylist()[0])
    raise DatasetError(f"error: record {matches[0]} vanished while reading {out_dir}")


# ---------------------------------------------------------------- writing


def _normalize(settings: dict[str, Any]) -> dict[str, Any]:
    try:
        return json.loads(json.dumps(settings, sort_keys=True))
    except TypeError as exc:
        raise DatasetError(f"error: dataset settings must be JSON data: {exc}") from None


def _write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd")


def _rows_table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def _sum_counts(notes: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Counts by reason summed over notes (a note's `sample` key is not a count)."""
    out: dict[str, int] = {}
    for n in notes:
        for key, value in n.items():
            if key != "sample":
                out[key] = out.get(key, 0) + int(value)
    return dict(sorted(out.items()))


def _file_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Counts a manifest file entry keeps, so a resume need not read the records:
    records with auxiliary clauses, with `aux_needed`, with `aux_fixpoint`."""
    return {"aux": sum(1 for r in rows if r["n_aux"] > 0),
            "aux_needed": sum(1 for r in rows if r.get("aux_needed")),
            "aux_fixpoint": sum(1 for r in rows if r.get("aux_fixpoint"))}


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
        self._failures: list[dict[str, Any]] = []  # notes on samples, in sample order
        self._rejections: list[dict[str, Any]] = []
        self._dropped: list[dict[str, Any]] = []  # {"sample": s, reason: count, ...}
        self._folded: dict[str, int] = {}  # the drops folded into shard entries, summed
        self._manifest_written = 0.0  # when (time.monotonic) the manifest was last written
        try:
            self.data.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatasetError(f"error: cannot create {self.data}: {exc.strerror}") from None
        self._clean_temps()
        manifest = read_manifest(self.root)
        if manifest is None:
            self._check_empty()
        else:
            self._resume(manifest)
        self._write_manifest(complete=False)
        # no stale card of an earlier run: a short one, from the manifest alone (reading
        # every record waits for close), that says the dataset is partial
        self._write_card(full=False)

    # -- opening

    def _clean_temps(self) -> None:
        for folder in (self.root, self.data):
            for path in folder.iterdir():
                if _TEMP_RE.match(path.name) and path.is_file():
                    path.unlink(missing_ok=True)

    def _check_empty(self) -> None:
        others = [p.name for p in self.root.iterdir() if p.name != DATA]
        others += [f"{DATA}/{p.name}" for p in self.data.iterdir()]
        if others:
            raise DatasetError(
                f"error: {self.root} is not empty and holds no {MANIFEST}: refusing to write "
                f"a dataset there\n  hint: found {', '.join(sorted(others)[:5])}")

    def _resume(self, manifest: dict[str, Any]) -> None:
        where = self.root / MANIFEST
        if manifest.get("version") != DATASET_VERSION:
            raise DatasetError(f"error: {where} is dataset version {manifest.get('version')}, "
                               f"this writer writes {DATASET_VERSION}")
        if manifest.get("shard_size") != self.shard_size:
            raise DatasetError(f"error: {where} has shard_size {manifest.get('shard_size')}, "
                               f"not {self.shard_size}: resume with the same settings")
        old = {k: v for k, v in {**SETTINGS_ADDED_LATER, **manifest.get("settings", {})}.items()
               if k not in VOLATILE_SETTINGS}
        new = {k: v for k, v in self.settings.items() if k not in VOLATILE_SETTINGS}
        if old != new:
            changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
            raise DatasetError(f"error: {where} was written with other settings "
                               f"({', '.join(changed)}): resume with the same settings")
        self.shards = sorted(manifest.get("shards", []), key=lambda s: s["index"])
        named = {f for s in self.shards for f in entry_files(s)}
        for name in sorted(named):
            if not (self.root / name).is_file():
                raise DatasetError(f"error: {where} names {name}, which is missing")
        for path in self.data.iterdir():  # orphans of a killed run: written again later
            if _SHARD_RE.match(path.name) and f"{DATA}/{path.name}" not in named:
                path.unlink()
        self._position = max((s["sample_end"] for s in self.shards), default=0)
        last = self.shards[-1] if self.shards else None
        if last is not None and last["sample_end"] < (last["index"] + 1) * self.shard_size:
            # a partial shard: its records are the open shard's (split by split, as
            # they were written: `_flush` keeps each split's order)
            self._pending = [row for f in entry_files(last)
                             for row in pq.read_table(self.root / f).to_pylist()]
        self._ids = self.existing_ids()  # the one pass over the id column a resume makes
        self.cut_sample = manifest.get("cut_sample")
        self._failures = list(manifest.get("failed_samples", []))
        self._rejections = list(manifest.get("rejections", []))
        self._dropped = list(manifest.get("dropped_by_sample", []))
        self._folded = _sum_counts(s.get("dropped", {}) for s in self.shards)

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
        notes = [(self._failures, sorted(failures, key=lambda n: n["sample"])),
                 (self._rejections, sorted(rejections, key=lambda n: n["sample"])),
                 (self._dropped, sorted(dropped, key=lambda n: n["sample"]))]
        for _, new in notes:
            for n in new:
                if not start <= n["sample"] < end:
                    raise DatasetError(f"error: a note on sample {n['sample']}, outside the "
                                       f"samples {start}..{end - 1} being reported")
        # notes and the cut first: a shard flushed below writes them with its manifest
        for old, new in notes:
            old.extend(_normalize(n) for n in new)
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
                for f in entry_files(entry):
                    rows.extend(pq.read_table(self.root / f).to_pylist())
        rows += self._pending
        self._pending = [r for r in rows if r["sample"] < sample]
        self.shards = [s for s in self.shards if s["index"] < index]
        self._position = sample
        self._failures = [n for n in self._failures if n["sample"] < sample]
        self._rejections = [n for n in self._rejections if n["sample"] < sample]
        self._dropped = [n for n in self._dropped if n["sample"] < sample]
        self._folded = _sum_counts(s.get("dropped", {}) for s in self.shards)
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
                                 "records": len(rows), "files": []}
        for split in SPLITS:
            part = [r for r in rows if r.get("split", "train") == split]
            if not part:
                continue
            name = f"{split}-{index:05d}.parquet" if full else \
                f"{split}-{index:05d}-partial-{end}.parquet"
            path = self.data / name
            table = _rows_table(part)
            write_atomic(path, functools.partial(_write_parquet, table))
            entry["files"].append({"split": split, "file": f"{DATA}/{name}",
                                   "records": len(part), **_file_counts(part),
                                   "bytes": path.stat().st_size, "sha256": _sha256(path)})
        # shards are flushed in index order: the entry replaces the last one (its partial
        # form) or comes after it, never a scan of every shard (a long run has thousands)
        replaced = []
        if self.shards and self.shards[-1]["index"] == index:
            replaced = [self.shards.pop()]
        elif self.shards and self.shards[-1]["index"] > index:
            raise DatasetError(f"error: shard {index} written after shard "
                               f"{self.shards[-1]['index']}")
        self.shards.append(entry)
        self._fold_drops(before=start)
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

    def _fold_drops(self, before: int) -> None:
        """Fold the drop notes of samples before `before` (shards before the last) into
        their shard entries' `dropped` counts."""
        if not self._dropped or self._dropped[0]["sample"] >= before:
            return
        by_index: dict[int, list[dict[str, Any]]] = {}
        keep = []
        for n in self._dropped:
            if n["sample"] < before:
                by_index.setdefault(n["sample"] // self.shard_size, []).append(n)
            else:
                keep.append(n)
        self._dropped = keep
        for entry in reversed(self.shards):  # the folded shards are the last few
            if not by_index:
                break
            notes = by_index.pop(entry["index"], None)
            if notes is not None:
                counts = _sum_counts([entry.get("dropped", {}), *notes])
                entry["dropped"] = counts
                for key, value in _sum_counts(notes).items():
                    self._folded[key] = self._folded.get(key, 0) + value

    def _write_manifest(self, complete: bool, stopped: str | None = None,
                        lazy: bool = False) -> None:
        """Write the manifest; `lazy`: only if the last write is MANIFEST_INTERVAL old
        (a long run's manifest grows with its shards: rewriting it after every shard
        would make the run quadratic)."""
        now = time.monotonic()
        if lazy and now - self._manifest_written < MANIFEST_INTERVAL:
            return
        self._manifest_written = now
        covered = max((s["sample_end"] for s in self.shards), default=0)
        failures = [n for n in self._failures if n["sample"] < covered]
        rejections = [n for n in self._rejections if n["sample"] < covered]
        dropped_notes = [n for n in self._dropped if n["sample"] < covered]
        dropped = _sum_counts([self._folded, *dropped_notes])
        rejected: dict[str, int] = {}
        for n in rejections:
            rejected[n["reason"]] = rejected.get(n["reason"], 0) + 1
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "version": DATASET_VERSION,
            "seed": self.settings.get("seed"),
            "settings": self.settings,
            "shard_size": self.shard_size,
            "shard_semantics": "shard k holds the records of samples "
                               "[k*shard_size, (k+1)*shard_size), in sample order",
            "next_sample": covered,
            "records": sum(s["records"] for s in self.shards),
            "complete": complete,
            "stopped": stopped,  # why the last run stopped; null while one runs (or died)
            "cut_sample": self.cut_sample if self.cut_sample is not None
            and self.cut_sample < covered else None,
            "rejected": dict(sorted(rejected.items())),
            "rejections": rejections,
            "dropped": dict(sorted(dropped.items())),  # candidates left out, by reason
            "dropped_by_sample": dropped_notes,
            "failed_samples": failures,
            "shards": self.shards,
        }
        _write_json_atomic(self.root / MANIFEST, manifest)
