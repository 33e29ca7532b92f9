"""``matrix.xlsx``: one sheet per view of the matrix, for people who open it in Excel or LibreOffice.

Every pivot sheet has the same frame: two header rows (region, then the notice's 发文字号 or id),
the theme in the first column, panes frozen below and right of them, wrapped text, column widths
from the content (a CJK character counts double). The presence sheet is a heatmap with static
fills (not conditional formats, which LibreOffice and Excel render differently). ``long`` is the
contract's table with a filter; ``legend`` explains sheets, colours and themes.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, BinaryIO

from ..compare import VIEWS
from ..compare.matrix import column_values, rows_of
from ..memory import release
from .xlsx_writer import MAX_COLS, MAX_ROWS, Format, Layout, Row, Workbook, streamed_xml

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
    "roles": "各部门牵头/配合/负责的任务数 · tasks per department kind and role, per notice",
    "timeline": "时间线 · every deadline by date, with its phrase and task",
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
    return len(text) if text.isascii() else _wide_width(text)


# the measures' caches hold the values that repeat (counts, regions, dates, kinds); a wide batch's
# distinct cells (a notice's column header, a task list) would fill a larger one for nothing,
# and keep it to the end of the run (65,536 entries: 9 MB at 20,000 notices)
_MEASURED = 4096


@lru_cache(maxsize=_MEASURED)
def _wide_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def heat_colour(count: int) -> str:
    return HEAT[min(max(count, 0), len(HEAT) - 1)]


BORDER = "BFBFBF"


def _formats(wb: Workbook) -> dict[str, int]:
    """The workbook's cell formats by name, registered once."""
    border = {"border": BORDER}
    wrap = {"wrap": True, "valign": "top"}
    centre = {"align": "center", "valign": "center", "wrap": True}
    specs: dict[str, dict[str, Any]] = {
        "pp-head": {"bold": True, "fill": HEADER_FILL, **centre, **border},
        "pp-theme": {"bold": True, **wrap, **border},
        "pp-cell": {**wrap, **border},
        "pp-silent": {**wrap, **border, "fill": SILENT_FILL},
        "pp-plain": dict(wrap),
        **{f"pp-heat{k}": {**centre, **border, "fill": colour} for k, colour in enumerate(HEAT)},
    }
    return {name: wb.add_format(Format(**spec)) for name, spec in specs.items()}


Cell = tuple[Any, "str | None"]  # (value, format name)


@lru_cache(maxsize=_MEASURED)
def _measure(text: str) -> tuple[tuple[int, ...], int]:
    """The display width of each line of a value, and the widest (cells repeat: counts,
    regions, dates, kinds)."""
    parts = tuple(display_width(line) for line in text.split("\n"))
    return parts, max(parts)


