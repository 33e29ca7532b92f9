"""Executors: run a task callable over items, in this process, in worker processes, or on Dask.

They know nothing of the pipeline (as OCRmyPDF's ``_concurrent.py``): each takes the items, a task
callable, a worker initializer and its limits, and yields one ``Outcome`` per item as items finish.
A task that outlives its time budget, or a worker that dies under it (the OOM killer, a crash in
native code), becomes a failed outcome for that item; the worker is replaced and the rest go on.
Workers die with their parent (Linux ``PR_SET_PDEATHSIG``), so a killed run leaves none behind.

Worker start-up is paid once: given ``preload`` (module names), the pool's workers are forked
from a server process that imported those modules once (``multiprocessing``'s forkserver), so a
new or replaced worker starts with everything they built, instead of a fresh interpreter that
imports and builds it all again. A worker is replaced when its memory has grown by
``Recycle.growth`` bytes since its first item (or, if asked, after ``Recycle.after`` items). The
pool shares its count of idle workers with them (``spare_workers``), so the last items of a batch
can use the cores the others have left.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Outcome(Generic[T, R]):
    item: T
    index: int  # the item's place in the items given: a caller keeps what it needs by place
    result: R | None = None
    failure: str | None = None  # what went wrong, for the record
    kind: str | None = None  # "timeout" | "died" | "crashed"


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _alarm(seconds: int | None) -> Iterator[None]:
    """Raise ``_Timeout`` in this (main) thread after ``seconds``; a no-op elsewhere."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def serial(items: Sequence[T], task: Callable[[T], R], *, timeout: int | None = None
           ) -> Iterator[Outcome[T, R]]:
    """One item after another in this process; a time budget by SIGALRM (main thread only)."""
    for index, item in enumerate(items):
        try:
            with _alarm(timeout):
                result = task(item)
        except _Timeout:
            yield Outcome(item, index, failure=f"over the time budget of {timeout} s",
                          kind="timeout")
            continue
        yield Outcome(item, index, result)


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no orphan keeps writing)."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


_SPARE: Any = None  # in a pool worker: the pool's count of idle workers (a shared integer)


def spare_workers() -> int:
    """How many of this pool's workers are idle now (0 outside a pool). A task may use that many
    more threads than one: when the queue has run dry, the last items can use the idle cores
    (a document's OCR reads more pages at once)."""
    return max(0, int(_SPARE.value)) if _SPARE is not None else 0


def _worker_main(conn: Any, task: Callable[[Any], Any], initializer: Callable[..., None] | None,
                 initargs: tuple[Any, ...], max_tasks: int, spare: Any = None) -> None:
    global _SPARE
    _SPARE = spare
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    if initializer is not None:
        initializer(*initargs)
    done = 0
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, item = message
        try:
            conn.send((index, True, task(item)))
        except BaseException as exc:
            conn.send((index, False, f"{type(exc).__name__}: {exc}"))
        done += 1
        if max_tasks and done >= max_tasks:
            return


