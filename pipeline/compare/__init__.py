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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..memory import phase, release
from . import matrix as _m
from .long import LongRows
from .records import COMPARABLE, Comparable, MeasureOf, Packed, Themed, record
from .spill import Parts, SpilledRows
from .strings import Strings
from .texts import TaskTexts

if TYPE_CHECKING:
    import pandas as pd

    from ..stages.themes import Taxonomy

__all__ = ["Matrix", "compare", "load_notices", "prepare", "record"]
VIEWS = ("presence", "tasks", "windows", "deadlines", "departments", "targets")
_PIVOTS = {"presence": _m.presence, "tasks": _m.task_ids, "windows": _m.windows,  # by view
           "deadlines": _m.earliest_deadlines, "departments": _m.departments, "targets": _m.targets}


@dataclass(eq=False)
class Matrix:
    """The long table, its pivots (computed on first use) and what the report needs to link."""

    rows: LongRows  # the long table, read a part at a time (``long``: the whole of it)
    target_rows: _m.TargetRows = field(repr=False)  # ``target_values``, framed when asked for
    # the notices (``matrix.NOTICE_COLUMNS``), the columns in order: framed when asked for
    # (``notices``), read a part or a column at a time by the writers (``notice_columns``)
    notice_rows: Parts = field(repr=False)
    themes: pd.DataFrame  # id, zh, en, field: the matrix rows, in order
    # (notice id, task id) -> {"heading", "text", "number"}, the texts the report links to
    task_texts: TaskTexts = field(repr=False)
    # per region and notice: tasks per department kind and role (views.role_rows), framed when
    # asked for (``department_roles``)
    role_rows: Iterable[tuple[Any, ...]] = field(default=(), repr=False)
    # every deadline by date (views.timeline_table), framed whole when asked for (``timeline``)
    timeline_parts: Parts | None = field(default=None, repr=False)

    @cached_property
    def notices(self) -> pd.DataFrame:
        """The notices, a row each (``matrix.NOTICE_COLUMNS``), by province, city and id: the
        matrix's columns in order."""
        import pandas as pd

        if not len(self.notice_rows):  # columns of strings, as for notices without a value
            return pd.DataFrame([], columns=self.notice_rows.columns)
        return self.notice_rows.whole()

    @cached_property
    def target_values(self) -> pd.DataFrame:
        """One row per quantified target (``matrix.TARGET_COLUMNS``), in the long table's
        order."""
        return self.target_rows.frame()

    @cached_property
    def timeline(self) -> pd.DataFrame:
        """Every deadline by date, with its phrase and task (``views.TIMELINE_COLUMNS``)."""
        return self._timeline().whole()

    def timeline_frames(self) -> Iterator[pd.DataFrame]:
        """``timeline`` a part at a time (the one made already, if it was)."""
        made = self.__dict__.get("timeline")
        if made is not None:
            yield made
        else:
            yield from self._timeline().frames()

    def _timeline(self) -> Parts:
        if self.timeline_parts is None:  # a matrix made without one: no deadline
            from .views import TIMELINE_ORDER, timeline_table

            self.timeline_parts = timeline_table().seal(TIMELINE_ORDER)
        return self.timeline_parts

    @cached_property
    def long(self) -> pd.DataFrame:
        """``matrix.csv`` as one DataFrame, made when first asked for (the writers read it a
        part at a time: ``long_parts``)."""
        return self.rows.frame()

    def long_parts(self, present: bool = False, columns: Sequence[str] | None = None
                   ) -> Iterator[pd.DataFrame]:
        """The long table as DataFrames of a bounded number of rows, in order (``present``:
        only the rows that point at a task; ``columns``: at least those): the whole one's
        slices when it was made."""
        made = self.__dict__.get("long")
        if made is None:
            yield from self.rows.parts(present, columns)
        else:
            yield _m.present(made) if present else made

    def themes_of(self, notice_id: str) -> dict[str, list[str]]:
        """A notice's task ids -> the rows (themes, measures) their long rows are on, in order."""
        return self.rows.themes_of(notice_id)

    @cached_property
    def department_roles(self) -> pd.DataFrame:
        """Per region and notice, per department kind: its tasks by role (``views.DEPT_COLUMNS``)."""
        from .views import roles_frame

        return roles_frame(self.role_rows)

    @cached_property
    def department_view(self) -> pd.DataFrame:
        """Kinds x notices: ``牵头 3 · 配合 2`` per cell (who leads how many tasks where)."""
        from .views import department_pivot

        return department_pivot(self.role_rows, self.notices, self.kind_order)

    @cached_property
    def kind_order(self) -> list[str]:
        """The department kinds, those leading the most tasks first: the rows of
        ``department_view``, without making it."""
        from .views import kind_order

        return kind_order(self.role_rows)

    def department_rows(self, kinds: int | None = None) -> pd.DataFrame:
        """``department_view``'s first ``kinds`` rows (None: all): the one made already if it
        was, else made now for those rows only and not kept (a batch's unknown bodies, named
        as written, grow with it: every kind x every notice is a large table)."""
        from .views import department_pivot

        made = self._made("department_view", kinds)
        return made if made is not None else department_pivot(self.role_rows, self.notices,
                                                               self.kind_order[:kinds])

    def role_cells_shown(self, kinds: int | None = None
                         ) -> Iterator[tuple[str, list[tuple[int, str]]]]:
        """``department_rows(kinds)`` a kind at a time, only its cells that say something:
        (kind, [(notice column, summary)]) in column order, every other cell empty. Only those
        cells are held meanwhile, not the kinds x notices table."""
        from .views import role_cells

        made = self._made("department_view", kinds)
        if made is not None:
            for kind, row in zip(made.index, made.to_numpy().tolist(), strict=True):
                yield kind, [(j, value) for j, value in enumerate(row) if value != ""]
            return
        order = self.kind_order[:kinds]
        for kind, cells in zip(order, role_cells(self.role_rows, self._role_column(), order),
                               strict=True):
            yield kind, sorted(cells.items())

    def _role_column(self) -> Callable[[str, str], int]:
        """A role row's column by its region and notice id: by the id alone where every notice
        id is one column (``column_of``: a dict by region and id took 3 MB at 20,000 notices),
        else by both (an id given twice, once per region: each its own column)."""
        from .views import columns_of

        column = self.column_of
        if len(column) == len(self.notice_rows):
            return lambda _, notice_id: column[notice_id]
        notices = self.notice_columns("region", "notice_id")
        return columns_of(notices.region, notices.notice_id)

    def role_rows_shown(self, kinds: int | None = None
                        ) -> Iterator[tuple[str, list[Any], list[bool]]]:
        """``role_cells_shown`` as ``pivot_rows`` gives a pivot's rows: (kind, its cells over
        the notices, whether each is empty)."""
        width = len(self.notice_rows)
        for kind, cells in self.role_cells_shown(kinds):
            row, _ = _dense(cells, width, "")
            yield kind, row, [value == "" for value in row]

    def _made(self, name: str, rows: int | None) -> pd.DataFrame | None:
        """The first ``rows`` rows (None: all) of the table ``name`` where it was made already
        (``cached_property`` keeps it in ``__dict__``), else None."""
        made: pd.DataFrame | None = self.__dict__.get(name)
        if made is None or rows is None or rows >= len(made):
            return made
        return made.iloc[:rows]

    @property
    def column_of(self) -> Mapping[str, int]:
        """Each notice id -> its column (its row in ``notices``): the long table's, one mapping
        for the matrix, not one made per use (20,000 notices: about 2 MB)."""
        made = self.rows.column_of
        if len(made) != len(self.notice_rows):  # not sealed with these notices (or an id twice)
            return {n: j for j, n in enumerate(self.notice_rows.values("notice_id"))}
        return made

    def notice_columns(self, *names: str) -> NoticeColumns:
        """``notices``' columns ``names`` as lists (the same values), and its rows made a block
        at a time (``NoticeColumns.rows``), not a named tuple a notice held."""
        return NoticeColumns(self.notice_rows, names)

    @property
    def theme_ids(self) -> list[str]:
        return list(self.themes["id"])

    def _view(self, fn: Any) -> pd.DataFrame:
        return fn(self.long_parts(present=True), self.notices, self.theme_ids)  # type: ignore[no-any-return]

    @cached_property
    def presence(self) -> pd.DataFrame:
        return self._view(_PIVOTS["presence"])

    @cached_property
    def tasks(self) -> pd.DataFrame:
        return self._view(_PIVOTS["tasks"])

    @cached_property
    def windows(self) -> pd.DataFrame:
        return self._view(_PIVOTS["windows"])

    @cached_property
    def deadlines(self) -> pd.DataFrame:
        return self._view(_PIVOTS["deadlines"])

    @cached_property
    def departments(self) -> pd.DataFrame:
        return self._view(_PIVOTS["departments"])

    @cached_property
    def targets(self) -> pd.DataFrame:
        return self._view(_PIVOTS["targets"])

    def views(self) -> dict[str, pd.DataFrame]:
        """Every pivot by name, in the order the xlsx sheets and the report show them."""
        return {name: getattr(self, name) for name in VIEWS}

    def view(self, name: str, rows: int | None = None) -> pd.DataFrame:
        """One pivot by name (``VIEWS``), of the first ``rows`` rows (None: all): the one made
        already if it was, else made now and not kept, so that a writer that needs each once
        never holds them all (a wide batch's pivots are tens of megabytes each)."""
        made = self._made(name, rows)
        if made is not None:
            return made
        themes = self.theme_ids if rows is None else self.theme_ids[:rows]
        return _PIVOTS[name](self.long_parts(present=True), self.notices, themes)  # type: ignore[no-any-return]

    def pivot_rows(self, name: str, rows: int | None = None
                   ) -> Iterator[tuple[str, list[Any], list[bool]]]:
        """A pivot's first ``rows`` rows (None: all; ``VIEWS``), one at a time: (theme, its
        cells over the notices, whether each notice is silent on it: no task there). Each is
        made from the long table's rows of its theme alone, so a writer holds one row of a wide
        pivot, not the pivot; the same cells as ``view(name, rows)``."""
        for theme, ((cells, silent),) in self.pivots_rows((name,), rows):
            yield theme, cells, silent

    def pivots_rows(self, names: tuple[str, ...], rows: int | None = None
                    ) -> Iterator[tuple[str, list[tuple[list[Any], list[bool]]]]]:
        """``pivot_rows`` of several pivots side by side, from one reading of the long table
        (``pivots_cells``): (theme, [(cells, silent) of each pivot])."""
        width = len(self.notice_rows)
        fills = [_m.CELLS[name].fill for name in names]
        for theme, found in self.pivots_cells(names, rows):
            yield theme, [_dense(cells, width, fill) for cells, fill in zip(found, fills, strict=True)]

    def pivot_cells(self, name: str, rows: int | None = None
                    ) -> Iterator[tuple[str, list[tuple[int, Any]]]]:
        """``pivot_rows`` with only the cells of the notices that address each row: (theme,
        [(notice column, cell)]) in column order; every other cell is its pivot's empty fill.
        A wide pivot of measures that few notices share is read a cell that says something
        at a time."""
        for theme, (cells,) in self.pivots_cells((name,), rows):
            yield theme, cells

    def pivots_cells(self, names: tuple[str, ...], rows: int | None = None
                     ) -> Iterator[tuple[str, list[list[tuple[int, Any]]]]]:
        """``pivot_cells`` of several pivots made from the same values of the rows (they differ
        only in how a cell reduces them: ``presence`` counts the task ids ``tasks`` lists), from
        one reading of the long table: a part of it held at a time, not one per pivot; each
        row's cells gathered from ``pivots_stream``."""
        for theme, cells in self.pivots_stream(names, rows):
            found: list[list[tuple[int, Any]]] = [[] for _ in names]
            for k, values in cells:
                for kept, value in zip(found, values, strict=True):
                    kept.append((k, value))
            yield theme, found

    def pivots_stream(self, names: tuple[str, ...], rows: int | None = None
                      ) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
        """``pivots_cells`` a cell at a time: (theme, each notice's (column, [its cell of each
        pivot]) in column order, only the notices that address the row); a theme's cells are
        read before the next theme is asked for (``matrix.theme_streams``), so a row of a wide
        batch is made a block of cells at a time (``export.html``'s presence table). A notice out
        of column order (a table not sorted as ``LongRows`` sorts it) is a ValueError."""
        made = [_m.CELLS[name] for name in names]
        cell = made[0]
        if any((c.columns, c.value) != (cell.columns, cell.value) for c in made):
            raise ValueError(f"the pivots {names} are not made from the same values")
        column = self.column_of
        themes = self.theme_ids if rows is None else self.theme_ids[:rows]
        streams = _m.theme_streams(self.long_parts(True, ("theme", "notice_id", *cell.columns)),
                                   cell, themes)

        def cells(theme: str, notices: Iterator[tuple[str, list[Any]]]
                  ) -> Iterator[tuple[int, list[Any]]]:
            last = -1
            for notice_id, values in notices:
                k = column[notice_id]
                if k <= last:
                    raise ValueError(f"the long table's rows of {theme} are not in notice order")
                last = k
                yield k, [c.reduce(values) if values else c.fill for c in made]

        ahead = next(streams, None)
        for theme in themes:
            if ahead is not None and ahead[0] == theme:
                yield theme, cells(theme, ahead[1])
                ahead = next(streams, None)
            else:
                yield theme, iter(())

    def shown(self, cells: int | None, columns: int | None = None) -> int:
        """How many rows a pivot of at most ``cells`` cells shows (None: every row): every theme
        of the taxonomy, then the aligned measures in their order (those spanning the most
        notices first) while rows x ``columns`` (default: the notices) fit, one row at least.
        A batch's measures grow with its notices: unbounded, its pivots would grow as their
        square (a cell per measure and notice)."""
        fixed = int((self.themes["field"] != "discovered").sum())
        return self._fit(len(self.themes), fixed, cells, columns)

    def shown_kinds(self, cells: int | None, columns: int | None = None) -> int:
        """How many department kinds (those leading the most tasks first) a roles table of at
        most ``cells`` cells shows: the gazetteer's kinds and every unknown body named as
        written (``其他:…``), which grow with a batch."""
        return self._fit(len(self.kind_order), 1, cells, columns)

    def _fit(self, total: int, fixed: int, cells: int | None, columns: int | None) -> int:
        """Of ``total`` rows, those that ``cells`` hold at ``columns`` a row (default: the
        notices), never fewer than ``fixed`` nor than one; every row when ``cells`` is None."""
        if cells is None:
            return total
        columns = max(1, len(self.notice_rows) if columns is None else columns)
        return min(total, max(fixed, 1, cells // columns))

    def labelled(self, view: pd.DataFrame) -> pd.DataFrame:
        """A view with Chinese theme labels as its index instead of ids."""
        labels = dict(zip(self.themes["id"], self.themes["zh"], strict=True))
        return view.rename(index=labels)

    def to_csv(self) -> str:
        """``matrix.csv``: the long table, lists joined with ``;``, absence rows with no task_id.

        A text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR
        first) is written with a leading ``'``, the usual guard against CSV formula injection."""
        return "".join(self.csv_parts())

    def csv_parts(self) -> Iterator[str]:
        """``to_csv`` a part of the long table at a time (the header first), so a long table is
        written without a copy of it whole."""
        from pandas.api.types import is_numeric_dtype

        for k, part in enumerate(self.long_parts()):
            part = part.copy()
            for column in part.columns:
                if not is_numeric_dtype(part[column]):
                    part[column] = part[column].map(_inert)
            yield str(part.to_csv(index=False, header=k == 0, lineterminator="\n"))


class NoticeColumns:
    """Some of the notices' columns (``Matrix.notice_rows``): a whole column as a list when
    asked for by name (made once), the rows as named tuples of the columns a part of the table
    at a time (``row``, ``rows``, ``blocks``), so a writer holds the columns it reads whole
    (regions, ids), not every notice's title."""

    def __init__(self, notices: Parts, names: tuple[str, ...]) -> None:
        from collections import namedtuple

        self._notices, self._names = notices, names
        self._keep = [notices.columns.index(name) for name in names]
        self._columns: dict[str, list[Any]] = {}
        self._part: tuple[int, int, tuple[list[Any], ...]] = (-1, 0, ())  # the last part read
        self._row = namedtuple("Notice", self._names)  # type: ignore[misc]

    def __getattr__(self, name: str) -> list[Any]:
        columns, names = self.__dict__.get("_columns"), self.__dict__.get("_names", ())
        if columns is None or name not in names:
            raise AttributeError(name)
        if name not in columns:
            columns[name] = list(self._notices.values(name))
        return columns[name]

    def __len__(self) -> int:
        return len(self._notices)

    def strings(self, name: str) -> Strings:
        """Column ``name`` (one of ``names``: strings) as one ``Strings``, read a part at a
        time: a few bytes a notice, where the list ``getattr`` keeps holds an object each (a
        wide batch's notice ids: 1.2 MB as a list at 20,000 notices)."""
        if name not in self._names:
            raise AttributeError(name)
        return Strings(self._notices.values(name))

    def _read(self, part: int) -> tuple[int, tuple[list[Any], ...]]:
        if self._part[0] != part:
            start, columns = self._notices.columns_of(part)
            self._part = (part, start, tuple(columns[k] for k in self._keep))
        return self._part[1], self._part[2]

    def row(self, k: int) -> Any:
        """The ``k``-th notice as a named tuple of the columns."""
        if not 0 <= k < len(self):
            raise IndexError(k)
        start, columns = self._read(self._notices.part_of(k))
        return self._row._make(column[k - start] for column in columns)

    def rows(self, span: slice) -> list[Any]:
        """The notices of ``span`` (a step of 1) as named tuples of the columns."""
        first, stop, step = span.indices(len(self))
        if step != 1:
            raise ValueError(f"rows of a step of 1 only, not {step}")
        out: list[Any] = []
        while first < stop:
            start, columns = self._read(self._notices.part_of(first))
            end = min(stop, start + len(columns[0]))
            out.extend(map(self._row._make, zip(*(c[first - start:end - start] for c in columns),
                                                strict=True)))
            first = end
        return out

    def blocks(self, size: int) -> Iterator[list[Any]]:
        """Every notice as ``rows`` gives them, ``size`` at a time."""
        return (self.rows(slice(k, k + size)) for k in range(0, len(self), size))


def _dense(cells: list[tuple[int, Any]], width: int, fill: Any) -> tuple[list[Any], list[bool]]:
    """A row of ``width`` cells from those given as (column, value), ``fill`` elsewhere, and
    whether each column was not given."""
    row, missing = [fill] * width, [True] * width
    for j, value in cells:
        row[j], missing[j] = value, False
    return row, missing


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def compare(notices: Iterable[Any], taxonomy: Taxonomy | None = None,
            themes: list[str] | None = None, grouping: str = "auto",
            scratch: Path | None = None, search_budget: int | None = None) -> Matrix:
    """Build the matrix from notices (``Notice`` objects or contract dicts).

    Failed notices are left out. The rows are the themes some notice addresses (or ``themes``),
    in taxonomy order, then the measures aligned across the batch (``grouping``: ``auto`` aligns
    the tasks no theme took, ``measures`` every task with the taxonomy off, ``taxonomy`` none);
    the columns are the notices, keyed by region and grouped by province. ``scratch``: a folder
    the task texts the report links to are kept in (a file unlinked at once) instead of memory.
    ``search_budget``: word products a task the measures' nearest-task search may cost before
    it leaves the batch's most frequent words out of finding candidates (``[themes]
    search_budget``; None: its default, 0: always exact).
    """
    import pandas as pd

    from ..stages.themes import Taxonomy, load_taxonomy
    from .views import TIMELINE_ORDER, add_timeline, role_rows, timeline_table

    taxonomy = taxonomy or load_taxonomy()
    # read twice at most (to align, then to build the tables), never all held as objects when
    # packed (a run's records)
    records: Iterable[dict[str, Any]] = Comparable(
        notices if isinstance(notices, Packed) else _m.as_records(notices))
    if grouping != "taxonomy" and themes is None:
        only_unthemed = grouping == "auto"
        where, measures = _measures(records, only_unthemed, scratch, search_budget)
        kept = () if grouping == "measures" else taxonomy.themes
        taxonomy = Taxonomy(tuple(kept) + tuple(measures), taxonomy.scoring)
        records = Themed(records, where, only_unthemed)
    tables = _m.Tables(taxonomy, themes, scratch)
    texts = TaskTexts(scratch)
    roles = SpilledRows(scratch, ".role-rows.")
    deadlines = timeline_table(scratch)
    phase("tables: the notices read")
    for rec in records:  # each notice once, into every table
        tables.add(rec)
        texts.add(rec["id"], rec.get("tasks", []))
        roles.extend(role_rows(rec))
        add_timeline(deadlines, rec)
    phase("tables: sealed")
    long, targets, notice_table = tables.frames()
    texts.number_by(long.column_of)  # the long table's notice columns, one mapping for both
    del tables
    release()
    order = long.themes() if themes is None else themes
    info = {t.id: t for t in taxonomy.themes}
    theme_table = pd.DataFrame([{
        "id": t, "zh": info[t].zh if t in info else t, "en": info[t].en if t in info else t,
        "field": info[t].field if t in info else ""} for t in order],
        columns=["id", "zh", "en", "field"])
    return Matrix(long, targets, notice_table, theme_table, texts, roles,
                  deadlines.seal(TIMELINE_ORDER))


def _aligned(tasks: list[dict[str, Any]], only_unthemed: bool) -> list[dict[str, Any]]:
    """The tasks alignment groups: those no theme took (``auto``), or all of them."""
    return [t for t in tasks if not (only_unthemed and t.get("themes"))]


def prepare(record: dict[str, Any], grouping: str = "auto") -> bool:
    """Segment now the words of the tasks of a notice that ``compare`` will align and keep them
    on its record (each such task's ``words``: its heading's and its text's content words, each
    joined by spaces), so that a run does it while its other documents are still in the
    workers, and its comparison reads them instead of segmenting again however large the batch.
    True when it kept any."""
    if grouping == "taxonomy" or record.get("status", "success") not in COMPARABLE:
        return False
    from .align import words

    kept = False
    for task in _aligned(record.get("tasks", []), grouping == "auto"):
        task["words"] = (" ".join(words(task.get("heading", ""))), " ".join(words(task.get("text", ""))))
        kept = True
    return kept


def _measures(records: Iterable[dict[str, Any]], only_unthemed: bool, scratch: Path | None = None,
              search_budget: int | None = None) -> tuple[MeasureOf, list[Any]]:
    """The measure each aligned task belongs to (by notice and task id), and the measures as
    taxonomy rows (field ``discovered``). Of each record only its aligned tasks' ids, headings
    and texts are kept while the batch is aligned."""
    from ..stages.themes import Theme
    from .align import align

    pool = ({"id": r["id"], "tasks": [_for_alignment(t)
                                      for t in _aligned(r.get("tasks", []), only_unthemed)]}
            for r in records)  # read once by the alignment, none of it held here
    groups = align(pool, scratch=scratch, budget=search_budget)
    where = MeasureOf(((t.notice_id, t.task_id, g.id) for g in groups for t in g.tasks), scratch)
    return where, [Theme(g.id, g.label, " / ".join(g.terms), "discovered", g.terms) for g in groups]


def _for_alignment(task: dict[str, Any]) -> dict[str, Any]:
    """What the alignment reads of a task: its words where a run kept them (``prepare``), else
    its heading and text to segment."""
    if task.get("words") is not None:
        return {"id": task["id"], "heading": "", "text": "", "words": task["words"]}
    return {"id": task["id"], "heading": task.get("heading", ""), "text": task.get("text", ""),
            "words": None}


def load_notices(*paths: str | Path) -> list[dict[str, Any]]:
    """Notice JSON from files (``.json``, ``.jsonl``) or folders (``DIR/notices/*.json`` or
    ``DIR/*.json``), in the order given, each id once (a later file replaces an earlier one).
    Every notice is held: a large batch is compared from its files by ``from_files.PackedFile``
    (``policy-pipeline compare``)."""
    from .from_files import notices_in

    found: dict[str, dict[str, Any]] = {}
    for notice in notices_in(*paths):
        found[str(notice["id"])] = notice
    return list(found.values())
