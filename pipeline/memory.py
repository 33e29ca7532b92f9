"""Give the memory a finished phase freed back to the system.

glibc keeps what a process frees in its heaps for reuse, and after the first large block is freed
it raises its threshold for mapping large blocks apart, so the arrays of a numpy phase (the
alignment's vectors, the nearest-task search on its threads, each thread with a heap of its own)
stay resident once freed: the next phase then grows on top of them. ``release`` asks glibc to
return what its heaps hold free (``malloc_trim``; a few milliseconds). Measured on 6,000 copies
of the development notices: 48 MB after the vectors, 101 MB after the search. Elsewhere (no
glibc) it does nothing.

It cannot return the free top of a heap another thread made: glibc gives a new thread that
allocates a heap of its own (up to eight a core), and trims such a heap only when a free at its
top passes a threshold, which large frees raise. ``one_heap`` has every thread of
the process allocate from the main heap (``M_ARENA_MAX`` 1), called once where a run starts,
before its threads (the gatherer's imports, the search's) do: alignment of 20,000 copies of the
development notices, its process left with 126 -> 102 MB, its peak 172 -> 148 MB, the same time.

``phase`` names where the work is (the alignment's steps, the tables, the files), so that a
sampler (``python -m bench.phases``) can say which phase a peak is in.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

_ARENA_MAX = -8  # mallopt's M_ARENA_MAX (malloc.h)
_PHASE = ["start"]  # the phase of the work the process is in (``phase``)
_LISTENER: list[Callable[[str], None] | None] = [None]  # told of each phase (``listen``)


@lru_cache(maxsize=1)
def _libc() -> Any:
    with contextlib.suppress(Exception):
        import ctypes
        import ctypes.util

        name = ctypes.util.find_library("c") or "libc.so.6"
        libc = ctypes.CDLL(name)
        if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt"):
            return libc
    return None


def _trim() -> Any:
    libc = _libc()
    return None if libc is None else libc.malloc_trim


@lru_cache(maxsize=1)
def one_heap() -> bool:
    """Every thread of this process allocates from the main heap from now on (a thread that
    already has a heap of its own keeps it); False where that cannot be asked (no glibc)."""
    libc = _libc()
    return libc is not None and libc.mallopt(_ARENA_MAX, 1) == 1


def release() -> bool:
    """Return the heaps' free memory to the system; False where that cannot be done."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True


def phase(name: str) -> None:
    """Name the phase of the work this process is in from now on: ``bench.phases`` samples the
    process's memory and keeps each phase's peak (an assignment, and a call to the listener
    where a sampler has put one: nothing is measured here)."""
    _PHASE[0] = name
    if _LISTENER[0] is not None:
        _LISTENER[0](name)


def current_phase() -> str:
    return _PHASE[0]


def listen(listener: Callable[[str], None] | None) -> None:
    """Have ``listener`` called with each phase's name as it begins (None: no one called)."""
    _LISTENER[0] = listener
