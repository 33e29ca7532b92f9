"""The cross-region matrix: the contract's long table and its pivots, as small pandas functions.

``long_table`` is ``matrix.csv``: one row per (theme, region, task), plus one row with an empty
``task_id`` for each taxonomy theme a notice does not address, so that silence is visible (an
aligned measure's silence shows in the pivots). Every view is a
pivot of it: themes (rows, taxonomy order) x notices (columns, a ``(region, notice_id)``
MultiIndex, grouped by province so that 镇江市 sits beside 江苏省 but is its own column).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .long import LongRows, TaskPart
from .records import shared
from .spill import SpilledRows

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
        self.notice_rows: list[dict[str, Any]] = []

    def add(self, notice: Mapping[str, Any]) -> None:
        region, province, city = region_of(notice)
        doc = notice.get("doc") or {}
        self.notice_rows.append({
            "notice_id": notice["id"], "region": region, "province": province or "",
            "city": city or "", "title": doc.get("title") or "", "doc_number": doc.get("doc_number") or "",
            "issue_date": shared(doc.get("issue_date") or ""), "doc_type": shared(doc.get("doc_type") or ""),
            "status": shared(notice.get("status", "")), "tasks": len(notice.get("tasks", []))})
        targets: list[Row] = []
        self.long.add(notice["id"], region, _task_rows(notice, region, targets))
        self.target_rows.extend(targets)

    def frames(self) -> tuple[LongRows, TargetRows, pd.DataFrame]:
        """(long, targets, notices): the long table put in order, the targets' rows (framed
        when asked for) and the notices. A theme outside ``themes`` is dropped; one a notice
        does not address gets its absence row (discovered measures get none)."""
        import pandas as pd

        used = set().union(*self.long.addressed())
        order = [shared(t) for t in (self.themes if self.themes is not None
                                     else theme_order(used, self.taxonomy))]
        rank = {t: k for k, t in enumerate(order)}
        notices_df = pd.DataFrame(self.notice_rows, columns=NOTICE_COLUMNS)
        notices_df = notices_df.sort_values(["province", "city", "notice_id"], kind="stable",
                                            ignore_index=True)
        column_rank = {n: k for k, n in enumerate(notices_df["notice_id"])}
        self.long.seal(order, self.labels, self.discovered, column_rank)
        return self.long, TargetRows(self.target_rows, rank, column_rank), notices_df


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


def per_cell(long: Long, values: Callable[[pd.DataFrame], Iterable[Any]],
             themes: Iterable[str] | None = None) -> dict[tuple[str, str], list[Any]]:
    """The non-empty ``values(rows)`` of the long table's rows that point at a task, gathered by
    (theme, notice_id) in row (task) order, a part at a time; ``themes``: only theirs."""
    import pandas as pd

    wanted = set(themes) if themes is not None else None
    out: dict[tuple[str, str], list[Any]] = {}
    for part in [long] if isinstance(long, pd.DataFrame) else long:
        rows = present(part)
        if wanted is not None:
            rows = rows[rows["theme"].isin(wanted)]
        cells = zip(column_values(rows["theme"]), column_values(rows["notice_id"]), values(rows),
                    strict=True)
        for theme, notice_id, value in cells:
            if value:
                out.setdefault((theme, notice_id), []).append(value)
    return out


def _joined(cells: dict[tuple[str, str], list[str]]) -> dict[tuple[str, str], str]:
    return {key: SEP.join(items) for key, items in cells.items()}


def presence_cells(long: Long, themes: Iterable[str] | None = None) -> dict[tuple[str, str], Any]:
    """By (theme, notice_id): how many of the notice's tasks address the theme."""
    return {k: len(v) for k, v in per_cell(long, lambda rows: rows["task_id"], themes).items()}


def task_id_cells(long: Long, themes: Iterable[str] | None = None) -> dict[tuple[str, str], Any]:
    """By (theme, notice_id): the task ids, ``3.2; 3.4``."""
    return _joined(per_cell(long, lambda rows: rows["task_id"], themes))


