"""The long table (``matrix.csv``) kept out of memory and read back in order, a part at a time.

A batch of 20,000 notices has hundreds of thousands of long rows; as Python tuples (and then a
DataFrame of them) they were the largest thing a run's process held. ``LongRows`` keeps each
task's own values once, marshalled into a ``Spill`` (a file under ``--out``, unlinked at once),
however many themes it addresses, and of each row only four numbers: its theme, its notice, its
task's place and its task id. Absence rows are never stored: each theme's are made from its
notices x themes marks as ``seal`` writes the parts. ``seal`` puts the rows in the table's order
(theme, notice column, natural task order); ``parts`` then gives the table as DataFrames of a
bounded number of rows, the same rows and values as the whole table (``frame``) sliced.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..memory import release
from .spill import Parts, Spill, SpilledArray, restored
from .strings import Strings

if TYPE_CHECKING:
    import pandas as pd

# a task's own values in a long row: task_id, heading, time_start, time_end, open_ended,
# earliest_deadline, departments, targets, end_condition
TaskPart = tuple[Any, ...]
ABSENT: TaskPart = ("", "", "", "", None, "", "", "", "")
_BLOCK = 8192  # notices a block of absence rows is found for; rows made at once
_KEPT_CHUNK = 1 << 16  # rows of a kept array copied into the spill at once (sealing)


class LongRows:
    """The long table's rows, added a notice at a time (``add``), put in order once (``seal``),
    then read in that order (``parts``, ``frame``) as often as wanted."""

    def __init__(self, columns: Sequence[str], scratch: Path | None = None) -> None:
        self.columns = list(columns)
        self._spill = Spill(scratch, ".long-rows.")
        self._notices: list[tuple[str, str]] = []  # (notice id, region), in the order added
        self._starts = array("q")  # each notice's first row
        self._themes: dict[str, int] = {}  # theme id -> its number
        self._ids: dict[str, int] = {}  # task id -> its number
        # each row, in the order added: its theme's, notice's and task id's numbers, and where
        # its task's values are (offset -1: an absence row)
        self._theme, self._notice, self._id = array("i"), array("i"), array("i")
        self._offset, self._length = array("q"), array("i")
        # while sealing: the labels the rows are written with; once sealed: each theme number's
        # rank and each task number's id, the rows added before the absence rows, the themes of
        # the table's rows and their ranks, and the parts' places in the spill
        self._labels: Mapping[str, str] = {}
        self._theme_rank = array("i")  # theme number -> its rank in the order (-1: none)
        self._id_names: Sequence[str] = []
        self._added = 0
        self._kept_at = 0  # where each row's theme, then each row's task id, are in the spill
        self._count = 0
        # once sealed, for ``themes_of``: the notices' columns (the dict the matrix's other
        # tables share) and, by column, where its notice's rows are (start, stop): a notice's
        # own list and index are let go
        self._column: Mapping[str, int] = {}
        self._spans = array("q")
        self._rank: dict[str, int] = {}
        self._order_names: list[str] = []
        self._row_themes: list[str] = []
        self._parts = Parts(self._spill, self.columns, _open_ended)

    def add(self, notice_id: str, region: str, tasks: Sequence[tuple[TaskPart, Sequence[str]]]
            ) -> None:
        """A notice's tasks: each task's values (``TaskPart``) and the themes it addresses (a
        row each, in that order)."""
        k = len(self._notices)
        self._notices.append((notice_id, region))
        self._starts.append(len(self._theme))
        for part, themes in tasks:
            if not themes:
                continue
            blob = marshal.dumps(part)
            offset = self._spill.append(blob)
            task = self._ids.setdefault(part[0], len(self._ids))
            for theme in themes:
                self._theme.append(self._themes.setdefault(theme, len(self._themes)))
                self._notice.append(k)
                self._id.append(task)
                self._offset.append(offset)
                self._length.append(len(blob))

    def used(self) -> set[str]:
        """The themes some notice's tasks address (before ``seal``)."""
        return set(self._themes)

    def _absences(self, silent_on: Sequence[str]) -> tuple[Any, Any] | None:
        """Which notices get an absence row for each theme of ``silent_on``: the notices x
        themes table of marks (True: the notice addresses a task of the theme) and each theme's
        column in it (-1: none), by theme number; None when every notice addresses every theme.
        The rows themselves are made as each theme's turn comes (``seal``), never stored: a
        batch of 20,000 notices had twice as many absence rows as rows (24 bytes each)."""
        import numpy as np

        if not silent_on or not self._notices:
            return None
        column = np.full(len(self._themes) + 1, -1, dtype=np.int64)  # theme number -> its column
        for k, theme in enumerate(silent_on):
            if theme in self._themes:
                column[self._themes[theme]] = k
        marks = np.zeros((len(self._notices), len(silent_on)), dtype=bool)
        if self._theme:
            themes, notices = (np.frombuffer(a, dtype=np.int32) for a in (self._theme, self._notice))
            at = column[themes]
            kept = at >= 0
            marks[notices[kept], at[kept]] = True
            del themes, notices, at, kept
        if marks.all():
            return None
        return marks, {theme: k for k, theme in enumerate(silent_on)}

    def seal(self, order: Sequence[str], labels: Mapping[str, str], absent: set[str],
             column_rank: Mapping[str, int]) -> None:
        """Put the rows in the table's order: by ``order``'s themes (a row of another theme is
        dropped), the notices' columns (``column_rank``), then the task ids' natural order
        (``matrix.task_key``; equal keys keep the order added). Each notice gets an absence
        row for every theme of ``order`` it does not address, those in ``absent`` excepted."""
        import numpy as np

        from .matrix import task_key

        self._labels = labels
        self._added = len(self._theme)
        silent = self._absences([theme for theme in order if theme not in absent])
        names = list(self._themes)
        self._id_names = Strings(self._ids)  # as one string: 20,000 distinct notices' ids
        self._column = column_rank
        self._rank = {t: k for k, t in enumerate(order)}
        self._order_names = list(order)
        # ranks as int32: the sort's keys take 4 bytes a row, not 8
        theme_rank = np.array([self._rank.get(t, -1) for t in names] or [0], dtype=np.int32)
        self._theme_rank = array("i", theme_rank.tobytes())
        notice_rank = np.array([column_rank[n] for n, _ in self._notices] or [0], dtype=np.int32)
        keys = {task_id: task_key(task_id) for task_id in self._ids}
        key_rank = {key: k for k, key in enumerate(sorted(set(keys.values())))}
        id_rank = np.array([key_rank[keys[t]] for t in self._ids] or [0], dtype=np.int32)
        themes, notices, ids = (np.frombuffer(a, dtype=np.int32) if a else np.zeros(0, np.int32)
                                for a in (self._theme, self._notice, self._id))
        row_theme = theme_rank[themes]
        counts = np.bincount(row_theme[row_theme >= 0], minlength=len(order))
        # each theme's absence rows: the notices without a mark in its column
        absences: list[Any] = [None] * len(order)
        if silent is not None:
            marks, column = silent
            for rank, theme in enumerate(order):
                if theme in column:
                    absences[rank] = marks[:, column[theme]]
        missing = [0 if a is None else len(a) - int(a.sum()) for a in absences]
        # the rows a theme at a time (a stable sort by theme: rows of a theme in the order
        # added), each theme's put in order alone (np.lexsort is stable: equal keys keep that
        # order): the sort's keys are a theme's, not every row's
        by_theme = np.argsort(row_theme, kind="stable")[len(row_theme) - int(counts.sum()):]
        del row_theme
        self._count = int(counts.sum()) + sum(missing)
        self._row_themes = [order[r] for r, (c, m) in enumerate(zip(counts.tolist(), missing,
                                                                     strict=True)) if c or m]
        self._parts.write(self._rows_in(_by_theme(order, by_theme, counts, absences,
                                                  (notices, notice_rank), (ids, id_rank))))
        del by_theme, counts, themes, notices, ids, absences, silent
        self._spans = self._spans_by_column(column_rank)
        release()  # the parts' rows and the sort's keys, before the tables are read
        # what is left to read: the parts, and the theme and task id of each row (``themes_of``),
        # those in the spill too, each array after the other, read a notice's span at a time
        self._notice, self._length, self._offset = array("i"), array("i"), array("q")
        self._notices, self._starts = [], array("q")
        self._kept_at = self._spill.append(b"")
        for kept in (self._theme, self._id):
            for first in range(0, len(kept), _KEPT_CHUNK):
                self._spill.append(kept[first:first + _KEPT_CHUNK].tobytes())
        self._theme, self._id = array("i"), array("i")
        # the lookups of adding and sealing: each row's theme and task are numbers now, read
        # by ``_theme_rank`` and ``_id_names`` (3,166 themes and their labels at 20,000
        # distinct notices: 0.5 MB, in this process and in the report's writer it is sent to)
        self._labels, self._themes, self._ids = {}, {}, {}

    def _spans_by_column(self, column_rank: Mapping[str, int]) -> array[int]:
        """By notice column: the first row of its notice and the one after its last (a notice
        id added twice: its last)."""
        spans = array("q", bytes(16 * (max(column_rank.values(), default=-1) + 1)))
        bounds = pairwise([*self._starts, self._added])
        for (notice_id, _), (start, stop) in zip(self._notices, bounds, strict=True):
            column = column_rank[notice_id]
            spans[2 * column], spans[2 * column + 1] = start, stop
        return spans

    def with_spill(self) -> tuple[Any, tuple[dict[str, Any]]]:
        """A reduction for a pickler that passes files to another process (``export.writer``):
        the notices' spans left in the file, read there a page at a time (``SpilledArray``)."""
        state = dict(self.__dict__)
        if self._spill.in_file and isinstance(self._spans, array):
            state["_spans"] = SpilledArray(self._spans, self._spill)
        return restored, (LongRows, state)

    @property
    def column_of(self) -> Mapping[str, int]:
        """Once sealed: each notice id -> its column (the mapping ``seal`` was given)."""
        return self._column

    @property
    def ranks(self) -> Mapping[str, int]:
        """Once sealed: each theme of the table's order -> its place."""
        return self._rank

    def __len__(self) -> int:
        return self._count

    def themes(self) -> list[str]:
        """The themes of the rows, in the table's order."""
        return list(self._row_themes)

    def parts(self, present: bool = False, columns: Sequence[str] | None = None
              ) -> Iterator[pd.DataFrame]:
        """The table as DataFrames of at most ``PART_ROWS`` rows, in order, indexed by their
        row numbers in the whole table (``present``: only the rows that point at a task, as
        ``matrix.present`` leaves them; ``columns``: only those, task_id with them). An empty
        table is one empty part."""
        wanted = None if columns is None else [*columns, "task_id"]
        for frame in self._parts.frames(wanted):
            yield frame[frame["task_id"] != ""] if present else frame

    def frame(self) -> pd.DataFrame:
        """The whole table as one DataFrame."""
        return self._parts.whole()

    def themes_of(self, notice_id: str) -> dict[str, list[str]]:
        """A notice's task ids -> the themes of their rows, in the table's order."""
        column = self._column.get(notice_id)
        if column is None:
            return {}
        start, stop = self._spans[2 * column], self._spans[2 * column + 1]
        themes, ids = array("i"), array("i")
        for kept, at in ((themes, 0), (ids, 4 * self._added)):
            kept.frombytes(self._spill.read(self._kept_at + at + 4 * start, 4 * (stop - start)))
        out: dict[str, list[str]] = {}
        for theme, task in zip(themes, ids, strict=True):
            rank = self._theme_rank[theme]
            if rank >= 0:
                out.setdefault(self._id_names[task], []).append(rank)
        names = self._order_names
        return {task: [names[r] for r in sorted(ranks)] for task, ranks in out.items()}

    def _rows_in(self, blocks: Iterable[tuple[str, Any]]) -> Iterator[tuple[Any, ...]]:
        """The rows of each (theme, positions) block in turn: a row at a position made from its
        theme, notice and task; at a negative one, -(notice + 1), the notice's absence row."""
        labels, notices, read = self._labels, self._notices, self._spill.read
        for theme, block in blocks:
            label = labels.get(theme, theme)
            for first in range(0, len(block), _BLOCK):
                for p in block[first:first + _BLOCK].tolist():  # not an int object a row at once
                    if p < 0:
                        notice_id, region = notices[-p - 1]
                        yield (theme, label, region, notice_id, *ABSENT)
                        continue
                    notice_id, region = notices[self._notice[p]]
                    part = marshal.loads(read(self._offset[p], self._length[p]))
                    yield (theme, label, region, notice_id, *part)


