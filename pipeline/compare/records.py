"""What the comparison reads of a notice (its record), and records held packed until it runs.

A run keeps each finished notice's record until its last document is done, then compares them
all. ``record`` projects a notice onto ``RECORD_SHAPE`` (the fields some table reads), and
``pack`` turns that into bytes (pickled: seven kilobytes a synthetic notice, against tens as
Python objects; compressed by zlib they were three, but compressing took 0.16 s of the run's
process and more of its workers' for 2,000 notices, and uncompressing 0.06 s a reading);
``Packed`` holds a batch of them (or where each is in a run's scratch file) and gives each back
as a fresh dict every time it is iterated, so the comparison reads the batch twice (to align,
then to build its tables) without ever holding every record as objects at once. ``shared``
gives the tables one string for each value a batch repeats.
"""

from __future__ import annotations

import os
import pickle
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..indexed import Marshalled
from .strings import IdIndex

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


def shared(value: Any) -> Any:
    """One string object for every equal value a batch repeats (a date, a department kind, a
    task id, a region): the tables of 20,000 notices hold each once instead of once a notice
    (each record is unpacked into strings of its own). Not for headings or texts."""
    return sys.intern(value) if type(value) is str else value


_JOIN = "\x00"
Joined = str | tuple[str, ...]


def joined(items: Sequence[str]) -> Joined:
    """Strings kept as one string (a few bytes each instead of an object each: a large batch's
    task ids), or as a tuple where one of them holds the separator; ``split`` gives them back."""
    return tuple(items) if any(_JOIN in item for item in items) else _JOIN.join(items)


def split(kept: Joined) -> Sequence[str]:
    """The strings ``joined`` kept, in order."""
    return kept if isinstance(kept, tuple) else kept.split(_JOIN)


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


def pack(rec: Mapping[str, Any]) -> bytes:
    """A record as bytes (``unpack`` gives it back equal)."""
    return pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(data: bytes) -> dict[str, Any]:
    return pickle.loads(data)  # type: ignore[no-any-return]


class Packed:
    """Records as ``pack`` bytes, in order: each iteration unpacks each one afresh (the dicts it
    yields are the caller's to change), so only the record being read is held as objects. The
    bytes are held here, or (``in_file``) read from an open file by their (offset, length) as
    each is read: a run's records wait in its scratch file under ``--out``, not in memory."""

    def __init__(self, items: Iterable[bytes] = (), in_file: tuple[int, Iterable[tuple[int, int]]]
                 | None = None) -> None:
        self._items = list(items)
        self._fd: int | None = None
        self._offsets, self._lengths = array("q"), array("q")
        if in_file is not None:
            self._fd = in_file[0]
            for offset, length in in_file[1]:
                self._offsets.append(offset)
                self._lengths.append(length)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if self._fd is None:
            return map(unpack, self._items)
        return (unpack(pread(self._fd, n, at)) for at, n in zip(self._offsets, self._lengths,
                                                                  strict=True))

    def __len__(self) -> int:
        return len(self._items) + len(self._offsets)

    def clear(self) -> None:
        self._items.clear()
        self._offsets, self._lengths = array("q"), array("q")


def pread(fd: int, length: int, offset: int) -> bytes:
    """``length`` bytes at ``offset`` of an open file (the whole of them, or OSError)."""
    data = os.pread(fd, length, offset)
    if len(data) != length:
        raise OSError(f"scratch file: {len(data)} of {length} bytes read at {offset}")
    return data


class Comparable:
    """The records of ``source`` that a comparison takes (status success or partial), read
    afresh on each iteration (``source``: a ``Packed`` or a list of dicts)."""

    def __init__(self, source: Iterable[dict[str, Any]]) -> None:
        self.source = source

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (r for r in self.source if r.get("status", "success") in COMPARABLE)


class MeasureOf:
    """The measure each aligned task is on, by notice: a notice's task ids and measure ids as one
    string (``tasks_of`` makes the notice's dict when its record comes), kept as bytes (in the
    scratch file with ``scratch``, a run's ``--out``) and found by the notice's id
    (``strings.IdIndex``), where a dict keyed by (notice id, task id) takes about 200 bytes an
    aligned task (20,000 copies of the development notices: 150,000 of them), and one keyed by
    notice id with the strings in memory about 240 bytes a notice, for as long as the tables are
    built."""

    def __init__(self, pairs: Iterable[tuple[str, str, str]] = (), scratch: Path | None = None
                 ) -> None:
        by_notice: dict[str, list[str]] = {}
        for notice_id, task_id, measure in pairs:
            by_notice.setdefault(notice_id, []).extend((task_id, measure))
        self._index = IdIndex(by_notice)  # notice id -> its place among the kept
        self._kept: Marshalled[Joined] = Marshalled(scratch, ".measure-of.")
        for items in by_notice.values():
            self._kept.append(joined(items))

    def tasks_of(self, notice_id: str) -> dict[str, str]:
        """The notice's aligned task ids -> their measure ids (a task listed twice: its last)."""
        at = self._index.get(notice_id)
        if at is None:
            return {}
        items = split(self._kept[at])
        return dict(zip(items[::2], items[1::2], strict=True))

    def __len__(self) -> int:
        return len(self._index)


class Themed:
    """``records`` with each aligned task's ``themes`` set to its measure's id (``where``, by
    notice and task id: ``MeasureOf``): in ``auto`` (``only_unthemed``) added to the themes it has, otherwise
    in place of them. Records and tasks are copied (the notices given stay as they were);
    nothing below a task is changed, so nothing below it is copied."""

    def __init__(self, records: Iterable[dict[str, Any]], where: MeasureOf,
                 only_unthemed: bool) -> None:
        self.records, self.where, self.only_unthemed = records, where, only_unthemed

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for rec in self.records:
            if "tasks" not in rec:
                yield dict(rec)
                continue
            tasks = []
            measure_of = self.where.tasks_of(rec["id"])
            for task in rec["tasks"]:
                task = dict(task)
                gid = measure_of.get(task["id"])
                if gid is not None:
                    task["themes"] = [*(task.get("themes", []) if self.only_unthemed else []), gid]
                elif not self.only_unthemed:
                    task["themes"] = []
                tasks.append(task)
            yield {**rec, "tasks": tasks}
