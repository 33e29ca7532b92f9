"""Bytes a comparison keeps until its files are written, out of memory where it can (``Spill``)."""

from __future__ import annotations

import marshal
import os
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .records import pread


class Spill:
    """Bytes appended and read back by their place (offset, length). With ``folder`` (a run's
    ``--out``) they go to a file there, opened and at once unlinked, so nothing is left behind
    whatever ends the run and the batch's bytes take no memory (a forked writer reads the same
    file); without one (a notebook), or where ``pread`` is missing, they are kept in memory."""

    def __init__(self, folder: Path | None = None, prefix: str = ".spill.") -> None:
        self._fd: int | None = None
        self._memory = bytearray()
        self._end = 0
        if folder is not None and hasattr(os, "pread"):
            fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
            os.unlink(name)  # the open descriptor keeps it while its owner lives
            self._fd = fd
            weakref.finalize(self, os.close, fd)

    @property
    def in_file(self) -> bool:
        return self._fd is not None

    def append(self, data: bytes) -> int:
        """Where ``data`` now starts."""
        offset = self._end
        if self._fd is None:
            self._memory += data
        else:
            done = 0
            while done < len(data):
                done += os.pwrite(self._fd, data[done:], offset + done)
        self._end += len(data)
        return offset

    def read(self, offset: int, length: int) -> bytes:
        if self._fd is None:
            return bytes(self._memory[offset:offset + length])
        return pread(self._fd, length, offset)

    def __len__(self) -> int:
        return self._end

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with its bytes (a file's descriptor means nothing to another process)."""
        return {"_fd": None, "_memory": bytearray(self.read(0, self._end)), "_end": self._end}


class SpilledRows:
    """Rows of a table (tuples of strings, numbers, booleans and None) added a batch at a time
    and read back in the order added, each batch marshalled into a ``Spill``: a table that only
    a notebook asks for, or that a writer reads once, is not held as objects meanwhile."""

    def __init__(self, folder: Path | None = None, prefix: str = ".rows.") -> None:
        self._spill = Spill(folder, prefix)
        self._places: list[tuple[int, int]] = []
        self._count = 0

    def extend(self, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            blob = marshal.dumps(rows)
            self._places.append((self._spill.append(blob), len(blob)))
            self._count += len(rows)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        for place in self._places:
            yield from marshal.loads(self._spill.read(*place))

    def __len__(self) -> int:
        return self._count
