"""Page preparation for a second OCR route (stages/ocr_prep.py) and the route a page takes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.config import load_config
from pipeline.model import PageSlot
from pipeline.stages.ocr import read_page
from pipeline.stages.ocr_prep import skew_angle, straighten
from tools.scangen import font_path

LINES = ["一、总体要求", "坚持以人民为中心的发展思想，推进养老服务体系建设。", "二、主要任务",
         "（一）完善居家社区养老服务网络，建设街道综合服务中心。", "（二）加强养老机构消防安全管理。",
         "（三）推进医养结合，提升失能老年人照护能力。", "三、保障措施", "各地要加强组织领导，落实资金保障。"]


def _page(tilt: float = 0.0) -> Image.Image:
    """A grey A5-sized page of text lines, turned ``tilt`` degrees counter-clockwise."""
    page = Image.new("L", (1200, 1600), 250)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(font_path(), 40)
    for k, line in enumerate(LINES * 2):
        draw.text((100, 100 + 85 * k), line, font=font, fill=20)
    return page.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=250) if tilt else page


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("tilt", [-2.0, -1.2, 0.7, 1.8])
def test_the_angle_that_levels_a_turned_page_is_found(tilt: float) -> None:
    assert skew_angle(_page(tilt)) == pytest.approx(-tilt, abs=0.21)


def test_a_level_page_and_a_blank_page_have_no_angle() -> None:
    assert skew_angle(_page()) == 0.0
    assert skew_angle(Image.new("L", (1200, 1600), 255)) == 0.0


def test_the_straightened_page_is_black_and_white_and_level() -> None:
    page = _page(1.5)
    for out in (straighten(page), straighten(page, skew_angle(page))):
        assert set(out.histogram()[1:255]) == {0}  # no grey level between black and white
        assert abs(skew_angle(out)) <= 0.2


@pytest.mark.ocr
def test_a_skewed_page_is_read_straightened_first(tmp_path: Path) -> None:
    cfg = load_config(None, {"ocr": {"cache_dir": str(tmp_path)}})
    skewed = read_page(PageSlot(1, image=_png(_page(2.0))), cfg)
    assert skewed[3].startswith("skew:-2+")
    assert "养老机构消防安全" in skewed[0]
    level = read_page(PageSlot(1, image=_png(_page())), cfg)
    assert not level[3].startswith("skew:")
    assert "养老机构消防安全" in level[0]
