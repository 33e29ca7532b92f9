"""Bytes a comparison keeps until its files are written, out of memory where it can (``Spill``)."""

from __future__ import annotations

import marshal
import os
import tempfile
import weakref
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .mapped import let_go
from .records import pread

if TYPE_CHECKING:
    import pandas as pd


class Spill:
    """Bytes appended and read back by their place (offset, length). With ``folder`` (a run's
    ``--out``) they go to a file there, opened and at once unlinked, so nothing is left behind
    whatever ends the run and the batch's bytes take no memory (the report's writer is passed
    the same file: ``export.writer``); without one (a notebook), or where ``pread`` is missing,
    they are kept in memory.

    Appends to a file are gathered in memory up to ``BUFFER`` bytes and written together (a
    comparison appends a few hundred bytes at a time: with a write each, the comparison of 2,000
    synthetic notices took 0.478 s, median of ten, against 0.432 s gathered by 64 KB and 0.435 s
    by 256 KB); whatever reads the file (``read``, ``read_into``, ``fileno``) writes them first."""

    BUFFER = 1 << 16

    def __init__(self, folder: Path | None = None, prefix: str = ".spill.") -> None:
        self._fd: int | None = None
        self._memory = bytearray()  # the bytes when there is no file; else those not yet written
        self._end = 0
        self._written = 0  # bytes of the file written (the rest are in ``_memory``)
        if folder is not None and hasattr(os, "pread"):
            fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
            os.unlink(name)  # the open descriptor keeps it while its owner lives
            self._own(fd)

    @classmethod
    def adopt(cls, fd: int, end: int) -> Spill:
        """A spill over the open file ``fd`` holding ``end`` bytes, closed when it goes (a file
        another process passed: ``export.writer``)."""
        spill = cls()
        spill._own(fd)
        spill._end = spill._written = end
        return spill

    def grown(self, end: int) -> None:
        """An adopted file known to hold ``end`` bytes, if more than it was known to (the file
        met again in what was passed, after its owner appended to it: ``SpilledArray``)."""
        if self._fd is not None and not self._memory and end > self._end:
            self._end = self._written = end

    def _own(self, fd: int) -> None:
        """Keep the bytes in the open file ``fd``, closed when this goes."""
        self._fd = fd
        weakref.finalize(self, os.close, fd)

    @property
    def in_file(self) -> bool:
        return self._fd is not None

    def fileno(self) -> int | None:
        """The file's descriptor, every byte appended written to it (None: the bytes are in
        memory)."""
        self.flush()
        return self._fd

    def append(self, data: bytes | memoryview) -> int:
        """Where ``data`` now starts. Data of ``BUFFER`` bytes or more goes to the file as it
        is, not through the buffer (an array parked whole: copying it there first held it twice,
        the 20,000 distinct notices' matrix 59 MB more for a moment)."""
        offset = self._end
        size = data.nbytes if isinstance(data, memoryview) else len(data)  # bytes, any format
        if self._fd is not None and size >= self.BUFFER:
            self.flush()
            self._write(memoryview(data))
        else:
            self._memory += data
            if self._fd is not None and len(self._memory) >= self.BUFFER:
                self.flush()
        self._end += size
        return offset

    def flush(self) -> None:
        """The bytes appended and not yet written, written to the file."""
        if self._fd is None or not self._memory:
            return
        with memoryview(self._memory) as data:
            self._write(data)
        self._memory = bytearray()

    def _write(self, data: memoryview) -> None:
        """``data`` written to the file after the bytes written so far."""
        assert self._fd is not None
        data, done = data.cast("B"), 0
        while done < len(data):
            done += os.pwrite(self._fd, data[done:], self._written + done)
        self._written += done

    def read(self, offset: int, length: int) -> bytes:
        if self._fd is None:
            return bytes(self._memory[offset:offset + length])
        if offset + length > self._written:
            self.flush()
        return pread(self._fd, length, offset)

    def read_into(self, offset: int, buffer: memoryview) -> None:
        """``len(buffer)`` bytes at ``offset`` into ``buffer`` (no copy of them made on the way
        where ``preadv`` is there); OSError where the file has fewer."""
        if self._fd is None:
            buffer[:] = self._memory[offset:offset + len(buffer)]
            return
        if offset + len(buffer) > self._written:
            self.flush()
        if not hasattr(os, "preadv"):
            buffer[:] = pread(self._fd, len(buffer), offset)
            return
        done = 0
        while done < len(buffer):
            got = os.preadv(self._fd, [buffer[done:]], offset + done)
            if got <= 0:
                raise OSError(f"scratch file: {done} of {len(buffer)} bytes read at {offset}")
            done += got

    def clear(self) -> None:
        """Every byte dropped (the file cut to nothing), for bytes appended from the start again."""
        self._memory = bytearray()
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
        self._end = self._written = 0

    def __len__(self) -> int:
        return self._end

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with its bytes (a file's descriptor means nothing to another process; a pickler
        that passes the file itself: ``export.writer``)."""
        return {"_fd": None, "_memory": bytearray(self.read(0, self._end)), "_end": self._end}


class Parked:
    """One-dimensional arrays kept in a file under ``folder`` (a run's ``--out``; ``Spill``)
    while a phase that does not read them whole runs, each read back a part at a time (``part``),
    the same bytes: a large batch's alignment vectors and edges while its tasks are clustered.
    ``in_file`` False (no folder): nothing is gained by parking, and the caller keeps its
    arrays. An array mapped from a file (``mapped``) is written a piece of ``PIECE`` bytes at
    a time, each piece's pages let go once written."""

    PIECE = 1 << 22

    def __init__(self, arrays: Sequence[Any], folder: Path | None) -> None:
        self._spill = Spill(folder, ".parked.")
        self._places: list[tuple[Any, int, int]] = []  # dtype, length, offset
        if self._spill.in_file:
            for values in arrays:
                place = len(self._spill)
                step = max(1, self.PIECE // values.itemsize)
                for start in range(0, len(values), step):
                    self._spill.append(memoryview(values[start:start + step]).cast("B"))
                    let_go(values)
                self._places.append((values.dtype, len(values), place))
            self._spill.flush()  # all in the file: threads reading parts never write

    @property
    def in_file(self) -> bool:
        return self._spill.in_file

    def part(self, which: int, start: int, stop: int) -> Any:
        """Items ``start`` .. ``stop`` of the ``which``-th array parked, as a new array: only
        they are read (cut at its end, as a slice is)."""

        dtype, length, place = self._places[which]
        return array_part(self._spill, place, dtype, length, start, stop)

    def dtype(self, which: int) -> Any:
        """The item type of the ``which``-th array parked."""
        return self._places[which][0]

    def read_into(self, which: int, start: int, out: Any) -> None:
        """Items ``start`` .. ``start + len(out)`` of the ``which``-th array parked, read into
        ``out`` (a contiguous array of its type: nothing else allocated on the way)."""
        dtype, length, place = self._places[which]
        if out.dtype != dtype or start + len(out) > length:
            raise ValueError(f"parked array {which}: {len(out)} {out.dtype} items at {start} "
                             f"of {length} {dtype}")
        self._spill.read_into(place + start * out.itemsize, memoryview(out).cast("B"))


def array_part(spill: Spill, place: int, dtype: Any, length: int, start: int, stop: int) -> Any:
    """Items ``start`` .. ``stop`` of an array of ``length`` items of ``dtype`` written into
    ``spill`` at ``place``, as a new array: only they are read (cut at its end, as a slice is)."""
    import numpy as np

    stop = min(stop, length)
    start = min(start, stop)
    values = np.empty(max(0, stop - start), dtype=dtype)
    spill.read_into(place + start * values.itemsize, memoryview(values).cast("B"))
    return values


class SpilledArray(Sequence[int]):
    """An ``array.array`` of numbers written into a ``Spill`` and read back ``PAGE`` items at a
    time (``array_part``; the page read last kept): a large batch's arrays with an entry a notice (where its
    task texts are, where its long rows are), which the report's writer reads a notice at a
    time, are not held in its memory (20,000 notices: about 1 MB)."""

    PAGE = 512

    def __init__(self, values: array[int], spill: Spill) -> None:
        self._spill = spill
        self._typecode, self._length = values.typecode, len(values)
        self._place = spill.append(memoryview(values).cast("B"))
        spill.flush()  # in the file now: another process may be about to read it there
        self._page: tuple[int, list[int]] = (-1, [])  # the page read last, as Python ints

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> int:  # type: ignore[override]
        if not isinstance(index, int):
            raise TypeError(f"a spilled array is read an item at a time, not by {index!r}")
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        page = index // self.PAGE
        if self._page[0] != page:
            start = page * self.PAGE
            self._page = (page, array_part(self._spill, self._place, self._typecode,
                                           self._length, start, start + self.PAGE).tolist())
        return self._page[1][index - page * self.PAGE]

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_page": (-1, [])}


def restored(cls: type[Any], state: dict[str, Any]) -> Any:
    """An object of ``cls`` with ``state`` as its attributes, made without ``__init__``: what a
    ``with_spill`` reduction gives back in the process it is passed to."""
    made = cls.__new__(cls)
    made.__dict__.update(state)
    return made


class SpilledRows:
    """Rows of a table (tuples of strings, numbers, booleans and None) added a batch at a time
    and read back in the order added, each batch marshalled into a ``Spill``: a table that only
    a notebook asks for, or that a writer reads once, is not held as objects meanwhile."""

    def __init__(self, folder: Path | None = None, prefix: str = ".rows.") -> None:
        self._spill = Spill(folder, prefix)
        # each batch's place: its offset and length (numbers, not a tuple a batch: a batch is a
        # notice, and a run has tens of thousands)
        self._offsets, self._lengths = array("q"), array("q")
        self._count = 0

    def extend(self, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            blob = marshal.dumps(rows)
            self._offsets.append(self._spill.append(blob))
            self._lengths.append(len(blob))
            self._count += len(rows)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        for offset, length in zip(self._offsets, self._lengths, strict=True):
            yield from marshal.loads(self._spill.read(offset, length))

    def __len__(self) -> int:
        return self._count


PART_ROWS = 5000  # the rows of a part (``Parts``)


def not_interned(columns: Iterable[Iterable[Any]]) -> tuple[list[Any], ...]:
    """The columns as lists, each string an equal one of its own that is not interned (equal
    strings one object, so marshal still writes each once). marshal writes an interned string as
    one to intern again when read, and the interpreter's table of interned strings, once grown,
    stays that size: the report's writer read the long table of 20,000 distinct notices and kept
    1.9 MB more than at 2,000 (a batch's values are interned as they are gathered:
    ``records.shared``). The values are marshal's own types (a subclass of ``str`` cannot be
    marshalled); a string inside a tuple is left as it is."""
    copies: dict[str, str] = {}
    out = []
    for column in columns:
        values = list(column)
        # only the strings are hashed: a column may hold values that cannot be (not a table's)
        fresh = {value for value in values if type(value) is str} - copies.keys()
        copies.update((value, _copy(value)) for value in fresh)
        out.append([copies[value] if type(value) is str else value for value in values])
    return tuple(out)


def _copy(value: str) -> str:
    """An equal string not interned: a slice is a new string (but the empty string and a
    Latin-1 character, the interpreter's own few)."""
    return (value + "\0")[:-1]


class Parts:
    """A table written once in its order as parts of ``PART_ROWS`` rows, each part's columns
    marshalled into a ``Spill`` (a part is read back at C speed, a row at a time is not), then
    read as DataFrames as often as wanted. ``convert``: what each part's frame needs after it is
    made (a column's dtype)."""

    def __init__(self, spill: Spill, columns: Sequence[str],
                 convert: Callable[[pd.DataFrame], None] | None = None) -> None:
        self._spill, self.columns, self._convert = spill, list(columns), convert
        self._starts: list[int] = []
        self._places: list[tuple[int, int]] = []
        self.count = 0

    def write(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """The table's rows, in order (an empty table is one empty part)."""
        rows = iter(rows)
        while True:
            part = list(islice(rows, PART_ROWS))
            if not part and self._places:
                return
            columns = (not_interned(zip(*part, strict=True)) if part
                       else tuple([] for _ in self.columns))
            blob = marshal.dumps(columns)
            self._places.append((self._spill.append(blob), len(blob)))
            self._starts.append(self.count)
            self.count += len(part)

    def frames(self, columns: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
        """The parts, in order, each indexed by its rows' numbers in the whole table; with
        ``columns``, only those (in the table's order): a column's values are made from its own
        cells alone, so they are the whole frame's, and a reader of a few columns does not pay
        for making the others."""
        names = self.columns if columns is None else [c for c in self.columns if c in columns]
        keep = [k for k, c in enumerate(self.columns) if c in names]
        for start, place in zip(self._starts, self._places, strict=True):
            values = marshal.loads(self._spill.read(*place))
            yield self._frame([values[k] for k in keep], start, names)

    def __len__(self) -> int:
        return self.count

    def values(self, name: str) -> Iterator[Any]:
        """One column's values, in order, read a part at a time (no DataFrame made)."""
        k = self.columns.index(name)
        for place in self._places:
            yield from marshal.loads(self._spill.read(*place))[k]

    def columns_of(self, part: int) -> tuple[int, tuple[list[Any], ...]]:
        """Part ``part``'s first row's number in the table and its columns (lists, in the
        table's order)."""
        return self._starts[part], marshal.loads(self._spill.read(*self._places[part]))

    def part_of(self, row: int) -> int:
        """The number of the part row ``row`` is in."""
        return bisect_right(self._starts, row) - 1

    def whole(self) -> pd.DataFrame:
        """The whole table as one DataFrame."""
        columns: list[list[Any]] = [[] for _ in self.columns]
        for place in self._places:
            for whole, part in zip(columns, marshal.loads(self._spill.read(*place)), strict=True):
                whole.extend(part)
        return self._frame(columns, 0)

    def _frame(self, columns: Sequence[list[Any]], start: int,
               names: Sequence[str] | None = None) -> pd.DataFrame:
        import pandas as pd

        names = self.columns if names is None else list(names)
        frame = pd.DataFrame(dict(zip(names, columns, strict=True)), columns=names)
        frame.index = pd.RangeIndex(start, start + len(frame))
        if self._convert is not None:
            self._convert(frame)
        return frame


class OrderedRows:
    """Rows added a batch at a time, each with its sort key (a tuple of values), put in key
    order once (``seal``: each key's values ranked, by ``orders``' functions where given; equal
    keys keep the order added) and then read in that order a part at a time (``Parts``). Only
    each row's place and the ranks of its key's values are held, not the rows."""

    def __init__(self, columns: Sequence[str], folder: Path | None = None,
                 prefix: str = ".rows.") -> None:
        self.columns = list(columns)
        self._spill = Spill(folder, prefix)
        self._places, self._lengths = array("q"), array("i")
        self._values: list[dict[Any, int]] = []  # per key position: each value's number
        self._numbers: list[array[int]] = []  # per key position: each row's value number
        self.parts: Parts | None = None

    def extend(self, rows: Iterable[tuple[Any, ...]], keys: Iterable[tuple[Any, ...]]) -> None:
        for row, key in zip(rows, keys, strict=True):
            blob = marshal.dumps(row)
            self._places.append(self._spill.append(blob))
            self._lengths.append(len(blob))
            if not self._values:
                self._values = [{} for _ in key]
                self._numbers = [array("i") for _ in key]
            for values, numbers, value in zip(self._values, self._numbers, key, strict=True):
                numbers.append(values.setdefault(value, len(values)))

    def seal(self, orders: Sequence[Callable[[Any], Any] | None] = ()) -> Parts:
        """The rows in key order, as parts; ``orders``: per key position, what its values are
        ranked by (None or missing: the values themselves)."""
        import numpy as np

        ranks = []
        for k, (values, numbers) in enumerate(zip(self._values, self._numbers, strict=True)):
            by = orders[k] if k < len(orders) and orders[k] is not None else None
            distinct = list(values)
            sort_keys = [by(v) for v in distinct] if by is not None else distinct
            ranked = {key: r for r, key in enumerate(sorted(set(sort_keys)))}  # equal keys, equal ranks
            rank_of = np.array([ranked[key] for key in sort_keys] or [0], dtype=np.int64)
            ranks.append(rank_of[np.frombuffer(numbers, dtype=np.int32)])
        order = (np.lexsort(ranks[::-1]) if ranks else np.zeros(0, dtype=np.int64)).tolist()
        read = self._spill.read
        self.parts = Parts(self._spill, self.columns)
        self.parts.write(marshal.loads(read(self._places[p], self._lengths[p])) for p in order)
        self._places, self._lengths = array("q"), array("i")
        self._values, self._numbers = [], []
        return self.parts
