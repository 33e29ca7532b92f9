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
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ...resources import load_toml

# one tab or bar between two cells (two tabs: an empty cell between them, a cell merged from above)
_SEP = re.compile(r"[ \u3000]*(?:\t|\|)[ \u3000]*")
# a table whose columns are runs of spaces only (a converter's fixed-width text): two spaces or more,
# or an ideographic space, between cells; read only after a header line so split names a task table
_SPACED = re.compile(r"(?:[ \u3000]{2,}|\u3000)")
_RULER = re.compile(r"[\s|:：\-—=+]*")
_OWN_NUMBER = re.compile(r"\s*(?P<n>[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、"
                         r"|\d{1,3}[.．、](?!\d)|[\u2460-\u2473])\s*")


ROLE_COLUMN_ENDINGS = ("单位", "部门", "主体", "处室", "科室", "股室")  # a responsibility column's name ends so


@dataclass
class Row:
    start: int  # where its line starts
    end: int  # where its line ends
    table: int  # which table of the text (its rows are numbered from 1)
    label: str  # its 序号 cell as written ("" where the table numbers no rows)
    task: tuple[int, int]  # its task cell
    roles: list[tuple[int, int, str | None]] = field(default_factory=list)  # responsibility cells
    numbered: bool = False  # its task cell numbers it (1.制定…): the outline's numbering makes it a unit
    due: tuple[int, int] | None = None  # its cell under a 完成时限 column (2019年: by the year's end)


@cache
def _columns() -> tuple[tuple[str, ...], tuple[str, ...], int]:
    spec = load_toml("tables.toml")
    return tuple(spec["task_columns"]), tuple(spec["number_columns"]), int(spec["min_rows"])


def _cells(text: str, a: int, b: int, spaced: bool = False) -> list[tuple[int, int]]:
    """The cells of the line ``text[a:b]`` (leading and trailing | dropped), or [] when the line
    is not split into cells; ``spaced``: split at runs of spaces (a table with no tabs or bars)."""
    line = text[a:b]
    if spaced:
        line = line.strip(" \u3000")
        a += len(text[a:b]) - len(text[a:b].lstrip(" \u3000"))
        b = a + len(line)
    elif "\t" not in line and "|" not in line:
        return []
    out, pos = [], 0
    for m in (_SPACED if spaced else _SEP).finditer(line):
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
             if k not in tasks and len(n) <= 8 and n.endswith(ROLE_COLUMN_ENDINGS)]
    if not tasks or not roles:
        return None
    number = next((k for k, n in enumerate(names) if n in numbers), None)
    return tasks, number, roles


def _task_column(tasks: list[int], rows: list[tuple[int, list[tuple[int, int]]]], text: str) -> int:
    """The task column: the first task-like column every row fills (主要任务 before its 细化措施);
    where merged cells leave each one empty in some row, the last (工作内容 spans its 工作措施)."""
    def filled(col: int) -> bool:
        return all(0 <= col - shift < len(cells) and text[cells[col - shift][0]:cells[col - shift][1]].strip()
                   for shift, cells in rows)
    return next((col for col in tasks if filled(col)), tasks[-1])


def is_task_header(names: list[str]) -> bool:
    """The cells of a task table's header row (a web page's table is read as rows then)."""
    return _header(names) is not None


