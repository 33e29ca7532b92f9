"""``report.html``: one self-contained page for policy staff (inline CSS and JS, nothing fetched).

Five parts: the presence heatmap (themes or aligned measures x notices, each cell linking to its
tasks), one side-by-side table per row (tasks, windows, deadlines, departments, targets per
notice), who leads (tasks per department kind and role), the timeline of deadlines with their
phrases, and the task texts the links point at. Tables scroll inside their box with their headers
fixed, so the page works at phone width. Two selects filter by theme and
region; filtering only toggles ``hidden`` on elements carrying ``data-theme`` / ``data-region``.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from html import escape
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..compare.matrix import CELLS, rows_of
from ..memory import phase

if TYPE_CHECKING:
    from ..compare import Matrix

DOC_TYPES = {"notice": "通知", "implementation_plan": "实施方案", "proposal_reply": "提案答复",
             "other": "其他"}
FIELDS = [("tasks", "任务 Tasks"), ("windows", "实施时间 Window"), ("deadlines", "最早时限 Deadline"),
          ("departments", "部门 Departments"), ("targets", "目标 Targets")]

CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--head:#e4ebf3;--silent:#f0f0f0}
*{box-sizing:border-box}
body{margin:0;font:14px/1.55 "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC",
"Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:var(--ink);background:#fff}
header,main{padding:0 24px}header{padding-top:16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:16px 0 6px}
small,.muted{color:var(--muted);font-weight:normal}
.filters{position:sticky;top:0;z-index:10;background:#fff;border-bottom:1px solid var(--line);
padding:10px 24px;display:flex;gap:18px;align-items:center;flex-wrap:wrap}
.filters select,.filters button{font:inherit;padding:3px 6px}
.scroll{overflow:auto;max-height:80vh;max-width:100%;border:1px solid var(--line)}
.scroll thead th{position:sticky;top:0;z-index:2}
.scroll thead tr+tr th{top:2.9em}
.scroll tbody th{position:sticky;left:0;z-index:1}
.scroll thead th:first-child{left:0;z-index:3}
.filters select{max-width:100%}.filters label{max-width:100%}
@media (max-width:600px){header,main{padding:0 8px}.filters{padding:6px 8px;gap:8px}
.filters select{max-width:calc(100vw - 90px)}
.scroll tbody th{white-space:normal;min-width:6em;max-width:8em}.scroll tbody th small{display:none}
h1{font-size:18px}td.cell{min-width:64px}.compare td{min-width:160px}
.scroll{max-height:70vh}th,td{padding:3px 5px}}
table{border-collapse:collapse;margin:4px 0 12px}
th,td{border:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left}
thead th{background:var(--head);text-align:center;white-space:nowrap}
tbody th{background:#f8fafc;white-space:nowrap}
td.cell{text-align:center;min-width:90px}
td.h0{background:var(--silent);color:#9aa5b1}td.h1{background:#c7e9c0}td.h2{background:#a1d99b}
td.h3{background:#74c476}td.h4{background:#41ab5d}
td.silent{background:var(--silent);color:#9aa5b1;text-align:center}
.compare td{min-width:220px;max-width:360px}
.compare ul{margin:0;padding-left:18px}
a{color:#0b5cad;text-decoration:none}a:hover{text-decoration:underline}
.task-text{border-left:3px solid var(--line);padding:2px 12px;margin:10px 0}
.task-text:target{border-left-color:#e67e22;background:#fff8e6}
.task-text p{margin:4px 0;max-width:60em}
.legend span{display:inline-block;width:14px;height:14px;vertical-align:middle;margin:0 4px 0 10px}
[hidden]{display:none !important}
"""

JS = """
(function(){
  var theme=document.getElementById('f-theme'), region=document.getElementById('f-region');
  function apply(){
    var t=theme.value, r=region.value;
    document.querySelectorAll('[data-theme]').forEach(function(el){
      el.hidden = !!t && el.getAttribute('data-theme')!==t;});
    document.querySelectorAll('[data-themes]').forEach(function(el){
      el.hidden = (!!t && el.getAttribute('data-themes').split(' ').indexOf(t)<0) ||
                  (!!r && el.getAttribute('data-region')!==r);});
    document.querySelectorAll('[data-region]').forEach(function(el){
      if(el.hasAttribute('data-themes')) return;
      el.hidden = !!r && el.getAttribute('data-region')!==r;});
    var rows=document.querySelectorAll('#presence tbody tr:not([hidden])').length;
    var cols=document.querySelectorAll('#presence thead tr.notices th[data-region]:not([hidden])').length;
    document.getElementById('f-count').textContent = rows+' 个主题 themes × '+cols+' 份通知 notices';
  }
  theme.addEventListener('change',apply); region.addEventListener('change',apply);
  document.getElementById('f-reset').addEventListener('click',function(){
    theme.value=''; region.value=''; apply();});
  apply();
})();
"""


