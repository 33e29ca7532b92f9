"""``Indexed``: a read-only sequence whose items are made one at a time when asked for;
``Kept``: one whose items wait as bytes, out of memory where they can."""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar, overload

T = TypeVar("T")


class Indexed(Sequence[T]):
    """A sequence that makes its ``k``-th item when it is asked for (``_item``, given ``k`` in
    range), indexed as a list is: an int (negative from the end) or a slice (a list)."""

    def _item(self, index: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._item(k) for k in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._item(index)


class Kept(Indexed[T]):
    """Items appended, each kept as the bytes ``_encode`` makes (``compare.spill.Spill``: in a
    file under ``folder``, a run's ``--out``, opened and at once unlinked; in memory without
    one) and made afresh by ``_decode`` each time it is read. ``_spill`` and ``_places`` (an
    offset and a length an item) let another sequence read the same bytes in another order."""

    PREFIX = ".kept."

    def __init__(self, folder: Path | None = None, *, _spill: Any = None,
                 _places: array[int] | None = None) -> None:
        from .compare.spill import Spill

        self._spill = _spill if _spill is not None else Spill(folder, self.PREFIX)
        self._places = _places if _places is not None else array("q")

    def _encode(self, item: T) -> bytes:
        raise NotImplementedError

    def _decode(self, data: bytes) -> T:
        raise NotImplementedError

    def append(self, item: T) -> int:
        """Keep ``item``; its place."""
        data = self._encode(item)
        self._places.extend((self._spill.append(data), len(data)))
        return len(self._places) // 2 - 1

    def __len__(self) -> int:
        return len(self._places) // 2

    def _item(self, index: int) -> T:
        offset, length = self._places[2 * index], self._places[2 * index + 1]
        return self._decode(self._spill.read(offset, length))


class Marshalled(Kept[T]):
    """A ``Kept`` of values ``marshal`` writes (strings, numbers, tuples and lists of them):
    compact and quick both ways. ``prefix``: the scratch file's name's (``Kept.PREFIX``)."""

    def __init__(self, folder: Path | None = None, prefix: str | None = None) -> None:
        if prefix is not None:
            self.PREFIX = prefix
        super().__init__(folder)

    def _encode(self, item: T) -> bytes:
        return marshal.dumps(item)

    def _decode(self, data: bytes) -> T:
        return marshal.loads(data)  # type: ignore[no-any-return]
