"""Reading dataset directories (see `generator.dataset_files` for the layout): the
manifest, the shard files it names, and the records in them, as tables or as
`TheoremRecord`s; finding one record by a prefix of its id."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .dataset_files import DATA, FORMAT, MANIFEST, DatasetError
from .records import SCHEMA, TheoremRecord

_RECORD_FIELDS = {f.name for f in fields(TheoremRecord)} - {"extra"}

def entry_files(entry: dict[str, Any]) -> list[str]:
    """The files of one manifest shard entry (paths relative to the dataset), by split."""
    return [f["file"] for f in entry.get("files", [])]


def entry_rows(root: Path, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of one manifest shard entry of the dataset at `root`, split by split."""
    return [row for f in entry_files(entry) for row in pq.read_table(root / f).to_pylist()]


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
