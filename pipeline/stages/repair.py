"""Repair: make OCR'd or garbled text read like the original, and log every edit.

``raw_text`` stays as read; ``text`` becomes the repaired text that every later stage indexes
into; ``repairs`` holds one entry per edit (both spans, before/after, rule, confidence), so that
replaying them on ``raw_text`` gives ``text``. Mode ``auto`` (the default) repairs OCR'd input
and text whose garble ratio reaches ``repair.garble_threshold``; clean text is left untouched.
The rules live in ``pipeline.repair``.
"""

from __future__ import annotations

from ..config import Config
from ..model import Notice
from ..repair.confusion import Params
from ..repair.passes import repair_text
from ..repair.unreadable import garble_ratio

OCR_FORMATS = {"pdf_scan", "image"}


def wanted(notice: Notice, cfg: Config, ratio: float) -> bool:
    mode = cfg.repair.mode
    if mode != "auto":
        return mode == "on"
    ocred = notice.source.ocr is not None or notice.source.format in OCR_FORMATS
    return ocred or ratio >= cfg.repair.garble_threshold


def run(notice: Notice, cfg: Config) -> Notice:
    raw = notice.raw_text
    ratio = garble_ratio(raw)
    notice.quality.garble_ratio_raw = ratio
    if not wanted(notice, cfg, ratio):
        notice.text, notice.repairs = raw, []
        notice.quality.garble_ratio = ratio
        return notice
    params = Params(margin=cfg.repair.margin)
    result = repair_text(raw, markdown=notice.source.format == "markdown", params=params)
    notice.text = result.text
    notice.repairs = result.repairs
    notice.quality.garble_ratio = garble_ratio(result.text)
    notice.quality.warnings.extend(result.warnings)
    return notice
