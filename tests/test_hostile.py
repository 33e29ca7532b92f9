"""Hostile batches: each class of bad input or fault ends in a coded error for that input (or a
clear usage error), the batch finishes, run.json reports every input, the good inputs come out
byte-identical to a clean run, and nothing is written outside --out."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from pipeline import executors
from pipeline.api import run_corpus
from pipeline.config import load_config
from pipeline.errors import UsageError

from .conftest import CORPORA, ROOT

SERIAL = {"run": {"executor": "serial"}}
GOOD = CORPORA / "zhenjiang-2020-notice.md"


def _manifest(folder: Path, rows: list[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "manifest.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "file"])
        writer.writerows(rows)
    return path


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def _run_json(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def _codes(out: Path) -> dict[str, list[str]]:
    return {i["id"]: [e["code"] for e in i["errors"]] for i in _run_json(out)["inputs"]}


def _clean_good(tmp_path: Path) -> bytes:
    clean = tmp_path / "clean"
    run_corpus([_manifest(tmp_path / "clean-in", [("good", str(GOOD))])], load_config(None, SERIAL),
               clean)
    return (clean / "notices" / "good.json").read_bytes()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels in a few bytes (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))


def _docx(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    types = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
             b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
             b'-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/'
             b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(f'<!ENTITY lol{k} "{("&lol" + str(k - 1) + ";") * 10 if k > 1 else "&lol;" * 10}">'
                     .encode() for k in range(1, 10))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")


def test_ids_cannot_escape_out_and_spreadsheets_hold_no_formulas(tmp_path: Path) -> None:
    hostile = ["../run", "/some/where/settings", "../../x", "x" * 300, "=2+5", "@SUM(A1)", "good"]
    src = _manifest(tmp_path / "in", [(i, str(GOOD)) for i in hostile])
    out = tmp_path / "out"
    before = _tree(tmp_path) - {"out"}
    report = run_corpus([src], load_config(None, SERIAL), out)
    assert _tree(tmp_path) - {p for p in _tree(tmp_path) if p.startswith("out")} == before
    assert len(report.items) == len(hostile) and all(i.status == "success" for i in report.items)
    written = {p.name for p in (out / "notices").iterdir()}
    assert len(written) == len(hostile) and all(len(n) < 120 for n in written)
    renamed = {"../run", "/some/where/settings", "../../x", "x" * 300}  # = + @ are safe in names
    assert {i["given_id"] for i in _run_json(out)["inputs"]} - {None} == renamed
    assert (out / "notices" / "good.json").read_bytes() == _clean_good(tmp_path)
    from openpyxl import load_workbook

    book = load_workbook(out / "matrix.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == "=2+5" for c in cells)  # kept as the text it is
    for row in csv.reader((out / "matrix.csv").read_text(encoding="utf-8").splitlines()):
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row)
    assert (out / "report.html").is_file()  # its escaping: tests/test_report_html.py


def test_bombs_and_special_files_are_coded_errors(tmp_path: Path) -> None:
    from fpdf import FPDF

    src = tmp_path / "in"
    src.mkdir()
    (src / "huge.png").write_bytes(_png_header(30000, 30000))
    pdf = FPDF(unit="pt", format=(20000, 20000))
    pdf.add_page()
    pdf.output(str(src / "giant.pdf"))
    (src / "laughs.docx").write_bytes(_docx(LAUGHS))
    (src / "zipbomb.docx").write_bytes(_docx(b"<w:document/>", {"word/media/blob.bin": b"\0" * 3_000_000}))
    os.mkfifo(src / "pipe.txt")
    rows = [(p.stem, str(p)) for p in sorted(src.iterdir())] + [("zero", "/dev/zero"), ("good", str(GOOD))]
    cfg = load_config(None, {**SERIAL, "ingest": {"max_unpacked_bytes": 1_000_000}})
    out = tmp_path / "out"
    started = time.monotonic()
    run_corpus([_manifest(tmp_path / "m", rows)], cfg, out)
    assert time.monotonic() - started < 60
    codes = _codes(out)
    assert codes["huge"] == ["E106"] and codes["giant"] == ["E106"] and codes["zipbomb"] == ["E106"]
    assert codes["pipe"] == ["E105"] and codes["zero"] == ["E105"]
    assert codes["laughs"] and codes["laughs"][0].startswith("E1")  # nothing expanded
    assert codes["good"] == []
    assert set(codes) == {r[0] for r in rows}
    assert (out / "matrix.xlsx").is_file() and (out / "notices.jsonl").is_file()


def _sleepy(item: int) -> int:
    if item == 3:
        time.sleep(30)
    if item == 5:
        os._exit(9)  # as the OOM killer would end it
    return item * 2


def test_the_pool_replaces_dead_and_overdue_workers() -> None:
    outcomes = list(executors.pool(list(range(8)), _sleepy, workers=2, timeout=3))
    by_item = {o.item: o for o in outcomes}
    assert sorted(by_item) == list(range(8))
    assert all(o.index == o.item for o in outcomes)  # each its item's place, failed ones too
    assert by_item[3].kind == "timeout" and by_item[5].kind == "died"
    assert all(by_item[k].result == 2 * k for k in range(8) if k not in (3, 5))


def test_the_serial_executor_gives_each_outcome_its_items_place() -> None:
    items = ["c", "a", "b"]
    outcomes = list(executors.serial(items, str.upper))
    assert [(o.index, o.item, o.result) for o in outcomes] == [(0, "c", "C"), (1, "a", "A"),
                                                                (2, "b", "B")]


class _Counted(list):  # type: ignore[type-arg]
    """A list that counts the places read from it, as a run's ``Inputs`` makes an item each."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.read: list[int] = []

    def __getitem__(self, index: Any) -> Any:
        self.read.append(index)
        return super().__getitem__(index)

    def __iter__(self) -> Any:
        raise AssertionError("the pool iterated over every item at once")


