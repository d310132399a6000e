"""Coordinator memory and time per shard on a simulated million-record run.

Synthetic sample results (records with sha256 ids like the real ones, small proof
strings, a split, auxiliary clauses, per-sample drop notes like the aux preset's) go
through the real coordinator bookkeeping (`generator.pipeline._Run.take`: dedup against
the writer's ids, the auxiliary policy) and the real `DatasetWriter` (Parquet shards per
split, the lazily written manifest, the card at close). No sampling or proving runs, so
what is measured is the part that grows with the dataset: ids held, manifest writes,
per-shard work, the card's pass over the records, and a resume's reopening.

    .venv/bin/python benchmarks/generator_scale.py --records 1000000

Reports peak RSS (VmHWM), the RSS after the run, seconds per shard early and late in
the run (flat: nothing per shard grows with the shards written), the manifest writes
(count, seconds, final size), the close (card) and a resume's open. `--tracemalloc`
also reports Python's traced peak (slows the run about 2x).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from results_log import RESULTS, ROOT, commit, machine, publish, say

from generator import dataset
from generator.config import GeneratorConfig
from generator.dataset import DatasetWriter
from generator.pipeline import RunSummary, _Run
from generator.records import SPLITS, TheoremRecord
from generator.worker import SampleResult

PROOF = '{"steps": [' + ", ".join(f'{{"rule": "r{k}", "fact": "para a b c d"}}'
                                   for k in range(4)) + "]}"
PROOF_TEXT = "\n".join(f"{k}. para a b c d [r{k}]" for k in range(4))


def status_kb(field: str) -> int:
    """A field of /proc/self/status in kB (VmRSS, VmHWM); 0 where there is none."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def record(i: int, sample: int) -> TheoremRecord:
    """A synthetic needed-auxiliary record: id, premise set and split from `i`."""
    premises = f"a b c = triangle a b c; d = on_circle d a b; e = midpoint e b c{i // 3}"
    problem = f"{premises} ? perp a d b e"
    rid = hashlib.sha256(f"record/{i}".encode()).hexdigest()
    return TheoremRecord(
        id=rid, problem=problem, aux=["f = foot f a b c"],
        full_problem=f"{premises}; f = foot f a b c ? perp a d b e", goal="perp a d b e",
        proof=PROOF, proof_text=PROOF_TEXT, n_points=5, n_premises=3, n_steps=4, n_aux=1,
        rules=["r0", "r1", "r2", "r3"], seed=sample, verified=True, sample=sample,
        goal_predicate="perp", n_aux_points=1 + i % 2, aux_needed=True,
        aux_fixpoint=i % 3 == 0, split=split_of(rid))


def split_of(rid: str) -> str:
    """90% train, 5% validation, 5% test, by the id."""
    k = int(rid[:8], 16) % 20
    return SPLITS[0] if k < 18 else SPLITS[k - 17]


def results(n_records: int, per_sample: int) -> Iterator[SampleResult]:
    """Sample results giving `per_sample` records each (every 7th a duplicate of the
    previous sample's first), each with drop notes like the aux preset's."""
    i, sample = 0, 0
    while True:
        recs = [record(i + k, sample) for k in range(per_sample)]
        i += per_sample
        if sample % 7 == 6:
            recs.append(record(i - per_sample - 1, sample))  # a duplicate id
        yield SampleResult(sample=sample, seed=sample, records=recs,
                           dropped=Counter({"aux_not_needed": 3 + sample % 5,
                                            "aux_undecided": sample % 2}))
        sample += 1
        if i >= n_records + per_sample:
            return


