"""The nearest-task search of a batch too varied to search exactly in time (``align._search``).

An exact search multiplies each task's row by the transposed matrix: a word in ``df`` tasks costs
``df`` products for each of them, ``df ** 2`` in all, so the cost grows with the square of the
batch where words are common to a share of it (20,000 distinct notices, 203,839 distinct tasks:
273,000 products a task, 56 G in all, five minutes on two cores; the development corpus: 2,900
a task). Where the batch's products would exceed ``PAIR_BUDGET`` a task and ``EXACT_PRODUCTS``
in all (a search of a few seconds is never narrowed), its most frequent words
(``frequent_columns``: the most frequent first, as few as will do) are left out of finding
candidates: each task's ``WIDEN`` times ``k`` best by its other words are its candidates, scored
exactly over all their words, so every similarity kept is the cosine and a task's ``k`` nearest
are the ``k`` best of its candidates. What it can miss is a task sharing mostly frequent words
with another. Measured on those 20,000 notices (1,000 tasks drawn at random, ``k`` 16): 99.3% of
the exact lists' entries found and 98.7% of the lists the same, the search 46–52 s, not 300
(a budget of 10,000: 98.2%, 33 s; 50,000: 99.7%, 100 s). A batch under the budget (the
development corpus, 6 M products; 20,000 copies of it, 145 M; 2,000 distinct notices of its mix,
about 0.6 G) is searched exactly, as before.
"""

from __future__ import annotations

from typing import Any

PAIR_BUDGET = 20_000  # products a task the exact search may cost before frequent words go
EXACT_PRODUCTS = 1_000_000_000  # ... and products any batch may cost (about 5 s on two cores)
WIDEN = 4  # candidates a task, as a multiple of the nearest wanted
_PAIRS = 1 << 12  # candidate pairs scored at once (their rows' entries expanded)
_DENSE = 1 << 20  # the most cells of the block's rows spread over every word at once
_ENTRIES = 1 << 20  # the entries counted, or sorted out, at once


def frequent_columns(matrix: Any, budget: int = PAIR_BUDGET, least: int = EXACT_PRODUCTS
                     ) -> Any | None:
    """The columns (words) to leave out of finding candidates, as a boolean mask: the most
    frequent, down to the highest document frequency whose words' products, with every rarer
    word's, stay within ``budget`` a row or ``least`` in all, whichever is more; None when the
    whole matrix does."""
    import numpy as np

    n = matrix.shape[0]
    df = document_frequency(matrix)
    allowed = max(least, budget * n)
    if int((df * df).sum()) <= allowed:
        return None
    ascending = np.sort(df)
    spent = np.cumsum(ascending * ascending)
    last_of_value = np.append(ascending[1:] != ascending[:-1], True)
    fits = np.flatnonzero((spent <= allowed) & last_of_value)
    cap = int(ascending[fits[-1]]) if len(fits) else 0
    return df > max(cap, 2)  # a word of two tasks or fewer is never left out


def document_frequency(matrix: Any) -> Any:
    """Each column's rows (int64), counted a slice of the entries at a time: ``bincount``
    copies its input into 8-byte integers, and the whole of it would be 62 MB at 20,000
    distinct notices."""
    import numpy as np

    df = np.zeros(matrix.shape[1], dtype=np.int64)
    for start in range(0, len(matrix.indices), _ENTRIES):
        df += np.bincount(matrix.indices[start:start + _ENTRIES], minlength=matrix.shape[1])
    return df


