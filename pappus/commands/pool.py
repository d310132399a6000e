"""A process pool with a hard wall-clock limit per task.

Each worker process runs one task at a time. A task that has not answered within its
limit has its worker killed (SIGKILL: this works even inside code that never checks a
budget) and replaced by a fresh one; the task is reported as `Killed`. A worker that
dies by itself (a crash, the OOM killer) is reported as `Crashed` and replaced too.

Workers start from a fork server (on platforms that have one) that has the modules
named in `preload` already imported, so a replacement is ready in milliseconds. The
deadline of a task counts from the moment it is handed to a ready worker: interpreter
start-up and imports are never charged to it. Workers ignore Ctrl-C; the parent handles
it and kills them on the way out.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")

POLL_SECONDS = 0.25


@dataclass(frozen=True)
class Done:
    """The task returned `value`."""

    value: Any


@dataclass(frozen=True)
class Failed:
    """The task raised; `message` is the exception, `details` its traceback."""

    message: str
    details: str = ""


@dataclass(frozen=True)
class Killed:
    """The task ran past its hard limit and its worker was killed after `seconds`."""

    seconds: float


@dataclass(frozen=True)
class Crashed:
    """The worker died while running the task (exit code, or minus the signal number)."""

    exitcode: int | None
    seconds: float


Outcome = Done | Failed | Killed | Crashed


def _worker(conn: Connection, fn: Callable[[Any], Any],
            initializer: Callable[[], None] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer()
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            reply: tuple[str, Any] = ("done", fn(task))
        except Exception as exc:  # noqa: BLE001 - every failure goes back as data
            reply = ("failed", (f"{type(exc).__name__}: {exc}", traceback.format_exc()))
        try:
            conn.send(reply)
        except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable value
            conn.send(("failed", (f"cannot send the result back: {exc}", "")))


def _context(preload: list[str]) -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(preload)
        return ctx
    return multiprocessing.get_context("spawn")


class _Slot:
    """One worker process, its pipe, and the task it runs (if any)."""

    def __init__(self, ctx: Any, fn: Callable[[Any], Any],
                 initializer: Callable[[], None] | None) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker, args=(child, fn, initializer), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.task: Any = None
        self.started = 0.0
        self.limit = 0.0

    @property
    def busy(self) -> bool:
        return self.task is not None

    def give(self, task: Any, limit: float) -> None:
        self.conn.send(task)
        self.task, self.started, self.limit = task, time.monotonic(), limit

    def stop(self) -> None:
        """Kill the process now and reap it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class HardLimitPool(Generic[T]):
    """Run `fn(task)` for many tasks in `jobs` worker processes, each task under a hard
    wall-clock limit. Use as a context manager; leaving it kills every worker."""

    def __init__(self, fn: Callable[[T], Any], jobs: int = 1, *,
                 initializer: Callable[[], None] | None = None,
                 preload: Iterable[str] = ()) -> None:
        self.fn = fn
        self.jobs = max(1, jobs)
        self.initializer = initializer
        self.ctx = _context(list(preload))
        self.slots: list[_Slot] = []

    def __enter__(self) -> HardLimitPool[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for slot in self.slots:
            slot.stop()
        self.slots.clear()

    def _spawn(self) -> _Slot:
        slot = _Slot(self.ctx, self.fn, self.initializer)
        self.slots.append(slot)
        return slot

    def _retire(self, slot: _Slot) -> None:
        slot.stop()
        self.slots.remove(slot)

    def run(self, tasks: Iterable[T], limit: float) -> Iterator[tuple[T, Outcome]]:
        """(task, outcome) pairs in order of completion; each task gets `limit` seconds."""
        pending = deque(tasks)
        while len(self.slots) < min(self.jobs, len(pending)):
            self._spawn()
        while pending or any(s.busy for s in self.slots):
            for slot in list(self.slots):
                if slot.ready and not slot.busy and pending:
                    try:
                        slot.give(pending[0], limit)
                    except OSError:  # it died while idle: replace it, keep the task
                        self._retire(slot)
                        self._spawn()
                        continue
                    pending.popleft()
            now = time.monotonic()
            waits = [s.started + s.limit - now for s in self.slots if s.busy]
            timeout = max(0.0, min([POLL_SECONDS, *waits]))
            by_conn = {s.conn: s for s in self.slots}
            for conn in wait(list(by_conn), timeout=timeout):
                yield from self._receive(by_conn[conn], pending)  # type: ignore[index]
            now = time.monotonic()
            for slot in list(self.slots):
                if slot.busy and now >= slot.started + slot.limit:
                    task, seconds = slot.task, now - slot.started
                    self._retire(slot)
                    yield task, Killed(seconds)
                    if pending:
                        self._spawn()

    def _receive(self, slot: _Slot, pending: deque[T]) -> Iterator[tuple[T, Outcome]]:
        try:
            kind, payload = slot.conn.recv()
        except (EOFError, OSError):
            kind, payload = "died", None
        if kind == "died":
            slot.process.join(timeout=5)
            task, seconds = slot.task, time.monotonic() - slot.started
            exitcode = slot.process.exitcode
            self._retire(slot)
            if not slot.ready:
                raise RuntimeError(f"a worker process failed to start (exit code {exitcode})")
            if pending:
                self._spawn()
            if task is not None:
                yield task, Crashed(exitcode, seconds)
            return
        if kind == "ready":
            slot.ready = True
            return
        task = slot.task
        slot.task = None
        if kind == "done":
            yield task, Done(payload)
        else:
            message, details = payload
            yield task, Failed(message, details)