def _by_theme(order: Sequence[str], rows: Any, counts: Any, absences: Sequence[Any],
              notices: tuple[Any, Any], ids: tuple[Any, Any]) -> Iterator[tuple[str, Any]]:
    """Each theme of ``order`` that has rows, and its rows in order: ``rows`` (sorted by theme,
    ``counts`` a theme) and its absence rows (the notices False in its ``absences`` column, as
    -(notice + 1)), by notice column, then task id: (each row's number, each number's rank) of
    both (np.lexsort is stable: equal keys keep their order; a notice with a row of a theme has
    no absence row of it)."""
    import numpy as np

    start = 0
    for rank, count in enumerate(counts.tolist()):
        theirs = rows[start:start + count]
        start += count
        notice_of = notices[0][theirs]
        id_key = ids[1][ids[0][theirs]]
        if absences[rank] is not None:
            silent = np.flatnonzero(~absences[rank])
            theirs = np.concatenate([theirs, -(silent + 1)])
            notice_of = np.concatenate([notice_of, silent])
            id_key = np.concatenate([id_key, np.zeros(len(silent), dtype=id_key.dtype)])
        if len(theirs):
            yield order[rank], theirs[np.lexsort((id_key, notices[1][notice_of]))]


def _open_ended(frame: pd.DataFrame) -> None:
    if "open_ended" in frame:
        frame["open_ended"] = frame["open_ended"].astype("boolean")
