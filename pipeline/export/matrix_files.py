"""The comparison's files: ``matrix.csv``, ``matrix.xlsx`` and ``report.html``, written atomically.

Export depends on comparison, never the other way round: ``pipeline.compare`` computes the
matrix, this module writes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .files import write_atomic
from .html import render_report
from .xlsx import workbook_bytes

if TYPE_CHECKING:
    from ..compare import Matrix


def write_matrix(matrix: Matrix, out_dir: str | Path) -> list[Path]:
    """Write ``matrix.csv``, ``matrix.xlsx`` and ``report.html`` atomically under ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {"matrix.csv": matrix.to_csv(), "matrix.xlsx": workbook_bytes(matrix),
             "report.html": render_report(matrix)}
    for name, data in files.items():
        write_atomic(out / name, data)
    return [out / name for name in files]
