"""Ingest: encodings in, the same text out; bad inputs get a coded error and the batch goes on."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.api import run_corpus, run_notice
from pipeline.config import Config, load_config
from pipeline.errors import PipelineError

SAMPLE = ("关于开展2021年校园安全专项整治的通知\n浙教办〔2021〕12号\n各市教育局：\n"
          "一、主要任务\n（一）加强排查。\n")


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"n-{encoding}.txt"
    path.write_bytes(SAMPLE.encode(encoding))
    notice = run_notice(path, Config(stages=["ingest"]))
    assert notice.raw_text == SAMPLE
    assert notice.source.encoding is not None


def test_crlf_line_endings_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(SAMPLE.replace("\n", "\r\n").encode("utf-8"))
    notice = run_notice(path, Config(stages=["ingest"]))
    assert notice.raw_text == SAMPLE
    assert notice.quality.warnings


def test_html_line_breaks_in_a_saved_page_are_line_breaks_of_the_same_length(tmp_path: Path) -> None:
    # a notice saved in one table cell, its paragraphs joined by <br>: every offset still points at
    # the file's characters
    page = ("| 关于开展成品油市场整治的通知<br>各有关单位：<br>一、整治内容<br/>（一）成品油非法运输整治。"
            "内容。<BR />（二）违规仓储整治。内容。 |\n")
    path = tmp_path / "cell.md"
    path.write_text(page, encoding="utf-8")
    notice = run_notice(path, Config())
    assert len(notice.raw_text) == len(page) and "<br" not in notice.raw_text.lower()
    assert notice.raw_text.index("各有关单位") == page.index("各有关单位")
    assert [t.heading for t in notice.tasks] == ["成品油非法运输整治", "违规仓储整治"]
    assert notice.quality.warnings


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b"", "E101"),
        ("blank.txt", b" \n\t\r\n  ", "E101"),
        ("binary.txt", bytes(range(256)) * 8, "E102"),
        ("png-named-txt.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 50, "E108"),
        ("latin1.txt", "Café déjà vu - naïve façade".encode("latin-1") + b"\xff\xfe\xfd", "E104"),
        ("english.txt", b"Notice on campus safety. Section one: tasks. " * 20, "E107"),
        ("broken.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "E108"),
        ("notice.rtf", b"{\\rtf1\\ansi \\'cd\\'a8\\'d6\\'aa}", "E103"),
    ],
)
def test_bad_inputs_raise_coded_errors(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(PipelineError) as info:
        run_notice(path)
    assert info.value.code == code


def test_missing_file_is_e105(tmp_path: Path) -> None:
    with pytest.raises(PipelineError) as info:
        run_notice(tmp_path / "nowhere.txt")
    assert info.value.code == "E105"


def test_too_large_is_e106(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(SAMPLE * 100, encoding="utf-8")
    cfg = load_config(None, {"ingest": {"max_bytes": 1000}})
    with pytest.raises(PipelineError) as info:
        run_notice(path, cfg)
    assert info.value.code == "E106"


def test_batch_goes_on_past_bad_inputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(SAMPLE, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (src / "gbk.txt").write_bytes(SAMPLE.encode("gbk"))
    out = tmp_path / "out"
    report = run_corpus([src], load_config(None, {"run": {"executor": "serial"}}), out)
    status = {item.id: item.status for item in report.items}
    assert status == {"binary": "failure", "empty": "failure", "gbk": "success", "good": "success"}
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    codes = {i["id"]: [e["code"] for e in i["errors"]] for i in run["inputs"]}
    assert codes["binary"] == ["E102"] and codes["empty"] == ["E101"]
    good = json.loads((out / "notices" / "good.json").read_text(encoding="utf-8"))
    gbk = json.loads((out / "notices" / "gbk.json").read_text(encoding="utf-8"))
    assert good["text"] == gbk["text"]
    assert len((out / "notices.jsonl").read_text(encoding="utf-8").splitlines()) == 4
    assert not list(out.rglob("*.tmp"))


def test_manifest_rows_pointing_nowhere_and_duplicate_ids(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("id,file,province\na,a.txt,浙江省\nghost,missing.txt,\na,a.txt,\n,a.txt,\n",
                        encoding="utf-8")
    report = run_corpus([manifest], load_config(None, {"run": {"executor": "serial"}}),
                        tmp_path / "out")
    codes = [(i.status, [e["code"] for e in i.errors]) for i in report.items]
    assert codes[0] == ("success", [])
    assert codes[1] == ("failure", ["E105"])
    assert codes[2] == ("failure", ["E701"])
    assert codes[3] == ("failure", ["E702"])
    assert not report.ok


def test_rerun_skips_unchanged_inputs_and_force_redoes(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "n.txt").write_text(SAMPLE, encoding="utf-8")
    cfg = load_config(None, {"run": {"executor": "serial"}})
    first = run_corpus([tmp_path / "in"], cfg, tmp_path / "out")
    second = run_corpus([tmp_path / "in"], cfg, tmp_path / "out")
    assert not first.items[0].skipped and second.items[0].skipped
    forced = run_corpus([tmp_path / "in"], load_config(None, {"run": {"executor": "serial",
                                                                       "force": True}}),
                        tmp_path / "out")
    assert not forced.items[0].skipped
    (tmp_path / "in" / "n.txt").write_text(SAMPLE + "（二）加强整改。\n", encoding="utf-8")
    changed = run_corpus([tmp_path / "in"], cfg, tmp_path / "out")
    assert not changed.items[0].skipped


@pytest.mark.parametrize("left", [b"", b'{"id": "n", "status": "succ', b"\0" * 4096])
def test_a_notice_file_a_power_cut_spoiled_is_made_again(tmp_path: Path, left: bytes) -> None:
    """Notice files are renamed into place without an fsync (files.open_atomic): one a power cut
    left empty, cut short or zeroed does not parse, so the next run makes it again, the same."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "n.txt").write_text(SAMPLE, encoding="utf-8")
    cfg = load_config(None, {"run": {"executor": "serial"}})
    run_corpus([tmp_path / "in"], cfg, tmp_path / "out")
    notice = tmp_path / "out" / "notices" / "n.json"
    whole = notice.read_bytes()
    notice.write_bytes(left)
    again = run_corpus([tmp_path / "in"], cfg, tmp_path / "out")
    assert not again.items[0].skipped and again.items[0].status == "success"
    assert notice.read_bytes() == whole