@dataclass
class _Sheet:
    """One sheet's rows as values and format names, measured as they come in, then written by
    ``xlsx_writer`` (widths and row heights must be known before a row is written)."""

    name: str
    widths: dict[int, int] = field(default_factory=dict)
    # per row: its values, their format names, their lines' widths, and for a sparse row the
    # columns that are not empty silent cells (None: every column is visited)
    rows: list[tuple[list[Any], list[str | None], list[tuple[int, ...]], list[int] | None]] = field(
        default_factory=list)

    def add(self, cells: list[Cell], measure: bool = True) -> None:
        """Append a row; ``measure``: let its values widen their columns."""
        self._add(cells, measure, None)

    def add_sparse(self, cells: list[Cell], width: int) -> None:
        """Append a row of ``width`` columns that has only ``cells`` ((value, format name) at
        0-based columns, ascending, as ``(column, cell)``); every other column is an empty
        silent cell. A wide pivot row is mostly those: they are neither visited nor measured."""
        row: list[Cell] = [(None, "pp-silent")] * width
        for col, cell in cells:
            row[col] = cell
        self._add(row, True, [col for col, _ in cells])

    def _add(self, cells: list[Cell], measure: bool, present: list[int] | None) -> None:
        """A row's values, formats and measured lines; only the ``present`` columns (all when
        None) are measured, the others being empty."""
        self._put([value for value, _ in cells], [style for _, style in cells], measure, present)

    def _put(self, values: list[Any], styles: list[str | None], measure: bool,
             present: list[int] | None) -> None:
        lines: list[tuple[int, ...]] = [()] * len(values)
        widths = self.widths
        for col in range(len(values)) if present is None else present:
            value = values[col]
            if value is None:
                continue
            parts, widest = _measure(value if type(value) is str else str(value))
            lines[col] = parts
            k = col + 1
            if measure and widest > widths.get(k, 0) and value != "":
                widths[k] = widest
        self.rows.append((values, styles, lines, present))

    def write(self, wb: Workbook, formats: dict[str, int], freeze: str, minimum: int = 10,
              auto_filter: bool = False) -> None:
        wb.sheet(self.name, *self.laid_out(formats, freeze, minimum, auto_filter))

    def laid_out(self, formats: dict[str, int], freeze: str, minimum: int = 10,
                 auto_filter: bool = False) -> tuple[Layout, list[Row]]:
        """Column widths from the content, then row heights from the wrapped lines each row
        needs (LibreOffice does not grow a row for wrapped text it did not lay out itself).

        An empty silent cell is not written: its row's format (grey, bordered) shows through, as
        it does in Excel and LibreOffice for any cell a row format covers. That leaves the cells
        with something to say, a few hundredths of a wide matrix.
        """
        final, room = _widths(self.widths, minimum)
        layout = _layout(final, freeze, auto_filter and any(values for values, _, _, _ in self.rows))
        silent, by_name = formats["pp-silent"], {**formats, None: 0}
        rows = [_row_of(values, styles, present, silent, by_name, room, widths.__getitem__)
                for values, styles, widths, present in self.rows]
        return layout, rows


def _row_of(values: list[Any], styles: list[str | None], present: list[int] | None, silent: int,
            by_name: dict[str | None, int], room: list[int] | None,
            parts: Callable[[int], tuple[int, ...]]) -> Row:
    """A sheet row of ``values`` in formats ``styles`` (only the ``present`` columns visited;
    None: all), its height from the lines each cell needs in its column (``room``: the
    characters a line of each holds; None: not known yet, one line; ``parts(col)``: a cell's
    lines' widths). An empty silent cell is not written: its row's format shows through."""
    lines = 1
    row_format = 0
    shown = [0] * len(values)
    cells: list[int] | None = None
    if present is not None:
        cells = []
        if len(present) < len(values):  # an empty silent cell: the row's format shows
            row_format = silent
    for col in (range(len(values)) if present is None else present):
        value = values[col]
        style = styles[col]
        if value is None:
            if style == "pp-silent":
                row_format = silent
            elif style != "pp-plain":  # a bordered empty cell; a plain one shows nothing
                shown[col] = by_name.get(style, 0)
            if cells is not None and shown[col]:
                cells.append(col)
            continue
        shown[col] = by_name[style]
        if cells is not None:
            cells.append(col)
        if room is not None:
            lines = _lines(parts(col), room[col] if col < len(room) else 0, lines)
    return Row(16 * min(lines, 30), values, shown, row_format, cells)


def _widths(measured: dict[int, int], minimum: int) -> tuple[dict[int, int], list[int]]:
    """Final column widths (1-based, from the widest content, between ``minimum`` and
    ``MAX_WIDTH``) and the characters a line of each holds (0-based)."""
    final = {col: max(minimum, min(MAX_WIDTH, width + 2)) for col, width in measured.items()}
    room = [0] * (max(final, default=0) + 1)
    for col, width in final.items():
        room[col - 1] = max(1, width - 1)
    return final, room


def _lines(parts: tuple[int, ...], fits: int, lines: int) -> int:
    """The lines a row needs once a cell of lines ``parts`` wide is in it, in a column that
    holds ``fits`` characters a line (0: not known, no wrapping), having needed ``lines``."""
    if not fits or (len(parts) <= lines and max(parts) <= fits):
        return lines  # no wider than its column, no more lines than the row has
    needed = (len(parts) if max(parts) <= fits
              else sum(max(1, math.ceil(width / fits)) for width in parts))
    return max(lines, needed)


