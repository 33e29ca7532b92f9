"""Arrays mapped from scratch files (compare/mapped.py): the same items as in memory, nothing
left in the folder, and pages let go leave the process while their contents stay."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from pipeline.compare import mapped


def _resident_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.parametrize("folder", [True, False])
@pytest.mark.parametrize(("shape", "dtype"), [(10_000, "float64"), ((700, 16), "int32"),
                                              (0, "int64"), ((3, 0), "float64")])
def test_arrays_hold_what_is_written_mapped_or_not(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, folder: bool, shape: object,
        dtype: str) -> None:
    import numpy as np

    monkeypatch.setattr(mapped, "SMALL", 0)
    where = tmp_path if folder else None
    zeros = mapped.file_zeros(where, shape, dtype)
    full = mapped.file_full(where, shape, -1, dtype)
    empty = mapped.file_empty(where, shape, dtype)
    for values in (zeros, full, empty):
        assert values.shape == np.zeros(shape).shape and values.dtype == np.dtype(dtype)
        assert mapped.is_mapped(values) is (folder and values.size > 0)
    assert not zeros.any() and (full == -1).all()
    empty[...] = np.arange(empty.size).reshape(empty.shape)
    mapped.let_go(zeros, full, empty, np.ones(3))  # contents stay; memory arrays untouched
    assert not zeros.any() and (full == -1).all()
    assert empty.reshape(-1).tolist() == list(range(empty.size))
    assert list(tmp_path.iterdir()) == []  # each file unlinked as soon as it is made


def test_small_arrays_stay_in_memory(tmp_path: Path) -> None:
    assert not mapped.is_mapped(mapped.file_zeros(tmp_path, 100, "int32"))
    assert mapped.is_mapped(mapped.file_zeros(tmp_path, mapped.SMALL // 4, "int32"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_pages_let_go_leave_the_process_and_come_back_the_same(tmp_path: Path) -> None:
    import numpy as np

    values = mapped.file_empty(tmp_path, 1 << 23, "int64")  # 64 MB
    before = _resident_kb()
    values[:] = np.arange(len(values))
    assert _resident_kb() - before > 60_000  # written: its pages are the process's
    mapped.let_go(values[10:20])  # any view of it lets go of the whole mapping
    assert _resident_kb() - before < 4_000
    assert int(values[::4096].sum()) == int(np.arange(0, 1 << 23, 4096).sum())
    assert int(values[-1]) == (1 << 23) - 1


@pytest.mark.parametrize(("blocks", "calls", "lets_go"), [(1, 3, 3), (4, 3, 0), (4, 8, 2),
                                                         (0, 2, 2)])
def test_every_lets_go_once_every_so_many_blocks(
        monkeypatch: pytest.MonkeyPatch, blocks: int, calls: int, lets_go: int) -> None:
    seen: list[tuple[object, ...]] = []
    monkeypatch.setattr(mapped, "let_go", lambda *arrays: seen.append(arrays))
    first, second = object(), object()
    every = mapped.Every(first, second, blocks=blocks)
    for _ in range(calls):
        every()
    assert seen == [(first, second)] * lets_go


def test_every_reads_its_default_when_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mapped, "LET_GO_EVERY", 3)
    assert mapped.Every().blocks == 3


def test_the_comparisons_modules_import_each_other_by_name() -> None:
    """No module of the comparison but the package itself imports a sibling as ``from . import
    x``: that form waits for the package to finish importing, and the comparison is imported on
    a background thread while a run imports its writer (``gather.import_comparison_early``)."""
    folder = Path(__file__).parents[1] / "pipeline" / "compare"
    found = [path.name for path in folder.glob("*.py") if path.name != "__init__.py"
             and re.search(r"^from \. import ", path.read_text(encoding="utf-8"), re.M)]
    assert found == []


def _mapped_kb() -> int:
    """Resident KB of the process's mappings of scratch files (``.mapped.*``)."""
    total, scratch = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        if re.match(r"[0-9a-f]+-[0-9a-f]+ ", line):  # a mapping's first line: its range, its file
            scratch = ".mapped." in line
        elif scratch and line.startswith("Rss:"):
            total += int(line.split()[1])
    return total


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/smaps")
def test_a_phase_holds_the_blocks_it_wrote_since_it_let_go(tmp_path: Path) -> None:
    """Written a block of rows after another and let go every few blocks, an array holds about
    those blocks' pages: not a large folio of the page cache mapped whole at each fault (4 MB
    here before the files were mapped for random reads)."""
    import numpy as np

    rows, width, block, every = 150_000, 61, 96, 16  # 73 MB; 750 KB between two let-gos
    values = mapped.file_full(tmp_path, (rows, width), 0.0, np.float64)
    placed = mapped.Every(values, blocks=every)
    most = 0
    for start in range(0, rows, block):
        values[start:start + block, :-1] = values[start:start + block, 1:] + 1
        placed()
        if start // block % 4 == 0:
            most = max(most, _mapped_kb())
    assert most < 1_500
    assert float(values[rows - 1, 0]) == 1.0 and float(values[0, -1]) == 0.0
