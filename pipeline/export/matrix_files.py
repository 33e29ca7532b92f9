"""The comparison's files: ``matrix.csv``, ``matrix.xlsx`` and ``report.html``, written atomically.

Export depends on comparison, never the other way round: ``pipeline.compare`` computes the
matrix, this module writes it.

The workbook and the report are independent and each takes seconds of Python on a large batch,
so a second process (``writer.Writer``: spawned when a large batch starts, so that it does not
begin with this process's pages, or forked here for a small one; given the matrix with its
scratch files passed, not copied) first makes the workbook's largest sheet (``xlsx.AHEAD``, the
long table) into a scratch file, then writes ``report.html``, while this one makes the other
sheets after ``matrix.csv`` and takes the long one from the writer when its turn comes: at
the end of a run the cores are otherwise idle, and the two shares are then about equal (2,000
synthetic notices: 1.23 and 1.21 s; with the csv in the writer's share this process waited
0.37 s). Should the
writer fail for any reason, or take far longer than expected, it is stopped, its temporary
files removed, and what it had not delivered made here, as it would be without it (an error is
raised from here, not lost). Each file is written as it is made (a section, a row block at a
time).
"""

from __future__ import annotations

import contextlib
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from ..memory import phase, release
from .files import partials, scratch_beside, write_into, write_parts
from .html import report_parts
from .writer import Writer
from .xlsx import AHEAD, render_ahead, write_workbook

if TYPE_CHECKING:
    from ..compare import Matrix
    from ..config import ExportConfig

NAMES = ("matrix.csv", "matrix.xlsx", "report.html")


def write_matrix(matrix: Matrix, out_dir: str | Path, parallel: bool = True,
                 export: ExportConfig | None = None, writer: Writer | None = None) -> list[Path]:
    """Write ``matrix.csv``, ``matrix.xlsx`` and ``report.html`` atomically under ``out_dir``;
    ``export``: the pivots' bounds (``pivot_cells``, ``report_cells``; the defaults when None);
    ``writer``: a writer process started beforehand (``writer.for_batch``), given the report's
    share when that ends sooner than writing it here (``_writer_for``: else one forked or
    spawned here, or none), and stopped before this returns."""
    from ..config import ExportConfig

    bounds = export or ExportConfig()
    phase("files")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if parallel:
        writer = _writer_for(writer, len(matrix.rows) * SHARE_PER_ROW)
    scratch = _scratch(out) if writer is not None and parallel else None
    given = None
    if (writer is not None and scratch is not None
            and writer.give(matrix, out, scratch, bounds.report_cells)):
        given = writer
    written = False
    try:
        ahead = (given.ahead(scratch, started, CHILD_GRACE)
                 if given is not None and scratch is not None else None)
        write_parts(out / "matrix.csv", matrix.csv_parts())
        write_into(out / "matrix.xlsx",
                   lambda fh: write_workbook(matrix, fh, ahead, bounds.pivot_cells))
    finally:
        # also when the workbook failed: the writer is waited for (or stopped), so nothing is
        # written under ``out`` once this returns or raises
        if given is not None:
            written = given.settle(started, CHILD_GRACE)
            if not written:
                _remove_partial(out)  # the writer could not
        elif writer is not None:
            writer.close()
        if scratch is not None:
            scratch.unlink(missing_ok=True)
    if not written:
        _write_report(matrix, out, bounds.report_cells)
    return [out / name for name in NAMES]


CHILD_GRACE = 60.0  # seconds the report's writer may take beyond three times the workbook's
# Seconds of the writer's share (the long sheet and the report) per row of the long table: 86,
# 87 and 85 us measured with the csv in it on the development corpus, 2,000 and 20,000 copies of
# it; the csv was a tenth of that share on 2,000 synthetic notices (0.14 of 1.37 s).
SHARE_PER_ROW = 76e-6


def _writer_for(early: Writer | None, share: float) -> Writer | None:
    """The writer to give ``share`` seconds of work: the one started early if that is sooner
    than writing it here, else one forked now (ready at once), else one spawned now if even its
    start-up is worth it; None: everything written here."""
    if early is not None:
        if early.worth(share):
            return early
        early.close()
    release()  # nothing freed and kept by this process's heaps is copied into a forked writer
    forked = Writer.start(fork=True)
    if forked is not None:
        return forked
    spawned = Writer.start()
    if spawned is not None and not spawned.worth(share):
        spawned.close()
        return None
    return spawned


def _write_report(matrix: Matrix, out: Path, cells: int | None) -> None:
    write_parts(out / "report.html", report_parts(matrix, cells=cells, scratch=out))


def work(matrix: Matrix, out: Path, scratch: Path, outbox: Connection, cells: int | None
         ) -> None:
    """The writer's share (``writer.serve``): the long sheet into ``scratch`` (its layout and
    range sent when it is complete), then the report."""
    phase("files: long sheet")
    with scratch.open("wb") as fh:
        layout, extent = render_ahead(matrix, fh)
    outbox.send((layout, extent))
    outbox.close()
    _write_report(matrix, out, cells)


def _scratch(out: Path) -> Path | None:
    """A file for the writer's sheet, named as the workbook's own temporary files are (so a run
    that is killed leaves nothing the next one does not clear); None where none can be made."""
    with contextlib.suppress(OSError):
        return scratch_beside(out / "matrix.xlsx", AHEAD)
    return None


def _remove_partial(out: Path) -> None:
    """The temporary files of the writer's file."""
    for partial in partials(out / "report.html"):
        partial.unlink(missing_ok=True)