def run(args: argparse.Namespace) -> dict[str, Any]:
    out: Path = args.out
    shutil.rmtree(out, ignore_errors=True)
    writes: list[tuple[float, int]] = []  # manifest writes: seconds, bytes
    real_write = dataset._write_json_atomic

    def timed_write(path: Path, data: Any) -> None:
        t = time.perf_counter()
        real_write(path, data)
        writes.append((time.perf_counter() - t, path.stat().st_size))

    dataset._write_json_atomic = timed_write  # type: ignore[assignment]
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start()
    config = GeneratorConfig(count=args.records, aux_fraction=1.0, needed_aux_only=True,
                             shard_samples=args.shard_samples)
    rss0 = status_kb("VmRSS")
    writer = DatasetWriter(out, config.to_dict(), shard_size=config.shard_samples)
    state = _Run(config, writer, RunSummary())
    shard_seconds: list[float] = []
    t0 = t_shard = time.perf_counter()
    for result in results(args.records, args.per_sample):
        done = state.take(result)
        if (result.sample + 1) % args.shard_samples == 0:
            now = time.perf_counter()
            shard_seconds.append(now - t_shard)
            t_shard = now
            if len(shard_seconds) % 50 == 0:
                say(f"  {state.summary.total:,} records, {len(shard_seconds)} shards, "
                    f"RSS {status_kb('VmRSS') / 1024:.0f} MB")
        if done:
            break
    run_seconds = time.perf_counter() - t0
    rss_run = status_kb("VmRSS")
    t = time.perf_counter()
    writer.close(complete=True, stopped="count")
    close_seconds = time.perf_counter() - t
    traced = None
    if args.tracemalloc:
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    hwm_run = status_kb("VmHWM")
    del state, writer
    t = time.perf_counter()
    again = DatasetWriter(out, config.to_dict(), shard_size=config.shard_samples)
    open_seconds = time.perf_counter() - t
    t = time.perf_counter()
    aux = again.aux_records()
    aux_seconds = time.perf_counter() - t
    again.close(complete=True, stopped="count")
    dataset._write_json_atomic = real_write  # type: ignore[assignment]
    tenth = max(1, len(shard_seconds) // 10)
    manifest_bytes = (out / "manifest.json").stat().st_size
    data_bytes = sum(p.stat().st_size for p in (out / "data").iterdir())
    report = {
        "records": dataset.count_records(out), "samples": state_samples(out),
        "shards": len(shard_seconds), "run_seconds": run_seconds,
        "rss_start_mb": rss0 / 1024, "rss_end_mb": rss_run / 1024,
        "peak_rss_mb": hwm_run / 1024, "traced_peak_mb": traced / 2**20 if traced else None,
        "shard_first_s": statistics.median(shard_seconds[:tenth]),
        "shard_last_s": statistics.median(shard_seconds[-tenth:]),
        "shard_max_s": max(shard_seconds),
        "manifest_writes": len(writes), "manifest_seconds": sum(s for s, _ in writes),
        "manifest_last_s": writes[-1][0], "manifest_bytes": manifest_bytes,
        "data_mb": data_bytes / 2**20, "close_seconds": close_seconds,
        "open_seconds": open_seconds, "peak_rss_after_open_mb": status_kb("VmHWM") / 1024,
        "aux_records": aux, "aux_seconds": aux_seconds,
    }
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return report


def state_samples(out: Path) -> int:
    manifest = dataset.read_manifest(out) or {}
    return int(manifest.get("next_sample", 0))


def section(r: dict[str, Any], args: argparse.Namespace) -> str:
    traced = f", Python's traced peak {r['traced_peak_mb']:,.0f} MB" \
        if r["traced_peak_mb"] else ""
    return "\n".join([
        f"## Coordinator at scale: `benchmarks/generator_scale.py`, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
        f"- machine: {machine()}; commit `{commit()}`",
        f"- command: `.venv/bin/python benchmarks/generator_scale.py --records {args.records} "
        f"--per-sample {args.per_sample} --shard-samples {args.shard_samples}`"
        + (" --tracemalloc" if args.tracemalloc else ""),
        f"- simulated: {r['records']:,} synthetic needed-auxiliary records (sha256 ids, "
        f"~300-byte proofs, 3 splits) from {r['samples']:,} samples, each with drop notes, "
        f"through `pipeline._Run.take` and the real `DatasetWriter`; no sampling or proving",
        f"- memory: peak RSS {r['peak_rss_mb']:,.0f} MB (at start {r['rss_start_mb']:,.0f} MB, "
        f"after the last shard {r['rss_end_mb']:,.0f} MB){traced}; target < 2,048 MB",
        f"- time: {r['run_seconds']:,.0f} s for {r['shards']:,} shards; a shard took "
        f"{r['shard_first_s'] * 1000:.0f} ms (median, first tenth of the run) and "
        f"{r['shard_last_s'] * 1000:.0f} ms (last tenth), at most "
        f"{r['shard_max_s'] * 1000:.0f} ms",
        f"- manifest: {r['manifest_writes']:,} writes ({r['manifest_seconds']:.1f} s in "
        f"all, the last {r['manifest_last_s'] * 1000:.0f} ms), "
        f"{r['manifest_bytes'] / 2**20:.1f} MB at the end; data {r['data_mb']:,.0f} MB",
        f"- close (last shard, manifest, the card's pass over every record): "
        f"{r['close_seconds']:.1f} s",
        f"- resume: reopening the directory (one pass over the id column; the short card "
        f"from the manifest) "
        f"{r['open_seconds']:.1f} s, peak RSS then {r['peak_rss_after_open_mb']:,.0f} MB; "
        f"the auxiliary policy's counts from the manifest {r['aux_seconds'] * 1000:.1f} ms "
        f"({r['aux_records']:,} records with auxiliary points)", ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--per-sample", type=int, default=2, help="records per sample")
    parser.add_argument("--shard-samples", type=int, default=1000,
                        help="samples per shard (the aux preset's 1000)")
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "generator_scale")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the dataset written")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    if args.records < 1 or args.per_sample < 1 or args.shard_samples < 1:
        parser.error("--records, --per-sample and --shard-samples must be at least 1")
    r = run(args)
    publish(section(r, args), args.out.parent, None if args.no_record else RESULTS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
