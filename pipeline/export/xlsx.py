"""``matrix.xlsx``: one sheet per view of the matrix, for people who open it in Excel or LibreOffice.

Every pivot sheet has the same frame: two header rows (region, then the notice's 发文字号 or id),
the theme in the first column, panes frozen below and right of them, wrapped text, column widths
from the content (a CJK character counts double). The presence sheet is a heatmap with static
fills (not conditional formats, which LibreOffice and Excel render differently). ``long`` is the
contract's table with a filter; ``legend`` explains sheets, colours and themes.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from ..compare import Matrix

SHEETS = {
    "presence": "每个主题下各地通知的任务数（0 = 未涉及） · tasks per theme and notice, 0 = silent",
    "tasks": "对应的任务编号 · the task ids behind each cell (see the long sheet for headings)",
    "windows": "实施时间 · implementation windows, per task",
    "deadlines": "最早的文中时限 · earliest in-text deadline of the cell's tasks",
    "departments": "涉及的部门 · department kinds the tasks name",
    "targets": "量化目标 · quantified targets, per task",
    "long": "长表（matrix.csv） · the long table: one row per theme, region and task; "
            "a row without task_id means the notice is silent on that theme",
    "notices": "通知 · the notices compared",
}
HEADER_FILL = "DDE4EE"
SILENT_FILL = "F2F2F2"
HEAT = ["F2F2F2", "C7E9C0", "A1D99B", "74C476", "41AB5D"]
MAX_WIDTH = 48
NO_VALUE = "—"  # the notice addresses the theme but its tasks state no such value
MULTILINE = ("windows", "targets")  # one task per line in these sheets
FIXED_TIME = datetime(2000, 1, 1)


def display_width(value: Any) -> int:
    """Columns a value needs: East Asian wide characters count two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def heat_colour(count: int) -> str:
    return HEAT[min(max(count, 0), len(HEAT) - 1)]


