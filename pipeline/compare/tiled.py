"""The narrowed search (``wide``) a part of the rows at a time, where its parts would hold too much.

The narrowed search holds two parts whole: the transpose of the rows' other words and each row's
frequent words (20,000 distinct notices: 87 MB), read at random by every block of rows, so no
file mapping could hold them cheaply. Where a run has a folder and the parts would take more than
``PARTS_BYTES``, the rows searched against are cut into ``tiles`` of consecutive rows, and the
search passes over every block of rows once a tile, holding only that tile's parts:

1. a tile's transpose gives each block row's best ``WIDEN`` times ``k`` candidates among the
   tile's rows (by the other words: ``align._picked``), merged with the best found in the tiles
   before, the same order (most similar first, equal ones the lower row first), so after the last
   tile they are the candidates the whole transpose gives (a tile's entries under a row's
   ``WIDEN`` times ``k``-th candidate so far are dropped before they are sorted:
   ``_under_the_best``); the row itself is added where it is not among them, as
   ``Narrowed.nearest`` adds it;
2. a tile's frequent entries give what the frequent words add to each candidate of the tile;
   after the last tile each row's ``k`` nearest are picked from its candidates (``align._top``).

The candidates wait in arrays mapped from files in the folder (``mapped``), written and read a
block of rows after another, their pages let go every few blocks (``mapped.Every``). Every
similarity is the same sum in the same order as the whole parts give (a product restricted to a
tile's rows sums the same products in the same order), so the lists are the same, bit for bit.
A block holds as many more rows as there are tiles (a tile's product a row is about that share
of the whole's), so the passes make as many blocks in all as the whole search's one pass.

Measured on 20,000 distinct notices (203,838 distinct rows; the search alone, its matrix
parked): its peak above what the process held before it 146 -> 57 MB, 50.3 -> 55.3 s with 6
tiles of 16 MB (32 MB tiles: 81 MB, 50.2 s; without ``_under_the_best``: 60.7 s). In the
comparison of those notices run from their records, its peak 172 MB with 16 MB tiles, 157 with
8 MB (12 tiles, its pages let go every 16 blocks: ``mapped.Every``), 152 with 4 MB; the search
53.7, 62.5 and 79.9 s: 8 MB is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..memory import release
from .mapped import Every, file_full, file_zeros
from .wide import WIDEN, Narrowed

PARTS_BYTES = 1 << 23  # the most a tile's parts may take


def tiles(rows: Any, frequent: Any, df: Any) -> list[tuple[int, int]]:
    """Ranges of consecutive rows whose parts take about ``PARTS_BYTES`` each at most (a kept
    entry 12 bytes, a frequent one 10, a row 8), cut where the rows' entries are evenly shared."""
    import numpy as np

    n = rows.shape[0]
    entries = int(rows.indptr[-1])
    frequent_entries = int(df[frequent].sum())
    size = 12 * (entries - frequent_entries) + 10 * frequent_entries + 8 * n
    count = max(1, min(n, -(-size // PARTS_BYTES)))
    if count == 1:
        return [(0, n)]
    cuts = np.searchsorted(rows.indptr, np.linspace(0, entries, count + 1)[1:-1])
    bounds = sorted({0, n, *(int(c) for c in cuts)})
    return list(pairwise(bounds))


class Tiled:
    """The passes of a search over ``narrowed``'s rows a tile at a time (``passes``), the
    candidates held in arrays mapped from ``scratch``: a row's ``WIDEN`` times ``k`` best (``-1``
    where fewer) and, in the last place, the row itself where it is not among them, and their
    similarities (by the other words, then with what the frequent words add: the sum
    ``Narrowed.nearest`` makes)."""

    def __init__(self, narrowed: Narrowed, bounds: list[tuple[int, int]], chunk: int, k: int,
                 floor: float, keep_self: bool, index_dtype: Any, scratch: Path | None) -> None:
        import numpy as np

        # a block's rows: a tile's product a row is about that share of the whole one's
        self.narrowed, self.bounds, self.chunk = narrowed, bounds, chunk * len(bounds)
        self.k, self.floor, self.keep_self = k, floor, keep_self
        self.index_dtype = index_dtype
        n = narrowed.rows.shape[0]
        self.n, self.wide = n, WIDEN * k
        shape = (n, self.wide + 1)  # the last place: the row itself, where not a candidate
        self.candidates = file_full(scratch, shape, -1, index_dtype)
        # the similarities: by the other words, then with what the frequent words add
        self.sims = file_zeros(scratch, shape, np.float64)
        self._placed = Every(self.candidates, self.sims)

    def passes(self, then: Callable[[Any], None]
               ) -> Iterator[tuple[range, Callable[[int], Any], Callable[[Any], None]]]:
        """Each pass: its blocks' first rows, what a block is searched by (given its first
        row), and what its result is given to (``then``, with None where the pass gives none).
        A tile's parts are let go before the next tile's are made (its caller keeps no pass
        once it asks for the next)."""
        last = len(self.bounds) - 1
        starts = range(0, self.n, self.chunk)
        for at, (low, high) in enumerate(self.bounds):
            transposed, _ = self.narrowed.parts(low, high)
            release()
            yield (starts, partial(self._gather, transposed=transposed, last=at == last),
                   self._then(then))
            del transposed
        for at, (low, high) in enumerate(self.bounds):
            _, frequent_rows = self.narrowed.parts(low, high)
            release()
            yield (starts, partial(self._score, frequent_rows=frequent_rows, low=low, high=high,
                                   last=at == last), self._then(then))
            del frequent_rows

    def _then(self, then: Callable[[Any], None]) -> Callable[[Any], None]:
        def done(block: Any) -> None:
            if block is not None:
                then(block)
            self._placed()  # the candidates' pages let go every few blocks
        return done

    def _rows(self, start: int) -> Any:
        import numpy as np

        return np.arange(start, min(start + self.chunk, self.n), dtype=self.index_dtype)

    def _gather(self, start: int, transposed: Any, last: bool) -> None:
        """A block's best candidates by the other words among a tile's rows, merged into those
        found before (the same order: most similar, then the lower row)."""
        import numpy as np

        from .align import _picked
        from .linkage import _place_in_run

        rows = self._rows(start)
        first, stop = int(rows[0]), int(rows[-1]) + 1
        block = self.narrowed.rows[first:stop]
        held = self.candidates[first:stop]
        rare = self.sims[first:stop]
        product = _under_the_best((block @ transposed).tocsr(), held, rare, self.wide)
        own, other, sims = _picked(product, rows, self.wide, -1.0, True)
        del product
        had = held[:, :self.wide] >= 0
        before = np.nonzero(had)[0]
        own = np.concatenate([before + first, own]).astype(np.int64)
        other = np.concatenate([held[:, :self.wide][had], other])
        sims = np.concatenate([rare[:, :self.wide][had], sims])
        order = np.lexsort((other, -sims, own))
        own, other, sims = own[order] - first, other[order], sims[order]
        rank = _place_in_run(own)
        best = rank < self.wide
        held[:, :self.wide] = -1
        held[own[best], rank[best]] = other[best]
        rare[own[best], rank[best]] = sims[best]
        if last:  # the row itself, where it is not among its candidates
            lonely = ~(held[:, :self.wide] == rows[:, None]).any(axis=1)
            held[lonely, self.wide] = rows[lonely]
            if lonely.any():
                rare[lonely, self.wide] = self.narrowed._own_rare(block)[lonely]

    def _score(self, start: int, frequent_rows: Any, low: int, high: int, last: bool
               ) -> tuple[Any, Any, Any] | None:
        """What the frequent words add to a block's candidates among a tile's rows; after the
        last tile, the block's nearest among its candidates."""
        import numpy as np

        from .align import _top

        rows = self._rows(start)
        first, stop = int(rows[0]), int(rows[-1]) + 1
        held = self.candidates[first:stop]
        mine = (held >= low) & (held < high)
        sims = self.sims[first:stop]
        if mine.any():  # a candidate is in one tile: its frequent words' part added once
            block = self.narrowed.rows[first:stop]
            own = np.nonzero(mine)[0] + first  # row by row: in order
            sims[mine] += self.narrowed._frequent_part(block, first, own, held[mine],
                                                       frequent_rows, low)
        if not last:
            return None
        found = held >= 0
        own, place = np.nonzero(found)
        other = held[own, place]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(np.bincount(own, minlength=len(rows)), out=indptr[1:])
        return _top(indptr, other, sims[own, place], rows, self.k, self.floor, self.keep_self)


def _under_the_best(product: Any, held: Any, rare: Any, wide: int) -> Any:
    """The product without the entries of a row below its ``wide``-th candidate so far (they
    cannot be among its best; equal ones are kept for the order to decide)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    full = held[:, wide - 1] >= 0
    if not full.any():
        return product
    bar = np.where(full, rare[:, wide - 1], -np.inf)
    sizes = np.diff(product.indptr)
    keep = product.data >= np.repeat(bar, sizes)
    if keep.all():
        return product
    indptr = np.zeros(len(sizes) + 1, dtype=product.indptr.dtype)
    np.cumsum(np.bincount(np.repeat(np.arange(len(sizes)), sizes)[keep], minlength=len(sizes)),
              out=indptr[1:])
    return csr_matrix((product.data[keep], product.indices[keep], indptr), shape=product.shape)