@lru_cache(maxsize=8)  # the outline (a part at a time), departments and times ask of the same text
def find_rows(text: str, start: int = 0, end: int | None = None) -> list[Row]:
    """The rows of every task table in ``text[start:end]``, in order: a row a line, or a cell a
    line (``_line_rows``)."""
    end = len(text) if end is None else end
    by_line = _line_rows(text, start, end)
    if by_line:
        return by_line
    spaced = "\t" not in text[start:end] and "|" not in text[start:end]
    if spaced and not any(text.find(name, start, end) >= 0 for name in _columns()[0]):
        return []  # no task column named: no table to split at spaces (most texts stop here)
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
        if spaced and text.find("\u3000", a, b) < 0 and text.find("  ", a, b) < 0:
            k += 1  # no run of spaces: one cell at most, no header (most lines of most texts)
            continue
        cells = _cells(text, a, b, spaced)
        found = _header(["".join(text[x:y].split()) for x, y in cells]) if len(cells) >= 3 else None
        k += 1
        if found is None:
            continue
        tasks, number, roles = found
        due_col = next((c for c, (x, y) in enumerate(cells) if _due_name("".join(text[x:y].split()))), None)
        width, raw = len(cells), []
        while k < len(lines):
            a, b = lines[k]
            k += 1
            if _RULER.fullmatch(text[a:b]):  # a Markdown ruler, an empty row
                continue
            row = _cells(text, a, b, spaced)
            if len(row) < 2 and _category(text[a:b]) and _row_follows(text, lines, k, width, spaced):
                continue  # a category's row across the table (一、夯实数据基础) between rows
            if len(row) < 2 or len(row) > width:
                k -= 1
                break
            # merged cells on the left were left out (or empty cells on the right are still there,
            # where that puts a task under the task column and no sentence under the first
            # responsibility column)
            shift = width - len(row)
            kept = shift - _empty_after(text, row[-1][1], b, spaced)
            if 0 <= kept < shift and _aligned(text, row, kept, tasks[0], roles[0][0]):
                shift = kept
            raw.append((a, b, shift, row))
        task = _task_column(tasks, [(shift, row) for _, _, shift, row in raw], text)
        rows = []
        for a, b, shift, row in raw:
            def cell(col: int, row: list[tuple[int, int]] = row, shift: int = shift) -> tuple[int, int] | None:
                return row[col - shift] if 0 <= col - shift < len(row) else None

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
                            [(*c, role) for col, role in roles if (c := cell(col)) is not None],
                            due=cell(due_col) if due_col is not None else None))
        if len(rows) >= _columns()[2]:
            out.extend(rows)
            tables += 1
    return out


CATEGORY_MAX = 40  # characters of a category's row across a table (一、夯实公共数据资源基础)
CATEGORY_RUN = 8  # categories' rows in a row, at most, before the table's rows go on


def _category(line: str) -> bool:
    """A row of one cell naming a category of the rows below it: short, no sentence."""
    words = "".join(line.split()).strip("|")
    return 0 < len(words) <= CATEGORY_MAX and not any(c in words for c in "。；;")


def _aligned(text: str, row: list[tuple[int, int]], shift: int, task: int, role: int) -> bool:
    """Whether the row read with ``shift`` has a cell under the task column and, under the first
    responsibility column, a cell that names a body (局, 委, 政府 …) and is no sentence."""
    def cell(col: int) -> str | None:
        return text[row[col - shift][0]:row[col - shift][1]] if 0 <= col - shift < len(row) else None
    from ..extract.labels import body_endings

    at_task, at_role = cell(task), cell(role)
    return (bool(at_task and at_task.strip()) and at_role is not None and "。" not in at_role
            and any(e in at_role for e in body_endings()))


def _empty_after(text: str, end: int, b: int, spaced: bool) -> int:
    """How many empty cells a row's line has after its last cell (| 2026年10月底 |  |: one), its
    closing border not counted."""
    if spaced:
        return 0
    tail = text[end:b].rstrip(" \u3000")
    return max(0, len(re.findall(r"\t|\|", tail)) - (1 if tail.endswith("|") else 0))


def _row_follows(text: str, lines: list[tuple[int, int]], k: int, width: int, spaced: bool) -> bool:
    """Whether a row of the table comes at line ``k``, after any more categories' rows (a category
    whose rows a copy left out: 四、军民深度融合方面（共6项） then 五、…)."""
    for j in range(k, min(k + CATEGORY_RUN, len(lines))):
        cells = _cells(text, *lines[j], spaced)
        if 2 <= len(cells) <= width:
            return True
        if len(cells) >= 2 or not _category(text[lines[j][0]:lines[j][1]]):
            return False
    return False


# A table a converter wrote a cell a line (a PDF's text, a page flattened): the header's column
# names one a line, then each row opening with its 序号 alone on a line.
_DEADLINE = re.compile(r"^[^。，,；;]{0,16}?(?:\d{1,2}月|年底|年内|月底|季度|长期|持续|前)[^。，,；;]{0,8}$")
CELL_MAX = 16  # lines a row of such a table holds at most (its 序号 merged over a few rows: more)