def test_the_pool_reads_each_item_when_a_worker_takes_it() -> None:
    # the items are read one at a time as workers take them, never all at once; those put back
    # from a dead or overdue worker's pipe go first, in their order
    items = _Counted(range(8))
    outcomes = executors.pool(items, _sleepy, workers=2, timeout=3)
    first = next(outcomes)
    # two workers, each given its item and one ahead, and the first to finish its next one
    assert len(items.read) <= 5
    rest = list(outcomes)
    by_item = {o.item: o for o in [first, *rest]}
    assert sorted(by_item) == list(range(8)) and sorted(set(items.read)) == list(range(8))
    assert by_item[3].kind == "timeout" and by_item[5].kind == "died"


def test_the_pools_queue_gives_back_what_was_put_back_first_in_order() -> None:
    queue = executors._Queue(["a", "b", "c", "d"])
    assert len(queue) == 4 and queue.take() == (0, "a") and queue.take() == (1, "b")
    queue.put_back([(0, "a"), (1, "b")])
    assert len(queue) == 4
    assert [queue.take() for _ in range(4)] == [(0, "a"), (1, "b"), (2, "c"), (3, "d")]
    assert not queue
    with pytest.raises(IndexError):
        queue.take()


def test_preloaded_pools_also_replace_dead_and_overdue_workers() -> None:
    outcomes = list(executors.pool(list(range(8)), _sleepy, workers=2, timeout=3,
                                   preload=("pipeline.warmup",)))
    by_item = {o.item: o for o in outcomes}
    assert by_item[3].kind == "timeout" and by_item[5].kind == "died"
    assert all(by_item[k].result == 2 * k for k in range(8) if k not in (3, 5))


def _marking(folder: str, item: int) -> int:
    """Marks that it began ``item`` (a file), then dies at item 5 as the OOM killer would end it."""
    Path(folder, f"began-{item}").touch()
    if item == 5:
        os._exit(9)
    return item


def _began(folder: Path, count: int, seconds: float) -> bool:
    """Whether ``count`` items have been begun within ``seconds``."""
    end = time.monotonic() + seconds
    while len(list(folder.glob("began-*"))) < count and time.monotonic() < end:
        time.sleep(0.02)
    return len(list(folder.glob("began-*"))) >= count


@pytest.mark.parametrize("ahead", [0, 1])
def test_workers_begin_the_items_given_ahead_while_a_result_is_taken_in(tmp_path: Path,
                                                                       ahead: int) -> None:
    # while the first outcome is being used (the generator not resumed), the worker that sent
    # it has its next item; the other one goes on to a second item only if it was given ahead
    import functools

    outcomes = executors.pool(list(range(8)), functools.partial(_marking, str(tmp_path)),
                              workers=2, ahead=ahead)
    first = next(outcomes)
    assert _began(tmp_path, 3, 30)
    assert _began(tmp_path, 4, 30 if ahead else 1) == bool(ahead)
    rest = list(outcomes)
    by_item = {o.item: o for o in [first, *rest]}
    assert sorted(by_item) == list(range(8)) and len(rest) == 7  # each item once
    assert by_item[5].kind == "died"  # the item it died on, not one waiting in its pipe
    assert all(by_item[k].result == k for k in range(8) if k != 5)


_HOARD: list[bytes] = []


def _hoard(item: int) -> int:
    """Keeps 8 MB more at every item, as a leak would."""
    _HOARD.append(b"x" * (8 << 20))
    return os.getpid()