def resident_bytes(pid: int) -> int | None:
    """A process's resident memory (Linux ``/proc``), or None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Recycle:
    """When a worker is replaced: its resident memory grown by ``growth`` bytes since its first
    item was done (0 = never), or ``after`` items done (0 = never)."""

    growth: int = 0
    after: int = 0


class _Worker:
    """A worker process and the items it holds: the first it works on, the others wait in its
    pipe (``pool``'s ``ahead``)."""

    def __init__(self, ctx: Any, task: Callable[[Any], Any], initializer: Callable[..., None] | None,
                 initargs: tuple[Any, ...], recycle: Recycle, spare: Any = None) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, daemon=True,
                                args=(child, task, initializer, initargs, recycle.after, spare))
        self.proc.start()
        child.close()
        self.recycle = recycle
        self.done = 0
        self.baseline: int | None = None  # resident bytes after the first item
        self.jobs: deque[tuple[int, Any]] = deque()  # (index, item), the one worked on first
        self.started = 0.0  # when the first of ``jobs`` was begun
        self.draining = False  # to be replaced: given nothing more, replaced once ``jobs`` is empty

    def give(self, index: int, item: Any) -> None:
        if not self.jobs:
            self.started = time.monotonic()
        self.jobs.append((index, item))
        self.conn.send((index, item))

    def finished(self) -> tuple[int, Any]:
        """The first job, done: the next one, already in the worker's pipe, is begun now."""
        job = self.jobs.popleft()
        self.done += 1
        self.started = time.monotonic()
        return job

    def room(self, ahead: int) -> bool:
        """Whether it may be given another item: ``ahead`` items beyond the one worked on, none
        beyond the count it stops after (``Recycle.after``), none once it is draining."""
        if self.draining or len(self.jobs) > ahead:
            return False
        return not self.recycle.after or self.done + len(self.jobs) < self.recycle.after

    def retiring(self) -> bool:
        if self.recycle.after and self.done >= self.recycle.after:
            return True
        if not self.recycle.growth or self.proc.pid is None:
            return False
        rss = resident_bytes(self.proc.pid)
        if rss is None:
            return False
        if self.baseline is None:
            self.baseline = rss
        return rss - self.baseline > self.recycle.growth

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(None)
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=5)
        self.conn.close()


class _Queue(Generic[T]):
    """The items no worker holds, in order: those given back (``put_back``) first, then those
    not yet taken, each read from ``items`` only when it is taken (a sequence that makes its
    items when asked for, as a run's inputs, is never made whole)."""

    def __init__(self, items: Sequence[T]) -> None:
        self._items, self._next = items, 0
        self._back: deque[tuple[int, T]] = deque()

    def __len__(self) -> int:
        return len(self._back) + len(self._items) - self._next

    def take(self) -> tuple[int, T]:
        """The next item and its place in ``items`` (IndexError when none is left)."""
        if self._back:
            return self._back.popleft()
        if self._next >= len(self._items):
            raise IndexError("no item left")
        self._next += 1
        return self._next - 1, self._items[self._next - 1]

    def put_back(self, jobs: Iterable[tuple[int, T]]) -> None:
        """``jobs`` (place, item), in their order, before every other item left."""
        self._back.extendleft(reversed(list(jobs)))