def _layout(final: dict[int, int], freeze: str, auto_filter: bool) -> Layout:
    """A sheet's layout from its final widths (1-based columns): ``freeze`` "B3" keeps two header
    rows and the first column in view (and prints the rows on every page), "A2" the header row."""
    heads = 2 if freeze == "B3" else 1
    return Layout(widths={col - 1: width for col, width in final.items()},
                  freeze=(heads, 1 if freeze == "B3" else 0), autofilter=auto_filter,
                  print_rows=heads)


# (row id, its cells): every notice's count (the heatmap), else [(notice column, cell)] of the
# notices with something to say on the row (``Matrix.pivot_cells``)
PivotRow = tuple[str, list[Any]]


class _PivotSheet:
    """A pivot's sheet: the regions, then the notices' numbers, then a row per theme (or
    department kind) of the pivot's cells. Made in two passes over its rows (``rows()`` gives
    them afresh each time, ``Matrix.pivot_rows``): the first measures the columns, the second
    makes each row as the XML is written. The same sheet as a ``_Sheet`` of those rows, holding
    one row of a wide pivot at a time, not the pivot. A cell that says nothing (empty, of a
    notice silent on the row) is not visited."""

    def __init__(self, name: str, matrix: Matrix, rows: Callable[[], Iterable[PivotRow]],
                 rows_are: str = "themes") -> None:
        self.name = name
        self._pivot_rows = rows
        self.labels = ({r.id: f"{r.zh}\n{r.id}" for r in rows_of(matrix.themes)}
                       if rows_are == "themes" else {})
        # the notices' regions, ids and document numbers, a list each (not a tuple a notice)
        notices = matrix.notice_columns("region", "notice_id", "doc_number")
        self.regions, self.notice_ids = notices.region, notices.notice_id
        self.doc_numbers = notices.doc_number
        self.corner = "主题 theme \\ 通知 notice" if rows_are == "themes" else "部门 kind \\ 通知 notice"
        self.multiline, self.heatmap = name in MULTILINE, name == "presence"

    def _rows(self) -> Iterator[tuple[list[Any], list[str | None], list[int] | None, bool]]:
        """Each row's values, formats, the columns to visit (None: all) and whether it is a
        pivot row (whose values widen their columns, the first excepted) or a header row."""
        head = ["地区 region", *self.regions]
        sub = [self.corner, *(f"{number or ''}\n{notice_id}".strip()
                              for notice_id, number in zip(self.notice_ids, self.doc_numbers,
                                                           strict=True))]
        for values in (head, sub):
            yield values, ["pp-head"] * len(values), None, False
        heat = [f"pp-heat{k}" for k in range(len(HEAT))]
        width = len(self.regions) + 1
        for row_id, cells in self._pivot_rows():
            label = self.labels.get(row_id, row_id)
            if self.heatmap:  # every notice's count
                yield ([label, *cells], ["pp-theme", *(heat[min(max(int(v), 0), len(HEAT) - 1)]
                                                       for v in cells)], None, True)
                continue
            values: list[Any] = [None] * width
            styles: list[str | None] = ["pp-silent"] * width  # silent: the row's grey shows
            values[0], styles[0] = label, "pp-theme"
            present = [0]
            for col, value in cells:  # a notice with tasks on the row: "—" where none says
                if self.multiline and value:
                    value = str(value).replace("; ", "\n")
                values[col + 1] = value if value != "" else NO_VALUE
                styles[col + 1] = "pp-cell"
                present.append(col + 1)
            yield values, styles, present, True

    def laid_out(self, formats: dict[str, int], freeze: str, minimum: int = 10
                 ) -> tuple[Layout, int, int, Iterator[Row]]:
        """The layout, the number of rows, the last column any of them has a cell in, and the
        rows, made one at a time as they are read."""
        widths = {1: 22}
        for k, (region, notice_id) in enumerate(zip(self.regions, self.notice_ids, strict=True),
                                                start=2):
            widths[k] = max(display_width(region), display_width(notice_id))
        silent, by_name = formats["pp-silent"], {**formats, None: 0}
        count, last = 0, -1
        for values, styles, present, measured in self._rows():
            for col in range(1, len(values)) if present is None else present:
                value = values[col]
                if measured and col and value is not None and value != "":
                    widest = _measure(value if type(value) is str else str(value))[1]
                    if widest > widths.get(col + 1, 0):
                        widths[col + 1] = widest
            if count < MAX_ROWS:
                last = max(last, _last_cell(values, styles, present))
            count += 1
        final, room = _widths(widths, minimum)
        layout = _layout(final, freeze, False)

        def rows() -> Iterator[Row]:
            for values, styles, present, _ in self._rows():
                yield _row_of(values, styles, present, silent, by_name, room,
                              lambda col, values=values: _measure(  # type: ignore[misc]
                                  values[col] if type(values[col]) is str else str(values[col]))[0])

        return layout, count, max(last, 0), rows()

    def write(self, wb: Any, formats: dict[str, int], freeze: str, minimum: int = 10) -> None:
        """Into ``wb``: streamed into ``xlsx_writer.Workbook``; another writer (bench/matrix)
        gets the rows as a list."""
        layout, count, last, rows = self.laid_out(formats, freeze, minimum)
        if isinstance(wb, Workbook):
            wb.add_sheet(self.name, layout, *streamed_xml(layout, rows, count, last,
                                                          not wb.sheets))
        else:
            wb.sheet(self.name, layout, list(rows))