_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_.-]")
_SPECIAL = re.compile("[&<>\"']")  # what ``html.escape`` replaces: a text without them is kept


def anchor(notice_id: str, task_id: str = "") -> str:
    """An id attribute value for a notice or one of its tasks (ASCII, no spaces)."""
    raw = f"{notice_id}--{task_id}" if task_id else notice_id
    if _NOT_IN_ID.search(raw) is None:
        return "t-" + raw
    return "t-" + _NOT_IN_ID.sub(lambda m: f"_{ord(m.group()):x}", raw)


def _e(value: Any) -> str:
    """``html.escape`` of the value's text (quotes too), read once where nothing needs it."""
    text = "" if value is None else str(value)
    return text if _SPECIAL.search(text) is None else escape(text)


def _heading(m: Matrix, notice_id: str, task_id: str) -> str:
    return _e(m.task_texts.heading(notice_id, task_id))


TITLE_MAX = 24
# the notices' columns a header cell reads (``_notice_label`` and its region)
LABEL_FIELDS = ("notice_id", "region", "title", "doc_number", "issue_date", "doc_type")
CELL_BLOCK = 1000  # the cells of a wide row made and written at once
# the characters of a theme section's cells held before they are written to its spool (a block
# of ``CELL_BLOCK`` notices' cells was 0.7 M characters at 20,000 distinct notices, 0.46 M at
# 2,000: a section's peak grew with the batch until its rows reached that many notices)
SPOOL_CHARS = 1 << 16


def _notice_label(row: Any) -> str:
    """The notice's title where it has one (shortened, whole in the tooltip), else its number."""
    title = str(row.title or "")
    name = (title if len(title) <= TITLE_MAX else title[:TITLE_MAX] + "…") if title else (
        row.doc_number or row.notice_id)
    parts = [row.doc_number if title else "", row.issue_date, DOC_TYPES.get(row.doc_type, "")]
    tip = f' title="{_e(title)}"' if title else ""
    return (f"<span{tip}>{_e(name)}</span><br><small>"
            + _e(" · ".join(p for p in parts if p)) + "</small>")


def _heatmap(m: Matrix, rows: int) -> Iterator[str]:
    """The presence table of the matrix's first ``rows`` rows, a row at a time (a row of a wide
    batch is a cell per notice), each row's cells of its two pivots made a block of
    ``CELL_BLOCK`` at a time as they come (``Matrix.pivots_stream``)."""
    # the notices' ids and regions as one string each (20,000 notices' ids: 1.2 MB as a list),
    # their rows made a block at a time: 20,000 named tuples held through the table were 3.5 MB
    notices = m.notice_columns(*LABEL_FIELDS)
    ids, regions = notices.strings("notice_id"), notices.strings("region")
    groups: list[tuple[str, int]] = []
    for region in regions:
        if groups and groups[-1][0] == region:
            groups[-1] = (region, groups[-1][1] + 1)
        else:
            groups.append((region, 1))
    # the header rows a block of cells at a time too: a notice's label is a few hundred
    # characters (20,000 notices: a header row of 12 MB as one string)
    yield '<div class="scroll"><table id="presence"><thead><tr><th rowspan="2">主题 Theme</th>'
    for spans in _blocks(groups):
        yield "".join(f'<th colspan="{span}" data-region="{_e(r)}">{_e(r)}</th>' for r, span in spans)
    yield '</tr><tr class="notices">'
    for block in notices.blocks(CELL_BLOCK):
        yield "".join(f'<th data-region="{_e(n.region)}">{_notice_label(n)}</th>' for n in block)
    yield "</tr></thead><tbody>"
    escaped = _Escaped()
    fills = [CELLS[name].fill for name in PRESENCE]
    for theme, (_, cells) in zip(rows_of(m.themes.iloc[:rows]), m.pivots_stream(PRESENCE, rows),
                                 strict=True):
        yield (f'<tr data-theme="{_e(theme.id)}"><th><a href="#theme-{_e(theme.id)}">'
               f"{_e(theme.zh)}</a> <small>{_e(theme.en)}</small></th>")
        for span, block in _filled_blocks(len(ids), cells, fills, "presence"):
            shown = [escaped[r] for r in regions[span]]
            yield "".join(map(partial(_presence_cell, m), ids[span], shown, *block))
        yield "</tr>"
    yield "</tbody></table></div>"
    if rows < len(m.themes):
        yield (f'<p class="muted">此表只列出前 {rows} 行（全部分类主题，再按覆盖通知数排列的措施）；'
               f"下面的分主题对比和 matrix.csv 列出全部 {len(m.themes)} 行 · this table shows the "
               f"first {rows} rows (every taxonomy theme, then the measures spanning the most "
               "notices); the sections below and matrix.csv have them all.</p>")