def pool(items: Sequence[T], task: Callable[[T], R], *, workers: int,
         initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = (),
         timeout: int | None = None, recycle: Recycle | None = None,
         preload: Sequence[str] = (), ahead: int = 1) -> Iterator[Outcome[T, R]]:
    """Worker processes, each working on one item at a time, so memory stays flat however many
    items there are: forked from a server that imported ``preload`` (spawned afresh without it).
    While the queue still holds an item for every worker, a worker is given ``ahead`` more
    items than the one it works on, waiting in its pipe: it begins the next as soon as it has
    sent a result, not when this process next gets to it (taking in a result can take it
    milliseconds, and the workers then waited 1-2% of a run). A worker is replaced as
    ``recycle`` says (once the items it holds are done), when it dies, and when its item
    outlives ``timeout`` seconds (it is killed); the items waiting in its pipe go back to the
    front of the queue."""
    from multiprocessing.connection import wait

    ctx = _context(preload)
    recycle = recycle or Recycle()
    queue = _Queue(items)
    spare = ctx.Value("i", 0, lock=False)  # idle workers, read by the tasks (spare_workers)
    crew = [_Worker(ctx, task, initializer, initargs, recycle, spare)
            for _ in range(max(1, min(workers, len(items))))]

    def feed(k: int) -> None:
        """Give worker k its next item(s). The item waits if the worker's pipe is broken: a busy
        worker's death is found by the loop (which says what it was working on), an idle one is
        replaced here."""
        while queue and crew[k].room(ahead if len(queue) >= len(crew) else 0):
            index, item = queue.take()
            try:
                crew[k].give(index, item)
            except OSError:
                crew[k].jobs.pop()  # the item that could not be sent
                queue.put_back([(index, item)])
                if not crew[k].jobs:
                    crew[k].stop(kill=True)
                    crew[k] = _Worker(ctx, task, initializer, initargs, recycle, spare)
                return

    def requeue(k: int) -> None:
        """The items waiting in worker k's pipe, back to the front of the queue, in order."""
        queue.put_back(crew[k].jobs)
        crew[k].jobs.clear()

    def replace(k: int, kill: bool) -> None:
        crew[k].stop(kill=kill)
        crew[k] = _Worker(ctx, task, initializer, initargs, recycle, spare)

    try:
        while queue or any(w.jobs for w in crew):
            for k in range(len(crew)):
                feed(k)
            busy = [w for w in crew if w.jobs]
            spare.value = len(crew) - len(busy)
            deadline = min((w.started + timeout for w in busy), default=None) if timeout else None
            wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                 timeout=None if deadline is None else max(0.0, deadline - time.monotonic()))
            for k, w in enumerate(crew):
                if not w.jobs:
                    continue
                if w.conn.poll():
                    try:
                        _, ok, value = w.conn.recv()
                    except (EOFError, OSError):
                        ok, value = None, None
                    if ok is not None:
                        index, item = w.finished()
                        if w.retiring():
                            w.draining = True
                        if w.draining and not w.jobs:
                            replace(k, kill=False)
                        feed(k)  # its next item first: the worker works while the result is used
                        yield (Outcome(item, index, value) if ok else
                               Outcome(item, index, failure=str(value), kind="crashed"))
                        continue
                index, item = w.jobs[0]
                if not w.proc.is_alive():
                    code = w.proc.exitcode
                    w.jobs.popleft()
                    requeue(k)
                    replace(k, kill=True)
                    feed(k)
                    yield Outcome(item, index, kind="died",
                                  failure=f"the worker process died (exit code {code})")
                elif timeout and time.monotonic() - w.started > timeout:
                    w.jobs.popleft()
                    requeue(k)
                    replace(k, kill=True)
                    feed(k)
                    yield Outcome(item, index, failure=f"over the time budget of {timeout} s",
                                  kind="timeout")
    finally:
        for w in crew:
            w.stop(kill=bool(w.jobs))


def start_server(preload: Sequence[str]) -> None:
    """Start the fork server that ``pool(preload=...)`` forks its workers from, now, so that its
    imports run while the caller is still getting ready (the server is one per process and the
    pool finds it running). Nothing happens where there is no forkserver; a failure here only
    leaves the pool to start the server itself."""
    import multiprocessing

    if not preload or "forkserver" not in multiprocessing.get_all_start_methods():
        return
    with contextlib.suppress(Exception):
        from multiprocessing import forkserver

        _context(preload)
        forkserver.ensure_running()


def _context(preload: Sequence[str]) -> Any:
    """The forkserver with ``preload`` imported in it, or a spawning context without."""
    import multiprocessing

    if preload and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))  # read when the server starts (once a process)
        return ctx
    return multiprocessing.get_context("spawn")


def dask(items: Sequence[T], task: Callable[[T], R], *, workers: int,
         initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = (),
         scheduler: str | None = None) -> Iterator[Outcome[T, R]]:
    """Items as tasks on a dask.distributed cluster: an existing one (``scheduler``) or a local
    one of single-threaded worker processes. A task that fails is a failed outcome."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="20s")
    else:
        cluster = LocalCluster(n_workers=max(1, min(workers, len(items))), threads_per_worker=1,
                               processes=True, dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        if initializer is not None:
            client.run(initializer, *initargs)
        futures = client.map(task, list(items), pure=False)
        where = {f.key: index for index, f in enumerate(futures)}
        for future in as_completed(futures):
            index = where[future.key]
            try:
                yield Outcome(items[index], index, future.result())
            except Exception as exc:
                yield Outcome(items[index], index, failure=f"{type(exc).__name__}: {exc}",
                              kind="crashed")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
