"""The repair lexicon's word counts as a file that is looked up in place, not read into a dict.

Reading the 349,000 counts into a dict costs a worker 0.15-0.25 s, and a born-digital notice
asks about a handful of words: the OCR evidence of one odd line (``数字孪生``: one glyph the
rare-glyph table lists). The table is built once per machine in the startup cache and mapped;
a lookup is a binary search over its sorted words (about 18 comparisons), so a process that
asks about a few hundred words touches a few pages of it.

Layout (native byte order; the file never leaves the machine that wrote it):
``MAGIC``, word count, longest word considered, total count (float64); the counts (float64,
in word order); the word offsets into the text (uint32, one more than words); the words'
UTF-8 text, sorted by its bytes.
"""

from __future__ import annotations

import mmap
import struct
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

MAGIC = b"PPWORDS1"
_HEADER = struct.Struct("=8sQQd")


def _key(word: str) -> bytes:
    return word.encode("utf-8", "surrogatepass")  # a garbled word with a lone surrogate too


def write_table(fh: BinaryIO, counts: Mapping[str, float], total: float, max_word: int) -> None:
    """Write ``counts`` with the lexicon's ``total`` and ``max_word`` as they were computed (the
    total is a float sum: kept, not summed again in another order)."""
    entries = sorted((_key(word), float(count)) for word, count in counts.items())
    offsets = array("I", [0])
    for word, _ in entries:
        offsets.append(offsets[-1] + len(word))
    fh.write(_HEADER.pack(MAGIC, len(entries), max_word, total))
    fh.write(array("d", (count for _, count in entries)).tobytes())
    fh.write(offsets.tobytes())
    fh.write(b"".join(word for word, _ in entries))


class WordTable(Mapping[str, float]):
    """Word -> count, read from a table file mapped into memory."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as fh:
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        if len(self._map) < _HEADER.size:
            raise ValueError(f"{path}: not a word table")
        magic, n, self.max_word, self.total = _HEADER.unpack_from(self._map)
        counts_at = _HEADER.size
        offsets_at = counts_at + 8 * n
        self._text = offsets_at + 4 * (n + 1)
        if magic != MAGIC or len(self._map) < self._text:
            raise ValueError(f"{path}: not a word table")
        view = memoryview(self._map)
        self._counts = view[counts_at:offsets_at].cast("d")
        self._offsets = view[offsets_at:self._text].cast("I")
        if self._text + self._offsets[n] != len(self._map):
            raise ValueError(f"{path}: a damaged word table")
        self._n = n

    def _word(self, k: int) -> bytes:
        return self._map[self._text + self._offsets[k]:self._text + self._offsets[k + 1]]

    def _find(self, word: str) -> int:
        key = _key(word)
        lo, hi = 0, self._n
        while lo < hi:
            mid = (lo + hi) // 2
            here = self._word(mid)
            if here < key:
                lo = mid + 1
            elif here > key:
                hi = mid
            else:
                return mid
        return -1

    def get(self, word: str, default: float | None = None) -> float | None:  # type: ignore[override]
        k = self._find(word)
        return default if k < 0 else self._counts[k]

    def __getitem__(self, word: str) -> float:
        k = self._find(word)
        if k < 0:
            raise KeyError(word)
        return self._counts[k]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._find(word) >= 0

    def __iter__(self) -> Iterator[str]:
        return (self._word(k).decode("utf-8", "surrogatepass") for k in range(self._n))

    def __len__(self) -> int:
        return self._n
