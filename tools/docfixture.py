"""Write the Word 97–2003 (.doc) fixture of tests/test_worddoc.py: a seed notice as a Word
document, its lines as paragraphs, with what the binary format stores apart from plain
characters — a hyperlink field, an inline picture, a table with an empty cell, a cell of two
paragraphs and a nested table — saved as .docx by python-docx and converted to .doc by
LibreOffice Writer (``apt-get install libreoffice-writer-nogui``; the test itself needs neither).

    python -m tools.docfixture tests/fixtures/zhenjiang-2020-notice.doc
"""

from __future__ import annotations

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


def main(out: str) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice Writer is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / Path(out).with_suffix(".docx").name
        build_docx(source, folder / "picture.png")
        subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                        "--headless", "--convert-to", "doc", "--outdir", str(folder),
                        str(source)], check=True, capture_output=True, timeout=120)
        shutil.copy(source.with_suffix(".doc"), out)


if __name__ == "__main__":
    main(sys.argv[1])
