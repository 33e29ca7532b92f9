"""Cross-region comparison: ``compare(notices) -> Matrix`` for notebooks and runs (the files are
written by ``pipeline.export.matrix_files.write_matrix``; comparison never imports the writers).

>>> m = compare(load_notices("out/notices"))       # doctest: +SKIP
>>> m.long            # matrix.csv: one row per (theme, region, task), absence rows included
>>> m.presence        # themes x (region, notice_id): number of tasks, 0 = silent
>>> m.windows, m.deadlines, m.departments, m.targets, m.tasks   # the other pivots
>>> m.target_values   # one row per quantified target, value/unit/comparator/metric as columns
>>> m.department_roles, m.department_view   # tasks per department kind and role, per notice
>>> m.timeline        # every deadline by date, with its phrase and task

pandas is imported when a function here runs, not when the package is imported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import matrix as _m

if TYPE_CHECKING:
    import pandas as pd

    from ..stages.themes import Taxonomy

__all__ = ["Matrix", "compare", "load_notices", "prepare", "record"]
COMPARABLE = ("success", "partial")
# What the comparison reads of a notice, and all a run keeps of each until its end: a key maps
# to True (kept whole), to the keys kept of a mapping, or to a one-item list (the keys kept of
# each item of a list). Spans, outline parents, issuers and page lists are not read here.
_DEADLINE = {"date": True, "phrase": True, "raw": True}
RECORD_SHAPE: dict[str, Any] = {
    "id": True, "status": True,
    "doc": {"region": True, "title": True, "doc_number": True, "issue_date": True, "doc_type": True},
    "doc_deadlines": [_DEADLINE],
    "source": {"province": True, "city": True},
    "tasks": [{"id": True, "number": True, "heading": True, "text": True, "themes": True,
               "time": True, "deadlines": [_DEADLINE],
               "departments": [{"kind": True, "role": True}],
               "targets": [{"value": True, "unit": True, "comparator": True, "metric": True,
                            "raw": True}]}],
}
VIEWS = ("presence", "tasks", "windows", "deadlines", "departments", "targets")


@dataclass(eq=False)
class Matrix:
    """The long table, its pivots (computed on first use) and what the report needs to link."""

    long: pd.DataFrame
    target_values: pd.DataFrame
    notices: pd.DataFrame
    themes: pd.DataFrame  # id, zh, en, field: the matrix rows, in order
    task_texts: dict[tuple[str, str], dict[str, str]] = field(repr=False)
    # per region and notice: tasks per department kind and role (views.department_roles)
    department_roles: pd.DataFrame | None = field(default=None, repr=False)
    timeline: pd.DataFrame | None = field(default=None, repr=False)  # every deadline by date

    @cached_property
    def department_view(self) -> pd.DataFrame:
        """Kinds x notices: ``牵头 3 · 配合 2`` per cell (who leads how many tasks where)."""
        from .views import department_pivot

        return department_pivot(self.department_roles, self.notices)

    @property
    def theme_ids(self) -> list[str]:
        return list(self.themes["id"])

    def _view(self, fn: Any) -> pd.DataFrame:
        return fn(self.long, self.notices, self.theme_ids)  # type: ignore[no-any-return]

    @cached_property
    def presence(self) -> pd.DataFrame:
        return self._view(_m.presence)

    @cached_property
    def tasks(self) -> pd.DataFrame:
        return self._view(_m.task_ids)

    @cached_property
    def windows(self) -> pd.DataFrame:
        return self._view(_m.windows)

    @cached_property
    def deadlines(self) -> pd.DataFrame:
        return self._view(_m.earliest_deadlines)

    @cached_property
    def departments(self) -> pd.DataFrame:
        return self._view(_m.departments)

    @cached_property
    def targets(self) -> pd.DataFrame:
        return self._view(_m.targets)

    def views(self) -> dict[str, pd.DataFrame]:
        """Every pivot by name, in the order the xlsx sheets and the report show them."""
        return {name: getattr(self, name) for name in VIEWS}

    def labelled(self, view: pd.DataFrame) -> pd.DataFrame:
        """A view with Chinese theme labels as its index instead of ids."""
        labels = dict(zip(self.themes["id"], self.themes["zh"], strict=True))
        return view.rename(index=labels)

    def to_csv(self) -> str:
        """``matrix.csv``: the long table, lists joined with ``;``, absence rows with no task_id.

        A text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR
        first) is written with a leading ``'``, the usual guard against CSV formula injection."""
        return "".join(self.csv_parts())

    def csv_parts(self, rows: int = 20000) -> Iterator[str]:
        """``to_csv`` in pieces of ``rows`` rows (the header first), so a long table is written
        without a copy of it whole."""
        from pandas.api.types import is_numeric_dtype

        for start in range(0, max(1, len(self.long)), rows):
            part = self.long.iloc[start:start + rows].copy()
            for column in part.columns:
                if not is_numeric_dtype(part[column]):
                    part[column] = part[column].map(_inert)
            yield str(part.to_csv(index=False, header=start == 0, lineterminator="\n"))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def compare(notices: Iterable[Any], taxonomy: Taxonomy | None = None,
            themes: list[str] | None = None, grouping: str = "auto") -> Matrix:
    """Build the matrix from notices (``Notice`` objects or contract dicts).

    Failed notices are left out. The rows are the themes some notice addresses (or ``themes``),
    in taxonomy order, then the measures aligned across the batch (``grouping``: ``auto`` aligns
    the tasks no theme took, ``measures`` every task with the taxonomy off, ``taxonomy`` none);
    the columns are the notices, keyed by region and grouped by province.
    """
    import pandas as pd

    from ..stages.themes import Taxonomy, Theme, load_taxonomy

    taxonomy = taxonomy or load_taxonomy()
    records = [r for r in _m.as_records(notices) if r.get("status", "success") in COMPARABLE]
    measures: list[Theme] = []
    if grouping != "taxonomy" and themes is None:
        records, measures = _with_measures(records, only_unthemed=grouping == "auto")
        if grouping == "measures":
            taxonomy = Taxonomy(tuple(measures), taxonomy.scoring)
        else:
            taxonomy = Taxonomy(taxonomy.themes + tuple(measures), taxonomy.scoring)
    long, targets, notice_table = _m.build_tables(records, taxonomy, themes)
    order = list(dict.fromkeys(long["theme"])) if themes is None else themes
    info = {t.id: t for t in taxonomy.themes}
    theme_table = pd.DataFrame([{
        "id": t, "zh": info[t].zh if t in info else t, "en": info[t].en if t in info else t,
        "field": info[t].field if t in info else ""} for t in order],
        columns=["id", "zh", "en", "field"])
    texts = {(r["id"], t["id"]): {"heading": t.get("heading", ""), "text": t.get("text", ""),
                                  "number": t.get("number", "")}
             for r in records for t in r.get("tasks", [])}
    from .views import department_roles, timeline

    return Matrix(long, targets, notice_table, theme_table, texts, department_roles(records),
                  timeline(records))


