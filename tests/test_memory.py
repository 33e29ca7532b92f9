"""memory.release: the heaps' free memory given back (glibc), nothing else changed."""

from __future__ import annotations

import sys

import pytest

from pipeline.memory import release


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_release_gives_back_what_the_heap_kept() -> None:
    release()
    before = _rss_kb()
    # blocks above pymalloc's size, freed but for every tenth: the holes between those stay in
    # the heap (not at its top, which glibc trims by itself)
    blocks = [bytearray(4000) for _ in range(40_000)]
    grown = _rss_kb()
    survivors = blocks[::10]
    del blocks
    kept = _rss_kb()
    assert release() is True
    after = _rss_kb()
    assert grown - before > 100_000  # 160 MB asked for
    assert kept > grown - 50_000  # the holes stayed resident
    assert after < kept - 80_000  # and went back
    assert len(survivors) == 4000


def test_a_kept_result_holds_one_string_for_each_repeated_name() -> None:
    import pickle

    from pipeline.batch import ItemResult

    made = [ItemResult(id=f"n{k}", path=f"/in/n{k}.txt", status="success",
                       timings={"outline": 0.5 + k, "departments": 0.25}) for k in range(3)]
    # as a worker hands them over: unpickled, every string a new object
    kept = [pickle.loads(pickle.dumps(r)).shared() for r in made]
    assert kept == made  # the same values
    assert len({id(r.status) for r in kept}) == 1
    assert len({id(stage) for r in kept for stage in r.timings}) == 2
