"""Hostile inputs, one batch each: wall time and peak memory of the whole run, and what run.json
recorded. Each must finish within 30 s and 1 GB (issue: a batch that nothing can break).

    python -m bench robustness

Every case runs ``python -m pipeline run`` in a fresh process under ``/usr/bin/time`` (peak RSS of
the run and its workers), with a good notice beside the hostile input, into a fresh --out.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "corpora" / "zhenjiang-2020-notice.md"
LIMIT_SECONDS, LIMIT_MB = 30, 1024


def _manifest(folder: Path, rows: list[tuple[str, str]]) -> Path:
    path = folder / "manifest.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "file"])
        writer.writerows([*rows, ("good", str(GOOD))])
    return path


def _file(name: str, data: bytes | Callable[[Path], None]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        if callable(data):
            data(path)
        else:
            path.write_bytes(data)
        return _manifest(folder, [(path.stem, str(path))])
    return make


def _png_bomb(path: Path) -> None:
    from tests.test_hostile import _png_header

    path.write_bytes(_png_header(30000, 30000))


def _giant_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(20000, 20000))
    pdf.add_page()
    pdf.output(str(path))


def _laughs(path: Path) -> None:
    from tests.test_hostile import LAUGHS, _docx

    path.write_bytes(_docx(LAUGHS))


def _zip_bomb(path: Path) -> None:
    from tests.test_hostile import _docx

    buffer = io.BytesIO(_docx(b"<w:document/>"))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as z, z.open("word/media/big.bin", "w") as fh:
        block = b"\0" * (1 << 20)
        for _ in range(1024):  # 1 GB unpacked, about 1 MB packed
            fh.write(block)
    path.write_bytes(buffer.getvalue())


DOC = ROOT / "tests" / "fixtures" / "numbered-list.doc"


def _claimed_lists(path: Path) -> None:
    """The .doc fixture whose list table claims 4096 definitions, none of them there: read
    without its numbers, in its time (the bytes of the table are found in the file: the table
    stream's sectors hold them as they are)."""
    from pipeline.stages.readers.worddoc import _fib, _streams

    data = DOC.read_bytes()
    word, table = _streams(data)
    fc = struct.unpack_from("<I", word, _fib(word)[3] + 8 * 73)[0]
    at = data.find(table[fc:fc + 64])
    if at > 0:
        data = data[:at] + struct.pack("<h", 4096) + data[at + 2:]
    path.write_bytes(data)


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.txt")
    return _manifest(folder, [("pipe", str(folder / "pipe.txt"))])


CASES: dict[str, Callable[[Path], Path]] = {
    "ids: ../run, /abs/settings, ../../x": lambda d: _manifest(
        d, [("../run", str(GOOD)), ("/some/where/settings", str(GOOD)), ("../../x", str(GOOD))]),
    "ids: 300 characters, =2+5": lambda d: _manifest(d, [("x" * 300, str(GOOD)), ("=2+5", str(GOOD))]),
    "PNG 30000x30000": _file("huge.png", _png_bomb),
    "PDF page 20000 pt": _file("giant.pdf", _giant_pdf),
    "DOCX entity bomb": _file("laughs.docx", _laughs),
    "DOCX 1 GB member": _file("zipbomb.docx", _zip_bomb),
    "DOC cut in half": _file("cut.doc", DOC.read_bytes()[:len(DOC.read_bytes()) // 2]),
    "DOC of 4096 lists claimed": _file("lists.doc", _claimed_lists),
    "/dev/zero": lambda d: _manifest(d, [("zero", "/dev/zero")]),
    "FIFO": _fifo,
    "1 MB line, no punctuation": _file("line.txt", ("省民政厅负责推进养老服务市场监管局配合" * 17_500).encode()),
    "100,000 nested <div>": _file("nested.html", ("<html><body>" + "<div>" * 100_000
                                                   + "关于加强管理的通知。各地要落实。" * 20
                                                   + "</div>" * 100_000 + "</body></html>").encode()),
    # the extractors' quadratic paths found on 2026-12-04 (each number or body read the whole
    # text before it; 319 s and 177 s before, a few seconds after)
    "60,000 numbered items with deadlines": _file("items.txt", "\n".join(
        f"{i}.加强管理工作，各部门于2025年底前完成{i}项任务。" for i in range(1, 60_000)).encode()),
    "one 2 MB sentence of counts and bodies": _file("counts.txt", ("一、目标 " + "".join(
        f"截至目前新建{i}个中心各市人民政府负责《关于{i}的意见》" for i in range(60_000))).encode()),
    "100,000 shares in one sentence": _file("shares.txt", ("一、目标\n" + "，".join(
        f"覆盖率达到{i % 99 + 1}%以上，新建{i % 999 + 1}个中心" for i in range(100_000)) + "。").encode()),
    # a task table of 30,000 rows (each a task with a label cell and a deadline)
    "30,000-row task table": _file("table.txt", (
        "关于印发任务分工的通知\n序号\t主要任务\t牵头单位\t完成时限\n" + "".join(
            f"{i}\t建设第{i}个平台，实现互联互通。\t市大数据局\t2025年底前\n" for i in range(1, 30_001))).encode()),
    # a blank form: field names between long runs of empty cells (spaces, blank lines), and a page's
    # layout kept as runs of spaces; whitespace patterns once tried every split of such a run from
    # each of its line starts (20 s for this form's first 15,000 lines on 2026-12-05, 0.6 s after)
    "a blank form of 30,000 empty cells": _file("form.txt", (
        "关于申报项目的通知\n一、申报要求\n（一）填写申报表。\n附件\n"
        + "".join("  \u3000  \n" * 10_000 + name for name in ("牵头单位名称\n", "完成时限\n", "单位地址：\n"))
        + "\u3000" * 50_000 + "（二）按时报送。" + " " * 50_000 + "牵头单位：省发展改革委\n").encode()),
    # one task whose labels list 20,000 bodies (a run of items whose numbers the outline could not
    # read, one task: each body's mention was looked up in every body of the task's labels)
    "one task labelled with 20,000 bodies": _file("labels.txt", ("一、主要任务\n（一）做好工作。" + "".join(
        "（责任单位：" + "、".join(("省发展改革委", "省财政厅", "省民政厅", "省教育厅", "各市人民政府")[k % 5]
                             for k in range(200)) + "）" for _ in range(100)) + "\n").encode()),
}


def run_case(make: Callable[[Path], Path]) -> tuple[float, float, dict[str, list[str]]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        sys.path.insert(0, str(ROOT))
        manifest = make(folder)
        out = Path(tmp) / "out"
        cmd = ["/usr/bin/time", "-f", "RSS %M", sys.executable, "-m", "pipeline", "run", str(manifest),
               "--out", str(out), "--executor", "serial"]
        started = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
        seconds = time.perf_counter() - started
        rss = re.search(r"RSS (\d+)", done.stderr)
        peak = int(rss.group(1)) / 1024 if rss else float("nan")
        run = json.loads((out / "run.json").read_text(encoding="utf-8"))
        codes = {i["id"][:24]: [e["code"] for e in i["errors"]] for i in run["inputs"]}
        return seconds, peak, codes


def main() -> None:
    print(f"{'case':<36}{'seconds':>9}{'peak MB':>9}  run.json (id: codes)")
    worst = 0.0, 0.0
    for name, make in CASES.items():
        seconds, peak, codes = run_case(make)
        worst = max(worst[0], seconds), max(worst[1], peak)
        shown = ", ".join(f"{k}: {'/'.join(v) or 'ok'}" for k, v in codes.items())
        print(f"{name:<36}{seconds:>9.1f}{peak:>9.0f}  {shown}")
    verdict = "within" if worst[0] <= LIMIT_SECONDS and worst[1] <= LIMIT_MB else "OVER"
    print(f"worst: {worst[0]:.1f} s, {worst[1]:.0f} MB ({verdict} the {LIMIT_SECONDS} s / {LIMIT_MB} MB limit)")


if __name__ == "__main__":
    main()
