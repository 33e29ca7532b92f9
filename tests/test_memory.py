"""memory.release and memory.one_heap: the heaps' free memory given back (glibc), nothing else
changed."""

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


_THREAD_HEAP = """
import sys, threading
from pipeline.memory import one_heap, release
def rss():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:"))
if sys.argv[1] == "1":
    assert one_heap()
big = bytearray(30 << 20)  # mapped apart: freeing it raises glibc's thresholds
del big
release()
before = rss()
def work():  # 40 MB in blocks now below the mapping threshold, freed
    blocks = [bytearray(1 << 20) for _ in range(40)]
    del blocks
thread = threading.Thread(target=work)
thread.start()
thread.join()
release()
print((rss() - before) // 1024)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's heaps")
@pytest.mark.parametrize("one", [False, True])
def test_what_a_thread_freed_goes_back_once_every_thread_uses_the_main_heap(one: bool) -> None:
    """A thread's own heap keeps the 40 MB it freed, trimmed or not; with ``one_heap`` the thread
    allocates from the main heap, which ``release`` trims."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", _THREAD_HEAP, "1" if one else "0"],
                          capture_output=True, text=True, check=True)
    kept_mb = int(done.stdout)
    assert (kept_mb < 5) if one else (kept_mb > 30)


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
