"""pipeline.export.xlsx_writer: what it writes, read back by openpyxl (a reader it did not write)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

import pytest
from openpyxl import load_workbook

from pipeline.export.xlsx_writer import (
    MAX_COLS,
    Format,
    Layout,
    Row,
    Workbook,
    column_letters,
    column_width,
    row_height,
)


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"),
                                                 (702, "AAA"), (16383, "XFD")])
def test_column_letters(index: int, letters: str) -> None:
    assert column_letters(index) == letters


@pytest.mark.parametrize(("characters", "stored"), [(24, "24.7109375"), (12, "12.7109375"),
                                                     (48, "48.7109375"), (0, "0")])
def test_column_widths_follow_excels_pixel_rounding(characters: float, stored: str) -> None:
    assert column_width(characters) == stored


@pytest.mark.parametrize(("points", "stored"), [(16, "15.75"), (32, "32.25"), (48, "48"), (15, "15")])
def test_row_heights_follow_excels_pixel_rounding(points: float, stored: str) -> None:
    assert row_height(points) == stored


def _book(rows: list[Row], name: str = "s 1", layout: Layout | None = None) -> bytes:
    wb = Workbook("tester", datetime(2000, 1, 1))
    wb.sheet(name, layout or Layout(widths={0: 20}, freeze=(1, 1), autofilter=True, print_rows=1),
             rows)
    return wb.close()


def test_values_formats_and_layout_read_back() -> None:
    wb = Workbook("tester", datetime(2000, 1, 1))
    head = wb.add_format(Format(bold=True, fill="DDE4EE", border="BFBFBF", align="center",
                                valign="center", wrap=True))
    grey = wb.add_format(Format(fill="F2F2F2", border="BFBFBF", valign="top", wrap=True))
    assert wb.add_format(Format(bold=True, fill="DDE4EE", border="BFBFBF", align="center",
                                valign="center", wrap=True)) == head  # registered once
    text = "a < b & c > d\n第二行 \x01 ctrl"
    wb.sheet("it's", Layout(widths={0: 30, 1: 12, 2: 12}, freeze=(2, 1), autofilter=True,
                            print_rows=2), [
        Row.of(16, [(0, "地区", head), (1, "=SUM(A1)", head), (2, 3, head)]),
        Row.of(32, [(0, text, 0), (1, 2.5, 0), (2, None, head)]),
        Row.of(16, [(0, " lead", 0)], format=grey),
        Row.of(16, []),
    ])
    data = wb.close()
    book = load_workbook(io.BytesIO(data))
    ws = book["it's"]
    assert ws["A1"].value == "地区" and ws["A1"].font.b and ws["A1"].fill.fgColor.rgb == "FFDDE4EE"
    assert ws["B1"].value == "=SUM(A1)" and ws["B1"].data_type == "s"  # text, never a formula
    assert ws["C1"].value == 3 and ws["B2"].value == 2.5
    # a control character XML cannot hold is written as Excel's escape (openpyxl shows it so)
    assert ws["A2"].value == "a < b & c > d\n第二行 _x0001_ ctrl"
    assert ws["C2"].value is None and ws["C2"].border.left.style == "thin"
    assert ws["A3"].value == " lead"  # leading space kept
    assert ws.row_dimensions[3].fill.fgColor.rgb == "FFF2F2F2"
    assert ws.row_dimensions[2].height == 32.25 and ws.column_dimensions["A"].width == 30.7109375
    assert ws.freeze_panes == "B3" and ws.auto_filter.ref == "A1:C4"  # every row given
    assert str(ws.print_title_rows) == "$1:$2"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0


def test_the_same_content_gives_the_same_bytes() -> None:
    rows = [Row.of(16, [(0, "x", 0), (1, 1, 0)]), Row.of(16, [(0, "y", 0)])]
    assert _book(rows) == _book(rows)
    names = zipfile.ZipFile(io.BytesIO(_book(rows))).namelist()
    assert "xl/worksheets/sheet1.xml" in names and "[Content_Types].xml" in names


def test_a_written_sheet_keeps_no_column_widths() -> None:
    # the workbook remembers of a written sheet what its own parts need (name, filter, print
    # titles), not a width per column (a pivot of 16,383 notices' columns, for every sheet)
    wb = Workbook("tester", datetime(2000, 1, 1))
    wide = Layout(widths={k: 12 for k in range(500)}, autofilter=True, print_rows=1)
    wb.sheet("wide", wide, [Row.of(16, [(k, k, 0) for k in range(500)])])
    assert wb.sheets[0][1].widths == {} and wb.sheets[0][1].print_rows == 1
    assert len(wide.widths) == 500  # the caller's layout untouched
    ws = load_workbook(io.BytesIO(wb.close()))["wide"]
    widths = ws.column_dimensions["A"]  # the 500 equal widths written as one range
    assert (widths.min, widths.max) == (1, 500) and widths.width > 12
    assert ws.auto_filter.ref == "A1:SF1" and str(ws.print_title_rows) == "$1:$1"


def test_cells_past_excels_last_column_are_not_written() -> None:
    row = Row.of(16, [(k, k, 0) for k in range(MAX_COLS - 2, MAX_COLS + 3)])
    ws = load_workbook(io.BytesIO(_book([row], layout=Layout(widths={})))).active
    assert ws.max_column == MAX_COLS and ws.cell(1, MAX_COLS).value == MAX_COLS - 1


def test_a_large_sheet_streams() -> None:
    rows = [Row.of(16, [(c, f"行{r}列{c}", 0) for c in range(10)]) for r in range(5_000)]
    ws = load_workbook(io.BytesIO(_book(rows)), read_only=True)["s 1"]
    last = next(ws.iter_rows(min_row=5_000, max_row=5_000, values_only=True))
    assert last[9] == "行4999列9"


def test_a_row_that_names_its_cells_is_written_as_the_same_row_in_full() -> None:
    # a wide pivot row lists the columns that have a cell (Row.cells), so its empty columns
    # are not visited: the sheet is the same, past Excel's last column too
    wide = MAX_COLS + 3
    cells = [(0, "主题", 1), (5, None, 2), (MAX_COLS - 1, "last", 0), (MAX_COLS + 1, "past", 0)]
    dense = Row.of(16, cells)
    values = [None] * wide
    formats = [0] * wide
    for col, value, fmt in cells:
        values[col], formats[col] = value, fmt
    sparse = Row(16, values, formats, cells=[col for col, _, _ in cells])
    grey = Row(16, [None] * wide, [0] * wide, format=3, cells=[])
    assert sparse.last() == dense.last() and grey.last() == Row.of(16, [], 3).last()
    assert _book([sparse, grey]) == _book([dense, Row.of(16, [], 3)])


@pytest.mark.parametrize("piece", [1, 700, 1 << 20])
def test_a_sheet_is_the_same_bytes_however_its_xml_is_cut(monkeypatch: pytest.MonkeyPatch,
                                                          piece: int) -> None:
    # rows are joined into one write until _BATCH rows or _PIECE_CHARS characters (a wide pivot
    # row is hundreds of kilobytes of XML): the pieces joined are the sheet, and the archive's
    # bytes do not depend on where they were cut
    import pipeline.export.xlsx_writer as writer
    from pipeline.export.xlsx_writer import streamed_xml

    rows = [Row.of(16, [(c, f"行{r}列{c}" if c % 3 else r * c, c % 2) for c in range(40)])
            for r in range(60)] + [Row.of(16, [])] * 3 + [Row.of(16, [(0, "末", 0)])]
    whole = _book(rows)
    layout = Layout(widths={0: 12})
    joined = b"".join(streamed_xml(layout, iter(rows), len(rows), 39, True)[1])
    monkeypatch.setattr(writer, "_PIECE_CHARS", piece)
    pieces = list(streamed_xml(layout, iter(rows), len(rows), 39, True)[1])
    assert b"".join(pieces) == joined
    assert len(pieces) > 3 if piece < 1000 else len(pieces) == 3
    assert _book(rows) == whole


@pytest.mark.parametrize("wide", [1, 7, 40, 2048])
def test_a_wide_row_is_written_in_pieces_and_the_sheet_is_the_same(monkeypatch: pytest.MonkeyPatch,
                                                                   wide: int) -> None:
    # a row of more than _WIDE_CELLS cells (a pivot's header row has one a notice) is written a
    # _WIDE_CELLS cells at a time, not joined whole: the pieces joined are the same sheet, dense,
    # sparse and grey rows alike, and so is the archive
    import pipeline.export.xlsx_writer as writer
    from pipeline.export.xlsx_writer import streamed_xml

    dense = [Row.of(16, [(c, f"行{r}列{c}" if c % 3 else r * c, c % 2) for c in range(40)])
             for r in range(5)]
    cells = [(c, f"格{c}", 1) for c in range(0, 40, 3)]
    values: list[Any] = [None] * 40
    formats = [0] * 40
    for col, value, fmt in cells:
        values[col], formats[col] = value, fmt
    sparse = Row(16, values, formats, cells=[col for col, _, _ in cells])
    grey = Row(16, [None] * 40, [0] * 40, format=3, cells=[])
    rows = [dense[0], sparse, Row.of(16, []), grey, *dense[1:]]
    layout = Layout(widths={0: 12})
    whole = _book(rows)
    joined = b"".join(streamed_xml(layout, iter(rows), len(rows), 39, True)[1])
    monkeypatch.setattr(writer, "_WIDE_CELLS", wide)
    pieces = list(streamed_xml(layout, iter(rows), len(rows), 39, True)[1])
    assert b"".join(pieces) == joined
    if wide < 40:  # each wide row's cells in pieces of at most ``wide``, its tags apart
        assert max(piece.count(b"<c ") for piece in pieces) <= wide
        assert len(pieces) > len(rows)
    else:
        assert len(pieces) == 3  # head, the rows joined, tail
    assert _book(rows) == whole