def _pivot_source(matrix: Matrix, name: str, rows: int) -> Iterator[PivotRow]:
    """A theme pivot's rows for its sheet: the heatmap's counts whole, the others' cells that
    say something."""
    if name == "presence":
        return ((theme, counts) for theme, counts, _ in matrix.pivot_rows(name, rows))
    return matrix.pivot_cells(name, rows)


def _last_cell(values: list[Any], styles: list[str | None], present: list[int] | None) -> int:
    """The column of a row's last cell, as ``_row_of(...).last()`` finds it (-1: none): one
    with a value, or an empty one whose format shows (not plain, not the row's silent grey)."""
    for col in reversed(range(len(values)) if present is None else present):
        if values[col] is not None or styles[col] not in (None, "pp-plain", "pp-silent"):
            return col
    return -1


Table = Any  # a DataFrame, or a callable giving its parts in order (``Matrix.long_parts``)


def _table_sheet(name: str, frame: Table) -> _TableSheet:
    return _TableSheet(name, frame)


class _TableSheet:
    """A table's sheet: its header, then a row per row of ``frame`` (a DataFrame, or a callable
    that gives the table's parts, each time from the first), every cell plain. Widths are
    measured in a first pass over the cells, and the rows made in a second as the XML is
    written (``xlsx_writer.streamed_xml``): the same sheet as a ``_Sheet`` of those rows, but a
    table of hundreds of thousands of rows is held a part at a time, not as rows."""

    def __init__(self, name: str, frame: Table) -> None:
        import pandas as pd

        self.name = name
        self._parts: Callable[[], Iterable[pd.DataFrame]] = (
            (lambda: [frame]) if isinstance(frame, pd.DataFrame) else frame)
        self.header: list[Any] = []
        self.length = 0  # the rows, counted by each pass

    def _rows(self) -> Iterator[list[Any]]:
        """The header's values, then each row's (None: no cell)."""
        count = 0
        for k, part in enumerate(self._parts()):
            if k == 0:
                self.header = list(part.columns)
                yield list(self.header)
            plain = part.astype(object).where(part.notna(), None)
            columns = [[None if value is None or value == "" else _shown(value)
                        for value in column_values(plain.iloc[:, c])]
                       for c in range(len(plain.columns))]
            del plain
            for values in zip(*columns, strict=True):
                count += 1
                yield list(values)
        self.length = count

    def laid_out(self, formats: dict[str, int], freeze: str, minimum: int = 10,
                 auto_filter: bool = False) -> tuple[Layout, int, int, Iterator[Row]]:
        """What ``_Sheet.laid_out`` gives for the same rows: the layout, then the number of rows,
        the last column any of the first ``MAX_ROWS`` has a cell in, and the rows, made one at a
        time as they are read."""
        widths: dict[int, int] = {}
        last = -1
        for r, values in enumerate(self._rows()):
            for col, value in enumerate(values):
                if value is None:
                    continue
                widest = _measure(value if type(value) is str else str(value))[1]
                if widest > widths.get(col + 1, 0) and value != "":
                    widths[col + 1] = widest
                if r < MAX_ROWS and col > last:
                    last = col
        final, room = _widths(widths, minimum)
        layout = _layout(final, freeze, auto_filter and bool(self.header))
        head, plain = formats["pp-head"], formats["pp-plain"]

        def rows() -> Iterator[Row]:
            for r, values in enumerate(self._rows()):
                fmt = head if r == 0 else plain
                lines = 1
                shown = [0] * len(values)  # 0: no cell, as for an empty plain cell
                for col, value in enumerate(values):
                    if value is None:
                        continue
                    shown[col] = fmt
                    parts = _measure(value if type(value) is str else str(value))[0]
                    lines = _lines(parts, room[col] if col < len(room) else 0, lines)
                yield Row(16 * min(lines, 30), values, shown, 0, None)

        return layout, self.length + 1, max(last, 0), rows()

    def xml(self, formats: dict[str, int], freeze: str, minimum: int = 10,
            auto_filter: bool = False, first: bool = False) -> tuple[Layout, str, Iterator[bytes]]:
        """The sheet's layout, used range and XML in pieces (``xlsx_writer.streamed_xml``)."""
        layout, count, last, rows = self.laid_out(formats, freeze, minimum, auto_filter)
        extent, pieces = streamed_xml(layout, rows, count, last, first)
        return layout, extent, pieces

    def write(self, wb: Any, formats: dict[str, int], freeze: str, minimum: int = 10,
              auto_filter: bool = False) -> None:
        """Into ``wb``: streamed into ``xlsx_writer.Workbook``; another writer (bench/matrix)
        gets the rows as a list."""
        if isinstance(wb, Workbook):
            wb.add_sheet(self.name, *self.xml(formats, freeze, minimum, auto_filter,
                                              first=not wb.sheets))
        else:
            layout, _, _, rows = self.laid_out(formats, freeze, minimum, auto_filter)
            wb.sheet(self.name, layout, list(rows))


