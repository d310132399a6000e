"""Where samples run: a local process pool, or a Ray cluster. Both yield results in
sample order, which is what makes runs reproducible.

Pool workers ignore Ctrl-C: the terminal sends SIGINT to the whole process group, and
only the coordinator should answer it (it stops, keeps what is written, and terminates
the pool); a worker answering it too would print its own traceback.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice

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
    """SIGINT ignored while the pool forks its workers, so none starts able to answer it
    (the pool's initializer covers workers forked later)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_local(config: GeneratorConfig, start: int, stop: int | None) -> Iterator[Result]:
    """Samples start, start+1, ... in order, on `config.workers` processes."""
    batches = _batches(start, stop)
    if config.workers <= 1:
        for batch in batches:
            yield from run_samples(config, batch)
        return
    ctx = mp.get_context("fork")
    with _sigint_ignored():
        pool = ctx.Pool(config.workers, initializer=_ignore_sigint)
    try:
        # A bounded window of tasks in flight, consumed oldest first: ordered results
        # without queueing an unbounded stream of samples.
        window = 2 * config.workers
        pending = [pool.apply_async(run_samples, (config, b))
                   for b in islice(batches, window)]
        while pending:
            head = pending.pop(0)
            results = head.get()
            for batch in islice(batches, 1):
                pending.append(pool.apply_async(run_samples, (config, batch)))
            yield from results
    finally:
        pool.terminate()
        pool.join()


def run_ray(config: GeneratorConfig, start: int, stop: int | None) -> Iterator[Result]:
    """The same samples as `run_local`, as Ray tasks (a local Ray, or a cluster)."""
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
    window = max(2, 2 * int(ray.available_resources().get("CPU", 1)))
    pending: list = []
    batches = _batches(start, stop)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            try:
                batch = next(batches)
            except StopIteration:
                exhausted = True
                break
            pending.append(remote.remote(config, batch))
        if not pending:
            return
        head = pending.pop(0)  # keep order: wait for the oldest task first
        yield from ray.get(head)


def run(config: GeneratorConfig, start: int, stop: int | None) -> Iterator[Result]:
    if config.backend == "ray":
        return run_ray(config, start, stop)
    if config.backend != "local":
        raise PappusError(f"unknown backend {config.backend!r} (use local or ray)")
    return run_local(config, start, stop)