def test_docx_paragraphs_tables_and_picture_placeholders(tmp_path: Path) -> None:
    import docx
    from PIL import Image

    picture = tmp_path / "pct.png"
    Image.new("L", (20, 20), 0).save(picture)
    document = docx.Document()
    document.add_paragraph("关于开展校园安全专项整治的通知")
    document.add_paragraph("浙教办〔2021〕12号")
    run = document.add_paragraph("中小学校专职保安配备率达到100").add_run()
    run.add_picture(str(picture))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "牵头单位"
    table.cell(0, 1).text = "省教育厅"
    path = tmp_path / "notice.docx"
    document.save(str(path))
    notice = run_notice(path, Config(stages=["ingest"]))
    assert notice.source.format == "docx"
    lines = notice.text.split("\n")
    assert lines[0] == "关于开展校园安全专项整治的通知"
    assert lines[2].startswith("中小学校专职保安配备率达到100[image: ")
    assert lines[3] == "牵头单位\t省教育厅"


def test_html_article_without_the_page_chrome(tmp_path: Path) -> None:
    html = """<!DOCTYPE html><html><head><title>省教育厅</title><style>p{}</style></head><body>
    <nav><a href="/">首页</a><a href="/a">机构概况</a><a href="/b">政务公开</a></nav>
    <div class="main"><div class="article"><h1>关于开展校园安全专项整治的通知</h1>
    <p>浙教办〔2021〕12号</p><p>各市教育局：</p><p>一、主要任务</p>
    <p>（一）加强排查。各地教育部门要在9月底前完成排查整治。</p></div>
    <div class="share"><a href="#">分享到微信</a></div></div>
    <footer>版权所有 浙江省教育厅 网站标识码3300000001</footer><script>var x=1;</script></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    notice = run_notice(path)
    assert notice.source.format == "html"
    assert notice.text.startswith("关于开展校园安全专项整治的通知\n浙教办〔2021〕12号")
    assert "首页" not in notice.text and "版权所有" not in notice.text and "var x" not in notice.text
    assert notice.doc.doc_number == "浙教办〔2021〕12号"
    assert [t.id for t in notice.tasks] == ["1.1"]


def _decoded(data: bytes) -> tuple[str, str, list[str]]:
    from pipeline.stages.ingest import decode_text

    warnings: list[str] = []
    text, encoding = decode_text(data, warnings)
    return text, encoding, warnings


def test_a_few_stray_bytes_are_dropped_or_replaced_and_said() -> None:
    body = SAMPLE * 40  # a few stray bytes in a notice, not a notice of stray bytes
    text, encoding, said = _decoded(body[:300].encode() + b"\x00\x00" + body[300:].encode())
    assert (text, encoding) == (body, "utf-8") and said == ["2 NUL byte(s) dropped"]
    gb = body.encode("gb18030")
    text, encoding, said = _decoded(gb[:1000] + b"\xff" + gb[1000:])
    assert encoding == "gb18030" and text.count("\ufffd") == 1 and said == [
        "1 undecodable byte(s) replaced by U+FFFD"]
    assert text.replace("\ufffd", "") == body


def test_a_text_joined_from_utf8_and_gbk_reads_whole() -> None:
    body = SAMPLE * 40
    cut = len(body) // 2 + 7  # mid-line: the line itself is joined from the two
    text, encoding, said = _decoded(body[:cut].encode("utf-8") + body[cut:].encode("gbk"))
    assert (text, encoding) == (body, "utf-8+gb18030") and len(said) == 1


def test_many_stray_bytes_are_still_no_text() -> None:
    body = (SAMPLE * 4).encode("gb18030")
    damaged = bytes(b if i % 50 else 0xFF for i, b in enumerate(body))
    with pytest.raises(PipelineError) as info:
        _decoded(damaged)
    assert info.value.code == "E104"


@pytest.mark.parametrize("cut", [1, 2])
def test_a_utf8_text_cut_inside_its_last_character_reads_without_it(cut: int) -> None:
    body = SAMPLE + "各地要在9月底前完成排查整治"  # a file cut short, not at a line's end
    text, encoding, said = _decoded(body.encode() + "的".encode()[:cut])
    assert (text, encoding) == (body, "utf-8")
    assert said == [f"the text ends inside a character (cut short): {cut} byte(s) dropped"]


@pytest.mark.parametrize("damage", [b"\x9f", b"\xe9\x41", b"\xc3"])
def test_a_damaged_utf8_character_costs_that_character_not_its_line(damage: bytes) -> None:
    """GB18030 reads most byte pairs: the damaged line read in it would be every character
    wrong (鍚勫競 for 各市), in a short notice the whole text."""
    body = SAMPLE * 4  # 560 bytes
    raw = body.encode()
    at = raw.index("教育局".encode())  # one character's first byte replaced
    text, encoding, said = _decoded(raw[:at] + damage + raw[at + 1:])
    assert encoding == "utf-8" and "\ufffd" in text and "鍚" not in text
    kept = text.split("\n")
    assert [ln for ln, want in zip(kept, body.split("\n"), strict=True) if ln != want] == [
        kept[2]] and kept[2].startswith("各市") and kept[2].endswith("育局：")
    assert said == [f"{text.count(chr(0xfffd))} undecodable byte(s) replaced by U+FFFD"]


def _two_page_pdf(tmp_path: Path) -> bytes:
    from tools.scangen import write_text_pdf

    path = tmp_path / "two-pages.pdf"
    write_text_pdf("关于开展全省学校体育工作专项督导的通知\n冀教体〔2022〕3号\n各市教育局：\n一、主要任务\n"
                   "（一）加强检查。各地教育部门要在6月底前完成自查。\f"
                   "（二）强化整改。各地要建立问题台账，逐项销号，9月底前报送整改情况。", path, page_numbers=False)
    return path.read_bytes()


@pytest.mark.parametrize(("damage", "how"), [
    # the table and the pointer to it unreadable: pdfium finds the objects themselves
    (lambda pdf: pdf.replace(b"xref", b"xxxx"), "read as pdfium rebuilt it"),
    # cut short before its table (a download that stopped): the table and trailer written anew
    (lambda pdf: pdf[:pdf.index(b"\nxref\n") + 1], "its lost end (cross-reference table, "
     "trailer) written anew from its objects"),
    (lambda pdf: pdf[:pdf.index(b"trailer") + 20], "its lost end (cross-reference table, "
     "trailer) written anew from its objects"),
])
def test_a_pdf_with_a_broken_or_lost_cross_reference_table_is_read(
        tmp_path: Path, damage: Callable[[bytes], bytes], how: str) -> None:
    path = tmp_path / "notice.pdf"
    path.write_bytes(damage(_two_page_pdf(tmp_path)))
    notice = run_notice(path)
    assert notice.source.format == "pdf_text" and notice.source.pages == 2
    assert [t.id for t in notice.tasks] == ["1.1", "1.2"]
    assert notice.quality.warnings == [
        "the PDF's structure was damaged (corrupt or truncated PDF: PDFSyntaxError: No /Root "
        f"object! - Is this really a PDF?): {how}"]


def test_a_page_whose_text_layer_is_unreadable_is_read_by_ocr(tmp_path: Path) -> None:
    """pdfminer cannot decode the second page's content stream: that page goes to the OCR
    stage, the first keeps its text layer, and the notice is not lost."""
    data = _two_page_pdf(tmp_path)
    second = data.index(b"/Filter /FlateDecode", data.index(b"/Filter /FlateDecode") + 1)
    from pipeline.stages.readers.pdf import read_pdf

    warnings: list[str] = []
    slots, needs_ocr = read_pdf(data[:second] + b"/Filter /FlateDecodX" + data[second + 20:],
                                dpi=150, min_quality=0.8, warnings=warnings)
    assert needs_ocr and [slot.info.method for slot in slots] == ["text_layer", "ocr"]
    assert slots[0].text.startswith("关于开展全省学校体育工作专项督导的通知")
    assert warnings == [
        "page 2: text layer unreadable (Unsupported filter: /'FlateDecodX'): read by OCR"]


def test_the_pdf_librarys_log_goes_to_the_documents_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    """A batch of thousands of PDFs would bury its progress under pdfminer's log lines."""
    import logging

    from pipeline.stages.readers.pdf import library_warnings

    warnings: list[str] = []
    with library_warnings(warnings):
        for _ in range(3):
            logging.getLogger("pdfminer.pdffont").warning("Could not get FontBBox from font descriptor")
    logging.getLogger("pdfminer.pdffont").warning("after the document")  # not this document's
    assert warnings == ["PDF reader: Could not get FontBBox from font descriptor (3 times)"]
    assert "FontBBox" not in capsys.readouterr().err


def test_html_line_breaks_in_a_short_table_cell_part_its_entries(tmp_path: Path) -> None:
    """| … | 市城管局<br>市燃气集团 | …: the row stays one line, the cell's bodies parted by a semicolon
    of the tag's length (offsets unchanged)."""
    page = ("关于印发重点任务清单的通知\n各区人民政府：\n\n| 序号 | 工作任务 | 责任单位 | 完成时限 |\n| --- | --- | --- | --- |\n"  # noqa: E501
            "| 1 | 推进燃气管网监测。布设设备。 | 市城管局<br>市应急管理局 | 2026年9月底 |\n"
            "| 2 | 实施排水管网改造。新改造管网。 | 市住建局牵头<br/>南康区政府配合 | 2026年12月底 |\n")
    path = tmp_path / "list.md"
    path.write_text(page, encoding="utf-8")
    notice = run_notice(path, Config())
    assert len(notice.raw_text) == len(page) and notice.raw_text.count("\n") == page.count("\n")
    assert [[(d.kind, d.role) for d in t.departments] for t in notice.tasks] == [
        [("其他:城管局", "responsible"), ("应急管理", "responsible")],
        [("住房城乡建设", "lead"), ("人民政府", "support")]]