PRESENCE = ("presence", "tasks")  # the pivots the presence table's cells are made from


def _filled_blocks(count: int, cells: Iterator[tuple[int, Sequence[Any]]], fills: Sequence[Any],
                   table: str) -> Iterator[tuple[slice, list[list[Any]]]]:
    """A wide row of ``count`` columns a block of ``CELL_BLOCK`` at a time: each block's span
    and, for each of ``fills``, its cells: the fill, but where ``cells`` ((column, a value for
    each fill), in column order: the cells that say something) puts a value. A cell past the
    row, or before the block it comes in, is an error (``table`` names it)."""
    ahead = next(cells, None)
    for span in _spans(count):
        stop = min(span.stop, count)
        block = [list(repeat(fill, stop - span.start)) for fill in fills]
        while ahead is not None and ahead[0] < stop:
            if ahead[0] < span.start:  # negative, or out of column order
                raise ValueError(f"a {table} cell at column {ahead[0]} of {count} notices")
            for values, value in zip(block, ahead[1], strict=True):
                values[ahead[0] - span.start] = value
            ahead = next(cells, None)
        yield span, block
    if ahead is not None:
        raise ValueError(f"a {table} cell at column {ahead[0]} of {count} notices")


class _Escaped(dict[str, str]):
    """Each value escaped when first asked for, then the same string for it (a column's
    regions: escaped once, not once per cell)."""

    def __missing__(self, value: str) -> str:
        made = self[value] = _e(value)
        return made


def _presence_cell(m: Matrix, notice_id: str, region: str, count: Any, listed: Any) -> str:
    """A notice's cell of a heatmap row: links to its tasks on the row, or 未涉及."""
    ids = [t for t in str(listed).split("; ") if t]
    links = " ".join(f'<a href="#{anchor(notice_id, t)}" title="{_heading(m, notice_id, t)}">'
                     f"{_e(t)}</a>" for t in ids)
    return f'<td class="cell h{min(int(count), 4)}" data-region="{region}">{links or "未涉及"}</td>'


def _task_cell(m: Matrix, rows: Any, field: str) -> str:
    items = []
    for r in rows:
        if field == "tasks":
            items.append(f'<a href="#{anchor(r.notice_id, r.task_id)}">{_e(r.task_id)} {_e(r.heading)}</a>')
            continue
        if field == "windows":
            from ..compare.matrix import format_window

            value = format_window(r._asdict())
        elif field == "deadlines":
            value = r.earliest_deadline
        elif field == "departments":
            value = "、".join(str(r.departments).split("; ")) if r.departments else ""
        else:
            value = "；".join(str(r.targets).split("; ")) if r.targets else ""
        items.append(f"{_e(r.task_id)}: {_e(value) if value else '—'}")
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _by_theme(m: Matrix) -> Iterator[tuple[str, Iterator[Any]]]:
    """The long table's rows that point at a task, a theme's at a time (the table is in theme
    order, then notice column), read a part at a time; each theme's rows are read as they are
    taken, before the next theme is asked for."""
    from itertools import groupby

    rows = (r for part in m.long_parts(present=True) for r in rows_of(part))
    return groupby(rows, key=lambda r: r.theme)


