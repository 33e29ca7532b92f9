"""The command line: help of every command, real runs, exit codes, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPORA, GOLD, ROOT

CLI = [sys.executable, "-m", "pipeline"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("command", [[], ["run"], ["eval"], ["compare"]])
def test_help_of_every_command(command: list[str]) -> None:
    result = _run(*command, "--help")
    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_help_imports_nothing_heavy() -> None:
    code = ("import sys; from pipeline import cli; "
            "heavy = [m for m in ('pydantic', 'pandas', 'spacy', 'jieba', 'rapidfuzz', "
            "'jsonschema', 'rich', 'tesserocr') if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert _run("run", str(CORPORA), "--out", str(tmp_path), "--executor", "nope").returncode == 2
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text("[ocr]\ndpi = 'high'\n", encoding="utf-8")
    result = _run("run", str(CORPORA), "--out", str(tmp_path), "--config", str(bad_config))
    assert result.returncode == 2
    assert "invalid configuration" in result.stderr


def test_readme_example_run_and_eval(tmp_path: Path) -> None:
    """The README's example: run the corpus, then eval against gold with thresholds."""
    result = _run("run", "corpora/manifest.csv", "--out", str(tmp_path), "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert "5 succeeded" in result.stderr
    run = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert [i["status"] for i in run["inputs"]] == ["success"] * 5
    assert all("outline" in i["timings"] for i in run["inputs"])
    assert len(list((tmp_path / "notices").glob("*.json"))) == 5
    ok = _run("eval", "--gold", str(GOLD), "--pred", str(tmp_path / "notices"),
              "--min-task-f1", "1.0", "--min-window", "0.97", "--require-header")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "tasks" in ok.stdout and "departments" in ok.stdout
    strict = _run("eval", "--gold", str(GOLD), "--pred", str(tmp_path / "notices"),
                  "--min-department-f1", "1.01")
    assert strict.returncode == 1
    assert "below threshold" in strict.stderr
    folder = _run("eval", "--gold", str(GOLD), "--pred", str(tmp_path), "--min-task-f1", "1.0")
    assert folder.returncode == 0, folder.stderr  # the run's folder: its notices/ are read
    (tmp_path / "empty").mkdir()
    nowhere = _run("eval", "--gold", str(GOLD), "--pred", str(tmp_path / "empty"))
    assert nowhere.returncode == 2 and "no notice JSON" in nowhere.stderr


def test_some_inputs_failing_exits_1(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text((CORPORA / "shandong-2020-notice.txt").read_text(encoding="utf-8"),
                                encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    result = _run("run", str(src), "--out", str(tmp_path / "out"), "--executor", "serial")
    assert result.returncode == 1
    assert "E101" in result.stderr
    assert (tmp_path / "out" / "notices" / "ok.json").is_file()
