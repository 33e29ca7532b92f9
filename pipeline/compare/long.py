"""The long table (``matrix.csv``) kept out of memory and read back in order, a part at a time.

A batch of 20,000 notices has hundreds of thousands of long rows; as Python tuples (and then a
DataFrame of them) they were the largest thing a run's process held. ``LongRows`` keeps each
task's own values once, marshalled into a ``Spill`` (a file under ``--out``, unlinked at once),
however many themes it addresses, and of each row only four numbers: its theme, its notice, its
task's place and its task id. Absence rows are never stored: they are made from their theme and
notice when read. ``seal`` puts the rows in the table's order (theme, notice column, natural
task order); ``parts`` then gives the table as DataFrames of a bounded number of rows, the
same rows and values as the whole table (``frame``) sliced.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..memory import release
from .spill import Parts, Spill

if TYPE_CHECKING:
    import pandas as pd

# a task's own values in a long row: task_id, heading, time_start, time_end, open_ended,
# earliest_deadline, departments, targets, end_condition
TaskPart = tuple[Any, ...]
ABSENT: TaskPart = ("", "", "", "", None, "", "", "", "")
_BLOCK = 8192  # notices a block of absence rows is found for; rows made at once


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
        # once sealed: the labels, the names by number, the rows added before the absence rows,
        # the themes of the table's rows and their ranks, and the parts' places in the spill
        self._labels: Mapping[str, str] = {}
        self._theme_names: list[str] = []
        self._id_names: list[str] = []
        self._added = 0
        self._count = 0
        self._index: dict[str, int] = {}
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

    def _add_absences(self, silent_on: Sequence[str]) -> None:
        """An absence row for each notice and each theme of ``silent_on`` it addresses no task
        of, notice by notice, themes in ``silent_on``'s order: found on a notices x themes table
        of marks, ``_BLOCK`` notices at a time (no set of themes a notice)."""
        import numpy as np

        if not silent_on or not self._notices:
            return
        column = np.full(len(self._themes) + 1, -1, dtype=np.int64)  # theme number -> its column
        for k, theme in enumerate(silent_on):
            if theme in self._themes:
                column[self._themes[theme]] = k
        marks = np.zeros((len(self._notices), len(silent_on)), dtype=bool)
        if self._theme:  # views of the rows' arrays, let go before the arrays grow
            themes, notices = (np.frombuffer(a, dtype=np.int32) for a in (self._theme, self._notice))
            at = column[themes]
            kept = at >= 0
            marks[notices[kept], at[kept]] = True
            del themes, notices, at, kept
        numbers = np.array([self._themes.setdefault(theme, len(self._themes)) if (~marks[:, k]).any()
                            else -1 for k, theme in enumerate(silent_on)], dtype=np.int32)
        if not (~marks).any():
            return
        empty = self._ids.setdefault("", len(self._ids))
        for first in range(0, len(self._notices), _BLOCK):
            notice, k = np.nonzero(~marks[first:first + _BLOCK])
            count = len(notice)
            self._theme.frombytes(numbers[k].tobytes())
            self._notice.frombytes((notice + first).astype(np.int32).tobytes())
            self._id.frombytes(np.full(count, empty, dtype=np.int32).tobytes())
            self._offset.frombytes(np.full(count, -1, dtype=np.int64).tobytes())
            self._length.frombytes(np.zeros(count, dtype=np.int32).tobytes())

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
        self._add_absences([theme for theme in order if theme not in absent])
        names = self._theme_names = list(self._themes)
        self._id_names = list(self._ids)
        self._index = {n: k for k, (n, _) in enumerate(self._notices)}
        self._rank = {t: k for k, t in enumerate(order)}
        self._order_names = list(order)
        # ranks as int32: the sort's keys take 4 bytes a row, not 8
        theme_rank = np.array([self._rank.get(t, -1) for t in names] or [0], dtype=np.int32)
        notice_rank = np.array([column_rank[n] for n, _ in self._notices] or [0], dtype=np.int32)
        keys = {task_id: task_key(task_id) for task_id in self._ids}
        key_rank = {key: k for k, key in enumerate(sorted(set(keys.values())))}
        id_rank = np.array([key_rank[keys[t]] for t in self._ids] or [0], dtype=np.int32)
        themes, notices, ids = (np.frombuffer(a, dtype=np.int32) if a else np.zeros(0, np.int32)
                                for a in (self._theme, self._notice, self._id))
        row_theme = theme_rank[themes]
        counts = np.bincount(row_theme[row_theme >= 0], minlength=len(order))
        # the rows a theme at a time (a stable sort by theme: rows of a theme in the order
        # added), each theme's put in order alone (np.lexsort is stable: equal keys keep that
        # order): the sort's keys are a theme's, not every row's
        by_theme = np.argsort(row_theme, kind="stable")[len(row_theme) - int(counts.sum()):]
        del row_theme
        self._count = int(counts.sum())
        self._row_themes = [order[r] for r in np.flatnonzero(counts).tolist()]
        self._parts.write(self._rows_in(_by_theme(by_theme, counts, (notices, notice_rank),
                                                  (ids, id_rank))))
        del by_theme, counts, themes, notices, ids
        release()  # the parts' rows and the sort's keys, before the tables are read
        # what is left to read: the parts, and the theme and task id of each row added before
        # the absence rows (``themes_of``)
        self._theme, self._id = self._theme[:self._added], self._id[:self._added]
        self._notice, self._length, self._offset = array("i"), array("i"), array("q")

    def __len__(self) -> int:
        return self._count

    def themes(self) -> list[str]:
        """The themes of the rows, in the table's order."""
        return list(self._row_themes)

    def parts(self, present: bool = False) -> Iterator[pd.DataFrame]:
        """The table as DataFrames of at most ``PART_ROWS`` rows, in order, indexed by their
        row numbers in the whole table (``present``: only the rows that point at a task, as
        ``matrix.present`` leaves them). An empty table is one empty part."""
        for frame in self._parts.frames():
            yield frame[frame["task_id"] != ""] if present else frame

    def frame(self) -> pd.DataFrame:
        """The whole table as one DataFrame."""
        return self._parts.whole()

    def themes_of(self, notice_id: str) -> dict[str, list[str]]:
        """A notice's task ids -> the themes of their rows, in the table's order."""
        k = self._index.get(notice_id)
        if k is None:
            return {}
        stop = self._starts[k + 1] if k + 1 < len(self._starts) else self._added
        out: dict[str, list[str]] = {}
        for p in range(self._starts[k], stop):
            rank = self._rank.get(self._theme_names[self._theme[p]])
            if rank is not None:
                out.setdefault(self._id_names[self._id[p]], []).append(rank)
        names = self._order_names
        return {task: [names[r] for r in sorted(ranks)] for task, ranks in out.items()}

    def _rows_in(self, blocks: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        """The rows at the positions of each block in turn, made from their theme, notice and
        task."""
        labels, names, notices, read = self._labels, self._theme_names, self._notices, self._spill.read
        for p in (p for block in blocks for first in range(0, len(block), _BLOCK)
                  for p in block[first:first + _BLOCK].tolist()):  # not an int object a row at once
            offset = self._offset[p]
            theme = names[self._theme[p]]
            notice_id, region = notices[self._notice[p]]
            part = ABSENT if offset < 0 else marshal.loads(read(offset, self._length[p]))
            yield (theme, labels.get(theme, theme), region, notice_id, *part)


def _by_theme(rows: Any, counts: Any, notices: tuple[Any, Any], ids: tuple[Any, Any]
              ) -> Iterator[Any]:
    """The rows of each theme in turn (``rows``: sorted by theme, ``counts`` a theme), each
    theme's by notice column, then task id: (each row's number, each number's rank) of both
    (np.lexsort is stable: equal keys keep their order)."""
    import numpy as np

    start = 0
    for count in counts.tolist():
        theirs = rows[start:start + count]
        start += count
        if count:
            yield theirs[np.lexsort((ids[1][ids[0][theirs]], notices[1][notices[0][theirs]]))]


def _open_ended(frame: pd.DataFrame) -> None:
    frame["open_ended"] = frame["open_ended"].astype("boolean")