class _Spool:
    """A theme section's cells, a stream per part of the table (its header cells, then a row
    per field), each written a block of notices at a time to a ``Spill`` (a file under ``--out``
    when a folder is given) and read back in order: a section as wide as the batch is not held
    in memory, neither as the long rows it is made from nor as its HTML."""

    def __init__(self, scratch: Path | None, streams: int) -> None:
        from ..compare.spill import Spill

        self._spill = Spill(scratch, ".report-section.")
        self._open: list[list[str]] = [[] for _ in range(streams)]
        self._places: list[array[int]] = [array("q") for _ in range(streams)]
        self._chars = 0  # of the cells not yet written

    def add(self, cells: Iterable[str]) -> None:
        """One notice's cell of each stream, in stream order; written when they hold
        ``SPOOL_CHARS`` characters or ``CELL_BLOCK`` notices."""
        for stream, cell in zip(self._open, cells, strict=True):
            stream.append(cell)
            self._chars += len(cell)
        if len(self._open[0]) >= CELL_BLOCK or self._chars >= SPOOL_CHARS:
            self._flush()

    def _flush(self) -> None:
        for stream, places in zip(self._open, self._places, strict=True):
            if stream:
                data = "".join(stream).encode()
                places.extend((self._spill.append(data), len(data)))
                stream.clear()
        self._chars = 0

    def read(self, stream: int) -> Iterator[str]:
        """A stream's blocks, in the order they were added."""
        self._flush()
        places = self._places[stream]
        for k in range(0, len(places), 2):
            yield self._spill.read(places[k], places[k + 1]).decode()

    def clear(self) -> None:
        """Ready for the next section (its bytes dropped: ``Spill.clear``)."""
        self._spill.clear()
        for stream, places in zip(self._open, self._places, strict=True):
            stream.clear()
            del places[:]
        self._chars = 0


def _theme_sections(m: Matrix, scratch: Path | None = None) -> Iterator[str]:
    """One section per row of the matrix, each from its own rows of the long table, read once:
    each notice's cells are made as its rows come (the rows are in notice column order) and
    spooled (``_Spool``, under ``scratch``), then written in the table's order."""
    from itertools import groupby
    from operator import attrgetter

    all_notices = m.notice_columns(*LABEL_FIELDS)  # a row made for a notice shown
    column = m.column_of
    # each region (escaped) -> its columns, in order: the column read as one string, not held
    # as a list (an object a notice: 20,000 notices, 1.2 MB)
    by_region: dict[str, array[int]] = {}
    escaped = _Escaped()
    for k, region in enumerate(all_notices.strings("region")):
        by_region.setdefault(escaped[region], array("q")).append(k)
    del escaped
    spool = _Spool(scratch, 1 + len(FIELDS))
    themes = _by_theme(m)
    ahead = next(themes, None)
    for theme in rows_of(m.themes):
        present = bytearray(len(all_notices))  # 1 at the columns of the notices with a task here
        shown = 0
        while ahead is not None and ahead[0] == theme.id:  # the row's rows, when it has any
            for notice_id, cell_rows in groupby(ahead[1], key=attrgetter("notice_id")):
                rows, k = list(cell_rows), column[notice_id]
                if present[k]:
                    raise ValueError(f"the long table's rows of {theme.id} are not in notice order")
                present[k], shown = 1, shown + 1
                n = all_notices.row(k)
                spool.add([_notice_head(n), *(f'<td data-region="{_e(n.region)}">'
                                              f"{_task_cell(m, rows, field)}</td>"
                                              for field, _ in FIELDS)])
            ahead = next(themes, None)
        # the notices that address the row side by side; the silent ones named once below, so a
        # batch of hundreds of notices does not print hundreds of 未涉及 cells per row
        silent = len(all_notices) - shown
        absent = ""
        if silent:
            absent = (f'<p class="muted silent-list">未涉及 silent: {silent} 份通知 notices'
                      f" ({'、'.join(_silent_regions(by_region, present))})</p>")
        yield (f'<section class="theme" id="theme-{_e(theme.id)}" data-theme="{_e(theme.id)}">'
               f"<h3>{_e(theme.zh)} <small>{_e(theme.en)} · {_e(theme.id)}</small></h3>"
               f'<div class="scroll"><table class="compare"><thead><tr><th></th>')
        yield from spool.read(0)
        yield "</tr></thead><tbody>"
        for k, (_, label) in enumerate(FIELDS, start=1):
            yield f"<tr><th>{label}</th>"
            yield from spool.read(k)
            yield "</tr>"
        yield f"</tbody></table></div>{absent}</section>"
        spool.clear()


def _blocks(items: list[Any]) -> Iterator[list[Any]]:
    """``items`` a block of ``CELL_BLOCK`` at a time."""
    return (items[span] for span in _spans(len(items)))


