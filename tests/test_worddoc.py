"""Word 97–2003 binary documents (pipeline/stages/readers/worddoc.py): the fixture (made by
tools/docfixture.py from the Zhenjiang seed) reads as the seed's text, gives the same tasks, and
every damaged or foreign variant of it is a coded error."""

from __future__ import annotations

import random
import struct
from pathlib import Path

import pytest

from pipeline.api import run_notice
from pipeline.config import load_config
from pipeline.errors import PipelineError
from pipeline.stages.readers import detect
from pipeline.stages.readers.worddoc import _characters, _pieces, plain, read_doc

from .conftest import CORPORA, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "zhenjiang-2020-notice.doc"
SEED = CORPORA / "zhenjiang-2020-notice.md"
TABLE = ("序号\t任务\t责任单位\t完成时限\n"
         "1\t建立消防安全标准化管理制度每季度检查一次\t\t2020年12月底\n"  # an empty cell kept
         "2\t嵌套表格\t市民政局、市消防救援支队\n"  # a nested table's text in its cell
         "表后段落。\n")


def _expected() -> str:
    text = SEED.read_text(encoding="utf-8")
    contact = text.index("\n", text.index("联系人"))
    rest = text[contact:] if text.endswith("\n") else text[contact:] + "\n"  # each paragraph ends
    return text[:contact] + "网址：镇江市人民政府网[image: picture]" + rest + TABLE


def test_a_word_97_document_reads_as_the_text_it_holds() -> None:
    data = FIXTURE.read_bytes()
    assert detect(data, ".doc") == detect(data, ".wps") == detect(data, "") == "doc"
    assert read_doc(data) == _expected()


def test_a_doc_gives_the_tasks_of_its_text(tmp_path: Path) -> None:
    cfg = load_config(None, {"run": {"executor": "serial"}})
    doc = run_notice(FIXTURE, cfg, id="doc")
    seed = run_notice(SEED, cfg, id="seed")
    assert doc.source.format == "doc" and not doc.errors
    assert [(t.id, t.heading) for t in doc.tasks] == [(t.id, t.heading) for t in seed.tasks]
    assert len(doc.tasks) >= 5
    assert ([[(d.kind, d.role) for d in t.departments] for t in doc.tasks]
            == [[(d.kind, d.role) for d in t.departments] for t in seed.tasks])


@pytest.mark.parametrize(("stream", "text"), [
    ("一、总体要求\r（一）目标\r", "一、总体要求\n（一）目标\n"),
    # a field's code is dropped, its result kept; nested fields too
    ("见\x13 HYPERLINK \"http://x\" \x14国务院网站\x15。", "见国务院网站。"),
    ("\x13 TOC \x14\x13 PAGEREF _Toc1 \x143\x15目录\x15", "3目录"),
    ("\x13 PAGE \x15第页", "第页"),  # a field without a result
    ("甲\x07乙\x07\x07丙\x07丁\x07\x07", "甲\t乙\n丙\t丁\n"),  # cells and rows, no properties known
    ("行一\x0b行二\x0c下一节", "行一\n行二\n下一节"),
    ("图\x01后", "图[image: picture]后"),
    ("脚注\x02引用\x05批注\x08对象\x1f", "脚注引用批注对象"),
    ("非断\x1e字符", "非断-字符"),
    ("未闭合\x14\x15的域", "未闭合的域"),  # stray separators and ends
])
def test_the_text_streams_marks(stream: str, text: str) -> None:
    assert plain(stream) == text


def test_paragraph_properties_decide_rows_and_cells() -> None:
    stream = "甲\r乙\x07\x07丙\x07"
    props = {1: (True, False), 3: (True, False), 4: (True, False), 6: (True, True)}
    # the paragraph in the cell joins its cell; the second mark is an empty cell, not a row's end
    assert plain(stream, props.get) == "甲乙\t\t丙\n"
    assert plain(stream, {4: (True, True)}.get) == "甲\n乙\n丙\t"


def _clx(cps: list[int], pcds: list[tuple[int, bool]], prc: bytes = b"") -> bytes:
    plc = struct.pack(f"<{len(cps)}i", *cps) + b"".join(
        struct.pack("<HIH", 0, fc * 2 | 0x40000000 if compressed else fc, 0)
        for fc, compressed in pcds)
    return prc + b"\x02" + struct.pack("<I", len(plc)) + plc


def test_compressed_and_unicode_pieces() -> None:
    word = b"\0" * 16 + "通知".encode("utf-16-le") + b"Caf\xe9 \x93ok\x94"
    clx = _clx([0, 2, 11], [(16, False), (20, True)], prc=b"\x01\x02\x00ab")
    pieces = _pieces(b"pad" + clx, 3, len(clx))
    assert pieces == [(0, 2, 16, False), (2, 11, 20, True)]
    assert _characters(word, pieces, 11)[0] == "通知Café \u201cok\u201d"
    assert _characters(word, pieces, 1)[0] == "通"  # only the main text's characters
    with pytest.raises(PipelineError, match="past its stream"):
        _characters(word[:-2], pieces, 11)


