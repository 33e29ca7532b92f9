"""A small streaming XLSX writer: the parts of SpreadsheetML that ``matrix.xlsx`` uses, and no more.

Cells (inline strings, numbers, styled blanks), row heights and row formats, column widths,
frozen panes, an autofilter, print titles, A4 landscape fitted to the page width, and cell
formats (bold, fill, thin border, alignment, wrap). Each sheet's XML is streamed into the zip as
its rows come, so memory holds one batch of rows, not the sheet.

Why not XlsxWriter (which wrote this workbook before): on the development corpus's matrix
(103,000 cells) it spent 1.5 s of CPU in its per-cell machinery, half of everything a run did
after its last document. Building each row as one string here writes the same workbook (same
cells, formats, widths, heights, panes, print setup) with about a third of the CPU, sheet
building included: 1.12 s against 3.94 s at 1,000 notices, 6.1 s against 17.1 s at 101,000 rows
(``bench/matrix`` measures both, and openpyxl's write-only mode). Sizes follow Excel's
conventions as XlsxWriter applies them: a column ``w`` characters wide is ``int(7w + 0.5) + 5``
pixels, stored in 1/256 character units; a row ``h`` points high is ``int(h * 4/3 + 0.5)``
pixels, stored as pixels * 0.75 points. The archive is the same bytes for the same content
(fixed dates, fixed order).
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import islice
from numbers import Number
from typing import Any, BinaryIO

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAX_ROWS, MAX_COLS = 1_048_576, 16_384  # Excel's limits: cells beyond them are not written
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BATCH = 500  # rows joined into one write
# ... or fewer, once they hold this many characters: a pivot row of 6,000 notices is 200 KB of
# XML, and 166 of them joined at once held 35 MB of text and as much again encoded
_PIECE_CHARS = 1 << 20
# A row of more cells than this is written in pieces of this many cells, not joined whole: a
# pivot's header row of 16,383 notices is 1.5 MB of XML, held as a string a cell, then joined,
# then joined with its batch, then encoded (the parent's peak at 20,000 notices)
_WIDE_CELLS = 2048


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


_LETTERS = [column_letters(k) for k in range(MAX_COLS)]


def escape(text: str) -> str:
    """Text for an XML element: &, <, > escaped; characters XML cannot hold (controls) written
    as Excel's ``_xHHHH_``."""
    if not _NEEDS_ESCAPE.search(text):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _attr(text: str) -> str:
    return escape(text).replace('"', "&quot;")


def column_width(characters: float) -> str:
    pixels = 0 if characters <= 0 else (int(characters * 12 + 0.5) if characters < 1
                                         else int(characters * 7 + 0.5) + 5)
    return f"{(pixels * 256 // 7) / 256.0:.16g}"


def row_height(points: float) -> str:
    return f"{int(points * 4.0 / 3.0 + 0.5) * 0.75:.16g}"


@dataclass(frozen=True)
class Format:
    bold: bool = False
    fill: str | None = None  # RGB hex, e.g. "DDE4EE"
    border: str | None = None  # thin border on every side, RGB hex
    align: str | None = None  # horizontal: center
    valign: str | None = None  # vertical: top | center
    wrap: bool = False


@dataclass
class Layout:
    """How a sheet shows and prints."""

    widths: dict[int, float]  # 0-based column -> width in characters
    freeze: tuple[int, int] = (0, 0)  # rows, columns frozen
    autofilter: bool = False  # over every written cell, its first row the header
    print_rows: int = 0  # the first N rows repeated on every printed page
    landscape: bool = True
    paper: int = 9  # A4
    fit_width: int = 1  # pages wide; the height is free


