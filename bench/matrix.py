"""Matrix building time for 1,000 notices (the issue's bar: under 5 s), and matrix.xlsx's writer
against XlsxWriter (constant-memory mode) and openpyxl (write-only mode) on the same sheets.

The corpus is run once; its notices are then replicated with distinct ids and regions (every
city of resources/regions.toml, then numbered synthetic cities) up to N. The figure is
``compare()`` plus every pivot view; writing matrix.xlsx and report.html is timed separately.
The writers are fed the same rows, formats and layout (``workbook_bytes(matrix, book)``) at
1,000 and at 5,000 notices (101,000 rows in the long sheet).
"""

from __future__ import annotations

import copy
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.api import run_corpus
from pipeline.compare import compare, load_notices
from pipeline.config import load_config
from pipeline.resources import load_toml

ROOT = Path(__file__).resolve().parent.parent
N = 1000


def _regions(n: int) -> list[tuple[str, str]]:
    cities = [(p["name"], c) for p in load_toml("regions.toml")["province"] for c in p["cities"]]
    return [cities[k] if k < len(cities) else (cities[k % len(cities)][0], f"示例{k:04d}市")
            for k in range(n)]


def synthetic(notices: list[dict[str, Any]], n: int = N) -> list[dict[str, Any]]:
    """``n`` notices copied round-robin from ``notices``, each with its own id and region."""
    out = []
    for k, (province, city) in enumerate(_regions(n)):
        notice = copy.deepcopy(notices[k % len(notices)])
        notice["id"] = f"{notice['id']}-{k:04d}"
        notice["doc"]["region"] = {"province": province, "city": city}
        out.append(notice)
    return out


class XlsxWriterBook:
    """``xlsx_writer.Workbook``'s interface on XlsxWriter in constant-memory mode."""

    def __init__(self, scratch: str) -> None:
        import io

        import xlsxwriter

        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {
            "constant_memory": True, "tmpdir": scratch, "strings_to_formulas": False,
            "strings_to_urls": False, "strings_to_numbers": False})
        self.formats: list[Any] = [None]

    def add_format(self, fmt: Any) -> int:
        spec: dict[str, Any] = {"bold": fmt.bold, "text_wrap": fmt.wrap}
        if fmt.fill:
            spec["bg_color"] = f"#{fmt.fill}"
        if fmt.border:
            spec.update(border=1, border_color=f"#{fmt.border}")
        if fmt.align:
            spec["align"] = fmt.align
        if fmt.valign:
            spec["valign"] = "vcenter" if fmt.valign == "center" else fmt.valign
        self.formats.append(self.wb.add_format(spec))
        return len(self.formats) - 1

    def sheet(self, name: str, layout: Any, rows: list[Any]) -> None:
        ws = self.wb.add_worksheet(name)
        for col, width in layout.widths.items():
            ws.set_column(col, col, width)
        ws.freeze_panes(*layout.freeze)
        width = max((r.last() for r in rows), default=0)
        if layout.autofilter:
            ws.autofilter(0, 0, len(rows) - 1, width)
        ws.set_landscape()
        ws.set_paper(layout.paper)
        if layout.print_rows:
            ws.repeat_rows(0, layout.print_rows - 1)
        ws.fit_to_pages(layout.fit_width, 0)
        for index, row in enumerate(rows):
            for col, (value, fmt) in enumerate(zip(row.values, row.formats, strict=True)):
                if value is None:
                    if fmt:
                        ws.write_blank(index, col, None, self.formats[fmt])
                elif isinstance(value, str):
                    ws.write_string(index, col, value, self.formats[fmt])
                else:
                    ws.write_number(index, col, value, self.formats[fmt])
            if row.format or row.last() >= 0:
                ws.set_row(index, row.height, self.formats[row.format])

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()


class OpenpyxlBook:
    """The same interface on openpyxl in write-only mode."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.wb = Workbook(write_only=True)
        self.formats: list[Any] = [None]

    def add_format(self, fmt: Any) -> int:
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        style = NamedStyle(name=f"pp{len(self.formats)}")
        style.font = Font(bold=fmt.bold)
        if fmt.fill:
            style.fill = PatternFill("solid", fgColor=fmt.fill)
        if fmt.border:
            side = Side("thin", color=fmt.border)
            style.border = Border(left=side, right=side, top=side, bottom=side)
        style.alignment = Alignment(horizontal=fmt.align, vertical=fmt.valign, wrap_text=fmt.wrap)
        self.wb.add_named_style(style)
        self.formats.append(style.name)
        return len(self.formats) - 1

    def sheet(self, name: str, layout: Any, rows: list[Any]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(name)
        for col, width in layout.widths.items():
            ws.column_dimensions[get_column_letter(col + 1)].width = width
        ws.freeze_panes = f"{get_column_letter(layout.freeze[1] + 1)}{layout.freeze[0] + 1}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = layout.paper
        for row in rows:
            cells: list[Any] = []
            for value, fmt in zip(row.values, row.formats, strict=True):
                if value is None and not fmt:
                    cells.append(None)
                    continue
                cell = WriteOnlyCell(ws, value=value)
                if fmt:
                    cell.style = self.formats[fmt]
                cells.append(cell)
            ws.append(cells)

    def close(self) -> bytes:
        import io

        buffer = io.BytesIO()
        self.wb.save(buffer)
        return buffer.getvalue()


def writers(matrix: Any) -> None:
    """matrix.xlsx written by each writer from the same rows (CPU seconds, size)."""
    from pipeline.export.xlsx import workbook_bytes

    rows = len(matrix.long)
    with tempfile.TemporaryDirectory() as scratch:
        for name, make in (("pipeline.export.xlsx_writer", lambda: None),
                           ("XlsxWriter constant_memory", lambda: XlsxWriterBook(scratch)),
                           ("openpyxl write_only", OpenpyxlBook)):
            started = time.process_time()
            size = len(workbook_bytes(matrix, make()))
            print(f"  {name:<30} {len(matrix.notices):>6} notices {rows:>7} long rows "
                  f"{time.process_time() - started:>7.2f} s CPU {size / 1e6:>6.1f} MB", flush=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cfg = load_config(None, {"run": {"executor": "serial"}})
        run_corpus([ROOT / "corpora" / "manifest.csv"], cfg, Path(tmp) / "run")
        notices = synthetic(load_notices(Path(tmp) / "run" / "notices"))
        compare(notices[:5]).views()  # imports (pandas) and taxonomy loading, not measured
        started = time.perf_counter()
        matrix = compare(notices)
        built = time.perf_counter() - started
        views = matrix.views()
        total = time.perf_counter() - started
        rows = len(matrix.long)
        print(f"matrix for {len(notices)} notices ({len(matrix.themes)} themes, {rows} long rows): "
              f"{total:.2f}s (long table {built:.2f}s + {len(views)} pivots {total - built:.2f}s)")
        from pipeline.export.html import render_report
        from pipeline.export.xlsx import workbook_bytes

        started = time.perf_counter()
        size = len(workbook_bytes(matrix))
        xlsx = time.perf_counter() - started
        started = time.perf_counter()
        html = len(render_report(matrix).encode())
        print(f"writing them: matrix.xlsx {xlsx:.2f}s ({size / 1e6:.1f} MB), "
              f"report.html {time.perf_counter() - started:.2f}s ({html / 1e6:.1f} MB)")
        print("matrix.xlsx writers, the same sheets (views computed beforehand):")
        for n in (N, 5 * N):
            big = compare(synthetic(notices, n)) if n != N else matrix
            big.views()
            _ = big.department_view
            writers(big)


if __name__ == "__main__":
    main()
