"""PDF: page text layers via pdfplumber; pages without a usable layer rendered for OCR."""

from __future__ import annotations

import io
import re
import threading
from collections import Counter
from typing import Any

from ...errors import PipelineError
from ...model import PageInfo, PageSlot
from . import split_furniture, squeeze_cjk_spaces
from .ink import separate

_GOOD = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffefA-Za-z0-9\s.,;:%()《》“”‘’—\-]")
MIN_CHARS = 20


def layer_quality(text: str) -> float:
    """Share of a text layer's characters that read as Chinese text (0..1); (cid:N) junk scores 0."""
    text = re.sub(r"\(cid:\d+\)", "\x00", text)
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    return sum(1 for c in visible if _GOOD.match(c)) / len(visible)


def _open(data: bytes):  # type: ignore[no-untyped-def]
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise PipelineError("E109", f"the PDF is encrypted: {type(exc).__name__}") from exc
    except Exception as exc:
        # pdfplumber wraps pdfminer's exception as its first argument
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else (
            exc.__cause__ or exc)
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise PipelineError("E109", f"the PDF is encrypted: {type(cause).__name__}") from exc
        if "password" in str(cause).lower() or "encrypt" in str(cause).lower():
            raise PipelineError("E109", f"the PDF is encrypted: {cause}") from exc
        raise PipelineError("E108", f"corrupt or truncated PDF: {type(cause).__name__}: {cause}") from exc
    if not pages:
        raise PipelineError("E110", "the PDF has no pages")
    return pdf


def _running_lines(texts: list[str]) -> set[str]:
    """Lines repeated at the top or bottom of most pages: running headers and footers."""
    if len(texts) < 3:
        return set()
    edges: Counter[str] = Counter()
    for text in texts:
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        edges.update({*lines[:1], *lines[-1:]})
    return {line for line, n in edges.items() if n >= max(3, len(texts) // 2) and len(line) <= 40}


def render_dpi(width_pt: float, height_pt: float, dpi: int, max_pixels: int) -> int:
    """The resolution to render a page at: ``dpi``, lowered for an oversized page so that the
    image stays within ``max_pixels``; E106 when even 72 dpi would not fit (a 20,000-pt page)."""
    inches = max(1e-6, width_pt / 72) * max(1e-6, height_pt / 72)
    fitting = int((max_pixels / inches) ** 0.5)
    if fitting < 72:
        raise PipelineError("E106", f"page of {width_pt:.0f}x{height_pt:.0f} pt is too large to "
                            f"render within {max_pixels} pixels")
    return min(dpi, fitting)


class _Deferred:
    """The open PDF behind pages that are rendered when the OCR stage reads them: rendering on
    the OCR threads overlaps it with the reading of other pages (instead of every page being
    rendered before the first is read), and only the pages being read are held in memory. pdfium
    is not thread-safe, so renders take turns; ink separation runs outside the lock. The PDF is
    closed when its last deferred page is rendered."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.lock = threading.Lock()
        self.left = 0

    def defer(self, slot: PageSlot, page: Any, resolution: int) -> None:
        self.left += 1

        def render() -> None:
            slot.render = None
            try:
                with self.lock:
                    rendered = page.to_image(resolution=resolution).original
                inks = separate(rendered, raw=True)  # one page at a time in memory: kept raw
                slot.image, slot.banners, slot.red = inks.body, inks.banners, inks.red
            finally:  # a page that fails to render (an E201 for it) still counts
                with self.lock:
                    self.left -= 1
                    if not self.left:
                        self.pdf.close()

        slot.render = render


def read_pdf(data: bytes, dpi: int, min_quality: float,
             max_pixels: int = 60_000_000) -> tuple[list[PageSlot], bool]:
    """Page slots; the flag says whether any page was routed to OCR. Such a page is rendered when
    it is read (``PageSlot.render``): only the pages being read are in memory, kept raw
    (``ingest.raw_page_pixels`` is for image inputs)."""
    pdf = _open(data)
    deferred = _Deferred(pdf)
    slots: list[PageSlot] = []
    texts: list[str] = []
    try:
        for page in pdf.pages:
            try:
                raw = page.extract_text(x_tolerance=1.5, y_tolerance=3) or ""
            except Exception as exc:
                raise PipelineError("E108", f"page {page.page_number}: unreadable: {exc}",
                                    page=page.page_number) from exc
            texts.append(squeeze_cjk_spaces(raw))
        running = _running_lines(texts)
        for page, text in zip(pdf.pages, texts, strict=True):
            quality = layer_quality(text)
            body, furniture = split_furniture(
                "\n".join(ln for ln in text.split("\n") if ln.strip() not in running))
            furniture += sorted({ln.strip() for ln in text.split("\n") if ln.strip() in running})
            if len("".join(body.split())) >= MIN_CHARS and quality >= min_quality:
                info = PageInfo(number=page.page_number, method="text_layer",
                                text_layer_quality=round(quality, 3), furniture=furniture)
                slots.append(PageSlot(page.page_number, text=body, info=info))
                continue
            resolution = render_dpi(float(page.width), float(page.height), dpi, max_pixels)
            info = PageInfo(number=page.page_number, method="ocr",
                            text_layer_quality=round(quality, 3) if text.strip() else None)
            slot = PageSlot(page.page_number, info=info)
            deferred.defer(slot, page, resolution)
            slots.append(slot)
    finally:
        if not deferred.left:
            pdf.close()
    return slots, any(s.needs_ocr for s in slots)
