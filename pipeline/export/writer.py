"""A process that writes the report's share of the comparison's files (``Writer``).

A large batch's writer is spawned (a fresh interpreter, none of the run's memory: a writer
forked from the run's process begins with its pages, which grow with the batch) when the batch
starts (``for_batch``), so its imports are long done when the matrix is ready; a small batch's
is forked when its files are written (``matrix_files``), ready at once. Either is given its
work the same way (``give``): the matrix is pickled into a file under ``--out`` (opened and at
once unlinked), and that file and the matrix's scratch files (``compare.spill.Spill``, whose
bytes stay where they are) are passed to it over a socket as open descriptors; nothing is
named, so nothing is left behind whatever ends the run. It then does ``serve``'s work: the long
sheet, its layout sent back when complete, then the report.

Where descriptors cannot be passed (no ``socket.send_fds``) or a process cannot be started,
``start`` gives None and the caller writes everything itself.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import select
import socket
import struct
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..compare.long import LongRows
from ..compare.spill import Spill
from ..compare.texts import TaskTexts

if TYPE_CHECKING:
    from ..compare import Matrix
    from .xlsx import Ahead
    from .xlsx_writer import Layout

MAX_FDS = 253  # descriptors one message may carry (Linux's SCM_MAX_FD)
READY = b"R"  # what the writer sends once its imports are done
# Seconds from ``start`` to ``READY``: spawning the interpreter and its imports (pandas, the
# writers), 0.65-0.78 s measured on the development machine.
START_UP = 0.75
# Inputs from which a batch's writer is spawned when the batch starts: its start-up (about
# 0.7 s of CPU, 0.2-0.3 s of the development corpus's 4.5 s run) is then under 1% of the run,
# and a forked writer's memory, which begins with the parent's pages, would grow with the batch
# (2,000 development copies: 138 MB forked, 84 spawned).
EARLY = 1000
_COUNT = struct.Struct("!I")


class Writer:
    """The writer process, the socket its work goes through and the pipe its long sheet's layout
    comes back through. Single use: ``give`` once, then ``settle``; ``close`` stops one that was
    not given work (or whatever state it is in) and may be called any number of times."""

    def __init__(self, process: BaseProcess, channel: socket.socket, inbox: Connection) -> None:
        self.process, self._channel, self._inbox = process, channel, inbox
        self.given = False
        self._ready = self._ended = False
        self._started = time.monotonic()

    @classmethod
    def start(cls, target: Callable[[socket.socket, Connection], None] | None = None,
              fork: bool = False) -> Writer | None:
        """A writer process running ``target`` (``serve``; a test gives another), spawned, or
        with ``fork`` forked from this process (ready at once, but it begins with this
        process's pages: for a small batch); None where none can be started, descriptors
        cannot be passed, or (``fork``) this process cannot fork safely (``forkable``)."""
        method = "fork" if fork else "spawn"
        if (not hasattr(socket, "send_fds") or method not in multiprocessing.get_all_start_methods()
                or (fork and not forkable())):
            return None
        opened: list[Any] = []
        try:
            context = multiprocessing.get_context(method)
            here, there = socket.socketpair()
            opened += [here, there]
            inbox, outbox = context.Pipe(duplex=False)
            opened += [inbox, outbox]
            process = context.Process(target=target or serve, args=(there, outbox), daemon=True)
            process.start()
        except Exception:  # no process here (a daemon process, no resources)
            for end in opened:
                end.close()
            return None
        there.close()  # the child's ends: this one sees EOF when the child is gone
        outbox.close()
        return cls(process, here, inbox)

    def ready(self, timeout: float) -> bool:
        """Whether the writer has done its imports and waits for work, waiting up to ``timeout``
        seconds for it (False at once where it has ended)."""
        if not self._ready and not self._ended:
            with contextlib.suppress(OSError):
                if select.select([self._channel], [], [], max(0.0, timeout))[0]:
                    said = self._channel.recv(len(READY))
                    self._ready, self._ended = said == READY, said != READY
        return self._ready

    def worth(self, share: float) -> bool:
        """Whether giving the writer ``share`` seconds of work ends sooner than doing it here:
        it is ready, or what is left of its start-up is shorter than the work (this process does
        its own share meanwhile, about as long). A small batch's files are written here while
        the writer still imports."""
        if self.ready(0):
            return True
        return not self._ended and START_UP - (time.monotonic() - self._started) < share

    def give(self, matrix: Matrix, out: Path, scratch: Path, cells: int | None) -> bool:
        """Send the work: False (and the writer closed) where it could not be sent."""
        try:
            with tempfile.TemporaryFile(dir=out) as job:
                sender = _Sender(job)
                sender.dump((matrix, out, scratch, cells))
                job.flush()
                fds = [job.fileno(), *sender.fds]
                if len(fds) > MAX_FDS:
                    raise OSError(f"{len(fds)} files to pass, at most {MAX_FDS}")
                socket.send_fds(self._channel, [_COUNT.pack(len(fds))], fds)
        except (OSError, pickle.PicklingError):
            self.close()
            return False
        self.given = True
        return True

    def ahead(self, scratch: Path, started: float, grace: float) -> Ahead:
        """The long sheet as the writer made it, when the workbook reaches it: waited for while
        the writer lives, up to ``grace`` or three times what the work has taken so far,
        whichever is longer; None (made here instead) otherwise."""
        def ahead() -> tuple[Layout, str, Iterable[bytes]] | None:
            limit = time.monotonic() + _patience(started, grace)
            while time.monotonic() < limit and (self.process.is_alive() or self._inbox.poll()):
                if self._inbox.poll(0.05):
                    try:
                        layout, extent = self._inbox.recv()
                    except (EOFError, OSError):
                        return None
                    return layout, extent, _chunks(scratch)
            return None

        return ahead

    def settle(self, started: float, grace: float) -> bool:
        """Wait for the writer's work; its share is about the size of this process's, so one
        that takes far longer is stuck and is stopped. True when it finished cleanly."""
        self.process.join(_patience(started, grace))
        self.close()
        return self.process.exitcode == 0

    def close(self) -> None:
        """Stop the writer if it still runs (stuck, or waiting for work that will not come) and
        close this side's ends."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self._ready, self._ended = False, True
        self._channel.close()
        self._inbox.close()


def _patience(started: float, grace: float) -> float:
    """Seconds more a writer is waited for: ``grace``, or three times what the work has taken
    since ``started``, whichever is longer (its share is about this process's)."""
    return max(grace, 3 * (time.monotonic() - started))


def forkable() -> bool:
    """Fork only a process with one thread: a lock another thread holds at the fork (the import
    lock, a logging handler's) stays held in the child, which then waits on it for ever. A run
    from the command line has one thread when it writes its files; a notebook or a server may
    not."""
    return threading.active_count() == 1


def for_batch(size: int) -> Writer | None:
    """The writer to start when a batch of ``size`` inputs starts: spawned at once when the
    batch is large (``EARLY``), None for a small one (``write_matrix`` forks one then)."""
    return Writer.start() if size >= EARLY else None


def serve(channel: socket.socket, outbox: Connection) -> None:
    """The writer's side: the imports first (the run still reads its documents), ``READY`` said,
    then the work when it comes (none: the socket closed) — ``matrix_files.work``."""
    import pandas  # noqa: F401  (the matrix's tables)

    from . import matrix_files

    channel.sendall(READY)
    data, fds, _, _ = socket.recv_fds(channel, _COUNT.size, MAX_FDS)
    channel.close()
    if not fds:
        return
    if len(data) != _COUNT.size or _COUNT.unpack(data)[0] != len(fds):
        raise OSError("the writer's work came incomplete")
    job, *files = fds
    with os.fdopen(job, "rb") as fh:
        fh.seek(0)
        matrix, out, scratch, cells = _Receiver(fh, files).load()
    matrix_files.work(matrix, out, scratch, outbox, cells)


class _Sender(pickle.Pickler):
    """Pickles the work with each file-held ``Spill`` as a descriptor to pass (``fds``), its
    bytes left where they are, and ``TaskTexts`` and ``LongRows`` with their files (their arrays
    a notice long in them too)."""

    def __init__(self, fh: IO[bytes]) -> None:
        super().__init__(fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.fds: list[int] = []
        self._index: dict[int, int] = {}

    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, Spill) and obj.in_file:
            fd = obj.fileno()
            assert fd is not None
            if fd not in self._index:
                self._index[fd] = len(self.fds)
                self.fds.append(fd)
            return ("spill", self._index[fd], len(obj))
        return None

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, (TaskTexts, LongRows)):
            return obj.with_spill()
        return NotImplemented


class _Receiver(pickle.Unpickler):
    """Unpickles what ``_Sender`` pickled, with the descriptors passed along."""

    def __init__(self, fh: IO[bytes], fds: list[int]) -> None:
        super().__init__(fh)
        self._fds = fds
        self._spills: dict[int, Spill] = {}

    def persistent_load(self, pid: Any) -> Any:
        kind, index, end = pid
        if kind != "spill" or not 0 <= index < len(self._fds):
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        if index not in self._spills:
            self._spills[index] = Spill.adopt(self._fds[index], end)
        else:  # met again after its owner appended to it (``with_spill``): the larger end
            self._spills[index].grown(end)
        return self._spills[index]


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with path.open("rb") as fh:
        yield from iter(lambda: fh.read(size), b"")