class Workbook:
    """Sheets are written one after the other (``sheet``); ``close`` gives the archive's bytes,
    or writes it into ``file`` (a seekable binary file) and gives ``b""``."""

    def __init__(self, author: str, created: datetime, file: BinaryIO | None = None) -> None:
        self.author = author
        self.created = created
        self.formats: list[Format] = [Format()]
        self.sheets: list[tuple[str, Layout, str]] = []  # name, layout, used range
        self._buffer = io.BytesIO() if file is None else None
        self._zip = zipfile.ZipFile(self._buffer if file is None else file, "w",
                                    zipfile.ZIP_DEFLATED)

    def abandon(self) -> None:
        """Let go of a workbook whose writing failed: the archive is closed while its file still
        is open (the caller removes the file), never later by the garbage collector."""
        with contextlib.suppress(Exception):
            self._zip.close()

    def add_format(self, fmt: Format) -> int:
        """The cell format's index (``s``), registered once."""
        if fmt not in self.formats:
            self.formats.append(fmt)
        return self.formats.index(fmt)

    def _part(self, name: str, text: str) -> None:
        info = zipfile.ZipInfo(name, _ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(info, text.encode("utf-8"))

    def sheet(self, name: str, layout: Layout, rows: Sequence[Row]) -> None:
        """A sheet of ``rows`` (row k of the list is the sheet's row k), streamed into the
        archive. A cell's value None is a blank that shows its format; a string is text (never
        a formula); a number is a number."""
        extent, pieces = sheet_xml(layout, rows, first=not self.sheets)
        self.add_sheet(name, layout, extent, pieces)

    def add_sheet(self, name: str, layout: Layout, extent: str, pieces: Iterable[bytes]) -> None:
        """A sheet whose XML is made already (``sheet_xml``, perhaps by another process)."""
        # what the workbook's own parts need of it (its name, filter and print titles), not its
        # widths: a pivot sheet has a width a notice, held for every sheet until ``close``
        self.sheets.append((name, replace(layout, widths={}), extent))
        info = zipfile.ZipInfo(f"xl/worksheets/sheet{len(self.sheets)}.xml", _ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with self._zip.open(info, "w") as fh:
            for piece in pieces:
                fh.write(piece)

    def close(self) -> bytes:
        """The workbook's parts around the sheets, and the archive's bytes."""
        self._part("xl/workbook.xml", _workbook_xml(self.sheets))
        self._part("xl/styles.xml", _styles_xml(self.formats))
        self._part("xl/_rels/workbook.xml.rels", _rels([
            *((f"rId{k}", f"{REL}/worksheet", f"worksheets/sheet{k}.xml")
              for k in range(1, len(self.sheets) + 1)),
            (f"rId{len(self.sheets) + 1}", f"{REL}/styles", "styles.xml")]))
        self._part("docProps/core.xml", _core_xml(self.author, self.created))
        self._part("docProps/app.xml", _app_xml([name for name, _, _ in self.sheets]))
        self._part("_rels/.rels", _rels([
            ("rId1", f"{REL}/officeDocument", "xl/workbook.xml"),
            ("rId2", f"{PKG_REL}/metadata/core-properties", "docProps/core.xml"),
            ("rId3", f"{REL}/extended-properties", "docProps/app.xml")]))
        self._part("[Content_Types].xml", _content_types(len(self.sheets)))
        self._zip.close()
        return self._buffer.getvalue() if self._buffer is not None else b""


def sheet_xml(layout: Layout, rows: Sequence[Row], first: bool) -> tuple[str, Iterator[bytes]]:
    """A sheet's used range and its XML in pieces (rows joined ``_BATCH`` at a time, or fewer
    when they hold ``_PIECE_CHARS`` characters); ``first``:
    the workbook's first sheet, the one selected when it opens. A sheet's XML depends on nothing
    else of the workbook (strings are inline, formats are indices), so any process can make it."""
    rows = rows[:MAX_ROWS]
    last_col = max(max((r.last() for r in rows), default=0), 0)
    return streamed_xml(layout, iter(rows), len(rows), last_col, first)


def streamed_xml(layout: Layout, rows: Iterator[Row], count: int, last_col: int, first: bool
                 ) -> tuple[str, Iterator[bytes]]:
    """``sheet_xml`` of rows made one at a time as the XML is written, so that a sheet of
    hundreds of thousands of rows is never held: ``count`` of them (at most ``MAX_ROWS`` are
    taken), ``last_col`` the last 0-based column any of them has a cell in, both known before."""
    count = min(count, MAX_ROWS)
    last_col = min(last_col, MAX_COLS - 1)
    extent = f"A1:{_LETTERS[last_col]}{count}" if count else "A1"

    def pieces() -> Iterator[bytes]:
        yield _sheet_head(layout, extent, first).encode("utf-8")
        batch: list[str] = []
        size = 0
        for r, row in enumerate(islice(rows, count)):
            shown = row.format or row.last() >= 0  # none for an empty row
            if shown and len(row.cells if row.cells is not None else row.values) > _WIDE_CELLS:
                if batch:
                    yield "".join(batch).encode("utf-8")
                    batch, size = [], 0
                parts = _row_parts(r, row)
                while chunk := list(islice(parts, _WIDE_CELLS)):
                    yield "".join(chunk).encode("utf-8")
            elif shown:
                batch.append(_row(r, row))
                size += len(batch[-1])
            if len(batch) >= _BATCH or size >= _PIECE_CHARS:
                yield "".join(batch).encode("utf-8")
                batch, size = [], 0
        if batch:
            yield "".join(batch).encode("utf-8")
        yield _sheet_tail(layout, extent).encode("utf-8")

    return extent, pieces()


@dataclass
class Row:
    height: float  # points
    values: list[Any]  # the row's cells by 0-based column
    formats: list[int]  # each cell's format; a None value with format 0 is no cell at all
    format: int = 0  # the row's own format (what its unwritten cells show); 0 = none
    # the columns that have a cell (a value or a format), ascending, when the maker knows them:
    # a wide row of a few cells is then written without visiting its empty columns
    cells: list[int] | None = None

    @classmethod
    def of(cls, height: float, cells: Iterable[tuple[int, Any, int]], format: int = 0) -> Row:
        """A row from (column, value, format) cells."""
        cells = list(cells)
        width = max((col for col, _, _ in cells), default=-1) + 1
        values: list[Any] = [None] * width
        formats = [0] * width
        for col, value, fmt in cells:
            values[col], formats[col] = value, fmt
        return cls(height, values, formats, format)

    def last(self) -> int:
        """The column of its last cell (-1: none)."""
        if self.cells is not None:
            return self.cells[-1] if self.cells else -1
        for col in range(len(self.values) - 1, -1, -1):
            if self.values[col] is not None or self.formats[col]:
                return col
        return -1

    def columns(self) -> Iterable[int]:
        """The columns to visit for its cells, ascending, up to Excel's last."""
        if self.cells is not None:
            return (col for col in self.cells if col < MAX_COLS)
        return range(min(len(self.values), MAX_COLS))


def _row(r: int, row: Row) -> str:
    return "".join(_row_parts(r, row))


def _row_parts(r: int, row: Row) -> Iterator[str]:
    """A row's XML: its opening tag, a piece a cell, its closing tag."""
    number = r + 1
    attrs = f' s="{row.format}" customFormat="1"' if row.format else ""
    yield f'<row r="{number}"{attrs} ht="{row_height(row.height)}" customHeight="1">'
    values, formats = row.values, row.formats
    for col in row.columns():
        value, fmt = values[col], formats[col]
        if value is None:
            if fmt:
                yield f'<c r="{_LETTERS[col]}{number}" s="{fmt}"/>'
            continue
        head = f'<c r="{_LETTERS[col]}{number}" s="{fmt}"' if fmt else f'<c r="{_LETTERS[col]}{number}"'
        kind = type(value)
        if kind is str:
            space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
            yield f'{head} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'
        elif kind is int or (kind is float and math.isfinite(value)) or (
                isinstance(value, Number) and not isinstance(value, bool) and _finite(value)):
            yield f"{head}><v>{_number(value)}</v></c>"
        else:
            yield f'{head} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'
    yield "</row>"


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(value)
    except (TypeError, ValueError):
        return False


def _number(value: Any) -> str:
    if isinstance(value, int):
        return str(value)
    return f"{float(value):.16g}"


def _sheet_head(layout: Layout, extent: str, first: bool) -> str:
    rows, cols = layout.freeze
    selected = ' tabSelected="1"' if first else ""
    if rows and cols:
        corner = f"{_LETTERS[cols]}{rows + 1}"
        pane = (f'<pane xSplit="{cols}" ySplit="{rows}" topLeftCell="{corner}" '
                f'activePane="bottomRight" state="frozen"/>'
                f'<selection pane="topRight" activeCell="{_LETTERS[cols]}1" sqref="{_LETTERS[cols]}1"/>'
                f'<selection pane="bottomLeft" activeCell="A{rows + 1}" sqref="A{rows + 1}"/>'
                '<selection pane="bottomRight"/>')
    elif rows:
        pane = (f'<pane ySplit="{rows}" topLeftCell="A{rows + 1}" activePane="bottomLeft" '
                'state="frozen"/><selection pane="bottomLeft"/>')
    elif cols:
        pane = (f'<pane xSplit="{cols}" topLeftCell="{_LETTERS[cols]}1" activePane="topRight" '
                'state="frozen"/><selection pane="topRight"/>')
    else:
        pane = ""
    cols_xml = "".join(f'<col min="{a + 1}" max="{b + 1}" width="{column_width(w)}" customWidth="1"/>'
                       for a, b, w in _runs(layout.widths))
    fit = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if layout.fit_width else ""
    return (f'{HEADER}<worksheet xmlns="{MAIN}" xmlns:r="{REL}">{fit}<dimension ref="{extent}"/>'
            f'<sheetViews><sheetView{selected} workbookViewId="0">{pane}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols_xml}</cols>" if cols_xml else ""}'
            "<sheetData>")


def _runs(widths: dict[int, float]) -> list[tuple[int, int, float]]:
    """Adjacent columns of one width as one range."""
    out: list[tuple[int, int, float]] = []
    for col in sorted(widths):
        if out and out[-1][1] == col - 1 and out[-1][2] == widths[col]:
            out[-1] = (out[-1][0], col, widths[col])
        else:
            out.append((col, col, widths[col]))
    return out


def _sheet_tail(layout: Layout, extent: str) -> str:
    filt = f'<autoFilter ref="{extent}"/>' if layout.autofilter else ""
    fit = f' fitToWidth="{layout.fit_width}"' if layout.fit_width != 1 else ""
    orientation = "landscape" if layout.landscape else "portrait"
    return (f'</sheetData>{filt}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
            f'header="0.3" footer="0.3"/><pageSetup paperSize="{layout.paper}"{fit} '
            f'fitToHeight="0" orientation="{orientation}"/></worksheet>')


def _quoted(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name) else "'" + name.replace("'", "''") + "'"


def _workbook_xml(sheets: list[tuple[str, Layout, str]]) -> str:
    listed = "".join(f'<sheet name="{_attr(name)}" sheetId="{k}" r:id="rId{k}"/>'
                     for k, (name, _, _) in enumerate(sheets, start=1))
    names = []
    for k, (name, layout, extent) in enumerate(sheets):
        if layout.autofilter:
            a, b = extent.split(":") if ":" in extent else (extent, extent)
            ref = f"{_quoted(name)}!${_split(a)}:${_split(b)}"
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{k}" '
                         f'hidden="1">{escape(ref)}</definedName>')
        if layout.print_rows:
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{k}">'
                         f"{escape(_quoted(name))}!$1:${layout.print_rows}</definedName>")
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (f'{HEADER}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr/>'
            '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" '
            f'windowHeight="9660"/></bookViews><sheets>{listed}</sheets>{defined}'
            '<calcPr fullCalcOnLoad="1"/></workbook>')