def _window_texts(rows: pd.DataFrame) -> list[str]:
    return [f"{r['task_id']}: {w}" if (w := format_window(r)) else ""
            for r in rows[["task_id", "time_start", "time_end", "open_ended", "end_condition"]]
            .to_dict("records")]


def window_cells(long: Long, themes: Iterable[str] | None = None) -> dict[tuple[str, str], Any]:
    """By (theme, notice_id): each task's window, ``3.1: 2020-01–（疫情结束）``."""
    return _joined(per_cell(long, _window_texts, themes))


def deadline_cells(long: Long, themes: Iterable[str] | None = None) -> dict[tuple[str, str], Any]:
    """By (theme, notice_id): the earliest in-text deadline of its tasks (YYYY-MM-DD)."""
    return {k: min(v) for k, v in per_cell(long, lambda rows: rows["earliest_deadline"],
                                          themes).items()}


def department_cells(long: Long, themes: Iterable[str] | None = None) -> dict[tuple[str, str], Any]:
    """By (theme, notice_id): the department kinds its tasks name, in order of first mention."""
    cells = per_cell(long, lambda rows: rows["departments"], themes)
    return {k: SEP.join(dict.fromkeys(x for cell in v for x in cell.split(SEP)))
            for k, v in cells.items()}


def _target_texts(rows: pd.DataFrame) -> list[str]:
    return [SEP.join(f"{tid}: {t}" for t in cell.split(SEP)) if cell else ""
            for tid, cell in zip(rows["task_id"], rows["targets"], strict=True)]


def target_cells(long: Long, themes: Iterable[str] | None = None) -> dict[tuple[str, str], Any]:
    """By (theme, notice_id): its tasks' quantified targets, ``3.3: ≥60% 养老机构符合…``."""
    return _joined(per_cell(long, _target_texts, themes))


# each pivot's cells and what a cell without any holds, by view name
CELLS: dict[str, tuple[Callable[..., dict[tuple[str, str], Any]], Any]] = {
    "presence": (presence_cells, 0), "tasks": (task_id_cells, ""), "windows": (window_cells, ""),
    "deadlines": (deadline_cells, ""), "departments": (department_cells, ""),
    "targets": (target_cells, "")}


def _pivot_of(name: str) -> Callable[[Long, pd.DataFrame, list[str]], pd.DataFrame]:
    cells, fill = CELLS[name]

    def made(long: Long, notices: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
        return pivot(notices, themes, cells(long, themes), fill)
    made.__doc__ = f"The {name} pivot: themes x (region, notice_id), {fill!r} where no cell."
    return made


presence, task_ids, windows = _pivot_of("presence"), _pivot_of("tasks"), _pivot_of("windows")
earliest_deadlines, departments = _pivot_of("deadlines"), _pivot_of("departments")
targets = _pivot_of("targets")


def by_theme(parts: Iterable[pd.DataFrame], themes: Iterable[str]) -> Iterator[tuple[str, pd.DataFrame]]:
    """The long table's rows (``parts``, in the table's order), a theme's at a time, for the
    ``themes`` wanted (a theme without rows is not given); reading stops once every wanted
    theme is past."""
    import pandas as pd

    left = set(themes)
    current, pieces = None, []
    for part in parts:
        values = column_values(part["theme"])
        starts = [k for k in range(len(values)) if k == 0 or values[k] != values[k - 1]]
        for a, b in zip(starts, [*starts[1:], len(values)], strict=True):
            theme = values[a]
            if theme != current:
                if pieces:
                    yield current, pd.concat(pieces) if len(pieces) > 1 else pieces[0]
                    left.discard(current)
                if not left:
                    return
                current, pieces = theme, []
            if theme in left:
                pieces.append(part.iloc[a:b])
    if pieces:
        yield current, pd.concat(pieces) if len(pieces) > 1 else pieces[0]


def as_records(notices: Iterable[Any]) -> list[dict[str, Any]]:
    """Notices as contract-shaped dicts, whether given as ``Notice`` objects or parsed JSON."""
    out = []
    for notice in notices:
        out.append(notice.model_dump(mode="json") if hasattr(notice, "model_dump") else dict(notice))
    return out
