"""Ink colours of a scanned page, separated before OCR.

A printed 红头文件 carries red ink over black: the issuer banner and the rule under it at the top,
the round seal stamped over the signature and the last lines. Read as grey, red is a mid grey that
tesseract reads as characters (the seal's ring and arc text become noise over the date). So:

- the **body** image is the page's grey with red ink lifted to paper: each pixel's redness
  ``R - max(G, B)`` is added twice to its grey value, which takes saturated red (and its pink JPEG
  fringe) to white while black ink, and black printed under the seal, stay dark;
- the **banner** lines are read on their own: bands of red ink at least ``BANNER_HEIGHT`` of the
  page width tall and ``BANNER_WIDTH`` wide (a seal is narrower, a rule thinner), cut out of the
  red layer as black on white, so the issuer the banner names is not lost with the red.

A page without red ink (under ``MIN_RED_SHARE`` of its pixels) is converted to grey as before.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

RED_MIN = 60  # R - max(G, B) of a red-ink pixel (paper and black ink: under 20)
MIN_RED_SHARE = 0.0005  # of the page's pixels, for the page to count as carrying red ink
BANNER_HEIGHT = 0.03  # of the page width: a banner glyph is at least ~6 mm tall on A4
BANNER_WIDTH = 0.3  # of the page width; a round seal spans about 0.2
BANNER_FILL = 0.3  # share of the band's columns holding red: one line of type, not two far-apart marks


@dataclass
class Separated:
    body: bytes  # grey page (PGM or PNG: ``encode``), red lifted to paper
    banners: list[bytes] = field(default_factory=list)  # PNG crops of red banner lines
    red: bool = False  # the page carried red ink


def _png(image: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def encode(image: Any, raw: bool) -> bytes:
    """A grey page as bytes PIL opens: PGM, its pixels as they are (``raw``: nothing to encode or
    decode, 4 MB for an A4 page at 200 dpi), or PNG compressed lightly (about 0.6 MB; encoding
    and decoding it cost about a tenth of the page's OCR: bench/ocr)."""
    if not raw:
        return _png(image)
    return f"P5\n{image.width} {image.height}\n255\n".encode() + image.tobytes()


def on_white(image: Any) -> Any:
    """An image as paper: with transparency, laid on white (a screenshot's transparent background
    is black once its alpha is dropped, and its black text would vanish into it); with more than
    eight bits a sample (a 16-bit grey scan, a 32-bit or float TIFF), scaled to eight (converting
    clips, and a 16-bit page's ink at 5000 of 65535 came out white)."""
    from PIL import Image

    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        import numpy as np

        values = np.asarray(image, dtype=np.float64)
        peak = float(values.max()) if values.size else 0.0
        # the sample's full scale: 16 bits, or the smallest of 1 (a float page), 8 and 16 bits
        # that holds every value, or the values' own top
        top = 65535.0 if image.mode.startswith("I;16") else next(
            (t for t in ((1.0,) if image.mode == "F" else ()) + (255.0, 65535.0) if peak <= t), peak)
        low = min(float(values.min()), 0.0) if values.size else 0.0
        return Image.fromarray(np.clip((values - low) * 255.0 / (top - low), 0, 255).astype(np.uint8))
    if image.mode not in ("RGBA", "LA", "PA") and not (
            image.mode in ("P", "L", "RGB") and "transparency" in image.info):
        return image
    rgba = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba).convert("RGB")


def separate(image: Any, raw: bool = False) -> Separated:
    """The page's body image (``encode``) and its red banner lines (see the module docstring)."""
    from PIL import ImageChops

    image = on_white(image)
    if image.mode not in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        return Separated(encode(image.convert("L"), raw))
    rgb = image.convert("RGB")
    r, g, b = rgb.split()
    redness = ImageChops.subtract(r, ImageChops.lighter(g, b))
    mask = redness.point(lambda v: 255 if v > RED_MIN else 0)
    red_pixels = mask.histogram()[255]
    if red_pixels < MIN_RED_SHARE * rgb.width * rgb.height:
        return Separated(encode(rgb.convert("L"), raw))
    body = ImageChops.add(rgb.convert("L"), ImageChops.add(redness, redness))
    return Separated(encode(body, raw), [_png(crop) for crop in banner_lines(mask)], red=True)


def banner_lines(mask: Any) -> list[Any]:
    """Black-on-white crops of the red mask's banner-sized text bands, top to bottom."""
    import numpy as np
    from PIL import ImageOps

    red = np.asarray(mask) > 0
    height, width = red.shape
    rows = red.sum(axis=1) > max(2, width * 0.002)
    bands: list[tuple[int, int]] = []
    gap = max(2, int(height * 0.006))  # glyphs of one line have inner gaps
    for y in np.flatnonzero(rows):
        if bands and y - bands[-1][1] <= gap:
            bands[-1] = (bands[-1][0], int(y))
        else:
            bands.append((int(y), int(y)))
    crops = []
    for top, bottom in bands:
        if bottom - top + 1 < BANNER_HEIGHT * width:
            continue
        columns = np.flatnonzero(red[top:bottom + 1].any(axis=0))
        left, right = int(columns[0]), int(columns[-1])
        if right - left + 1 < BANNER_WIDTH * width or columns.size < BANNER_FILL * (right - left + 1):
            continue
        pad = max(4, (bottom - top) // 4)
        box = (max(0, left - pad), max(0, top - pad), min(width, right + pad), min(height, bottom + pad))
        crops.append(ImageOps.invert(mask.crop(box)))
    return crops
