"""List numbers Word draws (pipeline/stages/readers/listnumbers.py): a .docx whose 一、 （一） 1.
come from automatic numbering reads with them, so its outline and tasks are found."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipeline.api import run_notice
from pipeline.config import load_config
from pipeline.stages.readers.listnumbers import chinese, formatted
from pipeline.stages.readers.office import read_docx
from tools.docfixture import NOTICE_LIST, W, numbered_docx


@pytest.mark.parametrize(("n", "fmt", "text"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"),
    (20, "chineseCountingThousand", "二十"), (35, "chineseCounting", "三十五"),
    (3, "ideographTraditional", "丙"), (2, "chineseLegalSimplified", "贰"),
    (4, "decimalEnclosedCircle", "④"), (3, "upperLetter", "C"), (4, "lowerRoman", "iv"),
    (7, "decimal", "7"), (7, "decimalZero", "07"),
])
def test_counter_formats(n: int, fmt: str, text: str) -> None:
    assert formatted(n, fmt) == text
    assert chinese(1) == "一"




def test_automatic_numbers_are_read_as_written() -> None:
    text = read_docx(numbered_docx(NOTICE_LIST))
    assert text.splitlines() == [
        "关于推进数据共享的通知", "一、总体要求", "以数据共享为牵引。", "二、重点任务",
        "（一）建设共享平台。省大数据局负责建成省级平台。", "1.编制资源目录。", "2.开展数据治理。",
        "（二）推进数据开放。省大数据局会同省财政厅负责。", "三、保障措施", "（一）加强组织领导。"]


def test_a_list_that_restarts_counts_again_and_one_that_goes_on_does_not() -> None:
    rows = [(0, "甲"), (0, "乙"), (None, "其间的段落"), (0, "丙")]
    assert read_docx(numbered_docx(rows)).splitlines()[-1] == "三、丙"
    assert read_docx(numbered_docx(rows, restart_second_list=True)).splitlines()[-1] == "一、丙"


def test_an_automatically_numbered_notice_gives_its_tasks(tmp_path: Path) -> None:
    path = tmp_path / "notice.docx"
    path.write_bytes(numbered_docx(NOTICE_LIST))
    notice = run_notice(path, load_config(None, {"run": {"executor": "serial"}}), id="n")
    assert [t.id for t in notice.tasks] == ["2.1.1", "2.1.2", "2.2"]
    assert [d.kind for d in notice.tasks[2].departments] == ["大数据", "财政"]


def test_a_style_that_numbers_its_paragraphs_and_bullets_that_do_not() -> None:
    import docx

    document = docx.Document()
    for text in ("建设平台。", "编制目录。"):
        document.add_paragraph(text, style="List Number")  # numbered through its style
    document.add_paragraph("一项要点", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_docx(buffer.getvalue()).splitlines() == ["1.建设平台。", "2.编制目录。", "一项要点"]


def test_paragraphs_in_content_controls_are_read_and_deletions_are_not() -> None:
    """A template's content controls (w:sdt) hold text Word shows like any other; a tracked
    deletion (w:delText) is not the document's text, a tracked insertion is."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("关于推进数据共享的通知")
    document.element.body.insert(1, parse_xml(
        f'<w:sdt xmlns:w="{W}"><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>（一）建设平台。</w:t></w:r></w:p></w:sdtContent></w:sdt>"))
    document.element.body.insert(2, parse_xml(
        f'<w:p xmlns:w="{W}"><w:ins w:id="1" w:author="a"><w:r><w:t>插入的文字</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除的文字</w:delText></w:r></w:del></w:p>'))
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_docx(buffer.getvalue()).splitlines() == [
        "关于推进数据共享的通知", "一、总体要求", "（一）建设平台。", "插入的文字"]


def test_a_text_box_is_read_once() -> None:
    """A text box is written twice (a drawing, and VML for old readers): one copy is read."""
    import docx
    from docx.oxml import parse_xml

    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = (f'<w:r xmlns:w="{W}" xmlns:mc="{mc}"><mc:AlternateContent><mc:Choice Requires="wps">'
           "<w:drawing><w:txbxContent><w:p><w:r><w:t>文本框文字</w:t></w:r></w:p></w:txbxContent>"
           "</w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框文字"
           "</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>")
    document = docx.Document()
    document.add_paragraph("正文")._p.insert(0, parse_xml(box))
    document.add_table(rows=1, cols=2).cell(0, 0).paragraphs[0]._p.append(parse_xml(box))
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_docx(buffer.getvalue()).splitlines() == ["文本框文字正文", "文本框文字\t"]


def test_a_tracked_move_is_read_where_it_was_moved_to() -> None:
    """A tracked move keeps its text twice: where it was (w:moveFrom, in w:t) and where it went
    (w:moveTo). The document's text is the second."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("（一）建设平台。")
    document.element.body.insert(1, parse_xml(
        f'<w:p xmlns:w="{W}"><w:moveFrom w:id="1" w:author="a"><w:r><w:t>移走的句子。</w:t></w:r></w:moveFrom>'
        "<w:r><w:t>（二）编制目录。</w:t></w:r>"
        '<w:moveTo w:id="2" w:author="a"><w:r><w:t>移走的句子。</w:t></w:r></w:moveTo></w:p>'))
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_docx(buffer.getvalue()).splitlines() == ["（一）建设平台。", "（二）编制目录。移走的句子。"]
