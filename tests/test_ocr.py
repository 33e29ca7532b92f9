"""Scanned and born-digital inputs with real tesseract OCR (chi_sim), on generated pages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.api import run_corpus, run_notice
from pipeline.config import Config, load_config
from pipeline.stages.ocr import lines_from_data
from pipeline.stages.readers import PAGE_NUMBER
from tools.scangen import Degrade, font_path, render_pages, write_pdf, write_text_pdf

from .conftest import CORPORA

pytestmark = pytest.mark.ocr


def _cfg(tmp_path: Path, **ocr: object) -> Config:
    return load_config(None, {"ocr": {"cache_dir": str(tmp_path / "ocr-cache"), **ocr}})


def _summary(notice) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(t.id, t.time and (t.time.start, t.time.end, t.time.open_ended),
             sorted({d.kind for d in t.departments}), sorted({d.date for d in t.deadlines}))
            for t in notice.tasks]


def test_multi_page_scan_yields_what_the_text_version_yields(tmp_path: Path) -> None:
    source = CORPORA / "jilin-2020-plan.txt"
    pages, _ = render_pages(source.read_text(encoding="utf-8"), dpi=200, seed=3)
    assert len(pages) > 5
    pdf = tmp_path / "jilin-scan.pdf"
    write_pdf(pages, pdf, 200)
    scanned = run_notice(pdf, _cfg(tmp_path))
    text = run_notice(source)
    assert scanned.source.format == "pdf_scan"
    assert scanned.source.ocr is not None and scanned.source.ocr.pages_ocred == len(pages)
    assert scanned.source.ocr.mean_confidence and scanned.source.ocr.mean_confidence > 70
    assert _summary(scanned) == _summary(text)
    assert scanned.doc.doc_number == text.doc.doc_number
    assert all(p.method == "ocr" for p in scanned.source.page_info)
    # footer page numbers that OCR read were set aside as furniture, none left in the body
    assert any(p.furniture for p in scanned.source.page_info)
    assert not any(PAGE_NUMBER.match(line) for line in scanned.text.splitlines() if line.strip())
    again = run_notice(pdf, _cfg(tmp_path))
    assert again.source.ocr is not None and again.source.ocr.cached_pages == len(pages)
    assert again.raw_text == scanned.raw_text


def test_text_layer_pdf_is_read_not_ocrd(tmp_path: Path) -> None:
    source = CORPORA / "shandong-2020-notice.txt"
    pdf = tmp_path / "born-digital.pdf"
    write_text_pdf(source.read_text(encoding="utf-8"), pdf)
    notice = run_notice(pdf, _cfg(tmp_path))
    assert notice.source.format == "pdf_text"
    assert notice.source.ocr is None
    assert notice.source.pages >= 3
    assert all(p.method == "text_layer" for p in notice.source.page_info)
    assert [p.furniture for p in notice.source.page_info][:2] == [["- 1 -"], ["- 2 -"]]
    assert "- 1 -" not in notice.text
    assert "鲁民〔2020〕19号" in notice.text  # no spurious spaces between Chinese characters
    text = run_notice(source)
    assert [t.id for t in notice.tasks] == [t.id for t in text.tasks]
    assert _summary(notice) == _summary(text)


def test_mixed_pdf_routes_only_the_scanned_page_to_ocr(tmp_path: Path) -> None:
    from fpdf import FPDF

    from tools.scangen import TEXT_FONTS

    pages, _ = render_pages("二、重点任务\n（一）加强消防安全管理。各地民政部门要开展排查。", dpi=200,
                            degrade=Degrade(noise=0.0005))
    image = tmp_path / "page.png"
    pages[0].save(image)
    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=TEXT_FONTS[0])
    pdf.add_font("latin", fname=TEXT_FONTS[1])
    pdf.set_fallback_fonts(["latin"])
    pdf.add_page()
    pdf.set_font("cjk", size=14)
    pdf.multi_cell(0, 9, "关于开展校园安全专项整治的通知\n浙教办〔2021〕12号\n各市教育局：\n一、总体目标\n"
                   "到2021年底，全面完成校园安全隐患排查整治。")
    pdf.add_page()
    pdf.image(str(image), x=0, y=0, w=210, h=297)
    path = tmp_path / "mixed.pdf"
    pdf.output(str(path))
    notice = run_notice(path, _cfg(tmp_path))
    assert [p.method for p in notice.source.page_info] == ["text_layer", "ocr"]
    assert notice.source.format == "pdf_scan"
    assert notice.doc.doc_number == "浙教办〔2021〕12号"
    assert "消防安全" in notice.text and "民政部门" in notice.text
    assert [t.id for t in notice.tasks] == ["2.1"]


@pytest.mark.parametrize("kind", ["png", "jpeg", "tiff"])
def test_images_are_ocrd_page_by_page(tmp_path: Path, kind: str) -> None:
    text = ("关于加强校园食品安全管理的通知\n各市教育局：\n一、主要任务\n（一）开展食品安全检查。"
            "各地教育、市场监管部门要在9月底前完成全覆盖检查。")
    pages, _ = render_pages(text * 3, dpi=200, seed=5)
    path = tmp_path / f"notice.{kind}"
    if kind == "tiff":
        pages[0].save(path, save_all=True, append_images=[pages[0]], compression="tiff_lzw")
    else:
        pages[0].save(path, kind.upper())
    notice = run_notice(path, _cfg(tmp_path))
    assert notice.source.format == "image"
    assert notice.source.pages == (2 if kind == "tiff" else 1)
    assert "食品安全" in notice.text and "市场监管部门" in notice.text


def test_tesseract_word_boxes_become_lines() -> None:
    data = {"text": ["", "关于", "印发", "", "2020", "年", "Plan", "A"],
            "conf": [-1, 95, 90, -1, 88, 92, 80, 70],
            "block_num": [1, 1, 1, 2, 2, 2, 2, 2], "par_num": [1] * 8,
            "line_num": [1, 1, 1, 1, 1, 1, 2, 2],
            "left": [0, 10, 40, 0, 10, 60, 10, 50], "top": [0, 10, 10, 0, 50, 52, 90, 90],
            "width": [0, 30, 30, 0, 40, 20, 30, 10], "height": [0, 20, 20, 0, 20, 18, 20, 20]}
    text, confidence, weak, signals = lines_from_data(data, weak_below=80)
    assert text == "关于印发\n\n2020 年\nPlan A"
    assert signals == [0, 0]  # no lines side by side; no line under 70
    assert confidence == pytest.approx((95 + 90 + 88 + 92 + 80 + 70) / 6)
    # line 3 of the text, its box, its mean confidence, the page's typical line height, and its
    # band: the column's width, from the line above's bottom to a line's height under it
    assert weak == [[3, [10, 90, 60, 110], 75.0, 20, [10, 70, 80, 130]]]


def test_a_misread_short_line_is_read_again_alone(tmp_path: Path) -> None:
    """A page read well but for one short heading line: the line is read again by itself."""
    from pipeline.stages.ocr import rescue_lines

    page = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(page)
    draw.text((60, 60), "三、主要任务", font=ImageFont.truetype(font_path(), 48), fill=0)
    cfg = _cfg(tmp_path)
    band = [60, 0, 360, 200]  # no band of one or two lines: the line's own box is grown
    text, rescued = rescue_lines(page, "忆二交任写\n正文",
                                 [[0, [60, 70, 300, 100], 9.0, 52, band]], cfg)
    assert (text, rescued) == ("三、主要任务\n正文", 1)
    unchanged = rescue_lines(page, "三、主要任务\n正文",
                             [[0, [60, 70, 300, 100], 95.0, 52, band]], cfg)
    assert unchanged == ("三、主要任务\n正文", 0)  # not surer by enough: the first reading stays


def test_a_weak_line_whose_box_is_a_fragment_is_read_across_its_band(tmp_path: Path) -> None:
    """tesseract's box of a misread line covers a piece of it and runs into the next line: the
    line is read again across the band between its neighbours."""
    from pipeline.stages.ocr import rescue_lines

    page = Image.new("L", (1400, 330), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(font_path(), 44)
    for y, line in ((20, "加强养老服务设施建设。"), (120, "推进居家社区养老服务发展，完善补贴制度。"),
                    (220, "健全综合监管机制。")):
        draw.text((60, y), line, font=font, fill=0)
    weak = [[1, [300, 130, 520, 250], 0.0, 50, [60, 75, 1000, 215]]]  # the box: a fragment, too low
    text, rescued = rescue_lines(page, "加强养老服务设施建设。\nee\n健全综合监管机制。", weak,
                                 _cfg(tmp_path))
    assert rescued == 1
    assert "推进居家社区养老服务发展" in text.split("\n")[1]


def test_bad_pdfs_and_images_get_coded_errors_and_the_batch_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    write_text_pdf((CORPORA / "shandong-2020-notice.txt").read_text(encoding="utf-8"),
                   src / "good.pdf")
    write_text_pdf("关于开展校园安全专项整治的通知\n一、主要任务", src / "encrypted.pdf",
                   user_password="secret")
    good = (src / "good.pdf").read_bytes()
    (src / "truncated.pdf").write_bytes(good[: len(good) // 3])
    (src / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    (src / "zero-pages.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    (src / "not-an-image.png").write_text("这不是图片", encoding="utf-8")
    buffer = io.BytesIO()
    Image.new("L", (50, 50), 255).save(buffer, "PNG")
    (src / "cut-image.png").write_bytes(buffer.getvalue()[:40])
    report = run_corpus([src], load_config(None, {"run": {"executor": "serial"},
                                                  "ocr": {"cache_dir": str(tmp_path / "c")}}),
                        tmp_path / "out")
    codes = {i.id: [e["code"] for e in i.errors] for i in report.items}
    assert codes == {"corrupt": ["E108"], "cut-image": ["E108"], "encrypted": ["E109"],
                     "good": [], "not-an-image": ["E108"], "truncated": ["E108"],
                     "zero-pages": ["E110"]}
    status = {i.id: i.status for i in report.items}
    assert status["good"] == "success"
    assert sum(s == "failure" for s in status.values()) == len(status) - 1
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_scanned_pdf_pages_are_rendered_when_read(tmp_path: Path) -> None:
    """Ingest renders no scanned page (the OCR stage renders each on its reading thread, so
    rendering overlaps reading); each renders to the grey page it was, and the PDF is closed
    after its last page."""
    from pipeline.stages.readers.pdf import read_pdf

    pages, _ = render_pages("（一）加强消防安全管理。各地民政部门要开展排查。" * 30, dpi=150, seed=3)
    path = tmp_path / "scan.pdf"
    write_pdf(pages[:3], path, dpi=150)
    slots, needs_ocr = read_pdf(path.read_bytes(), dpi=150, min_quality=0.9)
    assert needs_ocr and all(s.image is None and s.render is not None for s in slots)
    for slot in slots:
        slot.render()  # type: ignore[misc]
        assert slot.render is None and slot.image is not None and slot.image[:2] == b"P5"
        assert Image.open(io.BytesIO(slot.image)).size[0] > 1000
    assert slots[0].needs_ocr  # its image waits for the OCR stage


@pytest.mark.parametrize("turn", [90, 180])  # (turned 270 tesseract reads as vertical text itself)
def test_a_page_on_its_side_or_upside_down_is_read_upright(tmp_path: Path, turn: int) -> None:
    """A scan fed in turned (no EXIF to say so) reads as garbage; the orientation model turns it."""
    page = Image.new("L", (1400, 640), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(font_path(), 40)
    for k, line in enumerate(["关于开展校园安全专项整治的通知", "一、主要任务",
                              "（一）加强校园安全管理。各学校要建立制度。",
                              "（二）开展隐患排查。各地教育局负责。", "二、保障措施",
                              "（一）加强组织领导。"]):
        draw.text((40, 40 + 95 * k), line, font=font, fill=0)
    path = tmp_path / "turned.png"
    page.rotate(turn, expand=True).save(path)
    notice = run_notice(path, _cfg(tmp_path), id="turned")
    assert [t.heading for t in notice.tasks] == ["加强校园安全管理", "开展隐患排查"]
    assert notice.source.page_info[0].ocr_route == f"orient:{(360 - turn) % 360}"
