"""Task tables read as text: each row of a table whose header names a task column and a
responsibility column is a unit (resources/tables.toml).

Find, then write: ``find_rows`` finds the rows (their cells, task cell and responsibility cells
with the role of their column); the outline makes each a unit (``numbering.scan``) and the
departments stage reads its responsibility cells as labels. A row's cells are joined by tabs or
by ``|`` on one line; a row with fewer cells than the header lost its merged cells on the left
(a category spanning rows), so its cells are aligned from the right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ...resources import load_toml

_SEP = re.compile(r"[ \t\u3000]*(?:\t|\|)[ \t\u3000]*")
_RULER = re.compile(r"[\s|:：\-—=+]*")
_OWN_NUMBER = re.compile(r"\s*(?P<n>[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、"
                         r"|\d{1,3}[.．、](?!\d)|[\u2460-\u2473])\s*")


@dataclass
class Row:
    start: int  # where its line starts
    end: int  # where its line ends
    table: int  # which table of the text (its rows are numbered from 1)
    label: str  # its 序号 cell as written ("" where the table numbers no rows)
    task: tuple[int, int]  # its task cell
    roles: list[tuple[int, int, str | None]] = field(default_factory=list)  # responsibility cells


@cache
def _columns() -> tuple[tuple[str, ...], tuple[str, ...], int]:
    spec = load_toml("tables.toml")
    return tuple(spec["task_columns"]), tuple(spec["number_columns"]), int(spec["min_rows"])


def _cells(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The cells of the line ``text[a:b]`` (leading and trailing | dropped), or [] when the line
    is not split into cells."""
    line = text[a:b]
    if "\t" not in line and "|" not in line:
        return []
    out, pos = [], 0
    for m in _SEP.finditer(line):
        out.append((a + pos, a + m.start()))
        pos = m.end()
    out.append((a + pos, b))
    while out and not text[out[0][0]:out[0][1]].strip():
        out.pop(0)
    while out and not text[out[-1][0]:out[-1][1]].strip():
        out.pop()
    return out


def _header(names: list[str]) -> tuple[list[int], int | None, list[tuple[int, str | None]]] | None:
    """(task-like columns, number column, responsibility columns with their roles) of a header
    row, or None when it names no task column or no responsibility column."""
    from ..extract.labels import field_role  # the role words are the labels'

    words, numbers, _ = _columns()
    tasks = [k for k, n in enumerate(names) if any(n == w or n.endswith(w) for w in words)]
    roles = [(k, field_role(n)) for k, n in enumerate(names)
             if k not in tasks and len(n) <= 8 and n.endswith(("单位", "部门", "主体", "处室", "科室"))]
    if not tasks or not roles:
        return None
    number = next((k for k, n in enumerate(names) if n in numbers), None)
    return tasks, number, roles


def _task_column(tasks: list[int], rows: list[tuple[int, list[tuple[int, int]]]], text: str) -> int:
    """The task column: the first task-like column every row fills (主要任务 before its 细化措施);
    where merged cells leave each one empty in some row, the last (工作内容 spans its 工作措施)."""
    def filled(col: int) -> bool:
        return all(col - shift >= 0 and text[cells[col - shift][0]:cells[col - shift][1]].strip()
                   for shift, cells in rows)
    return next((col for col in tasks if filled(col)), tasks[-1])


def is_task_header(names: list[str]) -> bool:
    """The cells of a task table's header row (a web page's table is read as rows then)."""
    return _header(names) is not None


def find_rows(text: str, start: int = 0, end: int | None = None) -> list[Row]:
    """The rows of every task table in ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    if "\t" not in text[start:end] and "|" not in text[start:end]:
        return []
    lines, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        lines.append((pos, stop))
        pos = stop + 1
    out: list[Row] = []
    k = tables = 0
    while k < len(lines):
        a, b = lines[k]
        cells = _cells(text, a, b)
        found = _header(["".join(text[x:y].split()) for x, y in cells]) if len(cells) >= 3 else None
        k += 1
        if found is None:
            continue
        tasks, number, roles = found
        width, raw = len(cells), []
        while k < len(lines):
            a, b = lines[k]
            k += 1
            if _RULER.fullmatch(text[a:b]):  # a Markdown ruler, an empty row
                continue
            row = _cells(text, a, b)
            if len(row) < 2 or len(row) > width:
                k -= 1
                break
            raw.append((a, b, width - len(row), row))  # merged cells on the left were left out
        task = _task_column(tasks, [(shift, row) for _, _, shift, row in raw], text)
        rows = []
        for a, b, shift, row in raw:
            def cell(col: int, row: list[tuple[int, int]] = row, shift: int = shift) -> tuple[int, int] | None:
                return row[col - shift] if col - shift >= 0 else None

            body = cell(task)
            if body is None or not text[body[0]:body[1]].strip():
                continue
            numbered = cell(number) if number is not None else None
            label = "".join(text[numbered[0]:numbered[1]].split()) if numbered else ""
            label = label if label.isdigit() else ""
            own = _OWN_NUMBER.match(text, body[0], body[1])  # the cell numbers its task: 1.加强…
            if own:
                label, body = label or own.group("n"), (own.end(), body[1])
            rows.append(Row(a, b, tables, label, body,
                            [(*c, role) for col, role in roles if (c := cell(col)) is not None]))
        if len(rows) >= _columns()[2]:
            out.extend(rows)
            tables += 1
    return out
