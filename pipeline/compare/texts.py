"""The task texts the report links to, held a notice at a time as two blocks (``TaskTexts``)."""

from __future__ import annotations

import pickle
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .records import joined, shared, split
from .spill import Spill, SpilledArray, restored

Place = bytes | tuple[int, int]  # a block compressed in memory, or (offset, length) in the file
# the headings blocks read and kept as objects (about 4.5 times as large): a small batch's all;
# a large one reads its notices in turn, theme after theme, so a cache of some of them is rarely
# hit, and 1 MB (the first 40% of 2,000 distinct notices) held 4.5 MB in the report's writer
KEPT_BYTES = 1 << 16


class TaskTexts(Mapping[tuple[str, str], dict[str, str]]):
    """Each task's heading, text and number by (notice id, task id), the texts the report links
    to. A notice's headings and numbers are one block and its texts another, compressed (its
    task ids are kept as one string, ``records.joined``); with ``scratch`` (a
    folder: a run's ``--out``) the blocks go uncompressed to a file there, opened and at once
    unlinked, so nothing is left behind and a batch's texts take no memory (the report's writer
    is passed the same file: ``with_spill``). Values are fresh dicts ``{"heading", "text", "number"}``; iteration
    is by notice in the order added (by column once numbered by a matrix's columns:
    ``number_by``), then its tasks in their order."""

    def __init__(self, scratch: Path | None = None) -> None:
        # each notice's number (in the order first added; its matrix column once ``number_by``
        # has run, the matrix's mapping then kept) and, by number, where its two blocks
        # are (the first holds its task ids, ``records.joined``, its headings and numbers; the
        # second its texts): in the file, four numbers a notice (the first's offset and length,
        # the second's); in memory, the two blocks compressed. Not a dict of tuples a notice
        # (about 500 bytes each at 20,000 notices), nor its task ids (90 bytes)
        self._number: Mapping[str, int] = {}
        self._shared = False  # numbered by a matrix's columns, their mapping kept (``number_by``)
        self._where = array("q")
        self._blocks: list[tuple[bytes, bytes]] = []
        self._size = 0
        self._spill = Spill(scratch, ".task-texts.") if scratch is not None else None
        # the notice read last: its task ids, headings and numbers
        self._last: tuple[str, list[str], tuple[Any, ...]] | None = None
        # the notices read so far, the same, while their blocks sum to ``KEPT_BYTES``
        self._kept: dict[str, tuple[list[str], tuple[Any, ...]]] = {}
        self._kept_bytes = 0

    def add(self, notice_id: str, tasks: Iterable[Mapping[str, Any]]) -> None:
        """A notice's tasks; a task id seen already for this notice has its values replaced."""
        entries = {shared(t["id"]): (t.get("heading", ""), t.get("text", ""), shared(t.get("number", "")))
                   for t in tasks}
        k = self._number.get(notice_id)
        if self._present(k):
            before = dict(self._entries(notice_id))
            entries = {**before, **entries}
            self._size -= len(before)
            self._last = None
            self._kept.pop(notice_id, None)
        if not entries:
            return
        headings, texts, numbers = zip(*entries.values(), strict=True)
        heads = self._keep((joined(list(entries)), headings, numbers))
        bodies = self._keep(texts)
        if k is None:
            if self._shared:
                raise ValueError(f"{notice_id}: texts numbered by a matrix's columns take no "
                                 "notice outside them")
            k = self._number[notice_id] = len(self._number)  # type: ignore[index]
            if self._in_file:
                self._where.extend((0, 0, 0, 0))
            else:
                self._blocks.append((b"", b""))
        if self._in_file:
            self._where[4 * k:4 * k + 4] = array("q", (*heads, *bodies))  # type: ignore[misc]
        else:
            self._blocks[k] = (heads, bodies)  # type: ignore[assignment]
        self._size += len(entries)

    def number_by(self, columns: Mapping[str, int]) -> bool:
        """Number the notices by ``columns`` (each notice id -> its column in a matrix:
        ``LongRows.column_of``) and keep that mapping instead of one of its own (20,000 notices:
        1.7 MB); iteration then follows the columns, and a column without tasks holds nothing.
        Nothing changes (False) where a notice here has no column, or once numbered so."""
        if self._shared or any(notice_id not in columns for notice_id in self._number):
            return False
        width = max(columns.values(), default=-1) + 1
        if self._in_file:
            where = array("q", bytes(32 * width))
            for notice_id, k in self._number.items():
                at = 4 * columns[notice_id]
                where[at:at + 4] = self._where[4 * k:4 * k + 4]
            self._where = where
        else:
            blocks: list[tuple[bytes, bytes]] = [(b"", b"")] * width
            for notice_id, k in self._number.items():
                blocks[columns[notice_id]] = self._blocks[k]
            self._blocks = blocks
        self._number, self._shared, self._last = columns, True, None
        return True

    def _present(self, k: int | None) -> bool:
        """Whether number ``k`` holds a notice's blocks (a matrix's column may hold none)."""
        if k is None:
            return False
        if self._in_file:
            return self._where[4 * k + 1] > 0
        return bool(self._blocks[k][0])

    def _numbers(self) -> Iterator[tuple[str, int]]:
        """(notice id, number) of each notice with tasks, in order."""
        return ((nid, k) for nid, k in self._number.items() if self._present(k))

    @property
    def _in_file(self) -> bool:
        return self._spill is not None and self._spill.in_file

    def _keep(self, value: Any) -> Place:
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if self._in_file:  # as it is: compressing 20,000 notices' texts takes 1.3 s
            assert self._spill is not None
            return (self._spill.append(blob), len(blob))
        return zlib.compress(blob, 1)

    def _load(self, k: int, which: int) -> Any:
        """A notice's headings and numbers (0) or texts (1)."""
        return pickle.loads(self._bytes(k, which))

    def _bytes(self, k: int, which: int) -> bytes:
        if not self._in_file:
            return zlib.decompress(self._blocks[k][which])
        assert self._spill is not None
        at = 4 * k + 2 * which
        return self._spill.read(self._where[at], self._where[at + 1])

    def _task_ids(self, k: int) -> list[str]:
        return split(self._load(k, 0)[0])

    def _headings(self, notice_id: str) -> tuple[list[str], tuple[Any, ...]]:
        """A notice's task ids and (headings, numbers); the last notice's kept (the report asks
        for the headings of one notice's tasks after another, a task at a time), and every
        notice's read while their blocks sum to ``KEPT_BYTES`` (the report's rows ask for each
        notice in turn, and the next row again: a small batch's are all kept, a large one's
        first few)."""
        if self._last is not None and self._last[0] == notice_id:
            return self._last[1], self._last[2]
        kept = self._kept.get(notice_id)
        if kept is None:
            blob = self._bytes(self._number[notice_id], 0)
            ids, headings, numbers = pickle.loads(blob)
            kept = (split(ids), (headings, numbers))
            if self._kept_bytes + len(blob) <= KEPT_BYTES:
                self._kept[notice_id] = kept
                self._kept_bytes += len(blob)
        self._last = (notice_id, *kept)
        return kept

    def _entries(self, notice_id: str) -> Iterator[tuple[Any, tuple[str, str, str]]]:
        ids, (headings, numbers) = self._headings(notice_id)
        return zip(ids, zip(headings, self._load(self._number[notice_id], 1), numbers, strict=True),
                   strict=True)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with the blocks themselves, compressed (a scratch file's descriptor means
        nothing to another process)."""
        blocks = [(zlib.compress(self._bytes(k, 0), 1), zlib.compress(self._bytes(k, 1), 1))
                  if self._present(k) else (b"", b"")
                  for k in range(len(self._where) // 4)] if self._in_file else self._blocks
        return {"_number": self._number, "_shared": self._shared, "_where": array("q"),
                "_blocks": blocks, "_size": self._size, "_spill": None, "_last": None,
                "_kept": {}, "_kept_bytes": 0}

    def with_spill(self) -> tuple[Any, tuple[dict[str, Any]]]:
        """A reduction that keeps the blocks where they are (the file itself: ``_spill``), for a
        pickler that passes files to another process (``export.writer``); their places too,
        read there a page at a time (``SpilledArray``)."""
        state = {**self.__dict__, "_last": None, "_kept": {}, "_kept_bytes": 0}
        if self._in_file and isinstance(self._where, array):  # read a page at a time there
            assert self._spill is not None
            state["_where"] = SpilledArray(self._where, self._spill)
        return restored, (TaskTexts, state)

    def of(self, notice_id: str) -> list[tuple[Any, dict[str, str]]]:
        """A notice's tasks as (task id, value), in the order added; none for an unknown one."""
        if not self._present(self._number.get(notice_id)):
            return []
        return [(task_id, _value(value)) for task_id, value in self._entries(notice_id)]

    def heading(self, notice_id: str, task_id: str) -> str:
        """A task's heading ('' when unknown), without reading its notice's texts."""
        if not self._present(self._number.get(notice_id)):
            return ""
        ids, (headings, _) = self._headings(notice_id)
        try:
            at = ids.index(task_id)
        except ValueError:
            return ""
        return headings[at]  # type: ignore[no-any-return]

    def __getitem__(self, key: tuple[str, str]) -> dict[str, str]:
        notice_id, task_id = key
        if (not self._present(self._number.get(notice_id))
                or task_id not in self._headings(notice_id)[0]):
            raise KeyError(key)
        return next(_value(v) for tid, v in self._entries(notice_id) if tid == task_id)

    def items(self) -> Iterator[tuple[tuple[str, str], dict[str, str]]]:  # type: ignore[override]
        for notice_id, _ in self._numbers():
            for task_id, value in self._entries(notice_id):
                yield (notice_id, task_id), _value(value)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((nid, tid) for nid, k in self._numbers() for tid in self._task_ids(k))

    def __len__(self) -> int:
        return self._size


def _value(entry: tuple[str, str, str]) -> dict[str, str]:
    heading, text, number = entry
    return {"heading": heading, "text": text, "number": number}