def _cell_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-empty lines of ``text[start:end]``, edges of whitespace and | cut off."""
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        a, b = pos, stop
        while a < b and (text[a].isspace() or text[a] == "|"):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] == "|"):
            b -= 1
        if b > a:
            out.append((a, b))
        pos = stop + 1
    return out


def _bodies_only(cell: str) -> bool:
    from ..extract.labels import body_endings

    parts = [p for p in re.split(r"[、，,]", "".join(cell.split())) if p]
    return bool(parts) and len(cell) <= 60 and "。" not in cell and all(
        p.endswith(body_endings()) or re.search(r".[（(][^）)]*[）)]$", p) for p in parts)


@cache
def _header_line() -> re.Pattern[str]:
    """A line that is only a task column's name: the sign of a table written a cell a line."""
    words = "|".join(map(re.escape, _columns()[0]))
    # the spaces and bars around the name kept to its line: a run of blank lines is then read once,
    # not again from each of its line starts (a blank form's 5,000 empty cells took 10 s)
    return re.compile(rf"^(?:[^\S\n]|\|)*+[\u4e00-\u9fff]{{0,4}}(?:{words})(?:[^\S\n]|\|)*$", re.MULTILINE)


def _line_rows(text: str, start: int, end: int) -> list[Row]:
    if not _header_line().search(text, start, end):
        return []  # no column name on a line of its own: read no line as a cell
    lines = _cell_lines(text, start, end)
    names = ["".join(text[a:b].split()) for a, b in lines]
    out: list[Row] = []
    k = tables = 0
    while k < len(lines):
        run = k
        while run < len(lines) and len(names[run]) <= 8 and not names[run].isdigit():
            run += 1
        found = _header(names[k:run]) if run - k >= 3 else None
        if found is None:
            k = max(run, k + 1)
            continue
        roles = [role for _, role in found[2]]
        due = any(_due_name(n) for n in names[k:run])
        header = [n for n in names[k:run] if _column_name(n)]
        one = next((j for j in range(run, min(run + CATEGORY_RUN, len(lines))) if names[j] == "1"), None)
        if one is not None and found[1] is not None and all(
                len(names[c]) <= CATEGORY_MAX and "。" not in names[c] for c in range(run, one)):
            run = one  # a category's row (行动一：再造发展新极行动) before the first numbered row
        if k < len(lines) and run < len(lines) and names[run] != "1":
            first = k
            rows, k = _numbered_rows(text, lines, names, run, roles, tables)
            if not rows:
                rows, k = _merged_rows(text, lines, names, first, run, roles, tables)
            if rows:
                out.extend(_with_due(rows, lines, names) if due else rows)
                tables += 1
            continue
        rows, k, want = [], run, 1
        while k < len(lines) and names[k] == str(want):
            stop = k + 1
            while stop < len(lines) and names[stop] != str(want + 1) and stop - k <= CELL_MAX:
                stop += 1
            if stop - k > CELL_MAX:
                break
            # a 序号 merged over several rows (1 推进重点行业深度治理, then two measures with their bodies)
            split, _ = _split_rows(text, lines, names, k, stop, header, roles, tables)
            row = _row_of(text, lines, names, k, stop, roles, tables) if len(split) < 2 else None
            if row is None and len(split) < 2:
                break
            if row is not None and not row.roles and rows and rows[-1].roles and not any(
                    ROLE_VERB.search(names[c]) for c in range(k + 1, stop) if lines[c][0] >= row.task[1]) \
                    and not EMPTY_BAR.search(text, lines[k][0], lines[stop][0] if stop < len(lines) else len(text)):
                # (cells printed between bars show an empty cell as its bar: no merge there)
                row.roles = list(rows[-1].roles)  # its 推进单位 cell merged down from the row above
            rows.extend([row] if row else split)
            k, want = stop, want + 1
        if len(rows) >= _columns()[2]:
            out.extend(_with_due(rows, lines, names) if due else rows)
            tables += 1
    return out


YEAR_CELL = re.compile(r"\d{4}年")  # a year alone: under a 完成时限 column, by the year's end
ROLE_VERB = re.compile(r"牵头|配合|负责|参与|协助|落实")  # a row's own cell of bodies with their roles
EMPTY_BAR = re.compile(r"^[ \t\u3000]*\|[ \t\u3000]*$", re.MULTILINE)  # a cell printed empty, its bar alone


