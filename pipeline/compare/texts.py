"""The task texts the report links to, held a notice at a time as two blocks (``TaskTexts``)."""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .records import shared
from .spill import Spill

Place = bytes | tuple[int, int]  # a block compressed in memory, or (offset, length) in the file


class TaskTexts(Mapping[tuple[str, str], dict[str, str]]):
    """Each task's heading, text and number by (notice id, task id), the texts the report links
    to. A notice's headings and numbers are one block and its texts another, compressed (its
    task ids are kept as they are: the tables hold the same strings); with ``scratch`` (a
    folder: a run's ``--out``) the blocks go uncompressed to a file there, opened and at once
    unlinked, so nothing is left behind and a batch's texts take no memory (a forked writer
    reads the same file). Values are fresh dicts ``{"heading", "text", "number"}``; iteration
    is by notice in the order added, then its tasks in their order."""

    def __init__(self, scratch: Path | None = None) -> None:
        # notice id -> (task ids, where its headings and numbers are, where its texts are)
        self._notices: dict[str, tuple[tuple[Any, ...], Place, Place]] = {}
        self._size = 0
        self._spill = Spill(scratch, ".task-texts.") if scratch is not None else None
        self._last: tuple[str, tuple[Any, ...]] | None = None  # the headings read last

    def add(self, notice_id: str, tasks: Iterable[Mapping[str, Any]]) -> None:
        """A notice's tasks; a task id seen already for this notice has its values replaced."""
        entries = {shared(t["id"]): (t.get("heading", ""), t.get("text", ""), shared(t.get("number", "")))
                   for t in tasks}
        if notice_id in self._notices:
            entries = {**dict(self._entries(notice_id)), **entries}
            self._size -= len(self._notices[notice_id][0])
            self._last = None
        if not entries:
            return
        headings, texts, numbers = zip(*entries.values(), strict=True)
        self._notices[notice_id] = (tuple(entries), self._keep((headings, numbers)),
                                    self._keep(texts))
        self._size += len(entries)

    def _keep(self, value: Any) -> Place:
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if self._spill is not None and self._spill.in_file:  # as it is: compressing 20,000
            return (self._spill.append(blob), len(blob))  # notices' texts takes 1.3 s
        return zlib.compress(blob, 1)

    def _load(self, place: Place) -> Any:
        return pickle.loads(self._bytes(place))

    def _bytes(self, place: Place) -> bytes:
        if isinstance(place, bytes):
            return zlib.decompress(place)
        assert self._spill is not None
        return self._spill.read(*place)

    def _headings(self, notice_id: str) -> tuple[Any, ...]:
        """(headings, numbers) of a notice's tasks; the last notice's kept (the report asks for
        the headings of one notice's tasks after another)."""
        if self._last is None or self._last[0] != notice_id:
            self._last = (notice_id, self._load(self._notices[notice_id][1]))
        return self._last[1]

    def _entries(self, notice_id: str) -> Iterator[tuple[Any, tuple[str, str, str]]]:
        ids, _, texts = self._notices[notice_id]
        headings, numbers = self._headings(notice_id)
        return zip(ids, zip(headings, self._load(texts), numbers, strict=True), strict=True)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with the blocks themselves, compressed (a scratch file's descriptor means
        nothing to another process)."""
        def packed(place: Place) -> bytes:
            return place if isinstance(place, bytes) else zlib.compress(self._bytes(place), 1)

        notices = {nid: (ids, packed(heads), packed(texts))
                   for nid, (ids, heads, texts) in self._notices.items()}
        return {"_notices": notices, "_size": self._size, "_spill": None, "_last": None}

    def of(self, notice_id: str) -> list[tuple[Any, dict[str, str]]]:
        """A notice's tasks as (task id, value), in the order added; none for an unknown one."""
        if notice_id not in self._notices:
            return []
        return [(task_id, _value(value)) for task_id, value in self._entries(notice_id)]

    def heading(self, notice_id: str, task_id: str) -> str:
        """A task's heading ('' when unknown), without reading its notice's texts."""
        if notice_id not in self._notices:
            return ""
        ids = self._notices[notice_id][0]
        try:
            at = ids.index(task_id)
        except ValueError:
            return ""
        return self._headings(notice_id)[0][at]  # type: ignore[no-any-return]

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
