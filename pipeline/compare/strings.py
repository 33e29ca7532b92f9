"""Many strings held compactly: as one string (``Strings``), or as keys of a mapping to numbers
(``IdIndex``), where a list or a dict would hold an object each (a large batch's vocabulary, its
notices' ids: 20,000 distinct notices' ids in a dict took about 2.8 MB, in an ``IdIndex`` under
1 MB)."""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence

from ..indexed import Indexed

_JOINED = 4096  # the strings joined together as they come (``Strings``)


class Strings(Indexed[str]):
    """Strings held as one string and where each ends (a few bytes each instead of an object
    each: the terms of a large batch's vocabulary, 1.9 MB as a list at 20,000 distinct
    notices); each is made again when read."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        """``items`` read once, ``_JOINED`` at a time: they need not be held all at once (a
        column of 20,000 notices' ids read from its parts)."""
        chunks: list[str] = []
        pending: list[str] = []
        ends = array("q")
        end = 0
        for part in items:
            end += len(part)
            ends.append(end)
            pending.append(part)
            if len(pending) == _JOINED:
                chunks.append("".join(pending))
                pending.clear()
        chunks.append("".join(pending))
        self._text = "".join(chunks)
        self._ends = array("i", ends) if end < 1 << 31 else ends

    def __len__(self) -> int:
        return len(self._ends)

    def __eq__(self, other: object) -> bool:
        """Equal to a sequence of the same strings (a list, another ``Strings``)."""
        if isinstance(other, Strings):
            return self._text == other._text and self._ends == other._ends
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def _item(self, index: int) -> str:
        return self._text[self._ends[index - 1] if index else 0:self._ends[index]]


def _hash(key: str) -> int:
    """A hash of ``key`` the same in every process (``hash`` of a str is not: an index pickled
    to the report's writer is looked up there)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass"))


class IdIndex(Mapping[str, int]):
    """Each of a sequence of strings -> its place in it (a string given twice: its last place),
    held as three arrays and one string: the strings' hashes (``_hash``) sorted, the strings in
    that order (``Strings``) and their places. A key is looked up by bisecting the hashes and
    comparing the strings of its hash (about 2 microseconds, against a dict's 0.05; the key
    asked last is kept). Iterated in the order of the places (sorted again at each iteration): a
    dict of the same ids iterates in the order of their first places, so the two differ where
    an id is given twice."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        """``ids``: strings (the contract's ids; anything else raises ``TypeError``)."""
        given = list(ids)
        if not all(type(key) is str for key in given):
            raise TypeError("an IdIndex holds strings only")
        hashes = [_hash(key) for key in given]
        order = sorted(range(len(given)), key=lambda k: (hashes[k], given[k], k))
        kept = [k for j, k in enumerate(order)  # of equal strings, the last place
                if j + 1 == len(order) or given[order[j + 1]] != given[k]]
        self._hashes = array("I", (hashes[k] for k in kept))
        self._keys = Strings(given[k] for k in kept)
        self._places = array("i", kept)
        self._last: tuple[str, int] | None = None

    def __getitem__(self, key: str) -> int:
        if not isinstance(key, str):
            raise KeyError(key)
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        hashed = _hash(key)
        at = bisect_left(self._hashes, hashed)
        while at < len(self._hashes) and self._hashes[at] == hashed:
            if self._keys._item(at) == key:
                self._last = (key, self._places[at])
                return self._places[at]
            at += 1
        raise KeyError(key)

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[str]:
        return (self._keys._item(at) for at in self._in_place_order())

    def _in_place_order(self) -> list[int]:
        return sorted(range(len(self._places)), key=self._places.__getitem__)

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_last": None}
