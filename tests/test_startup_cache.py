"""pipeline.startup_cache: built once, read back equal; a changed source builds anew; a cache that
cannot be read or written is never an error."""

from __future__ import annotations

from pathlib import Path

from pipeline.startup_cache import cached


def _counting_builder(calls: list[int], value: object):  # type: ignore[no-untyped-def]
    def build() -> object:
        calls.append(1)
        return value

    return build


def test_a_table_is_built_once_and_read_back_equal(tmp_path: Path) -> None:
    calls: list[int] = []
    table = ({"养老": 3, "机构": 5}, {"养老": "n"})
    first = cached("t", ["v1"], _counting_builder(calls, table), root=tmp_path)
    second = cached("t", ["v1"], _counting_builder(calls, table), root=tmp_path)
    assert first == second == table and len(calls) == 1
    assert list(second[0]) == ["养老", "机构"]  # order kept (it breaks rank ties)
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_changed_source_builds_again(tmp_path: Path) -> None:
    calls: list[int] = []
    cached("t", ["v1"], _counting_builder(calls, {"a": 1}), root=tmp_path)
    assert cached("t", ["v2"], _counting_builder(calls, {"a": 2}), root=tmp_path) == {"a": 2}
    assert len(calls) == 2


def test_a_damaged_or_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    calls: list[int] = []
    cached("t", ["v1"], _counting_builder(calls, {"a": 1}), root=tmp_path)
    for stored in tmp_path.glob("t-*.marshal"):
        stored.write_bytes(b"\x00garbage")
    assert cached("t", ["v1"], _counting_builder(calls, {"a": 1}), root=tmp_path) == {"a": 1}
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert cached("t", ["v1"], _counting_builder(calls, {"a": 1}), root=blocked) == {"a": 1}
    assert len(calls) == 3