def _due_name(name: str) -> bool:
    """A column of when each row is due (完成时限, 时间节点, 完成时间; tables.toml ``due_columns``)."""
    return name in _due_columns()


@cache
def _due_columns() -> frozenset[str]:
    return frozenset(load_toml("tables.toml")["due_columns"])


def _with_due(rows: list[Row], lines: list[tuple[int, int]], names: list[str]) -> list[Row]:
    """Each row of a cell-a-line table with a 完成时限 column given its cell there: the first cell
    after its task cell that is a date or a year alone."""
    starts = [a for a, _ in lines]
    for row in rows:
        k = bisect_left(starts, row.task[1])
        while k < len(lines) and lines[k][1] <= row.end:
            if YEAR_CELL.fullmatch(names[k]) or _DEADLINE.match(names[k]):
                row.due = lines[k]
                break
            k += 1
    return rows


def _role_cells(lines: list[tuple[int, int]], bodies: list[int], roles: list[str | None],
                ) -> list[tuple[int, int, str | None]]:
    """A row's bodies-only cell lines with their columns' roles: one column's bodies a line each,
    or aligned to the header's columns from the right (merged cells on the left left out)."""
    if len(roles) == 1:
        return [(*lines[c], roles[0]) for c in bodies]
    bodies = bodies[-len(roles):]
    shift = len(roles) - len(bodies)
    return [(*lines[c], roles[shift + i]) for i, c in enumerate(bodies)]


def _numbered_rows(text: str, lines: list[tuple[int, int]], names: list[str], k: int,
                   roles: list[str | None], table: int) -> tuple[list[Row], int]:
    """Rows of a cell-a-line table without a 序号 column, from line ``k``: each opens with a task
    cell that numbers itself (1.制定…), its bodies-only and date cells on the lines after it; a
    category cell of another numbering (一、 (一)) stands between them. The table ends at a line
    that is none of these. The outline numbers these rows itself (``Row.numbered``)."""
    rows: list[Row] = []
    while k < len(lines):
        own = _OWN_NUMBER.match(names[k])
        if own is None or len(names[k]) - own.end() < 6:
            break
        stop = k + 1
        while stop < len(lines) and stop - k <= CELL_MAX and not _OWN_NUMBER.match(names[stop]) and (
                len(names[stop]) <= 8 or _bodies_only(names[stop]) or _DEADLINE.match(names[stop])):
            stop += 1
        bodies = [c for c in range(k + 1, stop) if _bodies_only(names[c]) and not _DEADLINE.match(names[c])]
        if bodies and stop - k <= CELL_MAX:
            cells = _role_cells(lines, bodies, roles)
            rows.append(Row(text.rfind("\n", 0, lines[k][0]) + 1, lines[stop - 1][1], table,
                            own.group("n"), lines[k], cells, numbered=True))
        k = stop
    return (rows if len(rows) >= _columns()[2] else []), k


def _row_of(text: str, lines: list[tuple[int, int]], names: list[str], k: int, stop: int,
            roles: list[str | None], table: int) -> Row | None:
    """A row from its number line ``k`` and its cell lines up to ``stop``: the task the longest
    cell of prose, the cells that only list bodies its responsibility cells (aligned to the
    header's from the right: merged cells on the left are left out), dates its deadline."""
    cells = list(range(k + 1, stop))
    bodies = [c for c in cells if _bodies_only(names[c]) and not _DEADLINE.match(names[c])]
    prose = [c for c in cells if c not in bodies and not _DEADLINE.match(names[c])]
    if bodies and any(c < bodies[0] for c in prose):  # the task comes before its bodies: prose after
        prose = [c for c in prose if c < bodies[0]]  # them is the text after the table (the last row's)
        last = max(c for c in cells if c in bodies or _DEADLINE.match(names[c]) or YEAR_CELL.fullmatch(names[c]))
        stop = last + 1 if all(c < last for c in prose) else stop
    if not prose:
        return None
    task = max(prose, key=lambda c: len(names[c]))
    if len(names[task]) < 6:
        return None
    bodies = [c for c in bodies if c > task]
    cells = _role_cells(lines, bodies, roles)
    return Row(text.rfind("\n", 0, lines[k][0]) + 1, lines[stop - 1][1], table, names[k], lines[task],
               cells)


