"""A generation run: samples in order, deduplicated, balanced, written in shards.

Results arrive in sample order from either backend; the coordinator drops records
whose canonical id was seen (in this run or in the shards of an earlier, interrupted
run: it asks the dataset writer, whose set of ids is the only one held), applies the
auxiliary-share policy, and hands records to the dataset writer together with the
index of the last sample they cover. All of it depends only on the
seed and settings, so a run resumed after an interruption writes exactly the records
the uninterrupted run would have; a run resumed with a larger count writes exactly the
records of a fresh run with that count (the sample the smaller run stopped inside is
run again whole).

What is not data is counted: candidates that verification rejected (by reason; each is
a prover bug) and samples that raised. Both go into the run summary and the manifest;
a failed sample gives no records and the run goes on.
"""

from __future__ import annotations

import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from .backends import run
from .config import GeneratorConfig
from .dataset import DatasetError, DatasetWriter, is_dataset_dir
from .records import TheoremRecord
from .worker import SampleResult


@dataclass
class RunSummary:
    """What one run did (a resumed run: that run alone, except `total`)."""

    written: int = 0  # records this run added to the dataset
    total: int = 0  # records in the dataset when the run ended
    samples: int = 0  # samples this run processed
    candidates: int = 0  # verified candidates considered (before dedup and the aux policy)
    duplicates: int = 0
    with_aux: int = 0  # of the records this run added
    skipped_by_aux_policy: int = 0
    dropped: Counter[str] = field(default_factory=Counter)  # left out by the worker, by reason
    rejected: Counter[str] = field(default_factory=Counter)  # by reason: prover bugs
    failed: list[dict[str, Any]] = field(default_factory=list)  # samples that raised
    seconds: float = 0.0
    interrupted: bool = False
    stopped: str = ""  # count | max_samples | interrupted | error
    resumed_from: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.written / self.seconds if self.seconds else 0.0

    def per_core_hour(self, workers: int) -> float:
        """This run's records per hour of one worker."""
        return self.per_second * 3600 / max(workers, 1)


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


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C waits until the block is done, then raises: bookkeeping and the writer
    are never stopped half-way through a sample (so what is written is exactly a
    prefix of the uninterrupted run)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        if callable(previous):
            previous(signal.SIGINT, None)
        elif previous == signal.SIG_DFL:
            raise KeyboardInterrupt


class _Run:
    """The coordinator's state: what was kept so far, and the summary."""

    def __init__(self, config: GeneratorConfig, writer: DatasetWriter,
                 summary: RunSummary) -> None:
        self.config = config
        self.writer = writer
        self.summary = summary
        # the ids seen are the writer's (held once); the policy's counts come from the
        # manifest's per-file counts, not from reading the records
        kept_aux = writer.aux_records()
        self.policy = AuxPolicy(config.aux_fraction, kept_aux, writer.records - kept_aux)

    def take(self, result: SampleResult) -> bool:
        """Keep what the sample gives; True once the count is reached."""
        s, config = self.summary, self.config
        s.samples += 1
        rejections: list[dict[str, Any]] = [
            {"sample": result.sample, "seed": result.seed, **r.to_json()}
            for r in result.rejected]
        failures = [result.failure()] if result.error is not None else []
        batch: list[TheoremRecord] = []
        taken: set[str] = set()  # ids of this sample's batch, not yet the writer's
        cut = False
        for k, record in enumerate(result.records):
            if not record.verified:  # never written unverified, whatever the worker said
                rejections.append({"sample": result.sample, "seed": result.seed,
                                   "reason": "unverified", "message": record.problem})
                continue
            s.candidates += 1
            if record.id in taken or self.writer.has_id(record.id):
                s.duplicates += 1
                continue
            if not self.policy.accept(record):
                s.skipped_by_aux_policy += 1
                continue
            taken.add(record.id)
            batch.append(record)
            if s.total + len(batch) >= config.count:
                cut = k + 1 < len(result.records)  # the rest of this sample is not taken
                break
        dropped = [{"sample": result.sample, **dict(sorted(result.dropped.items()))}] \
            if result.dropped else []
        self.writer.add(batch, result.sample + 1, cut=cut, failures=failures,
                        rejections=rejections, dropped=dropped)
        s.dropped.update(result.dropped)
        s.rejected.update(str(r["reason"]) for r in rejections)
        s.failed.extend(failures)
        s.written += len(batch)
        s.total += len(batch)
        s.with_aux += sum(1 for r in batch if r.n_aux > 0)
        return s.total >= config.count


def generate(
    config: GeneratorConfig, out_dir: str | Path, *, resume: bool = False,
    progress: bool = True,
) -> RunSummary:
    """Write `config.count` verified, unique theorems to `out_dir` (or resume there).

    Every setting is checked before anything is written (a `ConfigError`). The manifest
    exists from the start, with `complete: false` until the count is reached."""
    config.validate()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise DatasetError(f"error: --out {out} is a file, not a directory\n"
                           "  hint: choose a new or empty directory for the dataset")
    if is_dataset_dir(out) and not resume:
        raise DatasetError(f"error: {out} already holds a dataset\n"
                           "  hint: pass --resume to continue it, or choose another --out")
    writer = DatasetWriter(out, config.to_dict(), shard_size=config.shard_samples)
    before, aux_before = writer.records, writer.aux_records()
    if writer.cut_sample is not None and writer.records < config.count:
        writer.rewind(writer.cut_sample)  # the larger count takes the rest of that sample
    start = writer.next_sample()
    summary = RunSummary(total=writer.records, resumed_from=start)
    state = _Run(config, writer, summary)
    # the records of a rewound sample are written again: count only what is new
    summary.written = summary.total - before
    summary.with_aux = state.policy.kept_aux - aux_before
    stop = config.max_samples
    bar = tqdm(total=config.count, initial=summary.total, unit="thm", disable=not progress,
               dynamic_ncols=True, desc="generating")
    t0 = time.perf_counter()
    summary.stopped = "error"
    try:
        if summary.total < config.count and (stop is None or start < stop):
            for result in run(config, start, stop):
                before = summary.written
                with interrupts_deferred():
                    done = state.take(result)
                bar.update(summary.written - before)
                elapsed = time.perf_counter() - t0
                bar.set_postfix(
                    rate=f"{summary.written / max(elapsed, 1e-9):.1f}/s",
                    dup=f"{summary.duplicates / max(summary.candidates, 1):.0%}",
                    aux=f"{summary.with_aux / max(summary.written, 1):.0%}",
                    rejected=sum(summary.rejected.values()),
                    refresh=False)
                if done:
                    break
        summary.stopped = "count" if summary.total >= config.count else "max_samples"
    except KeyboardInterrupt:
        summary.interrupted = True
        summary.stopped = "interrupted"
    finally:
        bar.close()
        summary.seconds = time.perf_counter() - t0
        with interrupts_deferred():
            writer.close(complete=summary.total >= config.count, stopped=summary.stopped)
    return summary
