"""Repair: make OCR'd or garbled text read like the original, and log every edit.

``raw_text`` stays as read; ``text`` becomes the repaired text that every later stage indexes
into; ``repairs`` holds one entry per edit (both spans, before/after, rule, confidence), so that
replaying them on ``raw_text`` gives ``text``. Mode ``auto`` (the default) repairs OCR'd input;
born-digital input (text, Markdown, DOCX, HTML, PDF text layer) is left as its author typed it
unless it carries overwhelming OCR evidence (``pipeline.repair.evidence``: an OCR dump saved as
text); only a converter's placeholders are mended in it. A repeated passage is removed only as
a page the scanner read twice: page-aligned where page breaks are known, and never in text
judged born-digital. The rules live in ``pipeline.repair``.
"""

from __future__ import annotations

from ..config import Config
from ..model import Notice
from ..repair.confusion import Params
from ..repair.evidence import evidence
from ..repair.passes import converter_repairs, repair_text
from ..repair.unreadable import garble_ratio

OCR_FORMATS = {"pdf_scan", "image"}


def ocred(notice: Notice) -> bool:
    return notice.source.ocr is not None or notice.source.format in OCR_FORMATS


def wanted(notice: Notice, cfg: Config) -> bool:
    mode = cfg.repair.mode
    if mode != "auto":
        return mode == "on"
    if ocred(notice):
        return True
    found = evidence(notice.raw_text)
    if found.overwhelming(cfg.repair.min_unreadable_lines, cfg.repair.min_stray_per_1000,
                          cfg.repair.min_misread_marks):
        notice.quality.warnings.append(
            f"repaired as OCR output: {found.unreadable_lines} unreadable lines, "
            f"{found.stray_per_1000} stray symbols per 1,000 characters, "
            f"{found.misread_marks} doc-number brackets read as letters")
        return True
    return False


def run(notice: Notice, cfg: Config) -> Notice:
    raw = notice.raw_text
    ratio = garble_ratio(raw)
    notice.quality.garble_ratio_raw = ratio
    if not wanted(notice, cfg):
        markdown = notice.source.format == "markdown"
        result = converter_repairs(raw, markdown=markdown) if cfg.repair.mode == "auto" else None
        notice.text, notice.repairs = (result.text, result.repairs) if result else (raw, [])
        notice.quality.garble_ratio = garble_ratio(notice.text) if notice.repairs else ratio
        return notice
    params = Params(margin=cfg.repair.margin)
    result = repair_text(raw, markdown=notice.source.format == "markdown", params=params)
    notice.text = result.text
    notice.repairs = result.repairs
    notice.quality.garble_ratio = garble_ratio(result.text)
    notice.quality.warnings.extend(result.warnings)
    return notice
