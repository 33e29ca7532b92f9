"""TF-IDF rows of a batch's task bags, each distinct row held once.

A batch of reposts (a national plan every province words again, a notice sent down and printed by
each county) has many tasks whose bags count the same terms the same number of times: their rows
are the same, bit for bit. ``Counts`` reads the bags one at a time, counts a block of
``_TFIDF_ROWS`` at a time, and keeps each distinct counted bag once, with the distinct bag of
every bag read (4 bytes a task); ``weigh`` then makes the weights of the distinct rows only, in
the order their first task comes among the tasks as the caller orders them, and each task's row
among them. Nothing the size of every task's terms is held once the block it came in is counted.
Given a folder (a run's ``--out``), the distinct bags' counted terms wait in a file there
(``spill.Spill``: 20,000 distinct notices, 60 MB) and the weights are written into arrays mapped
from files there (``mapped``), their pages let go a block at a time, so neither is held whole.

The weighting is scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``: ``(1 + ln tf) *
(ln((1 + n) / (1 + df)) + 1)``, rows L2-normalised, columns the terms sorted (written on
scipy.sparse: importing scikit-learn costs more than half a second at the end of every run).
``n`` and ``df`` count every task, copies included.
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..memory import release
from .mapped import file_empty, let_go
from .spill import Spill, array_part
from .strings import Strings

_TFIDF_ROWS = 4096  # the rows whose term counts are taken at once


class Counts:
    """Bags counted as they come, each distinct one once.

    ``ids``: each term's first-seen number; ``rows``: each bag's distinct number, in the order
    read; a distinct bag is numbered in the order it is first read. A block's bags are counted
    together (``_counted``), then each is looked up by a hash of its counted terms; two with
    the same hash are compared before they count as the same. ``folder``: where the distinct
    bags' counted terms wait (``Blocks``; None: in memory)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.ids: dict[str, int] = {}
        self.rows = array("i")
        self.distinct = 0
        self.blocks = Blocks(folder)  # the distinct bags, a block at a time
        # the lookup: the hash of each distinct bag, sorted, and its number beside it (12 bytes
        # a distinct bag, where a dict of ints took about 100: a batch without copies has a
        # distinct bag a task)
        self._hashes: Any = None
        self._hash_numbers: Any = None
        self._numbers, self._sizes = array("i"), array("q")

    def add(self, bag: list[str]) -> None:
        ids = self.ids
        self._numbers.extend([ids.setdefault(term, len(ids)) for term in bag])
        self._sizes.append(len(bag))
        if len(self._sizes) == _TFIDF_ROWS:
            self._count()

    def close(self) -> None:
        """Count the last block; the lookup is let go (no bag is added after this)."""
        if self._sizes:
            self._count()
        self._numbers, self._sizes = array("i"), array("q")
        self._hashes = self._hash_numbers = None

    def _count(self) -> None:
        import numpy as np

        row_counts, firsts, tfs = _counted(self._numbers, self._sizes)
        self._numbers, self._sizes = array("i"), array("q")
        starts = np.zeros(len(row_counts) + 1, dtype=np.int64)
        np.cumsum(row_counts, out=starts[1:])
        bounds = starts.tolist()
        first = self.distinct
        new_rows: list[int] = []  # the block's row of each bag it numbers
        keys = [firsts[low:high].tobytes() + tfs[low:high].tobytes()
                for low, high in pairwise(bounds)]
        hashes = np.array([hash(key) for key in keys], dtype=np.int64)
        if self._hashes is None:
            self._hashes, self._hash_numbers = np.zeros(0, np.int64), np.zeros(0, np.int32)
        known = self._hashes
        lows = np.searchsorted(known, hashes, side="left").tolist()
        highs = np.searchsorted(known, hashes, side="right").tolist()
        known_numbers = self._hash_numbers
        block: dict[int, list[int]] = {}  # the hashes of the bags this block numbers

        def value(number: int) -> bytes:
            if number >= first:  # a bag of this block, not yet kept
                return keys[new_rows[number - first]]
            return self._kept(number)

        for row, (key, hashed) in enumerate(zip(keys, hashes.tolist(), strict=True)):
            candidates = [*known_numbers[lows[row]:highs[row]].tolist(), *block.get(hashed, ())]
            number = next((n for n in candidates if value(n) == key), None)
            if number is None:
                number = self.distinct
                self.distinct += 1
                new_rows.append(row)
                block.setdefault(hashed, []).append(number)
            self.rows.append(number)
        if not new_rows:
            return
        merged = np.concatenate((known, hashes[new_rows]))  # the new hashes into the lookup
        order = np.argsort(merged, kind="stable")
        self._hashes = merged[order]
        self._hash_numbers = np.concatenate(
            (known_numbers, np.arange(first, self.distinct, dtype=np.int32)))[order]
        new = np.zeros(len(row_counts), dtype=bool)
        new[new_rows] = True
        cells = np.repeat(new, row_counts)
        kept_counts = row_counts[new]
        self.blocks.add(first, kept_counts, firsts[cells], tfs[cells])

    def _kept(self, number: int) -> bytes:
        """The counted terms of a distinct bag of a block already kept, as its lookup key."""
        firsts, tfs = self.blocks.bag(number)
        return firsts.tobytes() + tfs.tobytes()