def _transposed(matrix: Any, frequent: Any) -> Any:
    """The matrix's entries outside the ``frequent`` columns, transposed (a row a column, its
    rows in order: what ``tocsr`` of the transpose gives), placed a slice of the entries at a
    time: only the result is held whole (20,000 distinct notices: 42 MB, where making it by
    scipy held the entries kept twice more and a count of them, 97 MB for a moment)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    width = matrix.shape[1]
    counts = np.where(frequent, 0, document_frequency(matrix))
    indptr = np.zeros(width + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    index_dtype = np.int32 if matrix.shape[0] < 1 << 31 else np.int64
    rows, data = np.empty(int(indptr[-1]), dtype=index_dtype), np.empty(int(indptr[-1]))
    cursor = indptr[:-1].copy()  # each column's next place
    step = max(1, _ENTRIES // max(1, int(np.diff(matrix.indptr).max(initial=1))))
    for first in range(0, matrix.shape[0], step):
        last = min(matrix.shape[0], first + step)
        low, high = int(matrix.indptr[first]), int(matrix.indptr[last])
        columns = matrix.indices[low:high]
        kept = ~frequent[columns]
        row_of = np.repeat(np.arange(first, last, dtype=index_dtype),
                           np.diff(matrix.indptr[first:last + 1]))[kept]
        columns, values = columns[kept], matrix.data[low:high][kept]
        order = np.argsort(columns, kind="stable")  # by column, rows in order within each
        columns = columns[order]
        # each entry's place: its column's cursor, then its rank among the slice's in that column
        starts = np.searchsorted(columns, columns, side="left")
        places = cursor[columns] + (np.arange(len(columns)) - starts)
        rows[places], data[places] = row_of[order], values[order]
        cursor += np.bincount(columns, minlength=width)
    return csr_matrix((data, rows, indptr), shape=(width, matrix.shape[0]))


class Narrowed:
    """A matrix searched without its frequent words (``frequent``: a column mask): the
    transposed matrix of its other words (candidates), the full rows kept (exact scores)."""

    def __init__(self, matrix: Any, frequent: Any) -> None:
        self.matrix = matrix
        self.transposed = _transposed(matrix, frequent)

    def nearest(self, rows: Any, k: int, floor: float, keep_self: bool
                ) -> tuple[Any, Any, Any]:
        """``align._nearest`` for these rows: candidates by the other words, picked as the
        search picks (``_picked``), scored exactly, the ``k`` best kept as it keeps them
        (``_top``: equal similarities, the lower row first)."""
        import numpy as np

        from .align import _picked, _top  # here: align imports this module

        first, last = int(rows[0]), int(rows[-1]) + 1
        block = self.matrix[first:last]
        own, other, _ = _picked((block @ self.transposed).tocsr(), rows, WIDEN * k, -1.0, True)
        # the row itself is always a candidate (a row of frequent words only has no other)
        has_self = np.zeros(len(rows), dtype=bool)
        has_self[own[own == other] - first] = True
        lonely = rows[~has_self]
        own = np.concatenate([own, lonely])
        other = np.concatenate([other, lonely.astype(other.dtype)])
        order = np.argsort(own, kind="stable")
        own, other = own[order], other[order]
        sims = self._scores(block, first, own, other)
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(np.bincount(own - first, minlength=len(rows)), out=indptr[1:])
        return _top(indptr, other, sims, rows, k, floor, keep_self)

    def _scores(self, block: Any, first: int, own: Any, other: Any) -> Any:
        """The cosine of each pair (``own``: a row of ``block``, ``other``: any row), summed
        over the two rows' shared words: the block's rows spread over their words, the other
        rows' entries read in slices of ``_PAIRS`` pairs."""
        import numpy as np

        m = self.matrix
        out = np.zeros(len(own))
        step = max(1, _DENSE // m.shape[1])  # the block's rows spread at once
        for low in range(0, block.shape[0], step):
            high = min(block.shape[0], low + step)
            part = block[low:high]
            dense = np.zeros((high - low, m.shape[1]))
            dense[np.repeat(np.arange(high - low), np.diff(part.indptr)), part.indices] = part.data
            begin, end = np.searchsorted(own - first, [low, high])
            for at in range(int(begin), int(end), _PAIRS):
                stop = min(int(end), at + _PAIRS)
                a, b = own[at:stop] - first - low, other[at:stop]
                starts = m.indptr[b]
                sizes = m.indptr[b + 1] - starts
                pair = np.repeat(np.arange(len(b)), sizes)
                entry = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
                entry += np.repeat(starts, sizes)
                out[at:stop] = np.bincount(pair, weights=dense[a[pair], m.indices[entry]]
                                           * m.data[entry], minlength=len(b))
        return out
