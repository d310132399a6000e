"""Where samples run: a local process pool, or a Ray cluster. Both take results as they
finish and yield them in sample order, which is what makes runs reproducible.

Pool workers ignore Ctrl-C: the terminal sends SIGINT to the whole process group, and
only the coordinator should answer it (it stops, keeps what is written, and terminates
the pool); a worker answering it too would print its own traceback.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from symbolic.errors import PappusError

from .config import GeneratorConfig
from .worker import SampleResult, run_samples

Result = SampleResult
BATCH = 4  # samples per task: amortises dispatch without hurting ordering latency


def _batches(start: int, stop: int | None) -> Iterator[list[int]]:
    k = start
    while stop is None or k < stop:
        end = k + BATCH if stop is None else min(k + BATCH, stop)
        yield list(range(k, end))
        k = end


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT held while the pool forks its workers, so none starts able to answer it
    (the pool's initializer covers workers forked later); a Ctrl-C that came meanwhile
    is raised in the coordinator once the pool exists (forking takes seconds on a busy
    machine: ignoring it would lose the user's Ctrl-C)."""
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
        raise KeyboardInterrupt


WINDOW = 8  # batches in flight or waiting to be yielded, per worker


class _Reorder:
    """Results that finish in any order, handed out in sequence order: a buffer of at
    most `window` batches in flight or finished but not yet handed out. A slow batch
    holds one worker while the others go on through the window behind it."""

    def __init__(self, window: int) -> None:
        self.window = max(1, window)
        self.in_flight = 0
        self.next_out = 0  # the sequence number handed out next
        self.next_in = 0  # the sequence number the next submitted batch gets
        self.done: dict[int, list[Result]] = {}

    def room(self) -> bool:
        """Whether another batch may be submitted."""
        return self.in_flight + len(self.done) < self.window

    def submitted(self) -> int:
        """Count a submitted batch; returns its sequence number."""
        self.in_flight += 1
        self.next_in += 1
        return self.next_in - 1

    def finished(self, seq: int, results: list[Result]) -> None:
        self.in_flight -= 1
        self.done[seq] = results

    def ready(self) -> Iterator[list[Result]]:
        """The finished batches that are next in order (removed from the buffer)."""
        while self.next_out in self.done:
            yield self.done.pop(self.next_out)
            self.next_out += 1

    def idle(self) -> bool:
        return self.in_flight == 0 and not self.done


def run_local(config: GeneratorConfig, start: int, stop: int | None) -> Iterator[Result]:
    """Samples start, start+1, ... in order, on `config.workers` processes.

    Batches are taken as they finish and yielded in sample order, with up to
    `WINDOW * workers` batches in flight or buffered: one slow sample keeps one worker
    busy, not all of them waiting."""
    batches = _batches(start, stop)
    if config.workers <= 1:
        for batch in batches:
            yield from run_samples(config, batch)
        return
    ctx = mp.get_context("fork")
    pool = None
    try:
        with _sigint_ignored():
            pool = ctx.Pool(config.workers, initializer=_ignore_sigint)
    except KeyboardInterrupt:
        if pool is not None:
            pool.terminate()
            pool.join()
        raise
    finished: queue.SimpleQueue[tuple[int, list[Result] | None, BaseException | None]] = \
        queue.SimpleQueue()
    order = _Reorder(WINDOW * config.workers)

    def submit() -> bool:
        batch = next(batches, None)
        if batch is None:
            return False
        seq = order.submitted()
        pool.apply_async(run_samples, (config, batch),
                         callback=lambda r: finished.put((seq, r, None)),
                         error_callback=lambda e: finished.put((seq, None, e)))
        return True

    try:
        more = True
        while True:
            while more and order.room():
                more = submit()
            for results in order.ready():
                yield from results
                while more and order.room():
                    more = submit()
            if order.idle() and not more:
                return
            seq, got, error = finished.get()
            if error is not None:
                raise error
            order.finished(seq, got or [])
    finally:
        pool.terminate()
        pool.join()


def run_ray(config: GeneratorConfig, start: int, stop: int | None) -> Iterator[Result]:
    """The same samples as `run_local`, as Ray tasks (a local Ray, or a cluster), taken
    as they finish (`ray.wait`) and yielded in sample order."""
    try:
        import ray
    except ImportError:
        raise PappusError(
            "the Ray backend needs the ray extra: pip install 'pappus[ray]'") from None
    if not ray.is_initialized():
        if config.ray_address:
            ray.init(address=config.ray_address, ignore_reinit_error=True,
                     log_to_driver=False)
        else:
            ray.init(num_cpus=max(1, config.workers), ignore_reinit_error=True,
                     include_dashboard=False, log_to_driver=False)
    remote = ray.remote(run_samples)
    cpus = max(1, int(ray.available_resources().get("CPU", 1)))
    order = _Reorder(max(2, WINDOW * cpus))
    pending: dict[object, int] = {}  # object ref -> sequence number
    batches = _batches(start, stop)
    more = True
    try:
        while True:
            while more and order.room():
                batch = next(batches, None)
                if batch is None:
                    more = False
                    break
                pending[remote.remote(config, batch)] = order.submitted()
            for results in order.ready():
                yield from results
            if order.idle() and not more:
                return
            if not pending:
                continue
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                order.finished(pending.pop(ref), ray.get(ref))
    finally:
        for ref in pending:  # a stopped run leaves no tasks behind
            ray.cancel(ref)


def run(config: GeneratorConfig, start: int, stop: int | None) -> Iterator[Result]:
    if config.backend == "ray":
        return run_ray(config, start, stop)
    if config.backend != "local":
        raise PappusError(f"unknown backend {config.backend!r} (use local or ray)")
    return run_local(config, start, stop)
