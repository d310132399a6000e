"""A generation run: samples in order, deduplicated, balanced, written in shards.

Results arrive in sample order from either backend; the coordinator drops records
whose canonical id was seen (in this run or in the shards of an earlier, interrupted
run), applies the auxiliary-share policy, and hands records to the dataset writer
together with the index of the last sample they cover. All of it depends only on the
seed and settings, so a run resumed after an interruption writes exactly the records
the uninterrupted run would have.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from .backends import run
from .config import GeneratorConfig
from .dataset import DatasetError, DatasetWriter, is_dataset_dir, iter_records
from .records import TheoremRecord


@dataclass
class RunSummary:
    written: int = 0
    samples: int = 0
    candidates: int = 0
    duplicates: int = 0
    with_aux: int = 0
    skipped_by_aux_policy: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    resumed_from: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.written / self.seconds if self.seconds else 0.0


class AuxPolicy:
    """Decides, in order, which records to keep so the auxiliary share tracks a target.

    None keeps everything; 1 keeps only records with auxiliary points; 0 only records
    without; in between, every auxiliary record is kept and plain ones only while the
    share of plain records stays at most 1 - target.
    """

    def __init__(self, target: float | None, kept_aux: int = 0, kept_plain: int = 0) -> None:
        self.target = target
        self.kept_aux = kept_aux
        self.kept_plain = kept_plain

    def accept(self, record: TheoremRecord) -> bool:
        has_aux = record.n_aux > 0
        t = self.target
        if t is None:
            ok = True
        elif t >= 1:
            ok = has_aux
        elif t <= 0:
            ok = not has_aux
        elif has_aux:
            ok = True
        else:
            ok = (self.kept_plain + 1) <= (1 - t) / t * max(self.kept_aux, 1)
        if ok:
            if has_aux:
                self.kept_aux += 1
            else:
                self.kept_plain += 1
        return ok


def generate(
    config: GeneratorConfig, out_dir: str | Path, *, resume: bool = False,
    progress: bool = True,
) -> RunSummary:
    """Write `config.count` verified, unique theorems to `out_dir` (or resume there)."""
    out = Path(out_dir)
    if is_dataset_dir(out) and not resume:
        raise DatasetError(f"error: {out} already holds a dataset\n"
                           "  hint: pass --resume to continue it, or choose another --out")
    writer = DatasetWriter(out, config.to_dict(), shard_size=config.shard_samples)
    seen = writer.existing_ids()
    start = writer.next_sample()
    summary = RunSummary(written=writer.records, resumed_from=start)
    kept_aux = kept_plain = 0
    if summary.written:
        for record in iter_records(out):
            if record.n_aux > 0:
                kept_aux += 1
            else:
                kept_plain += 1
    policy = AuxPolicy(config.aux_fraction, kept_aux, kept_plain)
    summary.with_aux = kept_aux
    stop = None if config.max_samples is None else config.max_samples
    bar = tqdm(total=config.count, initial=summary.written, unit="thm", disable=not progress,
               dynamic_ncols=True, desc="generating")
    t0 = time.perf_counter()
    try:
        if summary.written < config.count and (stop is None or start < stop):
            for sample, records in run(config, start, stop):
                summary.samples += 1
                batch = []
                for record in records:
                    summary.candidates += 1
                    if record.id in seen:
                        summary.duplicates += 1
                        continue
                    if not policy.accept(record):
                        summary.skipped_by_aux_policy += 1
                        continue
                    seen.add(record.id)
                    batch.append(record)
                    if summary.written + len(batch) >= config.count:
                        break
                summary.written += len(batch)
                summary.with_aux += sum(1 for r in batch if r.n_aux > 0)
                writer.add(batch, sample + 1)
                bar.update(len(batch))
                elapsed = time.perf_counter() - t0
                bar.set_postfix(
                    rate=f"{len(seen) and summary.written / max(elapsed, 1e-9):.1f}/s",
                    dup=f"{summary.duplicates / max(summary.candidates, 1):.0%}",
                    aux=f"{summary.with_aux / max(summary.written, 1):.0%}",
                    refresh=False)
                if summary.written >= config.count:
                    break
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        bar.close()
        writer.close()
        summary.seconds = time.perf_counter() - t0
    return summary
