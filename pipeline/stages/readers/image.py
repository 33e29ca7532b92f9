"""Images (PNG, JPEG, TIFF incl. multi-page): every frame becomes a page to OCR."""

from __future__ import annotations

import io
from typing import Any

from ...errors import PipelineError
from ...model import PageInfo, PageSlot
from .ink import separate


def upright(frame: Any) -> Any:
    """The frame as it is meant to be seen: a phone's photo of a notice is stored sideways with
    an EXIF orientation that says how to turn it, which OCR would otherwise read on its side."""
    from PIL import ImageOps

    try:
        return ImageOps.exif_transpose(frame) or frame
    except (OSError, ValueError, SyntaxError, KeyError, TypeError):  # a damaged EXIF block
        return frame


def read_image(data: bytes, max_pixels: int, raw_pixels: int = 0) -> list[PageSlot]:
    """Every frame as a grey page (red ink lifted, red banners cut out: ``ink``), kept raw while
    ``raw_pixels`` last and as PNG after; a frame over ``max_pixels`` is refused (E106) before it
    is decoded, so a decompression bomb costs nothing."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        slots = []
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            width, height = frame.size
            if width * height > max_pixels:
                raise PipelineError("E106", f"frame {number} is {width}x{height} pixels, over the "
                                    f"limit of {max_pixels}", page=number)
            frame.load()
            raw_pixels -= width * height
            inks = separate(upright(frame), raw=raw_pixels >= 0)
            slot = PageSlot(number, image=inks.body, info=PageInfo(number=number, method="ocr"))
            slot.banners, slot.red = inks.banners, inks.red
            slots.append(slot)
    except Image.DecompressionBombError as exc:
        raise PipelineError("E106", f"image over the pixel limit: {exc}") from exc
    except UnidentifiedImageError as exc:
        raise PipelineError("E108", "not a readable image") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise PipelineError("E108", f"corrupt or truncated image: {exc}") from exc
    if not slots:
        raise PipelineError("E110", "the image has no frames")
    return slots
