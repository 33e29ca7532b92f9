"""Arrays a phase fills and reads a few rows at a time, kept in a scratch file mapped into memory.

Some of the alignment's arrays grow with the batch's distinct tasks and are written or read a
block of rows after another, in an order a file could not simply be appended in (20,000 distinct
notices: the lists of nearest 42 MB, the weighted matrix 89 MB, the tiled search's candidates).
``file_empty``, ``file_full`` and ``file_zeros`` give such an array mapped from a file under a
run's ``--out`` (opened and at once unlinked: nothing is left behind, whatever ends the run), and
``let_go`` drops the pages a phase has touched from the process (``madvise(MADV_DONTNEED)``):
what was written stays in the file, through the system's page cache, which may write it out and
drop it when memory is short, and a page read again is mapped again. So the process holds only
the pages touched since it last let go, not the array. (Arrays read at random by every block,
as the narrowed search's parts are, would be mapped again page by page: about a microsecond a
page, measured; those are held a tile at a time instead: ``tiled``.)

The files are mapped for random reads (``madvise(MADV_RANDOM)``): without it the kernel reads
ahead into large folios and maps one whole at a fault, so a phase letting go every few blocks
still held up to 4 MB of each array (20,000 distinct notices: the tiled search's candidates and
similarities, 8 MB of the run's peak); with it a fault maps its page alone (measured: 6 passes
over a 100 MB array a block of 96 rows at a time, 0.75 MB resident at most against 4.0 MB, 0.65
against 0.55 s).

Without a folder (a notebook), without ``mmap`` or for arrays under ``SMALL`` bytes, they are
ordinary arrays in memory, and ``let_go`` does nothing to them. The package's modules import
these functions by name (``from .mapped import let_go``): ``from . import mapped`` waits for the
package to finish importing, which the comparison's imports on a background thread
(``gather.import_comparison_early``) can turn into a circular import between the two threads.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import tempfile
from pathlib import Path
from typing import Any

SMALL = 1 << 20  # arrays under this many bytes are kept in memory
LET_GO_EVERY = 16  # blocks a phase writes between letting go of its arrays' pages (``Every``)


def file_empty(folder: Path | None, shape: int | tuple[int, ...], dtype: Any) -> Any:
    """An array of ``shape`` and ``dtype`` whose items are not set (zero where mapped)."""
    import numpy as np

    dtype = np.dtype(dtype)
    size = int(np.prod(shape)) * dtype.itemsize
    if folder is None or size < max(1, SMALL) or not hasattr(mmap.mmap, "madvise"):
        return np.empty(shape, dtype=dtype)
    fd, name = tempfile.mkstemp(prefix=".mapped.", suffix=".tmp", dir=folder)
    try:
        os.unlink(name)
        os.ftruncate(fd, size)
        view = mmap.mmap(fd, size)  # shared: written pages go to the file
        with contextlib.suppress(AttributeError, OSError):  # advice only: refused, it is lost
            view.madvise(mmap.MADV_RANDOM)  # a fault maps its page, not a large folio (above)
    finally:
        os.close(fd)  # the mapping keeps the file
    return np.frombuffer(view, dtype=dtype).reshape(shape)


def file_full(folder: Path | None, shape: int | tuple[int, ...], value: Any, dtype: Any) -> Any:
    """``file_empty`` with every item ``value``, set a part at a time (the pages let go as they are
    written)."""
    out = file_empty(folder, shape, dtype)
    flat = out.reshape(-1)
    step = max(1, (SMALL or 1 << 20) // max(1, out.itemsize))
    for start in range(0, len(flat), step):
        flat[start:start + step] = value
        let_go(out)
    return out


def mapping(values: Any) -> mmap.mmap | None:
    """The file mapping an array's items are in, or None (an array in memory)."""
    base = values
    while base is not None:
        if isinstance(base, mmap.mmap):
            return base
        base = base.obj if isinstance(base, memoryview) else getattr(base, "base", None)
    return None


def is_mapped(values: Any) -> bool:
    return mapping(values) is not None


def let_go(*arrays: Any) -> None:
    """The pages of these arrays' mappings leave the process (their contents stay in their
    files); arrays in memory are left as they are."""
    seen: set[int] = set()
    for values in arrays:
        view = mapping(values)
        if view is None or id(view) in seen:
            continue
        seen.add(id(view))
        with contextlib.suppress(ValueError, OSError):  # closed, or refused: only memory lost
            view.madvise(mmap.MADV_DONTNEED)


def file_zeros(folder: Path | None, shape: int | tuple[int, ...], dtype: Any) -> Any:
    """``file_empty`` with every item zero (a mapped file's are: it is made of zeros)."""

    out = file_empty(folder, shape, dtype)
    if not is_mapped(out):
        out[...] = 0
    return out


class Every:
    """Called once a block is written into ``arrays``: lets go of their pages every ``blocks``
    calls (``let_go``), so a phase that fills them a block of rows after another holds the pages
    of the last few blocks only (20,000 distinct notices' tiled search, 16 MB tiles: its peak
    169 -> 166 MB letting go every 16 blocks instead of 64)."""

    def __init__(self, *arrays: Any, blocks: int | None = None) -> None:
        self.arrays, self.calls = arrays, 0
        self.blocks = max(1, LET_GO_EVERY if blocks is None else blocks)

    def __call__(self) -> None:
        self.calls += 1
        if self.calls % self.blocks == 0:
            let_go(*self.arrays)
