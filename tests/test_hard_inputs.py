"""Batches at scale: interrupted runs resume to the same outputs; hard inputs never stop a batch."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.api import run_corpus, run_notice
from pipeline.config import load_config
from pipeline.errors import PipelineError, UsageError

from .conftest import CORPORA, ROOT

SERIAL = {"run": {"executor": "serial"}}


def _copies(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(p for p in CORPORA.iterdir() if p.suffix in (".txt", ".md"))
    for k in range(n):
        src = sources[k % len(sources)]
        shutil.copy(src, folder / f"n{k:03d}-{src.name.replace('.ocr', '')}")


def _outputs(out: Path) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in (out / "notices").glob("*.json")}
    files["notices.jsonl"] = (out / "notices.jsonl").read_bytes()
    return files


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_run_resumes_to_the_same_outputs(tmp_path: Path, sig: signal.Signals) -> None:
    src = tmp_path / "in"
    _copies(src, 80)
    run_corpus([src], load_config(None, SERIAL), tmp_path / "whole")
    out = tmp_path / "interrupted"
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "2"]
    for _attempt in range(3):  # a run that wrote every notice in one burst is tried again
        shutil.rmtree(out, ignore_errors=True)
        # SIGINT as a terminal gives it, whatever this process inherited: a test run started in
        # the background by a shell ignores SIGINT, and so would the run (ignored signals are
        # inherited), finishing every time before it could be interrupted
        proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                preexec_fn=_default_sigint)
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None:
            if len(list((out / "notices").glob("*.json"))) >= 10:
                break
            time.sleep(0.02)
        if proc.poll() is None:
            os.killpg(proc.pid, sig)
        proc.wait(timeout=60)
        partial = len(list((out / "notices").glob("*.json")))
        if partial < 80:
            break
    assert partial < 80, "the run finished before it could be interrupted, three times"
    if sig == signal.SIGINT:
        assert proc.returncode == 130
    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "up to date, skipped" in again.stderr
    assert _outputs(out) == _outputs(tmp_path / "whole")
    assert not list(out.rglob("*.tmp"))


def test_two_hundred_page_pdf(tmp_path: Path) -> None:
    from tools.scangen import write_text_pdf

    path = tmp_path / "long.pdf"
    first = "关于开展全省学校体育工作专项督导的通知\n冀教体〔2022〕3号\n各市教育局：\n一、主要任务"
    pages = [f"（{'一二三四五六七八九十'[page % 10]}）第{page}页督导内容。各地教育部门要加强检查。"
             for page in range(1, 200)]
    write_text_pdf("\f".join([first, *pages]), path, page_numbers=False)  # a form feed a page
    notice = run_notice(path)
    assert notice.source.pages == 200 and notice.source.format == "pdf_text"
    assert notice.doc.doc_number == "冀教体〔2022〕3号"
    # the first full run of （一）–（十） is the part's; each later run, starting again at （一） with
    # no heading between, is a group whose heading was lost (a part of its own, A1, A2, …): every
    # page's item is read once, none twice
    ids = [t.id for t in notice.tasks]
    assert ids[:10] == [f"1.{k}" for k in range(1, 11)]
    assert ids[10:20] == [f"A1.{k}" for k in range(1, 11)]
    assert len(ids) == len(set(ids)) == len({t.heading for t in notice.tasks}) == 190


def test_fifty_megabyte_text_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        chunk = ("各地民政部门要加强养老机构安全管理。" * 1000 + "\n").encode("utf-8")
        while fh.tell() < 50_000_000:
            fh.write(chunk)
    started = time.perf_counter()
    with pytest.raises(PipelineError) as info:
        run_notice(path)
    assert info.value.code == "E106"
    assert time.perf_counter() - started < 5  # refused from its size, not read


def test_a_file_that_disappears_mid_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _copies(src, 4)
    files = sorted(src.iterdir())

    def remove_the_next(result, done, total):  # type: ignore[no-untyped-def]
        if done == 1:
            files[2].unlink()

    report = run_corpus([src], load_config(None, SERIAL), tmp_path / "out",
                        progress=remove_the_next)
    status = [(i.status, [e["code"] for e in i.errors]) for i in report.items]
    assert status[2] == ("failure", ["E105"])
    assert [s for s, _ in status].count("success") == 3


def test_unwritable_output_directory_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError):
        run_corpus([CORPORA / "manifest.csv"], load_config(None, SERIAL), blocker / "out")
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", str(CORPORA), "--out",
                             str(blocker / "out")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert "not writable" in result.stderr


def test_run_json_reports_codes_stages_and_cache(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _copies(src, 3)
    (src / "empty.txt").write_bytes(b"")
    run_corpus([src], load_config(None, SERIAL), tmp_path / "out")
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["counts"] == {"success": 3, "partial": 0, "failure": 1}
    assert run["errors_by_code"] == {"E101": 1}
    succeeded = [i for i in run["inputs"] if i["status"] == "success"]
    assert next(iter(run["stage_seconds"])) in succeeded[0]["timings"]
    assert set(run["ocr_cache"]) == {"dir", "files", "bytes"}
    # no page was read by OCR: the cache is not walked
    assert run["ocr_cache"]["files"] is None and run["ocr_cache"]["bytes"] is None


def test_the_ocr_cache_is_counted_when_asked(tmp_path: Path) -> None:
    from pipeline.runner import cache_report

    cache = tmp_path / "cache"
    for shard, name, size in [("ab", "1.json", 10), ("ab", "2.json", 5), ("cd", "3.json", 7),
                              ("cd", "notes.txt", 100)]:
        (cache / shard).mkdir(parents=True, exist_ok=True)
        (cache / shard / name).write_bytes(b"x" * size)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "4.json").write_bytes(b"y" * 50)
    (cache / "link").symlink_to(tmp_path / "elsewhere")  # not followed
    cfg = load_config(None, {"ocr": {"cache_dir": str(cache)}})
    assert cache_report(cfg) == {"dir": str(cache), "files": 3, "bytes": 22}
    assert cache_report(cfg, counted=False) == {"dir": str(cache), "files": None, "bytes": None}
    missing = load_config(None, {"ocr": {"cache_dir": str(tmp_path / "none")}})
    assert cache_report(missing) == {"dir": str(tmp_path / "none"), "files": 0, "bytes": 0}
