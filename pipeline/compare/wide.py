"""The nearest-task search of a batch too varied to search exactly in time (``align._search``).

An exact search multiplies each task's row by the transposed matrix: a word in ``df`` tasks costs
``df`` products for each of them, ``df ** 2`` in all, so the cost grows with the square of the
batch where words are common to a share of it (20,000 distinct notices, 203,839 distinct tasks:
273,000 products a task, 56 G in all, five minutes on two cores; the development corpus: 2,900
a task). Where the batch's products would exceed ``PAIR_BUDGET`` a task and ``EXACT_PRODUCTS``
in all (a search of a few seconds is never narrowed), its most frequent words
(``frequent_columns``: the most frequent first, as few as will do) are left out of finding
candidates: each task's ``WIDEN`` times ``k`` best by its other words are its candidates, scored
over all their words (the candidates' product by the other words, plus what the frequent words
add), so every similarity kept is the cosine (its sum taken in that order: it may differ from a
whole row's product in the last bit) and a task's ``k`` nearest are the ``k`` best of its
candidates. What it can miss is a task sharing mostly frequent words
with another. Measured on those 20,000 notices (1,000 tasks drawn at random, ``k`` 16): 99.3% of
the exact lists' entries found and 98.7% of the lists the same, the search 46–52 s, not 300
(a budget of 10,000: 98.2%, 33 s; 50,000: 99.7%, 100 s). A batch under the budget (the
development corpus, 6 M products; 20,000 copies of it, 145 M; 2,000 distinct notices of its mix,
about 0.6 G) is searched exactly, as before. Where a run has a folder and the search's two parts
would hold more than ``tiled.PARTS_BYTES``, they are made and held a part of the rows at a time
(``tiled``), with the same lists.
"""

from __future__ import annotations

from typing import Any

from ..memory import release

PAIR_BUDGET = 20_000  # products a task the exact search may cost before frequent words go
EXACT_PRODUCTS = 1_000_000_000  # ... and products any batch may cost (about 5 s on two cores)
WIDEN = 4  # candidates a task, as a multiple of the nearest wanted
_PAIRS = 1 << 12  # candidate pairs scored at once (their rows' entries expanded)
_DENSE = 1 << 20  # the most cells of the block's rows spread over every word at once
_ENTRIES = 1 << 20  # the entries counted at once
_SLICE_ROWS = 4096  # the rows read and sorted out at once where the search's parts are made


def frequent_columns(matrix: Any, budget: int = PAIR_BUDGET, least: int | None = None,
                     df: Any = None) -> Any | None:
    """The columns (words) to leave out of finding candidates, as a boolean mask: the most
    frequent, down to the highest document frequency whose words' products, with every rarer
    word's, stay within ``budget`` a row or ``least`` in all, whichever is more; None when the
    whole matrix does. ``df``: the matrix's ``document_frequency``, where it is known."""
    import numpy as np

    n = matrix.shape[0]
    df = document_frequency(matrix) if df is None else df
    allowed = max(EXACT_PRODUCTS if least is None else least, budget * n)
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


