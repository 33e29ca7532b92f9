"""The repair lexicon's table file (pipeline/repair/word_table.py) and ``quick_lexicon``: the same
counts as the dict, looked up in place; a damaged or unwritable table is no error."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.repair.word_table import WordTable, write_table
from pipeline.startup_cache import cached_file


def _table(tmp_path: Path, counts: dict[str, float], total: float = 0.0, longest: int = 10
           ) -> WordTable:
    path = tmp_path / "words.bin"
    with path.open("wb") as fh:
        write_table(fh, counts, total, longest)
    return WordTable(path)


def test_a_table_answers_as_its_dict(tmp_path: Path) -> None:
    rng = random.Random(3)
    alphabet = "养老机构消防安全数据共享平台孪生ab1\ud800𠀀"
    counts = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))): rng.random() * 1e6
              for _ in range(3000)}
    table = _table(tmp_path, counts, total=12.5, longest=6)
    assert (table.total, table.max_word, len(table)) == (12.5, 6, len(counts))
    assert sorted(table) == sorted(counts)
    probes = list(counts) + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 7)))
                             for _ in range(3000)]
    for word in probes:
        assert table.get(word) == counts.get(word)
        assert (word in table) == (word in counts)
    with pytest.raises(KeyError):
        table["不在表中的词语"]


@pytest.mark.parametrize("counts", [{}, {"养老": 1.0}, {"": 2.0, "一": 3.0}])
def test_small_tables(tmp_path: Path, counts: dict[str, float]) -> None:
    table = _table(tmp_path, counts)
    assert dict(table.items()) == counts and table.get("机构") is None


@pytest.mark.parametrize("damage", [b"", b"PPWORDS1", b"NOTATABLE" * 10])
def test_a_damaged_table_is_refused(tmp_path: Path, damage: bytes) -> None:
    path = tmp_path / "words.bin"
    path.write_bytes(damage)
    with pytest.raises(ValueError):
        WordTable(path)


def test_a_truncated_table_is_refused(tmp_path: Path) -> None:
    _table(tmp_path, {"养老": 1.0, "机构": 2.0})
    path = tmp_path / "words.bin"
    path.write_bytes(path.read_bytes()[:-2])
    with pytest.raises(ValueError):
        WordTable(path)


def test_a_table_file_is_built_once_and_none_where_it_cannot_be(tmp_path: Path) -> None:
    calls: list[int] = []

    def write(fh) -> None:  # type: ignore[no-untyped-def]
        calls.append(1)
        write_table(fh, {"养老": 1.0}, 1.0, 2)

    first = cached_file("t", ["v1"], write, root=tmp_path)
    assert first is not None and cached_file("t", ["v1"], write, root=tmp_path) == first
    assert len(calls) == 1 and WordTable(first).get("养老") == 1.0
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    assert cached_file("t", ["v1"], write, root=blocked) is None


def test_quick_lexicon_scores_as_the_default_one(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.repair.lexicon import _table_lexicon, default_lexicon

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # the table built here, from scratch
    _table_lexicon.cache_clear()
    try:
        quick, full = _table_lexicon(), default_lexicon()
    finally:
        _table_lexicon.cache_clear()
    assert list(tmp_path.glob("policy-pipeline/startup/lexicon-table-*.bin"))
    assert quick is not None and isinstance(quick.counts, WordTable)
    assert (quick.total, quick.max_word) == (full.total, full.max_word)
    for line in ["数字孪生", "覆盖深耕插秧播种收获秸秆处理等各个环节", "卫生健庚委员会",
                 "鏉庡厠寮虹殑鎶ュ憡", "养老机构消防安全达标工程", "ab数据12共享"]:
        assert quick.segment(line) == full.segment(line)
    for word in ["养老机构", "孪生", "鏉庡", "的", "x"]:
        assert quick.logp(word) == full.logp(word)
        assert quick.is_word(word) == full.is_word(word)