# A cell left empty in a responsibility column (——, /, 无): it keeps the cells after it aligned.
_EMPTY_CELL = re.compile(r"^(?:[—\-–－/／]{1,4}|无)$")
PREFIX_MAX = 4  # cells before a row's task cell at most: its 序号 and group, a category's 序号 and name
PROSE_MIN = 6  # characters of a task cell at least


def _merged_rows(text: str, lines: list[tuple[int, int]], names: list[str], first: int, run: int,
                 roles: list[str | None], table: int) -> tuple[list[Row], int]:
    """Rows of a cell-a-line table whose 序号 and group cells are merged over several rows (（一）
    推动源头减量, then two rows of measures) and whose categories' rows (二 构建…体系) stand
    between rows (``_split_rows``), from the header's lines ``first`` to ``run``."""
    # the header's short lines run on into the first row's short cells (—, 构建处置体系, （一）): it
    # ends with its last column's name
    named = [c for c in range(first, run) if _column_name(names[c])]
    k = named[-1] + 1
    rows, k = _split_rows(text, lines, names, k, len(lines), names[named[0]:k], roles, table)
    return (rows if len(rows) >= _columns()[2] else []), k


def _split_rows(text: str, lines: list[tuple[int, int]], names: list[str], k: int, limit: int,
                header: list[str], roles: list[str | None], table: int) -> tuple[list[Row], int]:
    """The rows from line ``k`` up to ``limit``: each its task cell (prose) and the responsibility
    cells after it (bodies only, or —— for an empty one); the short cells before its task cell are
    its 序号, group or category. The header repeated where a page broke is skipped; the rows end
    where no task cell with responsibility cells comes within ``PREFIX_MAX`` cells."""
    rows: list[Row] = []
    while k < limit:
        if header and names[k:k + len(header)] == header:
            k += len(header)  # the header printed again on a new page
            continue
        first = next((c for c in range(k, min(k + PREFIX_MAX + 3, limit))  # a body's cell (not a date's)
                      if _is_role_cell(names[c]) and not _DEADLINE.match(names[c])), None)
        task = next((c for c in range(first - 1, k - 1, -1) if _is_prose(names[c])), None) if first else None
        if first is None or task is None or first - task > 2 or task - k > PREFIX_MAX \
                or any(len(n) > CATEGORY_MAX or "。" in n for n in names[k:task]):
            break
        stop = first + 1
        while stop < limit and stop - task <= len(roles) + 2 and _is_role_cell(names[stop]):
            stop += 1
        spans = [lines[c] for c in range(first, stop) if not _DEADLINE.match(names[c])]
        if first - task == 2:  # a body's name broken inside its cell (区土方工作 / 专班): one cell
            spans[0] = (lines[task + 1][0], spans[0][1])
        cells = _role_cells(spans, list(range(len(spans))), roles)
        label = next((names[c] for c in range(task - 1, k - 1, -1) if _number_cell(names[c])), "")
        rows.append(Row(text.rfind("\n", 0, lines[k][0]) + 1, lines[stop - 1][1], table, label,
                        lines[task], [c for c in cells if not _EMPTY_CELL.match(text[c[0]:c[1]].strip())]))
        k = stop
    return rows, k


def _column_name(name: str) -> bool:
    words, numbers, _ = _columns()
    return (name in numbers or any(name.endswith(w) for w in words)
            or name.endswith((*ROLE_COLUMN_ENDINGS, "时限", "时间", "期限", "备注")))


def _is_prose(name: str) -> bool:
    return len(name) >= PROSE_MIN and not _bodies_only(name) and not _DEADLINE.match(name)


def _is_role_cell(name: str) -> bool:
    return bool(_bodies_only(name) or _EMPTY_CELL.match(name) or _DEADLINE.match(name)) and not _number_cell(name)


def _number_cell(name: str) -> bool:
    """A 序号 cell: 1, （一）, 二, 1.2 or a dash standing for one."""
    return bool(re.fullmatch(r"[（(]?[一二三四五六七八九十\d.．]{1,5}[)）、]?|[—\-–]", name))