class Blocks:
    """The distinct bags' counted terms, a block of bags at a time: each bag's number of terms
    (held: 8 bytes a bag), and their first-seen numbers and counts (``Spill``: in a file under
    ``folder``, or in memory), read back a block (``read``) or a bag (``bag``) at a time."""

    def __init__(self, folder: Path | None = None) -> None:
        self._spill = Spill(folder, ".counts.")
        self.sizes: list[Any] = []  # each block's bags' numbers of terms
        self._starts: list[Any] = []  # ... and their starts within the block
        self._first: list[int] = []  # each block's first distinct number
        self._places: list[tuple[int, int]] = []  # where its numbers and counts start
        self.top = 0  # the largest count of a term in a bag

    def add(self, first: int, sizes: Any, firsts: Any, tfs: Any) -> None:
        import numpy as np

        starts = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        self.sizes.append(sizes)
        self._starts.append(starts)
        self._first.append(first)
        self._places.append((self._spill.append(memoryview(firsts).cast("B")),
                             self._spill.append(memoryview(tfs).cast("B"))))
        self.top = max(self.top, int(tfs.max(initial=0)))

    def __len__(self) -> int:
        return len(self.sizes)

    def read(self, block: int) -> tuple[Any, Any, Any]:
        """A block's (terms a bag, first-seen numbers, counts)."""
        return (self.sizes[block], *self._part(block, 0, int(self._starts[block][-1])))

    def bag(self, number: int) -> tuple[Any, Any]:
        """The first-seen numbers and counts of the distinct bag ``number``."""
        block = bisect.bisect_right(self._first, number) - 1
        at = number - self._first[block]
        starts = self._starts[block]
        return self._part(block, int(starts[at]), int(starts[at + 1]))

    def _part(self, block: int, low: int, high: int) -> tuple[Any, Any]:
        import numpy as np

        length = int(self._starts[block][-1])
        numbers, counts = self._places[block]
        return (array_part(self._spill, numbers, np.int32, length, low, high),
                array_part(self._spill, counts, np.int32, length, low, high))


def _counted(numbers: array, sizes: array) -> tuple[Any, Any, Any]:
    """A block of bags (their terms' first-seen numbers, one after another, and each bag's
    size) as each bag's terms once with their counts: (terms a bag, first-seen numbers, counts),
    the terms of a bag in the order of their numbers."""
    import numpy as np

    flat = np.frombuffer(numbers, dtype=np.int32) if numbers else np.zeros(0, dtype=np.int32)
    lengths = np.frombuffer(sizes, dtype=np.int64)
    rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    cells, tfs = np.unique((rows << 32) | flat, return_counts=True)
    row_of = cells >> 32
    return (np.bincount(row_of, minlength=len(lengths)),
            (cells & 0xFFFFFFFF).astype(np.int32), tfs.astype(np.int32))  # counts: 4 bytes


def count(bags: Iterable[list[str]], folder: Path | None = None) -> Counts:
    """Every bag counted (``Counts``: its counted terms in a file under ``folder``), the last
    block included."""
    counts = Counts(folder)
    for bag in bags:
        counts.add(bag)
    counts.close()
    return counts


