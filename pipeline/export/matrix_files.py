"""The comparison's files: ``matrix.csv``, ``matrix.xlsx`` and ``report.html``, written atomically.

Export depends on comparison, never the other way round: ``pipeline.compare`` computes the
matrix, this module writes it.

The workbook and the report are independent and each takes seconds of Python on a large batch,
so where the system can fork and this process has a single thread, a child process (sharing
the matrix, nothing pickled) first makes the workbook's largest sheet (``xlsx.AHEAD``, the long
table) into a scratch file, then writes ``matrix.csv`` and ``report.html``, while this one
makes the other sheets and takes the long one from the child when its turn comes: at the end
of a run the cores are otherwise idle, and the two shares are then about equal. Should the
child fail for any reason, or take far longer than expected, it is stopped, its temporary files
removed, and what it had not delivered made here, as it would be without it (an error is raised
from here, not lost). Each file is written as it is made (a section, a row block at a time).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

from ..memory import release
from .files import partials, scratch_beside, write_into, write_parts
from .html import report_parts
from .xlsx import AHEAD, Ahead, render_ahead, write_workbook

if TYPE_CHECKING:
    from ..compare import Matrix
    from ..config import ExportConfig
    from .xlsx_writer import Layout

NAMES = ("matrix.csv", "matrix.xlsx", "report.html")


def write_matrix(matrix: Matrix, out_dir: str | Path, parallel: bool = True,
                 export: ExportConfig | None = None) -> list[Path]:
    """Write ``matrix.csv``, ``matrix.xlsx`` and ``report.html`` atomically under ``out_dir``;
    ``export``: the pivots' bounds (``pivot_cells``, ``report_cells``; the defaults when None)."""
    from ..config import ExportConfig

    bounds = export or ExportConfig()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    release()  # nothing freed and kept by this process's heaps is copied into the child
    scratch = _scratch(out) if parallel and _forkable() else None
    child, inbox = (_start(matrix, out, scratch, bounds.report_cells) if scratch is not None
                    else (None, None))
    try:
        ahead = _from_child(child, inbox, scratch, started) if child is not None else None
        write_into(out / "matrix.xlsx",
                   lambda fh: write_workbook(matrix, fh, ahead, bounds.pivot_cells))
    finally:
        # also when the workbook failed: the child is waited for (or stopped), so nothing is
        # written under ``out`` once this returns or raises
        if child is not None:
            _settle(child, out, started)
        if inbox is not None:
            inbox.close()
        if scratch is not None:
            scratch.unlink(missing_ok=True)
    if child is None or child.exitcode != 0:
        _write_report(matrix, out, bounds.report_cells)
    return [out / name for name in NAMES]


def _settle(child: BaseProcess, out: Path, started: float) -> None:
    """Wait for the child; the child's share is about the size of this one's, so one that takes
    far longer is stuck (a lock another thread held when it was forked) and is stopped. The
    temporary files of a child that did not finish cleanly are removed (it could not)."""
    child.join(max(CHILD_GRACE, 3 * (time.monotonic() - started)))
    if child.is_alive():
        child.kill()
        child.join()
    if child.exitcode != 0:
        _remove_partial(out)


CHILD_GRACE = 60.0  # seconds the report's writer may take beyond three times the workbook's


def _write_report(matrix: Matrix, out: Path, cells: int | None) -> None:
    write_parts(out / "matrix.csv", matrix.csv_parts())
    write_parts(out / "report.html", report_parts(matrix, cells=cells))


def _child(matrix: Matrix, out: Path, scratch: Path, outbox: Connection, cells: int | None
           ) -> None:
    """The forked writer: the long sheet into ``scratch`` (its layout and range sent when it is
    complete), then the csv and the report."""
    with scratch.open("wb") as fh:
        layout, extent = render_ahead(matrix, fh)
    outbox.send((layout, extent))
    outbox.close()
    _write_report(matrix, out, cells)


def _from_child(child: BaseProcess, inbox: Connection, scratch: Path, started: float) -> Ahead:
    """The long sheet as the child made it, when the workbook reaches it: waited for while the
    child lives, up to the grace a stuck child gets; None (made here instead) otherwise."""
    def ahead() -> tuple[Layout, str, Iterable[bytes]] | None:
        limit = time.monotonic() + max(CHILD_GRACE, 3 * (time.monotonic() - started))
        while time.monotonic() < limit and (child.is_alive() or inbox.poll()):
            if inbox.poll(0.05):
                try:
                    layout, extent = inbox.recv()
                except (EOFError, OSError):
                    return None
                return layout, extent, _chunks(scratch)
        return None

    return ahead


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with path.open("rb") as fh:
        yield from iter(lambda: fh.read(size), b"")


def _scratch(out: Path) -> Path | None:
    """A file for the child's sheet, named as the workbook's own temporary files are (so a run
    that is killed leaves nothing the next one does not clear); None where none can be made."""
    with contextlib.suppress(OSError):
        return scratch_beside(out / "matrix.xlsx", AHEAD)
    return None


def _remove_partial(out: Path) -> None:
    """The temporary files of the child's two files."""
    for name in ("matrix.csv", "report.html"):
        for partial in partials(out / name):
            partial.unlink(missing_ok=True)


def _forkable() -> bool:
    """Fork only a process with one thread: a lock another thread holds at the fork (the import
    lock, a logging handler's) stays held in the child, which then waits on it for ever. A run
    from the command line has one thread here; a notebook or a server may not."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _start(matrix: Matrix, out: Path, scratch: Path, cells: int | None
           ) -> tuple[BaseProcess | None, Connection | None]:
    """The child writer, forked, and the end of the pipe its long sheet's layout comes through
    (None, None where fork is not available or possible)."""
    with contextlib.suppress(Exception):  # no fork here (a daemon process, no resources)
        context = multiprocessing.get_context("fork")
        inbox, outbox = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(matrix, out, scratch, outbox, cells),
                                daemon=True)
        child.start()
        outbox.close()  # the child's end: this one sees EOF when the child is gone
        return child, inbox
    return None, None