def _fib_offset(data: bytes) -> int:
    """Where the WordDocument stream (its FIB) starts in the file: a sector that opens with the
    FIB's identifier and a Word 97+ nFib."""
    for at in range(512, len(data), 512):
        if data[at:at + 2] == b"\xec\xa5" and struct.unpack_from("<H", data, at + 2)[0] >= 0xC0:
            return at
    raise AssertionError("no FIB")


def _patched(data: bytes, at: int, value: bytes) -> bytes:
    return data[:at] + value + data[at + len(value):]


def _code(data: bytes) -> str:
    with pytest.raises(PipelineError) as caught:
        read_doc(data)
    return caught.value.code


def test_damaged_and_foreign_documents_are_coded_errors() -> None:
    data = FIXTURE.read_bytes()
    fib = _fib_offset(data)
    flags = struct.unpack_from("<H", data, fib + 0x0A)[0]
    assert _code(_patched(data, fib + 0x0A, struct.pack("<H", flags | 0x0100))) == "E109"
    assert _code(_patched(data, fib + 2, struct.pack("<H", 0x0068))) == "E103"  # Word 95
    assert _code(_patched(data, fib, b"\0\0")) == "E108"
    assert _code(_patched(data, fib + 0x0A, struct.pack("<H", flags ^ 0x0200))) == "E108"
    name = "WordDocument".encode("utf-16-le")
    assert _code(data.replace(name, "WordDocumenX".encode("utf-16-le"))) == "E103"
    for size in (8, 512, 1000, len(data) // 2, len(data) - 600):
        assert _code(data[:size]) in ("E103", "E108")


def test_no_mutation_of_a_doc_escapes_as_another_exception() -> None:
    data = bytearray(FIXTURE.read_bytes())
    rng = random.Random(20261204)
    for _ in range(300):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 12)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        try:
            assert isinstance(read_doc(bytes(mutated)), str)
        except PipelineError as exc:
            assert exc.code in ("E103", "E108", "E109")


def test_rtf_and_text_named_doc(tmp_path: Path) -> None:
    cfg = load_config(None, {"run": {"executor": "serial"}})
    rtf = tmp_path / "notice.doc"
    rtf.write_bytes(b"{\\rtf1\\ansi \\'b9\\'d8\\'d3\\'da}")
    with pytest.raises(PipelineError) as caught:
        run_notice(rtf, cfg, id="rtf")
    assert caught.value.code == "E103"
    text = tmp_path / "text.doc"
    text.write_bytes(SEED.read_bytes())  # a text file saved under .doc, as web sites do
    notice = run_notice(text, cfg, id="text")
    assert notice.source.format == "text" and notice.tasks


def test_the_docx_it_was_made_from_reads_alike(tmp_path: Path) -> None:
    """The .docx reader and the .doc reader agree on the same document: a nested table's text
    once, in its cell (the .docx reader used to repeat it as rows and cells of the outer table)."""
    import re

    from pipeline.stages.readers.office import read_docx
    from tools.docfixture import build_docx

    source = tmp_path / "notice.docx"
    build_docx(source, tmp_path / "picture.png")
    text = re.sub(r"\[image: [^\]]*\]", "[image: picture]", read_docx(source.read_bytes()))
    assert re.sub(r"\t+\n", "\n", text + "\n") == read_doc(FIXTURE.read_bytes())


def test_pieces_out_of_order_are_refused() -> None:
    """Pieces whose characters run backwards could name the same bytes again and again: refused
    before any text is made (and the text is never longer than its stream)."""
    clx = _clx([0, 5, 0, 5], [(0, True), (0, True), (0, True)])
    with pytest.raises(PipelineError, match="out of order"):
        _pieces(clx, 0, len(clx))


LISTED = ROOT / "tests" / "fixtures" / "numbered-list.doc"


def test_automatic_list_numbers_of_a_doc() -> None:
    """The lines as LibreOffice itself shows this .doc (its export split the first 一、 into a list
    of its own, so 重点任务 is 一、 again): the numbers come from the list tables, not the text."""
    assert read_doc(LISTED.read_bytes()).splitlines() == [
        "关于推进数据共享的通知", "一、总体要求", "以数据共享为牵引。", "一、重点任务",
        "（一）建设共享平台。省大数据局负责建成省级平台。", "1.编制资源目录。", "2.开展数据治理。",
        "（二）推进数据开放。省大数据局会同省财政厅负责。", "二、保障措施", "（一）加强组织领导。",
        "其间的段落", "三、丙"]


def test_a_doc_whose_list_tables_are_damaged_reads_without_its_numbers() -> None:
    from pipeline.stages.readers.worddoc import _fib, _streams

    data = LISTED.read_bytes()
    word, _ = _streams(data)
    pairs = _fib(word)[3]
    fib = _fib_offset(data)
    # the PlfLst's fc pointed past the table stream: the text is read, the numbers are not
    damaged = _patched(data, fib + pairs + 8 * 73, struct.pack("<I", 0x7FFFFFF0))
    assert read_doc(damaged).splitlines()[1] == "总体要求"