class Narrowed:
    """A matrix searched without its frequent words (``frequent``: a column mask), held as two
    parts (``_split``): the transpose of its other words (candidates: a block's product with it
    is each candidate's similarity by those words) and each row's frequent words (what the
    similarity adds by them). The whole rows are read a block at a time from ``rows`` (the
    matrix, or its parked file: ``vectors.ParkedRows``), so the search does not hold them
    (20,000 distinct notices: 93 MB, against 50 and 37 for the two parts)."""

    def __init__(self, rows: Any, frequent: Any, df: Any = None, whole: bool = True) -> None:
        import numpy as np

        self.rows, self.frequent = rows, frequent
        self._width = int(frequent.sum())
        # a frequent word's column among them (2 bytes where they fit)
        self._compact = (np.cumsum(frequent) - 1).astype(
            np.uint16 if self._width <= 1 << 16 else np.int32)
        if whole:  # else made a part of the rows at a time (``tiled``)
            self.transposed, self.frequent_rows = _split(rows, frequent, self._compact, df)
            release()  # the slices' arrays, kept in the heap (20,000 distinct notices: 33 MB)

    def parts(self, low: int, high: int) -> tuple[Any, tuple[Any, Any, Any]]:
        """The two parts of the rows ``low`` .. ``high`` only (``_split``)."""
        return _split(self.rows, self.frequent, self._compact, None, low, high)

    def nearest(self, rows: Any, k: int, floor: float, keep_self: bool
                ) -> tuple[Any, Any, Any]:
        """``align._nearest`` for these rows: candidates by the other words, picked as the
        search picks (``_picked``), each scored over all its words, the ``k`` best kept as it
        keeps them (``_top``: equal similarities, the lower row first)."""
        import numpy as np

        from .align import _picked, _top  # here: align imports this module

        first, last = int(rows[0]), int(rows[-1]) + 1
        block = self.rows[first:last]
        own, other, sims = _picked((block @ self.transposed).tocsr(), rows, WIDEN * k, -1.0,
                                   True)
        # the row itself is always a candidate: a row of frequent words only has none by the
        # others, and one whose other words weigh little may be outranked among its own (its
        # similarity by them is then its entries there squared)
        has_self = np.zeros(len(rows), dtype=bool)
        has_self[own[own == other] - first] = True
        lonely = rows[~has_self]
        own = np.concatenate([own, lonely])
        other = np.concatenate([other, lonely.astype(other.dtype)])
        if len(lonely):
            sims = np.concatenate([sims, self._own_rare(block)[lonely - first]])
        order = np.argsort(own, kind="stable")
        own, other, sims = own[order], other[order], sims[order]
        sims += self._frequent_part(block, first, own, other)
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(np.bincount(own - first, minlength=len(rows)), out=indptr[1:])
        return _top(indptr, other, sims, rows, k, floor, keep_self)

    def _own_rare(self, block: Any) -> Any:
        """Each block row's similarity with itself by its other words (its entries there
        squared, summed in their order, as the product sums them)."""
        import numpy as np

        of_entry = np.repeat(np.arange(block.shape[0]), np.diff(block.indptr))
        rare = ~self.frequent[block.indices]
        return np.bincount(of_entry[rare], weights=block.data[rare] ** 2,
                           minlength=block.shape[0])

    def _frequent_part(self, block: Any, first: int, own: Any, other: Any,
                       part: tuple[Any, Any, Any] | None = None, low: int = 0) -> Any:
        """What each pair's frequent words add to its similarity (``own``: a row of ``block``,
        in order; ``other``: any row): the block's rows spread over the frequent words, the
        other rows' frequent entries read in slices of ``_PAIRS`` pairs. ``part``: the frequent
        entries of the rows from ``low`` on only (``parts``), where every other row is."""
        import numpy as np

        indptr, columns, values = self.frequent_rows if part is None else part
        width, compact, start = self._width, self._compact, low
        out = np.zeros(len(own))
        step = max(1, _DENSE // max(1, width))  # the block's rows spread at once
        for low in range(0, block.shape[0], step):
            high = min(block.shape[0], low + step)
            rows = block[low:high]
            of_entry = np.repeat(np.arange(high - low), np.diff(rows.indptr))
            mine = self.frequent[rows.indices]
            dense = np.zeros((high - low, max(1, width)))
            dense[of_entry[mine], compact[rows.indices[mine]]] = rows.data[mine]
            begin, end = np.searchsorted(own - first, [low, high])
            for at in range(int(begin), int(end), _PAIRS):
                stop = min(int(end), at + _PAIRS)
                a, b = own[at:stop] - first - low, other[at:stop] - start
                starts = indptr[b]
                sizes = indptr[b + 1] - starts
                pair = np.repeat(np.arange(len(b)), sizes)
                entry = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
                entry += np.repeat(starts, sizes)
                out[at:stop] = np.bincount(pair, weights=dense[a[pair], columns[entry]]
                                           * values[entry], minlength=len(b))
        return out


def _split(rows: Any, frequent: Any, compact: Any, counts: Any = None, start: int = 0,
           stop: int | None = None) -> tuple[Any, tuple[Any, Any, Any]]:
    """The matrix's entries outside the ``frequent`` columns transposed (a row a column, its
    rows in order: what ``tocsr`` of the transpose gives), and its entries in them row by row
    (row starts, the frequent word's place among them: ``compact``, weights), read a slice of
    rows at a time from ``rows`` (the matrix or its parked file): only the two parts are held
    whole. ``counts``: each column's entries (``document_frequency``), counted by a first
    reading of the rows where not given. ``start`` .. ``stop``: of these rows only (the
    transpose's columns still every row's, the row starts from ``start``)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    from .linkage import _place_in_run

    n, width = rows.shape
    stop = n if stop is None else stop
    if counts is None:
        counts = np.zeros(width, dtype=np.int64)
        for first in range(start, stop, _SLICE_ROWS):
            counts += np.bincount(rows[first:min(stop, first + _SLICE_ROWS)].indices,
                                  minlength=width)
    indptr = np.zeros(width + 1, dtype=np.int64)
    np.cumsum(np.where(frequent, 0, counts), out=indptr[1:])
    index_dtype = np.int32 if n < 1 << 31 else np.int64
    others, data = np.empty(int(indptr[-1]), dtype=index_dtype), np.empty(int(indptr[-1]))
    cursor = indptr[:-1].copy()  # each column's next place
    row_starts = np.zeros(stop - start + 1, dtype=np.int64)  # the frequent entries' row starts
    frequent_columns = np.empty(int(counts[frequent].sum()), dtype=compact.dtype)
    frequent_values = np.empty(len(frequent_columns))
    for first in range(start, stop, _SLICE_ROWS):
        block = rows[first:min(stop, first + _SLICE_ROWS)]
        last = first + block.shape[0]
        of_entry = np.repeat(np.arange(first, last, dtype=index_dtype), np.diff(block.indptr))
        mine = frequent[block.indices]
        a, b = first - start, last - start  # the slice's place among the row starts
        np.cumsum(np.bincount(of_entry[mine] - first, minlength=last - first),
                  out=row_starts[a + 1:b + 1])
        row_starts[a + 1:b + 1] += row_starts[a]
        low, high = int(row_starts[a]), int(row_starts[b])
        frequent_columns[low:high] = compact[block.indices[mine]]
        frequent_values[low:high] = block.data[mine]
        kept = ~mine
        columns, values, of_entry = block.indices[kept], block.data[kept], of_entry[kept]
        order = np.argsort(columns, kind="stable")  # by column, rows in order within each
        columns = columns[order]
        # each entry's place: its column's cursor, then its rank among the slice's in it
        places = cursor[columns] + _place_in_run(columns)
        others[places], data[places] = of_entry[order], values[order]
        cursor += np.bincount(columns, minlength=width)
    transposed = csr_matrix((data, others, indptr), shape=(width, n))
    return transposed, (row_starts, frequent_columns, frequent_values)
