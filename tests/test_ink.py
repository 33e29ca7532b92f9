"""Ink separation before OCR (pipeline/stages/readers/ink.py) on a realistic 红头 scan: the red
banner is cut out to be read apart, red ink is lifted from the body, black ink stays."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.stages.readers.image import read_image
from pipeline.stages.readers.ink import separate
from tools.scanreal import render_official

TEXT = ("关于开展养老机构安全检查的通知\n吉民发〔2020〕25号\n各市民政局：\n一、主要任务\n"
        "（一）加强管理。\n吉林省民政厅\n2020年7月1日\n")


def _grey(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"))


def test_a_red_banner_is_cut_out_and_red_ink_lifted() -> None:
    pages, reference = render_official(TEXT, "吉林省民政厅", "noto-serif", 100, seed=1)
    assert reference.startswith("吉林省民政厅文件\n")
    inks = separate(pages[0])  # one page: the banner on top, the seal over the last lines
    assert inks.red and len(inks.banners) == 1
    banner = _grey(inks.banners[0])
    assert banner.shape[1] > 0.3 * pages[0].width and (banner < 128).mean() > 0.05
    rgb = np.asarray(pages[0]).astype(int)
    red = (rgb[..., 0] - rgb[..., 1:].max(axis=2)) > 100
    black = rgb.max(axis=2) < 80
    body = _grey(inks.body)
    assert body[red].mean() > 200  # red ink lifted to paper
    assert body[black].mean() < 100  # black ink kept


def test_a_page_without_red_is_plain_grey() -> None:
    page = Image.new("RGB", (200, 100), (250, 250, 250))
    page.paste((20, 20, 20), (20, 40, 180, 60))
    inks = separate(page)
    assert not inks.red and inks.banners == []
    assert np.array_equal(_grey(inks.body), np.asarray(page.convert("L")))


def test_pages_are_kept_raw_while_the_budget_lasts() -> None:
    """Raw grey pixels (PGM) cost nothing to encode or decode; past the input's budget the pages
    are PNG. Both decode to the same pixels."""
    frame = Image.new("RGB", (300, 200), (250, 248, 240))
    ImageDraw.Draw(frame).text((20, 80), "page", fill=(20, 20, 20))
    buffer = io.BytesIO()
    frame.save(buffer, "TIFF", save_all=True, append_images=[frame, frame])
    slots = read_image(buffer.getvalue(), max_pixels=10**7, raw_pixels=2 * 300 * 200)
    assert [slot.image[:2] for slot in slots if slot.image] == [b"P5", b"P5", b"\x89P"]
    pixels = [np.asarray(Image.open(io.BytesIO(slot.image or b""))) for slot in slots]
    assert np.array_equal(pixels[0], pixels[2])
    assert np.array_equal(pixels[0], np.asarray(frame.convert("L")))


def _transparent(mode: str) -> Image.Image:
    """Black text (a bar) on a transparent background, in ``mode``."""
    page = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    page.paste((20, 20, 20, 255), (20, 40, 180, 60))
    if mode == "P":  # index 0 the transparent background, index 1 the text
        flat = Image.new("P", (200, 100), 0)
        flat.putpalette([0, 0, 0, 20, 20, 20] + [0] * (256 * 3 - 6))
        flat.paste(1, (20, 40, 180, 60))
        flat.info["transparency"] = 0
        return flat
    return page.convert(mode)


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_a_transparent_background_is_white_paper(mode: str) -> None:
    body = _grey(separate(_transparent(mode)).body)
    assert body[:30].mean() > 250  # the background: paper, not the black its alpha hid
    assert body[45:55, 30:170].mean() < 60  # the text: still ink


@pytest.mark.parametrize(("mode", "paper", "ink"), [
    ("I;16", 65535, 5000),  # a 16-bit grey scan
    ("I", 65535, 5000),  # 16-bit values in a 32-bit TIFF sample
    ("F", 1.0, 0.05),  # a float page in 0..1
    ("F", 250.0, 20.0),  # eight-bit values in a float sample
])
def test_samples_of_more_than_eight_bits_are_scaled_not_clipped(mode: str, paper: float, ink: float) -> None:
    values = np.full((100, 200), paper, dtype={"I;16": np.uint16, "I": np.int32, "F": np.float32}[mode])
    values[40:60, 20:180] = ink
    page = Image.fromarray(values, mode="I") if mode == "I" else Image.fromarray(values)
    assert page.mode == mode
    body = _grey(separate(page).body)
    assert body[:30].mean() > 240 and body[45:55, 30:170].mean() < 30


@pytest.mark.parametrize(("orientation", "turn"), [(6, 90), (8, -90), (3, 180), (1, 0)])
def test_a_photo_is_read_upright_as_its_exif_says(orientation: int, turn: int) -> None:
    """A phone stores a photo of a page sideways with an EXIF orientation saying how to turn it."""
    page = Image.new("RGB", (300, 120), (255, 255, 255))
    page.paste((0, 0, 0), (20, 20, 120, 40))  # ink at the page's top left
    stored = page.rotate(turn, expand=True)  # what the camera wrote
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", exif=exif.tobytes(), quality=95)
    (slot,) = read_image(buffer.getvalue(), 10**8, raw_pixels=10**8)
    body = _grey(slot.image)
    assert body.shape == (120, 300)
    assert body[25:35, 30:110].mean() < 80 and body[80:110, 200:290].mean() > 200