def _shown(value: Any) -> Any:
    """A boolean one way in every sheet: 是 / 否 (numpy's and Python's alike)."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "是" if value else "否"
    return value


def _legend_sheet(matrix: Matrix, shown: int | None = None, kinds: int | None = None) -> _Sheet:
    """Sheets, colours and themes explained; ``shown``, ``kinds``: the rows the theme pivots and
    the roles sheet hold."""
    from ..stages.themes import load_taxonomy

    sheet = _Sheet("legend", widths={1: 22, 2: 40, 3: 30, 4: 14, 5: 60})
    rows: list[list[Any]] = [["sheet 工作表", "what 内容"]]
    rows += [[name, text] for name, text in SHEETS.items()]
    if len(matrix.notice_rows) > MAX_COLS - 1:  # Excel's last column: the pivots stop there
        rows += [["!", f"透视表只列出前 {MAX_COLS - 1} 份通知（Excel 的列数上限），长表和 matrix.csv 列出全部 "
                       f"{len(matrix.notice_rows)} 份 · the pivot sheets show the first {MAX_COLS - 1} "
                       "notices (Excel's column limit); the long sheet and matrix.csv have them all"]]
    if shown is not None and shown < len(matrix.themes):
        rows += [["!", f"主题透视表只列出前 {shown} 行（全部分类主题，再按覆盖通知数排列的措施），长表和 "
                       f"matrix.csv 列出全部 {len(matrix.themes)} 行 · the theme pivots show the first "
                       f"{shown} rows (every taxonomy theme, then the measures spanning the most "
                       "notices); the long sheet and matrix.csv have them all"]]
    if kinds is not None and kinds < len(matrix.kind_order):
        rows += [["!", f"roles 只列出牵头任务最多的前 {kinds} 类部门（共 "
                       f"{len(matrix.kind_order)} 类） · the roles sheet shows the {kinds} "
                       "department kinds that lead the most tasks"]]
    rows += [[], ["colour 颜色", "presence 热力图"], ["F2F2F2", "0: 未涉及 silent (grey in every sheet)"]]
    rows += [[HEAT[k], f"{k}{'+' if k == len(HEAT) - 1 else ''} task(s)"] for k in range(1, len(HEAT))]
    rows += [[NO_VALUE, "涉及该主题，但任务未写明此项 · addressed, but the tasks state no such value"]]
    rows += [[], ["theme id", "中文", "English", "field", "keywords 关键词"]]
    keywords = {t.id: "、".join(t.keywords) for t in load_taxonomy().themes}
    rows += [[r.id, r.zh, r.en, r.field, keywords.get(r.id, "")] for r in rows_of(matrix.themes)]
    for row in rows:
        head = bool(row) and row[0] in ("sheet 工作表", "colour 颜色", "theme id")
        cells: list[Cell] = [(value, "pp-head" if head else "pp-plain") for value in row]
        if row and isinstance(row[0], str) and row[0] in HEAT:
            cells[0] = (row[0], f"pp-heat{HEAT.index(row[0])}")
        sheet.add(cells, measure=False)
    return sheet


AHEAD = "long"  # the largest sheet: another process may make it while this one makes the rest
Ahead = Callable[[], tuple[Layout, str, Iterable[bytes]] | None]


def render_ahead(matrix: Matrix, file: BinaryIO) -> tuple[Layout, str]:
    """The ``AHEAD`` sheet's XML written into ``file``, and its layout and used range: what
    ``workbook_bytes`` writes for it, for ``Workbook.add_sheet`` in the process that writes the
    workbook."""
    scratch = Workbook("policy-pipeline", FIXED_TIME)  # the format indices every workbook has
    formats = _formats(scratch)
    scratch.abandon()
    layout, extent, pieces = _table_sheet(AHEAD, matrix.long_parts).xml(
        formats, "A2", auto_filter=True, first=False)  # the pivots come before it
    for piece in pieces:
        file.write(piece)
    return layout, extent


def write_workbook(matrix: Matrix, file: BinaryIO, ahead: Ahead | None = None,
                   cells: int | None = None) -> None:
    """The workbook written into ``file`` (seekable, binary) as it is made: the same bytes as
    ``workbook_bytes``, without holding the archive in memory."""
    book = Workbook("policy-pipeline", FIXED_TIME, file)
    try:
        workbook_bytes(matrix, book, ahead, cells)
    except BaseException:
        book.abandon()
        raise


def workbook_bytes(matrix: Matrix, book: Any = None, ahead: Ahead | None = None,
                   cells: int | None = None) -> bytes:
    """The workbook as bytes (written atomically by the caller): sheets built one at a time and
    streamed into the archive; the same bytes for the same matrix (fixed dates). ``book``: the
    writer (``xlsx_writer.Workbook`` by default; ``bench/matrix`` passes others to compare).
    ``ahead``: when the ``AHEAD`` sheet's turn comes, its layout, range and XML made by another
    process (``render_ahead``), or None, and it is made here. ``cells``: the most cells a theme
    pivot holds (``Matrix.shown``; None: every row)."""
    wb = book if book is not None else Workbook("policy-pipeline", FIXED_TIME)
    formats = _formats(wb)
    columns = min(len(matrix.notice_rows), MAX_COLS - 1)  # the notices the pivot sheets show
    rows = matrix.shown(cells, columns)
    for name in VIEWS:  # each pivot made a row at a time, twice (Matrix.pivot_cells)
        _PivotSheet(name, matrix, lambda name=name: _pivot_source(matrix, name, rows)).write(
            wb, formats, "B3", minimum=12)
        release()  # what a sheet's rows freed, back to the system before the next is made
    kinds = matrix.shown_kinds(cells, columns)
    _PivotSheet("roles", matrix, lambda: matrix.role_cells_shown(kinds), rows_are="kinds").write(
        wb, formats, "B3", minimum=12)
    _table_sheet("timeline", matrix.timeline_frames).write(wb, formats, "A2", auto_filter=True)
    release()
    made = ahead() if ahead is not None else None
    if made is None:
        _table_sheet(AHEAD, matrix.long_parts).write(wb, formats, "A2", auto_filter=True)
    else:
        wb.add_sheet(AHEAD, *made)
    _table_sheet("notices", matrix.notice_rows.frames).write(wb, formats, "A2", auto_filter=True)
    _legend_sheet(matrix, rows, kinds).write(wb, formats, "A2")
    return wb.close()  # type: ignore[no-any-return]
