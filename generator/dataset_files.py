"""The files of a dataset directory: its layout, names, the shard files of one shard,
and atomic writes. `generator.dataset` says what goes into the shards and when.

Layout::

    DIR/data/train-00000.parquet, ...   the records (schema `generator.records.SCHEMA`),
    DIR/data/validation-00000.parquet   one file per split and shard (a split with no
    DIR/data/test-00000.parquet         records in a shard has no file there)
    DIR/manifest.json                   settings, seed, version, completed shards, totals
    DIR/README.md                       the dataset card (by `DatasetWriter.close`; while
                                        a run writes, a short one from the manifest)

`datasets.load_dataset(DIR)`, `pandas.read_parquet(DIR / "data")` and
`generator.dataset_read.read_dataset(DIR)` all read it. A shard whose sample range was
not complete when its run stopped is written as `<split>-0000k-partial-<end>.parquet`.

Atomicity
---------
Every file goes to a temporary file in the same directory (`.NAME.tmp-...`), is fsynced,
then moved into place with `os.replace` (and the directory fsynced). A shard is in place
before the manifest that names it; the manifest lists the completed shards and nothing
else. Opening a directory removes stale temporary files and shard files that the
manifest does not name (orphans of a run killed between a shard and its manifest: they
are written again, identically).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from symbolic.errors import PappusError

from .records import SCHEMA, SPLITS

FORMAT = "pappus-dataset"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CARD = "README.md"
DATA = "data"
_SHARD_RE = re.compile(r"^(?:train|validation|test)-(\d{5,})(?:-partial-(\d+))?\.parquet$")
_TEMP_RE = re.compile(r"^\..+\.tmp-[0-9a-f]+$")


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


def remove_temps(*folders: Path) -> None:
    """Remove the temporary files a killed write left in `folders`."""
    for folder in folders:
        for path in folder.iterdir():
            if _TEMP_RE.match(path.name) and path.is_file():
                path.unlink(missing_ok=True)


def check_empty(root: Path) -> None:
    """A `DatasetError` unless `root` holds nothing but an empty `data/`: a directory
    without a manifest is written into only when it is new."""
    others = [p.name for p in root.iterdir() if p.name != DATA]
    others += [f"{DATA}/{p.name}" for p in (root / DATA).iterdir()]
    if others:
        raise DatasetError(
            f"error: {root} is not empty and holds no {MANIFEST}: refusing to write "
            f"a dataset there\n  hint: found {', '.join(sorted(others)[:5])}")


def remove_orphans(root: Path, named: set[str]) -> None:
    """Remove the shard files under `root/data` that are not in `named` (paths relative
    to `root`): orphans of a run killed between a shard and its manifest."""
    for path in (root / DATA).iterdir():
        if _SHARD_RE.match(path.name) and f"{DATA}/{path.name}" not in named:
            path.unlink()


# ---------------------------------------------------------------- shard files


def _write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd")


def _rows_table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def _file_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Counts a manifest file entry keeps, so a resume need not read the records:
    records with auxiliary clauses, with `aux_needed`, with `aux_fixpoint`."""
    return {"aux": sum(1 for r in rows if r["n_aux"] > 0),
            "aux_needed": sum(1 for r in rows if r.get("aux_needed")),
            "aux_fixpoint": sum(1 for r in rows if r.get("aux_fixpoint"))}


def write_shard_files(root: Path, rows: list[dict[str, Any]], index: int, end: int,
                      full: bool) -> list[dict[str, Any]]:
    """Write the rows of shard `index` (covering samples up to `end`; `full`: its whole
    range) into one file per split under `root/data`; returns the manifest's file
    entries for them, by split."""
    files: list[dict[str, Any]] = []
    for split in SPLITS:
        part = [r for r in rows if r.get("split", "train") == split]
        if not part:
            continue
        name = f"{split}-{index:05d}.parquet" if full else \
            f"{split}-{index:05d}-partial-{end}.parquet"
        path = root / DATA / name
        table = _rows_table(part)
        write_atomic(path, functools.partial(_write_parquet, table))
        files.append({"split": split, "file": f"{DATA}/{name}",
                      "records": len(part), **_file_counts(part),
                      "bytes": path.stat().st_size, "sha256": _sha256(path)})
    return files
