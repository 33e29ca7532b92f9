"""matrix.xlsx: openpyxl reads every view back; frozen panes, widths, wrapping; LibreOffice converts it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pipeline.compare import compare, load_notices
from pipeline.export.xlsx import display_width, heat_colour

PIVOTS = ["presence", "tasks", "windows", "deadlines", "departments", "targets"]


@pytest.fixture(scope="module")
def workbook(corpus_out: Path) -> Any:
    from openpyxl import load_workbook

    return load_workbook(corpus_out / "matrix.xlsx")


@pytest.fixture(scope="module")
def matrix(corpus_out: Path) -> Any:
    return compare(load_notices(corpus_out / "notices"))


def shown_fill(ws: Any, row: int, column: int) -> str:
    """The fill a cell shows: its own, or its row's when it was not written (an empty silent
    cell takes its row's format, in Excel and LibreOffice alike)."""
    cell = ws.cell(row, column)
    if cell.has_style:
        return str(cell.fill.fgColor.rgb)
    return str(ws.row_dimensions[row].fill.fgColor.rgb)


def test_one_sheet_per_view_and_a_legend(workbook: Any) -> None:
    assert workbook.sheetnames == [*PIVOTS, "roles", "timeline", "long", "notices", "legend"]


def test_sheets_print_on_a4_with_their_headers(workbook: Any) -> None:
    for ws in workbook.worksheets:
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.print_title_rows in ("$1:$1", "$1:$2")


def test_roles_and_timeline_sheets(workbook: Any, matrix: Any) -> None:
    roles = workbook["roles"]
    kinds = [row[0] for row in roles.iter_rows(min_row=3, values_only=True)]
    assert kinds[0] == "民政"  # the kind that leads or is named most
    cells = [c for row in roles.iter_rows(min_row=3, values_only=True) for c in row[1:] if c]
    assert any("负责" in c for c in cells) and all(isinstance(c, str) for c in cells)
    dates = [row[0] for row in workbook["timeline"].iter_rows(min_row=2, values_only=True)]
    assert dates == sorted(dates) and len(dates) == len(matrix.timeline)


def test_booleans_show_one_way(workbook: Any) -> None:
    long = workbook["long"]
    head = [c.value for c in long[1]]
    column = head.index("open_ended")
    values = {row[column] for row in long.iter_rows(min_row=2, values_only=True)}
    assert values <= {"是", "否", None} and values & {"是", "否"}


def test_pivot_sheets_frame(workbook: Any, matrix: Any) -> None:
    for name in PIVOTS:
        ws = workbook[name]
        assert ws.freeze_panes == "B3", name
        assert ws.max_row == 2 + len(matrix.themes), name
        assert ws.max_column == 1 + len(matrix.notices), name
        regions = [ws.cell(1, k).value for k in range(2, ws.max_column + 1)]
        assert regions == list(matrix.notices["region"])
        assert ws.cell(3, 1).value.split("\n")[1] == matrix.themes["id"][0]
        assert all(ws.column_dimensions[c].width >= 12 for c in "BCDEF")
        written = next(c for c in ws[3][1:] if c.has_style)
        assert written.alignment.wrap_text
        if ws.row_dimensions[3].s:  # silent cells left to the row's format: it wraps too
            assert ws.row_dimensions[3].alignment.wrap_text


def test_presence_sheet_matches_the_matrix(workbook: Any, matrix: Any) -> None:
    ws = workbook["presence"]
    for i, theme in enumerate(matrix.themes["id"], start=3):
        for k, column in enumerate(matrix.presence.columns, start=2):
            count = matrix.presence.loc[theme, column]
            assert ws.cell(i, k).value == count
            assert shown_fill(ws, i, k).endswith(heat_colour(count))


def test_text_sheets_mark_silence_and_missing_values(workbook: Any, matrix: Any) -> None:
    ws = workbook["targets"]
    column = list(matrix.presence.columns).index(("吉林省", "jilin-2020-plan")) + 2
    row = list(matrix.themes["id"]).index("safety_standard") + 3
    assert "≥60%" in ws.cell(row, column).value
    silent = list(matrix.presence.columns).index(("吉林省", "jilin-2019-proposal-reply")) + 2
    assert ws.cell(row, silent).value is None
    assert not ws.cell(row, silent).has_style  # not written: its row's grey shows
    assert shown_fill(ws, row, silent).endswith("F2F2F2")
    addressed = [c for c in ws[row][1:] if c.value]
    assert addressed and all(not c.fill.fgColor.rgb.endswith("F2F2F2") for c in addressed)
    epidemic = list(matrix.themes["id"]).index("epidemic_control") + 3  # a task, but no target
    assert ws.cell(epidemic, column).value == "—"