def weigh(counts: Counts, order: Any = None, folder: Path | None = None
          ) -> tuple[Any, Any, Strings]:
    """The weighted rows of the distinct bags, each task's distinct row and the terms (sorted)
    of the columns (held as one string: ``strings.Strings``). ``order``: each task's place in
    reading order, the tasks as the caller orders them (None: as read). The distinct rows come
    in the order their first task comes; each block of them is written into its rows' places as
    it is weighted and let go (its counts and the weights never both whole): ``counts`` is
    emptied of its terms and blocks. ``folder``: where the weights are mapped from (``mapped``:
    the matrix's data and columns)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    release()  # what reading the bags freed (their words), before the weights grow
    seen = list(counts.ids)
    counts.ids = {}
    by_term = sorted(range(len(seen)), key=seen.__getitem__)
    terms = Strings(seen[k] for k in by_term)
    del seen
    rank = np.empty(len(terms), dtype=np.int32)  # first-seen number -> column (terms sorted)
    rank[np.asarray(by_term, dtype=np.int64)] = np.arange(len(terms), dtype=np.int32)
    del by_term
    width = max(1, len(terms))
    read = np.frombuffer(counts.rows, dtype=np.int32) if counts.rows else np.zeros(0, np.int32)
    tasks, distinct = len(read), counts.distinct
    placed = read if order is None else read[order]
    first_task = np.full(distinct, tasks, dtype=np.int64)
    np.minimum.at(first_task, placed, np.arange(tasks, dtype=np.int64))
    by_first = np.argsort(first_task, kind="stable")  # distinct row -> its bag
    # bag -> its distinct row, int32 as the columns are (each task's row, ``copy``, is held
    # through the whole alignment: 173,882 tasks of 20,000 distinct notices, 0.7 MB less)
    place = np.empty(distinct, dtype=np.int32)
    place[by_first] = np.arange(distinct, dtype=np.int32)
    copy = place[placed]
    copies = np.bincount(read, minlength=distinct)  # each bag's tasks: its terms' df share
    del read, placed, first_task
    blocks = counts.blocks
    counts.blocks = Blocks()
    sizes = (np.concatenate(blocks.sizes) if len(blocks) else np.zeros(0, np.int64))
    indptr = np.zeros(distinct + 1, dtype=np.int64)
    np.cumsum(sizes[by_first], out=indptr[1:])
    del sizes, by_first
    # 1 + ln tf by math.log, as a table over the few counts that occur
    logs = np.array([1.0 + math.log(n) if n else 0.0 for n in range(blocks.top + 1)])
    df = np.zeros(width)  # each term's tasks (whole numbers, exact in a double)
    weights = file_empty(folder, int(indptr[-1]), np.float64)
    indices = file_empty(folder, int(indptr[-1]), np.int32)
    bag = 0
    for number in range(len(blocks)):
        row_counts, firsts, block_tfs = blocks.read(number)
        columns = rank[firsts]
        del firsts
        bags = np.arange(bag, bag + len(row_counts), dtype=np.int64)
        bag += len(row_counts)
        of_cell = np.repeat(np.arange(len(row_counts), dtype=np.int64), row_counts)
        # bag by bag, columns in order within a bag (each (bag, column) is there once)
        within = np.argsort(of_cell * width + columns)
        sorted_columns = columns[within]
        # each cell's place: its bag's row's start, then its place within the bag
        offset = np.arange(len(within), dtype=np.int64) - np.repeat(
            np.cumsum(row_counts) - row_counts, row_counts)
        target = np.repeat(indptr[place[bags]], row_counts) + offset
        indices[target] = sorted_columns
        weights[target] = logs[block_tfs[within]]
        df += np.bincount(columns, weights=copies[bags][of_cell], minlength=width)
        del row_counts, block_tfs, columns, within, sorted_columns, of_cell, offset, target
        let_go(weights, indices)
        if number % 8 == 7:
            release()  # the blocks placed: small arrays, freed within the heap
    del blocks
    matrix = csr_matrix((weights, indices, indptr), shape=(distinct, len(terms)))
    del weights, indices
    idf = np.log((1 + tasks) / (1 + df.astype(np.int64))) + 1.0
    for first in range(0, distinct, _TFIDF_ROWS):  # weighted and normalised a block at a time
        rows = matrix[first:first + _TFIDF_ROWS]
        low, high = int(matrix.indptr[first]), int(matrix.indptr[first + rows.shape[0]])
        rows.data *= idf[rows.indices]
        norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        rows.data /= np.repeat(norms, np.diff(rows.indptr))
        matrix.data[low:high] = rows.data
        let_go(matrix.data, matrix.indices)
    return matrix, copy, terms


def tfidf(bags: Iterable[list[str]]) -> tuple[Any, list[str]]:
    """A row of weights for every bag, copies included (``weigh`` read out row by row), and
    the terms of the columns."""
    matrix, copy, terms = weigh(count(bags))
    return matrix[copy], list(terms)
