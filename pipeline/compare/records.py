"""What the comparison reads of a notice (its record), and records held packed until it runs.

A run keeps each finished notice's record until its last document is done, then compares them
all. ``record`` projects a notice onto ``RECORD_SHAPE`` (the fields some table reads), and
``pack`` turns that into compressed bytes (a few kilobytes, against tens as Python objects);
``Packed`` holds a batch of them and gives each back as a fresh dict every time it is iterated,
so the comparison reads the batch twice (to align, then to build its tables) without ever
holding every record as objects at once.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import weakref
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

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
    """A record as compressed bytes (``unpack`` gives it back equal)."""
    return zlib.compress(pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(data: bytes) -> dict[str, Any]:
    return pickle.loads(zlib.decompress(data))  # type: ignore[no-any-return]


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
        return (unpack(_pread(self._fd, n, at)) for at, n in zip(self._offsets, self._lengths,
                                                                  strict=True))

    def __len__(self) -> int:
        return len(self._items) + len(self._offsets)

    def clear(self) -> None:
        self._items.clear()
        self._offsets, self._lengths = array("q"), array("q")


def _pread(fd: int, length: int, offset: int) -> bytes:
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


class Themed:
    """``records`` with each aligned task's ``themes`` set to its measure's id (``where``, by
    notice and task id): in ``auto`` (``only_unthemed``) added to the themes it has, otherwise
    in place of them. Records and tasks are copied (the notices given stay as they were);
    nothing below a task is changed, so nothing below it is copied."""

    def __init__(self, records: Iterable[dict[str, Any]], where: Mapping[tuple[str, str], str],
                 only_unthemed: bool) -> None:
        self.records, self.where, self.only_unthemed = records, where, only_unthemed

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for rec in self.records:
            if "tasks" not in rec:
                yield dict(rec)
                continue
            tasks = []
            for task in rec["tasks"]:
                task = dict(task)
                gid = self.where.get((rec["id"], task["id"]))
                if gid is not None:
                    task["themes"] = [*(task.get("themes", []) if self.only_unthemed else []), gid]
                elif not self.only_unthemed:
                    task["themes"] = []
                tasks.append(task)
            yield {**rec, "tasks": tasks}


class TaskTexts(Mapping[tuple[str, str], dict[str, str]]):
    """Each task's heading, text and number by (notice id, task id), the texts the report links
    to. A notice's texts are one block, compressed (the ids, headings and numbers are kept as
    they are: the tables hold the same strings); with ``scratch`` (a folder: a run's ``--out``)
    the blocks go uncompressed to a file there, opened and at once unlinked, so nothing is left
    behind and a batch's texts take no memory (a forked writer reads the same file). Values are fresh dicts
    ``{"heading", "text", "number"}``; iteration is by notice in the order added, then its
    tasks in their order."""

    def __init__(self, scratch: Path | None = None) -> None:
        # notice id -> (task ids, headings, numbers, where its texts are: the block compressed,
        # or its (offset, length) in the scratch file)
        self._notices: dict[str, tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...],
                                       bytes | tuple[int, int]]] = {}
        self._size = 0
        self._fd: int | None = None
        self._end = 0
        if scratch is not None and hasattr(os, "pread"):
            fd, name = tempfile.mkstemp(prefix=".task-texts.", suffix=".tmp", dir=scratch)
            os.unlink(name)  # the open descriptor keeps it while the matrix lives
            self._fd = fd
            weakref.finalize(self, os.close, fd)

    def add(self, notice_id: str, tasks: Iterable[Mapping[str, Any]]) -> None:
        """A notice's tasks; a task id seen already for this notice has its values replaced."""
        entries = {shared(t["id"]): (t.get("heading", ""), t.get("text", ""), shared(t.get("number", "")))
                   for t in tasks}
        if notice_id in self._notices:
            entries = {**dict(self._entries(notice_id)), **entries}
            self._size -= len(self._notices[notice_id][0])
        if not entries:
            return
        ids = tuple(entries)
        headings, texts, numbers = zip(*entries.values(), strict=True)
        blob = pickle.dumps(texts, protocol=pickle.HIGHEST_PROTOCOL)
        where: bytes | tuple[int, int]
        if self._fd is not None:  # as it is: compressing 20,000 notices' texts takes 1.3 s
            os.pwrite(self._fd, blob, self._end)
            where = (self._end, len(blob))
            self._end += len(blob)
        else:
            where = zlib.compress(blob, 1)
        self._notices[notice_id] = (ids, headings, numbers, where)
        self._size += len(ids)

    def _entries(self, notice_id: str) -> Iterator[tuple[Any, tuple[str, str, str]]]:
        ids, headings, numbers, where = self._notices[notice_id]
        blob = zlib.decompress(where) if isinstance(where, bytes) else self._read(*where)
        texts = pickle.loads(blob)
        return zip(ids, zip(headings, texts, numbers, strict=True), strict=True)

    def _read(self, offset: int, length: int) -> bytes:
        assert self._fd is not None
        return _pread(self._fd, length, offset)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with the blocks themselves (a scratch file's descriptor means nothing to
        another process)."""
        notices = {nid: (ids, headings, numbers,
                         where if isinstance(where, bytes) else zlib.compress(self._read(*where), 1))
                   for nid, (ids, headings, numbers, where) in self._notices.items()}
        return {"_notices": notices, "_size": self._size, "_fd": None, "_end": 0}

    def of(self, notice_id: str) -> list[tuple[Any, dict[str, str]]]:
        """A notice's tasks as (task id, value), in the order added; none for an unknown one."""
        if notice_id not in self._notices:
            return []
        return [(task_id, _value(value)) for task_id, value in self._entries(notice_id)]

    def heading(self, notice_id: str, task_id: str) -> str:
        """A task's heading ('' when unknown), without reading its notice's texts."""
        found = self._notices.get(notice_id)
        if found is None or task_id not in found[0]:
            return ""
        return found[1][found[0].index(task_id)]  # type: ignore[no-any-return]

    def __getitem__(self, key: tuple[str, str]) -> dict[str, str]:
        notice_id, task_id = key
        if notice_id not in self._notices or task_id not in self._notices[notice_id][0]:
            raise KeyError(key)
        return next(_value(v) for tid, v in self._entries(notice_id) if tid == task_id)

    def items(self) -> Iterator[tuple[tuple[str, str], dict[str, str]]]:  # type: ignore[override]
        for notice_id in self._notices:
            for task_id, value in self._entries(notice_id):
                yield (notice_id, task_id), _value(value)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((nid, tid) for nid, (ids, *_) in self._notices.items() for tid in ids)

    def __len__(self) -> int:
        return self._size


def _value(entry: tuple[str, str, str]) -> dict[str, str]:
    heading, text, number = entry
    return {"heading": heading, "text": text, "number": number}