def _spans(count: int) -> Iterator[slice]:
    """The places of a wide row's ``count`` cells, a block of ``CELL_BLOCK`` at a time."""
    return (slice(k, k + CELL_BLOCK) for k in range(0, count, CELL_BLOCK))


def _notice_head(n: Any) -> str:
    """A table's header cell of a notice (region, then title)."""
    return f'<th data-region="{_e(n.region)}">{_e(n.region)}<br>{_notice_label(n)}</th>'


def _notice_heads(blocks: Iterable[list[Any]]) -> Iterator[str]:
    """A table's header cells of the notices, a block at a time."""
    for block in blocks:
        yield "".join(map(_notice_head, block))


def _silent_regions(by_region: dict[str, array[int]], present: bytearray) -> list[str]:
    """The regions with a notice not ``present`` (a flag by column), in the order of their first
    such notice: each region's columns are read only up to its first silent one, so a row costs
    its regions and its notices with a task, not the batch."""
    first = {}
    for region, columns in by_region.items():
        silent = next((k for k in columns if not present[k]), None)
        if silent is not None:
            first[region] = silent
    return sorted(first, key=first.__getitem__)


def _roles(m: Matrix, cells: int | None = None) -> Iterator[str]:
    """Kinds x notices: how many tasks each department leads, supports or is responsible for; a
    row at a time, the kinds leading the most tasks first (as many as ``cells`` allow)."""
    if not m.kind_order:
        yield '<p class="muted">没有任务写明部门 · no task names a department.</p>'
        return
    notices = m.notice_columns(*LABEL_FIELDS)
    yield '<div class="scroll"><table id="roles"><thead><tr><th>部门 Department</th>'
    yield from _notice_heads(notices.blocks(CELL_BLOCK))
    yield "</tr></thead><tbody>"
    kinds = m.shown_kinds(cells)
    regions = notices.strings("region")
    escaped = _Escaped()
    for kind, said in m.role_cells_shown(kinds):  # a row at a time, its cells that say something
        yield f"<tr><th>{_e(kind)}</th>"
        for span, (row,) in _filled_blocks(len(notices), ((k, (v,)) for k, v in said), [""],
                                           "roles"):
            shown = [escaped[r] for r in regions[span]]
            yield "".join(f'<td data-region="{r}"{"" if v else " class=silent"}>'
                          f'{_e(v) if v else "—"}</td>' for r, v in zip(shown, row, strict=True))
        yield "</tr>"
    yield "</tbody></table></div>"
    if kinds < len(m.kind_order):
        yield (f'<p class="muted">只列出牵头任务最多的前 {kinds} 类部门（共 {len(m.kind_order)} 类） · the '
               f"{kinds} department kinds that lead the most tasks, of {len(m.kind_order)}.</p>")


def _timeline(m: Matrix) -> Iterator[str]:
    """Every deadline by date, a row at a time."""
    frames = m.timeline_frames()
    first = next(frames)
    if first.empty:
        yield '<p class="muted">没有写明时限 · no deadline stated.</p>'
        return
    yield ('<div class="scroll"><table id="timeline"><thead><tr><th>日期 Date</th><th>地区 Region</th>'
           "<th>时限原文 Phrase</th><th>任务 Task</th></tr></thead><tbody>")
    for r in (r for frame in chain([first], frames) for r in rows_of(frame)):
        link = (f'<a href="#{anchor(r.notice_id, r.task_id)}">{_e(r.task_id)} {_e(r.heading)}</a>'
                if r.task_id else '<span class="muted">通知本身 the notice itself</span>')
        yield (f'<tr data-region="{_e(r.region)}"><td>{_e(r.date)}</td><td>{_e(r.region)}</td>'
               f"<td>{_e(r.phrase)}</td><td>{link}</td></tr>")
    yield "</tbody></table></div>"


