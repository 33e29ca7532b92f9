"""Views across the whole batch that are not per theme (issue 16): who leads, and when.

- ``department_roles``: per region and notice, per department kind, how many tasks name it as
  lead, support, responsible, or without a role, each task counted once (however many themes or
  measures it sits in);
- ``timeline``: every deadline, tasks' and the notice's own, in date order, with its phrase.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .matrix import region_of, task_key
from .records import shared
from .spill import OrderedRows

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

ROLE_COLUMNS = ["lead", "support", "responsible", "unlabelled"]
DEPT_COLUMNS = ["region", "notice_id", "kind", *ROLE_COLUMNS, "tasks"]
TIMELINE_COLUMNS = ["date", "region", "notice_id", "task_id", "heading", "phrase", "raw"]
ROLE_LABELS = {"lead": "牵头", "support": "配合", "responsible": "负责", "unlabelled": "未标注"}


def role_rows(notice: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """A notice's rows of ``department_roles`` (``DEPT_COLUMNS``): per department kind its
    tasks by role."""
    region = region_of(notice)[0]
    counts: dict[str, dict[str, int]] = {}
    for task in notice.get("tasks", []):
        for dept in task.get("departments", []):
            row = counts.setdefault(dept["kind"], dict.fromkeys([*ROLE_COLUMNS, "tasks"], 0))
            row[dept.get("role") or "unlabelled"] += 1
            row["tasks"] += 1
    return [(region, notice["id"], shared(kind), *row.values()) for kind, row in counts.items()]


def roles_frame(rows: Iterable[tuple[Any, ...]]) -> pd.DataFrame:
    """``department_roles`` from every notice's ``role_rows``."""
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=DEPT_COLUMNS)
    return frame.sort_values(["region", "notice_id", "lead", "tasks", "kind"],
                             ascending=[True, True, False, False, True], ignore_index=True)


def role_summary(row: Mapping[str, Any]) -> str:
    """``牵头 3 · 配合 2``: the non-zero role counts of a department_roles row."""
    return " · ".join(f"{ROLE_LABELS[r]} {int(row[r])}" for r in ROLE_COLUMNS if int(row[r]))


def kind_order(rows: Iterable[tuple[Any, ...]]) -> list[str]:
    """The kinds of ``department_roles`` (its rows, ``role_rows``), most lead tasks first, then
    most tasks, then by name (the order pandas groups them in)."""
    lead, tasks = DEPT_COLUMNS.index("lead"), DEPT_COLUMNS.index("tasks")
    sums: dict[str, list[int]] = {}
    for row in rows:
        total = sums.setdefault(row[2], [0, 0])
        total[0] += int(row[lead])
        total[1] += int(row[tasks])
    return sorted(sorted(sums), key=lambda kind: (-sums[kind][0], -sums[kind][1]))


def role_cells(rows: Iterable[tuple[Any, ...]], column: Callable[[str, str], int],
               order: list[str]) -> list[dict[int, str]]:
    """For each kind of ``order``: its cells that say something, by notice column (the rest are
    empty; ``column``: a row's region and notice id -> its column), from
    ``department_roles``'s rows (``role_rows``)."""
    wanted = {kind: i for i, kind in enumerate(order)}
    cells: list[dict[int, str]] = [{} for _ in order]
    # each summary held once: a batch repeats a few hundred (20,000 distinct notices: 23,259
    # cells of the kinds a report shows, 122 summaries, 3.2 MB as a string a cell)
    summaries: dict[str, str] = {}
    for row in rows:
        i = wanted.get(row[2])
        if i is not None:
            summary = role_summary(dict(zip(DEPT_COLUMNS, row, strict=True)))
            cells[i][column(row[0], row[1])] = summaries.setdefault(summary, summary)
    return cells


def columns_of(regions: Iterable[str], ids: Iterable[str]) -> Callable[[str, str], int]:
    """``role_cells``' ``column`` for notices given as their columns' ``regions`` and ids."""
    at = {key: j for j, key in enumerate(zip(regions, ids, strict=True))}
    return lambda region, notice_id: at[(region, notice_id)]


def department_pivot(rows: Iterable[tuple[Any, ...]], notices: pd.DataFrame, order: list[str]
                     ) -> pd.DataFrame:
    """Kinds (``order``: those wanted, in order) x (region, notice_id): the role summary of
    each cell, from ``department_roles``'s rows (``role_rows``)."""
    import pandas as pd

    from .matrix import column_values, columns_index

    cols = columns_index(notices)
    cells = role_cells(rows, columns_of(column_values(notices["region"]),
                                        column_values(notices["notice_id"])), order)
    grid = [[row.get(j, "") for j in range(len(cols))] for row in cells]
    return pd.DataFrame(grid, index=pd.Index(order, name="kind"), columns=cols)


def timeline_rows(notice: Mapping[str, Any]) -> list[tuple[str, ...]]:
    """A notice's rows of the timeline (``TIMELINE_COLUMNS``): its tasks' deadlines, then its
    own."""
    region = region_of(notice)[0]
    rows = []
    for task in notice.get("tasks", []):
        rows.extend((shared(d["date"]), region, notice["id"], shared(task["id"]),
                     task.get("heading", ""), d.get("phrase") or shared(d.get("raw", "")),
                     shared(d.get("raw", "")))
                    for d in task.get("deadlines", []))
    rows.extend((shared(d["date"]), region, notice["id"], "", "", d.get("phrase") or shared(d.get("raw", "")),
                 shared(d.get("raw", ""))) for d in notice.get("doc_deadlines", []))
    return rows


TIMELINE_ORDER = (None, None, None, task_key)  # by date, region, notice, then task (natural)


def timeline_table(folder: Path | None = None) -> OrderedRows:
    """The timeline's rows, added a notice at a time (``add_timeline``), then put in order
    (``seal(TIMELINE_ORDER)``), kept in a spill (``folder``: a run's ``--out``; None: memory)."""
    return OrderedRows(TIMELINE_COLUMNS, folder, ".timeline-rows.")


def add_timeline(table: OrderedRows, notice: Mapping[str, Any]) -> None:
    """A notice's ``timeline_rows``, each keyed by its date, region, notice and task."""
    rows = timeline_rows(notice)
    table.extend(rows, (row[:4] for row in rows))
