"""The comparison's scratch bytes (compare/spill.py): the same bytes back from a file or memory."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from pipeline.compare.spill import Spill, SpilledRows


@pytest.mark.parametrize("in_file", [True, False])
def test_bytes_come_back_by_their_place(tmp_path: Path, in_file: bool) -> None:
    spill = Spill(tmp_path if in_file else None, ".t.")
    blobs = [b"", b"abc", "中文".encode(), bytes(range(256)) * 300, b"\x00"]
    places = [(spill.append(b), len(b)) for b in blobs]
    assert spill.in_file is in_file and len(spill) == sum(map(len, blobs))
    assert [spill.read(*p) for p in places] == blobs
    copy = pickle.loads(pickle.dumps(spill))  # with its bytes, in memory
    assert not copy.in_file and [copy.read(*p) for p in places] == blobs
    assert list(tmp_path.iterdir()) == []  # the file is unlinked as soon as it is opened


@pytest.mark.parametrize("in_file", [True, False])
def test_rows_come_back_in_the_order_added(tmp_path: Path, in_file: bool) -> None:
    rows = SpilledRows(tmp_path if in_file else None)
    batches = [[("a", 1, None, True)], [], [("中", 2.5, False, ""), ("b", -3, None, "x")]]
    for batch in batches:
        rows.extend(batch)
    assert list(rows) == [r for b in batches for r in b] and len(rows) == 3
    assert list(rows) == list(rows)  # read as often as wanted
    assert list(tmp_path.iterdir()) == []
