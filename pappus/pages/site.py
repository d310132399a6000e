"""A static site that browses a dataset: a paged, filterable table of every record, each
row opening its proof page. Opens from `file://` with no server.

Browsers block `fetch` on `file://`, so every data file is a script that the pages add
with `<script src>`: `data/index.js` holds one row per record (columnar, small), and
`data/records/cNNNNN.js` the page data of `CHUNK` records each; a proof page loads the
one chunk its record is in. Nothing is rendered per record at build time except its
figure layout (the browser draws it), so the site of 100,000 records is a few hundred
files, not 100,000 pages.

Layout::

    SITE/index.html  proof.html  assets/  data/index.js  data/rules.js
    SITE/data/records/c00000.js ...  SITE/build.json (counts, seconds, bytes)
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from symbolic.errors import PappusError

from .data import figure_data, record_data, rule_table
from .page import asset, script_json

CHUNK = 250  # records per data file: a proof page loads one
INDEX_COLUMNS = ("id", "goal", "goal_predicate", "n_aux", "n_aux_points", "n_steps",
                 "n_points", "verified", "split")
MARKER = "build.json"


class SiteError(PappusError):
    """A site that cannot be built where or as asked."""


@dataclass
class SiteSummary:
    """What a build wrote and how long it took."""

    records: int
    chunks: int
    files: int
    bytes: int
    seconds: float
    figure_seconds: float
    figures_drawn: int  # layouts computed (each worker reuses those it has made)
    figure_errors: int
    columns: list[str]
    dataset: str


def check_site_dir(out: str | Path) -> Path:
    """`out` if a site may be written there: missing, empty, or an earlier site."""
    root = Path(out)
    if root.exists() and not root.is_dir():
        raise SiteError(f"error: {out} exists and is not a directory\n"
                        f"  hint: give a new directory name with -o")
    if root.is_dir() and any(root.iterdir()) and not (root / MARKER).is_file():
        raise SiteError(f"error: {out} is not empty and not a site written by pappus browse\n"
                        f"  hint: give a new or empty directory with -o")
    if not root.parent.is_dir():
        raise SiteError(f"error: cannot write {out}: no directory {str(root.parent)!r}")
    return root


def _index_rows(dataset: Path) -> tuple[dict[str, list[Any]], int]:
    """The index columns of every record (present ones only), in dataset order."""
    import pyarrow.parquet as pq

    from generator.dataset import shard_files

    cols: dict[str, list[Any]] = {}
    n = 0
    for path in shard_files(dataset):
        file = pq.ParquetFile(path)
        have = [c for c in INDEX_COLUMNS if c in file.schema_arrow.names]
        table = file.read(columns=have)
        for c in INDEX_COLUMNS:
            if c in have:
                cols.setdefault(c, [None] * n).extend(table.column(c).to_pylist())
            elif c in cols:
                cols[c].extend([None] * table.num_rows)
        n += table.num_rows
    if "goal_predicate" not in cols and "goal" in cols:
        cols["goal_predicate"] = [str(g).split()[0] if g else "" for g in cols["goal"]]
    return cols, n


def _encode_index(cols: dict[str, list[Any]], n: int) -> dict[str, Any]:
    """Columnar index for the table page: text columns with few values as codes."""
    out: dict[str, Any] = {"n": n, "chunk": CHUNK, "columns": {}, "codes": {}}
    for name, values in cols.items():
        if name == "id":
            values = [str(v)[:12] for v in values]  # a prefix that `pappus show` takes
        elif name in ("goal_predicate", "split"):
            codes = sorted({str(v) for v in values if v is not None})
            out["codes"][name] = codes
            at = {c: i for i, c in enumerate(codes)}
            values = [at[str(v)] if v is not None else -1 for v in values]
        elif name == "verified":
            values = [int(bool(v)) for v in values]
        out["columns"][name] = values
    return out


_FIGURES: dict[str, dict[str, Any]] = {}  # full problem -> layout, per worker process
_FIGURES_MAX = 20_000


Job = tuple[int, list[dict[str, Any]], str, int]  # chunk number, its rows, site, seed
Done = tuple[int, int, float, int, int]  # chunk number, bytes, figure seconds, drawn, errors


def _chunk_job(args: Job) -> Done:
    """Write chunk `k` of the records; returns (k, bytes, figure seconds, figures drawn,
    figure errors)."""
    k, rows, out, seed = args
    drawn, errors, spent = 0, 0, 0.0
    pages = []
    for row in rows:
        text, aux = row.get("full_problem") or "", list(row.get("aux") or [])
        key = text + "\n" + "\n".join(aux)  # the same problem split otherwise looks otherwise
        fig = _FIGURES.get(key)
        if fig is None:
            t = time.perf_counter()
            fig = figure_data(text, aux, seed=seed, name=str(row.get("id")))
            spent += time.perf_counter() - t
            drawn += 1
            if len(_FIGURES) >= _FIGURES_MAX:
                _FIGURES.clear()
            _FIGURES[key] = fig
        errors += "error" in fig
        data = record_data(row, seed=seed, with_rules=False, figure=fig)
        for extra in ("split", "n_points", "aux_needed", "goal_predicate"):
            if row.get(extra) is not None:
                data[extra] = row[extra]
        pages.append(data)
    text = f"PappusSite.chunk({k},{script_json(pages)});\n"
    path = Path(out) / "data" / "records" / f"c{k:05d}.js"
    path.write_text(text, encoding="utf-8")
    return k, len(text.encode("utf-8")), spent, drawn, errors


def _chunks(dataset: Path, seed: int, out: Path) -> Iterator[Job]:
    import pyarrow.parquet as pq

    from generator.dataset import shard_files

    columns = ["id", "full_problem", "aux", "proof", "n_steps", "verified", "split",
               "n_points", "aux_needed", "goal_predicate"]
    buffer: list[dict[str, Any]] = []
    k = 0
    for path in shard_files(dataset):
        file = pq.ParquetFile(path)
        have = [c for c in columns if c in file.schema_arrow.names]
        buffer += file.read(columns=have).to_pylist()  # not proof_text: the page has steps
        while len(buffer) >= CHUNK:
            yield k, buffer[:CHUNK], str(out), seed
            buffer, k = buffer[CHUNK:], k + 1
    if buffer:
        yield k, buffer, str(out), seed


def _run(jobs: Iterator[Job], workers: int) -> Iterator[Done]:
    """The chunk jobs' results, in worker processes when `workers` > 1; a few chunks in
    flight at a time, so that memory holds a few chunks, never the dataset."""
    if workers <= 1:
        yield from map(_chunk_job, jobs)
        return
    with ProcessPoolExecutor(workers) as pool:
        pending: list[Future[Done]] = []
        for job in jobs:
            pending.append(pool.submit(_chunk_job, job))
            if len(pending) >= 2 * workers:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def build_site(dataset: str | Path, out: str | Path, *, seed: int = 0, workers: int = 1,
               on_progress: Callable[[int], None] | None = None) -> SiteSummary:
    """Write the browser of `dataset` into `out`; `on_progress(records)` is told how
    many records are done after each chunk."""
    from generator.dataset import count_records

    start = time.perf_counter()
    root, src = check_site_dir(out), Path(dataset)
    n_total = count_records(src)
    if n_total == 0:
        raise SiteError(f"error: {dataset} holds no records\n"
                        f"  hint: write some with pappus generate --out {dataset}")
    for stale in ("data", "assets"):
        shutil.rmtree(root / stale, ignore_errors=True)
    (root / "data" / "records").mkdir(parents=True)
    (root / "assets").mkdir()
    for name in ("proof.js", "proof.css", "browse.js", "browse.css"):
        (root / "assets" / name).write_text(asset(name), encoding="utf-8")
    cols, n = _index_rows(src)
    index = _encode_index(cols, n)
    index["dataset"] = src.resolve().name
    (root / "data" / "index.js").write_text(f"window.PAPPUS_INDEX={script_json(index)};\n",
                                            encoding="utf-8")
    rules = {rid: list(v) for rid, v in rule_table().items()}
    site = {"n": n, "chunk": CHUNK, "dataset": index["dataset"]}
    (root / "data" / "rules.js").write_text(f"window.PAPPUS_RULES={script_json(rules)};\n"
                                            f"window.PAPPUS_SITE={script_json(site)};\n",
                                            encoding="utf-8")
    title = f"{src.resolve().name} · Pappus dataset"
    for page in ("index.html", "proof.html"):
        (root / page).write_text(asset(page).replace("{{title}}", _escape(title)),
                                 encoding="utf-8")
    done = chunks = drawn = errors = 0
    spent = 0.0
    jobs = _chunks(src, seed, root)
    for _k, _size, s, d, e in _run(jobs, workers):
        done, chunks = min(n, done + CHUNK), chunks + 1
        spent, drawn, errors = spent + s, drawn + d, errors + e
        if on_progress:
            on_progress(done)
    files = [p for p in root.rglob("*") if p.is_file() and p.name != MARKER]
    summary = SiteSummary(
        records=n, chunks=chunks, files=len(files) + 1,
        bytes=sum(p.stat().st_size for p in files), seconds=0.0,
        figure_seconds=round(spent, 2), figures_drawn=drawn, figure_errors=errors,
        columns=sorted(cols), dataset=str(src))
    summary.seconds = round(time.perf_counter() - start, 2)
    tmp = root / f".{MARKER}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps(asdict(summary), indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, root / MARKER)
    return summary


def _escape(text: str) -> str:
    import html

    return html.escape(text)