def test_long_sheet_is_the_csv(workbook: Any, matrix: Any) -> None:
    ws = workbook["long"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref
    assert [c.value for c in ws[1]] == list(matrix.long.columns)
    assert ws.max_row == len(matrix.long) + 1
    legend = workbook["legend"]
    values = {c.value for row in legend.iter_rows() for c in row if c.value}
    assert {"presence", "fire_safety", "消防安全"} <= values


def test_display_width_counts_cjk_double() -> None:
    assert display_width("消防") == 4
    assert display_width("ab") == 2


def test_libreoffice_converts_it_to_pdf(corpus_out: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by make test (libreoffice-calc-nogui)"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(corpus_out / "matrix.xlsx")],
        capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "matrix.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stdout + result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          timeout=60).stdout
    assert "消防安全" in text and "镇江市" in text
    # every page is A4 (landscape): 842 x 595 points
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True,
                          text=True, timeout=60).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert sizes and all({round(float(w)), round(float(h))} == {842, 595} for w, h in sizes)


def test_the_legend_says_when_the_pivots_stop_at_excels_last_column(
        matrix: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from openpyxl import load_workbook

    import pipeline.export.xlsx as xlsx

    def legend() -> list[Any]:
        book = load_workbook(io.BytesIO(xlsx.workbook_bytes(matrix)))
        return [row[1] for row in book["legend"].iter_rows(values_only=True) if row[0] == "!"]

    assert legend() == []
    monkeypatch.setattr(xlsx, "MAX_COLS", 3)  # as if the matrix had more notices than Excel's columns
    (note,) = legend()
    assert "first 2 notices" in note and f"{len(matrix.notices)} 份" in note


def test_written_into_a_file_as_in_memory(matrix: Any, tmp_path: Any) -> None:
    # a run writes matrix.xlsx straight into its file; the archive is the same, byte for byte
    import pipeline.export.xlsx as xlsx

    path = tmp_path / "m.xlsx"
    with open(path, "wb") as fh:
        xlsx.write_workbook(matrix, fh)
    assert path.read_bytes() == xlsx.workbook_bytes(matrix)


def test_a_workbook_that_fails_to_write_is_let_go(matrix: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # a full disk mid-workbook: the error reaches the caller (who removes the file), and the
    # archive is closed then, not later by the garbage collector on a closed file
    import errno
    import gc
    import io
    import sys

    import pipeline.export.xlsx as xlsx

    class Full(io.BytesIO):
        def write(self, data: Any) -> int:
            if self.tell() > 2000:
                raise OSError(errno.ENOSPC, "No space left on device")
            return super().write(data)

    unraised: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", unraised.append)
    fh = Full()
    with pytest.raises(OSError):
        xlsx.write_workbook(matrix, fh)
    fh.close()
    gc.collect()
    assert unraised == []


def test_the_theme_pivots_hold_the_rows_that_fit_and_the_legend_says_so(corpus_out: Path) -> None:
    import io

    from openpyxl import load_workbook

    from pipeline.export.xlsx import VIEWS, workbook_bytes

    m = compare(load_notices(corpus_out / "notices"), grouping="measures")
    whole = load_workbook(io.BytesIO(workbook_bytes(m)))
    bounded = load_workbook(io.BytesIO(workbook_bytes(m, cells=2 * len(m.notices))))
    for name in VIEWS:
        rows = list(bounded[name].iter_rows(values_only=True))
        assert len(rows) == 2 + 2  # two header rows, two theme rows
        assert rows == list(whole[name].iter_rows(values_only=True))[:4]
    assert bounded["long"].max_row == whole["long"].max_row == len(m.long) + 1
    notes = [row[1] for row in bounded["legend"].iter_rows(values_only=True) if row[0] == "!"]
    assert "first 2 rows" in notes[0] and f"全部 {len(m.themes)} 行" in notes[0]
    assert len(notes) == 2 and "department kinds" in notes[1]  # the roles sheet is bounded too
    assert not [row for row in whole["legend"].iter_rows(values_only=True) if row[0] == "!"]