def test_a_worker_is_replaced_when_its_memory_grows_not_before() -> None:
    growing = [o.result for o in executors.pool(
        list(range(12)), _hoard, workers=1, recycle=executors.Recycle(growth=20 << 20))]
    assert len(growing) == 12 and 3 <= len(set(growing)) <= 4  # 8 MB a step: replaced every 4th
    steady = [o.result for o in executors.pool(list(range(12)), _hoard, workers=1)]
    assert len(set(steady)) == 1


def _origin(item: int) -> tuple[int, bool]:
    return os.getppid(), "pipeline.warmup" in sys.modules


def test_preloaded_workers_fork_from_one_server_that_imported_the_modules() -> None:
    found = [o.result for o in executors.pool(list(range(6)), _origin, workers=2,
                                              preload=("pipeline.warmup",),
                                              recycle=executors.Recycle(after=1))]
    parents = {parent for parent, _ in found}  # type: ignore[misc]
    assert len(found) == 6 and len(parents) == 1 and os.getpid() not in parents
    assert all(imported for _, imported in found)  # type: ignore[misc]


def test_a_server_started_early_is_the_one_the_pool_forks_from() -> None:
    # a run starts the fork server before it collects its inputs (runner.start_workers_early);
    # the pool then forks its workers from that server rather than starting another
    from multiprocessing import forkserver

    executors.start_server(("pipeline.warmup",))
    server = forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    assert server is not None
    found = [o.result for o in executors.pool(list(range(4)), _origin, workers=2,
                                              preload=("pipeline.warmup",))]
    assert {parent for parent, _ in found} == {server}  # type: ignore[misc]
    assert forkserver._forkserver._forkserver_pid == server  # type: ignore[attr-defined]


@pytest.mark.parametrize(("executor", "workers", "starts"), [
    (None, 2, True), ("process", 4, True), ("serial", None, False), ("dask", 2, False),
    (None, 1, False), ("process", 1, False)])
def test_the_command_line_starts_the_server_before_reading_its_configuration(
        monkeypatch: pytest.MonkeyPatch, executor: str | None, workers: int | None,
        starts: bool) -> None:
    """From the flags alone: not where they say the run has no pool."""
    from pipeline import warmup

    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(executors, "start_server", calls.append)
    warmup.start_server_early(executor, workers)
    assert calls == ([warmup.PRELOAD] if starts else [])


def test_a_second_run_into_the_same_out_is_refused(tmp_path: Path) -> None:
    from pipeline.runner import locked

    out = tmp_path / "out"
    with locked(out), pytest.raises(UsageError, match="another run"):
        run_corpus([GOOD], load_config(None, SERIAL), out)


def test_a_full_disk_is_recorded_not_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.export.files as files

    real = files.open_atomic

    def full(path: Path, *args: bool):  # type: ignore[no-untyped-def]
        if path.name in ("notices.jsonl", "run.json", "matrix.xlsx"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, *args)

    monkeypatch.setattr(files, "open_atomic", full)
    report = run_corpus([GOOD], load_config(None, SERIAL), tmp_path / "out")
    assert report.unwritten and {e["code"] for e in report.errors} == {"E602"}
    assert (tmp_path / "out" / "notices" / f"{GOOD.stem}.json").is_file()


def test_an_ocr_engine_that_reads_nothing_is_E201(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    from pipeline.stages import tess

    def broken(*args: object, **kwargs: object) -> dict[str, list]:
        raise tess.EngineError("tesseract gave up on a 400x300 page (timeout 180 s)")

    monkeypatch.setattr(tess, "read_data", broken)
    image = tmp_path / "scan.png"
    Image.new("L", (400, 300), 255).save(image)
    cfg = load_config(None, {**SERIAL, "ocr": {"cache_dir": str(tmp_path / "cache")}})  # no reading cached
    report = run_corpus([image], cfg, tmp_path / "out")
    assert [e["code"] for e in report.items[0].errors] == ["E201"]


def test_sigterm_stops_the_run_like_ctrl_c(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for k in range(60):
        (src / f"n{k:02d}.md").write_bytes(GOOD.read_bytes())
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "notices").glob("*.json"))) < 5:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 130
    run = _run_json(out)
    assert run["interrupted"]["done"] == len(run["inputs"]) > 0
    assert not list(out.rglob("*.tmp"))


def test_out_inside_the_input_folder_and_files_sharing_a_stem(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "notice.md").write_bytes(GOOD.read_bytes())
    (src / "notice.txt").write_bytes(GOOD.read_bytes())
    out = src / "out"
    for _ in range(2):  # the second run must not read the first one's report.html or notices
        report = run_corpus([src], load_config(None, {**SERIAL, "run": {"executor": "serial",
                                                                          "force": True}}), out)
    assert sorted(i.id for i in report.items) == ["notice.md", "notice.txt"]
    assert all(i.status == "success" for i in report.items)