def _aligned(tasks: list[dict[str, Any]], only_unthemed: bool) -> list[dict[str, Any]]:
    """The tasks alignment groups: those no theme took (``auto``), or all of them."""
    return [t for t in tasks if not (only_unthemed and t.get("themes"))]


def record(notice: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a notice (contract dict) that ``compare`` reads (``RECORD_SHAPE``): a batch
    of 20,000 notices keeps that of each until its comparison, not its outline, spans,
    references and page list. ``compare`` gives the same matrix from it as from the notice."""
    return _project(notice, RECORD_SHAPE)  # type: ignore[no-any-return]


def _project(value: Any, shape: Any) -> Any:
    """``value`` with only the keys ``shape`` names (``RECORD_SHAPE``); a value of another type
    than the shape expects is kept as it is."""
    if shape is True:
        return value
    if isinstance(shape, list) and isinstance(value, list):
        return [_project(item, shape[0]) for item in value]
    if isinstance(shape, dict) and isinstance(value, Mapping):
        return {k: _project(value[k], sub) for k, sub in shape.items() if k in value}
    return value


def prepare(record: Mapping[str, Any], grouping: str = "auto") -> None:
    """Segment now the words of the tasks of a notice that ``compare`` will align (they are kept,
    ``align.words``), so that a run does it while its other documents are still in the workers."""
    if grouping == "taxonomy" or record.get("status", "success") not in COMPARABLE:
        return
    from .align import words

    for task in _aligned(record.get("tasks", []), grouping == "auto"):
        words(task.get("heading", ""))
        words(task.get("text", ""))


def _with_measures(records: list[dict[str, Any]], *, only_unthemed: bool
                   ) -> tuple[list[dict[str, Any]], list[Any]]:
    """The records with each aligned task's ``themes`` set to its measure's id (copies: the
    notices given are not changed), and the measures as taxonomy rows (field ``discovered``)."""
    from ..stages.themes import Theme
    from .align import align

    # the records and tasks whose ``themes`` change are copies (the notices given stay as they
    # were); nothing below them is changed, so nothing below them is copied
    records = [{**r, "tasks": [dict(t) for t in r["tasks"]]} if "tasks" in r else dict(r)
               for r in records]
    pool = [{**r, "tasks": _aligned(r.get("tasks", []), only_unthemed)} for r in records]
    groups = align(pool)
    where = {(t.notice_id, t.task_id): g.id for g in groups for t in g.tasks}
    for record in records:
        for task in record.get("tasks", []):
            gid = where.get((record["id"], task["id"]))
            if gid is not None:
                task["themes"] = [*(task.get("themes", []) if only_unthemed else []), gid]
            elif not only_unthemed:
                task["themes"] = []
    rows = [Theme(g.id, g.label, " / ".join(g.terms), "discovered", g.terms) for g in groups]
    return records, rows


def _read(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    return [json.loads(path.read_text(encoding="utf-8"))]


def load_notices(*paths: str | Path) -> list[dict[str, Any]]:
    """Notice JSON from files (``.json``, ``.jsonl``) or folders (``DIR/notices/*.json`` or
    ``DIR/*.json``), in the order given, each id once (a later file replaces an earlier one)."""
    found: dict[str, dict[str, Any]] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            folder = path / "notices" if (path / "notices").is_dir() else path
            files = sorted(folder.glob("*.json"))
        else:
            files = [path]
        for file in files:
            for notice in _read(file):
                if isinstance(notice, Mapping) and "id" in notice:
                    found[str(notice["id"])] = dict(notice)
    return list(found.values())
