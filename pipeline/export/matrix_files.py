"""The comparison's files: ``matrix.csv``, ``matrix.xlsx`` and ``report.html``, written atomically.

Export depends on comparison, never the other way round: ``pipeline.compare`` computes the
matrix, this module writes it.

The workbook and the report are independent and each takes a second's worth of Python on a
large batch, so where the system can fork and this process has a single thread, a child
process (sharing the matrix, nothing pickled) writes ``report.html`` and ``matrix.csv`` while
this one writes ``matrix.xlsx``: at the end of a run the cores are otherwise idle. Should the
child fail for any reason, or take far longer than the workbook, it is stopped, its temporary
files removed, and its two files written here, as they would be without it (an error is raised
from here, not lost). Each file is written as it is made (a section, a row block at a time).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .files import partials, write_into, write_parts
from .html import report_parts
from .xlsx import write_workbook

if TYPE_CHECKING:
    from ..compare import Matrix

NAMES = ("matrix.csv", "matrix.xlsx", "report.html")


def write_matrix(matrix: Matrix, out_dir: str | Path, parallel: bool = True) -> list[Path]:
    """Write ``matrix.csv``, ``matrix.xlsx`` and ``report.html`` atomically under ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    child = _start(matrix, out) if parallel else None
    started = time.monotonic()
    write_into(out / "matrix.xlsx", lambda fh: write_workbook(matrix, fh))
    if child is not None:
        # the child's share is about the size of this one's: one that takes far longer is stuck
        # (a lock another thread held when it was forked) and is stopped
        child.join(max(CHILD_GRACE, 3 * (time.monotonic() - started)))
        if child.is_alive():
            child.kill()
            child.join()
    if child is not None and child.exitcode != 0:
        _remove_partial(out)  # a child stopped or killed mid-file could not remove its own
    if child is None or child.exitcode != 0:
        _write_report(matrix, out)
    return [out / name for name in NAMES]


CHILD_GRACE = 60.0  # seconds the report's writer may take beyond three times the workbook's


def _write_report(matrix: Matrix, out: Path) -> None:
    write_parts(out / "matrix.csv", matrix.csv_parts())
    write_parts(out / "report.html", report_parts(matrix))


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


def _start(matrix: Matrix, out: Path) -> multiprocessing.process.BaseProcess | None:
    """The report's writer, forked (None where fork is not available, safe or possible)."""
    if not _forkable():
        return None
    with contextlib.suppress(Exception):  # no fork here (a daemon process, no resources)
        child = multiprocessing.get_context("fork").Process(
            target=_write_report, args=(matrix, out), daemon=True)
        child.start()
        return child
    return None
