"""The task texts the report links to, held a notice at a time as one block (``TaskTexts``)."""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .records import shared
from .spill import Spill


class TaskTexts(Mapping[tuple[str, str], dict[str, str]]):
    """Each task's heading, text and number by (notice id, task id), the texts the report links
    to. A notice's texts are one block, compressed (the ids, headings and numbers are kept as
    they are: the tables hold the same strings); with ``scratch`` (a folder: a run's ``--out``)
    the blocks go uncompressed to a file there, opened and at once unlinked, so nothing is left
    behind and a batch's texts take no memory (a forked writer reads the same file). Values
    are fresh dicts ``{"heading", "text", "number"}``; iteration is by notice in the order
    added, then its tasks in their order."""

    def __init__(self, scratch: Path | None = None) -> None:
        # notice id -> (task ids, headings, numbers, where its texts are: the block compressed,
        # or its (offset, length) in the scratch file)
        self._notices: dict[str, tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...],
                                       bytes | tuple[int, int]]] = {}
        self._size = 0
        self._spill = Spill(scratch, ".task-texts.") if scratch is not None else None

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
        if self._spill is not None and self._spill.in_file:  # as it is: compressing 20,000
            where = (self._spill.append(blob), len(blob))  # notices' texts takes 1.3 s
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
        assert self._spill is not None
        return self._spill.read(offset, length)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with the blocks themselves, compressed (a scratch file's descriptor means
        nothing to another process)."""
        notices = {nid: (ids, headings, numbers,
                         where if isinstance(where, bytes) else zlib.compress(self._read(*where), 1))
                   for nid, (ids, headings, numbers, where) in self._notices.items()}
        return {"_notices": notices, "_size": self._size, "_spill": None}

    def of(self, notice_id: str) -> list[tuple[Any, dict[str, str]]]:
        """A notice's tasks as (task id, value), in the order added; none for an unknown one."""
        if notice_id not in self._notices:
            return []
        return [(task_id, _value(value)) for task_id, value in self._entries(notice_id)]

    def heading(self, notice_id: str, task_id: str) -> str:
        """A task's heading ('' when unknown), without reading its notice's texts."""
        ids, headings, *_ = self._notices.get(notice_id, ((), ()))
        try:
            return headings[ids.index(task_id)]  # type: ignore[no-any-return]
        except ValueError:
            return ""

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