def _texts(m: Matrix) -> Iterator[str]:
    """One article per notice: its tasks' texts."""
    from ..compare.matrix import task_key
    from ..text import clean_inline

    labels = dict(zip(m.themes["id"], m.themes["zh"], strict=True))
    notices = m.notice_columns(*LABEL_FIELDS).blocks(CELL_BLOCK)  # a block of rows at a time
    for n in (n for block in notices for n in block):  # each notice's texts read in its turn
        items = []
        themes_of = m.themes_of(n.notice_id)
        for tid, t in sorted(m.task_texts.of(n.notice_id), key=lambda x: task_key(x[0])):
            themes = themes_of.get(tid, [])
            tags = "、".join(f'<a href="#theme-{_e(x)}">{_e(labels.get(x, x))}</a>' for x in themes)
            items.append(f'<div class="task-text" id="{anchor(n.notice_id, tid)}" '
                         f'data-region="{_e(n.region)}" data-themes="{_e(" ".join(themes) or "-")}">'
                         f'<h4>{_e(tid)} {_e(t["heading"])}</h4><p>{_e(clean_inline(t["text"]))}</p>'
                         f'<p class="muted">主题 themes: {tags or "—"}</p></div>')
        yield (f'<article id="{anchor(n.notice_id)}"><h3 data-region="{_e(n.region)}">{_e(n.region)} · '
               f"{_e(n.title or n.notice_id)} <small>{_e(n.doc_number)} {_e(n.issue_date)}</small></h3>"
               f"{''.join(items)}</article>")


def render_report(m: Matrix, title: str = "跨地区政策比较 · Cross-region comparison",
                  cells: int | None = None, scratch: Path | None = None) -> str:
    """The whole page as one string (UTF-8 when written)."""
    return "".join(report_parts(m, title, cells, scratch))


def report_parts(m: Matrix, title: str = "跨地区政策比较 · Cross-region comparison",
                 cells: int | None = None, scratch: Path | None = None) -> Iterator[str]:
    """The page in pieces, in order (a theme's section, a notice's texts): written one by one, a
    batch of thousands of notices never holds its whole report in memory. ``cells``: the most
    cells the presence table holds (``Matrix.shown``; None: every row). ``scratch``: a folder
    (a run's ``--out``) for a theme section's cells while it is made (``_Spool``; None: in
    memory)."""
    themes = "".join(f'<option value="{_e(t.id)}">{_e(t.zh)} · {_e(t.en)}</option>'
                     for t in rows_of(m.themes))
    regions = "".join(f'<option value="{_e(r)}">{_e(r)}</option>'
                      for r in dict.fromkeys(m.notice_rows.values("region")))
    legend = ('<p class="legend muted">格子里是任务编号，点击可看原文 · cells list task ids, linked to '
              'their text.<span style="background:#f0f0f0"></span>未涉及 silent'
              '<span style="background:#c7e9c0"></span>1<span style="background:#a1d99b"></span>2'
              '<span style="background:#74c476"></span>3<span style="background:#41ab5d"></span>4+ tasks. '
              '“未涉及 silent”：该通知没有这一主题或措施的任务 · the notice has no task on that row; '
              '“—”：有任务，但未写明此项 · it has tasks, but they state no such value.</p>')
    yield (
        f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{_e(title)}</title>'
        f"<style>{CSS}</style></head><body>"
        f"<header><h1>{_e(title)}</h1><p class=\"muted\">{len(m.notice_rows)} 份通知 notices · "
        f"{len(m.themes)} 个主题 themes · 地区按省、市区分 · regions keyed by province and city</p></header>"
        f'<nav class="filters"><label>主题 Theme <select id="f-theme"><option value="">全部 all</option>'
        f'{themes}</select></label><label>地区 Region <select id="f-region"><option value="">全部 all'
        f'</option>{regions}</select></label><button id="f-reset" type="button">重置 Reset</button>'
        f'<span id="f-count" class="muted"></span></nav><main>'
        f'<h2 id="matrix">覆盖矩阵 Presence</h2>{legend}'
    )
    phase("files: report: presence")
    yield from _heatmap(m, m.shown(cells))
    yield '<h2 id="themes">分主题对比 Theme by theme</h2>'
    phase("files: report: theme sections")
    yield from _theme_sections(m, scratch)
    yield ('<h2 id="departments">部门分工 Who leads</h2><p class="muted">每个部门在各通知中牵头、配合、负责'
           '的任务数 · tasks per department and role in each notice</p>')
    phase("files: report: roles")
    yield from _roles(m, cells)
    yield '<h2 id="timeline-h">时间线 Timeline</h2>'
    phase("files: report: timeline")
    yield from _timeline(m)
    yield '<h2 id="texts">任务原文 Task texts</h2>'
    phase("files: report: task texts")
    yield from _texts(m)
    yield f"</main><script>{JS}</script></body></html>\n"
