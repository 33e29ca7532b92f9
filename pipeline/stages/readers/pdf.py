"""PDF: page text layers via pdfplumber; pages without a usable layer rendered for OCR."""

from __future__ import annotations

import io
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
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


def _open(data: bytes, warnings: list[str]) -> tuple[Any, bool]:
    """The PDF opened by pdfplumber, and whether it was cut short. One whose structure pdfminer
    cannot follow (a cross-reference table with wrong offsets or none, as edited and joined files
    have) is opened as pdfium rebuilds it; one cut short, with its table and trailer written
    anew (``_new_tail``). Either is said in ``warnings``."""
    try:
        return _plumbed(data), False
    except PipelineError as exc:
        if exc.code != "E108":
            raise
        rebuilt = _rebuilt(data)
        how = REBUILT
        if rebuilt is None:
            tail = _new_tail(data)
            rebuilt = _rebuilt(tail) if tail else None
            how = "its lost end (cross-reference table, trailer) written anew from its objects"
        if rebuilt is None:
            raise
        pdf = _plumbed(rebuilt)
        warnings.append(f"the PDF's structure was damaged ({exc.message}): {how}")
        return pdf, how != REBUILT


REBUILT = "read as pdfium rebuilt it"


def _plumbed(data: bytes):  # type: ignore[no-untyped-def]
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


_OBJECT = re.compile(rb"(?<![0-9])(\d{1,9})[ \t\r\n]+(\d{1,5})[ \t\r\n]+obj\b")
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")


def _new_tail(data: bytes) -> bytes | None:
    """A PDF cut short (a download or a copy that stopped before the end) has lost its
    cross-reference table and trailer, which pdfium needs to find its catalog: the objects up
    to the last whole one, with a table and a trailer written for them. None when no catalog
    survives (or it sits in a compressed object stream)."""
    end = data.rfind(b"endobj")
    if end < 0:
        return None
    body = data[:end + 6] + b"\n"
    found = {int(m[1]): (m.start(), int(m[2])) for m in _OBJECT.finditer(body)}  # last wins
    catalog = _CATALOG.search(body)
    if not found or catalog is None:
        return None
    root = max((start, number) for number, (start, _) in found.items() if start < catalog.start())
    size = max(found) + 1
    rows = [b"0000000000 65535 f \n"]
    for number in range(1, size):
        start, generation = found.get(number, (0, 65535))
        rows.append(f"{start:010d} {generation:05d} {'n' if number in found else 'f'} \n".encode())
    return b"".join([body, b"xref\n0 %d\n" % size, *rows, b"trailer\n<< /Size %d /Root %d 0 R >>\n"
                     b"startxref\n%d\n%%%%EOF\n" % (size, root[1], len(body))])


def _rebuilt(data: bytes) -> bytes | None:
    """The PDF as pdfium reads it (pdfium rebuilds a damaged cross-reference table from the
    objects themselves) and saves it again; None when pdfium cannot read it either."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # pdfium's own error: the file is beyond repair (cut before its pages)
        return None
    try:
        if not len(document):
            return None
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    except Exception:
        return None
    finally:
        document.close()


LIBRARY_WARNINGS = 5  # distinct messages of the PDF library kept in a notice's warnings


@contextmanager
def library_warnings(warnings: list[str]) -> Iterator[None]:
    """What pdfminer logs while a document is read (a damaged font descriptor, a stream that
    decompressed with data lost) goes to that document's warnings, counted, not to the batch's
    standard error, where thousands of documents' messages would bury the progress."""
    logger = logging.getLogger("pdfminer")
    seen: Counter[str] = Counter()

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen[record.getMessage()[:160]] += 1

    handler, propagate = Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        for message, n in seen.most_common(LIBRARY_WARNINGS):
            warnings.append(f"PDF reader: {message}" + (f" ({n} times)" if n > 1 else ""))


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


def read_pdf(data: bytes, dpi: int, min_quality: float, max_pixels: int = 60_000_000,
             warnings: list[str] | None = None) -> tuple[list[PageSlot], bool]:
    """Page slots; the flag says whether any page was routed to OCR. Such a page is rendered when
    it is read (``PageSlot.render``): only the pages being read are in memory, kept raw
    (``ingest.raw_page_pixels`` is for image inputs)."""
    warnings = warnings if warnings is not None else []
    with library_warnings(warnings):
        return _read(data, dpi, min_quality, max_pixels, warnings)


def _read(data: bytes, dpi: int, min_quality: float, max_pixels: int,
          warnings: list[str]) -> tuple[list[PageSlot], bool]:
    pdf, cut_short = _open(data, warnings)
    deferred = _Deferred(pdf)
    slots: list[PageSlot] = []
    texts: list[str] = []
    try:
        for page in pdf.pages:
            try:
                raw = page.extract_text(x_tolerance=1.5, y_tolerance=3) or ""
            except Exception as exc:  # a damaged content stream: the page is rendered and read
                warnings.append(f"page {page.page_number}: text layer unreadable ({exc}): read by OCR")
                raw = ""
            texts.append(squeeze_cjk_spaces(raw))
        if cut_short and any(t.strip() for t in texts) and not any(
                layer_quality(t) >= min_quality for t in texts if t.strip()):
            raise PipelineError("E108", "corrupt or truncated PDF: cut short, and no page of what "
                                "is left has a readable text layer (its fonts were lost)")
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
