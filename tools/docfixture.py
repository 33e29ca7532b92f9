"""Write the Word 97–2003 (.doc) fixtures of tests/test_worddoc.py: a seed notice as a Word
document, its lines as paragraphs, with what the binary format stores apart from plain
characters — a hyperlink field, an inline picture, a table with an empty cell, a cell of two
paragraphs and a nested table — saved as .docx by python-docx and converted to .doc by
LibreOffice Writer (``apt-get install libreoffice-writer-nogui``; the test itself needs neither).

    python -m tools.docfixture tests/fixtures

It writes zhenjiang-2020-notice.doc and numbered-list.doc (a notice whose 一、 （一） 1. are Word's
automatic list numbers, made by ``numbered_docx``).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "zhenjiang-2020-notice.md"
CONTACT = "联系人"  # the paragraph that gets the field and the picture (after it)
ROWS = [["序号", "任务", "责任单位", "完成时限"],
        ["1", "建立消防安全标准化管理制度", "", "2020年12月底"],
        ["2", "", "市民政局、市消防救援支队", ""]]


def _field(paragraph, code: str, result: str) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", code), ("separate", None), ("text", result),
                       ("end", None)):
        if kind in ("instr", "text"):
            node = OxmlElement("w:instrText" if kind == "instr" else "w:t")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


def build_docx(path: Path, picture: Path) -> None:
    import docx
    from docx.shared import Inches
    from PIL import Image

    Image.new("L", (40, 20), 128).save(picture)
    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        paragraph = document.add_paragraph(line)
        if line.startswith(CONTACT):
            paragraph.add_run("网址：")
            _field(paragraph, ' HYPERLINK "http://www.zhenjiang.gov.cn" ', "镇江市人民政府网")
            paragraph.add_run().add_picture(str(picture), width=Inches(0.3))
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 1).add_paragraph("每季度检查一次")  # a cell of two paragraphs
    table.cell(2, 1).add_table(rows=1, cols=2).cell(0, 0).text = "嵌套表格"
    document.add_paragraph("表后段落。")
    document.save(str(path))


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))
NOTICE_LIST = [
    (None, "关于推进数据共享的通知"),
    (0, "总体要求"),
    (None, "以数据共享为牵引。"),
    (0, "重点任务"),
    (1, "建设共享平台。省大数据局负责建成省级平台。"),
    (2, "编制资源目录。"),
    (2, "开展数据治理。"),
    (1, "推进数据开放。省大数据局会同省财政厅负责。"),
    (0, "保障措施"),
    (1, "加强组织领导。"),
]


def numbered_docx(rows: list[tuple[int | None, str]], restart_second_list: bool = False) -> bytes:
    """Paragraphs (level or None, text) on one three-level list; with ``restart_second_list`` the
    paragraphs after a None row use a second list of the same definition that restarts."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        "</w:lvl>" for k, (fmt, text) in enumerate(LEVELS))
    numbering.append(parse_xml(f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="77">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="70"><w:abstractNumId w:val="77"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num xmlns:w="{W}" w:numId="71"><w:abstractNumId w:val="77"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    num_id = "70"
    for level, text in rows:
        paragraph = document.add_paragraph(text)
        if level is None:
            num_id = "71" if restart_second_list else num_id
            continue
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _to_doc(soffice: str, source: Path, folder: Path) -> Path:
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=120)
    return source.with_suffix(".doc")


def main(out: str) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice Writer is needed: apt-get install libreoffice-writer-nogui")
    target = Path(out)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        notice = folder / "zhenjiang-2020-notice.docx"
        build_docx(notice, folder / "picture.png")
        shutil.copy(_to_doc(soffice, notice, folder), target / notice.with_suffix(".doc").name)
        lists = folder / "numbered-list.docx"
        lists.write_bytes(numbered_docx([*NOTICE_LIST, (None, "其间的段落"), (0, "丙")], True))
        shutil.copy(_to_doc(soffice, lists, folder), target / lists.with_suffix(".doc").name)


if __name__ == "__main__":
    main(sys.argv[1])