def test_outputs_are_byte_identical_across_executors_and_runs(tmp_path: Path) -> None:
    outs = []
    for k, executor in enumerate(("serial", "process", "serial")):
        out = tmp_path / f"out{k}"
        run_corpus([CORPORA / "manifest.csv"],
                   load_config(None, {"run": {"executor": executor, "workers": 2}}), out)
        outs.append(out)
    names = ["matrix.xlsx", "matrix.csv", "report.html", "notices.jsonl"]
    names += [f"notices/{p.name}" for p in (outs[0] / "notices").glob("*.json")]
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes() == (
            outs[2] / name).read_bytes(), name


def _pool_workers(me: Any) -> list[Any]:
    """The pool's worker processes: the fork server's children (it is the run's own child)."""
    out = []
    for p in me.children(recursive=True):
        try:
            if p.ppid() != me.pid and "forkserver" in " ".join(p.parent().cmdline()):
                out.append(p)
        except Exception:  # it ended meanwhile
            continue
    return out


def test_a_worker_killed_mid_batch_costs_only_its_input(tmp_path: Path) -> None:
    import threading

    import psutil

    src = tmp_path / "in"
    src.mkdir()
    big = ("各地民政部门要加强养老机构安全管理，落实消防安全责任。" * 40_000).encode()
    (src / "a-big.txt").write_bytes(big)  # keeps its worker busy for a while
    for k in range(8):
        (src / f"n{k}.md").write_bytes(GOOD.read_bytes())
    out = tmp_path / "out"
    done: dict[str, object] = {}
    runner = threading.Thread(target=lambda: done.update(report=run_corpus(
        [src], load_config(None, {"run": {"executor": "process", "workers": 2}}), out)))
    runner.start()
    me = psutil.Process()
    killed = False
    deadline = time.time() + 60
    while not killed and time.time() < deadline:
        workers = _pool_workers(me)
        if len(workers) == 2 and list((out / "notices").glob("n*.json")):
            workers[0].kill()  # as the OOM killer would
            killed = True
        time.sleep(0.05)
    runner.join(timeout=180)
    assert killed and not runner.is_alive()
    codes = _codes(out)
    assert set(codes) == {"a-big"} | {f"n{k}" for k in range(8)}
    assert sum(c == ["E902"] for c in codes.values()) <= 1, codes
    assert all(c in ([], ["E902"]) for c in codes.values())


def test_file_names_that_are_not_utf8_are_read_and_shown(tmp_path: Path) -> None:
    """A name whose bytes are not UTF-8 (Python keeps them as lone surrogates) or that holds a
    line break: the file is read, its notice written, and run.json shows the name with \\xff."""
    src = tmp_path / "in"
    src.mkdir()
    raw = os.fsencode(src) + b"/bad\xff\xfename.md"
    with open(raw, "wb") as fh:
        fh.write(GOOD.read_bytes())
    (src / "new\nline.md").write_bytes(GOOD.read_bytes())
    (src / "good.md").write_bytes(GOOD.read_bytes())
    out = tmp_path / "out"
    report = run_corpus([src], load_config(None, SERIAL), out)
    assert [i.status for i in report.items] == ["success"] * 3
    shown = {i["given_id"]: i["path"] for i in _run_json(out)["inputs"]}
    assert shown["bad\\xff\\xfename"].endswith("/bad\\xff\\xfename.md")
    assert "new\nline" in shown
    for notice in (out / "notices").iterdir():
        json.loads(notice.read_text(encoding="utf-8"))  # every file is valid UTF-8 JSON
    good = json.loads((out / "notices" / "good.json").read_text(encoding="utf-8"))
    assert good["tasks"]


def test_a_manifest_saved_by_excel_in_gbk_is_read(tmp_path: Path) -> None:
    """Excel in China saves CSV in the ANSI code page (GBK), CRLF line ends, no BOM."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "镇江通知.md").write_bytes(GOOD.read_bytes())
    (src / "manifest.csv").write_bytes("id,file,province,city\r\nzj,镇江通知.md,江苏省,镇江市\r\n".encode("gbk"))
    report = run_corpus([src / "manifest.csv"], load_config(None, SERIAL), tmp_path / "out")
    assert [i.status for i in report.items] == ["success"]
    notice = json.loads((tmp_path / "out" / "notices" / "zj.json").read_text(encoding="utf-8"))
    assert (notice["source"]["province"], notice["source"]["city"]) == ("江苏省", "镇江市")
