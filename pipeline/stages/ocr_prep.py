"""Page images prepared another way for a second OCR reading: deskewed, then binarised.

tesseract reads a page as rendered well when it is straight and evenly lit. A scan a degree or two
off straight, on paper of uneven tone, loses short lines (a section heading such as 三、主要任务 read
as 忆二交任写) and item numbers; the same page straightened and cut to black and white at its Otsu
threshold reads them. On clean renders the plain reading is often the better one, so this is a
second route the OCR stage takes for a page whose first reading is poor (``ocr.route_below``),
keeping whichever reading tesseract is more confident of (bench/scans_real measures both).

Skew is found on a third-size binarised copy: the angle (−3° to 3°, coarse 0.5°, then 0.1°) whose
rotation makes the row profile of ink sharpest (text lines level give high contrast between line
and gap rows), kept only when it beats level by 5% (a page of a few lines has no reliable angle).
A page found skewed by ``ocr.deskew_above`` or more is read straightened first (``ocr.read_page``).
"""

from __future__ import annotations

from typing import Any

MAX_SKEW = 3.0
MIN_GAIN = 1.05
SKEW_SCALE = 3  # the angle is found on a page this many times smaller
MIN_INK = 200  # ink pixels on that page below which no angle is reliable


def otsu(histogram: list[int]) -> int:
    """The grey level that best splits a histogram in two (Otsu's between-class variance)."""
    total = sum(histogram)
    weighted = sum(i * h for i, h in enumerate(histogram))
    best, threshold, w0, s0 = -1.0, 128, 0, 0.0
    for level, count in enumerate(histogram):
        w0 += count
        if w0 == 0 or w0 == total:
            continue
        s0 += level * count
        m0, m1 = s0 / w0, (weighted - s0) / (total - w0)
        between = w0 * (total - w0) * (m0 - m1) ** 2
        if between > best:
            best, threshold = between, level
    return threshold


def binarize(image: Any) -> Any:
    cut = otsu(image.histogram())
    return image.point(lambda v: 255 if v > cut else 0)


def skew_angle(image: Any) -> float:
    """The rotation (degrees, counter-clockwise) that levels the page's text lines; 0 if none
    levels it clearly. Rotating by a small angle a moves a row y at column x to about
    y - x tan a, so each angle's row profile is a histogram of the ink's shifted rows: no image
    is rotated, and a page costs a few milliseconds."""
    import numpy as np

    small = image.resize((max(1, image.width // SKEW_SCALE), max(1, image.height // SKEW_SCALE)))
    ys, xs = np.nonzero(np.asarray(small) <= otsu(small.histogram()))
    if len(ys) < MIN_INK:
        return 0.0
    across = xs - small.width / 2
    margin = int(small.width * np.tan(np.radians(MAX_SKEW))) + 1

    def sharpness(angle: float) -> float:
        rows = np.rint(ys - across * np.tan(np.radians(angle))).astype(np.int64) + margin
        profile = np.bincount(rows, minlength=small.height + 2 * margin).astype(float)
        return float(((profile[1:] - profile[:-1]) ** 2).sum())

    level = sharpness(0.0)
    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=sharpness)
    fine = max(np.arange(coarse - 0.4, coarse + 0.41, 0.1), key=sharpness)
    return round(float(fine), 1) if sharpness(fine) > MIN_GAIN * level else 0.0


def straighten(image: Any, angle: float | None = None) -> Any:
    """The grey page straightened (by ``angle`` when it is known) and binarised."""
    from PIL import Image

    angle = skew_angle(image) if angle is None else angle
    if abs(angle) >= 0.1:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return binarize(image)
