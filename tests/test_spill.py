"""The comparison's scratch bytes (compare/spill.py): the same bytes back from a file or memory."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_a_large_append_goes_to_the_file_after_the_buffered_bytes(tmp_path: Path) -> None:
    # an array parked whole (spill.Parked) is written as it is, not copied into the buffer; the
    # small bytes appended before it are written first, so every place still holds its bytes
    import numpy as np

    spill = Spill(tmp_path, ".t.")
    small = spill.append(b"head")
    values = np.arange(Spill.BUFFER, dtype=np.int64)  # 8 buffers' worth
    big = spill.append(memoryview(values).cast("B"))
    assert len(spill._memory) == 0  # nothing of it buffered
    tail = spill.append(b"tail")
    assert (small, big, tail) == (0, 4, 4 + values.nbytes)
    assert spill.read(small, 4) == b"head" and spill.read(tail, 4) == b"tail"
    assert spill.read(big, values.nbytes) == values.tobytes()
    assert os.fstat(spill.fileno()).st_size == len(spill)  # type: ignore[arg-type]
    wide = spill.append(memoryview(values))  # an array's own view: its bytes are counted
    assert len(spill) == wide + values.nbytes and spill.read(wide, values.nbytes) == values.tobytes()


@pytest.mark.parametrize("in_file", [True, False])
def test_a_cleared_spill_starts_again_from_nothing(tmp_path: Path, in_file: bool) -> None:
    # what a report section spools (export.html._Spool): the bytes dropped, the file cut to
    # nothing, the next bytes at offset 0
    spill = Spill(tmp_path if in_file else None, ".t.")
    spill.append(b"x" * 5000)
    spill.clear()
    assert len(spill) == 0 and spill.append(b"abc") == 0 and spill.read(0, 3) == b"abc"
    if in_file:
        import os

        assert os.fstat(spill.fileno()).st_size == 3  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("in_file", [True, False])
def test_rows_come_back_in_the_order_added(tmp_path: Path, in_file: bool) -> None:
    rows = SpilledRows(tmp_path if in_file else None)
    batches = [[("a", 1, None, True)], [], [("中", 2.5, False, ""), ("b", -3, None, "x")]]
    for batch in batches:
        rows.extend(batch)
    assert list(rows) == [r for b in batches for r in b] and len(rows) == 3
    assert list(rows) == list(rows)  # read as often as wanted
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("part_rows", [1, 3, 1000])
def test_ordered_rows_come_back_as_python_sorts_them(tmp_path: Path, part_rows: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # by each key's values (the last ranked by a function: the natural order of task ids),
    # equal keys in the order added, whatever the parts' size
    import random

    import pipeline.compare.spill as spill
    from pipeline.compare.matrix import task_key

    monkeypatch.setattr(spill, "PART_ROWS", part_rows)
    rng = random.Random(3)
    table = spill.OrderedRows(["date", "region", "task", "n"], tmp_path)
    added = []
    for batch in range(6):
        rows = [(rng.choice(["2020-06-30", "2020-01-01", "2021-12-31"]), rng.choice(["吉林省", "镇江市"]),
                 rng.choice(["2.10", "2.9", "01", "1", "", "A1.2"]), f"{batch}.{k}")
                for k in range(rng.randint(0, 5))]
        table.extend(rows, (r[:3] for r in rows))
        added.extend(rows)
    parts = table.seal((None, None, task_key))
    expected = sorted(added, key=lambda r: (r[0], r[1], task_key(r[2])))
    frames = list(parts.frames())
    assert [tuple(r) for f in frames for r in f.itertuples(index=False)] == expected
    assert parts.count == len(added) and len(frames) == max(1, -(-len(added) // part_rows))
    assert [tuple(r) for r in parts.whole().itertuples(index=False)] == expected
    assert list(tmp_path.iterdir()) == []


_STEPS = st.lists(st.one_of(
    st.tuples(st.just("append"), st.binary(max_size=40)),
    st.tuples(st.just("read"), st.integers(0, 200), st.integers(0, 60)),
    st.tuples(st.just("read_into"), st.integers(0, 200), st.integers(0, 60)),
    st.tuples(st.just("fileno")), st.tuples(st.just("clear"))), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_STEPS)
def test_a_spill_in_a_file_holds_what_one_in_memory_holds(tmp_path_factory: Any,
                                                          steps: list[tuple[Any, ...]]) -> None:
    # appends to the file are gathered and written together (Spill.BUFFER, made small here):
    # every read, and the descriptor handed to another process, sees every byte appended
    import os

    folder = tmp_path_factory.mktemp("spill")
    in_file, in_memory = Spill(folder, ".t."), Spill()
    in_file.BUFFER = 64
    for step in steps:
        if step[0] == "append":
            assert in_file.append(step[1]) == in_memory.append(step[1])
        elif step[0] in ("read", "read_into"):
            offset, length = min(step[1], len(in_memory)), step[2]
            length = min(length, len(in_memory) - offset)
            if step[0] == "read":
                assert in_file.read(offset, length) == in_memory.read(offset, length)
            else:
                buffer = bytearray(length)
                in_file.read_into(offset, memoryview(buffer))
                assert bytes(buffer) == in_memory.read(offset, length)
        elif step[0] == "fileno":
            fd = in_file.fileno()
            assert fd is not None and os.pread(fd, len(in_memory) + 1, 0) == in_memory.read(0, len(in_memory))
        else:
            in_file.clear()
            in_memory.clear()
        assert len(in_file) == len(in_memory)
    assert pickle.loads(pickle.dumps(in_file)).read(0, len(in_memory)) == in_memory.read(0, len(in_memory))


def test_a_part_read_for_some_columns_holds_the_whole_parts_values(tmp_path: Path) -> None:
    # Parts.frames(columns): each column's values are made from its own cells alone (pandas
    # infers a column's type from it), so a reader of a few columns gets the whole frame's
    from pipeline.compare.matrix import column_values
    from pipeline.compare.spill import Parts

    parts = Parts(Spill(tmp_path, ".t."), ["a", "b", "c", "d"])
    parts.write([("x", None, 1, True), ("y", "z", None, False), ("", "w", 3, None)] * 3)
    for columns in (["b"], ["d", "a"], ["a", "b", "c", "d"]):
        for whole, some in zip(parts.frames(), parts.frames(columns), strict=True):
            assert list(some.columns) == [c for c in parts.columns if c in columns]
            assert list(some.index) == list(whole.index)
            for c in columns:
                assert repr(column_values(some[c])) == repr(column_values(whole[c]))


@pytest.mark.parametrize("in_file", [True, False])
@pytest.mark.parametrize("typecode,count", [("q", 0), ("q", 1), ("q", 1500), ("i", 513), ("I", 1024)])
def test_a_spilled_array_reads_back_every_item(tmp_path: Path, in_file: bool, typecode: str,
                                               count: int) -> None:
    from array import array

    from pipeline.compare.spill import SpilledArray

    spill = Spill(tmp_path if in_file else None, ".t.")
    spill.append(b"before")
    values = array(typecode, ((k * 7919) % 100_003 for k in range(count)))
    spilled = SpilledArray(values, spill)
    spill.append(b"after")
    assert len(spilled) == count and list(spilled) == list(values)
    order = list(range(count))[::-3] + list(range(0, count, 5))  # pages out of order, again
    assert [spilled[k] for k in order] == [values[k] for k in order]
    if count:
        assert spilled[-1] == values[-1] and spilled[-count] == values[0]
    for bad in (count, -count - 1):
        with pytest.raises(IndexError):
            spilled[bad]
    with pytest.raises(TypeError):
        spilled[0:2]  # type: ignore[call-overload]
    copy = pickle.loads(pickle.dumps(spilled))  # with its spill's bytes
    assert list(copy) == list(values)


def _interned(value: str) -> bool:
    """Whether ``value`` is the interpreter's interned string of its text, for a text that has
    one (``sys.intern`` gives back the one it holds; of a text without one, it interns
    ``value``)."""
    import sys

    return sys.intern(value) is value


@pytest.mark.parametrize("in_file", [True, False])
def test_a_parts_strings_are_read_back_equal_and_not_interned(tmp_path: Path,
                                                              in_file: bool) -> None:
    # marshal writes an interned string as one to intern again; a reader of a large table's
    # parts then grew the interpreter's table of interned strings for good (records.shared
    # interns a batch's repeated values as they are gathered)
    import sys

    from pipeline.compare.spill import Parts

    values = [sys.intern(f"spill-test-{k}") for k in range(30)] + ["国务院办公厅", "", "x"]
    rows = [(v, values[-k - 1], k, k % 2 == 0, None) for k, v in enumerate(values)]
    parts = Parts(Spill(tmp_path if in_file else None, ".t."), ["a", "b", "c", "d", "e"])
    parts.write(rows)
    start, columns = parts.columns_of(0)
    assert start == 0 and list(zip(*columns, strict=True)) == rows
    read = [v for column in columns[:2] for v in column if v in values[:30]]
    assert len(read) == 60 and not any(_interned(v) for v in read)
    assert all(_interned(v) for v in values[:30])  # what was given is left as it was
    # equal strings are one object in a part, so each is written once
    a, b = columns[0], columns[1]
    assert all(a[k] is b[len(b) - 1 - k] for k in range(len(a)))


def test_strings_not_interned_keep_every_value_and_its_type() -> None:
    import sys

    from pipeline.compare.spill import not_interned

    shared = sys.intern("spill-test-shared")
    columns = [[shared, "a", shared, 1, 1.5, True, None, ""], ["a", shared, ("t", shared), [1]]]
    out = not_interned(columns)
    assert [list(c) for c in out] == columns
    assert [type(v) for c in out for v in c] == [type(v) for c in columns for v in c]
    assert out[0][0] is out[0][2] is out[1][1] and not _interned(out[0][0])
    assert out[1][2] is columns[1][2]  # a value that is not a string is the same object


def test_a_mapped_array_is_parked_a_piece_at_a_time(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    """An array mapped from a file (``mapped``) is parked in pieces, the same bytes back, the
    arrays after it in their places."""
    import numpy as np

    from pipeline.compare import mapped
    from pipeline.compare.spill import Parked

    monkeypatch.setattr(mapped, "SMALL", 0)
    monkeypatch.setattr(Parked, "PIECE", 4096 + 8)  # pieces that end inside an item
    values = mapped.file_empty(tmp_path, 10_001, np.float64)
    values[:] = np.linspace(0, 1, len(values))
    after = np.arange(5, dtype=np.int32)
    parked = Parked([values, after], tmp_path)
    assert parked.part(0, 0, len(values)).tobytes() == values.tobytes()
    assert parked.part(0, 4095, 4100).tobytes() == values[4095:4100].tobytes()
    assert parked.part(1, 0, 5).tolist() == after.tolist()
