"""Inputs: a walked folder gives the files a walk of ``Path`` objects gives, in the same order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import UsageError
from pipeline.inputs import SKIP_SUFFIXES, InputItem, Inputs, collect, walked


def _by_paths(folder: Path, skip: Path | None) -> list[str]:
    """What the walk was when it made ``Path`` objects (``rglob``), as strings."""
    return [str(p) for p in sorted(
        p for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.suffix.lower() not in SKIP_SUFFIXES
        and not (skip is not None and p.resolve().is_relative_to(skip)))]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    files = ["a.txt", "a/x.txt", "a-b/x.txt", "a/b/c/d.pdf", "a/b/.hidden.txt", ".h/x.txt",
             "a/.h/y.txt", "notes.csv", "data.JSON", "x.tar.gz", "README", "noext.", "中文/通知.docx",
             "a/b/c.py", "out/notices/n1.json", "out/run.txt", "z/old.pyc", "名单.Txt", "b.TXT"]
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    (root / "a" / "empty").mkdir()
    (root / "linked").symlink_to(root / "a", target_is_directory=True)  # not followed
    (root / "to-a.txt").symlink_to(root / "a.txt")  # a link to a file is a file
    (root / "into-out.txt").symlink_to(root / "out" / "run.txt")  # resolves under the output
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    return root


@pytest.mark.parametrize("skipped", [None, "out", "a/b", ""])
def test_a_walk_of_strings_finds_what_a_walk_of_paths_found(tree: Path, skipped: str | None) -> None:
    skip = None if skipped is None else (tree / skipped).resolve()
    assert walked(tree, skip) == _by_paths(tree, skip)
    found = walked(tree, skip)
    if skipped is None:
        assert found.index(str(tree / "a" / "x.txt")) < found.index(str(tree / "a-b" / "x.txt"))
        assert str(tree / "linked" / "x.txt") not in found


def test_a_walk_from_the_working_folder_names_files_as_paths_do(tree: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    assert walked(Path(".")) == _by_paths(Path("."), None)
    assert "a/x.txt" in walked(Path("."))
    monkeypatch.chdir(tree.parent)
    assert walked(Path("in/")) == _by_paths(Path("in/"), None)


def test_collected_items_take_their_ids_from_the_file_names(tree: Path) -> None:
    items = collect([tree], out=tree / "out")
    assert [item.file for item in items] == _by_paths(tree, (tree / "out").resolve())
    by_file = {os.path.relpath(item.file, tree): item.id for item in items}
    assert by_file["中文/通知.docx"] == "通知" and by_file["x.tar.gz"] == "x.tar"
    assert by_file["README"] == "README" and by_file["noext."] == "noext."
    # two files of stem x: each named by its file name, the later one's id then made unique
    assert by_file["a.txt"] == "a" and by_file["a/x.txt"] == "x.txt"
    assert by_file["a-b/x.txt"].startswith("x.txt~")


@pytest.mark.parametrize("in_file", [False, True])
def test_inputs_are_kept_as_bytes_and_made_again_equal(tmp_path: Path, in_file: bool) -> None:
    items = [InputItem(id="a", file="in/a.txt"),
             InputItem(id="通知~1", file="in/通知.docx", province="吉林省", city="长春市",
                       error=("E701", "id '通知' is already used by an earlier input")),
             InputItem(id="run-6f1e", file="../run", given_id="../run")]
    inputs = Inputs(tmp_path if in_file else None)
    for item in items:
        inputs.append(item)
    assert len(inputs) == 3 and list(inputs) == items and inputs[-1] == items[-1]
    assert inputs[1] is not inputs[1]  # made afresh each time: a caller's to change
    assert inputs._spill.in_file is in_file
    assert list(tmp_path.iterdir()) == []  # a file opened and at once unlinked


def test_a_manifest_is_read_a_row_at_a_time_with_the_same_items(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text(
        "id,file,province,city\nn1,a.txt,吉林省,\n,b.txt,,\nn3,,,\nn1,sub/../c.txt, 北京市 ,海淀区\n",
        encoding="utf-8")
    items = collect([tmp_path / "manifest.csv"], out=tmp_path / "out")
    assert [(i.id, i.file, i.province, i.city, i.error and i.error[0]) for i in items] == [
        ("n1", str(tmp_path / "a.txt"), "吉林省", None, None),
        ("manifest-row3", str(tmp_path / "b.txt"), None, None, "E702"),
        ("n3", str(tmp_path), None, None, "E702"),
        ("n1~3", str(tmp_path / "sub/../c.txt"), "北京市", "海淀区", "E701")]
    (tmp_path / "manifest.csv").write_text("name,path\nx,y\n", encoding="utf-8")
    with pytest.raises(UsageError, match="needs the columns id,file"):
        collect([tmp_path / "manifest.csv"])
    (tmp_path / "manifest.csv").write_text("name,path\n", encoding="utf-8")
    assert len(collect([tmp_path / "manifest.csv"])) == 0  # a header alone: no inputs
