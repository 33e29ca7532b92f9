"""Writer processes that fail or hang on purpose (tests/test_writer.py, tests/test_matrix.py): a
spawned writer does not see a test's monkeypatches, so the fault is set up in it by its target."""

from __future__ import annotations

import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from socket import socket
from typing import Any


def _stuck() -> Iterator[str]:
    yield "<!DOCTYPE html>"
    time.sleep(600)


def serve_with(fault: str, channel: socket, outbox: Connection) -> None:
    """``writer.serve`` with ``fault``: "writes" (none), "fails" or "hangs" (the report), "hangs
    mid-file" (its report's temporary file open), "no sheet" or "sheet hangs" (the long sheet,
    part of it written), "exits" (before its work comes)."""
    import pipeline.export.matrix_files as mf
    from pipeline.export.files import write_parts
    from pipeline.export.writer import serve

    if fault == "exits":
        raise SystemExit(3)
    write, render = mf._write_report, mf.render_ahead

    def report(m: Any, out: Path, cells: int | None) -> None:
        if fault in ("fails", "hangs", "hangs mid-file"):
            if fault == "hangs mid-file":
                write_parts(out / "report.html", _stuck())
            if fault == "hangs":
                time.sleep(600)
            raise RuntimeError("the writer's failure")
        write(m, out, cells)

    def sheet(m: Any, fh: Any) -> Any:
        if fault in ("no sheet", "sheet hangs"):
            fh.write(b"<worksheet>")  # a part of it, never sent
            if fault == "sheet hangs":
                time.sleep(600)
            raise RuntimeError("the writer's failure")
        return render(m, fh)

    mf._write_report, mf.render_ahead = report, sheet
    serve(channel, outbox)