def _add_styles(wb: Any) -> None:
    """Named styles, registered once: assigning a name per cell is far cheaper than assigning
    font, fill, alignment and border objects (openpyxl hashes each one per cell)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def fill(colour: str) -> PatternFill:
        return PatternFill("solid", fgColor=colour)

    styles = [
        NamedStyle("pp-head", font=Font(bold=True), fill=fill(HEADER_FILL), alignment=centre, border=border),
        NamedStyle("pp-theme", font=Font(bold=True), alignment=wrap, border=border),
        NamedStyle("pp-cell", alignment=wrap, border=border),
        NamedStyle("pp-silent", alignment=wrap, border=border, fill=fill(SILENT_FILL)),
        NamedStyle("pp-plain", alignment=wrap),
        *(NamedStyle(f"pp-heat{k}", alignment=centre, border=border, fill=fill(colour))
          for k, colour in enumerate(HEAT)),
    ]
    for style in styles:
        wb.add_named_style(style)


def _fit_columns(ws: Any, widths: dict[int, int], minimum: int = 10) -> None:
    """Column widths from the content, then row heights from the wrapped lines each row needs
    (LibreOffice does not grow a row for wrapped text that openpyxl wrote)."""
    import math

    from openpyxl.utils import get_column_letter

    final = {}
    for col, width in widths.items():
        final[col] = max(minimum, min(MAX_WIDTH, width + 2))
        ws.column_dimensions[get_column_letter(col)].width = final[col]
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if cell.value is None or cell.column not in final:
                continue
            room = max(1, final[cell.column] - 1)
            text = str(cell.value)
            lines = max(lines, sum(max(1, math.ceil(display_width(part) / room))
                                   for part in text.split("\n")))
        ws.row_dimensions[row[0].row].height = 16 * min(lines, 30)
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _pivot_sheet(wb: Any, name: str, view: pd.DataFrame, matrix: Matrix) -> None:
    ws = wb.create_sheet(name)
    labels = {r.id: f"{r.zh}\n{r.id}" for r in matrix.themes.itertuples()}
    presence = matrix.presence
    doc_numbers = dict(zip(matrix.notices["notice_id"], matrix.notices["doc_number"], strict=True))
    ws.cell(1, 1, "地区 region")
    ws.cell(2, 1, "主题 theme \\ 通知 notice")
    widths = {1: 22}
    for k, (region, notice_id) in enumerate(view.columns, start=2):
        ws.cell(1, k, region)
        ws.cell(2, k, f"{doc_numbers.get(notice_id) or ''}\n{notice_id}".strip())
        widths[k] = max(display_width(region), display_width(notice_id))
    for r in (1, 2):
        for c in range(1, len(view.columns) + 2):
            ws.cell(r, c).style = "pp-head"
    silent_grid = presence.to_numpy() == 0
    for i, (theme, row) in enumerate(zip(view.index, view.to_numpy().tolist(), strict=True), start=3):
        ws.cell(i, 1, labels.get(theme, theme)).style = "pp-theme"
        for k, value in enumerate(row, start=2):
            silent = bool(silent_grid[i - 3, k - 2])
            if name in MULTILINE and value:
                value = str(value).replace("; ", "\n")
            if value == "" and not silent:
                value = NO_VALUE
            cell = ws.cell(i, k, value if value != "" else None)
            if name == "presence":
                cell.style = f"pp-heat{HEAT.index(heat_colour(int(value)))}"
            else:
                cell.style = "pp-silent" if silent else "pp-cell"
            if value != "":
                widths[k] = max(widths[k], *(display_width(x) for x in str(value).split("\n")))
    ws.freeze_panes = "B3"
    _fit_columns(ws, widths, minimum=12)


def _table_sheet(wb: Any, name: str, frame: pd.DataFrame) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    widths = {}
    for k, column in enumerate(frame.columns, start=1):
        ws.cell(1, k, column).style = "pp-head"
        widths[k] = display_width(column)
    plain_frame = frame.astype(object).where(frame.notna(), None)
    for i, record in enumerate(plain_frame.itertuples(index=False), start=2):
        for k, value in enumerate(record, start=1):
            plain = None if value is None or value == "" else value
            ws.cell(i, k, plain).style = "pp-plain"
            if plain is not None:
                widths[k] = max(widths[k], display_width(plain))
    ws.freeze_panes = "A2"
    if len(frame):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    _fit_columns(ws, widths)


def _legend_sheet(wb: Any, matrix: Matrix) -> None:
    from ..stages.themes import load_taxonomy

    ws = wb.create_sheet("legend")
    rows: list[list[Any]] = [["sheet 工作表", "what 内容"]]
    rows += [[name, text] for name, text in SHEETS.items()]
    rows += [[], ["colour 颜色", "presence 热力图"], ["F2F2F2", "0: 未涉及 silent (grey in every sheet)"]]
    rows += [[HEAT[k], f"{k}{'+' if k == len(HEAT) - 1 else ''} task(s)"] for k in range(1, len(HEAT))]
    rows += [[NO_VALUE, "涉及该主题，但任务未写明此项 · addressed, but the tasks state no such value"]]
    rows += [[], ["theme id", "中文", "English", "field", "keywords 关键词"]]
    keywords = {t.id: "、".join(t.keywords) for t in load_taxonomy().themes}
    rows += [[r.id, r.zh, r.en, r.field, keywords.get(r.id, "")] for r in matrix.themes.itertuples()]
    for i, row in enumerate(rows, start=1):
        for k, value in enumerate(row, start=1):
            head = row and row[0] in ("sheet 工作表", "colour 颜色", "theme id")
            ws.cell(i, k, value).style = "pp-head" if head else "pp-plain"
        if row and isinstance(row[0], str) and row[0] in HEAT:
            ws.cell(i, 1).style = f"pp-heat{HEAT.index(row[0])}"
    ws.freeze_panes = "A2"
    _fit_columns(ws, {1: 22, 2: 40, 3: 30, 4: 14, 5: 60})


def workbook_bytes(matrix: Matrix) -> bytes:
    """The workbook as bytes (written atomically by the caller)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "policy-pipeline"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    _add_styles(wb)
    for name, view in matrix.views().items():
        _pivot_sheet(wb, name, view, matrix)
    _table_sheet(wb, "long", matrix.long)
    _table_sheet(wb, "notices", matrix.notices)
    _legend_sheet(wb, matrix)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
