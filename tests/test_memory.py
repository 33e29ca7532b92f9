"""memory.release: the heaps' free memory given back (glibc), nothing else changed."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

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


@pytest.mark.parametrize("in_file", [True, False])
def test_results_are_kept_pickled_and_read_back_equal_in_any_order(tmp_path: Path,
                                                                    in_file: bool) -> None:
    from pipeline.batch import ItemResult, Results

    made = [ItemResult(id=f"n{k}", path=f"/in/n{k}.txt", status="success" if k % 3 else "failure",
                       errors=[{"code": "E101", "message": "未能读取"}] if k % 3 == 0 else [],
                       timings={"outline": 0.5 + k, "departments": 0.25}, pages=k,
                       line=b"{}\n", record=b"packed") for k in range(5)]
    kept = Results(tmp_path if in_file else None)
    numbers = [kept.append(r) for r in made]
    assert numbers == list(range(5))
    assert list(tmp_path.iterdir()) == []  # its file is unlinked at once: nothing left behind
    assert list(kept) == [replace(r, line=None, record=None) for r in made]  # line, record: not kept
    again = kept.ordered([3, 0, 4])
    assert [r.id for r in again] == ["n3", "n0", "n4"] and len(again) == 3
    assert again[-1].timings == {"outline": 4.5, "departments": 0.25}
    assert again[1:][0].errors == [{"code": "E101", "message": "未能读取"}]
    assert again[0] is not again[0]  # unpickled afresh: the caller's to change
    with pytest.raises(IndexError):
        again[3]
