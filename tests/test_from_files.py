"""The compare command's notices read one at a time and kept packed (``compare.from_files``)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.compare import compare, load_notices, record
from pipeline.compare.from_files import PackedFile, notices_in

from .conftest import ROOT

CLI = [sys.executable, "-m", "pipeline", "compare"]


@pytest.fixture(scope="module")
def notices(corpus_out: Path) -> list[dict[str, Any]]:
    return load_notices(corpus_out / "notices")


def _write_jsonl(path: Path, notices: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(n, ensure_ascii=False) + "\n" for n in notices),
                    encoding="utf-8")


def test_notices_come_one_at_a_time_in_the_order_given(notices: list[dict[str, Any]],
                                                        tmp_path: Path) -> None:
    jsonl = tmp_path / "b.jsonl"
    _write_jsonl(jsonl, notices[:2])
    folder = tmp_path / "run" / "notices"
    folder.mkdir(parents=True)
    for n in reversed(notices[2:]):
        (folder / f"{n['id']}.json").write_text(json.dumps(n, ensure_ascii=False), encoding="utf-8")
    (folder / "not-a-notice.json").write_text('["a list"]', encoding="utf-8")
    got = notices_in(jsonl, tmp_path / "run")
    assert next(got)["id"] == notices[0]["id"]  # a generator: the first before the rest is read
    expected = [n["id"] for n in notices[1:2]] + sorted(n["id"] for n in notices[2:])
    assert [n["id"] for n in got] == expected


def test_a_jsonl_line_splits_only_at_its_newline(notices: list[dict[str, Any]],
                                                 tmp_path: Path) -> None:
    # U+2028 and U+2029 are line breaks to str.splitlines but may stand raw in a JSON string
    odd = copy.deepcopy(notices[0])
    odd["tasks"][0]["text"] += "\u2028第二段\u2029"
    jsonl = tmp_path / "odd.jsonl"
    _write_jsonl(jsonl, [odd, notices[1]])
    assert "\u2028" in jsonl.read_text(encoding="utf-8")
    read = list(notices_in(jsonl))
    assert len(read) == 2 and read[0]["tasks"][0]["text"].endswith("第二段\u2029")


def test_packed_file_keeps_an_id_once_in_its_first_place(notices: list[dict[str, Any]],
                                                         tmp_path: Path) -> None:
    first, second, third = (copy.deepcopy(n) for n in notices[:3])
    failed = {**copy.deepcopy(second), "status": "failure"}
    with PackedFile(tmp_path) as packed:
        for n in (first, failed, third, second):  # the second's later notice replaces its failure
            packed.add(n)
        assert len(packed) == 3 and packed.left_out() == []
        records = list(packed.records())
    assert [r["id"] for r in records] == [first["id"], second["id"], third["id"]]
    assert records[1]["status"] == second.get("status", "success")
    for rec, n in zip(records, (first, second, third), strict=True):
        plain = record(n)
        for task in rec["tasks"]:  # the words the comparison aligns by, segmented now
            task.pop("words", None)
        assert rec == plain
    assert list(tmp_path.iterdir()) == []  # the scratch file has no name


def test_packed_file_names_the_notices_left_out(notices: list[dict[str, Any]],
                                                tmp_path: Path) -> None:
    with PackedFile(tmp_path) as packed:
        packed.add(notices[0])
        packed.add({**notices[1], "status": "failure"})
        assert packed.left_out() == [notices[1]["id"]]


@pytest.mark.parametrize("grouping", ["auto", "measures", "taxonomy"])
def test_the_packed_notices_give_the_matrix_of_the_notices(notices: list[dict[str, Any]],
                                                           tmp_path: Path, grouping: str) -> None:
    whole = compare(notices, grouping=grouping)
    with PackedFile(tmp_path, grouping) as packed:
        for n in notices:
            packed.add(n)
        kept = compare(packed.records(), grouping=grouping, scratch=tmp_path)
        for name in ("long", "notices", "themes", "department_roles", "timeline",
                     *kept.views()):
            pd.testing.assert_frame_equal(getattr(kept, name), getattr(whole, name))
        assert kept.task_texts == whole.task_texts


def test_compare_command_leaves_only_its_files(corpus_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    result = subprocess.run([*CLI, str(corpus_out / "notices.jsonl"), "--out", str(out)],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["matrix.csv", "matrix.xlsx", "report.html"]
    assert (out / "matrix.csv").read_bytes() == (corpus_out / "matrix.csv").read_bytes()


def test_compare_command_that_reads_nothing_makes_no_folder(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a"}\n{not json\n', encoding="utf-8")
    for inputs, said in (([str(tmp_path / "empty")], "no notice JSON"),
                         ([str(bad)], "cannot read notices")):
        (tmp_path / "empty").mkdir(exist_ok=True)
        result = subprocess.run([*CLI, *inputs, "--out", str(tmp_path / "o")],
                                capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert result.returncode == 2 and said in result.stderr, result.stderr
        assert not (tmp_path / "o").exists()
