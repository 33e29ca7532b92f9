"""The alignment's TF-IDF rows (``Vectors``), in memory or parked in a scratch file, and read
back a few rows at a time (``ParkedRows``)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..memory import release
from .mapped import file_empty, let_go
from .spill import Parked
from .wide import document_frequency

SLICE_ROWS = 1 << 14  # the rows of a parked matrix read at once where it is read through


class Vectors:
    """The tasks' TF-IDF rows: a matrix with a row for each distinct bag (or for each task) and
    each task's row in it (``copy``; None: row for row). The matrix waits in a file under
    ``scratch`` (a run's ``--out``; ``spill.Parked``) once its copies are known (``park``): the
    search reads its blocks, and the groups' labels their rows, from the file. Its holder keeps
    no other reference, so parking lets it go."""

    def __init__(self, matrix: Any, scratch: Path | None = None, copy: Any = None) -> None:
        self._matrix: Any = matrix
        self.scratch = scratch
        self._parked: ParkedRows | None = None  # its rows read from the file, once parked
        self.copy = copy
        self.shape: tuple[int, int] = (matrix.shape[0] if copy is None else len(copy),
                                       matrix.shape[1])
        self.matrix_rows: int = matrix.shape[0]  # the rows held (distinct bags, or tasks)

    @property
    def matrix(self) -> Any:
        """The matrix, until it is parked."""
        assert self._matrix is not None, "the vectors are parked: read their rows"
        return self._matrix

    def rows(self, rows: Sequence[int]) -> tuple[list[Any], list[Any]]:
        """The columns and the weights of these tasks' rows: read from the matrix, or, where it
        is parked, from the file (only they: labelling a batch's groups does not read the whole
        matrix back)."""
        if self.copy is not None:
            rows = self.copy[rows].tolist()
        block = (self.matrix if self._parked is None else self._parked)[rows]
        spans = list(pairwise(block.indptr.tolist()))
        return ([block.indices[a:b] for a, b in spans], [block.data[a:b] for a, b in spans])

    def park(self) -> None:
        """Into the scratch file, where there is one (else kept as it is)."""
        if self._matrix is None or self.scratch is None:
            return
        m = self._matrix
        parked = Parked((m.data, m.indices, m.indptr), self.scratch)
        if parked.in_file:
            self._parked = ParkedRows(parked, m.indptr, m.shape, m.indices.dtype)
            self._matrix = None
            del m
            release()

    def subset(self, rows: Any) -> Vectors:
        """Vectors of these rows (a new matrix), parked where these are: read from the file
        where these are parked, ``SLICE_ROWS`` rows at a time, into arrays mapped from files
        there (``mapped``; the rows not held: 20,000 distinct notices, 93 MB)."""
        import numpy as np
        from scipy.sparse import csr_matrix

        if self._parked is None:
            return Vectors(self.matrix[rows], self.scratch)
        rows = np.asarray(rows, dtype=np.int64)
        starts = self._parked.indptr
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(starts[rows + 1] - starts[rows], out=indptr[1:])
        data = file_empty(self.scratch, int(indptr[-1]), self._parked.dtype)
        indices = file_empty(self.scratch, int(indptr[-1]), self._parked.index_dtype)
        for first in range(0, len(rows), SLICE_ROWS):
            part = self._parked[rows[first:first + SLICE_ROWS]]
            low = int(indptr[first])
            data[low:low + part.nnz] = part.data
            indices[low:low + part.nnz] = part.indices
            del part
            let_go(data, indices)
            release()  # the slice read (else kept in the heap: 20,000 distinct notices, 24 MB)
        return Vectors(csr_matrix((data, indices, indptr), shape=(len(rows), self.shape[1])),
                       self.scratch)

    def parked_for_search(self) -> Any:
        """Park the matrix (``park``) and give what a search reads its rows from from now on:
        the file's rows (``ParkedRows``), or the matrix where it stays in memory."""
        self.park()
        return self.readable()

    def readable(self) -> Any:
        """What the rows are read from: the matrix, or, once parked, the file's rows."""
        return self._matrix if self._parked is None else self._parked


def scan(matrix: Any, count: bool) -> tuple[bool, Any]:
    """Whether the matrix has entries and none negative (what bounds and narrowing assume),
    and, where it has and ``count``, each column's rows (``wide.document_frequency``): a parked
    matrix read a slice of ``SLICE_ROWS`` rows at a time from its file, the heap trimmed after
    each (as ``Vectors.subset`` does: else the slices stay in it, 20,000 distinct notices 19 MB)."""
    import numpy as np

    if not isinstance(matrix, ParkedRows):
        weighted = bool(matrix.nnz) and matrix.data.min() >= 0
        return weighted, document_frequency(matrix) if weighted and count else None
    n, width = matrix.shape
    df = np.zeros(width, dtype=np.int64)
    entries, lowest = 0, np.inf
    for first in range(0, n, SLICE_ROWS):
        part = matrix[first:first + SLICE_ROWS]
        entries += part.nnz
        lowest = min(lowest, float(part.data.min(initial=np.inf)))
        df += np.bincount(part.indices, minlength=width)
        del part
        release()
    weighted = entries > 0 and lowest >= 0
    return weighted, df if weighted and count else None


def index_dtype(matrix: Any) -> Any:
    """The integer type of the column numbers of a matrix (or of ``ParkedRows``)."""
    return matrix.index_dtype if isinstance(matrix, ParkedRows) else matrix.indices.dtype


class ParkedRows:
    """A parked matrix's rows as a search reads them (``matrix[a:b]``, ``matrix[rows]``): the
    same rows, columns and weights as the matrix gives, read from the file (each run of
    consecutive rows at once), the row starts held (8 bytes a row)."""

    def __init__(self, parked: Parked, indptr: Any, shape: tuple[int, int], index_dtype: Any
                 ) -> None:
        self._parked, self.indptr = parked, indptr
        self.shape, self.index_dtype = shape, index_dtype
        self.dtype = parked.dtype(0)  # the weights'

    def __getitem__(self, key: slice | Any) -> Any:
        import numpy as np
        from scipy.sparse import csr_matrix

        if isinstance(key, slice):
            start, stop, _ = key.indices(self.shape[0])
            runs = [(start, max(start, stop))]
        else:
            rows = np.asarray(key, dtype=np.int64)
            breaks = (np.flatnonzero(np.diff(rows) != 1) + 1).tolist()
            runs = [(int(rows[a]), int(rows[b - 1]) + 1)
                    for a, b in pairwise([0, *breaks, len(rows)]) if b > a]
        sizes = [np.diff(self.indptr[first:last + 1]) for first, last in runs]
        indptr = np.zeros(sum(len(s) for s in sizes) + 1, dtype=np.int64)
        if sizes:
            np.cumsum(np.concatenate(sizes), out=indptr[1:])
        # each run's entries read straight into their place (the rows are not held twice)
        data = np.empty(int(indptr[-1]), dtype=self.dtype)
        indices = np.empty(int(indptr[-1]), dtype=self.index_dtype)
        at = 0
        for first, last in runs:
            low, high = int(self.indptr[first]), int(self.indptr[last])
            self._parked.read_into(0, low, data[at:at + high - low])
            self._parked.read_into(1, low, indices[at:at + high - low])
            at += high - low
        return csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, self.shape[1]))
