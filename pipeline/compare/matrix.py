"""The cross-region matrix: the contract's long table and its pivots, as small pandas functions.

``long_table`` is ``matrix.csv``: one row per (theme, region, task), plus one row with an empty
``task_id`` for each taxonomy theme a notice does not address, so that silence is visible (an
aligned measure's silence shows in the pivots). Every view is a
pivot of it: themes (rows, taxonomy order) x notices (columns, a ``(region, notice_id)``
MultiIndex, grouped by province so that 镇江市 sits beside 江苏省 but is its own column).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from .long import LongRows, TaskPart
from .records import shared
from .spill import OrderedRows, Parts, SpilledRows
from .strings import IdIndex

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from ..stages.themes import Taxonomy

COLUMNS = ["theme", "theme_label", "region", "notice_id", "task_id", "heading", "time_start",
           "time_end", "open_ended", "earliest_deadline", "departments", "targets"]
TARGET_COLUMNS = ["theme", "region", "notice_id", "task_id", "value", "unit", "comparator",
                  "metric", "raw"]
LONG_COLUMNS = [*COLUMNS, "end_condition"]  # the long table's frame: end_condition for windows
NOTICE_COLUMNS = ["notice_id", "region", "province", "city", "title", "doc_number", "issue_date",
                  "doc_type", "status", "tasks"]
UNKNOWN_REGION = "未知地区"
SEP = "; "
_COMPARATOR = {">=": "≥", "<=": "≤", "==": "", ">": ">", "<": "<"}


def column_values(column: pd.Series) -> list[Any]:
    """A column's cells as ``itertuples`` and ``to_dict`` give them: ``tolist`` for numpy and
    string columns (the same values, ten times faster than element by element), element by
    element for the others (a nullable boolean's cells are numpy booleans there)."""
    import numpy as np
    import pandas as pd

    dtype = column.dtype
    if isinstance(dtype, np.dtype) or (isinstance(dtype, pd.StringDtype)
                                       and dtype.na_value is np.nan):
        return column.tolist()  # type: ignore[no-any-return]
    return list(column)


def rows_of(frame: pd.DataFrame, index: bool = True) -> Iterator[tuple[Any, ...]]:
    """``frame.itertuples(index)``: the same named tuples, from each column as a list."""
    from collections import namedtuple

    fields = ["Index", *map(str, frame.columns)] if index else list(map(str, frame.columns))
    row = namedtuple("Pandas", fields, rename=True)  # type: ignore[misc]
    columns = [column_values(frame.iloc[:, k]) for k in range(len(frame.columns))]
    if index:
        columns.insert(0, frame.index.tolist())
    return map(row._make, zip(*columns, strict=True))


def region_of(notice: Mapping[str, Any]) -> tuple[str, str | None, str | None]:
    """(label, province, city): the city when the notice has one, else the province."""
    doc_region = (notice.get("doc") or {}).get("region") or {}
    source = notice.get("source") or {}
    province = shared(doc_region.get("province") or source.get("province"))
    city = shared(doc_region.get("city") or source.get("city"))
    return city or province or UNKNOWN_REGION, province, city


def task_key(task_id: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order of task ids: 2.9 before 2.10, the body's before a part's (A1.2.1)."""
    out = []
    for part in str(task_id).split("."):
        if not part:
            out.append((-1, 0, ""))  # a notice-level row comes first
        elif part.isdigit():
            out.append((0, int(part), ""))
        else:
            digits = "".join(c for c in part if c.isdigit())
            out.append((1, int(digits) if digits else 0, part))
    return tuple(out)


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def format_target(target: Mapping[str, Any]) -> str:
    """``≥60% 养老机构符合强制性国家标准``: comparator, value, unit, then the metric."""
    head = f"{_COMPARATOR.get(target.get('comparator', '=='), '')}"
    head += f"{format_number(target['value'])}{target.get('unit', '')}"
    return f"{head} {target['metric']}" if target.get("metric") else head


def format_window(row: Mapping[str, Any]) -> str:
    """``2020-04–2020-12``, ``2020-01–（疫情结束）``, or '' when the task states no window."""
    start, end = row.get("time_start") or "", row.get("time_end") or ""
    if not start and not end:
        return ""
    if _true(row.get("open_ended")) and not end:
        end = f"（{row.get('end_condition') or '长期'}）"
    return f"{start}–{end}"


def _true(value: Any) -> bool:
    """True for True and numpy's True; False for False, None and pandas' NA."""
    try:
        return bool(value) if value is not None else False
    except TypeError:
        return False


Row = tuple[Any, ...]  # a row of a table as its values, in its columns' order


def _task_rows(notice: Mapping[str, Any], region: str, targets_out: list[Row]
               ) -> list[tuple[TaskPart, list[str]]]:
    """Each task of a notice as its values in the long table (``long.TaskPart``: a row per
    theme it addresses, ``LongRows``) and its themes; its target rows (``TARGET_COLUMNS``), one
    per target and theme, go to ``targets_out``."""
    tasks = []
    for task in notice.get("tasks", []):
        time = task.get("time") or {}
        deadlines = sorted(d["date"] for d in task.get("deadlines", []))
        kinds = shared(SEP.join(dict.fromkeys(d["kind"] for d in task.get("departments", []))))
        targets = [format_target(t) for t in task.get("targets", [])]
        task_id = shared(task["id"])
        start, end = shared(time.get("start") or ""), shared(time.get("end") or "")
        themes = [shared(theme) for theme in task.get("themes", [])]
        tasks.append(((task_id, task["heading"], start, end,
                       bool(time.get("open_ended")) if time else None,
                       shared(deadlines[0]) if deadlines else "", kinds, SEP.join(targets),
                       shared(time.get("end_condition") or "")), themes))
        for theme in themes:
            targets_out.extend((
                theme, region, notice["id"], task_id, t["value"], shared(t.get("unit", "")),
                shared(t.get("comparator")), t.get("metric") or "", shared(t.get("raw", "")))
                for t in task.get("targets", []))
    return tasks


def theme_order(used: set[str], taxonomy: Taxonomy) -> list[str]:
    """The themes any notice addresses (``used``), in taxonomy order (ids the taxonomy lacks
    last, sorted)."""
    known = [t for t in taxonomy.ids if t in used]
    return known + sorted(used - set(known))


class Tables:
    """The long table, the targets and the notices, built a notice at a time (``add``, in the
    batch's order) and framed at the end (``frames``), for notices given as contract-shaped
    dicts; ``themes``: the rows wanted, in order (else every theme some notice addresses);
    ``scratch``: a folder the long table's rows are kept in (``LongRows``) instead of memory."""

    def __init__(self, taxonomy: Taxonomy, themes: list[str] | None = None,
                 scratch: Path | None = None) -> None:
        self.themes = themes
        self.taxonomy = taxonomy
        self.labels = {t.id: t.zh for t in taxonomy.themes}
        # a measure aligned across the batch has no absence rows: its pivots show the notices
        # without it (0, 未涉及), and a long table of every measure x every notice would grow
        # with their product
        self.discovered = {t.id for t in taxonomy.themes if t.field == "discovered"}
        self.long = LongRows(LONG_COLUMNS, scratch)
        self.target_rows = SpilledRows(scratch, ".target-rows.")  # TARGET_COLUMNS
        # NOTICE_COLUMNS, kept in the scratch file (``OrderedRows``: a row's place and the ranks
        # of its sort key are held, not the row), framed only when a notebook asks
        self.notice_rows = OrderedRows(NOTICE_COLUMNS, scratch, ".notice-rows.")

    def add(self, notice: Mapping[str, Any]) -> None:
        region, province, city = region_of(notice)
        province, city = shared(province or ""), shared(city or "")
        doc = notice.get("doc") or {}
        self.notice_rows.extend([(
            notice["id"], shared(region), province, city, doc.get("title") or "",
            doc.get("doc_number") or "", shared(doc.get("issue_date") or ""),
            shared(doc.get("doc_type") or ""), shared(notice.get("status", "")),
            len(notice.get("tasks", [])))], [(province, city, notice["id"])])
        targets: list[Row] = []
        self.long.add(notice["id"], region, _task_rows(notice, region, targets))
        self.target_rows.extend(targets)

    def frames(self) -> tuple[LongRows, TargetRows, Parts]:
        """(long, targets, notices): the long table put in order, the targets' rows (framed
        when asked for) and the notices' rows by province, city and id (equal keys in the
        batch's order), read a part at a time. A theme outside ``themes`` is dropped; one a
        notice does not address gets its absence row (discovered measures get none)."""
        used = self.long.used()
        order = [shared(t) for t in (self.themes if self.themes is not None
                                     else theme_order(used, self.taxonomy))]
        notices = self.notice_rows.seal()
        column_rank = IdIndex(notices.values("notice_id"))  # a dict: 2.8 MB at 20,000
        self.long.seal(order, self.labels, self.discovered, column_rank)
        return self.long, TargetRows(self.target_rows, self.long.ranks, column_rank), notices


class TargetRows:
    """The quantified targets' rows (``TARGET_COLUMNS``) as added, framed and put in order
    when asked for (``frame``): a run's writers never read them, a notebook may."""

    def __init__(self, rows: Iterable[Row], rank: Mapping[str, int],
                 column_rank: Mapping[str, int]) -> None:
        self.rows, self.rank, self.column_rank = rows, rank, column_rank

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        targets = pd.DataFrame(list(self.rows), columns=TARGET_COLUMNS)
        targets = targets[targets["theme"].isin(self.rank)]
        return targets.sort_values(["theme", "notice_id", "task_id"],
                                   key=_sort_key(self.rank, self.column_rank), kind="stable",
                                   ignore_index=True)


def _sort_key(rank: Mapping[str, int], column_rank: Mapping[str, int]) -> Any:
    def key(col: pd.Series) -> pd.Series:
        if col.name == "theme":
            return col.map(rank)
        if col.name == "notice_id":
            return col.map(column_rank)
        return col.map(lambda t: task_key(t))
    return key


def present(long: pd.DataFrame) -> pd.DataFrame:
    """The rows that point at a task (absence rows dropped)."""
    return long[long["task_id"] != ""]


def columns_index(notices: pd.DataFrame) -> pd.MultiIndex:
    import pandas as pd

    return pd.MultiIndex.from_frame(notices[["region", "notice_id"]])


def pivot(notices: pd.DataFrame, themes: list[str], values: Mapping[tuple[str, str], Any],
          fill: Any) -> pd.DataFrame:
    """Spread values keyed by (theme, notice_id) into a themes x (region, notice_id) table.

    Cells are grouped in plain Python and placed through one numpy array: with a thousand notices,
    ``groupby().agg(str.join)`` and ``unstack`` over per-column string blocks cost seconds.
    """
    import numpy as np
    import pandas as pd

    row_of = {t: i for i, t in enumerate(themes)}
    col_of = {n: j for j, n in enumerate(notices["notice_id"])}
    grid = np.full((len(themes), len(col_of)), fill, dtype=int if isinstance(fill, int) else object)
    for (theme, notice_id), value in values.items():
        i, j = row_of.get(theme), col_of.get(notice_id)
        if i is not None and j is not None:
            grid[i, j] = value
    return pd.DataFrame(grid, index=pd.Index(themes, name="theme"), columns=columns_index(notices))


Long = Any  # the long table: a DataFrame, or its parts (an iterable of DataFrames) in order


@dataclass(frozen=True)
class Cell:
    """How a pivot's cell is made from the long table's rows of its theme and notice that point
    at a task: each row's value from its ``columns`` (``value``), the non-empty ones, in row
    order, made into the cell (``reduce``); ``fill`` where there are none."""

    columns: tuple[str, ...]
    value: Callable[..., Any]
    reduce: Callable[[list[Any]], Any]
    fill: Any


def _same(value: Any) -> Any:
    return value


def _joined(values: list[str]) -> str:
    return SEP.join(values)


def _union(values: list[str]) -> str:
    """The kinds of every row, in order of first mention."""
    return SEP.join(dict.fromkeys(x for cell in values for x in cell.split(SEP)))


def _window_text(task_id: str, start: Any, end: Any, open_ended: Any, condition: Any) -> str:
    window = format_window({"time_start": start, "time_end": end, "open_ended": open_ended,
                            "end_condition": condition})
    return f"{task_id}: {window}" if window else ""


def _target_text(task_id: str, targets: str) -> str:
    return SEP.join(f"{task_id}: {t}" for t in targets.split(SEP)) if targets else ""


# each pivot's cells, by view name
CELLS: dict[str, Cell] = {
    "presence": Cell(("task_id",), _same, len, 0),  # how many tasks: 0 where silent
    "tasks": Cell(("task_id",), _same, _joined, ""),  # ``3.2; 3.4``
    # each task's window, ``3.1: 2020-01–（疫情结束）``
    "windows": Cell(("task_id", "time_start", "time_end", "open_ended", "end_condition"),
                    _window_text, _joined, ""),
    "deadlines": Cell(("earliest_deadline",), _same, min, ""),  # the earliest, YYYY-MM-DD
    "departments": Cell(("departments",), _same, _union, ""),  # the kinds its tasks name
    # its tasks' quantified targets, ``3.3: ≥60% 养老机构符合…``
    "targets": Cell(("task_id", "targets"), _target_text, _joined, ""),
}


def theme_runs(long: Long, cell: Cell, themes: Iterable[str]
               ) -> Iterator[tuple[str, dict[str, list[Any]], set[str]]]:
    """The long table's rows that point at a task (a DataFrame, or its parts in the table's
    order), a theme's at a time for the ``themes`` wanted: (theme, each notice's non-empty row
    values for ``cell``, in row order, the notices with a row there). Read row by row from each
    part's columns; reading stops once every wanted theme is past (the table is in theme
    order, so a theme's rows are one run)."""
    import pandas as pd

    left = set(themes)
    current: str | None = None
    values: dict[str, list[Any]] = {}
    addressed: set[str] = set()
    for part in [long] if isinstance(long, pd.DataFrame) else long:
        rows = present(part)
        columns = [column_values(rows[c]) for c in ("theme", "notice_id", *cell.columns)]
        for theme, notice_id, *row in zip(*columns, strict=True):
            if theme != current:
                if current in left:
                    yield current, values, addressed
                    left.discard(current)
                    if not left:
                        return
                current, values, addressed = theme, {}, set()
            if theme in left:
                addressed.add(notice_id)
                value = cell.value(*row)
                if value:
                    values.setdefault(notice_id, []).append(value)
    if current in left:
        yield current, values, addressed


def theme_streams(long: Long, cell: Cell, themes: Iterable[str]
                  ) -> Iterator[tuple[str, Iterator[tuple[str, list[Any]]]]]:
    """``theme_runs`` a notice at a time: (theme, each notice's (notice_id, non-empty row values
    for ``cell``, in row order)) for the ``themes`` wanted, the notices in the table's order
    (a theme's rows are one run, a notice's rows one run within it: the table is in theme, then
    notice column order). A theme's notices are read before the next theme is asked for
    (``itertools.groupby``'s rule: those not read are passed over), so a row of a wide batch is
    never held whole (20,000 notices on one row: several MB as ``theme_runs``' dict and set)."""
    left = set(themes)
    if not left:
        return
    for theme, rows in groupby(_present_rows(long, cell), key=itemgetter(0)):
        if theme not in left:
            continue
        left.discard(theme)
        yield theme, ((notice_id, [v for _, _, *row in run if (v := cell.value(*row))])
                      for notice_id, run in groupby(rows, key=itemgetter(1)))
        if not left:
            return


def _present_rows(long: Long, cell: Cell) -> Iterator[tuple[Any, ...]]:
    """(theme, notice_id, *``cell.columns``) of each row that points at a task, in order."""
    import pandas as pd

    for part in [long] if isinstance(long, pd.DataFrame) else long:
        rows = present(part)
        yield from zip(*(column_values(rows[c]) for c in ("theme", "notice_id", *cell.columns)),
                       strict=True)


def cells_of(long: Long, cell: Cell, themes: Iterable[str]) -> dict[tuple[str, str], Any]:
    """By (theme, notice_id): the pivot's cells that are not ``fill``."""
    return {(theme, notice_id): cell.reduce(found)
            for theme, values, _ in theme_runs(long, cell, themes)
            for notice_id, found in values.items()}


def _pivot_of(name: str) -> Callable[[Long, pd.DataFrame, list[str]], pd.DataFrame]:
    cell = CELLS[name]

    def made(long: Long, notices: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
        return pivot(notices, themes, cells_of(long, cell, themes), cell.fill)
    made.__doc__ = f"The {name} pivot: themes x (region, notice_id), {cell.fill!r} where no cell."
    return made


presence, task_ids, windows = _pivot_of("presence"), _pivot_of("tasks"), _pivot_of("windows")
earliest_deadlines, departments = _pivot_of("deadlines"), _pivot_of("departments")
targets = _pivot_of("targets")


def as_records(notices: Iterable[Any]) -> list[dict[str, Any]]:
    """Notices as contract-shaped dicts, whether given as ``Notice`` objects or parsed JSON."""
    out = []
    for notice in notices:
        out.append(notice.model_dump(mode="json") if hasattr(notice, "model_dump") else dict(notice))
    return out