def _split(ref: str) -> str:
    """B12 -> B$12 (an absolute reference's column and row)."""
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    return f"{m.group(1)}${m.group(2)}" if m else ref


def _styles_xml(formats: list[Format]) -> str:
    fonts = ['<font><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>',
             '<font><b/><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>']
    fills = ['<fill><patternFill patternType="none"/></fill>',
             '<fill><patternFill patternType="gray125"/></fill>']
    borders = ["<border><left/><right/><top/><bottom/><diagonal/></border>"]
    fill_ids: dict[str, int] = {}
    border_ids: dict[str, int] = {}
    xfs = []
    for fmt in formats:
        fill_id = 0
        if fmt.fill:
            if fmt.fill not in fill_ids:
                fill_ids[fmt.fill] = len(fills)
                fills.append(f'<fill><patternFill patternType="solid"><fgColor rgb="FF{fmt.fill}"/>'
                             '<bgColor indexed="64"/></patternFill></fill>')
            fill_id = fill_ids[fmt.fill]
        border_id = 0
        if fmt.border:
            if fmt.border not in border_ids:
                border_ids[fmt.border] = len(borders)
                side = f'style="thin"><color rgb="FF{fmt.border}"/>'
                borders.append(f"<border><left {side}</left><right {side}</right><top {side}</top>"
                               f"<bottom {side}</bottom><diagonal/></border>")
            border_id = border_ids[fmt.border]
        align = "".join([f' horizontal="{fmt.align}"' if fmt.align else "",
                         f' vertical="{fmt.valign}"' if fmt.valign else "",
                         ' wrapText="1"' if fmt.wrap else ""])
        applied = "".join([' applyFont="1"' if fmt.bold else "", ' applyFill="1"' if fill_id else "",
                           ' applyBorder="1"' if border_id else "",
                           ' applyAlignment="1"' if align else ""])
        head = (f'<xf numFmtId="0" fontId="{int(fmt.bold)}" fillId="{fill_id}" '
                f'borderId="{border_id}" xfId="0"{applied}')
        xfs.append(f"{head}><alignment{align}/></xf>" if align else f"{head}/>")
    return (f'{HEADER}<styleSheet xmlns="{MAIN}"><fonts count="{len(fonts)}">{"".join(fonts)}</fonts>'
            f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
            f'<borders count="{len(borders)}">{"".join(borders)}</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '<dxfs count="0"/></styleSheet>')


def _rels(relations: Iterable[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in relations)
    return f'{HEADER}<Relationships xmlns="{PKG_REL}">{body}</Relationships>'


def _core_xml(author: str, created: datetime) -> str:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f'{HEADER}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>{escape(author)}'
            f'</dc:creator><cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>")


def _app_xml(names: list[str]) -> str:
    titles = "".join(f"<vt:lpstr>{escape(n)}</vt:lpstr>" for n in names)
    return (f'{HEADER}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
            'docPropsVTypes"><Application>policy-pipeline</Application><HeadingPairs>'
            '<vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr>'
            f'</vt:variant><vt:variant><vt:i4>{len(names)}</vt:i4></vt:variant></vt:vector>'
            f'</HeadingPairs><TitlesOfParts><vt:vector size="{len(names)}" baseType="lpstr">{titles}'
            "</vt:vector></TitlesOfParts></Properties>")


def _content_types(sheets: int) -> str:
    ct = "application/vnd.openxmlformats-officedocument"
    overrides = [("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml."
                  "sheet.main+xml"), ("/xl/styles.xml", f"{ct}.spreadsheetml.styles+xml"),
                 ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                 ("/docProps/app.xml", f"{ct}.extended-properties+xml")]
    overrides += [(f"/xl/worksheets/sheet{k}.xml", f"{ct}.spreadsheetml.worksheet+xml")
                  for k in range(1, sheets + 1)]
    body = "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in overrides)
    return (f'{HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f"{body}</Types>")
